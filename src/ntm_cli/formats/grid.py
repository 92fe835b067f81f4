"""The cells of a report's table, as the `table` format shows them, for the formats that lay
the same table out on a page (docx). One function per report kind turns its report into a
`Grid`: the headings, the groups with their rows of text, each row's status and note, and
the summary line. The cells come from the very functions the `table` format renders with
(`table._columns`, `outlook_parts._cells`), so the two cannot drift apart; a new report kind
needs one function here.

Everything here is text: a format puts it into its own cells as text, never as markup."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ntm_cli.formats.common import display_name, display_unit, groups, program_title, summary_text
from ntm_cli.i18n import Lang, word
from ntm_cli.judge.evaluate import Report
from ntm_cli.judge.outlook import OutlookReport
from ntm_cli.judge.period import PeriodReport
from ntm_cli.judge.units_report import UnitsReport


@dataclass(frozen=True)
class Row:
    """One target: its cells, the status (or outlook class) that colours its badge, its note."""

    cells: tuple[str, ...]
    status: str | None
    note: str | None


@dataclass(frozen=True)
class Section:
    """A group of the report: its heading (None when no target has a group) and its rows."""

    heading: str | None
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Grid:
    kind: str  # "status", "compare", "outlook", "period", …
    title: tuple[str, ...]  # programme, region, and the year (or the period)
    more: tuple[str, ...]  # what the report adds to its title (--vs, --to, the time elapsed)
    headers: tuple[str, ...]
    numeric: tuple[bool, ...]  # per column: figures, set right
    badge: int | None  # the column of the status (or outlook) badge
    sections: tuple[Section, ...]
    summary: str
    empty: str | None  # the line shown instead of a table when there is nothing to show
    caption: str | None = None  # the table's own heading, in a report of several tables
    after: str | None = None  # a line under the table (a rule the figures follow)


def _title(program: Any, year: int | None, lang: Lang) -> tuple[str, ...]:
    """Programme and region where the file gives them, and the year: as `common.heading`."""
    parts = program_title(program, lang)
    return (*parts, word(lang, "report_year", year=year)) if year is not None else tuple(parts)


def _sections(records: Sequence[Any], lang: Lang, row: Callable[[Any], Row]) -> tuple[Section, ...]:
    return tuple(
        Section(heading, tuple(row(record) for record in members))
        for heading, members in groups(records, lang)
    )


def report_grid(report: Report, lang: Lang, kind: str) -> Grid:
    """`status` or `compare` (with --vs), every target (as `--all`)."""
    from rich.text import Text

    from ntm_cli.formats.table import _columns

    columns = _columns(kind, lang, report)

    def row(record: Any) -> Row:
        cells = [fn(record, lang) for _, _, fn in columns]
        texts = tuple(c.plain if isinstance(c, Text) else c for c in cells)
        return Row(texts, record.status, _note(record.target, lang))

    empty = None
    if report.year is None:
        empty = word(lang, "no_years")
    elif not report.records:
        empty = word(lang, "no_targets", year=report.year)
    headers = tuple(header for header, _, _ in columns)
    return Grid(
        kind=kind,
        title=_title(report.program, report.year, lang),
        more=() if report.vs_year is None else (word(lang, "vs", year=report.vs_year),),
        headers=headers,
        numeric=tuple(justify == "right" for _, justify, _ in columns),
        badge=headers.index(word(lang, "status")),
        sections=_sections(report.records, lang, row) if empty is None else (),
        summary=summary_text(report, lang),
        empty=empty,
    )


def outlook_grid(report: OutlookReport, lang: Lang) -> Grid:
    from ntm_cli.formats.outlook_parts import (
        cells,
        empty_line,
        headers,
        summary_parts,
        year_columns,
    )

    years = year_columns(report)
    heads = headers(lang, years)
    badge = len(heads) - 2

    def row(record: Any) -> Row:
        target = record.target
        named = (display_name(target, lang), display_unit(target, lang))
        return Row((*named, *cells(record, lang, years)), record.outlook, _note(target, lang))

    empty = empty_line(report, lang)
    return Grid(
        kind="outlook",
        title=_title(report.program, report.year, lang),
        more=() if report.to_year is None else (word(lang, "toward_year", year=report.to_year),),
        headers=tuple(heads),
        numeric=tuple(2 <= position < badge for position in range(len(heads))),
        badge=badge,
        sections=_sections(report.records, lang, row) if empty is None else (),
        summary=" · ".join(summary_parts(report, lang)),
        empty=empty,
    )


def period_grid(report: PeriodReport, lang: Lang, kind: str) -> Grid:
    """`status` or `compare` with --period (SPEC §13): the year-to-date table."""
    from ntm_cli.formats import period_parts as parts
    from ntm_cli.i18n import period_heading, period_word

    heads = parts.headers(report, lang, kind)
    badge = len(heads) - 1

    def row(record: Any) -> Row:
        return Row(
            tuple(parts.cells(record, lang, kind)), record.status, _note(record.target, lang)
        )

    elapsed = period_word(lang, "elapsed", pct=parts.pct(report.month * 100 / 12, lang))
    return Grid(
        kind="period",
        title=(*program_title(report.program, lang), period_heading(report.period, lang)),
        more=(elapsed,),
        headers=tuple(heads),
        numeric=tuple(2 <= position < badge for position in range(len(heads))),
        badge=badge,
        sections=_sections(report.records, lang, row),
        summary=parts.summary_text(report, lang),
        empty=None,
    )


def units_grids(report: UnitsReport, lang: Lang) -> list[Grid]:
    """`ntm units` (SPEC §12.3): its four tables, as `--format table` shows them: the summary,
    the districts, the criteria (bottlenecks first) and the units under their districts."""
    from ntm_cli.formats import units_parts as up
    from ntm_cli.formats.table import _own_line

    title = _title(report.program, report.year, lang)
    # The title says "by commune and district" already: what --within adds, if anything.
    more = () if report.within is None else (up.name_of(report.within, lang),)
    first = Grid(
        kind="units",
        title=title,
        more=more,
        headers=(word(lang, "docx_item"), word(lang, "docx_value")),
        numeric=(False, True),
        badge=None,
        sections=(),
        summary="",
        empty=None,
        caption=word(lang, "units_summary"),
    )
    if report.year is None or not report.units:
        empty = word(lang, "no_years" if report.year is None else "units_none")
        return [dataclasses.replace(first, empty=empty, caption=None)]
    summary = tuple(
        Row((("    " if indented else "") + label, value), None, None)
        for label, value, indented in up.summary_rows(report, lang)
    )
    grids = [dataclasses.replace(first, sections=(Section(None, summary),))]

    def plain(headers: list[str], rows: list[list[str]], caption: str, **more: Any) -> Grid:
        return dataclasses.replace(
            first,
            headers=tuple(headers),
            numeric=(False, *(True,) * (len(headers) - 1)),
            sections=(Section(None, tuple(Row(tuple(r), None, None) for r in rows)),),
            caption=caption,
            **more,
        )

    if report.districts:
        headers = up.district_headers(report, lang)
        rows = [up.district_cells(report, d, lang) for d in report.districts]
        grids.append(
            plain(headers, rows, word(lang, "units_by_district"), after=up.rule_text(report, lang))
        )
    if report.by_criterion:
        headers = up.criterion_headers(report, lang)
        rows = [up.criterion_cells(c, lang) for c in report.bottlenecks()]
        grids.append(plain(headers, rows, word(lang, "units_by_criterion")))
    sections = []
    for district, members in up.sections(report):
        heading = None
        if district is not None:
            parts = (up.name_of(district.unit, lang), _own_line(district, lang))
            heading = " · ".join(p for p in parts if p)
        elif members:
            heading = word(lang, "units_no_district")
        rows_ = tuple(
            Row(tuple(up.unit_cells(report, m, lang)), None, m.unit.note) for m in members
        )
        if heading is not None or rows_:
            sections.append(Section(heading, rows_))
    if sections:
        headers = up.unit_headers(lang)
        grids.append(
            dataclasses.replace(
                first,
                headers=tuple(headers),
                numeric=(False, True, False, False, False),
                sections=tuple(sections),
                caption=word(lang, "units_by_unit"),
            )
        )
    return grids


def roman(number: int) -> str:
    """1 -> I, 4 -> IV, 14 -> XIV: the numbers of an annex's sections."""
    numerals = (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
        (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    )  # fmt: skip
    out = ""
    for value, letters in numerals:
        while number >= value:
            out += letters
            number -= value
    return out


def _note(target: Any, lang: Lang) -> str | None:
    """The note column: the mark's legend first for a target counted from the units (its
    figures carry "∑", SPEC §12.2), then the target's note."""
    if target.rollup is None:
        return target.note  # type: ignore[no-any-return]
    legend = word(lang, "counted_legend")
    return f"{legend}\n{target.note}" if target.note else legend
