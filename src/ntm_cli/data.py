"""What a valid targets file holds, as plain frozen dataclasses: what evaluation and the
formats work on. Made by `fastcheck.py` or from the pydantic models (`model.py`), which
define and check the format; importing this costs nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

Number = int | float
Value = int | float | bool


class Range(NamedTuple):
    """A plan written as a range, "7,5–8 %": `plan = { 2020 = [7.5, 8] }`, low < high.
    A tuple, so that JSON writes it as `[low, high]` as it was written."""

    low: Number
    high: Number


PlanValue = Value | Range


@dataclass(frozen=True, slots=True)
class Program:
    name: str | None = None
    region: str | None = None
    source: str | None = None
    lang: str | None = None
    near_pct: float = 5.0
    year: int | None = None
    name_en: str | None = None
    region_en: str | None = None


@dataclass(frozen=True, slots=True)
class Baseline:
    year: int
    value: Value


@dataclass(frozen=True, slots=True)
class Target:
    id: str
    name: str
    name_en: str | None = None
    group: str | None = None
    group_en: str | None = None
    unit: str | None = None
    unit_en: str | None = None
    direction: str = "increase"
    plan: dict[int, PlanValue] = field(default_factory=dict)
    actual: dict[int, Value] = field(default_factory=dict)
    estimate: dict[int, Value] = field(default_factory=dict)
    baseline: Baseline | None = None
    total: int | float | None = None
    near_pct: float | None = None
    gate: str = "error"
    source: str | None = None
    note: str | None = None

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


@dataclass(frozen=True, slots=True)
class Document:
    """A whole valid `targets.toml`."""

    target: list[Target]
    program: Program = field(default_factory=Program)

    def years(self) -> list[int]:
        """Every year that has a plan, an actual or an estimate in some target, ascending."""
        found: set[int] = set()
        for target in self.target:
            found.update(target.plan)
            found.update(target.actual)
            found.update(target.estimate)
        return sorted(found)
