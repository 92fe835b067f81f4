"""`ntm check --format text`: one line per failing or warning target, then the counts and the
verdict. Plain strings (no Rich): the gate runs in CI many times a day."""

from __future__ import annotations

from ntm_cli.evaluate import Report
from ntm_cli.formats.common import finding, flagged, summary_text, verdict_line
from ntm_cli.i18n import Lang, badge, word

_ANSI = {"fail": "\x1b[1;31m", "warn": "\x1b[33m", "pass": "\x1b[1;32m"}
_RESET = "\x1b[0m"


def render(report: Report, lang: Lang, color: bool = False) -> str:
    def paint(text: str, verdict: str) -> str:
        return f"{_ANSI[verdict]}{text}{_RESET}" if color else text

    heading = [p for p in (report.program.name, report.program.region) if p]
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
