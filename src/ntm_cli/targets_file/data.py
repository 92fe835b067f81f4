"""The targets file (SPEC §1), declared once: every key of `[program]`, `[[target]]` and
`baseline` is a field below, carrying the rule of `rules.py` that checks it, its JSON Schema
and its description (the keys of units, standards, criteria and `rollup` are declared the same
way in `unit_data.py`; how a key is declared: `keys.py`). Both readers derive from these
declarations: `fastcheck.py` (valid files, without pydantic) and `model.py` (pydantic models
for the located error messages and the JSON Schema). What a valid file holds is then these
plain frozen dataclasses, which evaluation and the formats work on.

Adding an optional key is one field here, plus the code that uses it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ntm_cli.targets_file import rules
from ntm_cli.targets_file.keys import (
    NAME,
    NOTE,
    NUMBER_OR_BOOL,
    PERIODS,
    RANGE,
    TEXT,
    YEAR,
    choice,
    key,
    nested,
    year_table,
)

# The values a file holds are what its rules return: declared with them, in rules.py (which
# cannot import this module), and named here too, as the file's vocabulary.
from ntm_cli.targets_file.rules import Number as Number
from ntm_cli.targets_file.rules import PlanValue as PlanValue
from ntm_cli.targets_file.rules import Range as Range
from ntm_cli.targets_file.rules import RuleError
from ntm_cli.targets_file.rules import Value as Value

if TYPE_CHECKING:
    from ntm_cli.targets_file.unit_data import Counted, Criterion, Rollup, Standard, Unit


@dataclass(frozen=True, slots=True)
class Program:
    """The optional `[program]` table."""

    name: str | None = key(rules.text, TEXT, "Programme name, shown in titles and reports.", None)
    region: str | None = key(rules.text, TEXT, "Region, shown in titles and reports.", None)
    source: str | None = key(
        rules.text, TEXT, "Citation of the report the figures come from.", None
    )
    lang: str | None = key(
        rules.choice(rules.LANGS),
        choice(rules.LANGS),
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
        rules.year, YEAR, "The reporting year: the default year of every command.", None
    )
    name_en: str | None = key(
        rules.text, TEXT, "English programme name, shown with --lang en.", None
    )
    region_en: str | None = key(rules.text, TEXT, "English region, shown with --lang en.", None)
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
        {"anyOf": [NAME, {"type": "array", "items": NAME, "minItems": 1, "maxItems": 2}]},
        "The issuing body, or [parent body, issuing body]: the heading of a Word report.",
        None,
    )
    place: str | None = key(
        rules.name, NAME, 'Where the report is issued: "<place>, ngày … tháng … năm …".', None
    )


@dataclass(frozen=True, slots=True)
class Baseline:
    """Where the target started: `baseline = { year = 2015, value = 46.0 }`."""

    year: int = key(rules.year, YEAR, "Year of the baseline, 1900–2100.")
    value: Value = key(rules.value, NUMBER_OR_BOOL, "Value in that year.")


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
class Target:
    """One `[[target]]`: a planned and reported figure, year by year."""

    id: str = key(
        rules.target_id,
        {"type": "string", "pattern": rules.ID_PATTERN},
        "Unique id: [a-z0-9][a-z0-9._-]*.",
    )
    name: str = key(rules.name, NAME, "Name (one line), in Vietnamese or the file's language.")
    name_en: str | None = key(rules.name, NAME, "English name, shown with --lang en.", None)
    group: str | None = key(rules.text, TEXT, "Section heading; groups keep first-use order.", None)
    group_en: str | None = key(rules.text, TEXT, "English section heading.", None)
    unit: str | None = key(rules.text, TEXT, 'Unit; "%" marks a rate (deltas in points).', None)
    unit_en: str | None = key(rules.text, TEXT, "English unit.", None)
    direction: str = key(
        rules.choice(rules.DIRECTIONS),
        choice(rules.DIRECTIONS),
        '"increase" (more is better, default) or "decrease".',
        "increase",
    )
    plan: dict[int, PlanValue] = key(
        rules.plan_table,
        year_table({"anyOf": [NUMBER_OR_BOOL, RANGE]}),
        "Planned value by year: a number, true/false, or a range [low, high].",
        table=True,
    )
    actual: dict[int, Value] = key(
        rules.reported_table, year_table(NUMBER_OR_BOOL), "Reported value by year.", table=True
    )
    estimate: dict[int, Value] = key(
        rules.reported_table,
        year_table(NUMBER_OR_BOOL),
        "Estimated value by year (ước thực hiện), until the official figure is reported.",
        table=True,
    )
    # --- Year-to-date figures (SPEC §13) ---
    ytd: dict[str, Number] = key(
        rules.period_table,
        PERIODS,
        'Year-to-date figure (lũy kế) by period "YYYY-MM": 1 January to the end of the month. '
        "Not for yes/no targets, rates (unit %) or roll-up targets.",
        table=True,
    )
    ytd_estimate: dict[str, Number] = key(
        rules.period_table,
        PERIODS,
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
        choice(rules.GATES),
        'What a miss does in ntm check: "error", "warn" or "off".',
        "error",
    )
    source: str | None = key(rules.text, TEXT, "Citation.", None)
    note: str | None = key(rules.note, NOTE, "Free text; may hold line breaks.", None)
    rollup: Rollup | None = nested(
        "Rollup", "Version 3: the actuals are counted from the units (SPEC §12.2)."
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
