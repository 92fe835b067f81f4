"""`ntm check --format junit`: one <testsuite>, one <testcase> per evaluated target, as GitLab's
unit-test report, Jenkins' junit plugin and the GitHub test reporters read it.

classname is `ntm.<group or program>`, name the target id (unique in the file). A failing
target has <failure message=…>; a warning puts its finding in <system-out>; a target whose
gate is off is <skipped>."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import PurePath

from ntm_cli.evaluate import Report
from ntm_cli.formats import Context
from ntm_cli.formats.common import finding, summary_text, verdict_line
from ntm_cli.i18n import Lang, badge


def render(ctx: Context) -> str:
    return render_check(ctx.report, ctx.lang)


def render_check(report: Report, lang: Lang) -> str:
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
        text = f"{badge(record.status, lang)}: {finding(record, lang)}"
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
    ET.indent(suite)
    body = ET.tostring(suite, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
