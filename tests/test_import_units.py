"""`ntm import --units` end to end (SPEC §12.4): a criteria matrix into the file's units."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import xlsxwriter

from tests.conftest import Runner

FILE = """\
# Units of a small district (illustrative)
[program]
name = "NTM"

[[standard]]
id = "ntm"
name = "Đạt chuẩn nông thôn mới"

[[standard]]
id = "advanced"
name = "Đạt chuẩn nông thôn mới nâng cao"

[[criterion]]
id = 1
name = "Quy hoạch"

[[criterion]]
id = 2
name = "Giao thông"

[[criterion]]
id = 3
name = "Thủy lợi"

[[unit]]
id = "phong-dien"
name = "Huyện Phong Điền"
kind = "district"

[[unit]]
id = "nhon-ai"
name = "Xã Nhơn Ái"
kind = "commune"
parent = "phong-dien"
recognised = { ntm = 2019 }
unmet = { 2022 = [2] }  # kept

[[unit]]
id = "my-khanh"
name = "Xã Mỹ Khánh"   # no assessments yet
kind = "commune"
parent = "phong-dien"

[[target]]
id = "communes-ntm"
name = "Số xã đạt chuẩn nông thôn mới"
plan = { 2024 = 2 }
rollup = { of = "commune", standard = "ntm" }
"""

MATRIX = (
    "BẢNG TỔNG HỢP NĂM 2024\n"
    "STT,Tên xã,TC1,TC2,TC3,Tổng số tiêu chí đạt,Năm công nhận\n"
    ",Huyện Phong Điền,,,,,\n"
    "1,Nhơn Ái,x,,Đạt,2,2019\n"
    "2,Mỹ Khánh,✓,x,x,3,2024\n"
)


def _setup(tmp_path: Path, matrix: str = MATRIX, name: str = "m.csv") -> tuple[Path, Path]:
    target = tmp_path / "targets.toml"
    target.write_text(FILE, encoding="utf-8")
    sheet = tmp_path / name
    sheet.write_text(matrix, encoding="utf-8")
    return target, sheet


def _units(path: Path) -> dict[str, dict[str, object]]:
    return {u["id"]: u for u in tomllib.loads(path.read_text("utf-8"))["unit"]}


def test_dry_run_lists_and_writes_nothing(ntm: Runner, tmp_path: Path) -> None:
    target, _ = _setup(tmp_path)
    result = ntm("import", "m.csv", "--units", "--year", "2024", "--dry-run", "--lang", "en")
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        "nhon-ai: unmet.2024: — → [2]\n"
        "my-khanh: unmet.2024: — → []\n"
        "my-khanh: recognised.ntm: — → 2024\n"
        "Dry run: 3 values would be written, 1 unchanged, 0 rows skipped; nothing was written.\n"
    )
    assert target.read_text("utf-8") == FILE


def test_import_writes_in_place_keeping_the_rest(ntm: Runner, tmp_path: Path) -> None:
    target, _ = _setup(tmp_path)
    result = ntm("import", "m.csv", "--units", "-y", "2024", "--lang", "vi")
    assert result.code == 0, result.err
    assert result.out.endswith("Đã nhập xong: ghi 3 giá trị, 1 giá trị không đổi, bỏ qua 0 dòng.\n")
    text = target.read_text("utf-8")
    assert "unmet = { 2022 = [2], 2024 = [2] }  # kept\n" in text
    assert 'name = "Xã Mỹ Khánh"   # no assessments yet\n' in text
    units = _units(target)
    assert units["my-khanh"]["unmet"] == {"2024": []}
    assert units["my-khanh"]["recognised"] == {"ntm": 2024}
    again = ntm("import", "m.csv", "--units", "-y", "2024", "--dry-run", "--lang", "en")
    assert again.out.startswith("No change.\n"), again.out


def test_a_different_value_is_refused_without_force(ntm: Runner, tmp_path: Path) -> None:
    matrix = MATRIX.replace("1,Nhơn Ái,x,,Đạt,2,2019", "1,Nhơn Ái,x,,Đạt,2,2018")
    target, _ = _setup(tmp_path, matrix)
    result = ntm("import", "m.csv", "--units", "-y", "2024", "--lang", "en")
    assert result.code == 2
    assert result.err == (
        'm.csv: m!G4: unit "nhon-ai": recognised.ntm: already 2019; use --force to replace it '
        "with 2018\n"
    )
    assert target.read_text("utf-8") == FILE
    forced = ntm("import", "m.csv", "--units", "-y", "2024", "--force", "--lang", "en")
    assert forced.code == 0, forced.err
    assert _units(target)["nhon-ai"]["recognised"] == {"ntm": 2018}


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            'm.csv: m!C2: unit "nhon-ai": met_count.2022: 3 disagrees with unmet.2022: 3 '
            "criteria, 1 not met, so 2 met\n",
        ),
        (
            "vi",
            'm.csv: m!C2: unit "nhon-ai": met_count.2022: 3 không khớp unmet.2022: 3 tiêu chí, '
            "1 chưa đạt, tức đạt 2\n",
        ),
    ],
)
@pytest.mark.parametrize("dry_run", [True, False])
def test_a_count_that_contradicts_the_files_unmet_list_is_named_by_its_cell(
    ntm: Runner, tmp_path: Path, lang: str, expected: str, dry_run: bool
) -> None:
    """SPEC §9, §12.4: the refusal names the sheet cell the count came from (the count
    column), not the line of the targets file, and nothing is written."""
    target, _ = _setup(tmp_path, "STT,Tên xã,Tổng số tiêu chí đạt\n1,Nhơn Ái,3\n")
    args = ["import", "m.csv", "--units", "-y", "2022", "--lang", lang]
    result = ntm(*args, *(["--dry-run"] if dry_run else []))
    assert (result.code, result.err) == (2, expected)
    assert target.read_text("utf-8") == FILE


def test_unreadable_cells_write_nothing(ntm: Runner, tmp_path: Path) -> None:
    matrix = MATRIX.replace("2,Mỹ Khánh,✓,x,x,3", "2,Mỹ Khánh,✓,x,=1+1,2")
    target, _ = _setup(tmp_path, matrix)
    result = ntm("import", "m.csv", "--units", "-y", "2024", "--lang", "en")
    assert result.code == 2
    assert result.err == (
        'm.csv: m!E5: expected met (x, ✓, Đạt, 1) or not met (empty, -, 0, Chưa đạt), got "=1+1"\n'
    )
    assert target.read_text("utf-8") == FILE


def test_count_mismatch_is_an_unreadable_cell(ntm: Runner, tmp_path: Path) -> None:
    matrix = MATRIX.replace("2,Mỹ Khánh,✓,x,x,3", "2,Mỹ Khánh,✓,x,x,2")
    target, _ = _setup(tmp_path, matrix)
    result = ntm("import", "m.csv", "--units", "-y", "2024", "--lang", "en")
    assert result.code == 2
    assert result.err == "m.csv: m!F5: the count says 2, the row's criteria cells give 3\n"
    assert target.read_text("utf-8") == FILE


SKIPPING = MATRIX + "3,Xã Lạ,x,x,x,3,\n4,Mỹ Khánh,,,,,\n"


def test_skipped_rows_exit_1_and_the_rest_is_written(ntm: Runner, tmp_path: Path) -> None:
    matrix = SKIPPING.replace("2,Mỹ Khánh,✓,x,x,3,2024\n", "")
    target, _ = _setup(tmp_path, matrix)
    result = ntm("import", "m.csv", "--units", "-y", "2024", "--lang", "en")
    assert result.code == 1
    assert result.err == (
        'row 5: "Xã Lạ": matches no commune; skipped\n'
        'row 6: "Mỹ Khánh": no criterion cell filled, not assessed; skipped\n'
    )
    assert result.out == (
        "nhon-ai: unmet.2024: — → [2]\nImport done: 1 value written, 1 unchanged, 2 rows skipped.\n"
    )
    assert _units(target)["nhon-ai"]["unmet"] == {"2022": [2], "2024": [2]}


def test_strict_writes_nothing(ntm: Runner, tmp_path: Path) -> None:
    target, _ = _setup(tmp_path, SKIPPING.replace("2,Mỹ Khánh,✓,x,x,3,2024\n", ""))
    result = ntm("import", "m.csv", "--units", "-y", "2024", "--strict", "--lang", "en")
    assert result.code == 2
    assert result.err.endswith(
        "m.csv: 2 rows could not be imported and --strict was given: nothing written\n"
    )
    assert target.read_text("utf-8") == FILE


def test_add_units(ntm: Runner, tmp_path: Path) -> None:
    matrix = MATRIX + ",Huyện Thới Lai,,,,,\n1,Trường Xuân,x,x,,2,\n"
    target, _ = _setup(tmp_path, matrix)
    result = ntm("import", "m.csv", "--units", "-y", "2024", "--add-units", "--lang", "en")
    assert result.code == 0, result.err
    assert result.out == (
        "nhon-ai: unmet.2024: — → [2]\n"
        "my-khanh: unmet.2024: — → []\n"
        "my-khanh: recognised.ntm: — → 2024\n"
        'new district thoi-lai: "Huyện Thới Lai"\n'
        'new commune truong-xuan: "Trường Xuân" (district thoi-lai)\n'
        "truong-xuan: unmet.2024: — → [3]\n"
        "Import done: 4 values written, 1 unchanged, 0 rows skipped.\n"
    )
    units = _units(target)
    assert units["thoi-lai"] == {"id": "thoi-lai", "name": "Huyện Thới Lai", "kind": "district"}
    assert units["truong-xuan"] == {
        "id": "truong-xuan",
        "name": "Trường Xuân",
        "kind": "commune",
        "parent": "thoi-lai",
        "unmet": {"2024": [3]},
    }
    assert ntm("validate").code == 0


def test_xlsx_with_a_two_row_header(ntm: Runner, tmp_path: Path) -> None:
    _setup(tmp_path)
    path = tmp_path / "m.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Phong Điền")
    sheet.merge_range(0, 0, 1, 0, "STT")
    sheet.merge_range(0, 1, 1, 1, "Tên xã")
    sheet.merge_range(0, 2, 0, 4, "Tiêu chí")
    for column, number in enumerate((1, 2, 3), start=2):
        sheet.write_number(1, column, number)
    sheet.write_row(2, 0, [1, "Xã Nhơn Ái", "x", "", "x"])
    sheet.write_row(3, 0, [2, "Xã Mỹ Khánh", True, 1, "có"])
    book.close()
    result = ntm("import", "m.xlsx", "--units", "-y", "2024", "--dry-run", "--lang", "en")
    assert result.code == 0, result.err
    assert result.out.splitlines()[:2] == [
        "nhon-ai: unmet.2024: — → [2]",
        "my-khanh: unmet.2024: — → []",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--units"], "ntm: --units needs --year: the year the matrix assesses\n"),
        (["--year", "2024"], "ntm: --year and --add-units go with --units\n"),
    ],
)
def test_option_errors(ntm: Runner, tmp_path: Path, args: list[str], message: str) -> None:
    _setup(tmp_path)
    result = ntm("import", "m.csv", *args, "--lang", "en")
    assert (result.code, result.err) == (2, message)


def test_the_example_matrix(ntm: Runner, tmp_path: Path) -> None:
    from tests.conftest import ROOT

    target = tmp_path / "ma-tran.toml"
    target.write_bytes((ROOT / "examples" / "ma-tran.toml").read_bytes())
    sheet = str(ROOT / "examples" / "ma-tran-tieu-chi-2024.csv")
    args = ["import", sheet, "--units", "--year", "2024", "-f", str(target), "--lang", "en"]
    assert ntm(*args, "--dry-run").out.startswith("nhon-ai: unmet.2024: — → []\n")
    done = ntm(*args)
    assert done.code == 0, done.err
    assert done.out.endswith("Import done: 6 values written, 4 unchanged, 0 rows skipped.\n")
    assert ntm(*args, "--dry-run").out.startswith("No change.\n")


@pytest.mark.parametrize(
    "layout",
    [
        pytest.param(lambda t: t, id="ntm-layout"),
        pytest.param(lambda t: t.replace("\n", "\r\n"), id="crlf"),
        pytest.param(
            lambda t: t.replace(
                "unmet = { 2022 = [2] }  # kept\n", "\n[unit.unmet]\n2022 = [2]  # kept\n"
            ),
            id="sub-table",
        ),
    ],
)
def test_every_layout_gives_the_same_units(ntm: Runner, tmp_path: Path, layout: object) -> None:
    matrix = MATRIX + ",Huyện Thới Lai,,,,,\n1,Trường Xuân,x,x,,2,\n"
    target, _ = _setup(tmp_path, matrix)
    assert callable(layout)
    target.write_bytes(layout(FILE).encode("utf-8"))
    result = ntm("import", "m.csv", "--units", "-y", "2024", "--add-units", "--lang", "en")
    assert result.code == 0, result.err
    units = _units(target)
    assert units["nhon-ai"]["unmet"] == {"2022": [2], "2024": [2]}
    assert units["my-khanh"]["recognised"] == {"ntm": 2024}
    assert units["truong-xuan"]["parent"] == "thoi-lai"
    assert ntm("validate").code == 0
    written = target.read_bytes()
    if "\r\n" in layout(FILE):
        assert written.count(b"\n") == written.count(b"\r\n")


def test_a_result_the_file_refuses_is_not_written(ntm: Runner, tmp_path: Path) -> None:
    # Recognised at "advanced" without the lower standard: the file's own rule refuses it.
    matrix = MATRIX.replace("Năm công nhận", "Năm công nhận nông thôn mới nâng cao").replace(
        "1,Nhơn Ái,x,,Đạt,2,2019", "1,Nhơn Ái,x,,Đạt,2,2010"
    )
    target, _ = _setup(tmp_path, matrix)
    result = ntm("import", "m.csv", "--units", "-y", "2024", "--lang", "en")
    assert result.code == 2
    assert 'unit "nhon-ai"' in result.err and "recognised" in result.err
    assert target.read_text("utf-8") == FILE


def _units_workbook(path: Path) -> None:
    """A workbook laid out as `ntm units --format xlsx` lays out its sheets: a summary sheet
    first, then the matrix (STT, Mã, Tên xã, TC1…, Số tiêu chí đạt; `Đạt` / `—` cells; a
    heading row per district)."""
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Tổng hợp").write_row(0, 0, ["Chỉ số", "Giá trị"])
    sheet = book.add_worksheet("Ma trận")
    sheet.write_row(0, 0, ["Tổng hợp đơn vị năm 2022"])
    sheet.write_row(2, 0, ["STT", "Mã", "Tên xã", "TC1", "TC2", "TC3", "Số tiêu chí đạt"])
    sheet.write_string(3, 2, "Huyện Phong Điền")
    sheet.write_row(4, 0, [1, "nhon-ai", "Xã Nhơn Ái", "Đạt", "—", "Đạt", 2])
    sheet.write_row(5, 0, [2, "my-khanh", "Xã Mỹ Khánh"])
    book.close()


def test_the_matrix_of_a_units_workbook_imports_back_with_no_change(
    ntm: Runner, tmp_path: Path
) -> None:
    _setup(tmp_path)
    _units_workbook(tmp_path / "u.xlsx")
    result = ntm("import", "u.xlsx", "--units", "-y", "2022", "--dry-run", "--lang", "en")
    assert result.out.splitlines()[0] == "No change."
    assert 'row 6: "my-khanh": no criterion cell filled' in result.out  # not assessed in 2022


def test_ntm_units_xlsx_round_trip(ntm: Runner, tmp_path: Path) -> None:
    """SPEC §12.3: the matrix sheet `ntm units --format xlsx` writes imports back with no
    change (runs once `ntm units` is in the tree)."""
    from ntm_cli.cli.commands import NAMES

    if "units" not in NAMES:
        pytest.skip("ntm units is not in this tree yet")
    target, _ = _setup(tmp_path)
    assert ntm("import", "m.csv", "--units", "-y", "2024").code == 0
    made = ntm("units", "--year", "2024", "--format", "xlsx", "-o", "u.xlsx")
    assert made.code == 0, made.err
    before = target.read_bytes()
    again = ntm("import", "u.xlsx", "--units", "-y", "2024", "--dry-run", "--lang", "en")
    assert again.out.splitlines()[0] == "No change.", again.out
    assert target.read_bytes() == before


def test_a_new_name_the_file_would_refuse_is_named_by_its_cell(ntm: Runner, tmp_path: Path) -> None:
    matrix = MATRIX + ",Huyện \x1b[31mĐỏ,,,,,\n1,Xã A\x07B,x,x,x,3,\n2,Xã C,x,x,x,3,\n"
    target, _ = _setup(tmp_path, matrix)
    result = ntm("import", "m.csv", "--units", "-y", "2024", "--add-units", "--lang", "en")
    assert result.code == 2
    assert result.err == (
        "m.csv: m!B6: control character U+001B at position 7 is not allowed\n"
        "m.csv: m!B7: control character U+0007 at position 5 is not allowed\n"
    )
    assert target.read_text("utf-8") == FILE


CRITERION = (
    FILE
    + """
[[target]]
id = "communes-tc2"
name = "Số xã đạt tiêu chí giao thông"
rollup = { of = "commune", criterion = 2 }
"""
)


@pytest.mark.parametrize(
    ("lang", "warning"),
    [
        (
            "en",
            'warning: m.csv: m!B4: target "communes-tc2": rollup: 2024: 1 of 2 units in scope '
            "are not assessed, so the year has no counted value\n",
        ),
        (
            "vi",
            'cảnh báo: m.csv: m!B4: target "communes-tc2": rollup: năm 2024: 1/2 đơn vị chưa '
            "được đánh giá, nên năm này chưa có số liệu tổng hợp\n",
        ),
    ],
)
@pytest.mark.parametrize("dry_run", [[], ["--dry-run"]])
def test_a_year_left_partly_assessed_is_a_warning_naming_the_row(
    ntm: Runner, tmp_path: Path, lang: str, warning: str, dry_run: list[str]
) -> None:
    target, _ = _setup(tmp_path, MATRIX.replace("2,Mỹ Khánh,✓,x,x,3,2024\n", ""))
    target.write_text(CRITERION, encoding="utf-8")  # 2022 is partly assessed already: not news
    result = ntm("import", "m.csv", "--units", "-y", "2024", "--lang", lang, *dry_run)
    assert (result.code, result.err) == (0, warning)


AVERAGE = """[program]
name = "Thử"

[[standard]]
id = "ntm"
name = "Đạt chuẩn nông thôn mới"

[[criterion]]
id = 1
name = "Quy hoạch"

[[criterion]]
id = 2
name = "Giao thông"

[[unit]]
id = "my-tu"
name = "Huyện Mỹ Tú"
kind = "district"

[[unit]]
id = "long-hung"
name = "Xã Long Hưng"
kind = "commune"
parent = "my-tu"
unmet = { 2023 = [2], 2024 = [] }

[[target]]
id = "bq-tc"
name = "Bình quân tiêu chí/xã"
plan = { 2024 = 2 }
rollup = { of = "commune", average = "criteria" }
"""


@pytest.mark.parametrize("dry_run", [[], ["--dry-run"]])
def test_a_unit_added_names_its_row_in_the_years_it_leaves_unassessed(
    ntm: Runner, tmp_path: Path, dry_run: list[str]
) -> None:
    """README: each warning is named by the row of the one unit that caused it. Adding Phú Tân
    (row 4) from a 2025 matrix leaves 2023 and 2024 partly assessed; Long Hưng, assessed in
    2025 too, changed nothing in those years."""
    (tmp_path / "targets.toml").write_text(AVERAGE, encoding="utf-8")
    sheet = "STT,Tên xã,TC1,TC2\n,Huyện Mỹ Tú,,\n1,Long Hưng,x,x\n2,Phú Tân,x,\n"
    (tmp_path / "m.csv").write_text(sheet, encoding="utf-8")
    args = ["import", "m.csv", "--units", "-y", "2025", "--add-units", "--lang", "en"]
    result = ntm(*args, *dry_run)
    assert (result.code, result.err) == (
        0,
        "".join(
            f'warning: m.csv: m!B4: target "bq-tc": rollup: {year}: 1 of 2 units in scope are '
            "not assessed, so the year has no counted value\n"
            for year in (2023, 2024)
        ),
    )


def test_an_import_that_assesses_every_unit_warns_nothing(ntm: Runner, tmp_path: Path) -> None:
    target, _ = _setup(tmp_path)
    target.write_text(CRITERION, encoding="utf-8")
    result = ntm("import", "m.csv", "--units", "-y", "2024", "--lang", "en")
    assert (result.code, result.err) == (0, "")
