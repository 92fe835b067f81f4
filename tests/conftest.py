"""Shared fixtures: a fixed, colourless, English-neutral environment and an in-process `ntm`."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from tests.runner import Result, invoke

# In CI the property tests run the same examples every time, so a red run can be repeated;
# on developers' machines they explore. Either way a failure prints how to reproduce it.
# No deadline: a test is about what ntm does, never how fast it does it on a loaded machine
# (a shared CI machine once failed an every-format test on hypothesis's 200 ms deadline).
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
settings.register_profile("dev", print_blob=True, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHIPPED = ROOT / "targets.toml"

_CLEARED = (
    "NTM_FILE",
    "NTM_LANG",
    "LANG",
    "LC_ALL",
    "LC_MESSAGES",
    "GITHUB_ACTIONS",
    "NO_COLOR",
    "FORCE_COLOR",
)


@pytest.fixture(autouse=True)
def _stable_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _CLEARED:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("LINES", "40")


Runner = Callable[..., Result]


@pytest.fixture
def ntm(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Runner:
    """Run `ntm ARGS…` in this process; `env` adds variables, `cwd` defaults to tmp_path."""

    def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> Result:
        with monkeypatch.context() as patch:  # env and cwd hold for this one call
            patch.chdir(cwd or tmp_path)
            for name, value in (env or {}).items():
                patch.setenv(name, value)
            return invoke(list(args))

    return run


@pytest.fixture
def write_toml(tmp_path: Path) -> Callable[..., Path]:
    """Write a text as `name` (targets.toml) in the test's folder."""

    def write(text: str, name: str = "targets.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def commented(write_toml: Callable[[str], Path]) -> Path:
    """tests/builders.py's COMMENTED file, written as targets.toml."""
    from tests.builders import COMMENTED  # builders reads this module's paths

    return write_toml(COMMENTED)
