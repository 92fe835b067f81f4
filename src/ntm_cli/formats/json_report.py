"""`--format json`: the report of SPEC §7."""

from __future__ import annotations

import json

from ntm_cli.evaluate import Record, Report
from ntm_cli.formats.common import report_dict
from ntm_cli.model import Program, Target


def render(report: Report) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def render_show(file: str, program: Program, target: Target, records: list[Record]) -> str:
    """`ntm show --format json`: the target, and its SPEC §7 record for every year."""
    from ntm_cli.formats.common import program_dict, record_dict, target_dict

    document = {
        "version": 1,
        "file": file,
        "program": program_dict(program),
        "target": target_dict(target),
        "records": [record_dict(r) for r in records],
    }
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
