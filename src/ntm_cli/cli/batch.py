"""`check` and `validate` on several files, and on files that cannot be read or are invalid
(SPEC §3, §4): each file is judged on its own, and the run's report covers all of them.

A run is a list of `Judged`, one per file, which the check and validate formats render
(`formats/`): a judged file carries its report (check) or its loaded file (validate); a broken
one the problems that stopped it, so that CI asked for a machine format still gets one:
`::error` lines, a failing JUnit testcase, a JSON report with `errors`. Nothing here writes."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ntm_cli.errors import Problem
from ntm_cli.i18n import Lang, problem_message, word

if TYPE_CHECKING:
    from ntm_cli.judge.evaluate import Report
    from ntm_cli.judge.period import PeriodReport
    from ntm_cli.targets_file.load import Loaded


@dataclass(frozen=True)
class Judged:
    """One file of a `check` or `validate` run."""

    file: str | None  # as shown; None when no file was found at all
    lang: Lang  # the file's output language
    report: Report | PeriodReport | None = None  # check: the evaluation (or of --period)
    loaded: Loaded | None = None  # validate: the valid file
    errors: list[Problem] = field(default_factory=list)  # why the file could not be judged
    warnings: list[Problem] = field(default_factory=list)  # validate: likely mistakes
    target_lines: Mapping[int, int] = field(default_factory=dict)  # target index -> line
    annotation_file: str | None = None  # file= of a GitHub annotation

    @property
    def broken(self) -> bool:
        return bool(self.errors)


def annotation_path(shown: str, cwd: Path, workspace: str | None) -> str:
    """The `file=` of a GitHub annotation: relative to $GITHUB_WORKSPACE when that is set and
    the file lies inside it (GitHub resolves annotation paths from the repository root), else
    the path as shown."""
    if not workspace:
        return shown
    root = Path(os.path.abspath(workspace))
    where = Path(os.path.abspath(cwd / shown))
    try:
        inside = where.relative_to(root)
    except ValueError:
        return shown
    return inside.as_posix()


def bare_message(problem: Problem, lang: Lang) -> str:
    """The problem's message without its location (which a report's own keys hold)."""
    bare = dataclasses.replace(
        problem, file=None, line=None, target_id=None, target_index=None, field=None
    )
    return problem_message(bare, lang)


def problem_dict(problem: Problem, lang: Lang) -> dict[str, Any]:
    """`{ "line", "target", "field", "message" }` of SPEC §4 and `validate --format json`."""
    return {
        "line": problem.line,
        "target": problem.target_id,
        "field": problem.field,
        "message": bare_message(problem, lang),
    }


def warning_line(problem: Problem, lang: Lang) -> str:
    """A warning as validate prints it: `warning: targets.toml:14: target "x": total: …`."""
    return f"{word(lang, 'warning_prefix')}: {problem_message(problem, lang)}"
