"""`--format xlsx` (SPEC §9): a real workbook, read back with openpyxl and with ntm import."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import MergedCell

from ntm_cli.edit.sheet import read_plan
from ntm_cli.formats.xlsx import FILLS, render_xlsx
from ntm_cli.judge.evaluate import evaluate
from ntm_cli.targets_file.data import Baseline, Document, Range
from tests.builders import data_document, data_target, edge_number_documents
from tests.conftest import Runner

DOC = data_document(
    data_target(
        "income",
        "Thu nhập bình quân đầu người",
        name_en="Income per capita",
        group="Kinh tế",
        group_en="Economy",
        unit="triệu đồng/người",
        plan={2020: 88.296, 2025: 100},
        actual={2019: 80, 2020: 94.45},
    ),
    data_target(
        "poor",
        '=HYPERLINK("http://x","bấm")',
        unit="%",
        direction="decrease",
        plan={2020: Range(1, 1.5)},
        actual={2020: 0.29},
        estimate={2019: 1.2},
    ),
    data_target("communes", "Số xã đạt chuẩn", total=36, plan={2021: 36}, actual={2020: 36.0}),
    data_target("planning", "Có quy hoạch", plan={2020: True}, estimate={2020: False}),
    data_target("big", "Vốn", plan={2020: 1234567.125}, actual={2020: 1.234}),
    name="Xây dựng nông thôn mới",
    region="Cần Thơ",
    name_en="New Rural Development",
)


def book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def header_at(sheet: Any) -> int:
    """The header row (1-based): the one that begins with STT / No."""
    return next(row[0].row for row in sheet.iter_rows(max_row=10) if row[0].value in ("STT", "No."))


def table_of(sheet: Any) -> tuple[list[Any], dict[str, dict[str, Any]]]:
    """The headings, and each target's cells by heading, by its id (the last column); section
    rows have no id."""
    at = header_at(sheet)
    headings = [c.value for c in sheet[at]]
    rows = {
        row[-1].value: dict(zip(headings, row, strict=True))
        for row in sheet.iter_rows(min_row=at + 1)
        if row[-1].value
    }
    return headings, rows


def test_compare_workbook_cells() -> None:
    report = evaluate(DOC, "targets.toml", 2020, vs_year=2019)
    sheet = book(render_xlsx(report, "vi", "compare")).active
    assert sheet["A1"].value == "Xây dựng nông thôn mới · Cần Thơ · Năm 2020 · so với năm 2019"
    headings, rows = table_of(sheet)
    assert header_at(sheet) == 2
    assert headings == [
        "STT",
        "Chỉ tiêu",
        "Đơn vị",
        "KH 2020",
        "TH 2020",
        "Ước TH 2020",
        "Chênh lệch",
        "Chênh lệch (%)",
        "TH/KH (%)",
        "Trạng thái",
        "TH 2019",
        "Ước TH 2019",
        "Thay đổi",
        "So với năm 2019 (%)",
        "Mốc kế hoạch",
        "Năm mốc",
        "Ghi chú",
        "id",
    ]
    assert sheet.freeze_panes == "A3"
    income = rows["income"]
    assert income["KH 2020"].value == 88.296 and income["KH 2020"].data_type == "n"
    # one number format per column, with as many decimals as its values need
    assert income["KH 2020"].number_format == "#,##0.000"
    assert income["TH 2020"].value == 94.45 and income["TH 2020"].number_format == "#,##0.000"
    assert income["Trạng thái"].value == "VƯỢT"
    assert income["Trạng thái"].fill.fgColor.rgb == "FF" + FILLS["exceeded"][0][1:]
    assert income["TH 2019"].value == 80
    poor = rows["poor"]
    assert poor["Chỉ tiêu"].value == '=HYPERLINK("http://x","bấm")'
    assert poor["Chỉ tiêu"].data_type == "s"
    assert poor["KH 2020"].value == "1–1,5" and poor["KH 2020"].data_type == "s"
    assert poor["TH 2020"].value == 0.29 and "%" not in poor["TH 2020"].number_format
    assert poor["Ước TH 2019"].value == 1.2
    planning = rows["planning"]
    assert planning["KH 2020"].value is True and planning["Ước TH 2020"].value is False
    communes = rows["communes"]
    assert communes["Mốc kế hoạch"].value == 36 and communes["Năm mốc"].value == 2021
    assert communes["Năm mốc"].number_format == "0"
    assert income["So với năm 2019 (%)"].value == pytest.approx(118.0625)  # 94.45 / 80 × 100
    # every cell of the table has borders; the groups are section rows I, II
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if not isinstance(cell, MergedCell):  # a section heading across the row
                assert cell.border.left.style == "thin", cell.coordinate
    assert [sheet.cell(r, 1).value for r in range(3, sheet.max_row + 1)] == [
        "I", 1, "II", 1, 2, 3, 4
    ]  # fmt: skip
    assert sheet["B3"].value == "Kinh tế"


def test_one_number_format_per_column_and_no_empty_column() -> None:
    """A count's delta never shows "-1,00"; a column no target fills is left out."""
    doc = data_document(
        data_target("a", "A", unit="xã", plan={2020: 10}, actual={2020: 9}),
        data_target("b", "B", unit="xã", plan={2020: 10}, actual={2020: 12}),
    )
    sheet = book(render_xlsx(evaluate(doc, "t", 2020), "vi", "compare")).active
    headings, rows = table_of(sheet)
    assert rows["a"]["Chênh lệch"].value == -1
    assert rows["a"]["Chênh lệch"].number_format == "+#,##0;-#,##0;0"
    assert rows["b"]["Chênh lệch"].number_format == "+#,##0;-#,##0;0"
    assert rows["a"]["TH/KH (%)"].number_format == "#,##0"  # 90 and 120
    assert "Mốc kế hoạch" not in headings and "Năm mốc" not in headings
    assert "Ước TH 2020" not in headings


def test_print_setup() -> None:
    report = evaluate(DOC, "targets.toml", 2020, vs_year=2019)
    data = render_xlsx(report, "vi", "compare")
    sheet = book(data).active
    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth in (None, 1)  # 1 is OOXML's default
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$2:$2"
    # the title merged over the printed table; the id column last, outside the print area
    assert "A1:Q1" in [str(r) for r in sheet.merged_cells.ranges]
    assert sheet.print_area == "'Báo cáo'!$A$1:$Q$9"
    assert sheet["R2"].value == "id"


def test_status_workbook_in_english() -> None:
    report = evaluate(DOC, "targets.toml", 2020)
    sheet = book(render_xlsx(report, "en", "status")).active
    assert sheet["A1"].value == "New Rural Development · Cần Thơ · Year 2020"
    headings, _ = table_of(sheet)
    assert headings[:7] == [
        "No.",
        "Target",
        "Unit",
        "Plan 2020",
        "Actual 2020",
        "Estimate 2020",
        "Delta",
    ]
    assert sheet["B3"].value == "Economy" and sheet["B4"].value == "Income per capita"
    assert "Actual/Plan (%)" not in headings
    widths = {k: v.width for k, v in sheet.column_dimensions.items()}
    assert min(widths.values()) >= 6 and max(widths.values()) <= 60


def test_compare_workbook_imports_with_no_change(tmp_path: Path) -> None:
    for lang in ("vi", "en"):
        report = evaluate(DOC, "targets.toml", 2020, vs_year=2019)
        path = tmp_path / f"{lang}.xlsx"
        path.write_bytes(render_xlsx(report, lang, "compare"))
        assert_values_are_the_documents(path, DOC)


def assert_values_are_the_documents(path: Path, doc: Document) -> None:
    plan = read_plan(path, path.name, None, doc)
    assert plan.unreadable == [] and plan.unmatched == [] and plan.ambiguous == []
    targets = {t.id: t for t in doc.target}
    assert plan.values
    for value in plan.values:
        held = getattr(targets[value.target_id], value.table)[value.year]
        assert value.value == held
        assert isinstance(value.value, bool) == isinstance(held, bool)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edge_number_documents(), st.sampled_from(["vi", "en"]))
def test_round_trip_of_generated_documents(tmp_path: Path, doc: Document, lang: str) -> None:
    report = evaluate(doc, "targets.toml", 2020)
    path = tmp_path / "round.xlsx"
    path.write_bytes(render_xlsx(report, lang, "compare"))  # type: ignore[arg-type]
    plan = read_plan(path, path.name, None, doc)
    assert plan.unreadable == [] and plan.unmatched == []
    targets = {t.id: t for t in doc.target}
    seen = {(v.target_id, v.table, v.year): v.value for v in plan.values}
    for target in doc.target:
        for table in ("plan", "actual"):
            if 2020 in getattr(target, table):
                assert seen[(target.id, table, 2020)] == getattr(target, table)[2020]
        if 2020 not in target.actual:
            assert seen[(target.id, "estimate", 2020)] == target.estimate[2020]
    assert all(getattr(targets[i], t)[y] == v for (i, t, y), v in seen.items())


def test_unknown_kind() -> None:
    with pytest.raises(ValueError):
        render_xlsx(evaluate(DOC, "t", 2020), "vi", "outlook")


def test_source_line_notes_column_and_baseline_heading(tmp_path: Path) -> None:
    doc = data_document(
        data_target(
            "communes",
            "Số xã đạt chuẩn",
            total=36,
            plan={2020: 30},
            actual={2020: 34},
            baseline=Baseline(2015, 10),
            note="Theo Quyết định 1\ndòng hai",
            source="Sở NN&PTNT",
        ),
        data_target("income", "Thu nhập", plan={2020: 60}, actual={2015: 40, 2020: 61}),
        name="NTM",
        source="Báo cáo số 12/BC-UBND",
    )
    for lang, source, notes, baseline in (
        ("vi", "Nguồn: Báo cáo số 12/BC-UBND", "Ghi chú", "Năm gốc 2015"),
        ("en", "Source: Báo cáo số 12/BC-UBND", "Notes", "Baseline 2015"),
    ):
        report = evaluate(doc, "targets.toml", 2020, vs_year=2015)
        data = render_xlsx(report, lang, "compare")
        sheet = book(data).active
        assert sheet["A2"].value == source
        headings, rows = table_of(sheet)
        assert header_at(sheet) == 3
        assert sheet.freeze_panes == "A4"
        assert baseline in headings and headings[-2:] == [notes, "id"]
        assert (rows["communes"][baseline].value, rows["income"][baseline].value) == (10, None)
        source_word = "Nguồn" if lang == "vi" else "Source"
        assert (
            rows["communes"][notes].value
            == f"Theo Quyết định 1\ndòng hai\n{source_word}: Sở NN&PTNT"
        )
        assert rows["income"][notes].value is None
        path = tmp_path / f"{lang}.xlsx"
        path.write_bytes(data)
        # the baseline column is not an actual of 2015: import reads nothing from it
        assert_values_are_the_documents(path, doc)


@pytest.mark.parametrize(
    "command",
    [
        ("status",),
        ("compare",),
        ("compare", "--lang", "en"),
        ("outlook",),
        ("outlook", "--lang", "en"),
    ],
)
def test_every_workbook_ntm_writes_imports_back_unchanged(
    ntm: Runner, tmp_path: Path, command: tuple[str, ...]
) -> None:
    """Issue 24: the workbook laid out as a report (section rows, STT, id last) still reads
    back: `ntm import --dry-run` finds nothing to change and skips no row."""
    from tests.conftest import SHIPPED

    (tmp_path / "targets.toml").write_bytes(SHIPPED.read_bytes())
    before = (tmp_path / "targets.toml").read_bytes()
    result = ntm(*command, "-o", "report.xlsx")
    assert result.code == 0, result.err
    imported = ntm("import", "report.xlsx", "--dry-run", "--lang", "en")
    assert imported.code == 0, imported.out + imported.err
    assert "→" not in imported.out and "0 values would be written" in imported.out
    assert "0 rows skipped" in imported.out
    assert (tmp_path / "targets.toml").read_bytes() == before
