"""`ntm outlook`: progress toward each target's period target."""

from __future__ import annotations

from dataclasses import dataclass

from ntm_cli.cli.commands.common import (
    Command,
    Common,
    Session,
    format_flag,
    load_file,
    option,
    write_report,
    year_flag,
)


@dataclass(frozen=True, kw_only=True)
class OutlookOptions(Common):
    """The options of `ntm outlook`."""

    year: int | None = year_flag()
    to: int | None = option(
        "--to",
        help="The target year of every target. Default: each target's last plan year.",
        vi="Năm đích của mọi chỉ tiêu. Mặc định: năm kế hoạch cuối cùng của từng chỉ tiêu.",
    )
    format: str | None = format_flag("outlook")


def outlook(options: OutlookOptions, session: Session) -> int:
    """Progress toward each target's period target, and whether it will be met in time."""
    from ntm_cli.judge.outlook import outlook as outlook_of

    loaded, lang = load_file(options, session)
    report = outlook_of(loaded.doc, loaded.shown, options.year, options.to)
    write_report(options, lang, session, lambda f, view: f.render("outlook", report, view))
    return 0


COMMAND = Command(
    "outlook",
    OutlookOptions,
    outlook,
    "Tiến độ tới chỉ tiêu cả giai đoạn của từng chỉ tiêu, và liệu có đạt đúng hạn không.",
)
