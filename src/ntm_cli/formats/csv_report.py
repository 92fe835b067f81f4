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
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from ntm_cli.data import Range
from ntm_cli.evaluate import Report
from ntm_cli.formats import Context
from ntm_cli.formats.common import record_dict

COLUMNS = (
    "id",
    "name",
    "name_en",
    "group",
    "group_en",
    "unit",
    "unit_en",
    "direction",
    "gate",
    "year",
    "plan",
    "plan_low",
    "plan_high",
    "actual",
    "estimated",
    "delta",
    "delta_pct",
    "ratio",
    "status",
    "ahead_years",
    "milestone_year",
    "milestone_plan",
    "milestone_plan_low",
    "milestone_plan_high",
    "verdict",
    "previous_year",
    "previous_actual",
    "previous_estimated",
    "previous_change",
    "previous_change_pct",
)
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
        return f"{Decimal(repr(value)):f}"
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def flatten(record: dict[str, Any]) -> dict[str, Any]:
    """Nested objects as `<key>_<inner>` (SPEC §3); a range `[low, high]` as `<name>_low` and
    `<name>_high`, leaving `<name>` empty; a single value in `<name>`, the other two empty."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, dict):
            for inner, item in flatten(value).items():
                flat[f"{key}_{inner}"] = item
        elif isinstance(value, Range | list):
            flat[key], flat[f"{key}_low"], flat[f"{key}_high"] = None, value[0], value[1]
        else:
            flat[key] = value
    return flat


def table(columns: Sequence[str], records: Iterable[dict[str, Any]]) -> str:
    """RFC 4180 with a byte-order mark, one row per record; absent cells are empty."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for record in records:
        flat = flatten(record)
        writer.writerow([cell(flat.get(column)) for column in columns])
    return out.getvalue()


def render(ctx: Context) -> str:
    if ctx.command == "outlook":
        from ntm_cli.formats.outlook_parts import CSV_COLUMNS, outlook_record_dict

        return table(CSV_COLUMNS, (outlook_record_dict(r) for r in ctx.report.records))
    report: Report = ctx.report
    return table(COLUMNS, (record_dict(r) for r in report.records))
