"""Reading a report sheet for `ntm import` (SPEC §9): a workbook (.xlsx, .xls, .ods) or a CSV
file, laid out as offices lay out their reports: one row per indicator, columns per measure
and year (`KH 2020`, `TH 2020`, `Ước TH 2020`, or `KH`/`TH` under a `Năm 2020` header).

Three steps, each a plain function: `read_grid` (the file's cells, and the only I/O),
`plan_import` (header, rows matched to targets, cells parsed: an `ImportPlan`), and
`import_values` (what to hand to `write.record_loaded`). `describe_changes` words a dry run.
Every problem is a located `Problem`; nothing here imports typer or rich, and python-calamine
is imported only when a workbook is read (start-up time matters for every other command).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as _dt
import io
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Context, Decimal
from pathlib import Path
from typing import Any, NamedTuple, Protocol, cast

from ntm_cli.edit.write import Table, Wanted
from ntm_cli.errors import NtmError, Problem, describe, show_text
from ntm_cli.i18n import Lang, counted, exact_value, number, problem_message, word
from ntm_cli.targets_file.data import Document, PlanValue, Range
from ntm_cli.targets_file.rules import exact

Cell = str | int | float | bool | None

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
CSV_SUFFIXES = (".csv",)
# Reports put a title, a subtitle and a date above the table; twenty rows is generous.
HEADER_ROWS = 20
# A long list of unmatched rows hides the changes; the rest are counted.
LISTED_ROWS = 20


@dataclass(frozen=True, slots=True)
class Grid:
    """A sheet's cells, row by row from the sheet's first row and column (A1), so that
    positions are the ones the spreadsheet shows. Text is str, numeric cells int or float,
    yes/no cells bool, empty cells None."""

    rows: list[list[Cell]]
    sheet: str | None = None  # the worksheet's name; None for a CSV file
    # Merged regions (first_row, first_column, last_row, last_column), 0-based, inclusive.
    merged: tuple[tuple[int, int, int, int], ...] = ()


class SheetValue(NamedTuple):
    """One value found in the sheet, with the cell it came from (row from 1, column letter)."""

    target_id: str
    table: str  # "plan", "actual", "estimate", "ytd" or "ytd_estimate": the file's key
    year: int
    value: PlanValue
    row: int
    column: str
    where: str = ""  # the cell as messages name it: `Sheet1!D15`
    numeric: bool = False  # from a numeric cell (not text)
    period: str | None = None  # "YYYY-MM" of a year-to-date figure (SPEC §13)


@dataclass(frozen=True, slots=True)
class ImportPlan:
    values: list[SheetValue] = field(default_factory=list)
    unmatched: list[tuple[int, str]] = field(default_factory=list)  # (sheet row, text)
    ambiguous: list[tuple[int, str, tuple[str, ...]]] = field(default_factory=list)
    unreadable: list[Problem] = field(default_factory=list)
    # Values ntm computes itself (a roll-up's counts, SPEC §9/§12) are compared, never
    # written: equal ones are counted here, different ones listed as mismatches (sheet row,
    # problem naming the cell) and their rows skipped.
    compared: int = 0
    mismatched: list[tuple[int, Problem]] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        """Rows skipped: unmatched, ambiguous, or with a value that mismatches ntm's own."""
        rows = {row for row, _ in self.unmatched} | {row for row, _, _ in self.ambiguous}
        return len(rows | {row for row, _ in self.mismatched})


class ChangeLike(Protocol):
    """What `write.record_loaded` reports for each value: `write.Change`."""

    @property
    def target_id(self) -> str: ...
    @property
    def table(self) -> str: ...
    @property
    def year(self) -> int: ...
    @property
    def old(self) -> PlanValue | None: ...
    @property
    def new(self) -> PlanValue: ...
    @property
    def period(self) -> str | None: ...


# --- reading the file -----------------------------------------------------------------------


def read_grid(path: Path, shown: str, sheet: str | None = None) -> Grid:
    """The cells of `path` (`shown` is how messages name it). A workbook's sheet is `sheet`
    or the first worksheet; a CSV file has one sheet, named after the file (as spreadsheets
    name it when they open one), and `--sheet` may only name that one."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        if sheet is not None:
            _pick_sheet([path.stem], sheet, shown)
        grid = _read_csv(_read_bytes(path, shown), shown)
        return Grid(grid.rows, path.stem)  # cells named `report!C7`, as a spreadsheet does
    if suffix in WORKBOOK_SUFFIXES:
        _read_bytes(path, shown, probe=True)
        return _read_workbook(path, shown, sheet)
    raise NtmError.one("sheet_format", shown, got=describe(path.suffix or path.name))


def _read_bytes(path: Path, shown: str, probe: bool = False) -> bytes:
    try:
        if path.is_dir():
            raise NtmError.one("file_is_dir", shown)
        with path.open("rb") as handle:
            return handle.read(1 if probe else -1)
    except FileNotFoundError:
        raise NtmError.one("file_missing", shown) from None
    except OSError as error:
        raise NtmError.one("file_unreadable", shown, reason=error.strerror or str(error)) from None


def _read_csv(data: bytes, shown: str) -> Grid:
    # UTF-16 (Excel's "Unicode text") decodes as UTF-8 where it is ASCII, NULs and all:
    # told by its byte-order mark or its NULs, and refused as Windows code pages are.
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise NtmError.one("sheet_not_utf8", shown, encoding="UTF-16")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise NtmError.one(
            "sheet_not_utf8", shown, encoding=f"byte {error.start + 1}: 0x{data[error.start]:02X}"
        ) from None
    rows = _csv_rows(text, _delimiter(text), shown)
    return Grid([[cell if cell != "" else None for cell in row] for row in rows])


def _csv_rows(text: str, delimiter: str, shown: str) -> list[list[str]]:
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False))
    except csv.Error as error:
        raise NtmError.one("sheet_unreadable", shown, reason=show_text(str(error))) from None


def _delimiter(text: str) -> str:
    """`;` or `,`: the one under which the first rows hold a header row; else the one the
    first non-empty line uses more (the missing header is reported either way)."""
    head = "\n".join(text.splitlines()[:HEADER_ROWS])
    for delimiter in (",", ";"):
        try:
            rows = list(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter))
        except csv.Error:
            continue
        if find_header(Grid([[c or None for c in row] for row in rows])) is not None:
            return delimiter
    first = next((line for line in head.splitlines() if line.strip()), "")
    return ";" if first.count(";") > first.count(",") else ","


def sheet_names(path: Path, shown: str) -> list[str]:
    """The worksheets of a workbook, in order; a CSV file's one sheet (named after it)."""
    if path.suffix.lower() in CSV_SUFFIXES:
        return [path.stem]
    _read_bytes(path, shown, probe=True)
    return _open_workbook(path, shown)[1]


def _open_workbook(path: Path, shown: str) -> tuple[Any, list[str]]:
    import python_calamine

    # calamine raises its own errors, and ValueError or others on damaged files: the file is
    # someone else's, so any failure to read it is the file's problem, not ntm's.
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        names = [
            m.name for m in book.sheets_metadata if m.typ == python_calamine.SheetTypeEnum.WorkSheet
        ] or list(book.sheet_names)
    except Exception as error:
        raise NtmError.one("sheet_unreadable", shown, reason=show_text(str(error), 80)) from None
    return book, names


def _read_workbook(path: Path, shown: str, sheet: str | None) -> Grid:
    book, names = _open_workbook(path, shown)
    name = _pick_sheet(names, sheet, shown)
    try:
        found = book.get_sheet_by_name(name)
        rows: list[list[Any]] = found.to_python(skip_empty_area=False)
        merged = found.merged_cell_ranges or []
        percent = percent_cells(path, name)
    except Exception as error:
        raise NtmError.one("sheet_unreadable", shown, reason=show_text(str(error), 80)) from None
    for row, cells in enumerate(rows):  # in place: a national matrix is not held twice
        cells[:] = [
            _workbook_cell(cell, (row, column) in percent) for column, cell in enumerate(cells)
        ]
    return Grid(
        rows,
        name,
        tuple((a[0], a[1], b[0], b[1]) for a, b in merged),
    )


def _pick_sheet(names: list[str], sheet: str | None, shown: str) -> str:
    if not names:
        raise NtmError.one("sheet_unreadable", shown, reason="no worksheet")
    if sheet is None:
        return names[0]
    if sheet in names:
        return sheet
    folded = [n for n in names if _key(n) == _key(sheet)]
    if len(folded) == 1:
        return folded[0]
    raise NtmError.one(
        "sheet_unknown",
        shown,
        sheet=show_text(sheet),
        sheets=", ".join(show_text(n) for n in names),
    )


def _workbook_cell(cell: Any, percent: bool = False) -> Cell:
    if cell == "" or cell is None:
        return None
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return as_shown(cell, percent)
    if isinstance(cell, bool | str):
        return cell
    if isinstance(cell, _dt.datetime | _dt.date | _dt.time):
        return cell.isoformat()  # a date is no value of ntm's: reported as written
    return str(cell)


# A spreadsheet shows at most 15 significant digits; what a double holds beyond them is the
# noise of its arithmetic (70.50000000000001), never a figure someone typed.
_SHOWN_DIGITS = Context(prec=15, rounding=ROUND_HALF_EVEN)


def as_shown(value: int | float, percent: bool = False) -> int | float:
    """A numeric cell's value as the spreadsheet shows it (SPEC §9): times 100 when the cell
    is formatted as a percentage (Excel shows `70,5%` and stores 0.705), then at most 15
    significant digits; whole values up to 2**53 as integers."""
    if isinstance(value, float) and not math.isfinite(value):
        return value
    exact_value = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if percent:
        exact_value = exact_value.scaleb(2)
    shown = _SHOWN_DIGITS.plus(exact_value)
    if shown == shown.to_integral_value() and abs(shown) <= _EXACT_FLOAT:
        return int(shown)
    result = float(shown)
    if not math.isfinite(result) and not percent:
        return value  # the largest doubles round past a double: kept as stored
    return result  # a percentage beyond a double is infinite: an unreadable cell


# --- number formats: which numeric cells are percentages ------------------------------------
# python-calamine gives values, not number formats (0.9 has no API for them), so the formats
# are read from the file itself: in .xlsx/.xlsm the cell's style index (`s`) leads through
# styles.xml's cellXfs to a number format; .ods marks a percentage cell's value type. In .xls
# and .xlsb (binary) the formats are not read: their cells are taken as stored (README).

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
# Excel's built-in percentage formats: 0% and 0.00%.
_BUILTIN_PERCENT = frozenset({9, 10})
_CELL_REF = re.compile(r"([A-Z]+)([0-9]+)")
# What a format code shows literally: "text", \x, [colour or condition], _x (a space), *x.
_LITERAL = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


def is_percent_format(code: str) -> bool:
    """Whether an Excel number format shows the value times 100 with a % sign."""
    return "%" in _LITERAL.sub("", code)


def percent_cells(path: Path, sheet: str) -> frozenset[tuple[int, int]]:
    """(row, column), 0-based, of the numeric cells of `sheet` formatted as percentages."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_percent_cells(path, sheet)
    if suffix == ".ods":
        return _ods_percent_cells(path, sheet)
    return frozenset()


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _xlsx_percent_cells(path: Path, sheet: str) -> frozenset[tuple[int, int]]:
    import posixpath
    import zipfile
    from xml.etree import ElementTree

    with zipfile.ZipFile(path) as book:
        names = set(book.namelist())
        if "xl/styles.xml" not in names:
            return frozenset()
        styles = ElementTree.fromstring(book.read("xl/styles.xml"))
        custom = {
            int(f.get("numFmtId", "-1")): f.get("formatCode", "")
            for f in styles.iter(f"{_MAIN}numFmt")
        }
        xfs = styles.find(f"{_MAIN}cellXfs")
        percent_styles = {
            index
            for index, xf in enumerate(xfs if xfs is not None else [])
            if (number := int(xf.get("numFmtId", "0"))) in _BUILTIN_PERCENT
            or is_percent_format(custom.get(number, ""))
        }
        if not percent_styles:
            return frozenset()
        workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
        rel_id = next(
            (s.get(f"{_REL}id") for s in workbook.iter(f"{_MAIN}sheet") if s.get("name") == sheet),
            None,
        )
        rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
        target = next(
            (
                r.get("Target", "")
                for r in rels.iter(f"{_PACKAGE_REL}Relationship")
                if r.get("Id") == rel_id
            ),
            "",
        )
        if not target:
            return frozenset()
        member = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join("xl", target))
        )
        found: set[tuple[int, int]] = set()
        with book.open(member) as stream:
            for _, element in ElementTree.iterparse(stream):
                if element.tag != f"{_MAIN}c":
                    continue
                style = element.get("s")
                if (
                    style is not None
                    and int(style) in percent_styles
                    and element.get("t", "n") == "n"
                    and (ref := _CELL_REF.fullmatch(element.get("r", ""))) is not None
                ):
                    found.add((int(ref.group(2)) - 1, _column_index(ref.group(1))))
                element.clear()
        return frozenset(found)


def _ods_percent_cells(path: Path, sheet: str) -> frozenset[tuple[int, int]]:
    import zipfile
    from xml.etree import ElementTree

    cells = (f"{_ODS_TABLE}table-cell", f"{_ODS_TABLE}covered-table-cell")
    found: set[tuple[int, int]] = set()
    with zipfile.ZipFile(path) as book, book.open("content.xml") as stream:
        inside, depth, row, column = False, 0, 0, 0
        for event, element in ElementTree.iterparse(stream, events=("start", "end")):
            tag = element.tag
            if tag == f"{_ODS_TABLE}table":
                if event == "start":
                    depth += 1
                    inside = depth == 1 and element.get(f"{_ODS_TABLE}name") == sheet
                else:
                    depth -= 1
                    if inside and depth == 0:
                        return frozenset(found)
                continue
            if not inside or depth != 1:
                continue
            if tag == f"{_ODS_TABLE}table-row":
                if event == "start":
                    column = 0
                else:
                    row += int(element.get(f"{_ODS_TABLE}number-rows-repeated", "1"))
                    element.clear()
            elif tag in cells and event == "end":
                repeat = int(element.get(f"{_ODS_TABLE}number-columns-repeated", "1"))
                if element.get(f"{_ODS_OFFICE}value-type") == "percentage":
                    found.update((row, column + n) for n in range(min(repeat, 16384)))
                column += repeat
    return frozenset(found)


# --- the header row -------------------------------------------------------------------------

_NAME_HEADINGS = frozenset({"chỉtiêu", "tênchỉtiêu", "nộidung", "name", "indicator", "target"})
_ID_HEADINGS = frozenset({"id", "mã", "mãchỉtiêu"})
_MEASURES = {
    "kh": "plan",
    "kếhoạch": "plan",
    "plan": "plan",
    "th": "actual",
    "thựchiện": "actual",
    "actual": "actual",
    "ướcth": "estimate",
    "ướcthựchiện": "estimate",
    "estimate": "estimate",
}
_MEASURE_YEAR = re.compile(r"(?P<measure>\D+?)(?:năm)?(?P<year>[0-9]{4})")
_YEAR_HEADING = re.compile(r"(?:năm|year)?(?P<year>[0-9]{4})")


# Year-to-date headings (SPEC §13), compared as `_heading` writes them (case-folded, no
# white space): `TH 9 tháng 2024`, `Lũy kế 9 tháng 2024`, `9 tháng đầu năm 2024`, `Ước TH 9
# tháng 2024`, `Quý I/2024` (months 1–3), `Jan–Sep 2024`, `9 months 2024`. A later quarter
# alone (`Quý II/2024`) or one month (`Tháng 9/2024`) is not a figure since 1 January and
# matches none of them.
_ESTIMATE = r"(?P<estimate>ước(?:th|thựchiện)?|estimate|est\.?)?"
_MONTHS_EN = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_PERIOD_HEADINGS = (
    re.compile(
        _ESTIMATE + r"(?:th|thựchiện)?(?:lũykế)?(?P<months>[0-9]{1,2})tháng(?:đầunăm|năm)?"
        r"(?P<year>[0-9]{4})"
    ),
    re.compile(_ESTIMATE + r"(?:th|thựchiện)?lũykếtháng0?(?P<months>1)/(?P<year>[0-9]{4})"),
    # January alone is a figure since 1 January when it says so, or is an estimate of one
    re.compile(r"(?P<estimate>ước(?:th|thựchiện)?)tháng0?(?P<months>1)/(?P<year>[0-9]{4})"),
    re.compile(
        _ESTIMATE + r"(?:th|thựchiện)?(?:lũykế)?quý(?:i|1)(?P<months>)(?:/|năm|-)"
        r"(?P<year>[0-9]{4})"
    ),
    re.compile(
        _ESTIMATE + r"(?:actual)?jan(?:[-–—](?P<to>" + "|".join(_MONTHS_EN) + r"))?"
        r"(?P<year>[0-9]{4})"
    ),
    re.compile(_ESTIMATE + r"(?:actual)?(?P<months>[0-9]{1,2})months?(?P<year>[0-9]{4})"),
)
# The same months of the year before, beside a year-to-date column.
_SAME_PERIOD = frozenset({"cùngkỳnămtrước", "cùngkỳ", "sameperiodlastyear", "sameperiod"})


def period_measure(heading: str) -> tuple[str, str] | None:
    """("ytd" or "ytd_estimate", "YYYY-MM") for a year-to-date heading; ("same", "") for
    `Cùng kỳ năm trước`; None otherwise."""
    if heading in _SAME_PERIOD:
        return "same", ""
    for pattern in _PERIOD_HEADINGS:
        found = pattern.fullmatch(heading)
        if found is None:
            continue
        groups = found.groupdict()
        if groups.get("to"):
            months = _MONTHS_EN.index(groups["to"]) + 1
        elif groups.get("months"):
            months = int(groups["months"])
        else:
            months = 3 if "quý" in heading else 1
        year = _year(found["year"])
        if year is None or not 1 <= months <= 12:
            return None
        table = "ytd_estimate" if found["estimate"] else "ytd"
        return table, f"{year:04d}-{months:02d}"
    return None


@dataclass(frozen=True, slots=True)
class Header:
    row: int  # 0-based index of the row whose cells name the measures
    id_column: int | None
    name_column: int | None
    measures: dict[int, tuple[str, int]]  # column -> (table, year)
    # column -> (table, period) of year-to-date figures; "same" for the same period
    periods: dict[int, tuple[str, str]] = field(default_factory=dict)


def _key(text: str) -> str:
    """Text compared as SPEC §9 compares names: NFC, case-folded, white space collapsed."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    return " ".join(folded.split())


def _heading(cell: Cell) -> str:
    """A heading compared as a whole, ignoring case and every white space."""
    if isinstance(cell, bool) or cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return "".join(_key(str(cell)).split())


def _year(text: str) -> int | None:
    year = int(text)
    return year if 1900 <= year <= 2100 else None


def _measure(heading: str, year_above: int | None) -> tuple[str, int] | None:
    table = _MEASURES.get(heading)
    if table is not None:
        return (table, year_above) if year_above is not None else None
    found = _MEASURE_YEAR.fullmatch(heading)
    if found is None:
        return None
    table, year = _MEASURES.get(found["measure"]), _year(found["year"])
    return (table, year) if table is not None and year is not None else None


def _years_over(grid: Grid, row: int) -> dict[int, int]:
    """Columns that a `Năm 2020` (`Year 2020`, `2020`) cell in `row` stands over: its merged
    region, or, where it is not merged, itself and the empty cells to its right."""
    cells = grid.rows[row]
    spans = {(r0, c0): c1 for r0, c0, r1, c1 in grid.merged if r0 <= row <= r1}
    years: dict[int, int] = {}
    column = 0
    while column < len(cells):
        found = _YEAR_HEADING.fullmatch(_heading(cells[column]))
        year = _year(found["year"]) if found else None
        if year is None:
            column += 1
            continue
        last = next((c1 for (_, c0), c1 in spans.items() if c0 == column), None)
        if last is None:
            last = column
            while last + 1 < len(cells) and cells[last + 1] in (None, ""):
                last += 1
        for covered in range(column, last + 1):
            years[covered] = year
        column = last + 1
    return years


def find_header(grid: Grid) -> Header | None:
    """The first row (of the first 20) with a name or id column and at least one measure
    column. A measure heading names its year (`KH 2020`) or stands under a year header in
    the row above (`KH` under `Năm 2020`); a name or id heading may also sit in the row
    above, over an empty cell (a heading merged across the two header rows)."""
    for row in range(min(HEADER_ROWS, len(grid.rows))):
        cells = grid.rows[row]
        above = grid.rows[row - 1] if row > 0 else []
        years = _years_over(grid, row - 1) if row > 0 else {}
        id_column = name_column = None
        measures: dict[int, tuple[str, int]] = {}
        periods: dict[int, tuple[str, str]] = {}
        for column in range(max(len(cells), len(above))):
            heading = _heading(cells[column]) if column < len(cells) else ""
            if not heading and column < len(above):
                heading = _heading(above[column])
            measure = _measure(heading, years.get(column))
            ytd = period_measure(heading) if measure is None else None
            if measure is not None:
                if measure not in measures.values():  # the first of two equal columns counts
                    measures[column] = measure
            elif ytd is not None:
                if ytd not in periods.values():
                    periods[column] = ytd
            elif heading in _ID_HEADINGS and id_column is None:
                id_column = column
            elif heading in _NAME_HEADINGS and name_column is None:
                name_column = column
        periods = _with_same_period(periods)
        if (measures or periods) and (id_column is not None or name_column is not None):
            return Header(row, id_column, name_column, measures, periods)
    return None


def _with_same_period(periods: dict[int, tuple[str, str]]) -> dict[int, tuple[str, str]]:
    """`Cùng kỳ năm trước` holds the same months of the year before as the year-to-date column
    it stands beside: the nearest on its left (else on its right). Without one it is not
    read."""
    figures = sorted((c, p) for c, (table, p) in periods.items() if table != "same")
    found: dict[int, tuple[str, str]] = {}
    for column, measure in periods.items():
        if measure[0] != "same":
            found[column] = measure
            continue
        left = [p for c, p in figures if c < column]
        right = [p for c, p in figures if c > column]
        beside = left[-1] if left else right[0] if right else None
        if beside is not None:
            before = f"{int(beside[:4]) - 1:04d}-{beside[5:]}"
            if ("ytd", before) not in found.values():
                found[column] = ("ytd", before)
    return found


# --- cells ----------------------------------------------------------------------------------

_NO_VALUE = frozenset({"", "-", "–", "—", "…", "..."})
_YES = frozenset({"true", "có", "đạt", "yes"})
_NO = frozenset({"false", "không", "không đạt", "no"})
_SIGNS = {"+": "", "-": "-", "−": "-"}
_NUMBER = r"[+\-−]?[0-9][0-9.,]*"
_RANGE = re.compile(rf"(?P<low>{_NUMBER})\s*%?\s*[-–—]\s*(?P<high>{_NUMBER})\s*%?")
_SPACED = re.compile(r"[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+(?:[.,][0-9]+)?")
_GROUPED = {
    ".": re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+"),
    ",": re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+"),
}
_DIGITS = re.compile(r"[0-9]+")
# The largest integer TOML holds; beyond it a count is a mistake, not a figure.
_TOML_INT = 2**63 - 1
_EXACT_FLOAT = 2**53
_GROUP_MARK: dict[str, str] = {"vi": ".", "en": ","}


class _Unreadable(ValueError):
    pass


def is_blank(cell: Cell) -> bool:
    """No value: an empty cell, or `-`, `–`, `—`, `…` (SPEC §9)."""
    return cell is None or (isinstance(cell, str) and cell.strip() in _NO_VALUE)


def parse_number(text: str, lang: str | None) -> int | float:
    """A number written in either convention, `1.234,5` or `1,234.5`, with or without `%`.
    `1.234` and `1,234` are read by `lang` (vi or None: `.` groups thousands; en: `,`).
    Raises ValueError for anything else."""
    text = unicodedata.normalize("NFC", text).strip()
    if text.endswith("%"):
        text = text[:-1].rstrip()
    sign = _SIGNS.get(text[:1])
    if sign is not None:
        text = text[1:]
    else:
        sign = ""
    if _SPACED.fullmatch(text):
        text = re.sub(r"[ \u00a0\u202f]", "", text)
    if not text[:1].isascii() or not text[:1].isdigit():
        raise _Unreadable(text)
    whole, fraction = _split(text, lang)
    if not _DIGITS.fullmatch(whole) or (fraction and not _DIGITS.fullmatch(fraction)):
        raise _Unreadable(text)
    if not fraction:
        value = int(sign + whole)
        if abs(value) > _TOML_INT:
            raise _Unreadable(text)
        return value
    result = float(Decimal(f"{sign}{whole}.{fraction}"))
    if not math.isfinite(result):
        raise _Unreadable(text)
    return result


def _split(text: str, lang: str | None) -> tuple[str, str]:
    """(whole digits, fraction digits) of an unsigned number with its separators."""
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        point = "." if text.rfind(".") > text.rfind(",") else ","
        group = "," if point == "." else "."
        whole, _, fraction = text.partition(point)
        if point in fraction or not _GROUPED[group].fullmatch(whole) or not fraction:
            raise _Unreadable(text)
        return whole.replace(group, ""), fraction
    if not dots and not commas:
        return text, ""
    mark = "." if dots else ","
    if dots + commas > 1:
        if not _GROUPED[mark].fullmatch(text):
            raise _Unreadable(text)
        return text.replace(mark, ""), ""
    whole, _, fraction = text.partition(mark)
    # One mark before three digits, after one to three (not a lone 0): `1.234` is a thousand
    # and some in Vietnamese, one and a fraction in English: the file's language decides.
    looks_grouped = len(fraction) == 3 and len(whole) <= 3 and whole != "0"
    if looks_grouped and mark == _GROUP_MARK.get(lang or "vi", "."):
        return whole + fraction, ""
    if not fraction:
        raise _Unreadable(text)
    return whole, fraction


def parse_cell(
    cell: Cell, table: str, lang: str | None, where: str = "", file: str | None = None
) -> PlanValue | None:
    """A cell's value for `table` ("plan", "actual", "estimate"), or None for no value. A
    range is read in plan columns only. Raises NtmError naming `where` (`Sheet1!C7`)."""
    if is_blank(cell):
        return None
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, int):
        if abs(cell) <= _TOML_INT:
            return cell
    elif isinstance(cell, float):
        if math.isfinite(cell):
            return int(cell) if cell.is_integer() and abs(cell) <= _EXACT_FLOAT else cell
    elif isinstance(cell, str):
        try:
            return _parse_text(cell, table, lang)
        except _Unreadable as error:
            code = error.args[1] if len(error.args) > 1 else _unreadable_code(table)
            raise _cell_error(code, cell, where, file) from None
    raise _cell_error(_unreadable_code(table), cell, where, file)


def _unreadable_code(table: str) -> str:
    return "sheet_plan_value" if table == "plan" else "sheet_value"


def _cell_error(code: str, cell: Cell, where: str, file: str | None) -> NtmError:
    return NtmError([Problem(code, {"got": describe(cell)}, file=file, field=where or None)])


def _parse_text(text: str, table: str, lang: str | None) -> PlanValue:
    text = unicodedata.normalize("NFC", text).strip()
    key = _key(text)
    if key in _YES:
        return True
    if key in _NO:
        return False
    found = _RANGE.fullmatch(text)
    if found is not None:
        if table != "plan":
            raise _Unreadable(text, "sheet_range_not_plan")
        low, high = parse_number(found["low"], lang), parse_number(found["high"], lang)
        if not low < high:
            raise _Unreadable(text, "sheet_range_order")
        return Range(low, high)
    return parse_number(text, lang)


def column_letter(column: int) -> str:
    """A, B, …, Z, AA, AB, … for a 0-based column."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_name(grid: Grid, row: int, column: int) -> str:
    """`Sheet1!C7` (`'Báo cáo 2020'!C7` when the name needs quoting), `C7` in a CSV file."""
    where = f"{column_letter(column)}{row + 1}"
    if grid.sheet is None:
        return where
    name = show_text(grid.sheet)
    if not re.fullmatch(r"\w+", name):
        name = "'" + name.replace("'", "''") + "'"
    return f"{name}!{where}"


# --- rows to targets ------------------------------------------------------------------------


def plan_import(
    grid: Grid,
    doc: Document,
    shown: str,
    computed: Mapping[tuple[str, str, int], PlanValue | None] | None = None,
) -> ImportPlan:
    """Every value of the sheet matched to a target, with what was skipped and why.

    A row is matched by its id cell when the sheet has an id column and the cell is filled,
    else by its name (against `name` and `name_en`). Rows with neither an id, a name that
    matches, nor any value (blank rows, section headings such as "I. KINH TẾ") are passed
    over; a row that has values but matches no target is listed as unmatched.

    `computed` holds the values ntm computes, by (target id, table, year): a sheet value for
    such a key is compared with it and never written (`ImportPlan.compared`, `mismatched`).
    A yes/no word for a numeric target, or a number for a yes/no one, is a problem of its
    cell."""
    computed = computed or {}
    kinds = {target.id: _kind(target) for target in doc.target}
    header = find_header(grid)
    if header is None:
        raise NtmError.one("sheet_no_header", shown, rows=HEADER_ROWS)
    kinds = {key: kind for key, kind in kinds.items() if kind is not None}
    by_id = {target.id: target.id for target in doc.target}
    by_name: dict[str, list[str]] = {}
    for target in doc.target:
        for name in {_key(target.name), _key(target.name_en or "")} - {""}:
            by_name.setdefault(name, []).append(target.id)
    lang = doc.program.lang
    plan = ImportPlan()
    compared = 0
    first_seen: dict[tuple[str, str, int | str], tuple[PlanValue, str]] = {}
    # (column, table, year, period): a year's measure, or a year-to-date figure's period
    measures: list[tuple[int, str, int, str | None]] = sorted(
        [(column, table, year, None) for column, (table, year) in header.measures.items()]
        + [(column, table, int(p[:4]), p) for column, (table, p) in header.periods.items()]
    )
    for row in range(header.row + 1, len(grid.rows)):
        cells = grid.rows[row]
        filled = [
            (column, table, year, period, cells[column])
            for column, table, year, period in measures
            if column < len(cells) and not is_blank(cells[column])
        ]
        id_text = _text_at(cells, header.id_column)
        name_text = _text_at(cells, header.name_column)
        if id_text:
            target_id = by_id.get(id_text) or by_id.get(id_text.casefold())
            if target_id is None and filled:
                plan.unmatched.append((row + 1, id_text))
        elif name_text:
            ids = by_name.get(_key(name_text), [])
            target_id = ids[0] if len(ids) == 1 else None
            if len(ids) > 1:
                plan.ambiguous.append((row + 1, name_text, tuple(ids)))
            elif not ids and filled:
                plan.unmatched.append((row + 1, name_text))
        else:
            target_id = None
            if filled:
                plan.unmatched.append((row + 1, ""))
        if target_id is None:
            continue
        for column, table, year, period, cell in filled:
            where = cell_name(grid, row, column)
            try:
                value = parse_cell(cell, table, lang, where, shown)
            except NtmError as error:
                plan.unreadable.extend(error.problems)
                continue
            if value is None:
                continue
            kind = "boolean" if isinstance(value, bool) else "number"
            expected = kinds.setdefault(target_id, kind)
            if kind != expected:
                params = {"id": target_id, "table": table, "year": year, "got": describe(cell)}
                code = "sheet_not_number" if expected == "number" else "sheet_not_boolean"
                plan.unreadable.append(Problem(code, params, file=shown, field=where))
                continue
            slot = period or year
            seen = first_seen.setdefault((target_id, table, slot), (value, where))
            if seen[1] != where:
                if not _same(seen[0], value):
                    plan.unreadable.append(_duplicate(target_id, table, slot, where, seen, shown))
                continue
            if (target_id, table, year) in computed:
                ours = computed[(target_id, table, year)]
                if ours is not None and _same(ours, value):
                    compared += 1
                else:
                    params = {"id": target_id, "table": table, "year": year, "new": value}
                    problem = Problem(
                        "sheet_computed_mismatch", {**params, "old": ours}, file=shown, field=where
                    )
                    plan.mismatched.append((row + 1, problem))
                continue
            plan.values.append(
                SheetValue(
                    target_id,
                    table,
                    year,
                    value,
                    row + 1,
                    column_letter(column),
                    where,
                    isinstance(cell, int | float) and not isinstance(cell, bool),
                    period,
                )
            )
    return dataclasses.replace(plan, compared=compared)


def _kind(target: Any) -> str | None:
    """ "number" or "boolean": what the target's values are, None while it has none."""
    for values in (target.plan, target.actual, target.estimate):
        for value in values.values():
            return "boolean" if isinstance(value, bool) else "number"
    return None


def _text_at(cells: Sequence[Cell], column: int | None) -> str:
    if column is None or column >= len(cells) or is_blank(cells[column]):
        return ""
    cell = cells[column]
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return " ".join(unicodedata.normalize("NFC", str(cell)).split())


def _same(a: PlanValue, b: PlanValue) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, Range) or isinstance(b, Range):
        return isinstance(a, Range) and isinstance(b, Range) and tuple(a) == tuple(b)
    return a == b


def _duplicate(
    target_id: str,
    table: str,
    year: int | str,
    where: str,
    seen: tuple[PlanValue, str],
    shown: str,
) -> Problem:
    params = {"id": target_id, "table": table, "year": year, "first": seen[1]}
    return Problem("sheet_duplicate", params, file=shown, field=where)


def read_plan(
    path: Path,
    shown: str,
    sheet: str | None,
    doc: Document,
    computed: Mapping[tuple[str, str, int], PlanValue | None] | None = None,
) -> ImportPlan:
    """`read_grid` then `plan_import`: the sheet at `path` against the targets of `doc`."""
    return plan_import(read_grid(path, shown, sheet), doc, shown, computed)


def import_values(plan: ImportPlan) -> list[Wanted]:
    """The values to record, in sheet order. Raises the unreadable cells as one NtmError:
    SPEC §9 writes nothing when a cell cannot be read."""
    if plan.unreadable:
        raise NtmError(list(plan.unreadable))
    return [
        Wanted(v.target_id, cast(Table, v.table), v.year, v.value, v.period) for v in plan.values
    ]


# --- words ----------------------------------------------------------------------------------


def exact_text(value: int | float, lang: Lang) -> str:
    """Every digit of the value as written, with the language's decimal mark, no grouping."""
    text = f"{exact(value):f}"
    return text.replace(".", ",") if lang == "vi" else text


_LOOKS_GROUPED = re.compile(r"-?[1-9][0-9]{0,2}[.,][0-9]{3}")


def range_text(value: Range, lang: Lang) -> str:
    """A range as a cell that `parse_cell` reads back to the same bounds whatever the file's
    language: `7,5–8` (en `7.5–8`), every digit kept, and a bound that would read as a
    thousand and some (`1,234`) given one more zero (`1,2340`)."""
    return "–".join(number_text(bound, lang) for bound in value)


def number_text(value: int | float, lang: Lang) -> str:
    """A number as a text cell that `parse_cell` reads back to the same value whatever the
    file's language: every digit, and one more zero where it would read as grouped."""
    text = exact_text(value, lang)
    if isinstance(value, float) and text.lstrip("-").isdigit():
        text += ",0" if lang == "vi" else ".0"  # read back as the double, not as an integer
    return _unambiguous(text)


def _unambiguous(text: str) -> str:
    return text + "0" if _LOOKS_GROUPED.fullmatch(text) else text


def describe_changes(
    changes: Iterable[ChangeLike], lang: Lang, plan: ImportPlan | None = None
) -> str:
    """The dry run's listing: one line per change (`income: actual.2020: 94,45 → 95`), then
    the rows skipped as ambiguous or unmatched. Ends with a newline."""
    lines = [
        f"{c.target_id}: {c.table}.{c.period or c.year}: {exact_value(c.old, lang)} → "
        f"{exact_value(c.new, lang)}"
        for c in changes
        if c.old is None or not _same(c.old, c.new)
    ]
    if not lines:
        lines.append(word(lang, "import_none"))
    if plan is not None:
        lines += describe_skipped(plan, lang)
    return "\n".join(lines) + "\n"


def describe_skipped(plan: ImportPlan, lang: Lang) -> list[str]:
    """One line per skipped row, in sheet order; past `LISTED_ROWS` lines, a count."""
    skipped = [
        (row, word(lang, "import_ambiguous", row=row, text=show_text(text), ids=", ".join(ids)))
        for row, text, ids in plan.ambiguous
    ]
    skipped += [
        (row, word(lang, "import_unmatched", row=row, text=show_text(text)))
        for row, text in plan.unmatched
    ]
    skipped += [(row, problem_message(problem, lang)) for row, problem in plan.mismatched]
    return listed_rows(skipped, lang)


def listed_rows(skipped: list[tuple[int, str]], lang: Lang) -> list[str]:
    """The lines of (sheet row, line) pairs in sheet order; past `LISTED_ROWS` lines, the
    last one counts the rest (`import` and `import --units` alike)."""
    lines = [line for _, line in sorted(skipped, key=lambda item: item[0])]
    if len(lines) > LISTED_ROWS:
        rest = len(lines) - LISTED_ROWS + 1
        lines = [*lines[: LISTED_ROWS - 1], word(lang, "import_more", n=number(rest, lang))]
    return lines


# --- after the import (SPEC §9, version 3) --------------------------------------------------


def at_cells(error: NtmError, plan: ImportPlan, sheet_shown: str) -> NtmError:
    """The refusals of `write.record_loaded` (a value that conflicts with the file, a value
    the file would reject), each named by the sheet cell the value came from:
    `bao-cao.xlsx: Sheet1!D15: target "income": actual.2020: already 94,45; …`."""
    cells = {(v.target_id, f"{v.table}.{v.period or v.year}"): v.where for v in plan.values}
    located = []
    for problem in error.problems:
        where = cells.get((problem.target_id or "", problem.field or ""))
        if where is None:
            located.append(problem)
        else:
            located.append(dataclasses.replace(problem, file=f"{sheet_shown}: {where}", line=None))
    return NtmError(located)


def import_warnings(
    doc: Document, changes: Iterable[ChangeLike], plan: ImportPlan, sheet_shown: str, shown: str
) -> list[Problem]:
    """The warnings of SPEC §5 that the imported values cause (there after, not before),
    each named by its sheet cell where one value caused it (`bao-cao.xlsx: Sheet1!D15:
    target "communes": actual.2020: 190 is greater than total 181`), else by its target."""
    from ntm_cli.targets_file.lint import warnings

    changed = [c for c in changes if c.old is None or not _same(c.old, c.new)]
    if not changed:
        return []
    index = {target.id: position for position, target in enumerate(doc.target)}
    touched = sorted({index[c.target_id] for c in changed})
    after = {position: doc.target[position] for position in touched}
    for change in changed:
        position = index[change.target_id]
        values = dict(getattr(after[position], change.table))
        values[change.period or change.year] = change.new  # a period for ytd
        updated: dict[str, Any] = {change.table: values}
        after[position] = dataclasses.replace(after[position], **updated)

    def found(targets: list[Any]) -> list[Problem]:
        return warnings(dataclasses.replace(doc, target=targets), {}, "", shown)

    def key(problem: Problem) -> tuple[str, str | None, str | None, str]:
        return (
            problem.code,
            problem.target_id,
            problem.field,
            repr(sorted(problem.params.items())),
        )

    before = {key(p) for p in found([doc.target[position] for position in touched])}
    cells = {
        (v.target_id, f"{v.table}.{v.period or v.year}"): (n, v.where)
        for n, v in enumerate(plan.values)
    }
    caused = []
    for problem in found([after[position] for position in touched]):
        if key(problem) in before:
            continue
        order, where = cells.get((problem.target_id or "", problem.field or ""), (-1, ""))
        file = f"{sheet_shown}: {where}" if where else shown
        located = dataclasses.replace(problem, file=file, line=None, target_index=None)
        caused.append((order if where else len(cells), located))
    # In sheet order: the warnings of cell problems follow the cells down the sheet.
    return [problem for _, problem in sorted(caused, key=lambda item: item[0])]


def closing_line(changes: Iterable[ChangeLike], plan: ImportPlan, lang: Lang, dry_run: bool) -> str:
    """The last line of an import: how many values were written (or would be, and that
    nothing was), how many were unchanged, how many rows were skipped."""
    listed = list(changes)
    written = sum(1 for c in listed if c.old is None or not _same(c.old, c.new))
    unchanged = len(listed) - written + plan.compared
    return closing_words(lang, dry_run, written, unchanged, plan.skipped)


def closing_words(lang: Lang, dry_run: bool, written: int, unchanged: int, skipped: int) -> str:
    """The closing count line in words (`import` and `import --units` alike)."""
    return word(
        lang,
        "import_dry" if dry_run else "import_done",
        written=counted(lang, "import_values", written),
        unchanged=number(unchanged, lang),
        skipped=counted(lang, "import_rows", skipped),
    )


# Workbooks whose number formats ntm does not read (see `percent_cells`).
_FORMATS_UNREAD = (".xls", ".xlsb")


def unread_percent_warnings(
    plan: ImportPlan, doc: Document, path: Path, sheet_shown: str
) -> list[Problem]:
    """In a workbook whose number formats are not read (.xls, .xlsb), a numeric cell between
    -1 and 1 for a target whose unit is `%` may be a percentage cell read as stored (0.705 for
    70,5%): each is a warning naming its cell, so that the figure is not silently wrong."""
    if path.suffix.lower() not in _FORMATS_UNREAD:
        return []
    rates = {target.id for target in doc.target if target.unit == "%"}
    return [
        Problem(
            "sheet_percent_unread",
            {"new": value.value, "extension": path.suffix.lower()},
            file=f"{sheet_shown}: {value.where}",
            target_id=value.target_id,
            field=f"{value.table}.{value.year}",
        )
        for value in plan.values
        if value.numeric
        and value.target_id in rates
        and isinstance(value.value, int | float)
        and not isinstance(value.value, bool)
        and 0 < abs(value.value) < 1
    ]
