"""The targets file (SPEC §1), declared once: every key of `[program]`, `[[target]]` and
`baseline` is a field below, carrying the rule of `rules.py` that checks it, its JSON Schema
and its description. Both readers derive from these declarations: `fastcheck.py` (valid
files, without pydantic) and `model.py` (pydantic models for the located error messages and
the JSON Schema). What a valid file holds is then these plain frozen dataclasses, which
evaluation and the formats work on. Importing this costs next to nothing.

Adding an optional key is one field here, plus the code that uses it."""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from typing import Any

from ntm_cli.targets_file import rules

# The values a file holds are what its rules return: declared with them, in rules.py (which
# cannot import this module), and named here too, as the file's vocabulary.
from ntm_cli.targets_file.rules import Number as Number
from ntm_cli.targets_file.rules import PlanValue as PlanValue
from ntm_cli.targets_file.rules import Range as Range
from ntm_cli.targets_file.rules import RuleError
from ntm_cli.targets_file.rules import Value as Value

# JSON Schema pieces (draft-07), as editors validate the file while it is typed.
_YEAR = {"type": "integer", "minimum": rules.YEAR_MIN, "maximum": rules.YEAR_MAX}
_TEXT = {"type": "string", "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"}
_NOTE = {
    "type": "string",
    "pattern": "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$",
}
_NAME = {**_TEXT, "minLength": 1}
_NUMBER_OR_BOOL = {"type": ["number", "boolean"]}
_RANGE = {
    "type": "array",
    "description": "a range [low, high], low < high",
    "items": {"type": "number"},
    "minItems": 2,
    "maxItems": 2,
}
_YEARS = {"pattern": "^(19[0-9]{2}|20[0-9]{2}|2100)$"}


def _year_table(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "description": "year (four digits, 1900–2100) = value",
        "propertyNames": _YEARS,
        "additionalProperties": values,
    }


# Year-to-date figures (SPEC §13): "YYYY-MM" = a number accumulated since 1 January.
_PERIODS = {
    "type": "object",
    "description": '"YYYY-MM" (quoted; month 01–12) = the figure from 1 January to the end of '
    "that month",
    "propertyNames": {"pattern": rules.PERIOD_PATTERN},
    "additionalProperties": {"type": "number"},
}


def _choice(allowed: tuple[str, ...]) -> dict[str, Any]:
    return {"enum": list(allowed), "type": "string"}


def key(
    rule: rules.Rule,
    schema: dict[str, Any],
    doc: str,
    default: Any = MISSING,
    *,
    table: bool = False,
    alias: str | None = None,
) -> Any:
    """A key of the file: the rule that checks it, its schema and description; `table` for a
    year table (default: empty). Without a default the key is required. `alias`: the key as
    the file writes it, where that is a Python keyword (`from`, `as`)."""
    metadata: dict[str, Any] = {"rule": rule, "schema": schema, "doc": doc}
    if alias is not None:
        metadata["alias"] = alias
    if table:
        return field(default_factory=dict, metadata=metadata)
    return field(default=default, metadata=metadata)


def nested(kind: type, doc: str) -> Any:
    """An optional sub-table declared by another dataclass of this module."""
    return field(default=None, metadata={"nested": kind, "doc": doc})


@dataclass(frozen=True, slots=True)
class Program:
    """The optional `[program]` table."""

    name: str | None = key(rules.text, _TEXT, "Programme name, shown in titles and reports.", None)
    region: str | None = key(rules.text, _TEXT, "Region, shown in titles and reports.", None)
    source: str | None = key(
        rules.text, _TEXT, "Citation of the report the figures come from.", None
    )
    lang: str | None = key(
        rules.choice(rules.LANGS),
        _choice(rules.LANGS),
        'Default output language: "vi" or "en".',
        None,
    )
    # None when the file does not set it (JSON lists only the keys the file sets); evaluation
    # then uses rules.NEAR_PCT.
    near_pct: float | None = key(
        rules.near_pct,
        {"type": "number", "minimum": 0, "maximum": 100},
        "How close to plan (percent of the plan) counts as near. Default 5.",
        None,
    )
    year: int | None = key(
        rules.year, _YEAR, "The reporting year: the default year of every command.", None
    )
    name_en: str | None = key(
        rules.text, _TEXT, "English programme name, shown with --lang en.", None
    )
    region_en: str | None = key(rules.text, _TEXT, "English region, shown with --lang en.", None)
    # Version 3, units (SPEC §12.3).
    district_rule: dict[str, dict[str, int | float]] | None = key(
        rules.district_rule,
        {
            "type": "object",
            "description": "district standard = { commune standard = minimum % of its communes }",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": {"type": "number", "minimum": 0, "maximum": 100},
            },
        },
        "When a district qualifies by its communes (QĐ 320/QĐ-TTg: "
        "{ ntm = { ntm = 100, advanced = 10 } }).",
        None,
    )
    buckets: tuple[int, ...] | None = key(
        rules.buckets,
        {
            "type": "array",
            "items": {"type": "integer", "minimum": 1},
            "description": "lower edges of the buckets of criteria met, largest first",
        },
        "Lower edges of the buckets of criteria met, strictly descending, each below the "
        "number of criteria. Default [15, 10, 5].",
        None,
    )

    # --- the Word annex's heading block (SPEC §14) ---
    agency: str | tuple[str, ...] | None = key(
        rules.agency,
        {"anyOf": [_NAME, {"type": "array", "items": _NAME, "minItems": 1, "maxItems": 2}]},
        "The issuing body, or [parent body, issuing body]: the heading of a Word report.",
        None,
    )
    place: str | None = key(
        rules.name, _NAME, 'Where the report is issued: "<place>, ngày … tháng … năm …".', None
    )


@dataclass(frozen=True, slots=True)
class Baseline:
    """Where the target started: `baseline = { year = 2015, value = 46.0 }`."""

    year: int = key(rules.year, _YEAR, "Year of the baseline, 1900–2100.")
    value: Value = key(rules.value, _NUMBER_OR_BOOL, "Value in that year.")


# --- Version 3: units, standards, criteria and roll-up targets (SPEC §12) -------------------

_ID = {"type": "string", "pattern": rules.ID_PATTERN}
_CRITERION = {"type": "integer", "minimum": rules.CRITERION_MIN, "maximum": rules.CRITERION_MAX}
_STANDARD_YEARS = {
    "type": "object",
    "description": "standard id = year",
    "propertyNames": {"pattern": rules.ID_PATTERN},
    "additionalProperties": _YEAR,
}
MEASURES = ("standard", "criterion", "criteria_min", "average")


@dataclass(frozen=True, slots=True)
class Rollup:
    """`rollup = { of = "commune", standard = "ntm" }`: the target's actuals are counted from
    the units (SPEC §12.2). Exactly one measure: `standard`, `criterion`, `criteria_min` or
    `average`. Keys the file leaves out are None."""

    of: str = key(
        rules.choice(rules.UNIT_KINDS),
        _choice(rules.UNIT_KINDS),
        'The units counted: "commune" or "district".',
    )
    standard: str | None = key(
        rules.target_id, _ID, "Units recognised at this standard by the end of the year.", None
    )
    new: bool | None = key(
        rules.flag,
        {"type": "boolean"},
        "With standard: only the units recognised in the year.",
        None,
    )
    criterion: int | None = key(
        rules.criterion_id, _CRITERION, "Units that met this criterion in the year.", None
    )
    criteria_min: int | None = key(
        rules.criterion_id, _CRITERION, "Units that met at least this many criteria.", None
    )
    average: str | None = key(
        rules.choice(rules.ROLLUP_AVERAGES),
        _choice(rules.ROLLUP_AVERAGES),
        'The mean number of criteria met per unit: "criteria".',
        None,
    )
    as_: str | None = key(
        rules.choice(rules.ROLLUP_AS),
        _choice(rules.ROLLUP_AS),
        '"count" (default) or "percent" of the units in scope (not with average).',
        None,
        alias="as",
    )
    within: str | None = key(
        rules.target_id, _ID, 'A district\'s id: its communes only (with of = "commune").', None
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


def rollup_check(target: Target) -> None:
    """SPEC §12.1: a roll-up target has no actual, estimate or total (they are counted from
    the units), and its plan values are numbers or ranges."""
    assert target.rollup is not None
    target.rollup.check()
    for name_ in ("actual", "estimate", "ytd", "ytd_estimate"):
        if getattr(target, name_):
            raise RuleError(
                "rollup_typed",
                "a roll-up target's values are counted from the units; remove {key}",
                key=name_,
                field=name_,
            )
    if target.total is not None:
        raise RuleError(
            "rollup_typed",
            "a roll-up target's values are counted from the units; remove {key}",
            key="total",
            field="total",
        )
    for year_, value in target.plan.items():
        if isinstance(value, bool):
            raise RuleError(
                "rollup_plan_bool",
                "a roll-up target's plan is a number or a range, got {got}",
                got="true" if value else "false",
                field=f"plan.{year_}",
            )
    if target.baseline is not None and isinstance(target.baseline.value, bool):
        raise RuleError(
            "rollup_plan_bool",
            "a roll-up target's plan is a number or a range, got {got}",
            got="true" if target.baseline.value else "false",
            field="baseline.value",
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

    id: str = key(rules.target_id, _ID, "Unique among standards: [a-z0-9][a-z0-9._-]*.")
    name: str = key(rules.name, _NAME, "Name, such as Đạt chuẩn nông thôn mới.")
    name_en: str | None = key(rules.name, _NAME, "English name, shown with --lang en.", None)


@dataclass(frozen=True, slots=True)
class Criterion:
    """One `[[criterion]]`: what units of a kind are assessed against."""

    id: int = key(rules.criterion_id, _CRITERION, "Its number, 1–99, unique within its kind.")
    name: str = key(rules.name, _NAME, "Name, such as Quy hoạch.")
    name_en: str | None = key(rules.name, _NAME, "English name, shown with --lang en.", None)
    group: str | None = key(rules.text, _TEXT, "Group of criteria.", None)
    group_en: str | None = key(rules.text, _TEXT, "English group.", None)
    kind: str = key(
        rules.choice(rules.UNIT_KINDS),
        _choice(rules.UNIT_KINDS),
        'The units assessed against it: "commune" (default) or "district".',
        "commune",
    )


@dataclass(frozen=True, slots=True)
class Unit:
    """One `[[unit]]`: a commune or a district, its recognitions and its assessments."""

    id: str = key(rules.target_id, _ID, "Unique among targets and units together.")
    name: str = key(rules.name, _NAME, "Name, such as Xã Nhơn Ái.")
    kind: str = key(
        rules.choice(rules.UNIT_KINDS), _choice(rules.UNIT_KINDS), '"commune" or "district".'
    )
    name_en: str | None = key(rules.name, _NAME, "English name, shown with --lang en.", None)
    parent: str | None = key(rules.target_id, _ID, "The district a commune belongs to.", None)
    recognised: dict[str, int] = key(
        rules.standard_years,
        _STANDARD_YEARS,
        "Standard = the year the recognition counts for.",
        table=True,
    )
    revoked: dict[str, int] = key(
        rules.standard_years,
        _STANDARD_YEARS,
        "Standard = the year it was withdrawn (withdraws every higher standard too).",
        table=True,
    )
    unmet: dict[int, tuple[int, ...]] = key(
        rules.unmet_table,
        _year_table({"type": "array", "items": _CRITERION, "uniqueItems": True}),
        "Year = the criteria NOT met that year ([] = all met).",
        table=True,
    )
    met_count: dict[int, int] = key(
        rules.met_count_table,
        _year_table({"type": "integer", "minimum": 0}),
        "Year = how many criteria were met, where which is unknown.",
        table=True,
    )
    from_: int | None = key(
        rules.year, _YEAR, "The first year the unit exists.", None, alias="from"
    )
    until: int | None = key(rules.year, _YEAR, "The last year the unit exists.", None)
    note: str | None = key(rules.note, _NOTE, "Free text; may hold line breaks.", None)


@dataclass(frozen=True, slots=True)
class Target:
    """One `[[target]]`: a planned and reported figure, year by year."""

    id: str = key(
        rules.target_id,
        {"type": "string", "pattern": rules.ID_PATTERN},
        "Unique id: [a-z0-9][a-z0-9._-]*.",
    )
    name: str = key(rules.name, _NAME, "Name (one line), in Vietnamese or the file's language.")
    name_en: str | None = key(rules.name, _NAME, "English name, shown with --lang en.", None)
    group: str | None = key(
        rules.text, _TEXT, "Section heading; groups keep first-use order.", None
    )
    group_en: str | None = key(rules.text, _TEXT, "English section heading.", None)
    unit: str | None = key(rules.text, _TEXT, 'Unit; "%" marks a rate (deltas in points).', None)
    unit_en: str | None = key(rules.text, _TEXT, "English unit.", None)
    direction: str = key(
        rules.choice(rules.DIRECTIONS),
        _choice(rules.DIRECTIONS),
        '"increase" (more is better, default) or "decrease".',
        "increase",
    )
    plan: dict[int, PlanValue] = key(
        rules.plan_table,
        _year_table({"anyOf": [_NUMBER_OR_BOOL, _RANGE]}),
        "Planned value by year: a number, true/false, or a range [low, high].",
        table=True,
    )
    actual: dict[int, Value] = key(
        rules.reported_table, _year_table(_NUMBER_OR_BOOL), "Reported value by year.", table=True
    )
    estimate: dict[int, Value] = key(
        rules.reported_table,
        _year_table(_NUMBER_OR_BOOL),
        "Estimated value by year (ước thực hiện), until the official figure is reported.",
        table=True,
    )
    # --- Year-to-date figures (SPEC §13) ---
    ytd: dict[str, Number] = key(
        rules.period_table,
        _PERIODS,
        'Year-to-date figure (lũy kế) by period "YYYY-MM": 1 January to the end of the month. '
        "Not for yes/no targets, rates (unit %) or roll-up targets.",
        table=True,
    )
    ytd_estimate: dict[str, Number] = key(
        rules.period_table,
        _PERIODS,
        'Estimated year-to-date figure (ước thực hiện) by period "YYYY-MM", until the '
        "reported one.",
        table=True,
    )
    # --- end of year-to-date figures ---
    baseline: Baseline | None = nested(Baseline, "Where the target started.")
    total: int | float | None = key(
        rules.total,
        {"type": "number", "exclusiveMinimum": 0},
        "The whole, for counts: shown as 36/36.",
        None,
    )
    near_pct: float | None = key(
        rules.near_pct,
        {"type": "number", "minimum": 0, "maximum": 100},
        "Overrides [program].near_pct.",
        None,
    )
    gate: str = key(
        rules.choice(rules.GATES),
        _choice(rules.GATES),
        'What a miss does in ntm check: "error", "warn" or "off".',
        "error",
    )
    source: str | None = key(rules.text, _TEXT, "Citation.", None)
    note: str | None = key(rules.note, _NOTE, "Free text; may hold line breaks.", None)
    rollup: Rollup | None = nested(
        Rollup, "Version 3: the actuals are counted from the units (SPEC §12.2)."
    )
    # Not a key of the file: what `units.resolve` counted for a roll-up target.
    counted: Counted | None = field(default=None, compare=False, metadata={"internal": True})

    def reported(self, year: int) -> tuple[Value | None, bool]:
        """The figure for `year` and whether it is an estimate: the actual where there is
        one, else the estimate (SPEC §1), else (None, False)."""
        found = self.actual.get(year)
        if found is not None:
            return found, False
        found = self.estimate.get(year)
        return found, found is not None

    def reported_years(self) -> list[int]:
        """Years with an actual or an estimate, ascending."""
        return sorted({*self.actual, *self.estimate})

    def check(self) -> None:
        """The rules that span several keys of one target (RuleError)."""
        # A range counts as a number, so a range on a yes/no target is refused here too.
        tables: dict[str, dict[Any, Any]] = {
            "plan": self.plan,
            "actual": self.actual,
            "estimate": self.estimate,
        }
        if self.baseline is not None:
            tables["baseline"] = {"value": self.baseline.value}
        rules.one_kind(tables)
        rules.accumulates(
            self.ytd,
            self.ytd_estimate,
            [*self.plan.values(), *self.actual.values(), *self.estimate.values()],
            self.unit,
        )
        if self.rollup is not None:
            rollup_check(self)

    def period_figure(self, period: str) -> tuple[Number | None, bool]:
        """The year-to-date figure for `period` ("YYYY-MM") and whether it is an estimate:
        `ytd` where there is one, else `ytd_estimate` (SPEC §13), else (None, False)."""
        found = self.ytd.get(period)
        if found is not None:
            return found, False
        found = self.ytd_estimate.get(period)
        return found, found is not None

    def periods(self) -> list[str]:
        """Periods with a year-to-date figure or estimate, ascending."""
        return sorted({*self.ytd, *self.ytd_estimate})


@dataclass(frozen=True, slots=True)
class Document:
    """A whole valid `targets.toml`."""

    target: list[Target]
    program: Program = field(default_factory=Program)
    # Version 3 (SPEC §12): empty when the file has none.
    standard: list[Standard] = field(default_factory=list)
    criterion: list[Criterion] = field(default_factory=list)
    unit: list[Unit] = field(default_factory=list)

    def years(self) -> list[int]:
        """Every year that has a plan, an actual or an estimate in some target, ascending."""
        found: set[int] = set()
        for target in self.target:
            found.update(target.plan)
            found.update(target.actual)
            found.update(target.estimate)
        return sorted(found)

    def periods(self) -> list[str]:
        """Every period ("YYYY-MM") that has a year-to-date figure in some target, ascending."""
        found: set[str] = set()
        for target in self.target:
            found.update(target.ytd)
            found.update(target.ytd_estimate)
        return sorted(found)
