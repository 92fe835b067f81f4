"""`ntm check`: the CI gate, over one targets file or several."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ntm_cli.cli.commands.common import (
    Command,
    Common,
    Session,
    broken,
    files_argument,
    format_flag,
    option,
    period_flag,
    period_option,
    read_file,
    targets_files,
    write_report,
    year_flag,
    year_note,
)
from ntm_cli.cli.options import message_lang
from ntm_cli.errors import NtmError

if TYPE_CHECKING:
    from ntm_cli.judge.evaluate import Report
    from ntm_cli.judge.period import PeriodReport


@dataclass(frozen=True, kw_only=True)
class CheckOptions(Common):
    """The options of `ntm check`."""

    files: tuple[str, ...] = files_argument()
    year: int | None = year_flag()
    strict: bool = option(
        "--strict",
        help="near and no-data fail too (subject to gate).",
        vi="Chỉ tiêu gần đạt (near) và chưa có số liệu (no-data) cũng tính là không đạt "
        "(theo gate).",
        default=False,
    )
    format: str | None = format_flag("check")
    period: str | None = period_flag()


def check(options: CheckOptions, session: Session) -> int:
    """The CI gate: exit 1 when a target fails (missed; with --strict also near, no-data)."""
    from ntm_cli.cli.batch import Judged, annotation_path
    from ntm_cli.judge.evaluate import evaluate

    period = period_option(options)
    run: list[Judged] = []
    for given in targets_files(options, session):
        session.lang = message_lang(options.lang, session.env)
        report: Report | PeriodReport
        try:
            loaded = read_file(given, options, session)
            if period is not None:
                from ntm_cli.judge.period import evaluate_period

                report = evaluate_period(loaded.doc, loaded.shown, period, options.strict)
            else:
                report = evaluate(loaded.doc, loaded.shown, options.year, strict=options.strict)
        except NtmError as error:
            run.append(broken(given, options, session, error))
            continue
        if options.year is None and period is None:
            year_note(loaded, report.year, session)
        workspace = session.env.get("GITHUB_WORKSPACE")
        run.append(
            Judged(
                loaded.shown,
                session.lang,
                report=report,
                target_lines=dict(enumerate(loaded.target_lines)),
                annotation_file=annotation_path(loaded.shown, Path.cwd(), workspace),
            )
        )
    write_report(options, run[0].lang, session, lambda f, view: f.render("check", run, view))
    return max(2 if j.broken else 0 if j.report and j.report.passed else 1 for j in run)


COMMAND = Command(
    "check",
    CheckOptions,
    check,
    "Cổng kiểm tra cho CI: mã thoát 1 khi có chỉ tiêu không đạt (missed; với --strict cả "
    "near và no-data).",
)
