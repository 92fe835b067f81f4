"""What a valid targets file holds, as plain frozen dataclasses: what evaluation and the
formats work on. Made by `fastcheck.py` or from the pydantic models (`model.py`), which
define and check the format; importing this costs nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

Value = int | float | bool


@dataclass(frozen=True, slots=True)
class Program:
    name: str | None = None
    region: str | None = None
    source: str | None = None
    lang: str | None = None
    near_pct: float = 5.0


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
    unit: str | None = None
    direction: str = "increase"
    plan: dict[int, Value] = field(default_factory=dict)
    actual: dict[int, Value] = field(default_factory=dict)
    baseline: Baseline | None = None
    total: int | float | None = None
    near_pct: float | None = None
    gate: str = "error"
    source: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A whole valid `targets.toml`."""

    target: list[Target]
    program: Program = field(default_factory=Program)

    def years(self) -> list[int]:
        """Every year that has a plan or an actual value in some target, ascending."""
        found: set[int] = set()
        for target in self.target:
            found.update(target.plan)
            found.update(target.actual)
        return sorted(found)
