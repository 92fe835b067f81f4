"""`ntm import` and `ntm outlook` end to end, through the command line."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from ntm_cli.targets_file.data import Document
from tests.conftest import ROOT, SHIPPED, Runner

EXAMPLE = ROOT / "examples" / "outlook-2021-2025.toml"
SHEET = (
    "STT;Chỉ tiêu;ĐVT;KH 2020;TH 2020;Ước TH 2021\n"
    "1;Thu nhập bình quân đầu người;triệu đồng/người;88,296;94,45;96,5\n"
    "2;Số xã đạt chuẩn nông thôn mới;xã;;36;\n"
    "3;Chỉ tiêu lạ;;;5;\n"
)


def _setup(tmp_path: Path, sheet: str = SHEET) -> tuple[Path, Path]:
    target = tmp_path / "targets.toml"
    target.write_bytes(SHIPPED.read_bytes())
    source = tmp_path / "report.csv"
    source.write_text(sheet, encoding="utf-8-sig")
    return target, source


def test_dry_run_lists_changes_and_writes_nothing(ntm: Runner, tmp_path: Path) -> None:
    target, _ = _setup(tmp_path)
    result = ntm("import", "report.csv", "--dry-run", "--lang", "en")
    assert result.code == 1  # SPEC §9 version 3: a skipped row ends in 1, also in a dry run
    assert result.out == (
        "income-per-capita: estimate.2021: — → 96.5\n"
        'row 4: "Chỉ tiêu lạ": matches no target; skipped\n'
        "Dry run: 1 value would be written, 3 unchanged, 1 row skipped; nothing was written.\n"
    )
    assert target.read_bytes() == SHIPPED.read_bytes()


def test_import_records_every_value_in_one_write(ntm: Runner, tmp_path: Path) -> None:
    target, _ = _setup(tmp_path)
    result = ntm("import", "report.csv", "--lang", "en")
    assert result.code == 1, result.err
    assert result.out == (
        "income-per-capita: estimate.2021: — → 96.5\n"
        "Import done: 1 value written, 3 unchanged, 1 row skipped.\n"
    )
    assert result.err == 'row 4: "Chỉ tiêu lạ": matches no target; skipped\n'
    text = target.read_text("utf-8")
    assert "# DERIVED plan" in text  # comments kept
    income = next(t for t in tomllib.loads(text)["target"] if t["id"] == "income-per-capita")
    assert income["estimate"] == {"2021": 96.5}
    assert income["actual"] == {"2020": 94.45} and income["plan"] == {"2020": 88.296}
    again = ntm("import", "report.csv", "--dry-run", "--lang", "en")
    assert again.out.startswith("No change.\n")


def test_import_reads_and_validates_the_file_once(
    ntm: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ntm_cli.targets_file.load

    read, validated = [], []
    real_read, real_validate = (
        ntm_cli.targets_file.load.read_text,
        ntm_cli.targets_file.load.validate,
    )

    def counted_read(path: Path, shown: str) -> tuple[str, bool]:
        read.append(shown)
        return real_read(path, shown)

    def counted_validate(raw: dict[str, Any], text: str, shown: str) -> Document:
        if shown:  # a block of the file, checked alone after its edit, is named ""
            validated.append(shown)
        return real_validate(raw, text, shown)

    monkeypatch.setattr(ntm_cli.targets_file.load, "read_text", counted_read)
    monkeypatch.setattr(ntm_cli.targets_file.load, "validate", counted_validate)
    _setup(tmp_path)
    for dry_run in (["--dry-run"], []):
        read.clear(), validated.clear()
        assert ntm("import", "report.csv", *dry_run).code == 1  # row 4 skipped
        assert (read, validated) == (["targets.toml"], ["targets.toml"])


def test_a_conflict_writes_nothing(ntm: Runner, tmp_path: Path) -> None:
    target, _ = _setup(tmp_path, SHEET.replace(";94,45;", ";95;"))
    result = ntm("import", "report.csv", "--lang", "en")
    assert result.code == 2
    assert result.err == (
        'report.csv: report!E2: target "income-per-capita": actual.2020: already 94.45; '
        "use --force to replace it with 95\n"
        "targets.toml: unchanged: because of the problems above, nothing was written\n"
    )
    assert target.read_bytes() == SHIPPED.read_bytes()
    assert ntm("import", "report.csv", "--force").code == 1  # row 4 skipped
    assert "actual = { 2020 = 95 }" in target.read_text("utf-8")


def test_an_unreadable_cell_writes_nothing(ntm: Runner, tmp_path: Path) -> None:
    target, _ = _setup(tmp_path, SHEET.replace(";94,45;", ";abc;"))
    result = ntm("import", "report.csv", "--lang", "en")
    assert result.code == 2
    assert "E2" in result.err
    assert target.read_bytes() == SHIPPED.read_bytes()


def test_outlook_json_of_the_example(ntm: Runner) -> None:
    result = ntm("outlook", "-f", str(EXAMPLE), "--format", "json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["version"] == 3
    assert report["year"] == 2023
    assert report["summary"] == {
        "total": 8,
        "achieved": 1,
        "on-track": 1,
        "acceleration-needed": 1,
        "limited-progress": 1,
        "deterioration": 1,
        "missed": 1,
        "insufficient-data": 1,
        "no-target": 1,
    }
    cooperatives = next(t for t in report["targets"] if t["outlook"] == "acceleration-needed")
    assert cooperatives["method"] == "linear"
    assert cooperatives["reach_year"] == 2028


def test_outlook_to_a_year_no_target_plans(ntm: Runner) -> None:
    result = ntm("outlook", "-f", str(EXAMPLE), "--to", "2030", "--lang", "en")
    assert result.code == 2
    assert result.out == ""
    assert "2030" in result.err


def test_outlook_table_marks_the_year_it_would_be_reached(ntm: Runner) -> None:
    result = ntm("outlook", "-f", str(EXAMPLE), "--lang", "vi", env={"COLUMNS": "200"})
    assert result.code == 0
    assert "CẦN ĐẨY NHANH" in result.out
    assert "dự kiến đạt năm 2028" in " ".join(result.out.split())


def test_a_workbook_of_compare_imports_back_unchanged_to_the_last_digit(
    ntm: Runner, tmp_path: Path
) -> None:
    """SPEC §9: values a numeric cell cannot hold (17 digits, integers past 2**53) too."""
    target = tmp_path / "targets.toml"
    target.write_text(
        '[program]\nlang = "vi"\n[[target]]\nid = "a"\nname = "A"\n'
        "plan = { 2022 = 0.30000000000000004 }\n"
        "actual = { 2021 = 9007199254740993, 2022 = 1.234 }\n",
        "utf-8",
    )
    before = target.read_bytes()
    for year, lang in (("2022", "vi"), ("2021", "en"), ("2022", "en")):
        book = f"r{year}{lang}.xlsx"
        assert (
            ntm("compare", "--year", year, "--lang", lang, "--format", "xlsx", "-o", book).code == 0
        )
        result = ntm("import", book, "--dry-run", "--lang", "en")
        assert (result.code, result.out.splitlines()[0]) == (0, "No change."), result.err
        assert " 0 values would be written, " in result.out
    assert target.read_bytes() == before


def test_a_csv_has_one_sheet_named_after_the_file(ntm: Runner, tmp_path: Path) -> None:
    target, _ = _setup(tmp_path)
    assert ntm("import", "report.csv", "--sheet", "report", "--dry-run").code == 1
    result = ntm("import", "report.csv", "--sheet", "Biểu 02", "--dry-run", "--lang", "en")
    assert (result.code, result.out) == (2, "")
    assert result.err == 'report.csv: no sheet "Biểu 02"; the workbook has: report\n'
    assert target.read_bytes() == SHIPPED.read_bytes()
