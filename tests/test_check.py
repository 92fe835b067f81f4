"""`ntm check`: verdicts, gates, exit codes, and each format parsed back (SPEC §4)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from ntm_cli.formats.github import escape_data, escape_property
from tests.conftest import SHIPPED, Runner

GATES = """
[program]
name = "Gate demo"

[[target]]
id = "ok"
name = "Fine"
group = "A"
plan = { 2020 = 10 }
actual = { 2020 = 12 }

[[target]]
id = "miss"
name = "Missed one"
group = "A"
plan = { 2020 = 100 }
actual = { 2020 = 50 }

[[target]]
id = "soft-miss"
name = "Soft"
gate = "warn"
plan = { 2020 = 100 }
actual = { 2020 = 50 }

[[target]]
id = "close"
name = "Close"
plan = { 2020 = 100 }
actual = { 2020 = 97 }

[[target]]
id = "nodata"
name = "No data"
gate = "off"
plan = { 2020 = 1 }
"""


def one_target(**fields: str) -> str:
    lines = ["[[target]]", 'id = "t"', 'name = "T"']
    lines += [f"{key} = {value}" for key, value in fields.items()]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("fields", "strict", "code"),
    [
        ({"plan": "{ 2020 = 10 }", "actual": "{ 2020 = 11 }"}, False, 0),  # exceeded
        ({"plan": "{ 2020 = 10 }", "actual": "{ 2020 = 10 }"}, True, 0),  # met
        ({"plan": "{ 2020 = 10 }", "actual": "{ 2020 = 5 }"}, False, 1),  # missed
        ({"plan": "{ 2020 = 10 }", "actual": "{ 2020 = 5 }", "gate": '"warn"'}, True, 0),
        ({"plan": "{ 2020 = 10 }", "actual": "{ 2020 = 5 }", "gate": '"off"'}, True, 0),
        ({"plan": "{ 2020 = 100 }", "actual": "{ 2020 = 96 }"}, False, 0),  # near: warn
        ({"plan": "{ 2020 = 100 }", "actual": "{ 2020 = 96 }"}, True, 1),  # near, strict
        ({"plan": "{ 2020 = 100 }", "actual": "{ 2020 = 96 }", "gate": '"warn"'}, True, 0),
        ({"plan": "{ 2020 = 1 }", "actual": "{ 2019 = 1 }"}, False, 0),  # no-data: warn
        ({"plan": "{ 2020 = 1 }", "actual": "{ 2019 = 1 }"}, True, 1),  # no-data, strict
        ({"plan": "{ 2020 = 1 }", "actual": "{ 2019 = 1 }", "gate": '"off"'}, True, 0),
        ({"plan": "{ 2021 = 10 }", "actual": "{ 2020 = 5 }"}, True, 0),  # in-progress
        ({"plan": "{ 2021 = 10 }", "actual": "{ 2020 = 15 }"}, True, 0),  # ahead
        ({"actual": "{ 2020 = 15 }"}, True, 0),  # no-plan
    ],
)
def test_exit_code_by_verdict(
    ntm: Runner, write_toml: Any, fields: dict[str, str], strict: bool, code: int
) -> None:
    path = write_toml(one_target(**fields))
    args = ["check", "-f", str(path), "--year", "2020"] + (["--strict"] if strict else [])
    result = ntm(*args)
    assert result.code == code, result.out + result.err


def test_shipped_file_passes(ntm: Runner) -> None:
    assert ntm("check", "-f", str(SHIPPED)).code == 0
    assert ntm("check", "-f", str(SHIPPED), "--strict").code == 0


def test_check_input_errors_exit_2(ntm: Runner, write_toml: Any) -> None:
    path = write_toml(one_target(plan="{ 2020 = 1 }"))
    assert ntm("check", "-f", str(path), "--year", "1990").code == 2
    assert ntm("check", "-f", str(path), "--format", "yaml").code == 2
    assert ntm("check", "-f", str(path) + ".missing").code == 2


TEXT_EN = """\
Gate demo · Target check for 2020 · targets.toml
✘ MISSED [fail] miss: Missed one: Actual 50 / Plan 100, -50 (-50%): plan not reached
✘ MISSED [warning] soft-miss: Soft: Actual 50 / Plan 100, -50 (-50%): plan not reached \
(a warning only, not a failure)
≈ NEAR [warning] close: Close: Actual 97 / Plan 100, -3 (-3%): close to plan
Total: 5 targets · ▲ EXCEEDED 1 · ≈ NEAR 1 · ✘ MISSED 2 · ? NO DATA 1
FAILED: 1 target failed, 2 warnings
"""


def test_english_plurals_and_vietnamese_gate_words() -> None:
    from ntm_cli.i18n import counted, targets, word

    assert counted("en", "failed", 1) == "FAILED: 1 target failed"
    assert counted("en", "failed", 2) == "FAILED: 2 targets failed"
    assert counted("en", "warnings", 1) == "1 warning"
    assert counted("en", "warnings", 10000) == "10,000 warnings"
    assert counted("vi", "failed", 2) == "KHÔNG THÔNG QUA: 2 chỉ tiêu không qua kiểm tra"
    assert targets("vi", 10000) == "10.000 chỉ tiêu"
    assert targets("en", 10000) == "10,000 targets"
    # The gate's verdicts are not the statuses' words (ĐẠT / KHÔNG ĐẠT).
    assert "ĐẠT" not in word("vi", "passed").replace("ĐẠT YÊU CẦU", "")
    assert "ĐẠT" not in counted("vi", "failed", 2)


def test_text_report(ntm: Runner, write_toml: Any, tmp_path: Path) -> None:
    write_toml(GATES)
    result = ntm("check", "--lang", "en", cwd=tmp_path)
    assert result.code == 1
    assert result.out == TEXT_EN


def test_text_report_vi_passing(ntm: Runner) -> None:
    result = ntm("check", "-f", str(SHIPPED), "--lang", "vi")
    assert result.code == 0
    assert result.out.splitlines()[-1] == "THÔNG QUA: mọi chỉ tiêu đạt yêu cầu kiểm tra"


def test_json_report_verdicts(ntm: Runner, write_toml: Any) -> None:
    path = write_toml(GATES)
    report = json.loads(ntm("check", "-f", str(path), "--format", "json").out)
    verdicts = {t["id"]: t["verdict"] for t in report["targets"]}
    assert verdicts == {
        "ok": "pass",
        "miss": "fail",
        "soft-miss": "warn",
        "close": "warn",
        "nodata": "off",
    }
    assert (report["passed"], report["strict"]) == (False, False)
    strict = json.loads(ntm("check", "-f", str(path), "--format", "json", "--strict").out)
    assert strict["strict"] is True
    assert {t["id"]: t["verdict"] for t in strict["targets"]}["close"] == "fail"


def test_status_json_carries_verdicts_too(ntm: Runner, write_toml: Any) -> None:
    path = write_toml(GATES)
    report = json.loads(ntm("status", "-f", str(path), "--format", "json").out)
    assert report["passed"] is False and report["strict"] is False
    assert [t["verdict"] for t in report["targets"]] == ["pass", "fail", "warn", "warn", "off"]


def test_junit_as_ci_systems_read_it(ntm: Runner, write_toml: Any) -> None:
    path = write_toml(GATES)
    result = ntm("check", "-f", str(path), "--format", "junit", "--lang", "en")
    assert result.code == 1
    suite = ET.fromstring(result.out_bytes)
    assert suite.tag == "testsuite"
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("5", "1", "0")
    assert suite.get("skipped") == "1"
    cases = suite.findall("testcase")
    assert [(c.get("classname"), c.get("name")) for c in cases] == [
        ("ntm.A", "ok"),
        ("ntm.A", "miss"),
        ("ntm.Gate demo", "soft-miss"),
        ("ntm.Gate demo", "close"),
        ("ntm.Gate demo", "nodata"),
    ]
    by_name = {c.get("name"): c for c in cases}
    assert list(by_name["ok"]) == []
    failure = by_name["miss"].find("failure")
    assert failure is not None
    assert failure.get("message", "").startswith("✘ MISSED: Missed one: Actual 50 / Plan 100")
    for warned in ("soft-miss", "close"):
        out = by_name[warned].find("system-out")
        assert out is not None and out.text and "Plan 100" in out.text
        assert by_name[warned].find("failure") is None
    assert by_name["nodata"].find("skipped") is not None


def test_junit_classname_falls_back_to_file_name(ntm: Runner, write_toml: Any) -> None:
    path = write_toml(one_target(plan="{ 2020 = 10 }", actual="{ 2020 = 5 }"), "plan.toml")
    suite = ET.fromstring(ntm("check", "-f", str(path), "--format", "junit").out_bytes)
    case = suite.find("testcase")
    assert case is not None and case.get("classname") == "ntm.plan"


# --- GitHub workflow commands --------------------------------------------------------------------


def unescape_data(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(text: str) -> str:
    return unescape_data(text.replace("%3A", ":").replace("%2C", ","))


def test_escaping_matches_the_actions_toolkit() -> None:
    # @actions/core: escapeData replaces % first, then CR and LF; escapeProperty adds : and ,
    assert escape_data("100% a\r\nb: c, d") == "100%25 a%0D%0Ab: c, d"
    assert escape_property("100% a\r\nb: c, d") == "100%25 a%0D%0Ab%3A c%2C d"
    assert escape_data("%0A") == "%250A"  # a literal %0A in data stays literal
    for text in ("a%b:c,d\r\ne", "%25", "::x::", "##[error]"):
        assert unescape_data(escape_data(text)) == text
        assert unescape_property(escape_property(text)) == text


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    assert line.startswith("::")
    head, _, message = line[2:].partition("::")
    kind, _, props = head.partition(" ")
    properties = dict(p.split("=", 1) for p in props.split(",")) if props else {}
    return kind, {k: unescape_property(v) for k, v in properties.items()}, unescape_data(message)


HOSTILE = """
[[target]]
id = "ok"
name = "Fine"
plan = { 2020 = 1 }
actual = { 2020 = 1 }

[[target]]
id = "hostile"
name = "::error::pwned 100% a: b, c ##[error]x"
plan = { 2020 = 100 }
actual = { 2020 = 50 }

[[target]]
id = "warned"
name = "##[warning]y"
plan = { 2020 = 100 }
actual = { 2020 = 99 }
"""


def test_github_annotations(ntm: Runner, write_toml: Any, tmp_path: Path) -> None:
    write_toml(HOSTILE)
    result = ntm("check", "--format", "github", "--lang", "en", cwd=tmp_path)
    assert result.code == 1
    lines = result.out.splitlines()
    assert len(lines) == 2  # one per failing or warning target
    kind, props, message = parse_command(lines[0])
    assert kind == "error"
    assert props == {"title": "hostile: MISSED", "file": "targets.toml", "line": "8"}
    assert lines[0].startswith("::error title=hostile%3A MISSED,file=targets.toml,line=8::")
    assert message.startswith("::error::pwned 100% a: b, c #\u200b#[error]x: Actual 50")
    kind, props, message = parse_command(lines[1])
    assert (kind, props["line"], props["title"]) == ("warning", "14", "warned: NEAR")
    assert "##[" not in result.out


def _assert_no_commands(text: str, allowed: int = 0) -> None:
    commands = [line for line in text.splitlines() if line.lstrip().startswith("::")]
    assert len(commands) == allowed, commands
    assert "##[" not in text


@pytest.mark.parametrize(
    "args",
    [
        ("status",),
        ("status", "--format", "json"),
        ("status", "--format", "csv"),
        ("status", "--format", "markdown"),
        ("compare", "--vs", "2020"),
        ("compare", "--format", "markdown"),
        ("check",),
        ("check", "--format", "json"),
        ("check", "--format", "junit"),
        ("check", "--format", "markdown"),
        ("check", "--format", "github"),
        ("validate",),
    ],
)
def test_no_file_text_becomes_a_workflow_command(
    ntm: Runner, write_toml: Any, tmp_path: Path, args: tuple[str, ...]
) -> None:
    hostile = '[program]\nname = "::warning::title"\nregion = "##[group]r"\n' + HOSTILE.replace(
        'id = "ok"\nname = "Fine"', 'id = "ok"\nname = "::error file=x::y"\ngroup = "::debug::g"'
    )
    write_toml(hostile)
    result = ntm(*args, env={"GITHUB_ACTIONS": "true", "COLUMNS": "300"}, cwd=tmp_path)
    assert result.code in (0, 1)
    github = args == ("check", "--format", "github")
    _assert_no_commands(result.out, allowed=2 if github else 0)
    _assert_no_commands(result.err)
    if "json" in args:
        data = json.loads(result.out)  # the escape keeps the data as it was
        assert data["targets"][1]["name"] == "::error::pwned 100% a: b, c ##[error]x"
    if "junit" in args:
        suite = ET.fromstring(result.out_bytes)
        failure = suite.find("testcase/failure")
        assert failure is not None and "##[error]x" in failure.get("message", "")


def test_errors_on_stderr_are_guarded_too(ntm: Runner, write_toml: Any, tmp_path: Path) -> None:
    write_toml('[[target]]\nid = "x"\nname = "X"\nplan = { 2020 = "##[error]abc" }\n')
    result = ntm("check", env={"GITHUB_ACTIONS": "true"}, cwd=tmp_path)
    assert result.code == 2
    assert "plan.2020" in result.err
    _assert_no_commands(result.err)


def test_junit_and_github_keep_the_names_as_written_in_english(
    ntm: Runner, write_toml: Any
) -> None:
    """SPEC §7: machine formats keep every text as written, whatever the output language;
    ntm's own words around it follow --lang."""
    write_toml(
        '[[target]]\nid = "income"\nname = "Thu nhập"\nname_en = "Income"\n'
        'group = "Kinh tế"\ngroup_en = "Economy"\nplan = { 2020 = 5 }\nactual = { 2020 = 1 }\n'
    )
    junit = ET.fromstring(ntm("check", "--format", "junit", "--lang", "en").out)
    case = junit.find("testcase")
    assert case is not None and case.get("classname") == "ntm.Kinh tế"
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message", "").startswith("✘ MISSED: Thu nhập: Actual 1 / Plan 5")
    github = ntm("check", "--format", "github", "--lang", "en").out
    assert "::Thu nhập: Actual 1 / Plan 5" in github and "Income" not in github
