"""The version 3 declarations of the targets file (SPEC §12): `[[standard]]`, `[[criterion]]`,
`[[unit]]` and a target's `rollup`, each key a field carrying its rule, JSON Schema and
description, as `data.py` declares the rest; and `Counted`, what ntm counts for a roll-up
target. Apart from data.py so that a run over a file without units does not declare them (a
dataclass costs Python about half a millisecond): the readers import this when a file has
units, standards, criteria or a roll-up target."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from ntm_cli.targets_file import rules
from ntm_cli.targets_file.keys import (
    CRITERION,
    ID,
    NAME,
    NOTE,
    STANDARD_YEARS,
    TEXT,
    YEAR,
    choice,
    key,
    year_table,
)
from ntm_cli.targets_file.rules import RuleError

MEASURES = ("standard", "criterion", "criteria_min", "average")


@dataclass(frozen=True, slots=True)
class Rollup:
    """`rollup = { of = "commune", standard = "ntm" }`: the target's actuals are counted from
    the units (SPEC §12.2). Exactly one measure: `standard`, `criterion`, `criteria_min` or
    `average`. Keys the file leaves out are None."""

    of: str = key(
        rules.choice(rules.UNIT_KINDS),
        choice(rules.UNIT_KINDS),
        'The units counted: "commune" or "district".',
    )
    standard: str | None = key(
        rules.target_id, ID, "Units recognised at this standard by the end of the year.", None
    )
    new: bool | None = key(
        rules.flag,
        {"type": "boolean"},
        "With standard: only the units recognised in the year.",
        None,
    )
    criterion: int | None = key(
        rules.criterion_id, CRITERION, "Units that met this criterion in the year.", None
    )
    criteria_min: int | None = key(
        rules.criterion_id, CRITERION, "Units that met at least this many criteria.", None
    )
    average: str | None = key(
        rules.choice(rules.ROLLUP_AVERAGES),
        choice(rules.ROLLUP_AVERAGES),
        'The mean number of criteria met per unit: "criteria".',
        None,
    )
    as_: str | None = key(
        rules.choice(rules.ROLLUP_AS),
        choice(rules.ROLLUP_AS),
        '"count" (default) or "percent" of the units in scope (not with average).',
        None,
        alias="as",
    )
    within: str | None = key(
        rules.target_id, ID, 'A district\'s id: its communes only (with of = "commune").', None
    )

    @property
    def measure(self) -> str:
        """The one measure written: "standard", "criterion", "criteria_min" or "average"."""
        return next(m for m in MEASURES if getattr(self, m) is not None)

    @property
    def percent(self) -> bool:
        return self.as_ == "percent"

    def written(self) -> dict[str, Any]:
        """The table as the file writes it (JSON `rollup`, SPEC §7)."""
        found: dict[str, Any] = {}
        for item in fields(Rollup):
            value = getattr(self, item.name)
            if value is not None:
                found[item.metadata.get("alias", item.name)] = value
        return found

    def check(self) -> None:
        """Exactly one measure; `new` with `standard`; `percent` not with `average`; `within`
        with communes (RuleError, located by its `field`)."""
        given = [m for m in MEASURES if getattr(self, m) is not None]
        if len(given) != 1:
            raise RuleError(
                "rollup_measure",
                "give exactly one of standard, criterion, criteria_min and average, got {got}",
                got=", ".join(given) or "none",
                field="rollup",
            )
        if self.new is not None and self.standard is None:
            raise RuleError("rollup_new", "new = true goes with standard", field="rollup.new")
        if self.percent and self.average is not None:
            raise RuleError(
                "rollup_percent_average",
                'as = "percent" does not go with average',
                field="rollup.as",
            )
        if self.within is not None and self.of != "commune":
            raise RuleError(
                "rollup_within_kind",
                'within goes with of = "commune"',
                field="rollup.within",
            )


@dataclass(frozen=True, slots=True)
class Counted:
    """What ntm counted for a roll-up target (`units.resolve`): not a key of the file."""

    values: dict[int, int | float]  # year -> the counted value (the target's actuals)
    totals: dict[int, int]  # year -> N_Y, the units in scope
    partial: dict[int, tuple[int, int]]  # year -> (units not assessed, units in scope)

    def total(self, rollup: Rollup, year: int | None) -> int | None:
        """The whole a count is out of ("36/36"): N_Y, or that of the latest year with a
        value when `year` has none or is None; None for `percent` and `average`."""
        if rollup.percent or rollup.average is not None:
            return None
        if year is not None and year in self.totals:
            return self.totals[year]
        return self.totals[max(self.totals)] if self.totals else None


@dataclass(frozen=True, slots=True)
class Standard:
    """One `[[standard]]`: a recognition standard. Standards are listed lowest first and
    each includes those before it (an advanced commune is an NTM commune)."""

    id: str = key(rules.target_id, ID, "Unique among standards: [a-z0-9][a-z0-9._-]*.")
    name: str = key(rules.name, NAME, "Name, such as Đạt chuẩn nông thôn mới.")
    name_en: str | None = key(rules.name, NAME, "English name, shown with --lang en.", None)


@dataclass(frozen=True, slots=True)
class Criterion:
    """One `[[criterion]]`: what units of a kind are assessed against."""

    id: int = key(rules.criterion_id, CRITERION, "Its number, 1–99, unique within its kind.")
    name: str = key(rules.name, NAME, "Name, such as Quy hoạch.")
    name_en: str | None = key(rules.name, NAME, "English name, shown with --lang en.", None)
    group: str | None = key(rules.text, TEXT, "Group of criteria.", None)
    group_en: str | None = key(rules.text, TEXT, "English group.", None)
    kind: str = key(
        rules.choice(rules.UNIT_KINDS),
        choice(rules.UNIT_KINDS),
        'The units assessed against it: "commune" (default) or "district".',
        "commune",
    )


@dataclass(frozen=True, slots=True)
class Unit:
    """One `[[unit]]`: a commune or a district, its recognitions and its assessments."""

    id: str = key(rules.target_id, ID, "Unique among targets and units together.")
    name: str = key(rules.name, NAME, "Name, such as Xã Nhơn Ái.")
    kind: str = key(
        rules.choice(rules.UNIT_KINDS), choice(rules.UNIT_KINDS), '"commune" or "district".'
    )
    name_en: str | None = key(rules.name, NAME, "English name, shown with --lang en.", None)
    parent: str | None = key(rules.target_id, ID, "The district a commune belongs to.", None)
    recognised: dict[str, int] = key(
        rules.standard_years,
        STANDARD_YEARS,
        "Standard = the year the recognition counts for.",
        table=True,
    )
    revoked: dict[str, int] = key(
        rules.standard_years,
        STANDARD_YEARS,
        "Standard = the year it was withdrawn (withdraws every higher standard too).",
        table=True,
    )
    unmet: dict[int, tuple[int, ...]] = key(
        rules.unmet_table,
        year_table({"type": "array", "items": CRITERION, "uniqueItems": True}),
        "Year = the criteria NOT met that year ([] = all met).",
        table=True,
    )
    met_count: dict[int, int] = key(
        rules.met_count_table,
        year_table({"type": "integer", "minimum": 0}),
        "Year = how many criteria were met, where which is unknown.",
        table=True,
    )
    from_: int | None = key(rules.year, YEAR, "The first year the unit exists.", None, alias="from")
    until: int | None = key(rules.year, YEAR, "The last year the unit exists.", None)
    note: str | None = key(rules.note, NOTE, "Free text; may hold line breaks.", None)


def declared(kind: type | str) -> type:
    """The dataclass a `nested(...)` key declares: the class, or the name of one of this
    module."""
    found = globals()[kind] if isinstance(kind, str) else kind
    assert isinstance(found, type)
    return found
