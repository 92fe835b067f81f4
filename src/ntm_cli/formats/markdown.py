"""`--format markdown`: GitHub-flavoured Markdown for reports, job summaries
($GITHUB_STEP_SUMMARY) and merge-request comments. Text from the file is escaped so that it
cannot become a link, an image, HTML or a table break."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ntm_cli.cli.batch import Judged
from ntm_cli.formats import View, is_period
from ntm_cli.formats.common import (
    actual_cell,
    change_cell,
    counted_legend,
    delta_cell,
    display_name,
    display_unit,
    groups,
    plan_cell,
    ratio_cell,
    summary_text,
    title_parts,
    verdict_line,
    vs_actual_cell,
    vs_ratio_cell,
)
from ntm_cli.i18n import Lang, badge, counted, problem_message, word
from ntm_cli.judge.evaluate import Record, Report
from ntm_cli.targets_file.data import Program, Target

if TYPE_CHECKING:
    # the outlook (and its words), a year-to-date report and the units report are imported
    # when one is rendered: a status or check run does not pay for them
    from ntm_cli.judge.outlook import OutlookReport
    from ntm_cli.judge.period import PeriodRecord, PeriodReport
    from ntm_cli.judge.units_report import UnitsReport

_SPECIAL = re.compile(r"([\\`*_{}\[\]|~])")


def escape(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _source_line(program: Program, lang: Lang) -> list[str]:
    """The programme's source under the title (SPEC §7), when the file gives one."""
    if not program.source:
        return []
    return [f"*{word(lang, 'source')}: {escape(program.source)}*", ""]


class _Notes:
    """The targets' notes and sources as Markdown footnotes (SPEC §7): a mark `[^1]` after
    the name, the text at the end of the report, line breaks kept."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.lines: list[str] = []

    def mark(self, target: Target) -> str:
        if not target.note and not target.source:
            return ""
        number = len(self.lines) + 1
        parts = [escape(target.note).replace("\n", "<br>")] if target.note else []
        if target.source:
            parts.append(f"{word(self.lang, 'source')}: {escape(target.source)}")
        self.lines.append(f"[^{number}]: " + "<br>".join(parts))
        return f"[^{number}]"

    def block(self) -> list[str]:
        return [*self.lines, ""] if self.lines else []


def _verdict_word(record: Record, lang: Lang) -> str:
    return {
        "pass": "✔",
        "off": "—",
        "warn": "⚠ " + word(lang, "verdict_warn"),
        "fail": "✘ " + word(lang, "verdict_fail"),
    }[record.verdict]


def status(report: Report, view: View) -> str:
    return render_report(report, view.lang, "status")


def compare(report: Report, view: View) -> str:
    return render_report(report, view.lang, "compare")


def status_period(report: PeriodReport, view: View) -> str:
    return render_period(report, view.lang, "status")


def compare_period(report: PeriodReport, view: View) -> str:
    return render_period(report, view.lang, "compare")


def check(run: Sequence[Judged], view: View) -> str:
    return "\n".join(
        _broken(j)
        if j.report is None
        else render_period(j.report, j.lang, "check")
        if is_period(j.report)
        else render_report(j.report, j.lang, "check")
        for j in run
    )


def outlook(report: OutlookReport, view: View) -> str:
    return render_outlook_markdown(report, view.lang)


def units(report: UnitsReport, view: View) -> str:
    return render_units_markdown(report, view.lang)


# Problems that mean the file was not read at all (missing, a folder, unreadable).
_UNREAD = frozenset({"no_file", "file_missing", "file_is_dir", "file_unreadable"})


def _broken(judged: Judged) -> str:
    """A file that could not be judged: its problems, as a failed check."""
    name = escape(judged.file or "targets.toml")
    count = counted(judged.lang, "invalid_file", len(judged.errors))
    if judged.errors and all(p.code in _UNREAD for p in judged.errors):
        # a file that is not there is not "invalid, 1 problem": say what happened
        count = word(judged.lang, "missing_file")
    lines = [f"## ✘ ntm check: {name}: {count}", ""]
    lines += [f"- {escape(problem_message(p, judged.lang))}" for p in judged.errors]
    return "\n".join(lines) + "\n"


def render_report(report: Report, lang: Lang, kind: str) -> str:
    """`kind`: "status", "compare" or "check" (adds the verdict of each target)."""
    heading = " · ".join(escape(p) for p in title_parts(report, lang))
    lines: list[str] = []
    if kind == "check":
        mark = "✔" if report.passed else "✘"
        lines.append(f"## {mark} ntm check: {verdict_line(report, lang)}")
        lines += ["", heading] if heading else []
    else:
        lines.append(f"## {heading or 'ntm'}")
    lines.append("")
    lines += _source_line(report.program, lang)
    notes = _Notes(lang)
    if report.year is None or not report.records:
        key = "no_years" if report.year is None else "no_targets"
        lines.append(word(lang, key, year=report.year))
        return "\n".join(lines) + "\n"
    lines += [summary_text(report, lang), ""]

    headers = [
        word(lang, "target"),
        word(lang, "unit"),
        word(lang, "plan"),
        word(lang, "actual"),
        word(lang, "delta"),
        word(lang, "ratio"),
        word(lang, "status"),
    ]
    if report.vs_year is not None:
        headers += [
            f"{word(lang, 'actual_short')} {report.vs_year}",
            word(lang, "change"),
            word(lang, "vs_year", year=report.vs_year),
        ]
    if kind == "check":
        headers.append("✔/✘")
    for group, records in groups(report.records, lang):
        if group is not None:
            lines += [f"### {escape(group)}", ""]
        lines.append(_row(headers))
        lines.append(_row(["---", "---", *["---:"] * 4, "---", *["---:"] * (len(headers) - 7)]))
        for record in records:
            cells = [
                escape(display_name(record.target, lang)) + notes.mark(record.target),
                escape(display_unit(record.target, lang)),
                plan_cell(record, lang),
                actual_cell(record, lang),
                delta_cell(record, lang),
                ratio_cell(record, lang),
                badge(record.status, lang),
            ]
            if report.vs_year is not None:
                cells += [
                    vs_actual_cell(record, lang),
                    change_cell(record, lang),
                    vs_ratio_cell(record, lang),
                ]
            if kind == "check":
                cells.append(_verdict_word(record, lang))
            lines.append(_row(cells))
        lines.append("")
    legend = counted_legend([r.target for r in report.records], lang)
    if legend is not None:
        lines += [legend, ""]
    lines += notes.block()
    return "\n".join(lines)


def render_outlook_markdown(report: OutlookReport, lang: Lang) -> str:
    """`ntm outlook` (SPEC §8) as Markdown: a table per group."""
    from ntm_cli.formats import outlook_parts as parts

    heading = " · ".join(escape(p) for p in parts.title_parts(report, lang))
    lines = [f"## {heading or 'ntm outlook'}", "", *_source_line(report.program, lang)]
    notes = _Notes(lang)
    empty = parts.empty_line(report, lang)
    if empty is not None:
        return "\n".join([*lines, empty]) + "\n"
    lines += [" · ".join(parts.summary_parts(report, lang)), ""]
    years = parts.year_columns(report)
    headers = parts.headers(lang, years)
    align = ["---", "---", *["---:"] * (len(years) + 3), "---", "---"]
    for group, records in groups(report.records, lang):
        if group is not None:
            lines += [f"### {escape(group)}", ""]
        lines.append(_row(headers))
        lines.append(_row(align))
        for record in records:
            name = escape(display_name(record.target, lang)) + notes.mark(record.target)
            unit = escape(parts.unit_text(record.target, lang))
            lines.append(_row([name, unit, *parts.cells(record, lang, years)]))
        lines.append("")
    lines += notes.block()
    return "\n".join(lines)


def render_period(report: PeriodReport, lang: Lang, kind: str) -> str:
    """The year-to-date report (SPEC §13); `kind` "compare" adds the change, "check" the
    verdict of each target."""
    from ntm_cli.formats import period_parts as parts

    heading = " · ".join(escape(p) for p in parts.title_parts(report, lang))
    lines: list[str] = []
    if kind == "check":
        mark = "✔" if report.passed else "✘"
        lines += [f"## {mark} ntm check: {verdict_line(report, lang)}", "", heading]
    else:
        lines.append(f"## {heading}")
    lines += ["", parts.summary_text(report, lang), ""]
    headers = parts.headers(report, lang, kind)
    if kind == "check":
        headers.append("✔/✘")
    for group, records in groups(report.records, lang):
        if group is not None:
            lines += [f"### {escape(group)}", ""]
        lines.append(_row(headers))
        aligns = ["---", "---", *["---:"] * (len(headers) - 3 - (kind == "check")), "---"]
        lines.append(_row(aligns + (["---"] if kind == "check" else [])))
        for record in records:
            cells = parts.cells(record, lang, kind)
            cells[0], cells[1] = escape(cells[0]), escape(cells[1])
            if kind == "check":
                cells.append(_period_verdict(record, lang))
            lines.append(_row(cells))
        lines.append("")
    return "\n".join(lines)


def _period_verdict(record: PeriodRecord, lang: Lang) -> str:
    return {
        "pass": "✔",
        "off": "—",
        "warn": "⚠ " + word(lang, "verdict_warn"),
        "fail": "✘ " + word(lang, "verdict_fail"),
    }[record.verdict]


# --- units (SPEC §12.3) ----------------------------------------------------------------------


def render_units_markdown(report: UnitsReport, lang: Lang) -> str:
    """`ntm units` as Markdown: the summary, then a table per section; the units under their
    districts, each district a bold row."""
    from ntm_cli.formats import units_parts as up

    heading = " · ".join(escape(p) for p in up.title_parts(report, lang))
    lines = [f"## {heading}", ""]
    if report.year is None or not report.units:
        lines.append(word(lang, "no_years" if report.year is None else "units_none"))
        return "\n".join(lines) + "\n"

    def table(headers: list[str], rows: list[list[str]], right: set[int]) -> None:
        lines.append(_row([escape(h) for h in headers]))
        lines.append(_row(["---:" if p in right else "---" for p in range(len(headers))]))
        lines.extend(_row(cells) for cells in rows)
        lines.append("")

    lines += [f"### {word(lang, 'units_summary')}", ""]
    summary = [
        [("&nbsp;&nbsp;" if indented else "") + escape(label), escape(value)]
        for label, value, indented in up.summary_rows(report, lang)
    ]
    table([word(lang, "units_summary"), ""], summary, {1})
    if report.districts:
        lines += [f"### {word(lang, 'units_by_district')}", ""]
        headers = up.district_headers(report, lang)
        rows = [[escape(c) for c in up.district_cells(report, d, lang)] for d in report.districts]
        # Figures right, from the communes to the district's own criteria.
        table(headers, rows, set(range(1, headers.index(word(lang, "units_own")))))
        rule = up.rule_text(report, lang)
        if rule:
            lines += [escape(rule), ""]
    if report.by_criterion:
        lines += [f"### {escape(word(lang, 'units_by_criterion'))}", ""]
        rows = [[escape(c) for c in up.criterion_cells(c, lang)] for c in report.bottlenecks()]
        table(up.criterion_headers(report, lang), rows, {1, 2, 3, 4})
    rows = []
    for district, members in up.sections(report):
        if district is not None:
            rows.append([f"**{escape(up.name_of(district.unit, lang))}**", "", "", "", ""])
        elif members:
            rows.append([f"**{escape(word(lang, 'units_no_district'))}**", "", "", "", ""])
        rows += [[escape(c) for c in up.unit_cells(report, m, lang)] for m in members]
    if rows:
        lines += [f"### {word(lang, 'units_by_unit')}", ""]
        table(up.unit_headers(lang), rows, {1})
    return "\n".join(lines)
