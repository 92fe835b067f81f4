"""ntm import's reading of a sheet (SPEC §9): headers, cells, rows matched to targets."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import given
from hypothesis import strategies as st

from ntm_cli.edit.sheet import (
    Grid,
    ImportPlan,
    column_letter,
    describe_changes,
    find_header,
    import_values,
    parse_cell,
    parse_number,
    range_text,
    read_grid,
    read_plan,
)
from ntm_cli.edit.write import Wanted
from ntm_cli.errors import NtmError
from ntm_cli.i18n import number, problem_message
from ntm_cli.targets_file.data import Range
from tests.builders import data_document, data_target

DOC = data_document(
    data_target("income", "Thu nhập bình quân đầu người", name_en="Income per capita"),
    data_target("poor", "Tỷ lệ hộ nghèo", unit="%", direction="decrease"),
    data_target("roads", "Đường giao thông", name_en="Roads"),
    data_target("roads-2", "đường  GIAO thông"),
    data_target("communes", "Số xã đạt chuẩn", total=36),
    data_target("plan-done", "Có quy hoạch"),
    name="NTM",
)
EN_DOC = data_document(*DOC.target, lang="en")


def triples(plan: ImportPlan) -> list[tuple[str, str, int, object]]:
    return [(v.target_id, v.table, v.year, v.value) for v in plan.values]


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",", bom: bool = False) -> Path:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_text(("\ufeff" if bom else "") + out.getvalue(), encoding="utf-8", newline="")
    return path


# --- numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("94,45", "vi", 94.45),
        ("94.45", "vi", 94.45),
        ("1.234,5", "vi", 1234.5),
        ("1,234.5", "vi", 1234.5),
        ("1.234,5", "en", 1234.5),
        ("1.234", "vi", 1234),
        ("1.234", None, 1234),
        ("1,234", "vi", 1.234),
        ("1,234", "en", 1234),
        ("1.234", "en", 1.234),
        ("0,123", "en", 0.123),
        ("1.234.567", "en", 1234567),
        ("1 234 567,5", "vi", 1234567.5),
        ("7,5%", "vi", 7.5),
        ("7,5 %", "vi", 7.5),
        ("-0,71", "vi", -0.71),
        ("−3", "vi", -3),
        ("+3", "vi", 3),
        ("36", "vi", 36),
        ("36,0", "vi", 36.0),
    ],
)
def test_numbers_in_either_convention(text: str, lang: str | None, expected: float) -> None:
    value = parse_number(text, lang)
    assert value == expected
    assert isinstance(value, int) == isinstance(expected, int)


@pytest.mark.parametrize("text", ["abc", "1,2,3", "1.23.4", "1.234,5,6", ",5", "1e5", "12a", "١٢"])
def test_numbers_that_are_not(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text, "vi")


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False))
def test_numbers_as_ntm_writes_them_read_back(value: object) -> None:
    for lang in ("vi", "en"):
        shown = number(float(value), lang)  # type: ignore[arg-type]
        assert parse_number(shown, lang) == pytest.approx(float(value), abs=0.006)  # type: ignore[arg-type]


@given(st.text())
def test_any_cell_text_is_a_value_or_a_located_problem(text: str) -> None:
    for table in ("plan", "actual"):
        try:
            parse_cell(text, table, "vi", "C7", "r.csv")
        except NtmError as error:
            assert error.problems[0].field == "C7"


def test_cells_by_kind() -> None:
    assert parse_cell(36.0, "actual", "vi") == 36
    assert isinstance(parse_cell(36.0, "actual", "vi"), int)
    assert parse_cell(94.45, "actual", "vi") == 94.45
    assert parse_cell(True, "plan", "vi") is True
    assert parse_cell("TRUE", "plan", "vi") is True
    assert parse_cell("false", "plan", "vi") is False
    assert parse_cell("Có", "actual", "vi") is True
    assert parse_cell("Không", "actual", "vi") is False
    assert parse_cell("Đạt", "actual", "vi") is True
    assert parse_cell("không  đạt", "actual", "vi") is False
    for blank in (None, "", " ", "-", "–", "—", "…"):
        assert parse_cell(blank, "actual", "vi") is None
    assert parse_cell("7,5-8", "plan", "vi") == Range(7.5, 8)
    assert parse_cell("7.5–8", "plan", "vi") == Range(7.5, 8)
    assert parse_cell("55 – 56", "plan", "vi") == Range(55, 56)


def test_unreadable_cells_word_their_cell() -> None:
    cases = [
        ("abc", "actual", 'r.xlsx: Sheet1!C7: expected a number or yes/no, got "abc"'),
        (
            "abc",
            "plan",
            'r.xlsx: Sheet1!C7: expected a number, a range (7,5-8) or yes/no, got "abc"',
        ),
        (
            "7,5-8",
            "actual",
            'r.xlsx: Sheet1!C7: a range is allowed in a plan column only, got "7,5-8"',
        ),
        ("8-7,5", "plan", 'r.xlsx: Sheet1!C7: a range goes from low to high, got "8-7,5"'),
    ]
    for text, table, message in cases:
        with pytest.raises(NtmError) as caught:
            parse_cell(text, table, "vi", "Sheet1!C7", "r.xlsx")
        assert problem_message(caught.value.problems[0], "en") == message
    with pytest.raises(NtmError) as caught:
        parse_cell("abc", "actual", "vi", "Sheet1!C7", "r.xlsx")
    assert problem_message(caught.value.problems[0], "vi") == (
        'r.xlsx: Sheet1!C7: cần một số hoặc có/không, nhận được "abc"'
    )


def test_column_letters() -> None:
    assert [column_letter(c) for c in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]


@given(
    st.tuples(
        st.decimals(min_value=-(10**6), max_value=10**6, places=3, allow_nan=False),
        st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False),
    ),
    st.sampled_from(["vi", "en"]),
    st.sampled_from(["vi", "en", None]),
)
def test_a_range_as_ntm_writes_it_reads_back(
    bounds: tuple[object, object], out: str, file: str | None
) -> None:
    low = float(bounds[0])  # type: ignore[arg-type]
    high = low + float(bounds[1]) + 0.5  # type: ignore[arg-type]
    value = Range(low, high)
    assert parse_cell(range_text(value, out), "plan", file) == value  # type: ignore[arg-type]


# --- headers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headings", "expected"),
    [
        (
            ["STT", "Chỉ tiêu", "Đơn vị", "KH 2020", "TH 2020"],
            {3: ("plan", 2020), 4: ("actual", 2020)},
        ),
        (
            ["Tên chỉ tiêu", "Kế hoạch 2020", "Thực hiện 2020", "Ước thực hiện 2021"],
            {1: ("plan", 2020), 2: ("actual", 2020), 3: ("estimate", 2021)},
        ),
        (
            ["Name", "Plan 2020", "Actual 2020", "Estimate 2021"],
            {1: ("plan", 2020), 2: ("actual", 2020), 3: ("estimate", 2021)},
        ),
        (["Indicator", " kh  2020 ", "ƯỚC TH 2020"], {1: ("plan", 2020), 2: ("estimate", 2020)}),
        (["id", "TH 6 tháng 2020", "TH/KH 2020 (%)", "TH 2020"], {3: ("actual", 2020)}),
        (["Mã chỉ tiêu", "Nội dung", "KH năm 2020"], {2: ("plan", 2020)}),
    ],
)
def test_headings_match_as_a_whole(
    headings: list[str], expected: dict[int, tuple[str, int]]
) -> None:
    header = find_header(Grid([["Báo cáo"], [], list(headings)]))  # type: ignore[list-item]
    assert header is not None
    assert header.row == 2
    assert header.measures == expected


def test_no_header_row() -> None:
    assert find_header(Grid([["Chỉ tiêu", "TH/KH 2020 (%)", "Ghi chú"]])) is None
    # a later quarter or a single month is not a figure since 1 January (SPEC §13)
    assert find_header(Grid([["Chỉ tiêu", "Quý II/2020", "Tháng 9/2020"]])) is None
    assert find_header(Grid([["KH 2020", "TH 2020"]])) is None  # no name or id column


def test_year_over_two_header_rows_plain_and_merged(tmp_path: Path) -> None:
    plain = Grid(
        [
            ["STT", "Chỉ tiêu", "Năm 2020", None, "Năm 2021", None, None],
            [None, None, "KH", "TH", "KH", "Ước TH", "Ghi chú"],
            ["1", "Roads", "5", "8", "9", "9,5", None],
        ]
    )
    header = find_header(plain)
    assert header is not None and header.row == 1 and header.name_column == 1
    assert header.measures == {
        2: ("plan", 2020),
        3: ("actual", 2020),
        4: ("plan", 2021),
        5: ("estimate", 2021),
    }
    path = tmp_path / "merged.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Báo cáo")
    sheet.merge_range("A1:A2", "Chỉ tiêu")
    sheet.merge_range("B1:C1", "Year 2020")
    sheet.merge_range("D1:E1", "2021")
    for column, text in enumerate(["KH", "TH", "KH", "TH", "Ghi chú"], start=1):
        sheet.write_string(1, column, text)
    sheet.write_string(2, 0, "Roads")
    for column, value in enumerate([5, 8, 9, 10], start=1):
        sheet.write_number(2, column, value)
    book.close()
    plan = read_plan(path, "merged.xlsx", None, DOC)
    assert triples(plan) == [
        ("roads", "plan", 2020, 5),
        ("roads", "actual", 2020, 8),
        ("roads", "plan", 2021, 9),
        ("roads", "actual", 2021, 10),
    ]


# --- rows ---------------------------------------------------------------------------------


def test_rows_matched_by_name_skipped_and_listed(tmp_path: Path) -> None:
    rows = [
        ["BÁO CÁO KẾT QUẢ NĂM 2020"],
        ["STT", "Chỉ tiêu", "Đơn vị", "KH 2020", "TH 2020", "TH/KH 2020 (%)", "Ước TH 2021"],
        ["I", "KINH TẾ", "", "", "", "", ""],
        ["1", "  thu nhập  BÌNH QUÂN đầu người ", "tr.đ", "88,296", "94,45", "107", "96,5"],
        ["2", "Tỷ lệ hộ nghèo", "%", "1-1,5", "0,29", "", ""],
        ["3", "Đường giao thông", "km", "5", "8", "", ""],
        ["4", "Không có chỉ tiêu này", "", "1", "", "", ""],
        ["", "", "", "", "", "", ""],
        ["5", "Số xã đạt chuẩn", "xã", "36", "36", "", "—"],
        ["6", "Có quy hoạch", "", "Có", "Không", "", ""],
    ]
    path = write_csv(tmp_path / "r.csv", rows, ";", bom=True)
    plan = read_plan(path, "r.csv", None, DOC)
    assert triples(plan) == [
        ("income", "plan", 2020, 88.296),
        ("income", "actual", 2020, 94.45),
        ("income", "estimate", 2021, 96.5),
        ("poor", "plan", 2020, Range(1, 1.5)),
        ("poor", "actual", 2020, 0.29),
        ("communes", "plan", 2020, 36),
        ("communes", "actual", 2020, 36),
        ("plan-done", "plan", 2020, True),
        ("plan-done", "actual", 2020, False),
    ]
    assert [(v.row, v.column) for v in plan.values[:3]] == [(4, "D"), (4, "E"), (4, "G")]
    assert plan.unmatched == [(7, "Không có chỉ tiêu này")]
    assert plan.ambiguous == [(6, "Đường giao thông", ("roads", "roads-2"))]
    assert plan.unreadable == []
    assert import_values(plan)[0] == Wanted("income", "plan", 2020, 88.296)


def test_id_column_wins_and_english_names_match(tmp_path: Path) -> None:
    rows = [
        ["id", "Name", "Plan 2020", "Actual 2020"],
        ["roads-2", "Roads", "1,234", "2"],
        ["", "Income per capita", "88.296", "94.45"],
        ["nope", "Roads", "1", "1"],
    ]
    path = write_csv(tmp_path / "r.csv", rows)
    plan = read_plan(path, "r.csv", None, EN_DOC)
    assert triples(plan) == [
        ("roads-2", "plan", 2020, 1234),
        ("roads-2", "actual", 2020, 2),
        ("income", "plan", 2020, 88.296),
        ("income", "actual", 2020, 94.45),
    ]
    assert plan.unmatched == [(4, "nope")]
    vi = read_plan(path, "r.csv", None, DOC)
    assert vi.values[0].value == 1.234


def test_unreadable_and_conflicting_cells_stop_the_import(tmp_path: Path) -> None:
    rows = [
        ["Chỉ tiêu", "KH 2020", "TH 2020"],
        ["Roads", "abc", "8"],
        ["Số xã đạt chuẩn", "36", "36"],
        ["Số xã đạt chuẩn", "36", "35"],
    ]
    doc = data_document(DOC.target[2], DOC.target[4])
    path = write_csv(tmp_path / "r.csv", rows)
    plan = read_plan(path, "r.csv", None, doc)
    assert [problem_message(p, "en") for p in plan.unreadable] == [
        'r.csv: r!B2: expected a number, a range (7,5-8) or yes/no, got "abc"',
        'r.csv: r!C4: target "communes": actual.2020 is also in r!C3, with another value',
    ]
    with pytest.raises(NtmError):
        import_values(plan)


def test_describe_changes_exactly() -> None:
    class Change:
        def __init__(self, target_id: str, table: str, year: int, old: object, new: object) -> None:
            self.target_id, self.table, self.year, self.old, self.new = (
                target_id,
                table,
                year,
                old,
                new,
            )
            self.period = None

    changes = [
        Change("income", "actual", 2020, 94.45, 95),
        Change("poor", "plan", 2021, None, Range(1.5, 2)),
        Change("communes", "actual", 2020, 36, 36.0),
        Change("plan-done", "plan", 2020, False, True),
        Change("big", "actual", 2020, 1234567.5, 88.296),
    ]
    plan = ImportPlan(unmatched=[(7, "I. KINH TẾ")], ambiguous=[(9, "Đường", ("a", "b"))])
    assert describe_changes(changes, "vi", plan) == (  # type: ignore[arg-type]
        "income: actual.2020: 94,45 → 95\n"
        "poor: plan.2021: — → 1,5–2\n"
        "plan-done: plan.2020: Không → Có\n"
        "big: actual.2020: 1.234.567,5 → 88,296\n"
        'dòng 7: "I. KINH TẾ": không khớp chỉ tiêu nào, bỏ qua\n'
        'dòng 9: "Đường": khớp nhiều chỉ tiêu (a, b), bỏ qua\n'
    )
    assert describe_changes(changes[2:3], "en") == "No change.\n"  # type: ignore[arg-type]
    many = ImportPlan(unmatched=[(n, "x") for n in range(30)])
    lines = describe_changes([], "en", many).splitlines()
    assert len(lines) == 21 and lines[-1] == "… and 11 more rows skipped"


# --- files --------------------------------------------------------------------------------


def test_csv_comma_semicolon_and_bom_read_alike(tmp_path: Path) -> None:
    rows = [["Tên chỉ tiêu", "KH 2020", "TH 2020"], ["Đường giao thông", "5", "8,5"]]
    doc = data_document(DOC.target[2])
    found = {
        (d, bom): triples(
            read_plan(write_csv(tmp_path / f"{ord(d)}{bom}.csv", rows, d, bom), "r", None, doc)
        )
        for d in (",", ";")
        for bom in (False, True)
    }
    assert set(map(tuple, found.values())) == {
        (("roads", "plan", 2020, 5), ("roads", "actual", 2020, 8.5))
    }


def test_files_that_cannot_be_read(tmp_path: Path) -> None:
    def message(path: Path, sheet: str | None = None) -> str:
        with pytest.raises(NtmError) as caught:
            read_plan(path, path.name, sheet, DOC)
        return problem_message(caught.value.problems[0], "en")

    assert message(tmp_path / "none.csv") == "none.csv: no such file"
    (tmp_path / "r.txt").write_text("x")
    assert (
        message(tmp_path / "r.txt")
        == 'r.txt: expected a .xlsx, .xls, .ods or .csv file, got ".txt"'
    )
    (tmp_path / "bad.csv").write_bytes(b"Name,KH 2020\n\xff")
    assert message(tmp_path / "bad.csv") == (
        "bad.csv: not a UTF-8 CSV (byte 14: 0xFF): it was saved with a Windows code page or as "
        'Unicode (UTF-16); in Excel use Save As and choose "CSV UTF-8 (Comma delimited) (*.csv)",'
        " then import that file"
    )
    (tmp_path / "bad.xlsx").write_bytes(b"not a zip")
    assert message(tmp_path / "bad.xlsx").startswith("bad.xlsx: cannot be read as a spreadsheet: ")
    write_csv(tmp_path / "nohead.csv", [["a", "b"], ["1", "2"]])
    assert message(tmp_path / "nohead.csv").startswith(
        "nohead.csv: no header row in the first 20 rows"
    )
    book = xlsxwriter.Workbook(tmp_path / "two.xlsx")
    book.add_worksheet("Tổng hợp")
    book.add_worksheet("2020")
    book.close()
    assert message(tmp_path / "two.xlsx", "2021") == (
        'two.xlsx: no sheet "2021"; the workbook has: Tổng hợp, 2020'
    )


def test_xlsx_cells_sheet_choice_and_cell_names(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    book = xlsxwriter.Workbook(path)
    book.add_worksheet("Ghi chú").write_string(0, 0, "không phải bảng số liệu")
    sheet = book.add_worksheet("Số liệu 2020")
    for column, text in enumerate(["Mã", "KH 2020", "TH 2020", "Ước TH 2021"]):
        sheet.write_string(2, column, text)
    sheet.write_string(3, 0, "income")
    sheet.write_number(3, 1, 88.296)
    sheet.write_number(3, 2, 94.0)
    sheet.write_string(3, 3, "96,5")
    sheet.write_string(4, 0, "poor")
    sheet.write_string(4, 1, "0,5–1")
    sheet.write_boolean(4, 2, True)
    sheet.write_string(4, 3, "x")
    book.close()
    plan = read_plan(path, "r.xlsx", "Số liệu 2020", DOC)
    assert triples(plan) == [
        ("income", "plan", 2020, 88.296),
        ("income", "actual", 2020, 94),
        ("income", "estimate", 2021, 96.5),
        ("poor", "plan", 2020, Range(0.5, 1)),
    ]
    assert isinstance(plan.values[1].value, int)
    assert [problem_message(p, "en") for p in plan.unreadable] == [
        "r.xlsx: 'Số liệu 2020'!C5: target \"poor\" holds numbers: actual.2020 cannot be the "
        "yes/no word true",
        "r.xlsx: 'Số liệu 2020'!D5: expected a number or yes/no, got \"x\"",
    ]
    grid = read_grid(path, "r.xlsx", None)
    assert grid.sheet == "Ghi chú"


def test_ods(tmp_path: Path) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Sheet1")
    for values in (["Chỉ tiêu", "KH 2020", "TH 2020"], ["Đường giao thông", 5, "8,5"]):
        row = TableRow()
        for value in values:
            if isinstance(value, str):
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=value))
            else:
                cell = TableCell(valuetype="float", value=value)
            row.addElement(cell)
        table.addElement(row)
    document.spreadsheet.addElement(table)
    path = tmp_path / "r.ods"
    document.save(str(path))
    plan = read_plan(path, "r.ods", None, data_document(DOC.target[2]))
    assert triples(plan) == [("roads", "plan", 2020, 5), ("roads", "actual", 2020, 8.5)]


cell_text = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["", "-", "1,5", "1.234", "7,5-8", "TRUE", "Có", "x", "Đường giao thông"]),
)


@given(
    st.lists(st.lists(cell_text, min_size=0, max_size=5), max_size=8),
    st.sampled_from([",", ";"]),
    st.booleans(),
)
def test_read_grid_on_generated_csv(rows: list[list[str]], delimiter: str, bom: bool) -> None:
    """Whatever the CSV holds, reading it gives a plan or an NtmError, and every value found
    is in a cell of a row that names a target."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows([["Chỉ tiêu", "KH 2020", "TH 2020"], *rows])
    data = ("\ufeff" if bom else "") + out.getvalue()
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "g.csv"
        path.write_text(data, encoding="utf-8", newline="")
        try:
            plan = read_plan(path, "g.csv", None, DOC)
        except NtmError:
            return
    for value in plan.values:
        assert value.row >= 2 and value.column in ("B", "C")
        assert value.target_id in {t.id for t in DOC.target}


def test_the_readme_example_sheet_against_the_shipped_file() -> None:
    from ntm_cli.targets_file.load import load

    root = Path(__file__).resolve().parent.parent
    doc = load(root / "targets.toml", "targets.toml").doc
    plan = read_plan(root / "examples" / "bao-cao-2020.xlsx", "bao-cao-2020.xlsx", None, doc)
    assert ("income-per-capita", "estimate", 2021, 96.5) in triples(plan)
    assert len(plan.values) == 7 and plan.unreadable == [] and plan.ambiguous == []
    assert plan.unmatched == [(11, "Số hộ dùng điện (chưa có trong tệp)")]
