"""`ntm outlook --format xlsx` (SPEC §8, §9): the workbook read back with openpyxl and with
ntm import."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntm_cli.edit.sheet import read_plan
from ntm_cli.formats.common import groups
from ntm_cli.formats.xlsx import OUTLOOK_FILLS, render_outlook_xlsx, render_xlsx
from ntm_cli.i18n import OUTLOOK_LABELS, TREND_LABELS
from ntm_cli.judge.evaluate import evaluate
from ntm_cli.judge.outlook import OUTLOOKS, outlook
from ntm_cli.targets_file.data import Baseline, Document
from ntm_cli.targets_file.load import load
from ntm_cli.targets_file.rules import LANGS
from tests.builders import data_document, data_target, outlook_documents
from tests.runner import rendered
from tests.test_outlook_parts import EXAMPLE
from tests.test_xlsx import assert_values_are_the_documents, table_of

HEADINGS = {
    "vi": [
        "STT",
        "Chỉ tiêu",
        "Đơn vị",
        "Năm xuất phát",
        "Xuất phát",
        "TH 2021",
        "TH 2022",
        "TH 2023",
        "Ước TH 2023",
        "KH 2023",
        "KH 2025",
        "Tiến độ (%)",
        "TH/mục tiêu (%)",
        "Khả năng đạt",
        "Phương pháp",
        "Tốc độ (thực tế/cần thiết)",
        "Dự báo năm mục tiêu",
        "Năm dự kiến đạt",
        "Ghi chú",
        "id",
    ],
    "en": [
        "No.",
        "Target",
        "Unit",
        "Start year",
        "Start",
        "Actual 2021",
        "Actual 2022",
        "Actual 2023",
        "Estimate 2023",
        "Plan 2023",
        "Plan 2025",
        "Progress (%)",
        "Actual/Plan (%)",
        "Outlook",
        "Method",
        "Pace (observed/required)",
        "Projected at the target year",
        "Expected year",
        "Notes",
        "id",
    ],
}


def example() -> Document:
    return load(EXAMPLE, "outlook-2021-2025.toml").doc


def sheet_of(data: bytes) -> openpyxl.worksheet.worksheet.Worksheet:
    return openpyxl.load_workbook(io.BytesIO(data)).active


def rows_by_id(sheet: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, dict[str, Any]]:
    return table_of(sheet)[1]


def test_the_example_in_vietnamese() -> None:
    sheet = sheet_of(render_outlook_xlsx(outlook(example(), "x"), "vi"))
    assert sheet["A1"].value == (
        "Chương trình xây dựng nông thôn mới giai đoạn 2021–2025 (minh họa) · Tỉnh mẫu · Năm 2023"
    )
    assert sheet["A1"].font.b
    assert [c.value for c in sheet[2]] == HEADINGS["vi"]
    assert sheet.freeze_panes == "A3"
    rows = rows_by_id(sheet)
    income = rows["income-per-capita"]
    assert (income["Năm xuất phát"].value, income["Xuất phát"].value) == (2020, 50)
    assert income["Năm xuất phát"].number_format == "0"
    assert income["TH 2022"].value == 60 and income["TH 2022"].data_type == "n"
    assert income["TH 2023"].value is None and income["Ước TH 2023"].value == 66
    assert income["KH 2025"].value == 75 and income["KH 2023"].value is None
    assert income["Khả năng đạt"].value == "ĐÚNG TIẾN ĐỘ"
    assert income["Khả năng đạt"].fill.fgColor.rgb == "FF" + OUTLOOK_FILLS["on-track"][0][1:]
    assert income["Phương pháp"].value == "tăng trưởng bình quân (CAGR)"
    assert income["Tiến độ (%)"].value == 64 and income["TH/mục tiêu (%)"].value == 88
    assert income["Năm dự kiến đạt"].value == 2025
    cooperatives = rows["new-cooperatives"]
    assert cooperatives["Phương pháp"].value == "tuyến tính"
    assert round(cooperatives["Tốc độ (thực tế/cần thiết)"].value, 4) == 0.6667
    assert cooperatives["Tốc độ (thực tế/cần thiết)"].number_format == "#,##0.00"
    assert round(cooperatives["Dự báo năm mục tiêu"].value, 2) == 13.33
    assert cooperatives["Năm dự kiến đạt"].value == 2028
    poverty = rows["poverty-rate"]
    assert poverty["KH 2025"].value == "1,5–2" and poverty["KH 2025"].data_type == "s"
    assert poverty["TH 2023"].value == 4.7 and "%" not in poverty["TH 2023"].number_format
    assert rows["paved-roads"]["KH 2023"].value == 90
    plan = rows["master-plan"]
    assert plan["KH 2025"].value is True and plan["TH 2023"].value is False
    assert plan["Khả năng đạt"].value == "CHƯA ĐỦ SỐ LIỆU"
    assert plan["Phương pháp"].value is None and plan["Tiến độ (%)"].value is None
    # The achieved target is not projected: those figures are for a pace that decides.
    assert rows["communes-standard"]["Năm dự kiến đạt"].value is None
    widths = [d.width for d in sheet.column_dimensions.values()]
    assert min(widths) >= 6 and max(widths) <= 60


def test_the_example_in_english_has_every_outlook_with_its_fill() -> None:
    sheet = sheet_of(render_outlook_xlsx(outlook(example(), "x"), "en"))
    assert sheet["A1"].value == (
        "New Rural Development 2021–2025 (illustrative) · Sample province · Year 2023"
    )
    assert [c.value for c in sheet[2]] == HEADINGS["en"]
    rows = rows_by_id(sheet)
    assert rows["income-per-capita"]["Target"].value == "Rural income per capita"
    assert rows["poverty-rate"]["Plan 2025"].value == "1.5–2"
    cells = [row["Outlook"] for row in rows.values()]
    labels = {o: OUTLOOK_LABELS["en"][o] for o in OUTLOOKS}
    labels["no-target"] += " · SUBSTANTIAL PROGRESS"  # the trend after it (SPEC §15)
    assert sorted(c.value for c in cells) == sorted(labels.values())
    for cell in cells:
        (outlook_class,) = [o for o, label in labels.items() if label == cell.value]
        assert cell.fill.fgColor.rgb == "FF" + OUTLOOK_FILLS[outlook_class][0][1:]
        assert cell.font.color.rgb == "FF" + OUTLOOK_FILLS[outlook_class][1][1:]
    assert len({fill for fill, _ in OUTLOOK_FILLS.values()}) == len(OUTLOOKS)


def test_text_from_the_file_stays_text() -> None:
    hostile = '=HYPERLINK("http://x","bấm")'
    target = data_target(
        "h", hostile, unit="=1+1", group="@g", baseline=Baseline(2020, 1),
        actual={2022: 2}, plan={2025: 5},
    )  # fmt: skip
    sheet = sheet_of(render_outlook_xlsx(outlook(data_document(target), "f"), "vi"))
    row = rows_by_id(sheet)["h"]
    for heading, text in (("Chỉ tiêu", hostile), ("Đơn vị", "=1+1")):
        assert row[heading].value == text and row[heading].data_type == "s"
    assert sheet["A3"].value == "I"  # the group, a section row
    assert sheet["B3"].value == "@g" and sheet["B3"].data_type == "s"


def test_targets_toward_other_years_have_their_own_plan_column() -> None:
    targets = [
        data_target("a", "A", baseline=Baseline(2020, 1), actual={2022: 2}, plan={2025: 5}),
        data_target("b", "B", baseline=Baseline(2020, 1), actual={2022: 2}, plan={2030: 9}),
    ]
    sheet = sheet_of(render_outlook_xlsx(outlook(data_document(*targets), "f", 2022), "vi"))
    rows = rows_by_id(sheet)
    assert [rows[i]["KH 2025"].value for i in "ab"] == [5, None]
    assert [rows[i]["KH 2030"].value for i in "ab"] == [None, 9]


def test_the_workbook_imports_with_no_change(tmp_path: Path) -> None:
    doc = example()
    for lang in LANGS:
        path = tmp_path / f"{lang}.xlsx"
        path.write_bytes(render_outlook_xlsx(outlook(doc, "x"), lang))
        assert_values_are_the_documents(path, doc)


def test_render_dispatches_on_the_command() -> None:
    doc = data_document(
        data_target("a", "A", baseline=Baseline(2020, 1), actual={2022: 2}, plan={2022: 5}),
        name="P",
    )
    outlook_book = sheet_of(rendered("xlsx", "outlook", outlook(doc, "f"), "vi"))
    assert "Khả năng đạt" in [c.value for c in outlook_book[2]]
    for command in ("status", "compare"):
        report = evaluate(doc, "f", 2022)
        mine = sheet_of(rendered("xlsx", command, report, "en"))
        theirs = sheet_of(render_xlsx(report, "en", command))
        assert [[c.value for c in r] for r in mine.iter_rows()] == [
            [c.value for c in r] for r in theirs.iter_rows()
        ]


def test_an_empty_outlook_is_a_workbook_with_headings() -> None:
    doc = data_document(data_target("a", "A", actual={2024: True}, plan={2020: True}))
    sheet = sheet_of(render_outlook_xlsx(outlook(doc, "f"), "en"))
    assert sheet.max_row == 2 and sheet["A2"].value == "No." and sheet["B2"].value == "Target"


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(outlook_documents(), st.sampled_from(LANGS))
def test_any_document_gives_a_workbook_that_reads_back(
    tmp_path: Path, doc: Document, lang: str
) -> None:
    language = "vi" if lang == "vi" else "en"
    report = outlook(doc, "f.toml")
    data = render_outlook_xlsx(report, language)
    sheet = sheet_of(data)
    rows = rows_by_id(sheet)
    in_groups = [r.target.id for _, members in groups(report.records, language) for r in members]
    assert list(rows) == in_groups
    outlook_heading = "Khả năng đạt" if language == "vi" else "Outlook"
    for record in report.records:
        label = OUTLOOK_LABELS[language][record.outlook]
        if record.trend is not None:
            label += f" · {TREND_LABELS[language][record.trend]}"
        assert rows[record.target.id][outlook_heading].value == label
    if not report.records:
        return  # no measure column: nothing for `ntm import` to read, and it says so
    path = tmp_path / "o.xlsx"
    path.write_bytes(data)
    plan = read_plan(path, path.name, None, doc)
    assert plan.unreadable == []
    targets = {t.id: t for t in doc.target}
    for value in plan.values:
        assert getattr(targets[value.target_id], value.table)[value.year] == value.value
