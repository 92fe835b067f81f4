"""`ntm outlook` in each format (SPEC §8): the JSON document, the CSV columns and rows, the
Rich table and the Markdown table. Plain functions; the format modules call them.

Everything from the file enters the table as `rich.text.Text` and the Markdown through
`markdown.escape`, so a name such as "[bold]x" or "<b>" prints as written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ntm_cli.data import PlanValue, Range, Target
from ntm_cli.formats.common import (
    display_name,
    display_unit,
    groups,
    heading,
    program_dict,
)
from ntm_cli.formats.markdown import escape
from ntm_cli.i18n import (
    Lang,
    outlook_badge,
    percent_text,
    targets,
    value_text,
    word,
)
from ntm_cli.outlook import OUTLOOKS, OutlookRecord, OutlookReport, Point

if TYPE_CHECKING:
    from rich.text import Text

# --- JSON ----------------------------------------------------------------------------------


def plan_json(plan: PlanValue) -> Any:
    """A number, a boolean, or `[low, high]` for a range."""
    return [plan.low, plan.high] if isinstance(plan, Range) else plan


def outlook_record_dict(record: OutlookRecord) -> dict[str, Any]:
    """One target of SPEC §8's JSON, keys in the order shown there, every key present."""
    target, start, current = record.target, record.start, record.current
    return {
        "id": target.id,
        "name": target.name,
        "name_en": target.name_en,
        "group": target.group,
        "unit": target.unit,
        "direction": target.direction,
        "to_year": record.to_year,
        "plan": plan_json(record.plan),
        "start": {"year": start.year, "value": start.value} if start is not None else None,
        "current": (
            {"year": current.year, "value": current.value, "estimated": current.estimated}
            if current is not None
            else None
        ),
        "outlook": record.outlook,
        "method": record.method,
        "pace": record.pace,
        "progress_pct": record.progress_pct,
        "ratio": record.ratio,
        "projected": record.projected,
        "reach_year": record.reach_year,
    }


def outlook_report_dict(report: OutlookReport) -> dict[str, Any]:
    """The JSON document of SPEC §8."""
    return {
        "version": 2,
        "file": report.file,
        "program": program_dict(report.program),
        "year": report.year,
        "targets": [outlook_record_dict(r) for r in report.records],
        "summary": report.summary,
    }


# --- CSV -----------------------------------------------------------------------------------

# A record with both points present: the shape the CSV header is read off (csv_report).
OUTLOOK_SHAPE = outlook_record_dict(
    OutlookRecord(
        index=0,
        target=Target(id="", name=""),
        to_year=0,
        plan=0,
        start=Point(0, 0),
        current=Point(0, 0),
        outlook="achieved",
        method=None,
        pace=None,
        progress_pct=None,
        ratio=None,
        projected=None,
        reach_year=None,
    )
)


# --- words shared by the table and the Markdown ---------------------------------------------


def point_text(point: Point | None, lang: Lang, total: float | None) -> str:
    """ "50 (2020)"; an estimate marked: "62 (2023, ước)"."""
    if point is None:
        return word(lang, "none")
    mark = f", {word(lang, 'estimate_mark')}" if point.estimated else ""
    return f"{value_text(point.value, lang, total)} ({point.year}{mark})"


def year_cell(target: Target, year: int, lang: Lang) -> str:
    value, estimated = target.reported(year)
    return value_text(value, lang, target.total, estimated)


def pace_text(record: OutlookRecord, lang: Lang) -> str:
    """Where a target is not on track by its pace: the year it would be reached."""
    if record.method is None or record.outlook == "on-track":
        return ""
    if record.reach_year is None:
        return word(lang, "not_at_this_pace")
    return word(lang, "expected_in", year=record.reach_year)


def unit_text(target: Target, lang: Lang) -> str:
    return display_unit(target, lang)


def title_parts(report: OutlookReport, lang: Lang) -> list[str]:
    """The heading of an outlook: with --to, the target year too."""
    more = [word(lang, "toward_year", year=report.to_year)] if report.to_year is not None else []
    return heading(report.program, report.year, lang, *more)


# A table of every year from 2000 on does not fit a screen; the latest ones say most.
MAX_YEAR_COLUMNS = 8


def year_columns(report: OutlookReport, limit: int | None = MAX_YEAR_COLUMNS) -> list[int]:
    """The years from the earliest start (or current point) to Y, or to `--to` when earlier;
    the latest `limit` of them (a workbook takes them all: `limit=None`)."""
    if report.year is None:
        return []
    last = report.year if report.to_year is None else min(report.year, report.to_year)
    firsts = [
        point.year
        for record in report.records
        for point in (record.start or record.current,)
        if point is not None
    ]
    if not firsts:
        return []
    years = list(range(min(firsts), last + 1))
    return years if limit is None else years[-limit:]


def _headers(lang: Lang, years: list[int]) -> list[str]:
    return [
        word(lang, "target"),
        word(lang, "unit"),
        word(lang, "start"),
        *(str(y) for y in years),
        word(lang, "period_target"),
        word(lang, "progress"),
        word(lang, "outlook"),
        word(lang, "at_this_pace"),
    ]


def _cells(record: OutlookRecord, lang: Lang, years: list[int]) -> list[str]:
    """Every cell but name and unit (figures and words of ours, no file text)."""
    target = record.target
    # Years before the target's own start are none of its business: blank, not "—".
    point = record.start or record.current
    first = point.year if point is not None else 0
    return [
        point_text(record.start, lang, target.total),
        *(year_cell(target, y, lang) if y >= first else "" for y in years),
        f"{value_text(record.plan, lang, target.total)} ({record.to_year})",
        percent_text(record.progress_pct, lang),
        outlook_badge(record.outlook, lang),
        pace_text(record, lang),
    ]


def summary_parts(report: OutlookReport, lang: Lang) -> list[str]:
    counts = report.summary
    parts = [f"{word(lang, 'total')}: {targets(lang, len(report.records))}"]
    parts += [f"{outlook_badge(o, lang)} {counts[o]}" for o in OUTLOOKS if counts[o]]
    return parts


def _empty_line(report: OutlookReport, lang: Lang) -> str | None:
    if report.year is None:
        return word(lang, "no_years")
    if not report.records:
        return word(lang, "no_outlook", year=report.year)
    return None


# --- table ---------------------------------------------------------------------------------

STYLES = {
    "achieved": "bold green",
    "on-track": "green",
    "acceleration-needed": "yellow",
    "limited-progress": "magenta",
    "deterioration": "bold red",
    "missed": "red",
    "insufficient-data": "dim",
}
# A person cannot read a name of megabytes, and Rich needs seconds to wrap one.
MAX_CELL = 500


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def render_outlook_table(report: OutlookReport, lang: Lang, width: int, color: bool) -> str:
    # Rich is imported here, not at the top: the xlsx and html outlooks use the words above
    # and must not pay for it.
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from ntm_cli.formats.table import console, fit, text_of

    out = console(width, color)
    heading = title_parts(report, lang)
    if heading:
        out.print(Text(" · ".join(_shorten(p) for p in heading), style="bold"))
    empty = _empty_line(report, lang)
    if empty is not None:
        out.print(Text(empty))
        return text_of(out)
    years = year_columns(report)
    headers = _headers(lang, years)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    badge_at = len(headers) - 2
    for position, header in enumerate(headers):
        # Names and units wrap into the room that is left; figures and badges never do.
        table.add_column(
            Text(header),
            justify="left" if position < 2 or position >= badge_at else "right",
            no_wrap=position >= 2,
            overflow="fold" if position < 2 else "ellipsis",
            ratio=1 if position == 0 else None,
            min_width=12 if position == 0 else None,
            max_width=16 if position == 1 else None,
        )
    rows: list[list[Text]] = []
    sections = groups(report.records, lang)
    for place, (group, records) in enumerate(sections):
        if group is not None:
            table.add_row(Text(_shorten(group), style="bold underline"))
        for number_in_group, record in enumerate(records):
            cells = [
                Text(_shorten(display_name(record.target, lang))),
                Text(_shorten(unit_text(record.target, lang))),
                *(Text(c) for c in _cells(record, lang, years)),
            ]
            cells[badge_at].stylize(STYLES[record.outlook])
            rows.append(cells)
            last = number_in_group == len(records) - 1 and place < len(sections) - 1
            table.add_row(*cells, end_section=last)
    fit(out, headers, rows)
    out.print(table)
    line = Text(" · ".join(summary_parts(report, lang)))
    out.print(line)
    return text_of(out)


# --- Markdown ------------------------------------------------------------------------------


def render_outlook_markdown(report: OutlookReport, lang: Lang) -> str:
    heading = " · ".join(escape(p) for p in title_parts(report, lang))
    lines = [f"## {heading or 'ntm outlook'}", ""]
    empty = _empty_line(report, lang)
    if empty is not None:
        return "\n".join([*lines, empty]) + "\n"
    lines += [" · ".join(summary_parts(report, lang)), ""]
    years = year_columns(report)
    headers = _headers(lang, years)
    align = ["---", "---", *["---:"] * (len(years) + 3), "---", "---"]
    for group, records in groups(report.records, lang):
        if group is not None:
            lines += [f"### {escape(group)}", ""]
        lines.append(_row(headers))
        lines.append(_row(align))
        for record in records:
            name = escape(display_name(record.target, lang))
            unit = escape(unit_text(record.target, lang))
            lines.append(_row([name, unit, *_cells(record, lang, years)]))
        lines.append("")
    return "\n".join(lines)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
