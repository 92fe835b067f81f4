"""The shipped JSON Schema stays in sync with the model; the README documents every command."""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

import jsonschema
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from ntm_cli.cli.app import app
from ntm_cli.targets_file.schema import schema_text
from tests.builders import generate_benchmark_file
from tests.conftest import DATA, ROOT, SHIPPED, Runner

SCHEMA_FILE = ROOT / "targets.schema.json"


def test_shipped_schema_is_in_sync() -> None:
    assert SCHEMA_FILE.read_text("utf-8") == schema_text(), "run: ntm schema > targets.schema.json"


def test_schema_command_prints_it(ntm: Runner) -> None:
    result = ntm("schema")
    assert result.code == 0
    assert json.loads(result.out) == json.loads(SCHEMA_FILE.read_text("utf-8"))


def _validator() -> Any:
    document = json.loads(SCHEMA_FILE.read_text("utf-8"))
    jsonschema.Draft7Validator.check_schema(document)
    return jsonschema.Draft7Validator(document)


def test_schema_accepts_the_valid_files() -> None:
    validator = _validator()
    for path in [SHIPPED, *sorted((DATA / "valid").glob("*.toml"))]:
        data = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
        assert list(validator.iter_errors(data)) == [], path.name


def test_schema_catches_what_an_editor_should_flag() -> None:
    validator = _validator()
    for name in (
        "unknown-key",
        "year-not-year",
        "bad-id",
        "direction-bad",
        "gate-bad",
        "control-character",
        "near-pct-range",
        "total-zero",
        "no-targets",
    ):
        data = tomllib.loads((DATA / "invalid" / f"{name}.toml").read_text("utf-8"))
        assert list(validator.iter_errors(data)), name


def test_every_command_is_documented() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    registered = {
        (c.name or (c.callback.__name__ if c.callback else "")): c for c in app.registered_commands
    }
    assert sorted(registered) == sorted(
        [
            "status",
            "compare",
            "check",
            "outlook",
            "units",
            "validate",
            "show",
            "init",
            "record",
            "import",
            "schema",
        ]
    )
    for name, command in registered.items():
        assert re.search(rf"`ntm {name}\b", readme), name
        assert command.callback is not None and command.callback.__doc__, name


def test_readme_has_the_two_commands_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    install = "python3 -m pip install -c constraints.txt . && ntm status"
    tests = 'python3 -m pip install -c constraints.txt ".[test]" && python3 -m pytest'
    assert install in readme and tests in readme
    assert install in ci and tests in ci


def test_readme_refresh_command_rewrites_constraints_as_committed() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    command = next(line for line in readme.splitlines() if "pip freeze" in line)
    # a left-over /tmp/lock keeps old versions (pip does not upgrade what is installed)
    assert command.startswith("python3 -m venv --clear /tmp/lock && ")
    assert command.endswith("; } > constraints.txt")
    header, *pins = (ROOT / "constraints.txt").read_text("utf-8").splitlines()
    assert f"echo '{header}';" in command
    pinned = {}
    for line in pins:
        name, _, version = line.partition("==")
        assert version and " " not in line, line
        pinned[canonicalize_name(name)] = Version(version)
    assert not {"pip", "setuptools", "wheel", "ntm-cli"} & pinned.keys()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    for text in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert requirement.specifier.contains(pinned[name]), (name, pinned[name])


def test_benchmark_generator_writes_valid_files(ntm: Runner, tmp_path: Any) -> None:
    path = tmp_path / "big.toml"
    path.write_text(generate_benchmark_file(60), "utf-8")
    result = ntm("validate", "-f", str(path))
    assert result.code == 0, result.err
    report = json.loads(ntm("status", "-f", str(path), "--format", "json").out)
    assert report["summary"]["total"] == 60
    assert {t["direction"] for t in report["targets"]} == {"increase", "decrease"}
    assert all(t["actual"] >= 0 for t in report["targets"])


def _readme_block(command: str) -> str:
    readme = (ROOT / "README.md").read_text("utf-8")
    start = readme.index(f"$ {command}\n") + len(f"$ {command}\n")
    return readme[start : readme.index("```", start)]


YTD = ROOT / "examples" / "ytd-2024.toml"  # the file of README's monthly report
README_EXAMPLES = [
    ("ntm status", ["status", "-f", str(SHIPPED)]),
    (
        "ntm compare --year 2020 --lang en",
        ["compare", "--year", "2020", "--lang", "en", "-f", str(SHIPPED)],
    ),
    (
        "ntm status -f examples/can-tho-units.toml --lang en",
        ["status", "-f", str(ROOT / "examples" / "can-tho-units.toml"), "--lang", "en"],
    ),
    (
        "COLUMNS=80 ntm compare --period 2024-09 --lang vi",
        ["compare", "--period", "2024-09", "--lang", "vi", "-f", str(YTD)],
    ),
]


def test_readme_examples_are_real_output(ntm: Runner) -> None:
    for shown, args in README_EXAMPLES:
        result = ntm(*args, env={"COLUMNS": "80"})  # an 80-column terminal (SPEC §3)
        assert _readme_block(shown) == result.out, f"README example of `{shown}` is stale"
