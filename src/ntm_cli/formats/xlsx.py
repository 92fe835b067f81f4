"""`--format xlsx`: the report as a real workbook (SPEC §9), in memory, as bytes.

The layout is the one offices print (issue 24) and the one `ntm import` reads back: the title
merged over the table, a frozen header row, groups as section rows I, II, III with an STT
column, then columns whose headings carry the year (`KH 2020`, `TH 2020`, `Ước TH 2020`; en
`Plan 2020`, `Actual 2020`, `Estimate 2020`), and the `id` column last, outside the print
area (import matches rows by it, and passes over section rows: no id, no figures). Plan and
reported values are written exactly as the file holds them, so that `ntm import --dry-run` of
a workbook written by `compare` reports no change:
- numbers are numeric cells, one number format per column showing every decimal they have; `%`
  figures are plain numbers (7.5), never percent-formatted;
- a range plan is a text cell `7,5–8` (en `7.5–8`), which `sheet.py` reads back as a range;
- yes/no values are boolean cells;
- a year's figure is in the `TH` column when it is an actual, in the `Ước TH` column when an
  estimate stands in for it (the column is there only when some target needs it); an estimate
  kept as history beside an actual is not shown, as in every other report.

Text from the file (names, units, groups) is written with `write_string`, never `write`: a
name such as `=HYPERLINK(…)` stays text and never becomes a formula.

xlsxwriter, not openpyxl: it writes 10,000 rows in about two thirds of openpyxl's time, and
its `write_string` has no formula guessing to guard against. Each layout is a list of
columns; a report kind is one function that returns them.

The outlook (SPEC §8) has the same shape: the start, the reported figures of every year from
the start to Y (`TH`/`Ước TH` as above), the period target in a `KH T` column (one column per
target year T that some target looks toward, so the heading always says the year, and
`ntm import` reads it back as the plan of T), then progress, TH/target, the outlook as a word
with a fill colour, the method, the pace, the projection and the year it would be reached.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from ntm_cli.edit.sheet import number_text, range_text
from ntm_cli.formats import View
from ntm_cli.formats.common import display_name, program_title
from ntm_cli.formats.outlook_parts import shown_ratio, title_parts, year_columns
from ntm_cli.i18n import OUTLOOK_LABELS, TREND_LABELS, Lang, status_label, word
from ntm_cli.judge.evaluate import Record, Report
from ntm_cli.judge.outlook import OutlookRecord, OutlookReport
from ntm_cli.judge.period import PeriodRecord, PeriodReport
from ntm_cli.judge.units_report import UnitsReport, percent
from ntm_cli.targets_file.data import PlanValue, Range, Target
from ntm_cli.targets_file.rules import exact

Row = TypeVar("Row")

# Fill and font colours of the status cells: the traffic lights of Excel's own styles.
FILLS: dict[str, tuple[str, str]] = {
    "exceeded": ("#C6EFCE", "#006100"),
    "met": ("#E2EFDA", "#375623"),
    "near": ("#FFEB9C", "#9C5700"),
    "missed": ("#FFC7CE", "#9C0006"),
    "ahead": ("#DDEBF7", "#1F4E78"),
    "in-progress": ("#D9E1F2", "#203764"),
    "no-plan": ("#EDEDED", "#3A3A3A"),
    "no-data": ("#F4DDF4", "#7030A0"),
}
# The outlook's classes in the same lights: green for reached or on pace, amber and orange
# for too slow, red for going backwards or out of time, grey for no verdict.
OUTLOOK_FILLS: dict[str, tuple[str, str]] = {
    "achieved": ("#C6EFCE", "#006100"),
    "on-track": ("#E2EFDA", "#375623"),
    "acceleration-needed": ("#FFEB9C", "#9C5700"),
    "limited-progress": ("#FCE4D6", "#833C0B"),
    "deterioration": ("#FFC7CE", "#9C0006"),
    "missed": ("#F8CBAD", "#7B1010"),
    "insufficient-data": ("#EDEDED", "#3A3A3A"),
    "no-target": ("#F2F2F2", "#404040"),
}
TITLE_ROW = 0
SOURCE_ROW = 1  # the programme's source under the title (SPEC §7), when the file gives one
_MIN_WIDTH, _MAX_WIDTH = 6, 60
# Enough decimals for any value a person writes; the cell holds the exact value regardless.
_MAX_DECIMALS = 15


class Cells:
    """What each cell of the table holds, recorded column by column (`(row, column)` are the
    record's place and the column's place in the list), so that `workbook` can lay the table
    out knowing every column: one number format per column, and no column left empty."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], tuple[str, Any, dict[str, Any]]] = {}

    def _put(self, row: int, column: int, kind: str, value: Any, **style: Any) -> None:
        self.cells[(row, column)] = (kind, value, style)

    def text(self, row: int, column: int, text: str | None, **style: Any) -> None:
        if text:
            self._put(row, column, "text", text, **style)

    def value(self, row: int, column: int, value: PlanValue | None, lang: Lang) -> None:
        """A plan or reported value as the file holds it."""
        if value is None:
            return
        if isinstance(value, bool):
            self._put(row, column, "boolean", value)
        elif isinstance(value, Range):
            self.text(row, column, range_text(value, lang), align="right")
        elif not _exact_in_a_cell(value):
            # A cell holds a double to 16 digits: 0.30000000000000004 or 2**53 + 1 would come
            # back from the workbook as another number, so they go in as text, every digit.
            self.text(row, column, number_text(value, lang), align="right")
        else:
            self._put(row, column, "value", value)

    def figure(self, row: int, column: int, value: float | None, signed: bool = False) -> None:
        """A derived figure (a difference, a ratio) to at most two decimals, as the table
        shows it; none where it is beyond a double (a ratio of 1e300 over 1e-10, as a
        percentage)."""
        if value is None or not math.isfinite(value):
            return
        self._put(row, column, "signed" if signed else "figure", value)

    def year(self, row: int, column: int, year: int | None) -> None:
        if year is not None:
            self._put(row, column, "year", year)

    def status(self, row: int, column: int, status: str, lang: Lang) -> None:
        fill, font = FILLS[status]
        self.text(row, column, status_label(status, lang), bg_color=fill, font_color=font)

    def outlook(
        self, row: int, column: int, outlook: str, lang: Lang, trend: str | None = None
    ) -> None:
        fill, font = OUTLOOK_FILLS[outlook]
        label = OUTLOOK_LABELS[lang][outlook]
        if trend is not None:
            label += f" · {TREND_LABELS[lang][trend]}"
        self.text(row, column, label, bg_color=fill, font_color=font)


def _percent(ratio: float | None) -> float | None:
    return None if ratio is None else _finite_percent(ratio)


def _finite_percent(ratio: float) -> float | None:
    """A ratio as a percentage, the double nearest the exact value (1.07 → 107, not
    107.00000000000001)."""
    value = float(exact(ratio) * 100)
    return value if math.isfinite(value) else None


def _exact_in_a_cell(value: int | float) -> bool:
    """Whether a numeric cell gives back this very number: `ntm import` takes a numeric cell
    with 15 significant digits, as a spreadsheet shows it (SPEC §9), and a cell holds a
    double; anything more goes in as text, every digit."""
    if isinstance(value, int):
        return abs(value) <= 2**53 and len(str(abs(value)).rstrip("0")) <= 15
    return float(f"{value:.15G}") == value


def _decimals(value: int | float) -> int:
    if isinstance(value, int):
        return 0
    exponent = exact(value).as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


@dataclass(frozen=True)
class Column(Generic[Row]):
    heading: str
    write: Callable[[Cells, int, int, Row], None]
    kept: bool = False  # shown even when no row has anything in it


def status(report: Report, view: View) -> bytes:
    return render_xlsx(report, view.lang, "status")


def compare(report: Report, view: View) -> bytes:
    return render_xlsx(report, view.lang, "compare")


def status_period(report: PeriodReport, view: View) -> bytes:
    return render_period_xlsx(report, view.lang, "status")


def compare_period(report: PeriodReport, view: View) -> bytes:
    return render_period_xlsx(report, view.lang, "compare")


def outlook(report: OutlookReport, view: View) -> bytes:
    return render_outlook_xlsx(report, view.lang)


def units(report: UnitsReport, view: View) -> bytes:
    return render_units_xlsx(report, view.lang)


def render_xlsx(report: Report, lang: Lang, kind: str) -> bytes:
    """The `status` or `compare` report as an .xlsx workbook. (Another report, such as the
    outlook, is one more function: its columns, then `workbook`.)"""
    if kind not in ("status", "compare"):
        raise ValueError(f"no xlsx layout for {kind!r}")
    columns = _report_columns(report, lang, kind)
    return workbook(_title(report, lang), columns, report.records, lang, report.program.source)


FONT = "Times New Roman"
_FONT_SIZE = 12
_BORDER = {"border": 1, "valign": "top"}
# More columns than this print on landscape pages (as the Word report, SPEC §14).
_LANDSCAPE_ABOVE = 7
# The page, in inches: margins as the decree lays out documents (20, 20, 30 and 15 mm).
_MARGINS = {"left": 30 / 25.4, "right": 15 / 25.4, "top": 20 / 25.4, "bottom": 20 / 25.4}


def _places(value: int | float) -> int:
    """The decimals a derived figure shows: at most two, trailing zeros dropped."""
    exponent = exact(round(value, 2)).normalize().as_tuple().exponent
    return min(2, -exponent) if isinstance(exponent, int) and exponent < 0 else 0


def _number_format(kind: str, places: int) -> str:
    shape = "#,##0" + ("." + "0" * places if places else "")
    if kind == "signed":
        return f"+{shape};-{shape};0"
    return "0" if kind == "year" else shape


def workbook(
    title: str,
    columns: Sequence[Column[Row]],
    rows: Sequence[Row],
    lang: Lang,
    source: str | None = None,
) -> bytes:
    """A workbook of one sheet laid out as a report to print: the title merged over the
    table, the programme's source under it, a frozen header row, the groups as section rows
    numbered I, II, III with the targets numbered from 1 in an STT column, borders, one number
    format per column, then the `id` column last (for `ntm import`, outside the print area);
    A4, landscape when wide, fitted to the page's width, the header row on every page.

    `rows` are records of targets (anything with `.target`); a column no row fills is left
    out unless it is `kept`."""
    import xlsxwriter

    from ntm_cli.formats.common import groups
    from ntm_cli.formats.grid import roman

    every = [
        *columns,
        Column[Any]("id", lambda c, r, k, rec: c.text(r, k, rec.target.id), kept=True),
    ]
    recorded = Cells()
    for place, item in enumerate(rows):
        for column, spec in enumerate(every):
            spec.write(recorded, place, column, item)
    filled = {column for _, column in recorded.cells}
    shown = [k for k, spec in enumerate(every) if spec.kept or k in filled]
    places: dict[int, int] = {}
    for (_, column), (kind, value, _) in recorded.cells.items():
        if kind == "value":
            found = min(_decimals(value), _MAX_DECIMALS)
        elif kind in ("figure", "signed"):
            found = _places(value)
        else:
            continue
        places[column] = max(places.get(column, 0), found)

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("Báo cáo" if lang == "vi" else "Report")
    formats: dict[tuple[tuple[str, Any], ...], Any] = {}

    def style(**properties: Any) -> Any:
        properties = {"font_name": FONT, "font_size": _FONT_SIZE, **properties}
        key = tuple(sorted(properties.items()))
        if key not in formats:
            formats[key] = book.add_format(properties)
        return formats[key]

    widths: dict[int, int] = {}

    def seen(column: int, text: str) -> None:
        longest = max((len(line) for line in text.split("\n")), default=0)
        widths[column] = max(widths.get(column, 0), longest + 2)

    count = len(shown) + 1  # and STT
    last = count - 1  # the id column
    printed = last - 1  # the last column on paper
    sheet.set_row(TITLE_ROW, 24)
    title_style = style(bold=True, font_size=14, align="center", valign="vcenter", text_wrap=True)
    if printed > 0:
        sheet.merge_range(TITLE_ROW, 0, TITLE_ROW, printed, title, title_style)
    else:
        sheet.write_string(TITLE_ROW, 0, title, title_style)
    header_row = SOURCE_ROW
    if source:
        label = f"{word(lang, 'source')}: {source}"
        source_style = style(italic=True, align="center", text_wrap=True)
        if printed > 0:
            sheet.merge_range(SOURCE_ROW, 0, SOURCE_ROW, printed, label, source_style)
        else:
            sheet.write_string(SOURCE_ROW, 0, label, source_style)
        header_row += 1
    heading_style = style(
        bold=True, bg_color="#D9D9D9", align="center", valign="vcenter", text_wrap=True, border=1
    )
    headings = [word(lang, "stt"), *(every[k].heading for k in shown)]
    for column, heading in enumerate(headings):
        sheet.write_string(header_row, column, heading, heading_style)
        widths[column] = min(max(len(w) for w in heading.split() or [""]) + 2, _MAX_WIDTH)
    line = header_row + 1
    records: list[Any] = list(rows)
    sections = groups(records, lang)
    order = {id(item): place for place, item in enumerate(rows)}
    for number, (group, members) in enumerate(sections, start=1):
        if group is not None:
            section = style(bold=True, bg_color="#F2F2F2", border=1)
            sheet.write_string(line, 0, roman(number), style(bold=True, bg_color="#F2F2F2",
                               border=1, align="center"))  # fmt: skip
            if printed > 1:
                sheet.merge_range(line, 1, line, printed, group, section)
            else:
                sheet.write_string(line, 1, group, section)
            sheet.write_blank(line, last, None, style(border=1))
            line += 1
        for stt, item in enumerate(members, start=1):
            sheet.write_number(line, 0, stt, style(**_BORDER, align="center"))
            place = order[id(item)]
            for column, k in enumerate(shown, start=1):
                held = recorded.cells.get((place, k))
                if held is None:
                    sheet.write_blank(line, column, None, style(**_BORDER))
                    continue
                kind, value, extra = held
                if kind == "text":
                    wrap = {"text_wrap": True} if column == 1 or "\n" in value else {}
                    sheet.write_string(line, column, value, style(**_BORDER, **extra | wrap))
                    seen(column, value)
                elif kind == "boolean":
                    sheet.write_boolean(line, column, value, style(**_BORDER, align="center"))
                    seen(column, "FALSE")
                else:
                    shape = _number_format(kind, places.get(k, 0))
                    sheet.write_number(line, column, value, style(**_BORDER, num_format=shape))
                    seen(column, f"+{value:,.{places.get(k, 0)}f}" if kind != "year" else "0000")
            line += 1
    sheet.freeze_panes(header_row + 1, 0)
    widths[0] = 6
    for column in range(count):
        width = max(_MIN_WIDTH, min(_MAX_WIDTH, widths.get(column, _MIN_WIDTH)))
        if column == last:  # the id, for the round trip: small and grey
            sheet.set_column(column, column, width, style(font_color="#808080", font_size=9))
        else:
            sheet.set_column(column, column, width)
    sheet.set_paper(9)  # A4
    if printed + 1 > _LANDSCAPE_ABOVE:
        sheet.set_landscape()
    sheet.set_margins(**_MARGINS)
    sheet.center_horizontally()
    sheet.fit_to_pages(1, 0)  # as wide as the page, as many pages long as it takes
    sheet.repeat_rows(header_row)
    sheet.print_area(0, 0, max(line - 1, header_row), max(printed, 0))
    sheet.set_footer("&C" + ("Trang &P/&N" if lang == "vi" else "Page &P of &N"))
    book.close()
    return out.getvalue()


def _title(report: Report, lang: Lang) -> str:
    parts = program_title(report.program, lang)
    if report.year is not None:
        parts.append(word(lang, "report_year", year=report.year))
    if report.vs_year is not None:
        parts.append(word(lang, "vs", year=report.vs_year))
    return " · ".join(parts)


def measure_heading(table: str, year: int, lang: Lang) -> str:
    """`KH 2020`, `TH 2020`, `Ước TH 2020`; en `Plan 2020`, `Actual 2020`, `Estimate 2020`:
    headings that `sheet.find_header` reads back."""
    short = {"plan": "plan_short", "actual": "actual_short", "estimate": "estimate_short"}
    return f"{word(lang, short[table])} {year}"


def _unit(target: Target, lang: Lang) -> str | None:
    return target.unit_en if lang == "en" and target.unit_en else target.unit


def _estimate(target: Target, year: int) -> PlanValue | None:
    """The estimate that stands in for the year's figure (none when there is an actual)."""
    return None if year in target.actual else target.estimate.get(year)


def _reported(year: int, records: Sequence[Record], lang: Lang) -> list[Column[Record]]:
    """`TH Y`, and `Ước TH Y` when some target has only an estimate for Y."""
    columns = [
        Column[Record](
            measure_heading("actual", year, lang),
            lambda c, r, k, rec: c.value(r, k, rec.target.actual.get(year), lang),
        )
    ]
    if any(_estimate(rec.target, year) is not None for rec in records):
        columns.append(
            Column[Record](
                measure_heading("estimate", year, lang),
                lambda c, r, k, rec: c.value(r, k, _estimate(rec.target, year), lang),
            )
        )
    return columns


def _report_columns(report: Report, lang: Lang, kind: str) -> list[Column[Record]]:
    year = report.year if report.year is not None else 0
    columns: list[Column[Record]] = [
        Column(
            word(lang, "target"),
            lambda c, r, k, rec: c.text(r, k, display_name(rec.target, lang)),
            kept=True,
        ),
        Column(
            word(lang, "unit"),
            lambda c, r, k, rec: c.text(r, k, _unit(rec.target, lang)),
            kept=True,
        ),
        Column(
            measure_heading("plan", year, lang),
            lambda c, r, k, rec: c.value(r, k, rec.target.plan.get(year), lang),
        ),
        *_reported(year, report.records, lang),
        Column(word(lang, "delta"), lambda c, r, k, rec: c.figure(r, k, rec.delta, signed=True)),
        Column(
            word(lang, "delta_pct"),
            lambda c, r, k, rec: c.figure(r, k, rec.delta_pct, signed=True),
        ),
    ]
    if kind == "compare":
        columns.append(
            Column(
                word(lang, "ratio"),
                lambda c, r, k, rec: c.figure(r, k, _percent(rec.ratio)),
            )
        )
    columns.append(
        Column(word(lang, "status"), lambda c, r, k, rec: c.status(r, k, rec.status, lang))
    )
    if kind == "compare" and report.vs_year is not None:
        columns += _reported(report.vs_year, report.records, lang)
        columns += _baseline(report.vs_year, report.records, lang)
        columns.append(
            Column(
                word(lang, "change"),
                lambda c, r, k, rec: c.figure(
                    r, k, rec.previous.change if rec.previous else None, signed=True
                ),
            )
        )
        columns.append(
            Column(
                f"{word(lang, 'vs_year', year=report.vs_year)} (%)",
                lambda c, r, k, rec: c.figure(
                    r, k, rec.previous.ratio_pct if rec.previous else None
                ),
            )
        )
    columns += [
        Column(
            word(lang, "milestone"),
            lambda c, r, k, rec: c.value(r, k, rec.milestone.plan if rec.milestone else None, lang),
        ),
        Column(
            word(lang, "milestone_year"),
            lambda c, r, k, rec: c.year(r, k, rec.milestone.year if rec.milestone else None),
        ),
        _notes(lang),
    ]
    return columns


def _baseline(year: int, records: Sequence[Record], lang: Lang) -> list[Column[Record]]:
    """`Năm gốc 2015` / `Baseline 2015` where `--vs` names a year that some target has only as
    its baseline: the value compared with, under a heading `ntm import` does not read (a
    baseline is not an actual of that year)."""

    def value(rec: Record) -> PlanValue | None:
        baseline = rec.target.baseline
        if baseline is None or baseline.year != year or rec.target.reported(year)[0] is not None:
            return None
        return baseline.value

    if all(value(rec) is None for rec in records):
        return []
    heading = word(lang, "baseline_year", year=year)
    return [Column[Record](heading, lambda c, r, k, rec: c.value(r, k, value(rec), lang))]


def note_text(target: Target, lang: Lang) -> str | None:
    """The target's note, then its source ("Nguồn: …"): the "Ghi chú" / "Notes" column."""
    parts = [target.note] if target.note else []
    if target.rollup is not None:  # its figures are counted from the units (SPEC §12.2)
        parts.insert(0, word(lang, "counted_legend"))
    if target.source:
        parts.append(f"{word(lang, 'source')}: {target.source}")
    return "\n".join(parts) or None


def _notes(lang: Lang) -> Column[Any]:
    """The "Ghi chú" / "Notes" column (SPEC §7): the note and the source of each target."""

    def write(c: Cells, r: int, k: int, rec: Record | OutlookRecord) -> None:
        c.text(r, k, note_text(rec.target, lang), text_wrap=True)

    return Column(word(lang, "notes"), write, kept=True)


# --- year-to-date figures (SPEC §13) -----------------------------------------------------------

# The period statuses in the lights of the year's: green done or on pace, red behind.
PERIOD_FILLS: dict[str, tuple[str, str]] = {
    "completed": ("#C6EFCE", "#006100"),
    "on-pace": ("#E2EFDA", "#375623"),
    "behind": ("#FFC7CE", "#9C0006"),
    "above-pace": ("#FFC7CE", "#9C0006"),
    "over-limit": ("#F8CBAD", "#7B1010"),
    "no-plan": FILLS["no-plan"],
    "no-data": FILLS["no-data"],
}


def render_period_xlsx(report: PeriodReport, lang: Lang, kind: str) -> bytes:
    """The year-to-date report as a workbook whose plan, year-to-date and same-period columns
    `ntm import` reads back: `KH 2024`, `Lũy kế 9 tháng 2024`, `Ước 9 tháng 2024`, `Cùng kỳ
    năm trước` (a reported figure of the year before; an estimated one is left out, so that
    the import does not take it for a reported one)."""
    from ntm_cli.formats import period_parts as parts
    from ntm_cli.i18n import (
        PERIOD_LABELS,
        period_estimate_heading,
        period_heading,
        period_word,
    )

    period = report.period

    def reported(rec: PeriodRecord) -> PlanValue | None:
        return None if rec.estimated else rec.value

    def estimated(rec: PeriodRecord) -> PlanValue | None:
        return rec.value if rec.estimated else None

    def same(rec: PeriodRecord) -> PlanValue | None:
        found = rec.same_period
        return found.value if found is not None and not found.estimated else None

    def status(c: Cells, r: int, k: int, rec: PeriodRecord) -> None:
        fill, font = PERIOD_FILLS[rec.status]
        c.text(r, k, PERIOD_LABELS[lang][rec.status], bg_color=fill, font_color=font)

    columns: list[Column[PeriodRecord]] = [
        Column(
            word(lang, "target"),
            lambda c, r, k, rec: c.text(r, k, display_name(rec.target, lang)),
            kept=True,
        ),
        Column(
            word(lang, "unit"),
            lambda c, r, k, rec: c.text(r, k, _unit(rec.target, lang)),
            kept=True,
        ),
        Column(
            measure_heading("plan", report.year, lang),
            lambda c, r, k, rec: c.value(r, k, rec.plan, lang),
        ),
        Column(
            period_heading(period, lang), lambda c, r, k, rec: c.value(r, k, reported(rec), lang)
        ),
    ]
    if any(rec.estimated for rec in report.records):
        columns.append(
            Column(
                period_estimate_heading(period, lang),
                lambda c, r, k, rec: c.value(r, k, estimated(rec), lang),
            )
        )
    columns += [
        Column(period_word(lang, "plan_pct"), lambda c, r, k, rec: c.figure(r, k, rec.plan_pct)),
        Column(
            period_word(lang, "same_period"), lambda c, r, k, rec: c.value(r, k, same(rec), lang)
        ),
        Column(
            period_word(lang, "same_period_ratio"),
            lambda c, r, k, rec: c.figure(r, k, rec.ratio_pct),
        ),
    ]
    if kind == "compare":
        columns.append(
            Column(
                word(lang, "change"),
                lambda c, r, k, rec: c.figure(
                    r, k, None if rec.change is None else float(rec.change), signed=True
                ),
            )
        )
    columns += [Column(word(lang, "status"), status), _notes(lang)]
    title = " · ".join(parts.title_parts(report, lang))
    return workbook(title, columns, report.records, lang, report.program.source)


# --- outlook ---------------------------------------------------------------------------------


def render_outlook_xlsx(report: OutlookReport, lang: Lang) -> bytes:
    """The `outlook` report as an .xlsx workbook."""
    return workbook(
        " · ".join(title_parts(report, lang)),
        _outlook_columns(report, lang),
        report.records,
        lang,
        report.program.source,
    )


def _first_year(record: OutlookRecord) -> int | None:
    point = record.start or record.current
    return None if point is None else point.year


def _since_start(record: OutlookRecord, year: int) -> bool:
    """Years before a target's own start are none of its business: left blank."""
    first = _first_year(record)
    return first is not None and year >= first


def _outlook_reported(
    year: int, records: Sequence[OutlookRecord], lang: Lang
) -> list[Column[OutlookRecord]]:
    def actual(c: Cells, r: int, k: int, rec: OutlookRecord) -> None:
        if _since_start(rec, year):
            c.value(r, k, rec.target.actual.get(year), lang)

    def estimate(c: Cells, r: int, k: int, rec: OutlookRecord) -> None:
        if _since_start(rec, year):
            c.value(r, k, _estimate(rec.target, year), lang)

    columns: list[Column[OutlookRecord]] = []
    # A start year often has only the baseline, which has its own column: no empty `TH`.
    if any(_since_start(rec, year) and year in rec.target.actual for rec in records):
        columns.append(Column[OutlookRecord](measure_heading("actual", year, lang), actual))
    if any(_since_start(rec, year) and _estimate(rec.target, year) is not None for rec in records):
        columns.append(Column[OutlookRecord](measure_heading("estimate", year, lang), estimate))
    return columns


def _period_target(to_year: int, lang: Lang) -> Column[OutlookRecord]:
    def write(c: Cells, r: int, k: int, rec: OutlookRecord) -> None:
        if rec.to_year == to_year:
            c.value(r, k, rec.plan, lang)

    return Column(measure_heading("plan", to_year, lang), write)


def _method(record: OutlookRecord, lang: Lang) -> str | None:
    return None if record.method is None else word(lang, f"method_{record.method}")


def _outlook_columns(report: OutlookReport, lang: Lang) -> list[Column[OutlookRecord]]:
    columns: list[Column[OutlookRecord]] = [
        Column(
            word(lang, "target"),
            lambda c, r, k, rec: c.text(r, k, display_name(rec.target, lang)),
            kept=True,
        ),
        Column(
            word(lang, "unit"),
            lambda c, r, k, rec: c.text(r, k, _unit(rec.target, lang)),
            kept=True,
        ),
        Column(
            word(lang, "start_year"),
            lambda c, r, k, rec: c.year(r, k, rec.start.year if rec.start else None),
        ),
        Column(
            word(lang, "start"),
            lambda c, r, k, rec: c.value(r, k, rec.start.value if rec.start else None, lang),
        ),
    ]
    for year in year_columns(report, limit=None):
        columns += _outlook_reported(year, report.records, lang)
    goals = {rec.to_year for rec in report.records if rec.to_year is not None}
    columns += [_period_target(y, lang) for y in sorted(goals)]
    columns += [
        Column(word(lang, "progress_pct"), lambda c, r, k, rec: c.figure(r, k, rec.progress_pct)),
        Column(
            word(lang, "outlook_ratio"),
            lambda c, r, k, rec: c.figure(r, k, _percent(shown_ratio(rec))),
        ),
        Column(
            word(lang, "outlook"),
            lambda c, r, k, rec: c.outlook(r, k, rec.outlook, lang, rec.trend),
        ),
        Column(word(lang, "method"), lambda c, r, k, rec: c.text(r, k, _method(rec, lang))),
        Column(word(lang, "pace"), lambda c, r, k, rec: c.figure(r, k, rec.pace)),
        Column(word(lang, "projected"), lambda c, r, k, rec: c.figure(r, k, rec.projected)),
        Column(word(lang, "reach_year"), lambda c, r, k, rec: c.year(r, k, rec.reach_year)),
        _notes(lang),
    ]
    return columns


# --- units (SPEC §12.3) ----------------------------------------------------------------------

# The matrix sheet's cells: `Đạt` / `—` (what `ntm import --units` reads as met / not met),
# green and grey fills; a commune not assessed criterion by criterion has empty cells.
MATRIX_FILLS = {True: ("#C6EFCE", "#006100"), False: ("#EDEDED", "#3A3A3A")}
YES_NO_FILLS = {True: ("#C6EFCE", "#006100"), False: ("#FFC7CE", "#9C0006")}
_DISTRICT_PREFIXES = ("huyện ", "thị xã ", "thành phố ", "quận ")


def matrix_heading(name: str) -> str:
    """A district's heading row in the matrix: its name, with `Huyện` in front unless it
    starts with a word `ntm import --units` takes for a district (Huyện, Thị xã, Thành phố,
    Quận)."""
    return name if name.casefold().startswith(_DISTRICT_PREFIXES) else f"Huyện {name}"


class _SheetCells:
    """One worksheet of the units workbook, written cell by cell, and the widths its texts
    need (the report tables above are laid out by `workbook`; these sheets are simpler)."""

    # xlsxwriter ships no type information: its objects are Any here.
    def __init__(self, book: Any, sheet: Any) -> None:
        self.book = book
        self.sheet = sheet
        self.widths: dict[int, int] = {}
        self._formats: dict[tuple[tuple[str, Any], ...], Any] = {}

    def style(self, **properties: Any) -> Any:
        key = tuple(sorted(properties.items()))
        if key not in self._formats:
            self._formats[key] = self.book.add_format(properties)
        return self._formats[key]

    def _seen(self, column: int, text: str) -> None:
        self.widths[column] = max(self.widths.get(column, 0), len(text) + 2)

    def text(self, row: int, column: int, text: str | None, **style: Any) -> None:
        if text:
            self.sheet.write_string(row, column, text, self.style(**style) if style else None)
            self._seen(column, text)

    def figure(self, row: int, column: int, value: float | None, signed: bool = False) -> None:
        if value is None or not math.isfinite(value):
            return
        shape = "+#,##0.00;-#,##0.00;0.00" if signed else "#,##0.00"
        self.sheet.write_number(row, column, value, self.style(num_format=shape))
        self._seen(column, f"+{value:,.2f}")

    def year(self, row: int, column: int, year: int | None) -> None:
        if year is not None:
            self.sheet.write_number(row, column, year, self.style(num_format="0"))
            self._seen(column, str(year))


def render_units_xlsx(report: UnitsReport, lang: Lang) -> bytes:
    """`ntm units` as a workbook: a sheet per section (summary, districts, criteria with the
    bottlenecks first, units) and the matrix: communes under their districts' heading rows,
    a column per commune criterion headed `TC1`, `TC2`, … with `Đạt` / `—`, and the count
    `Số tiêu chí đạt`, which `ntm import --units --year Y` reads back with no change."""
    import xlsxwriter

    from ntm_cli.formats import units_parts as up

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    title = " · ".join(up.title_parts(report, lang))
    vi = lang == "vi"

    def sheet(name: str, headers: list[str]) -> tuple[_SheetCells, int]:
        cells = _SheetCells(book, book.add_worksheet(name))
        cells.sheet.write_string(TITLE_ROW, 0, title, cells.style(bold=True, font_size=13))
        row = SOURCE_ROW
        if report.program.source:
            label = f"{word(lang, 'source')}: {report.program.source}"
            cells.sheet.write_string(SOURCE_ROW, 0, label, cells.style(italic=True))
            row += 1
        for column, heading in enumerate(headers):
            cells.text(row, column, heading, bold=True, bg_color="#D9D9D9", bottom=1)
        cells.sheet.freeze_panes(row + 1, 0)
        return cells, row + 1

    def finish(cells: _SheetCells, columns: int) -> None:
        for column in range(columns):
            width = cells.widths.get(column, _MIN_WIDTH)
            cells.sheet.set_column(column, column, max(_MIN_WIDTH, min(_MAX_WIDTH, width)))

    def count(cells: _SheetCells, row: int, column: int, value: int | None) -> None:
        if value is not None:
            cells.sheet.write_number(row, column, value, cells.style(num_format="#,##0"))
            cells._seen(column, f"{value:,}")

    def yes_no(cells: _SheetCells, row: int, column: int, value: bool | None) -> None:
        if value is not None:
            fill, font = YES_NO_FILLS[value]
            cells.text(row, column, up.yes_no(value, lang), bg_color=fill, font_color=font)

    s = report.summary
    year = report.year or 0
    if report.year is None or not report.units:
        cells, _ = sheet("Tổng hợp" if vi else "Summary", [])
        cells.text(
            SOURCE_ROW + 1, 0, word(lang, "no_years" if report.year is None else "units_none")
        )
        book.close()
        return out.getvalue()

    # Summary: a label, the count, what it is out of, and the share.
    headers = [word(lang, "units_summary"), word(lang, "units_count"), word(lang, "total"), "%"]
    cells, row = sheet("Tổng hợp" if vi else "Summary", headers)
    lines: list[tuple[str, int | float | None, int | None, float | None, bool]] = [
        (word(lang, "units_communes"), s.communes, None, None, False),
        (word(lang, "units_districts"), s.districts, None, None, False),
        (word(lang, "units_assessed", year=year), s.assessed, s.communes, None, False),
    ]
    for standard in report.standards:
        counts = s.recognised[standard.id]
        lines += [
            (up.name_of(standard, lang), counts.communes, s.communes,
             percent(counts.communes, s.communes), False),
            (word(lang, "units_new", year=year), counts.communes_new, None, None, True),
            (word(lang, "units_withdrawn", year=year), counts.communes_withdrawn, None, None,
             True),
            (word(lang, "units_districts_recognised"), counts.districts, s.districts,
             percent(counts.districts, s.districts), True),
        ]  # fmt: skip
    lines += [
        (word(lang, "units_average", year=year), s.criteria_average, None, None, False),
        (word(lang, "units_average", year=year - 1), s.criteria_average_previous, None, None,
         True),
        (word(lang, "change"), s.criteria_average_change, None, None, True),
    ]  # fmt: skip
    for bucket in s.buckets:
        lines.append((up.bucket_label(bucket.min, bucket.max, lang), bucket.communes,
                      s.assessed, bucket.pct, True))  # fmt: skip
    lines += [
        (word(lang, "units_not_maintained"), s.not_maintained, None, None, False),
        (word(lang, "units_not_assessed", year=year), s.not_assessed, s.communes, None, False),
    ]
    for offset, (label, value, of, pct, indented) in enumerate(lines):
        r = row + offset
        cells.text(r, 0, label, indent=1) if indented else cells.text(r, 0, label)
        if isinstance(value, int):
            count(cells, r, 1, value)
        else:
            cells.figure(r, 1, value, signed=label == word(lang, "change"))
        count(cells, r, 2, of)
        cells.figure(r, 3, pct)
    finish(cells, len(headers))

    # Districts.
    standards = report.standards
    rule = up.rule_standards(report)
    headers = ["id", word(lang, "units_district"), word(lang, "units_communes_short")]
    for standard in standards:
        headers += [up.name_of(standard, lang), f"{up.name_of(standard, lang)} (%)"]
    headers += [word(lang, "units_average_short"), word(lang, "units_own_criteria"),
                word(lang, "units_own")]  # fmt: skip
    headers += [
        word(lang, "units_eligible")
        + (f" ({up.standard_name(report, ds, lang)})" if len(rule) > 1 else "")
        for ds in rule
    ]
    cells, row = sheet("Huyện" if vi else "Districts", headers)
    rows_by_id = {u.unit.id: u for u in report.units}
    for offset, district in enumerate(report.districts):
        r = row + offset
        cells.text(r, 0, district.unit.id)
        cells.text(r, 1, up.name_of(district.unit, lang))
        count(cells, r, 2, district.communes)
        column = 3
        for standard in standards:
            share = district.recognised[standard.id]
            count(cells, r, column, share.count)
            cells.figure(r, column + 1, share.pct)
            column += 2
        cells.figure(r, column, district.criteria_average)
        own = rows_by_id.get(district.unit.id)
        if own is not None and own.criteria_met is not None:
            cells.text(r, column + 1, up.met_text(own, lang), align="right")
        if district.own:
            cells.text(r, column + 2, up.held_text(district.own, report, lang))
        for place, ds in enumerate(rule):
            value = None if district.eligible is None else district.eligible.get(ds)
            yes_no(cells, r, column + 3 + place, value)
    note = up.rule_text(report, lang)
    if note:
        cells.text(row + len(report.districts) + 1, 0, note, italic=True)
    finish(cells, len(headers))

    # Criteria, the bottlenecks first.
    headers = ["id", word(lang, "units_criterion"), word(lang, "units_met_in", year=year),
               word(lang, "total"), "%", word(lang, "units_met_in", year=year - 1),
               f"{word(lang, 'total')} {year - 1}", word(lang, "change")]  # fmt: skip
    cells, row = sheet("Tiêu chí" if vi else "Criteria", headers)
    for offset, item in enumerate(report.bottlenecks()):
        r = row + offset
        count(cells, r, 0, item.criterion.id)
        cells.text(r, 1, up.name_of(item.criterion, lang))
        count(cells, r, 2, item.met)
        count(cells, r, 3, item.of)
        cells.figure(r, 4, item.pct)
        count(cells, r, 5, item.met_previous)
        count(cells, r, 6, item.of_previous)
        if item.change is not None:
            fmt = cells.style(num_format="+#,##0;-#,##0;0")
            cells.sheet.write_number(r, 7, item.change, fmt)
    finish(cells, len(headers))

    # Units: a row each, in the report's order.
    headers = ["id", word(lang, "units_unit"), word(lang, "units_district")]
    headers += [f"{word(lang, 'units_recognitions')}: {up.name_of(st, lang)}" for st in standards]
    headers += [word(lang, "units_met"), word(lang, "total"), word(lang, "units_unmet"),
                word(lang, "units_maintained")]  # fmt: skip
    cells, row = sheet("Xã" if vi else "Units", headers)
    for offset, unit_row in enumerate(report.units):
        r = row + offset
        unit = unit_row.unit
        bold = {"bold": True} if unit.kind == "district" else {}
        cells.text(r, 0, unit.id)
        cells.text(r, 1, up.name_of(unit, lang), **bold)
        parent = rows_by_id.get(unit.parent or "")
        if parent is not None:
            cells.text(r, 2, up.name_of(parent.unit, lang))
        for place, standard in enumerate(standards):
            cells.year(r, 3 + place, unit_row.held.get(standard.id))
        column = 3 + len(standards)
        count(cells, r, column, unit_row.criteria_met)
        count(cells, r, column + 1, unit_row.criteria_total)
        if unit_row.unmet:
            cells.text(r, column + 2, up.unmet_text(report, unit_row, lang))
        yes_no(cells, r, column + 3, unit_row.maintained)
    finish(cells, len(headers))

    _matrix_sheet(report, lang, sheet, finish, count)
    book.close()
    return out.getvalue()


def _matrix_sheet(report: UnitsReport, lang: Lang, sheet: Any, finish: Any, count: Any) -> None:
    """Communes under their districts' heading rows (communes without a district first, above
    any heading, so that none is read as a district's), criteria across."""
    from ntm_cli.formats import units_parts as up

    vi = lang == "vi"
    criteria = report.commune_criteria
    headers = ["STT" if vi else "No.", "Mã" if vi else "id", "Tên xã" if vi else "Name"]
    headers += [f"TC{c.id}" for c in criteria]
    headers.append("Số tiêu chí đạt" if vi else "Criteria met")
    cells, row = sheet("Ma trận" if vi else "Matrix", headers)
    met_word = word(lang, "units_met_cell")
    none = word(lang, "none")
    groups = up.sections(report)
    groups.sort(key=lambda group: group[0] is not None)
    number_ = 0
    for district, members in groups:
        if district is not None:
            name = matrix_heading(district.unit.name)
            cells.text(row, 2, name, bold=True, bg_color="#F2F2F2")
            row += 1
        for member in members:
            number_ += 1
            count(cells, row, 0, number_)
            cells.text(row, 1, member.unit.id)
            cells.text(row, 2, member.unit.name)
            if member.unmet is not None:
                for place, criterion in enumerate(criteria):
                    met = criterion.id not in member.unmet
                    fill, font = MATRIX_FILLS[met]
                    cells.text(row, 3 + place, met_word if met else none, bg_color=fill,
                               font_color=font, align="center")  # fmt: skip
            count(cells, row, 3 + len(criteria), member.criteria_met)
            row += 1
    finish(cells, len(headers))
