"""`--format json`: the report of SPEC §7, `ntm show`'s target and records, `validate`'s
verdict."""

from __future__ import annotations

import json
from typing import Any

from ntm_cli.batch import Judged, problem_dict
from ntm_cli.formats import Context, is_period


def _dumps(document: object, pretty: bool) -> str:
    # Indented JSON goes through the pure-Python encoder, four times slower on a national
    # file; people at a terminal get it indented, programs get one line.
    indent = 2 if pretty else None
    return json.dumps(document, ensure_ascii=False, indent=indent, allow_nan=False) + "\n"


def render(ctx: Context) -> str:
    from ntm_cli.formats import common

    document: Any
    match ctx.command:
        case "check" | "validate":
            # one report object for one file, a list of them for several (SPEC §3)
            one = _check_dict if ctx.command == "check" else _validate_dict
            documents = [one(judged) for judged in ctx.report]
            document = documents[0] if len(documents) == 1 else documents
        case "show" if _is_unit(ctx.report):
            from ntm_cli.formats.unit_show import unit_show_dict

            document = unit_show_dict(ctx.report)
        case "show":
            history = ctx.report
            latest = history.records[-1].year if history.records else None
            document = {
                "version": common.VERSION,
                "file": history.file,
                "program": common.program_dict(history.program),
                "target": common.target_dict(history.target, latest),
                "records": [common.record_dict(r) for r in history.records],
            }
            if history.periods:  # year-to-date figures (SPEC §13)
                from ntm_cli.formats.period_parts import period_entries

                document["periods"] = period_entries(history.periods)
        case "outlook":
            from ntm_cli.formats.outlook_parts import outlook_report_dict

            document = outlook_report_dict(ctx.report)
        case _ if is_period(ctx.report):
            from ntm_cli.formats.period_parts import period_report_dict

            document = period_report_dict(ctx.report)
        case "units":
            from ntm_cli.formats.units_parts import units_report_dict

            document = units_report_dict(ctx.report)
        case _:
            document = common.report_dict(ctx.report)
    return _dumps(document, ctx.pretty)


def _check_dict(judged: Judged) -> dict[str, Any]:
    """The §7 report of a judged file; for a broken one, SPEC §4's report of its errors."""
    from ntm_cli.formats.common import VERSION, report_dict

    if is_period(judged.report):
        from ntm_cli.formats.period_parts import period_report_dict

        return period_report_dict(judged.report)
    if judged.report is not None:
        return report_dict(judged.report)
    return {
        "version": VERSION,
        "file": judged.file,
        "passed": False,
        "errors": [problem_dict(p, judged.lang) for p in judged.errors],
    }


def _validate_dict(judged: Judged) -> dict[str, Any]:
    """`validate --format json` for one file: valid or not, its errors and warnings."""
    from ntm_cli.formats.common import VERSION

    loaded = judged.loaded
    return {
        "version": VERSION,
        "file": loaded.shown if loaded is not None else judged.file,
        "valid": loaded is not None,
        "targets": len(loaded.doc.target) if loaded is not None else None,
        "years": loaded.doc.years() if loaded is not None else [],
        "errors": [problem_dict(p, judged.lang) for p in judged.errors],
        "warnings": [problem_dict(p, judged.lang) for p in judged.warnings],
    }


def _is_unit(report: Any) -> bool:
    from ntm_cli.units import UnitHistory

    return isinstance(report, UnitHistory)
