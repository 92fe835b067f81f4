"""What every report says about a target besides its figures (SPEC §7, version 3): its `total`
(typed or counted), whether its actuals are `computed` (counted from the units, §12) and its
`rollup` as written. One place, so that JSON, CSV, the human tables (36/36), the outlook's cap
on projections (§8) and `show` all agree.

Pure: no I/O, no typer, no rich.

For the units work (roll-up targets, SPEC §12): this is the one function to fill in.
`facts(target, year)` is called by every report for every target record; today a target has
no roll-up, so it gives the typed `total`, `computed=False` and `rollup=None`. When a target
carries a `rollup`, return `computed=True`, `rollup` as the file writes it (a dict of its keys,
e.g. `{"of": "commune", "standard": "ntm"}`) and `total` = N_Y, the number of units in scope
in `year` for a count (None for `percent` and `average`). `year` is the record's year (the
report year for status/compare/check/show, the current point's year for the outlook, whose
projections are capped at this total); it may be None when no year applies, then give the
total of the latest year that has one. Nothing else needs to change for the real values to
reach every report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ntm_cli.targets_file.data import Target


@dataclass(frozen=True, slots=True)
class Facts:
    total: int | float | None  # the whole: typed, or (roll-up count) the units in scope
    computed: bool  # the actuals are counted from the units
    rollup: dict[str, Any] | None  # the `rollup` table as written


def facts(target: Target, year: int | None = None) -> Facts:
    """The total, computed mark and roll-up of `target` for `year` (see the module's note).
    A roll-up target's total is N_Y, counted by `units.resolve` (None before it is resolved,
    and for `percent` and `average`)."""
    rollup = target.rollup
    if rollup is None:
        return Facts(target.total, False, None)
    counted = target.counted
    total = counted.total(rollup, year) if counted is not None else None
    return Facts(total, True, rollup.written())


def total_of(target: Target, year: int | None = None) -> int | float | None:
    """The whole a count is out of in `year` ("36/36"): typed, or counted from the units."""
    return facts(target, year).total
