"""What a run imports (README "Performance"): a run pays only for the modules it uses. Asserted
on the modules a fresh interpreter holds after the run, never on time. (pydantic is not on
the lists: typer imports it to convert the parameters of the command it runs, so the typer
floor pays for it too; ntm's own pydantic model, `model.py`, is.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SHIPPED

# Runs `ntm ARGS…` as the console script does, then writes the names of the modules loaded.
_PROBE = """
import json, sys
from ntm_cli.entry import main
try:
    main(sys.argv[2:])
except SystemExit:
    pass
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump(sorted(sys.modules), out)
"""

# Needed by no run of status or check without --period on a file without units (the shipped
# file has none).
_NEVER = (
    "ntm_cli.judge.period",
    "ntm_cli.judge.units",
    "ntm_cli.judge.units_report",
    "ntm_cli.targets_file.unit_rules",
    "ntm_cli.targets_file.unit_data",
    "ntm_cli.judge.outlook",
    "ntm_cli.judge.history",
    "ntm_cli.targets_file.model",
    "ntm_cli.edit.write",
    "ntm_cli.targets_file.lint",
    "ntm_cli.edit.sheet",
    "docx",
    "openpyxl",
)


def _loaded(tmp_path: Path, *args: str) -> set[str]:
    listing = tmp_path / "modules.json"
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(listing), *args],
        cwd=tmp_path,
        env=dict(os.environ),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    return set(json.loads(listing.read_text("utf-8")))


def _ours_beyond(modules: set[str], wanted: tuple[str, ...]) -> set[str]:
    """The modules of `_NEVER` (and their submodules) that a run loaded."""
    return {m for m in modules for w in wanted if m == w or m.startswith(f"{w}.")}


def test_a_json_check_imports_neither_rich_nor_the_other_reports(tmp_path: Path) -> None:
    modules = _loaded(tmp_path, "check", "--format", "json", "-f", str(SHIPPED))
    assert "ntm_cli.formats.json_report" in modules
    assert _ours_beyond(modules, (*_NEVER, "rich")) == set()
    formats = {m for m in modules if m.startswith("ntm_cli.formats.")}
    assert formats == {"ntm_cli.formats.json_report", "ntm_cli.formats.common"}


@pytest.mark.parametrize("kind", ["text", "github", "junit", "markdown"])
def test_a_check_in_another_format_imports_no_other_report(tmp_path: Path, kind: str) -> None:
    modules = _loaded(tmp_path, "check", "--format", kind, "-f", str(SHIPPED))
    assert _ours_beyond(modules, _NEVER) == set()


def test_a_status_table_imports_rich_but_not_the_other_reports(tmp_path: Path) -> None:
    modules = _loaded(tmp_path, "status", "--no-color", "-f", str(SHIPPED))
    assert {"ntm_cli.formats.table", "rich.console", "rich.table"} <= modules
    assert _ours_beyond(modules, _NEVER) == set()


@pytest.mark.parametrize(
    "args", [("status", "--no-color"), ("check", "--format", "json"), ("show", "communes-ntm")]
)
def test_a_run_declares_the_options_of_its_command_only(tmp_path: Path, args: list[str]) -> None:
    """Each command is its own module (`cli/commands/`): a run imports its own and the shared
    one, not the ten others with their option dataclasses."""
    modules = _loaded(tmp_path, *args, "-f", str(SHIPPED))
    found = {m for m in modules if m.startswith("ntm_cli.cli.commands.")}
    assert found == {"ntm_cli.cli.commands.common", f"ntm_cli.cli.commands.{args[0]}"}


def test_every_command_module_declares_the_command_of_its_name() -> None:
    from ntm_cli.cli import commands

    assert [each.name for each in commands.every_command()] == list(commands.NAMES)
    assert commands.command("import").options.__module__ == "ntm_cli.cli.commands.import_"


def test_the_probe_sees_a_module_imported_late(tmp_path: Path) -> None:
    # --period imports period.py when the command runs: the lists above would show it.
    modules = _loaded(tmp_path, "status", "--period", "2020-06", "-f", str(SHIPPED))
    assert "ntm_cli.judge.period" in modules


def test_the_script_collects_garbage_less_often_and_a_caller_keeps_its_setting() -> None:
    """README "Performance": the `ntm` script raises the collector's threshold (mypy's
    setting) and, once the targets file is read, sets what it built aside (gc.freeze);
    `main(argv)` called from Python leaves the caller's collector alone."""
    probe = (
        "import gc, sys\n"
        "from ntm_cli.entry import GC_THRESHOLD, main\n"
        "args = ['status', '-f', sys.argv[2]]\n"
        "if sys.argv[1] == 'script':\n"
        "    sys.argv = ['ntm', *args]\n"
        "try:\n"
        "    main() if sys.argv[0] == 'ntm' else main(args)\n"
        "except SystemExit:\n"
        "    pass\n"
        "frozen = gc.get_freeze_count() > 0\n"
        "print(gc.get_threshold() == GC_THRESHOLD, gc.get_threshold()[0], frozen)\n"
    )
    for how, expected in (("script", "True 200000 True"), ("caller", "False 700 False")):
        done = subprocess.run(
            [sys.executable, "-c", probe, how, str(SHIPPED)],
            capture_output=True,
            check=True,
            text=True,
        )
        assert done.stdout.splitlines()[-1] == expected
