"""`ntm outlook` (SPEC §8): the JSON document, the CSV columns and rows, and the words and
cells the table, Markdown, HTML and xlsx outlooks share. Plain functions; the format modules
call them and render the outlook themselves (`table.render_outlook_table`,
`markdown.render_outlook_markdown`), so this module imports no format module.
"""

from __future__ import annotations

from typing import Any

from ntm_cli.formats.common import (
    VERSION,
    display_unit,
    heading,
    plan_json,
    program_dict,
    target_fields,
)
from ntm_cli.i18n import (
    Lang,
    outlook_badge,
    percent_text,
    targets,
    value_text,
    word,
)
from ntm_cli.judge.facts import total_of
from ntm_cli.judge.outlook import OUTLOOKS, OutlookRecord, OutlookReport, Point
from ntm_cli.targets_file.data import Target

# --- JSON ----------------------------------------------------------------------------------


def outlook_record_dict(record: OutlookRecord) -> dict[str, Any]:
    """One target of SPEC §8's JSON, keys in the order shown there, every key present."""
    target, start, current = record.target, record.start, record.current
    return {
        **target_fields(target, current.year if current is not None else None),
        "to_year": record.to_year,
        "plan": plan_json(record.plan),
        "start": {"year": start.year, "value": start.value} if start is not None else None,
        "current": (
            {"year": current.year, "value": current.value, "estimated": current.estimated}
            if current is not None
            else None
        ),
        "outlook": record.outlook,
        "trend": record.trend,
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
        "version": VERSION,
        "file": report.file,
        "program": program_dict(report.program),
        "year": report.year,
        "targets": [outlook_record_dict(r) for r in report.records],
        "summary": {"total": len(report.records), **report.summary},
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
    text = value_text(value, lang, total_of(target, year), estimated)
    return text + (" ∑" if target.rollup is not None and value is not None else "")


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


def headers(lang: Lang, years: list[int]) -> list[str]:
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


def cells(record: OutlookRecord, lang: Lang, years: list[int]) -> list[str]:
    """Every cell but name and unit (figures and words of ours, no file text)."""
    target = record.target
    # Years before the target's own start are none of its business: blank, not "—".
    point = record.start or record.current
    first = point.year if point is not None else 0
    return [
        point_text(
            record.start, lang, total_of(target, record.start.year if record.start else None)
        ),
        *(year_cell(target, y, lang) if y >= first else "" for y in years),
        goal_text(record, lang),
        percent_text(record.progress_pct, lang),
        badge_text(record, lang),
        pace_text(record, lang),
    ]


def goal_text(record: OutlookRecord, lang: Lang) -> str:
    """The period target and its year, "36/36 (2025)"; "—" for a target without one."""
    if record.to_year is None:
        return word(lang, "none")
    total = total_of(record.target, record.to_year)
    return f"{value_text(record.plan, lang, total)} ({record.to_year})"


def badge_text(record: OutlookRecord, lang: Lang) -> str:
    """The outlook's badge; for a `no-target` record, its trend after it (SPEC §15)."""
    return outlook_badge(record.outlook, lang, record.trend)


def shown_ratio(record: OutlookRecord) -> float | None:
    """The share of the period target as people read it: for `increase` targets only (for a
    ceiling, 122 % reads backwards: still above it). JSON keeps it (SPEC §8)."""
    return record.ratio if record.target.direction != "decrease" else None


def summary_parts(report: OutlookReport, lang: Lang) -> list[str]:
    counts = report.summary
    parts = [f"{word(lang, 'total')}: {targets(lang, len(report.records))}"]
    parts += [f"{outlook_badge(o, lang)} {counts[o]}" for o in OUTLOOKS if counts[o]]
    return parts


def empty_line(report: OutlookReport, lang: Lang) -> str | None:
    if report.year is None:
        return word(lang, "no_years")
    if not report.records:
        return word(lang, "no_outlook", year=report.year)
    return None
