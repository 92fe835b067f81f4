"""Reading a criteria matrix for `ntm import --units` (SPEC §12.4): headings, cells, rows."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntm_cli.edit.matrix import (
    MatrixPlan,
    Vocabulary,
    classify,
    count_cell,
    criterion_cell,
    district_heading,
    find_matrix_header,
    list_cell,
    name_key,
    plan_matrix,
    slug,
    unique_id,
    year_cell,
)
from ntm_cli.edit.sheet import Cell, Grid
from ntm_cli.errors import NtmError
from ntm_cli.i18n import problem_message
from ntm_cli.targets_file.unit_data import Criterion, Standard, Unit
from tests.builders import data_document

NAMES = ["Quy hoạch", "Giao thông", "Thủy lợi", "Điện"]
DOC = data_document(
    standard=[
        Standard("ntm", "Đạt chuẩn nông thôn mới"),
        Standard("advanced", "Đạt chuẩn NTM nâng cao"),
    ],
    criterion=[Criterion(n, name) for n, name in enumerate(NAMES, start=1)],
    unit=[
        Unit("phong-dien", "Huyện Phong Điền", "district"),
        Unit("nhon-ai", "Xã Nhơn Ái", "commune", parent="phong-dien"),
        Unit("tan-phu", "Xã Tân Phú", "commune", parent="phong-dien"),
        Unit("co-do", "Huyện Cờ Đỏ", "district"),
        Unit("tan-phu-2", "Xã Tân Phú", "commune", parent="co-do"),
        Unit("trung-an", "Trung An", "commune", parent="co-do"),
    ],
)
WORDS = Vocabulary.of(DOC)
HEAD: list[Cell] = ["STT", "Tên xã", "TC1", "TC 2", "Tiêu chí 3", "Tiêu chí số 4"]


def plan_of(rows: list[list[Cell]], add: bool = False, sheet: str | None = "Sheet1") -> MatrixPlan:
    return plan_matrix(Grid(rows, sheet), DOC, "m.xlsx", 2024, add)


# --- headings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1", ("criterion", 1)),
        (1, ("criterion", 1)),
        (2.0, ("criterion", 2)),
        ("TC1", ("criterion", 1)),
        ("tc 1", ("criterion", 1)),
        ("TC01", ("criterion", 1)),
        ("Tiêu chí 3", ("criterion", 3)),
        ("Tiêu chí số 4", ("criterion", 4)),
        ("TIÊU CHÍ SỐ 4", ("criterion", 4)),
        ("Giao thông", ("criterion", 2)),
        ("giao  THÔNG", ("criterion", 2)),
        ("TC2. Giao thông", ("criterion", 2)),
        ("2 - Giao thông", ("criterion", 2)),
        ("TC2. Thủy lợi", None),
        ("TC20", ("unknown_criterion", 20)),
        ("20", None),
        ("Tên xã", ("name", None)),
        ("Xã", ("name", None)),
        ("Mã xã", ("id", None)),
        ("id", ("id", None)),
        ("Số tiêu chí đạt", ("count", None)),
        ("Tổng số tiêu chí đạt", ("count", None)),
        ("Tiêu chí chưa đạt", ("list", None)),
        ("Năm công nhận", ("recognition", "ntm")),
        ("Năm đạt chuẩn", ("recognition", "ntm")),
        ("Năm công nhận advanced", ("recognition", "advanced")),
        ("Năm công nhận NTM nâng cao", ("recognition", "advanced")),
        ("Năm công nhận đạt chuẩn NTM nâng cao", ("recognition", "advanced")),
        ("Năm công nhận kiểu mẫu", ("unknown_standard", "Năm công nhận kiểu mẫu")),
        ("STT", ("ignore", None)),
        ("Ghi chú", None),
        (None, None),
        (True, None),
    ],
)
def test_classify(cell: Cell, expected: object) -> None:
    assert classify(cell, WORDS) == expected


def test_header_one_row_below_a_title() -> None:
    grid = Grid([["BẢNG TỔNG HỢP"], [], HEAD, ["1", "Nhơn Ái", "x", "x", "x", "x"]])
    header = find_matrix_header(grid, WORDS)
    assert header is not None
    assert (header.row, header.name_column) == (2, 1)
    assert header.criteria == {2: 1, 3: 2, 4: 3, 5: 4}


def test_header_numbers_under_a_merged_heading() -> None:
    grid = Grid(
        [
            ["STT", "Tên xã", "Tiêu chí đạt", None, None, None, "Tổng số tiêu chí đạt"],
            [None, None, 1, 2, 3, 4, None],
            [1, "Nhơn Ái", "x", "x", "x", "x", 4],
        ]
    )
    header = find_matrix_header(grid, WORDS)
    assert header is not None
    assert (header.row, header.name_column, header.count_column) == (1, 1, 6)
    assert header.criteria == {2: 1, 3: 2, 4: 3, 5: 4}


def test_a_data_row_is_not_a_header() -> None:
    grid = Grid([["STT", "Tên xã", "Số tiêu chí đạt", "Ghi chú"], [1, "Nhơn Ái", 4, 3]])
    header = find_matrix_header(grid, WORDS)
    assert header is not None
    assert (header.row, header.criteria) == (0, {})


def test_column_number_row_under_the_header() -> None:
    grid = Grid([HEAD, ["A", "B", 1, 2, 3, 4], ["1", "Nhơn Ái", "x", "x", "x", "x"]])
    header = find_matrix_header(grid, WORDS)
    assert header is not None and header.row == 0


# --- cells ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell", ["x", "X", "✓", "✔", "✔\ufe0f", "Đạt", "ĐẠT", "đạt", "Có", "1", 1, 1.0, True, "TRUE"]
)
def test_met(cell: Cell) -> None:
    assert criterion_cell(cell) is True


@pytest.mark.parametrize(
    "cell", ["0", 0, 0.0, False, "false", "Chưa đạt", "Không đạt", "KHÔNG", " chưa  đạt "]
)
def test_not_met(cell: Cell) -> None:
    assert criterion_cell(cell) is False


@pytest.mark.parametrize("cell", [None, "", "-", "–", "—", "…", "...", "  "])
def test_blank(cell: Cell) -> None:
    assert criterion_cell(cell) is None


@pytest.mark.parametrize("cell", ["xx", "2", 2, 0.5, "đạt?", "=1", "Đạt chuẩn", "✗", "y"])
def test_unreadable(cell: Cell) -> None:
    with pytest.raises(ValueError):
        criterion_cell(cell)


def test_count_list_year_cells() -> None:
    assert count_cell(17, 19) == 17
    assert count_cell("17", 19) == 17
    assert count_cell(17.0, 19) == 17
    assert count_cell(None, 19) is None
    for bad in (20, "17,5", 17.5, "mười", True, -1):
        with pytest.raises(ValueError):
            count_cell(bad, 19)
    assert list_cell("13, 17", range(1, 20)) == (13, 17)
    assert list_cell("17;13", range(1, 20)) == (13, 17)
    assert list_cell("TC 13, TC17", range(1, 20)) == (13, 17)
    assert list_cell("Tiêu chí 13", range(1, 20)) == (13,)
    assert list_cell(13, range(1, 20)) == (13,)
    assert list_cell("Không", range(1, 20)) == ()
    assert list_cell("—", range(1, 20)) is None
    for bad in ("13, 20", 13.17, "mười ba", "13-17", True):
        with pytest.raises(ValueError):
            list_cell(bad, range(1, 20))
    assert year_cell(2019) == year_cell("2019") == year_cell(2019.0) == 2019
    for bad in ("2019-05-01", 19, "năm 2019", 1800):
        with pytest.raises(ValueError):
            year_cell(bad)


# --- names ----------------------------------------------------------------------------------


def test_names_and_slugs() -> None:
    assert name_key("Xã Nhơn Ái") == name_key("nhơn  ái") == "nhơn ái"
    assert name_key("Xã") == "xã"
    assert district_heading("Huyện Phong Điền")
    assert district_heading("THỊ XÃ Long Mỹ")
    assert district_heading("Thành phố Huế") and district_heading("Quận Ô Môn")
    assert not district_heading("Xã Nhơn Ái") and not district_heading("Huyện")
    assert slug("Xã Nhơn Ái") == "nhon-ai"
    assert slug("Huyện Phong Điền") == "phong-dien"
    assert slug("Thị xã Long Mỹ") == "long-my"
    assert slug("Đông Thạnh (cũ)") == "dong-thanh-cu"
    assert slug("東京") == "unit"
    taken = {"nhon-ai", "nhon-ai-2"}
    assert unique_id("nhon-ai", taken) == "nhon-ai-3"
    assert "nhon-ai-3" in taken


@given(st.text(max_size=30))
def test_slug_is_always_an_id(text: str) -> None:
    import re

    assert re.fullmatch(r"[a-z0-9][a-z0-9._-]*", slug(text))


# --- rows -----------------------------------------------------------------------------------


def test_rows_matched_under_district_headings() -> None:
    plan = plan_of(
        [
            HEAD,
            [None, "Huyện Phong Điền"],
            [1, "Nhơn Ái", "x", "x", "", "x"],
            [2, "Tân Phú", "x", "-", "—", "Đạt"],
            [None, "Huyện Cờ Đỏ"],
            [1, "Xã Tân Phú", "x", "x", "x", "x"],
            [2, "trung an", "0", "0", "Đạt", "x"],
            [3, "Xã Lạ", "x", "x", "x", "x"],
            [4, "Nhơn Ái", None, None, None, "-"],
        ]
    )
    assert [(r.row, r.unit_id, r.assessment.unmet) for r in plan.rows] == [
        (3, "nhon-ai", (3,)),
        (4, "tan-phu", (2, 3)),
        (6, "tan-phu-2", ()),
        (7, "trung-an", (1, 2)),
    ]
    assert plan.unmatched == [(8, "Xã Lạ")]
    assert plan.not_assessed == [(9, "Nhơn Ái")]
    assert plan.skipped == 2


def test_namesakes_without_a_heading_are_ambiguous() -> None:
    plan = plan_of([HEAD, [1, "Tân Phú", "x", "x", "x", "x"]])
    assert plan.ambiguous == [(2, "Tân Phú", ("tan-phu", "tan-phu-2"))]


def test_unreadable_cells_named_by_sheet_row_and_column() -> None:
    plan = plan_of([HEAD, [1, "Nhơn Ái", "x", "y", "x", 2]], sheet="Báo cáo")
    messages = [problem_message(p, "en") for p in plan.unreadable]
    assert messages == [
        "m.xlsx: 'Báo cáo'!D2: expected met (x, ✓, Đạt, 1) or not met (empty, -, 0, "
        'Chưa đạt), got "y"',
        "m.xlsx: 'Báo cáo'!F2: expected met (x, ✓, Đạt, 1) or not met (empty, -, 0, "
        "Chưa đạt), got 2",
    ]


def test_count_cross_check() -> None:
    head = [*HEAD, "Tổng số tiêu chí đạt"]
    plan = plan_of([head, [1, "Nhơn Ái", "x", "x", "", "x", 4]])
    assert [problem_message(p, "vi") for p in plan.unreadable] == [
        "m.xlsx: Sheet1!G2: cột số tiêu chí ghi 4, các ô tiêu chí của dòng cho 3"
    ]
    plan = plan_of([head, [1, "Nhơn Ái", "x", "x", "", "x", 3]])
    assert plan.rows[0].assessment.unmet == (3,)


def test_count_only_and_list_only() -> None:
    plan = plan_of([["Xã", "Số tiêu chí đạt", "Năm công nhận"], ["Nhơn Ái", 3, 2024]])
    row = plan.rows[0]
    assert (row.assessment.met_count, row.assessment.unmet) == (3, None)
    assert row.assessment.recognised == {"ntm": 2024}
    plan = plan_of([["Xã", "Tiêu chí chưa đạt"], ["Nhơn Ái", "2, 4"], ["Trung An", "Không"]])
    assert [r.assessment.unmet for r in plan.rows] == [(2, 4), ()]


def test_id_decides_and_a_differing_name_warns() -> None:
    plan = plan_of([["Mã", *HEAD], ["trung-an", 1, "Nhơn Ái", "x", "x", "x", "x"]])
    assert plan.rows[0].unit_id == "trung-an"
    assert [problem_message(p, "en") for p in plan.warnings] == [
        'm.xlsx: Sheet1!C2: the row\'s name "Nhơn Ái" is not the name of unit "trung-an" '
        '("Trung An"); the id decides'
    ]


def test_add_units_with_slugs_and_parents() -> None:
    plan = plan_of(
        [
            HEAD,
            [None, "Huyện Phong Điền"],
            [1, "Xã Mỹ Khánh", "x", "x", "x", "x"],
            [None, "Huyện Thới Lai"],
            [1, "Trường Xuân", "x", "", "", ""],
            [2, "Trường Xuân A", "x", "", "", ""],
            [3, "Trường  Xuân", "x", "", "", ""],
            [4, "Xã Trường Xuân", "x", "", "", "x"],
        ],
        add=True,
    )
    new = [(u.id, u.name, u.kind, u.parent) for u in plan.new_units]
    assert new == [
        ("my-khanh", "Xã Mỹ Khánh", "commune", "phong-dien"),
        ("thoi-lai", "Huyện Thới Lai", "district", None),
        ("truong-xuan", "Trường Xuân", "commune", "thoi-lai"),
        ("truong-xuan-a", "Trường Xuân A", "commune", "thoi-lai"),
    ]
    assert [r.unit_id for r in plan.rows] == ["my-khanh", "truong-xuan", "truong-xuan-a"]
    assert [p.code for p in plan.unreadable] == ["matrix_duplicate"]
    assert problem_message(plan.unreadable[0], "en") == (
        'm.xlsx: Sheet1!B8: unit "truong-xuan" is also in row 5, with other cells'
    )


def test_header_problems() -> None:
    with pytest.raises(NtmError) as error:
        plan_of([["Tên xã", "TC1", "TC2"], ["Nhơn Ái", "x", "x"]])
    assert problem_message(error.value.problems[0], "en") == (
        "m.xlsx: the sheet has no column for criteria 3, 4: give a column to every criterion, "
        "or only a count column (Số tiêu chí đạt)"
    )
    with pytest.raises(NtmError) as error:
        plan_of([[*HEAD, "TC 20"]])
    assert problem_message(error.value.problems[0], "en") == (
        "m.xlsx: Sheet1!G1: the heading names criterion 20, which the file does not declare "
        "for communes"
    )
    with pytest.raises(NtmError) as error:
        plan_of([["Tên xã", "Ghi chú"], ["Nhơn Ái", "x"]])
    assert error.value.problems[0].code == "matrix_no_header"
