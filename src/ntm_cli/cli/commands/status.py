"""`ntm status`: every target at one year, grouped, with its status badge."""

from __future__ import annotations

from dataclasses import dataclass

from ntm_cli.cli.commands.common import (
    Command,
    Common,
    Session,
    format_flag,
    load_file,
    option,
    period_flag,
    period_option,
    write_report,
    year_flag,
)


@dataclass(frozen=True, kw_only=True)
class StatusOptions(Common):
    """The options of `ntm status`."""

    year: int | None = year_flag()
    format: str | None = format_flag("status")
    all: bool = option(
        "--all",
        help="Every target, even in a file too large for a screen.",
        vi="Liệt kê mọi chỉ tiêu, kể cả khi tệp quá lớn để xem trên một màn hình.",
        default=False,
    )
    period: str | None = period_flag()


def status(options: StatusOptions, session: Session) -> int:
    """Every target at one year with its status badge, grouped, with a summary line."""
    from ntm_cli.judge.evaluate import evaluate

    period = period_option(options)
    loaded, lang = load_file(options, session)
    if period is not None:
        from ntm_cli.judge.period import evaluate_period

        ytd = evaluate_period(loaded.doc, loaded.shown, period)
        write_report(options, lang, session, lambda f, view: f.render("status_period", ytd, view))
        return 0
    report = evaluate(loaded.doc, loaded.shown, options.year)
    write_report(
        options, lang, session, lambda f, view: f.render("status", report, view), options.all
    )
    return 0


COMMAND = Command(
    "status",
    StatusOptions,
    status,
    "Mọi chỉ tiêu tại một năm kèm tình trạng, theo nhóm, có dòng tổng hợp.",
)
