"""The cells of a report's table, as the `table` format shows them, for the formats that lay
the same table out on a page (docx). One function per report kind turns its report into a
`Grid`: the headings, the groups with their rows of text, each row's status and note, and
the summary line. The cells come from the very functions the `table` format renders with
(`table._columns`, `outlook_parts._cells`), so the two cannot drift apart; a new report kind
needs one function here.

Everything here is text: a format puts it into its own cells as text, never as markup."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ntm_cli.evaluate import Report
from ntm_cli.formats.common import display_name, display_unit, groups, program_title, summary_text
from ntm_cli.i18n import Lang, word
from ntm_cli.outlook import OutlookReport
from ntm_cli.period import PeriodReport


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
        return Row(texts, record.status, record.target.note)

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
        return Row((*named, *cells(record, lang, years)), record.outlook, target.note)

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
        return Row(tuple(parts.cells(record, lang, kind)), record.status, record.target.note)

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


def grid(command: str, report: Any, lang: Lang) -> Grid:
    """The grid of a report kind; a new report kind is one function above and one line here."""
    from ntm_cli.formats import is_period

    if is_period(report):
        return period_grid(report, lang, command)
    if command == "outlook":
        return outlook_grid(report, lang)
    if command in ("status", "compare"):
        return report_grid(report, lang, command)
    raise ValueError(f"no grid for {command!r}")


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
