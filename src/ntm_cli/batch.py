"""`check` and `validate` on several files, and on files that cannot be read or are invalid
(SPEC §3, §4): each file is judged on its own and the report covers all of them.

A file's outcome is its `Report` (check), its `Loaded` file (validate) or `Broken`: the
problems that stopped it. CI asked for a machine format still gets one for a broken file:
`::error` lines, a failing JUnit testcase, a JSON report with `errors`. Nothing here writes;
`commands.py` writes what these functions return."""

from __future__ import annotations

import dataclasses
import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ntm_cli.errors import Problem
from ntm_cli.i18n import Lang, counted, problem_message, word

if TYPE_CHECKING:
    from ntm_cli.evaluate import Report
    from ntm_cli.load import Loaded


@dataclass(frozen=True)
class Broken:
    """A file that could not be judged, and why."""

    file: str | None  # as shown; None when no file was found at all
    problems: list[Problem]


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


def _bare(problem: Problem) -> Problem:
    return dataclasses.replace(
        problem, file=None, line=None, target_id=None, target_index=None, field=None
    )


def problem_dict(problem: Problem, lang: Lang) -> dict[str, Any]:
    """`{ "line", "target", "field", "message" }`; the message without its location, which
    the other keys hold."""
    return {
        "line": problem.line,
        "target": problem.target_id,
        "field": problem.field,
        "message": problem_message(_bare(problem), lang),
    }


def broken_check_dict(broken: Broken, lang: Lang) -> dict[str, Any]:
    return {
        "version": 2,
        "file": broken.file,
        "passed": False,
        "errors": [problem_dict(p, lang) for p in broken.problems],
    }


def validate_dict(
    outcome: Loaded | Broken, warnings: Sequence[Problem], lang: Lang
) -> dict[str, Any]:
    """`validate --format json` for one file: valid or not, its errors and warnings."""
    if isinstance(outcome, Broken):
        return {
            "version": 2,
            "file": outcome.file,
            "valid": False,
            "targets": None,
            "years": [],
            "errors": [problem_dict(p, lang) for p in outcome.problems],
            "warnings": [problem_dict(p, lang) for p in warnings],
        }
    return {
        "version": 2,
        "file": outcome.shown,
        "valid": True,
        "targets": len(outcome.doc.target),
        "years": outcome.doc.years(),
        "errors": [],
        "warnings": [problem_dict(p, lang) for p in warnings],
    }


def json_text(documents: Sequence[dict[str, Any]], pretty: bool) -> str:
    """One report object for one file; a JSON list of them for several (SPEC §3)."""
    document: Any = documents[0] if len(documents) == 1 else list(documents)
    indent = 2 if pretty else None
    return json.dumps(document, ensure_ascii=False, indent=indent, allow_nan=False) + "\n"


def warning_line(problem: Problem, lang: Lang) -> str:
    """A warning as validate prints it: `warning: targets.toml:14: target "x": total: …`."""
    return f"{word(lang, 'warning_prefix')}: {problem_message(problem, lang)}"


def github_errors(broken: Broken, lang: Lang, file: str | None) -> str:
    """One `::error` per problem, with file= and line= where known."""
    from ntm_cli.formats.github import command

    lines = []
    for problem in broken.problems:
        properties = {"title": word(lang, "invalid_file_title")}
        if file is not None:
            properties["file"] = file
        if problem.line is not None:
            properties["line"] = str(problem.line)
        located = dataclasses.replace(problem, file=None, line=None)
        lines.append(command("error", problem_message(located, lang), properties) + "\n")
    return "".join(lines)


def junit_broken_suite(broken: Broken, lang: Lang) -> ET.Element:
    """A testsuite whose one testcase, named after the file, fails with the problems."""
    name = broken.file or "targets.toml"
    suite = ET.Element(
        "testsuite",
        {"name": f"ntm {name}", "tests": "1", "failures": "1", "errors": "0", "skipped": "0"},
    )
    case = ET.SubElement(suite, "testcase", {"classname": "ntm", "name": name, "file": name})
    messages = [problem_message(p, lang) for p in broken.problems]
    failure = ET.SubElement(
        case,
        "failure",
        {"message": counted(lang, "invalid_file", len(messages)), "type": "invalid"},
    )
    failure.text = "\n".join(messages)
    return suite


def junit_text(suites: Sequence[ET.Element]) -> str:
    """One testsuite as the root for one file; under one `<testsuites>` for several."""
    if len(suites) == 1:
        root = suites[0]
    else:
        root = ET.Element(
            "testsuites",
            {
                key: str(sum(int(s.get(key, "0")) for s in suites))
                for key in ("tests", "failures", "errors", "skipped")
            },
        )
        root.extend(suites)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def junit_suite(report: Report, lang: Lang) -> ET.Element:
    from ntm_cli.formats.junit import render_check

    return ET.fromstring(render_check(report, lang).encode("utf-8"))


def markdown_broken(broken: Broken, lang: Lang) -> str:
    from ntm_cli.formats.markdown import escape

    name = escape(broken.file or "targets.toml")
    lines = [f"## ✘ ntm check: {name}: {counted(lang, 'invalid_file', len(broken.problems))}", ""]
    lines += [f"- {escape(problem_message(p, lang))}" for p in broken.problems]
    return "\n".join(lines) + "\n"
