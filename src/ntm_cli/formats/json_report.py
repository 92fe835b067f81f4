"""`--format json`: the report of SPEC §7, `ntm show`'s target and records, `validate`'s
verdict."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ntm_cli.cli.batch import Judged, problem_dict
from ntm_cli.formats import View, is_period

if TYPE_CHECKING:
    from ntm_cli.judge.evaluate import Report
    from ntm_cli.judge.history import History
    from ntm_cli.judge.outlook import OutlookReport
    from ntm_cli.judge.period import PeriodReport
    from ntm_cli.judge.units import UnitHistory
    from ntm_cli.judge.units_report import UnitsReport


def _dumps(document: object, pretty: bool) -> str:
    # Indented JSON goes through the pure-Python encoder, four times slower on a national
    # file; people at a terminal get it indented, programs get one line.
    indent = 2 if pretty else None
    return json.dumps(document, ensure_ascii=False, indent=indent, allow_nan=False) + "\n"


def status(report: Report, view: View) -> str:
    from ntm_cli.formats.common import report_dict

    return _dumps(report_dict(report), view.pretty)


compare = status


def status_period(report: PeriodReport, view: View) -> str:
    from ntm_cli.formats.period_parts import period_report_dict

    return _dumps(period_report_dict(report), view.pretty)


compare_period = status_period


def check(run: Sequence[Judged], view: View) -> str:
    return _dumps(_one_or_list([_check_dict(judged) for judged in run]), view.pretty)


def validate(run: Sequence[Judged], view: View) -> str:
    return _dumps(_one_or_list([_validate_dict(judged) for judged in run]), view.pretty)


def _one_or_list(documents: list[dict[str, Any]]) -> Any:
    """One report object for one file, a list of them for several (SPEC §3)."""
    return documents[0] if len(documents) == 1 else documents


def outlook(report: OutlookReport, view: View) -> str:
    from ntm_cli.formats.outlook_parts import outlook_report_dict

    return _dumps(outlook_report_dict(report), view.pretty)


def show(history: History, view: View) -> str:
    from ntm_cli.formats import common

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
    return _dumps(document, view.pretty)


def show_unit(history: UnitHistory, view: View) -> str:
    from ntm_cli.formats.unit_show import unit_show_dict

    return _dumps(unit_show_dict(history), view.pretty)


def units(report: UnitsReport, view: View) -> str:
    from ntm_cli.formats.units_parts import units_report_dict

    return _dumps(units_report_dict(report), view.pretty)


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
