"""`ntm check --format github`: one workflow command per failing or warning target.

Escaping follows the Actions toolkit (`@actions/core` command.ts): data escapes `%`, CR and LF;
properties also `:` and `,`. A `##[` from the file is broken with a zero-width space, since
the runner looks for that legacy syntax anywhere in a line."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ntm_cli.cli.batch import Judged
from ntm_cli.formats import View, is_period
from ntm_cli.formats.common import ZWSP, finding, flagged
from ntm_cli.i18n import Lang, problem_message, status_label, word
from ntm_cli.judge.evaluate import Report

if TYPE_CHECKING:
    # only a --period run imports period.py
    from ntm_cli.judge.period import PeriodReport


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _defuse(text: str) -> str:
    return text.replace("##[", "#" + ZWSP + "#[")


def command(kind: str, message: str, properties: dict[str, str]) -> str:
    props = ",".join(
        f"{key}={escape_property(_defuse(value))}" for key, value in properties.items()
    )
    return f"::{kind} {props}::{escape_data(_defuse(message))}"


def check(run: Sequence[Judged], view: View) -> str:
    """Annotations for every file of the run, `file=` as GitHub resolves it."""
    parts = []
    for judged in run:
        if judged.report is None:
            parts.append(_broken(judged))
        elif is_period(judged.report):
            where = judged.annotation_file or judged.report.file
            period = dataclasses.replace(judged.report, file=where)
            parts.append(render_period_check(period, judged.lang, judged.target_lines))
        else:
            where = judged.annotation_file or judged.report.file
            report = dataclasses.replace(judged.report, file=where)
            parts.append(render_check(report, judged.lang, judged.target_lines))
    return "".join(parts)


def _broken(judged: Judged) -> str:
    """One `::error` per problem of a file that could not be judged, with file= and line=
    where known."""
    lines = []
    for problem in judged.errors:
        properties = {"title": word(judged.lang, "invalid_file_title")}
        if judged.annotation_file is not None:
            properties["file"] = judged.annotation_file
        if problem.line is not None:
            properties["line"] = str(problem.line)
        located = dataclasses.replace(problem, file=None, line=None)
        lines.append(command("error", problem_message(located, judged.lang), properties) + "\n")
    return "".join(lines)


def render_check(report: Report, lang: Lang, target_line: Mapping[int, int]) -> str:
    """`target_line` maps a target's index in the file to its line, where known."""
    lines: list[str] = []
    for record in flagged(report):
        # The toolkit's order: title, file, line.
        properties = {"title": f"{record.target.id}: {status_label(record.status, lang)}"}
        properties["file"] = report.file
        line = target_line.get(record.index)
        if line is not None:
            properties["line"] = str(line)
        kind = "error" if record.verdict == "fail" else "warning"
        lines.append(command(kind, finding(record, lang, as_written=True), properties))
    return "".join(line + "\n" for line in lines)


def render_period_check(report: PeriodReport, lang: Lang, target_line: Mapping[int, int]) -> str:
    """`check --period` (SPEC §13): one annotation per failing or warning target, the message
    "<label>: V (plan_pct % of the year's plan, elapsed_pct % of the year)"."""
    from ntm_cli.formats import period_parts as parts

    lines: list[str] = []
    for record in flagged(report):
        label = parts.status_label_of(record.status, lang)
        properties = {"title": f"{record.target.id}: {label}", "file": report.file}
        line = target_line.get(record.index)
        if line is not None:
            properties["line"] = str(line)
        kind = "error" if record.verdict == "fail" else "warning"
        lines.append(command(kind, parts.finding(record, lang), properties))
    return "".join(line + "\n" for line in lines)
