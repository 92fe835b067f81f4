"""`--format csv`: RFC 4180, one row per evaluated target with the JSON record's fields.

It starts with a UTF-8 byte-order mark, as SPEC §3 asks that it "open with correct Vietnamese
text in a spreadsheet": without one, Excel reads UTF-8 as the local code page.

Nested objects are flattened (`milestone_year`, `previous_change`…); null is an empty cell;
numbers are written with a dot; text that a spreadsheet would run as a formula is prefixed
with `'`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ntm_cli.formats import View
from ntm_cli.formats.common import RECORD_SHAPE, record_dict
from ntm_cli.judge.evaluate import Report
from ntm_cli.targets_file.data import Range
from ntm_cli.targets_file.rules import exact

if TYPE_CHECKING:
    from ntm_cli.judge.outlook import OutlookReport
    from ntm_cli.judge.period import PeriodReport
    from ntm_cli.judge.units_report import UnitsReport

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    """One CSV cell: empty for null, true/false, numbers as plain decimals with a dot (never
    exponent notation: 6.48e-07 is 0.000000648), text that a spreadsheet would run as a formula
    behind a '."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{exact(value):f}"
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


# The figures that may hold a range [low, high] (SPEC §3), as flattened names.
RANGED = frozenset({"plan", "milestone_plan"})
# Tables as the file writes them, whose keys vary: one cell of JSON text (`{"of": "commune",
# "standard": "ntm"}`), not columns that would differ from one target to the next.
AS_WRITTEN = frozenset({"rollup"})


def flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """The JSON record as CSV cells (SPEC §3): nested objects as `<key>_<inner>` (an absent
    object leaves its cells empty); a figure that may hold a range as `<name>`, `<name>_low`
    and `<name>_high`, a range filling the last two, a single value the first."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = prefix + key
        if name in AS_WRITTEN:
            flat[name] = None if value is None else json.dumps(value, ensure_ascii=False)
        elif isinstance(value, dict):
            flat.update(flatten(value, f"{name}_"))
        elif name in RANGED:
            ranged = isinstance(value, Range | list)
            flat[name] = None if ranged else value
            flat[f"{name}_low"], flat[f"{name}_high"] = value if ranged else (None, None)
        else:
            flat[name] = value
    return flat


def table(shape: dict[str, Any], records: Iterable[dict[str, Any]]) -> str:
    """RFC 4180 with a byte-order mark: the header is the flattened keys of `shape` (a record
    with every nested object present), then one row per record; absent cells are empty."""
    columns = list(flatten(shape))
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for record in records:
        flat = flatten(record)
        writer.writerow([cell(flat.get(column)) for column in columns])
    return out.getvalue()


# The columns of every report are its JSON record's own keys, read off a record of the same
# shape, so a key added to the JSON is a column too.


def status(report: Report, view: View) -> str:
    return table(RECORD_SHAPE, (record_dict(r) for r in report.records))


compare = status


def status_period(report: PeriodReport, view: View) -> str:
    from ntm_cli.formats.period_parts import PERIOD_SHAPE, period_record_dict

    return table(PERIOD_SHAPE, (period_record_dict(r) for r in report.records))


compare_period = status_period


def outlook(report: OutlookReport, view: View) -> str:
    from ntm_cli.formats.outlook_parts import OUTLOOK_SHAPE, outlook_record_dict

    return table(OUTLOOK_SHAPE, (outlook_record_dict(r) for r in report.records))


def units(report: UnitsReport, view: View) -> str:
    """`ntm units`: a row per unit (SPEC §12.3), with a byte-order mark as above."""
    from ntm_cli.formats.units_parts import csv_columns, csv_row

    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(csv_columns(report))
    for row in report.units:
        writer.writerow([cell(value) for value in csv_row(report, row)])
    return out.getvalue()
