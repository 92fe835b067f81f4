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
from decimal import Decimal
from typing import Any

from ntm_cli.evaluate import Report
from ntm_cli.formats import Context
from ntm_cli.formats.common import record_dict

COLUMNS = (
    "id",
    "name",
    "name_en",
    "group",
    "unit",
    "direction",
    "gate",
    "year",
    "plan",
    "actual",
    "delta",
    "delta_pct",
    "ratio",
    "status",
    "ahead_years",
    "milestone_year",
    "milestone_plan",
    "verdict",
    "previous_year",
    "previous_actual",
    "previous_change",
    "previous_change_pct",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # The shortest repr, written out in full: a spreadsheet or a CSV reader may not take
        # 6.480000053719201e-07 as a number (SPEC §3: never exponent notation).
        return format(Decimal(repr(value)), "f")
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    flat = dict(record)
    for key in ("milestone", "previous"):
        nested = flat.pop(key) or {}
        for inner in (
            ("year", "plan") if key == "milestone" else ("year", "actual", "change", "change_pct")
        ):
            flat[f"{key}_{inner}"] = nested.get(inner)
    return flat


def render(ctx: Context) -> str:
    report: Report = ctx.report
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for record in report.records:
        flat = _flat(record_dict(record))
        writer.writerow([cell(flat[column]) for column in COLUMNS])
    return out.getvalue()
