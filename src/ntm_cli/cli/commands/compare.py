"""`ntm compare`: plan against actual for one year."""

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
class CompareOptions(Common):
    """The options of `ntm compare`."""

    year: int | None = year_flag()
    vs: int | None = option(
        "--vs",
        help="Also show the actual of this year and the change.",
        vi="Hiện thêm số thực hiện của năm này và mức thay đổi.",
    )
    format: str | None = format_flag("compare")
    period: str | None = period_flag()


def compare(options: CompareOptions, session: Session) -> int:
    """Plan against actual for one year: KH, TH, delta, TH/KH %, status."""
    from ntm_cli.judge.evaluate import evaluate

    period = period_option(options)
    loaded, lang = load_file(options, session)
    if period is not None:
        from ntm_cli.judge.period import evaluate_period

        report_ = evaluate_period(loaded.doc, loaded.shown, period)
        write_report(
            options, lang, session, lambda f, view: f.render("compare_period", report_, view)
        )
        return 0
    report = evaluate(loaded.doc, loaded.shown, options.year, vs_year=options.vs)
    write_report(options, lang, session, lambda f, view: f.render("compare", report, view))
    return 0


COMMAND = Command(
    "compare",
    CompareOptions,
    compare,
    "So sánh kế hoạch với thực hiện của một năm: KH, TH, chênh lệch, TH/KH %, tình trạng.",
)
