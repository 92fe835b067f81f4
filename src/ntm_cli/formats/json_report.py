"""`--format json`: the report of SPEC §7."""

from __future__ import annotations

import json

from ntm_cli.data import Program, Target
from ntm_cli.evaluate import Record, Report
from ntm_cli.formats.common import report_dict


def _dumps(document: object, pretty: bool) -> str:
    # Indented JSON goes through the pure-Python encoder, four times slower on a national
    # file; people at a terminal get it indented, programs get one line.
    indent = 2 if pretty else None
    return json.dumps(document, ensure_ascii=False, indent=indent, allow_nan=False) + "\n"


def render(report: Report, pretty: bool = True) -> str:
    return _dumps(report_dict(report), pretty)


def render_show(
    file: str, program: Program, target: Target, records: list[Record], pretty: bool = True
) -> str:
    """`ntm show --format json`: the target, and its SPEC §7 record for every year."""
    from ntm_cli.formats.common import program_dict, record_dict, target_dict

    document = {
        "version": 1,
        "file": file,
        "program": program_dict(program),
        "target": target_dict(target),
        "records": [record_dict(r) for r in records],
    }
    return _dumps(document, pretty)
