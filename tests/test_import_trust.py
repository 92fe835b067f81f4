"""An import you can trust (SPEC §9, version 3): percent cells read as shown, 15 significant
digits, exit 1 for skipped rows and --strict, warnings named by cell, every cell problem named
`file: Sheet!D15`, the closing count line, CSV encodings refused with a hint, `KH năm 2024`."""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntm_cli.edit.sheet import Grid, as_shown, is_percent_format, plan_import, read_grid
from ntm_cli.i18n import problem_message
from tests.builders import data_document, data_target
from tests.conftest import Runner
from tests.runner import files_in

FILE = """\
[program]
lang = "vi"

[[target]]
id = "income"
name = "Thu nhập bình quân"
plan = { 2024 = 70 }

[[target]]
id = "communes"
name = "Số xã đạt chuẩn"
total = 181
actual = { 2023 = 150 }

[[target]]
id = "rate"
name = "Tỷ lệ che phủ rừng"
unit = "%"
"""


@pytest.fixture
def targets(write_toml: Callable[[str], Path]) -> Path:
    return write_toml(FILE)


def _book(path: Path, rows: list[list[object]], formats: dict[tuple[int, int], str] | None = None):
    """A workbook with one sheet `Sheet1`: `rows` from A1, cells (row, column) given a number
    format by `formats`."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Sheet1")
    styles: dict[str, object] = {}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            code = (formats or {}).get((r, c))
            style = styles.setdefault(code, book.add_format({"num_format": code})) if code else None
            if isinstance(value, bool):
                sheet.write_boolean(r, c, value, style)
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value, style)
            elif value is not None:
                sheet.write_string(r, c, str(value), style)
    book.close()
    return path


# --- percent cells and 15 digits ------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "percent"),
    [
        ("0%", True),
        ("0.00%", True),
        ("0.0%", True),
        ("#,##0.0%;[Red]-#,##0.0%", True),
        ('0.0"%"', False),  # a literal sign: Excel shows the value as stored
        ("0.0\\%", False),
        ("0.00", False),
        ("General", False),
        ('[$-42A]0.0 "phần trăm"', False),
    ],
)
def test_which_formats_are_percentages(code: str, percent: bool) -> None:
    assert is_percent_format(code) is percent


def test_a_percent_cell_is_read_as_it_shows(ntm: Runner, targets: Path) -> None:
    rows = [
        ["Chỉ tiêu", "Ước TH 2024", "KH 2025"],
        ["Thu nhập bình quân", 0.705, 0.75],
        ["Tỷ lệ che phủ rừng", 0.1234, 0.5],
    ]
    formats = {(1, 1): "0.0%", (1, 2): "0%", (2, 1): "0.00%", (2, 2): '0.0"%"'}
    _book(targets.parent / "r.xlsx", rows, formats)
    result = ntm("import", "r.xlsx", "--dry-run", cwd=targets.parent)
    assert result.code == 0, result.err
    assert result.out == (
        "income: estimate.2024: — → 70,5\n"
        "income: plan.2025: — → 75\n"
        "rate: estimate.2024: — → 12,34\n"
        "rate: plan.2025: — → 0,5\n"
        "Chạy thử: sẽ ghi 4 giá trị, 0 giá trị không đổi, bỏ qua 0 dòng; chưa ghi gì vào tệp.\n"
    )


def test_an_ods_percentage_cell_is_read_as_it_shows(tmp_path: Path) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Biểu 1")
    for values in (["Chỉ tiêu", "TH 2024", "KH 2025"], ["Rừng", 0.705, 0.5]):
        row = TableRow()
        for column, value in enumerate(values):
            if isinstance(value, float):
                kind = "percentage" if column == 1 else "float"
                cell = TableCell(valuetype=kind, value=value, numbercolumnsrepeated=1)
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(value)))
            row.addElement(cell)
        table.addElement(row)
    document.spreadsheet.addElement(table)
    document.save(str(tmp_path / "r.ods"))
    grid = read_grid(tmp_path / "r.ods", "r.ods")
    assert grid.rows[1][1:3] == [70.5, 0.5]


def test_spreadsheet_noise_is_cut_to_15_digits(ntm: Runner, targets: Path) -> None:
    rows = [
        ["Chỉ tiêu", "TH 2024", "KH 2025"],
        ["Thu nhập bình quân", 70.50000000000001, 0.1 + 0.2],
    ]
    _book(targets.parent / "r.xlsx", rows)
    result = ntm("import", "r.xlsx", cwd=targets.parent)
    assert result.code == 0, result.err
    written = tomllib.loads(targets.read_text("utf-8"))["target"][0]
    assert written["actual"] == {"2024": 70.5}
    assert written["plan"] == {"2024": 70, "2025": 0.3}


@given(st.floats(allow_nan=False, allow_infinity=False, width=64), st.booleans())
def test_a_numeric_cell_keeps_at_most_15_significant_digits(value: float, percent: bool) -> None:
    shown = as_shown(value, percent)
    exact = Decimal(repr(value)) * (100 if percent else 1)
    if isinstance(shown, float) and not math.isfinite(shown):
        assert percent and abs(exact) > Decimal("1.79e308")  # read as an unreadable cell
        return
    if abs(exact) > Decimal("1.7976931348623e308"):
        assert shown == value  # rounding would pass a double: kept as stored
        return
    if shown == 0:
        assert exact == 0 or abs(exact) < Decimal("1e-290")
        return
    assert len(Decimal(repr(shown)).normalize().as_tuple().digits) <= 15
    assert abs(Decimal(repr(shown)) - exact) <= abs(exact) * Decimal("1e-14")
    if isinstance(shown, int):
        assert abs(shown) <= 2**53


def test_kh_nam_reads_as_kh(ntm: Runner, targets: Path) -> None:
    (targets.parent / "r.csv").write_text(
        "Chỉ tiêu;KH năm 2025;TH năm 2024\nThu nhập bình quân;80;71\n", "utf-8"
    )
    result = ntm("import", "r.csv", "--dry-run", "--lang", "en", cwd=targets.parent)
    assert result.out.splitlines()[:2] == [
        "income: plan.2025: — → 80",
        "income: actual.2024: — → 71",
    ]


# --- skipped rows: exit 1, --strict ---------------------------------------------------------

SKIPPING = "Chỉ tiêu,TH 2024\nThu nhập bình quân,71\nThu nhập bình quan,72\nSố xã đạt chuẩn,160\n"


def test_skipped_rows_end_in_1_and_the_rest_is_written(ntm: Runner, targets: Path) -> None:
    (targets.parent / "r.csv").write_text(SKIPPING, "utf-8")
    dry = ntm("import", "r.csv", "--dry-run", "--lang", "en", cwd=targets.parent)
    assert dry.code == 1
    assert targets.read_text("utf-8") == FILE
    result = ntm("import", "r.csv", "--lang", "en", cwd=targets.parent)
    assert result.code == 1
    assert result.err == 'row 3: "Thu nhập bình quan": matches no target; skipped\n'
    assert result.out == (
        "income: actual.2024: — → 71\n"
        "communes: actual.2024: — → 160\n"
        "Import done: 2 values written, 0 unchanged, 1 row skipped.\n"
    )
    assert "actual = { 2024 = 71 }" in targets.read_text("utf-8")


def test_strict_refuses_the_whole_import(ntm: Runner, targets: Path) -> None:
    (targets.parent / "r.csv").write_text(SKIPPING, "utf-8")
    for extra in ([], ["--dry-run"]):
        result = ntm("import", "r.csv", "--strict", *extra, cwd=targets.parent)
        assert (result.code, result.out) == (2, "")
        assert result.err == (
            'dòng 3: "Thu nhập bình quan": không khớp chỉ tiêu nào, bỏ qua\n'
            "r.csv: có 1 dòng không nhập được và đã dùng --strict: không ghi gì vào tệp\n"
        )
        assert targets.read_text("utf-8") == FILE
        assert files_in(targets.parent) == ["r.csv", "targets.toml"]
    (targets.parent / "r.csv").write_text("Chỉ tiêu,TH 2024\nThu nhập bình quân,71\n", "utf-8")
    assert ntm("import", "r.csv", "--strict", cwd=targets.parent).code == 0


def test_an_ambiguous_row_counts_as_skipped(ntm: Runner, targets: Path) -> None:
    targets.write_text(FILE + '\n[[target]]\nid = "twin"\nname = "Số xã đạt chuẩn"\n', "utf-8")
    (targets.parent / "r.csv").write_text("Chỉ tiêu,TH 2024\nSố xã đạt chuẩn,160\n", "utf-8")
    result = ntm("import", "r.csv", "--lang", "en", cwd=targets.parent)
    assert result.code == 1
    assert result.out.endswith("Import done: 0 values written, 0 unchanged, 1 row skipped.\n")
    assert ntm("import", "r.csv", "--strict", cwd=targets.parent).code == 2


# --- problems named by their cell -----------------------------------------------------------


def test_a_yes_no_word_in_a_numeric_column_names_its_cell(ntm: Runner, targets: Path) -> None:
    rows = [["Chỉ tiêu", "TH 2024"], ["Thu nhập bình quân", 71], ["Số xã đạt chuẩn", "Đạt"]]
    _book(targets.parent / "bao-cao.xlsx", rows)
    result = ntm("import", "bao-cao.xlsx", "--lang", "en", cwd=targets.parent)
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        'bao-cao.xlsx: Sheet1!B3: target "communes" holds numbers: actual.2024 cannot be the '
        'yes/no word "Đạt"\n'
        "targets.toml: unchanged: because of the problems above, nothing was written\n"
    )
    assert targets.read_text("utf-8") == FILE


def test_a_value_that_conflicts_with_the_file_names_its_cell(ntm: Runner, targets: Path) -> None:
    rows = [["Chỉ tiêu", "KH 2024"], [None, None], ["Thu nhập bình quân", 72.5]]
    _book(targets.parent / "bao-cao.xlsx", rows)
    result = ntm("import", "bao-cao.xlsx", cwd=targets.parent)
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        'bao-cao.xlsx: Sheet1!B3: target "income": plan.2024: đã là 70; '
        "dùng --force để thay bằng 72,5\n"
        "targets.toml: không thay đổi: do các lỗi trên, chưa ghi gì vào tệp\n"
    )
    assert targets.read_text("utf-8") == FILE


def test_an_unreadable_value_names_its_cell(ntm: Runner, targets: Path) -> None:
    (targets.parent / "bao-cao.csv").write_text("Chỉ tiêu,TH 2024\nThu nhập bình quân,7l\n")
    result = ntm("import", "bao-cao.csv", "--lang", "en", cwd=targets.parent)
    assert result.code == 2
    assert result.err == (
        "bao-cao.csv: 'bao-cao'!B2: expected a number or yes/no, got \"7l\"\n"
        "targets.toml: unchanged: because of the problems above, nothing was written\n"
    )


def test_warnings_the_imported_values_cause_name_their_cell(ntm: Runner, targets: Path) -> None:
    rows = [
        ["Chỉ tiêu", "TH 2024", "KH 2025"],
        ["Số xã đạt chuẩn", 190, "1.234"],  # 1.234 communes is a thousand and more in vi
        ["Thu nhập bình quân", 71, None],
    ]
    _book(targets.parent / "bao-cao.xlsx", rows)
    result = ntm("import", "bao-cao.xlsx", "--lang", "en", cwd=targets.parent)
    assert result.code == 0
    assert result.err == (
        'warning: bao-cao.xlsx: Sheet1!B2: target "communes": actual.2024: 190 is greater '
        "than total 181\n"
        'warning: bao-cao.xlsx: Sheet1!C2: target "communes": plan.2025: 1,234 is greater '
        "than total 181\n"
    )
    assert result.out.splitlines()[-1] == (
        "Import done: 3 values written, 0 unchanged, 0 rows skipped."
    )
    again = ntm("import", "bao-cao.xlsx", "--lang", "vi", cwd=targets.parent)
    assert (again.code, again.err) == (0, "")  # the warnings were there before this import
    assert again.out == (
        "Không có thay đổi.\nĐã nhập xong: ghi 0 giá trị, 3 giá trị không đổi, bỏ qua 0 dòng.\n"
    )


# --- CSV encodings --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "said"),
    [
        ("cp1258", "byte 2: 0xEA"),
        ("cp1252", "byte 16: 0xF1"),
        ("utf-16", "UTF-16"),
        ("utf-16-le", "UTF-16"),
        ("utf-16-be", "UTF-16"),
    ],
)
def test_a_csv_that_is_not_utf8_is_refused_with_a_hint(
    ntm: Runner, targets: Path, encoding: str, said: str
) -> None:
    text = "Chỉ tiêu,TH 2024\nThu nhập bình quân,71\n"
    if encoding == "cp1258":  # precomposed letters only: Python's cp1258 does not compose
        text = "Tên,TH 2024\nĐê,71\n"
    if encoding == "cp1252":
        text = "Name,TH 2024\nMa\u00f1ana,71\n"
    (targets.parent / "r.csv").write_bytes(text.encode(encoding))
    result = ntm("import", "r.csv", "--lang", "en", cwd=targets.parent)
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"r.csv: not a UTF-8 CSV ({said}): it was saved with a Windows code page or as Unicode "
        '(UTF-16); in Excel use Save As and choose "CSV UTF-8 (Comma delimited) (*.csv)", '
        "then import that file\n"
    )
    vi = ntm("import", "r.csv", cwd=targets.parent)
    assert 'hãy chọn Lưu Như (Save As), chọn "CSV UTF-8 (Comma delimited) (*.csv)"' in vi.err
    assert targets.read_text("utf-8") == FILE


# --- roll-up rows: compared, not written (the hook §12's import uses) ------------------------

DOC = data_document(
    data_target("communes", "Số xã đạt chuẩn", total=36), data_target("income", "Thu nhập")
)


def test_computed_values_are_compared_not_written() -> None:
    grid = Grid(
        [["Chỉ tiêu", "KH 2024", "TH 2024"], ["Số xã đạt chuẩn", 30, 28], ["Thu nhập", 5, 6]],
        "Sheet1",
    )
    computed = {("communes", "actual", 2024): 28}
    plan = plan_import(grid, DOC, "r.xlsx", computed)
    assert [(v.target_id, v.table) for v in plan.values] == [
        ("communes", "plan"),
        ("income", "plan"),
        ("income", "actual"),
    ]
    assert (plan.compared, plan.mismatched, plan.skipped) == (1, [], 0)
    plan = plan_import(grid, DOC, "r.xlsx", {("communes", "actual", 2024): 27})
    assert plan.compared == 0 and plan.skipped == 1
    [(row, problem)] = plan.mismatched
    assert row == 2
    assert problem_message(problem, "en") == (
        'r.xlsx: Sheet1!C2: target "communes": actual.2024: the sheet says 28, ntm counts 27 '
        "from the units: compared, not written"
    )


# --- properties of anything that takes a sheet ----------------------------------------------

_NAMES = ["Số xã đạt chuẩn", "Thu nhập", "Không có", "", "-"]
_CELLS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["Có", "Đạt", "1.234", "7,5-8", "—", "abc", "70,5%", "1e5"]),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(_NAMES), _CELLS, _CELLS), min_size=0, max_size=8),
    st.booleans(),
)
def test_every_cell_is_a_value_a_located_problem_or_a_skipped_row(
    rows: list[tuple[str, object, object]], with_computed: bool
) -> None:
    cells = [[name or None, plan, actual] for name, plan, actual in rows]
    grid = Grid([["Chỉ tiêu", "KH 2024", "TH 2024"], *cells], "Sheet1")
    computed = {("communes", "actual", 2024): 28} if with_computed else None
    plan = plan_import(grid, DOC, "r.xlsx", computed)
    for problem in plan.unreadable:
        assert problem.file == "r.xlsx" and problem.field is not None
        assert problem.field.startswith("Sheet1!") and problem.field[7] in "BC"
        problem_message(problem, "vi")  # worded without error
    for value in plan.values:
        assert value.where == f"Sheet1!{value.column}{value.row}"
        if isinstance(value.value, float):
            assert math.isfinite(value.value)
    skipped_rows = {row for row, _ in plan.unmatched} | {row for row, _ in plan.mismatched}
    assert plan.skipped == len(skipped_rows)
    assert all(name not in ("Số xã đạt chuẩn", "Thu nhập") for _, name in plan.unmatched)
    kinds: dict[str, set[type]] = {}
    for value in plan.values:
        kinds.setdefault(value.target_id, set()).add(
            bool if value.value is True or value.value is False else float
        )
    assert all(len(found) == 1 for found in kinds.values())


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Số xã đạt chuẩn", "Thu nhập bình quân", "Lạ"]),
            st.one_of(st.none(), st.integers(0, 300), st.floats(0, 1000)),
            st.booleans(),
        ),
        min_size=1,
        max_size=6,
    ),
    st.booleans(),
)
def test_an_import_of_any_sheet_ends_cleanly(
    ntm: Runner, tmp_path_factory: pytest.TempPathFactory, rows: list, strict: bool
) -> None:
    folder = tmp_path_factory.mktemp("sheet")
    path = folder / "targets.toml"
    path.write_text(FILE, "utf-8")
    cells = [["Chỉ tiêu", "TH 2024"], *[[name, value] for name, value, _ in rows]]
    formats = {(n + 1, 1): "0.0%" for n, (_, _, percent) in enumerate(rows) if percent}
    _book(folder / "r.xlsx", cells, formats)
    args = ["import", "r.xlsx", "--lang", "en", *(["--strict"] if strict else [])]
    result = ntm(*args, cwd=folder)
    assert "Traceback" not in result.err
    skipped = any(name == "Lạ" and value is not None for name, value, _ in rows)
    assert result.code in (0, 1, 2)
    if result.code == 2:
        assert path.read_text("utf-8") == FILE
        assert result.out == ""
    else:
        assert result.code == (1 if skipped else 0)
        assert result.out.splitlines()[-1].startswith("Import done: ")
        assert not (strict and skipped)
    assert files_in(folder) == ["r.xlsx", "targets.toml"]


def test_strict_also_names_the_unreadable_cells(ntm: Runner, targets: Path) -> None:
    (targets.parent / "r.csv").write_text(SKIPPING + "Thu nhập bình quân,x7\n", "utf-8")
    result = ntm("import", "r.csv", "--strict", "--lang", "en", cwd=targets.parent)
    assert result.code == 2
    assert result.err.splitlines()[1:] == [
        'r.csv: r!B5: expected a number or yes/no, got "x7"',
        "r.csv: 1 row could not be imported and --strict was given: nothing written",
    ]
    assert targets.read_text("utf-8") == FILE


def test_ods_percentages_after_repeated_cells_and_rows(tmp_path: Path) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Sheet1")
    table.addElement(TableRow(numberrowsrepeated=2))  # two empty rows
    header = TableRow()
    header.addElement(TableCell(numbercolumnsrepeated=2))  # two empty cells
    for text in ("Chỉ tiêu", "TH 2024"):
        cell = TableCell(valuetype="string")
        cell.addElement(P(text=text))
        header.addElement(cell)
    table.addElement(header)
    row = TableRow()
    row.addElement(TableCell(numbercolumnsrepeated=2))
    name = TableCell(valuetype="string")
    name.addElement(P(text="Rừng"))
    row.addElement(name)
    row.addElement(TableCell(valuetype="percentage", value=0.425))
    table.addElement(row)
    document.spreadsheet.addElement(table)
    document.save(str(tmp_path / "r.ods"))
    grid = read_grid(tmp_path / "r.ods", "r.ods")
    assert grid.rows[3][2:4] == ["Rừng", 42.5]


_FORMATS = ["0%", "0.00%", "0.0%", '0.0"%"', "0.00", "#,##0", "General", "0.0\\%", "[Red]0.0%"]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            # values of at most 15 significant digits, as a spreadsheet shows them: with a
            # 16th digit of 5, xlsxwriter's 16-digit text may round-trip to the next double
            # and flip the 15-digit rounding (3.345081051216295e-100 read as ...63e-98)
            st.builds(
                lambda digits, exponent: float(f"{digits}e{exponent}"),
                st.integers(-(10**15) + 1, 10**15 - 1),
                st.integers(-30, 5),
            ),
            st.sampled_from(_FORMATS),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_a_workbook_cell_reads_as_its_format_shows_it(
    tmp_path_factory: pytest.TempPathFactory, cells: list[tuple[float, str]]
) -> None:
    path = tmp_path_factory.mktemp("book") / "r.xlsx"
    rows: list[list[object]] = [["Chỉ tiêu", *[value for value, _ in cells]]]
    formats = {(0, n + 1): code for n, (_, code) in enumerate(cells)}
    _book(path, rows, formats)
    grid = read_grid(path, "r.xlsx")
    expected = [as_shown(value, is_percent_format(code)) for value, code in cells]
    assert grid.rows[0][1:] == expected


_GOOD: dict[str, bytes] = {}


def _good(folder: Path, suffix: str) -> bytes:
    """A sheet that reads well, made once (a workbook holds its time of writing)."""
    good = folder / f"good{suffix}"
    if suffix == ".xlsx":
        rows: list[list[object]] = [["Chỉ tiêu", "TH 2024"], ["Thu nhập bình quân", 0.705]]
        _book(good, rows, {(1, 1): "0.0%"})
    else:
        good.write_text("Chỉ tiêu,TH 2024\nThu nhập bình quân,70,5\n", "utf-8")
    return _GOOD.setdefault(suffix, good.read_bytes())


@settings(max_examples=80, deadline=None)
@given(st.data(), st.sampled_from([".xlsx", ".csv"]))
def test_a_damaged_sheet_is_read_or_refused_never_a_crash(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject, suffix: str
) -> None:
    from ntm_cli.errors import NtmError

    folder = tmp_path_factory.mktemp("damaged")
    damaged = bytearray(_GOOD.get(suffix) or _good(folder, suffix))
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(damaged) - 1))
        damaged[at] = data.draw(st.integers(0, 255))
    path = folder / f"r{suffix}"
    path.write_bytes(bytes(damaged))
    try:
        grid = read_grid(path, path.name)
    except NtmError as error:
        assert all(problem.file == path.name for problem in error.problems)
        return
    for row in grid.rows:
        assert all(cell is None or isinstance(cell, str | int | float | bool) for cell in row)


def test_an_xls_percent_cell_that_cannot_be_told_is_warned_about(
    ntm: Runner, targets: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No .xls writer is at hand: the workbook's cells are what python-calamine would give.
    import ntm_cli.edit.sheet

    cells = [
        ["Chỉ tiêu", "TH 2024", "KH 2025"],
        ["Tỷ lệ che phủ rừng", 0.423, "0,5"],  # a numeric cell, and text typed as 0,5
        ["Thu nhập bình quân", 0.5, None],  # not a % target
    ]
    monkeypatch.setattr(
        ntm_cli.edit.sheet, "_read_workbook", lambda path, shown, sheet: Grid(cells, "Biểu 01")
    )
    (targets.parent / "r.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    result = ntm("import", "r.xls", "--dry-run", cwd=targets.parent)
    assert result.code == 0
    assert result.err == (
        "cảnh báo: r.xls: 'Biểu 01'!B2: target \"rate\": actual.2024: 0,423 nhỏ hơn 1 ở chỉ "
        "tiêu đơn vị %, mà ntm không đọc được định dạng số của tệp .xls: nếu ô hiển thị dạng "
        "phần trăm, hãy gõ số (70,5) hoặc lưu bảng tính thành .xlsx\n"
    )
    (targets.parent / "r.xlsx").write_bytes(b"PK")
    assert ntm("import", "r.xlsx", "--dry-run", cwd=targets.parent).err == ""
