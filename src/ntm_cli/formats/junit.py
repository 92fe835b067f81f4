"""`ntm check --format junit`: one <testsuite>, one <testcase> per evaluated target, as GitLab's
unit-test report, Jenkins' junit plugin and the GitHub test reporters read it.

classname is `ntm.<group or program>`, name the target id (unique in the file). A failing
target has <failure message=…>; a warning puts its finding in <system-out>; a target whose
gate is off is <skipped>."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING

from ntm_cli.cli.batch import Judged
from ntm_cli.formats import View, is_period
from ntm_cli.formats.common import finding, summary_text, verdict_line
from ntm_cli.i18n import Lang, badge, counted, problem_message
from ntm_cli.judge.evaluate import Report

if TYPE_CHECKING:
    # only a --period run imports period.py
    from ntm_cli.judge.period import PeriodReport


def check(run: Sequence[Judged], view: View) -> str:
    """One testsuite as the root for one file; under one `<testsuites>` for several."""
    suites = [
        _broken_suite(j)
        if j.report is None
        else _period_suite(j.report, j.lang)
        if is_period(j.report)
        else _suite(j.report, j.lang)
        for j in run
    ]
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


def _broken_suite(judged: Judged) -> ET.Element:
    """A testsuite whose one testcase, named after the file, fails with the problems."""
    name = judged.file or "targets.toml"
    suite = ET.Element(
        "testsuite",
        {"name": f"ntm {name}", "tests": "1", "failures": "1", "errors": "0", "skipped": "0"},
    )
    case = ET.SubElement(suite, "testcase", {"classname": "ntm", "name": name, "file": name})
    messages = [problem_message(p, judged.lang) for p in judged.errors]
    failure = ET.SubElement(
        case,
        "failure",
        {"message": counted(judged.lang, "invalid_file", len(messages)), "type": "invalid"},
    )
    failure.text = "\n".join(messages)
    return suite


def _suite(report: Report, lang: Lang) -> ET.Element:
    program = report.program.name or PurePath(report.file).stem
    records = report.records
    suite = ET.Element(
        "testsuite",
        {
            "name": f"ntm {report.file}" + (f" {report.year}" if report.year is not None else ""),
            "tests": str(len(records)),
            "failures": str(sum(r.verdict == "fail" for r in records)),
            "errors": "0",
            "skipped": str(sum(r.verdict == "off" for r in records)),
        },
    )
    for record in records:
        case = ET.SubElement(
            suite,
            "testcase",
            {
                "classname": f"ntm.{record.target.group or program}",
                "name": record.target.id,
                "file": report.file,
            },
        )
        text = f"{badge(record.status, lang)}: {finding(record, lang, as_written=True)}"
        if record.verdict == "fail":
            failure = ET.SubElement(case, "failure", {"message": text, "type": record.status})
            failure.text = text
        elif record.verdict == "warn":
            ET.SubElement(case, "system-out").text = text
        elif record.verdict == "off":
            ET.SubElement(case, "skipped", {"message": "gate = off"})
    ET.SubElement(suite, "system-out").text = (
        summary_text(report, lang) + "\n" + verdict_line(report, lang)
    )
    return suite


def _period_suite(report: PeriodReport, lang: Lang) -> ET.Element:
    """`check --period` (SPEC §13): a testcase per target; the message "<label>: V (plan_pct %
    of the year's plan, elapsed_pct % of the year)"."""
    from ntm_cli.formats import period_parts as parts

    program = report.program.name or PurePath(report.file).stem
    records = report.records
    suite = ET.Element(
        "testsuite",
        {
            "name": f"ntm {report.file} {report.period}",
            "tests": str(len(records)),
            "failures": str(sum(r.verdict == "fail" for r in records)),
            "errors": "0",
            "skipped": str(sum(r.verdict == "off" for r in records)),
        },
    )
    for record in records:
        case = ET.SubElement(
            suite,
            "testcase",
            {
                "classname": f"ntm.{record.target.group or program}",
                "name": record.target.id,
                "file": report.file,
            },
        )
        text = parts.finding(record, lang)
        if record.verdict == "fail":
            failure = ET.SubElement(case, "failure", {"message": text, "type": record.status})
            failure.text = f"{record.target.name}: {text}"
        elif record.verdict == "warn":
            ET.SubElement(case, "system-out").text = f"{record.target.name}: {text}"
        elif record.verdict == "off":
            ET.SubElement(case, "skipped", {"message": "gate = off"})
    ET.SubElement(suite, "system-out").text = (
        parts.summary_text(report, lang) + "\n" + verdict_line(report, lang)
    )
    return suite
