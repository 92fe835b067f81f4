"""Figures since the start of the year (SPEC §13): a month's year-to-date figure (*lũy kế*)
against the year's plan, the share of the year gone by, and the same months of the year
before (*cùng kỳ*).

Pure functions over the model: no I/O, no typer, no rich. Every figure is computed on the
values as written in the file, read as decimals: the exact quotient (a `Fraction`) is rounded
once to a double (SPEC §7), so 780 / 1200 × 100 is 65 and 1 / 12 × 100 is the double nearest
to 8.333…, never the rounding of a rounding.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, get_args

from ntm_cli.errors import NtmError, Problem
from ntm_cli.targets_file.data import Document, Number, PlanValue, Program, Range, Target
from ntm_cli.targets_file.rules import exact

PeriodStatus = Literal[
    "completed", "on-pace", "behind", "above-pace", "over-limit", "no-plan", "no-data"
]
PERIOD_STATUSES: tuple[PeriodStatus, ...] = get_args(PeriodStatus)
Verdict = Literal["pass", "warn", "fail", "off"]

# The statuses that fail `check --period` (subject to the target's gate), and the one that warns.
_FAILING = frozenset({"behind", "above-pace", "over-limit"})


@dataclass(frozen=True)
class SamePeriod:
    """The same months of the year before (*cùng kỳ năm trước*)."""

    period: str  # "YYYY-MM" of Y − 1
    value: Number
    estimated: bool
    plan_pct: float | None  # of the plan of Y − 1


@dataclass(frozen=True)
class PeriodRecord:
    """One target judged at one period: the JSON record of SPEC §13."""

    index: int  # position of the target in the file
    target: Target
    period: str
    year: int
    value: Number | None
    estimated: bool
    plan: PlanValue | None  # plan[Y] as written
    plan_pct: float | None
    elapsed_pct: float
    same_period: SamePeriod | None
    change: Number | None
    change_pct: float | None
    ratio_pct: float | None
    status: PeriodStatus
    verdict: Verdict


@dataclass(frozen=True)
class PeriodReport:
    file: str
    program: Program
    period: str
    year: int
    month: int
    strict: bool
    records: list[PeriodRecord]

    @property
    def summary(self) -> dict[str, int]:
        counts: dict[str, int] = {"total": len(self.records)}
        counts.update(dict.fromkeys(PERIOD_STATUSES, 0))
        for record in self.records:
            counts[record.status] += 1
        return counts

    @property
    def passed(self) -> bool:
        return all(record.verdict != "fail" for record in self.records)


def split(period: str) -> tuple[int, int]:
    """ "2024-09" -> (2024, 9)."""
    return int(period[:4]), int(period[5:])


def previous_period(period: str) -> str:
    """The same month of the year before: "2024-09" -> "2023-09"."""
    year, month = split(period)
    return f"{year - 1:04d}-{month:02d}"


def _fraction(value: Number) -> Fraction:
    return Fraction(exact(value))


def _double(value: Fraction) -> float | None:
    """The exact value rounded once to a double; None beyond a double's range."""
    try:
        return float(value)  # int / int in Python rounds correctly, once
    except OverflowError:
        return None


def percent(part: Number, whole: Number) -> float | None:
    """part / whole × 100, exactly, rounded once; None when whole is 0."""
    if whole == 0:
        return None
    return _double(_fraction(part) * 100 / _fraction(whole))


def difference(a: Number, b: Number) -> Number | None:
    """a − b on the values as written: an int for two ints, else the nearest double."""
    if isinstance(a, int) and isinstance(b, int):
        whole = a - b
        return whole if _double(Fraction(whole)) is not None else None
    return _double(_fraction(a) - _fraction(b))


def change_percent(a: Number, b: Number) -> float | None:
    """(a − b) / |b| × 100, exactly, rounded once; None when b is 0."""
    if b == 0:
        return None
    return _double((_fraction(a) - _fraction(b)) * 100 / abs(_fraction(b)))


def reaching_bound(plan: PlanValue, direction: str) -> Number | None:
    """The plan figure a year-to-date value is judged against: for a range, the bound that
    reaches (low for increase, high for decrease); None for a yes/no plan."""
    if isinstance(plan, Range):
        return plan.high if direction == "decrease" else plan.low
    if isinstance(plan, bool):
        return None
    return plan


def elapsed_percent(month: int) -> float:
    """The share of the year gone by at the end of `month`: M / 12 × 100."""
    return float(Fraction(month * 100, 12))


def status_for(
    value: Number | None, plan: Number | None, month: int, direction: str
) -> PeriodStatus:
    """SPEC §13. Increase: `completed` at or past the year's plan, `on-pace` at or past the
    plan's share of the months gone by (P × M / 12), else `behind`. Decrease (the plan is a
    ceiling): `over-limit` above it, `on-pace` at or under its share, else `above-pace`.
    Exact comparisons: 12 × V against M × P."""
    if plan is None:
        return "no-plan" if value is not None else "no-data"
    if value is None:
        return "no-data"
    v, p = _fraction(value), _fraction(plan)
    if direction == "decrease":
        if v > p:
            return "over-limit"
        return "on-pace" if v * 12 <= p * month else "above-pace"
    if v >= p:
        return "completed"
    return "on-pace" if v * 12 >= p * month else "behind"


def verdict_of(status: PeriodStatus, gate: str, strict: bool) -> Verdict:
    """How `check --period` judges a status under a target's gate: `behind`, `above-pace` and
    `over-limit` fail; `no-data` warns (fails with --strict); the rest pass."""
    if gate == "off":
        return "off"
    verdict: Verdict = "pass"
    if status in _FAILING:
        verdict = "fail"
    elif status == "no-data":
        verdict = "fail" if strict else "warn"
    if verdict == "fail" and gate == "warn":
        verdict = "warn"
    return verdict


def _same_period(target: Target, period: str) -> SamePeriod | None:
    before = previous_period(period)
    value, estimated = target.period_figure(before)
    if value is None:
        return None
    plan = target.plan.get(split(before)[0])
    bound = reaching_bound(plan, target.direction) if plan is not None else None
    plan_pct = percent(value, bound) if bound is not None else None
    return SamePeriod(before, value, estimated, plan_pct)


def judge(target: Target, index: int, period: str, strict: bool = False) -> PeriodRecord | None:
    """One target at `period`; None when it is not in the report (no year-to-date figure
    anywhere in the file, or neither a figure for the period nor a plan for its year)."""
    if not target.ytd and not target.ytd_estimate:
        return None
    year, month = split(period)
    value, estimated = target.period_figure(period)
    plan = target.plan.get(year)
    if value is None and plan is None:
        return None
    bound = reaching_bound(plan, target.direction) if plan is not None else None
    same = _same_period(target, period)
    change: Number | None = None
    change_pct: float | None = None
    ratio_pct: float | None = None
    if value is not None and same is not None:
        change = difference(value, same.value)
        change_pct = change_percent(value, same.value)
        ratio_pct = percent(value, same.value)
    status = status_for(value, bound, month, target.direction)
    return PeriodRecord(
        index=index,
        target=target,
        period=period,
        year=year,
        value=value,
        estimated=estimated,
        plan=plan,
        plan_pct=percent(value, bound) if value is not None and bound is not None else None,
        elapsed_pct=elapsed_percent(month),
        same_period=same,
        change=change,
        change_pct=change_pct,
        ratio_pct=ratio_pct,
        status=status,
        verdict=verdict_of(status, target.gate, strict),
    )


def known_period(doc: Document, period: str, file: str | None = None) -> str:
    """`period` if some target has a year-to-date figure for it; else the error naming the
    periods the file has."""
    periods = doc.periods()
    if period in periods:
        return period
    if not periods:
        raise NtmError([Problem("no_periods_in_file", {"period": period}, file=file)])
    params = {"period": period, "periods": ", ".join(periods)}
    raise NtmError([Problem("unknown_period", params, file=file)])


def evaluate_period(doc: Document, file: str, period: str, strict: bool = False) -> PeriodReport:
    """Every target with year-to-date figures, judged at `period`, in file order."""
    known_period(doc, period, file)
    year, month = split(period)
    records = [
        record
        for index, target in enumerate(doc.target)
        if (record := judge(target, index, period, strict)) is not None
    ]
    return PeriodReport(file, doc.program, period, year, month, strict, records)
