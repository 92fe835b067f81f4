"""check and validate on FILE arguments, reports for broken files, paths in annotations
(SPEC §3, §4)."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ntm_cli.cli.batch import annotation_path
from tests.conftest import Runner

GOOD = """[program]
year = 2020

[[target]]
id = "a"
name = "A"
plan = { 2020 = 5 }
actual = { 2020 = 6 }
"""

MISSED = """[program]
year = 2020

[[target]]
id = "b"
name = "B"
plan = { 2020 = 5 }
actual = { 2020 = 1 }
"""

BROKEN = """[[target]]
id = "c"
name = "C"
plan = { 2020 = "abc" }
"""


def _files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "good.toml").write_text(GOOD, "utf-8")
    (tmp_path / "sub" / "targets.toml").write_text(MISSED, "utf-8")
    (tmp_path / "broken.toml").write_text(BROKEN, "utf-8")


def test_check_json_is_one_object_for_one_file_and_a_list_for_several(
    ntm: Runner, tmp_path: Path
) -> None:
    _files(tmp_path)
    one = ntm("check", "good.toml", "--format", "json")
    assert one.code == 0
    assert json.loads(one.out)["file"] == "good.toml"
    several = ntm("check", "good.toml", "sub/targets.toml", "--format", "json")
    assert several.code == 1
    reports = json.loads(several.out)
    assert [(r["file"], r["passed"]) for r in reports] == [
        ("good.toml", True),
        ("sub/targets.toml", False),
    ]


def test_exit_code_is_the_highest_of_the_files(ntm: Runner, tmp_path: Path) -> None:
    _files(tmp_path)
    result = ntm("check", "good.toml", "broken.toml", "sub/targets.toml", "--format", "json")
    assert result.code == 2
    reports = json.loads(result.out)
    assert [r["passed"] for r in reports] == [True, False, False]
    assert reports[1] == {
        "version": 3,
        "file": "broken.toml",
        "passed": False,
        "errors": [
            {
                "line": 4,
                "target": "c",
                "field": "plan.2020",
                "message": 'expected a number or true/false, got "abc"',
            }
        ],
    }
    assert result.err == (
        'broken.toml:4: target "c": plan.2020: expected a number or true/false, got "abc"\n'
    )


def test_junit_has_one_testsuite_per_file_under_testsuites(ntm: Runner, tmp_path: Path) -> None:
    _files(tmp_path)
    result = ntm("check", "good.toml", "broken.toml", "--format", "junit", "-o", "j.xml")
    assert (result.code, result.out) == (2, "")
    root = ET.parse(tmp_path / "j.xml").getroot()
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["ntm good.toml 2020", "ntm broken.toml"]
    case = suites[1].find("testcase")
    assert case is not None
    assert case.get("name") == "broken.toml"
    failure = case.find("failure")
    assert failure is not None
    assert failure.text == (
        'broken.toml:4: target "c": plan.2020: expected a number or true/false, got "abc"'
    )


def test_junit_of_a_broken_single_file_is_one_testsuite(ntm: Runner, tmp_path: Path) -> None:
    _files(tmp_path)
    result = ntm("check", "-f", "broken.toml", "--format", "junit")
    assert result.code == 2
    root = ET.fromstring(result.out)
    assert root.tag == "testsuite"
    assert (root.get("tests"), root.get("failures")) == ("1", "1")


def test_github_annotations_name_each_file(ntm: Runner, tmp_path: Path) -> None:
    _files(tmp_path)
    result = ntm("check", "broken.toml", "sub/targets.toml", "--format", "github", "--lang", "en")
    assert result.code == 2
    assert result.out == (
        "::error title=ntm%3A invalid targets file,file=broken.toml,line=4::"
        'target "c": plan.2020: expected a number or true/false, got "abc"\n'
        "::error title=b%3A MISSED,file=sub/targets.toml,line=4::"
        "B: Actual 1 / Plan 5, -4 (-80%25): plan not reached\n"
    )


def test_github_file_is_relative_to_the_workspace(ntm: Runner, tmp_path: Path) -> None:
    _files(tmp_path)
    result = ntm(
        "check",
        "targets.toml",
        "--format",
        "github",
        cwd=tmp_path / "sub",
        env={"GITHUB_WORKSPACE": str(tmp_path)},
    )
    assert result.code == 1
    assert ",file=sub/targets.toml,line=4::" in result.out


def test_annotation_path(tmp_path: Path) -> None:
    (tmp_path / "repo" / "provinces").mkdir(parents=True)
    repo = tmp_path / "repo"
    here = repo / "provinces"
    assert annotation_path("targets.toml", here, str(repo)) == "provinces/targets.toml"
    assert annotation_path("../x/t.toml", here, str(repo)) == "x/t.toml"
    assert annotation_path("targets.toml", here, None) == "targets.toml"
    assert annotation_path("targets.toml", here, "") == "targets.toml"
    outside = str(tmp_path / "elsewhere")
    assert annotation_path("targets.toml", here, outside) == "targets.toml"
    absolute = str(here / "t.toml")
    assert annotation_path(absolute, tmp_path, str(repo)) == "provinces/t.toml"


@given(st.lists(st.sampled_from(["a", "b", "..", "."]), max_size=5))
def test_annotation_path_inside_the_workspace_leads_back_to_the_file(parts: list[str]) -> None:
    root = Path("/w/repo")
    cwd = root / "x" / "y"
    shown = "/".join([*parts, "targets.toml"])
    found = annotation_path(shown, cwd, str(root))
    where = Path(os.path.abspath(cwd / shown))
    if where.is_relative_to(root):
        assert root / found == where
    else:
        assert found == shown


def test_text_has_a_section_per_file(ntm: Runner, tmp_path: Path) -> None:
    _files(tmp_path)
    result = ntm("check", "good.toml", "sub/targets.toml", "--lang", "en")
    assert result.code == 1
    sections = result.out.split("\n\n")
    assert len(sections) == 2
    assert sections[0].splitlines()[0] == "Target check for 2020 · good.toml"
    assert sections[1].splitlines()[0] == "Target check for 2020 · sub/targets.toml"


def test_file_arguments_override_ntm_file(ntm: Runner, tmp_path: Path) -> None:
    _files(tmp_path)
    result = ntm("check", "good.toml", "--format", "json", env={"NTM_FILE": "broken.toml"})
    assert (result.code, json.loads(result.out)["file"]) == (0, "good.toml")


def test_files_with_file_option_is_a_usage_error(ntm: Runner, tmp_path: Path) -> None:
    _files(tmp_path)
    result = ntm("check", "-f", "good.toml", "broken.toml", "--lang", "en")
    assert (result.code, result.out) == (2, "")
    assert result.err == "ntm: give the files either as arguments or with --file, not both\n"


def test_repeated_file_option_is_a_usage_error(ntm: Runner, tmp_path: Path) -> None:
    _files(tmp_path)
    result = ntm("status", "-f", "good.toml", "-f", "broken.toml", "--lang", "en")
    assert (result.code, result.out) == (2, "")
    assert result.err == "ntm: option -f is given more than once; give it once\n"
    result = ntm("check", "--file=good.toml", "--file", "x.toml", "--lang", "vi")
    assert result.err == "ntm: tùy chọn --file được cho nhiều lần; chỉ cho một lần\n"


def test_validate_several_files(ntm: Runner, tmp_path: Path) -> None:
    _files(tmp_path)
    result = ntm("validate", "good.toml", "broken.toml", "--lang", "en")
    assert result.code == 2
    assert result.out == "good.toml: valid (1 target, 2020)\n"
    result = ntm("validate", "good.toml", "broken.toml", "--format", "json")
    documents = json.loads(result.out)
    assert [d["valid"] for d in documents] == [True, False]
    assert documents[1]["errors"][0]["field"] == "plan.2020"


def test_a_missing_file_still_gives_a_json_report(ntm: Runner, tmp_path: Path) -> None:
    result = ntm("check", "nothere.toml", "--format", "json", "--lang", "en")
    assert result.code == 2
    assert json.loads(result.out) == {
        "version": 3,
        "file": "nothere.toml",
        "passed": False,
        "errors": [{"line": None, "target": None, "field": None, "message": "no such file"}],
    }
    assert result.err == "nothere.toml: no such file\n"


def test_default_year_note_on_stderr(ntm: Runner, tmp_path: Path) -> None:
    (tmp_path / "targets.toml").write_text(GOOD.replace("year = 2020\n", ""), "utf-8")
    result = ntm("check", "--lang", "en")
    assert result.code == 0
    assert result.err == (
        "ntm: targets.toml: judged 2020, the latest year with figures in the file; "
        "to pin the year, give --year 2020 or set year = 2020 in [program]\n"
    )
    result = ntm("check", "--lang", "vi")
    assert result.err == (
        "ntm: targets.toml: đã kiểm tra năm 2020, năm mới nhất có số liệu trong tệp; "
        "để cố định năm, dùng --year 2020 hoặc ghi year = 2020 trong [program]\n"
    )
    assert ntm("check", "--year", "2020").err == ""
    assert ntm("status").err == ""


def test_no_note_when_the_file_pins_its_year(ntm: Runner, tmp_path: Path) -> None:
    (tmp_path / "targets.toml").write_text(GOOD, "utf-8")
    assert ntm("check").err == ""


def test_a_program_year_without_figures_is_located(ntm: Runner, write_toml: Any) -> None:
    write_toml(
        '[program]\nname = "X"\nyear = 2019\n\n[[target]]\nid = "a"\nname = "A"\n'
        "actual = { 2020 = 1 }\n"
    )
    message = "targets.toml:3: program.year: no target has a plan, actual or estimate for 2019"
    status = ntm("status", "--lang", "en")
    assert status.code == 2
    assert status.err == f"{message}; the file has 2020\n"
    report = json.loads(ntm("check", "--format", "json", "--lang", "en").out)
    assert report["errors"][0]["line"] == 3
    assert report["errors"][0]["field"] == "program.year"
