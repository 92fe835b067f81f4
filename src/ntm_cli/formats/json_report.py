"""`--format json`: the report of SPEC §7, `ntm show`'s target and records, `validate`'s
verdict."""

from __future__ import annotations

import json
from typing import Any

from ntm_cli.formats import Context


def _dumps(document: object, pretty: bool) -> str:
    # Indented JSON goes through the pure-Python encoder, four times slower on a national
    # file; people at a terminal get it indented, programs get one line.
    indent = 2 if pretty else None
    return json.dumps(document, ensure_ascii=False, indent=indent, allow_nan=False) + "\n"


def render(ctx: Context) -> str:
    from ntm_cli.formats import common

    document: Any
    match ctx.command:
        case "show":
            history = ctx.report
            document = {
                "version": 2,
                "file": history.file,
                "program": common.program_dict(history.program),
                "target": common.target_dict(history.target),
                "records": [common.record_dict(r) for r in history.records],
            }
        case "validate":
            loaded = ctx.report
            document = {
                "version": 2,
                "file": loaded.shown,
                "valid": True,
                "targets": len(loaded.doc.target),
                "years": loaded.doc.years(),
            }
        case "outlook":
            from ntm_cli.formats.outlook_parts import outlook_report_dict

            document = outlook_report_dict(ctx.report)
        case _:
            document = common.report_dict(ctx.report)
    return _dumps(document, ctx.pretty)
