"""The README's CI recipes work when pasted (issue 19): the GitHub workflow's commands run from
a repository root with the targets file in a subfolder, and the pre-commit recipe names a
`rev` that exists (and, where pre-commit is installed, its hooks run from this repository)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ntm_cli.edit.write import starter_text
from tests.conftest import ROOT, SHIPPED, Runner

README = (ROOT / "README.md").read_text("utf-8")


def _block(starts: str) -> str:
    """The first ```yaml block of the README that begins with `starts`."""
    for found in re.finditer(r"```yaml\n(.*?)```", README, re.S):
        if found.group(1).startswith(starts):
            return found.group(1)
    raise AssertionError(f"no yaml block starting {starts!r}")


def _environment(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NTM_", "GITHUB_"))}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["GITHUB_STEP_SUMMARY"] = str(tmp / "summary.md")
    env["GITHUB_ACTIONS"] = "true"
    env["GITHUB_WORKSPACE"] = str(tmp / "repo")
    return env


def _workflow() -> tuple[dict[str, str], list[str]]:
    """The workflow's job environment and its `run:` commands, installation left out."""
    text = _block("name: targets")
    env = dict(re.findall(r"^      (NTM_[A-Z_]+): (\S+)$", text, re.M))
    runs = re.findall(r"^\s+(?:- )?run: (.+)$", text, re.M)
    return env, [r for r in runs if not r.startswith("pip install")]


@pytest.mark.skipif(shutil.which("bash") is None, reason="the workflow's shell is bash")
def test_the_github_workflow_runs_from_the_repository_root(tmp_path: Path) -> None:
    job_env, runs = _workflow()
    assert job_env == {"NTM_FILE": "data/targets.toml"} and len(runs) == 2
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    shutil.copy(SHIPPED, repo / "data" / "targets.toml")
    env = {**_environment(tmp_path), **job_env}
    for command in runs:
        done = subprocess.run(
            ["bash", "-e", "-c", command], cwd=repo, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, (command, done.stdout, done.stderr)
    summary = (tmp_path / "summary.md").read_text("utf-8")
    assert summary.startswith("## ✔ ntm check")
    # without NTM_FILE the first step fails (ntm exits 2) and the summary says what happened
    env.pop("NTM_FILE")
    done = subprocess.run(["bash", "-c", runs[0]], cwd=repo, env=env, capture_output=True)
    assert done.returncode != 0
    assert "no targets file could be read" in (tmp_path / "summary.md").read_text("utf-8")


def _rev() -> str:
    found = re.search(r"^    rev: (\S+)$", _block("repos:"), re.M)
    assert found is not None
    return found.group(1)


def test_the_pre_commit_rev_exists() -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    rev = _rev()
    assert rev == "main"
    # a fresh clone has the branch `main`; a worktree of another branch has it locally
    done = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, f"rev {rev} does not exist in this repository"


@pytest.mark.skipif(shutil.which("pre-commit") is None, reason="pre-commit is not installed")
def test_the_pre_commit_hooks_run_from_this_repository(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    shutil.copy(SHIPPED, project / "data" / "targets.toml")
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(["git", "add", "."], cwd=project, check=True)
    for hook in ("ntm-validate", "ntm-check"):
        done = subprocess.run(
            ["pre-commit", "try-repo", str(ROOT), hook, "--all-files"],
            cwd=project,
            capture_output=True,
            text=True,
            env={**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")},
        )
        assert done.returncode == 0, done.stdout + done.stderr


def test_init_pins_the_year(ntm: Runner, tmp_path: Path) -> None:
    """The README says `ntm init` pins the reporting year: the template sets [program].year
    (this year) and plans for it, so `status` and `check` work on it as written."""
    import datetime
    import tomllib

    assert ntm("init").code == 0
    raw = tomllib.loads((tmp_path / "targets.toml").read_text("utf-8"))
    year = datetime.date.today().year
    assert raw["program"]["year"] == year
    assert raw["target"][0]["plan"] == {str(year): 100}
    assert ntm("status").code == 0
    assert ntm("check").code == 0
    assert "@YEAR@" not in starter_text(False) and "year = 2030" in starter_text(
        False, this_year=2030
    )
