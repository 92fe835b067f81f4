"""SPEC §3 (version 3): `-o` names the format by its extension; a contradicting `--format`, an
extension the command has no format for, and a missing output folder are errors."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from ntm_cli import formats
from ntm_cli.cli.options import OUTPUT_EXTENSIONS, report_format
from ntm_cli.errors import NtmError
from ntm_cli.i18n import problem_message
from tests.conftest import SHIPPED, Runner

REPORTS = formats.choices("status")


@pytest.mark.parametrize(
    ("given", "output", "chosen"),
    [
        (None, None, "table"),
        (None, "-", "table"),
        (None, "r.txt", "table"),
        (None, "r.xlsx", "xlsx"),
        (None, "R.XLSX", "xlsx"),
        (None, "out/r.html", "html"),
        (None, "r.htm", "html"),
        (None, "r.json", "json"),
        (None, "r.csv", "csv"),
        (None, "r.md", "markdown"),
        ("json", "r.json", "json"),
        ("csv", "report", "csv"),
        ("markdown", "r.md", "markdown"),
        ("html", "r.htm", "html"),
    ],
)
def test_the_format_comes_from_the_option_else_the_extension(
    given: str | None, output: str | None, chosen: str
) -> None:
    assert report_format("status", given, output, REPORTS) == chosen


def test_a_format_registered_later_is_chosen_by_its_extension() -> None:
    # .docx maps to the format named docx; a command without it refuses the extension.
    assert OUTPUT_EXTENSIONS[".docx"] == "docx"
    assert "docx" in REPORTS
    assert report_format("status", None, "r.docx", REPORTS) == "docx"
    without = tuple(name for name in REPORTS if name != "docx")
    with pytest.raises(NtmError) as caught:
        report_format("status", None, "r.docx", without)
    assert caught.value.problems[0].code == "usage_extension_format"


def test_compare_o_docx_writes_a_word_document(ntm: Runner, tmp_path: Path) -> None:
    _shipped(tmp_path)
    result = ntm("compare", "-o", "baocao.docx")
    assert result.code == 0, result.err
    with zipfile.ZipFile(tmp_path / "baocao.docx") as document:
        assert "word/document.xml" in document.namelist()


@pytest.mark.parametrize(
    ("given", "output"), [("json", "r.csv"), ("table", "r.html"), ("xlsx", "r.json")]
)
def test_a_format_that_contradicts_the_extension_is_a_usage_error(given: str, output: str) -> None:
    with pytest.raises(NtmError) as caught:
        report_format("status", given, output, REPORTS)
    assert caught.value.problems[0].code == "usage_format_extension"


def _shipped(tmp_path: Path) -> Path:
    path = tmp_path / "targets.toml"
    path.write_bytes(SHIPPED.read_bytes())
    return path


def test_compare_o_xlsx_writes_a_workbook(ntm: Runner, tmp_path: Path) -> None:
    _shipped(tmp_path)
    result = ntm("compare", "-o", "baocao.xlsx")
    assert result.code == 0, result.err
    with zipfile.ZipFile(tmp_path / "baocao.xlsx") as book:
        assert "xl/workbook.xml" in book.namelist()


@pytest.mark.parametrize("name", ["r.html", "r.htm"])
def test_o_html_writes_a_page(ntm: Runner, tmp_path: Path, name: str) -> None:
    _shipped(tmp_path)
    assert ntm("status", "-o", name).code == 0
    assert (tmp_path / name).read_text("utf-8").startswith("<!DOCTYPE html>")


def test_o_json_csv_and_md_write_their_formats(ntm: Runner, tmp_path: Path) -> None:
    _shipped(tmp_path)
    assert ntm("status", "-o", "r.json").code == 0
    assert json.loads((tmp_path / "r.json").read_text("utf-8"))["targets"]
    assert ntm("compare", "-o", "r.csv").code == 0
    assert (tmp_path / "r.csv").read_bytes().startswith(b"\xef\xbb\xbfid,")
    assert ntm("outlook", "-o", "r.md").code == 0
    assert (tmp_path / "r.md").read_text("utf-8").startswith("#")
    assert ntm("check", "-o", "c.json").code == 0
    assert json.loads((tmp_path / "c.json").read_text("utf-8"))["passed"] is True
    assert ntm("check", "-o", "c.md").code == 0
    assert (tmp_path / "c.md").read_text("utf-8").startswith("#")


def test_a_contradicting_format_is_refused_in_the_usage_language(
    ntm: Runner, tmp_path: Path
) -> None:
    _shipped(tmp_path)
    result = ntm("compare", "--format", "json", "-o", "r.csv", "--lang", "en")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "ntm: --format json contradicts -o r.csv, whose extension means csv: "
        "leave out --format or change the file name\n"
    )
    result = ntm("compare", "--format", "json", "-o", "r.csv", "--lang", "vi")
    assert result.err == (
        "ntm: --format json mâu thuẫn với -o r.csv (đuôi tệp là định dạng csv): "
        "bỏ --format hoặc đổi tên tệp\n"
    )
    assert not (tmp_path / "r.csv").exists()


def test_an_extension_the_command_has_no_format_for_is_a_usage_error(
    ntm: Runner, tmp_path: Path
) -> None:
    _shipped(tmp_path)
    result = ntm("check", "-o", "r.xlsx", "--lang", "en")
    assert result.code == 2
    assert result.err == (
        "ntm: -o r.xlsx: check has no .xlsx format; its formats: "
        "text, json, markdown, junit, github\n"
    )
    result = ntm("validate", "-o", "r.csv", env={"NTM_LANG": "vi"})
    assert result.code == 2
    assert result.err == (
        "ntm: -o r.csv: lệnh validate không có định dạng .csv; các định dạng của lệnh: text, json\n"
    )
    assert ntm("schema", "-o", "s.md").code == 2
    assert ntm("schema", "-o", "s.json").code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json", "targets.toml"]


def test_a_missing_output_folder_is_an_error_in_the_output_language(
    ntm: Runner, tmp_path: Path
) -> None:
    path = _shipped(tmp_path)  # [program].lang = "vi"
    result = ntm("status", "-o", "bao-cao/r.json")
    assert result.code == 2
    assert result.err == "bao-cao/r.json: không ghi được: thư mục bao-cao không tồn tại\n"
    result = ntm("status", "-o", "reports/r.json", "--lang", "en")
    assert result.err == "reports/r.json: cannot write: the folder reports does not exist\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
    problem = NtmError.one("write_no_folder", "x/y.json", folder="x").problems[0]
    assert problem_message(problem, "en") == "x/y.json: cannot write: the folder x does not exist"


def test_o_docx_writes_a_word_document_once_the_format_is_registered(
    ntm: Runner, tmp_path: Path
) -> None:
    _shipped(tmp_path)
    if "docx" not in formats.BY_NAME:
        assert ntm("status", "-o", "r.docx").code == 2
        return
    assert ntm("status", "-o", "r.docx").code == 0
    with zipfile.ZipFile(tmp_path / "r.docx") as document:
        assert "word/document.xml" in document.namelist()
    assert ntm("status", "--format", "docx", "-o", "r.xlsx").code == 2
