"""`ntm check --format text`: one line per failing or warning target, then the counts and the
verdict. Plain strings (no Rich): the gate runs in CI many times a day."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ntm_cli.formats import View, is_period
from ntm_cli.formats.common import (
    display_name,
    finding,
    flagged,
    program_title,
    summary_text,
    verdict_line,
)
from ntm_cli.i18n import Lang, badge, targets, word
from ntm_cli.judge.evaluate import Report

if TYPE_CHECKING:
    from ntm_cli.cli.batch import Judged
    from ntm_cli.judge.period import PeriodReport
    from ntm_cli.targets_file.load import Loaded

_ANSI = {"fail": "\x1b[1;31m", "warn": "\x1b[33m", "pass": "\x1b[1;32m"}
_RESET = "\x1b[0m"


def check(run: Sequence[Judged], view: View) -> str:
    """Each file of the run in turn; a broken file's problems are on standard error."""
    return "\n".join(
        render_period_check(j.report, j.lang, view.color)
        if is_period(j.report)
        else render_check(j.report, j.lang, view.color)
        for j in run
        if j.report
    )


def validate(run: Sequence[Judged], view: View) -> str:
    """A line for each valid file; a broken file's problems are on standard error."""
    return "".join(valid_line(j.loaded, j.lang) for j in run if j.loaded is not None)


def valid_line(loaded: Loaded, lang: Lang) -> str:
    years = loaded.doc.years()
    count = len(loaded.doc.target)
    span = "" if not years else f", {years[0]}" + (f"–{years[-1]}" if len(years) > 1 else "")
    return f"{loaded.shown}: {word(lang, 'valid')} ({targets(lang, count)}{span})\n"


def render_check(report: Report, lang: Lang, color: bool = False) -> str:
    def paint(text: str, verdict: str) -> str:
        return f"{_ANSI[verdict]}{text}{_RESET}" if color else text

    heading = program_title(report.program, lang)
    if report.year is not None:
        heading.append(word(lang, "check_title", year=report.year))
    heading.append(report.file)
    lines = [" · ".join(heading)]
    for record in flagged(report):
        label = word(lang, "verdict_fail" if record.verdict == "fail" else "verdict_warn")
        mark = paint(f"{badge(record.status, lang)} [{label}]", record.verdict)
        lines.append(f"{mark} {record.target.id}: {finding(record, lang)}")
    lines.append(summary_text(report, lang))
    lines.append(paint(verdict_line(report, lang), "pass" if report.passed else "fail"))
    return "\n".join(lines) + "\n"


def render_period_check(report: PeriodReport, lang: Lang, color: bool = False) -> str:
    """`check --period` (SPEC §13): the targets behind or over their ceiling's pace, and
    those without a figure, then the counts and the verdict."""
    from ntm_cli.formats import period_parts as parts
    from ntm_cli.i18n import period_badge

    def paint(text: str, verdict: str) -> str:
        return f"{_ANSI[verdict]}{text}{_RESET}" if color else text

    heading = program_title(report.program, lang)
    heading += [parts.check_title(report, lang), report.file]
    lines = [" · ".join(heading)]
    for record in flagged(report):
        label = word(lang, "verdict_fail" if record.verdict == "fail" else "verdict_warn")
        mark = paint(f"{period_badge(record.status, lang)} [{label}]", record.verdict)
        name = display_name(record.target, lang)
        lines.append(f"{mark} {record.target.id}: {name}: {parts.finding(record, lang)}")
    lines.append(parts.summary_text(report, lang))
    lines.append(paint(verdict_line(report, lang), "pass" if report.passed else "fail"))
    return "\n".join(lines) + "\n"
