"""`ntm outlook` (SPEC §8): how far along each target is toward its period target, and whether
the pace so far reaches it by the deadline.

Pure functions over the model: no I/O, no typer, no rich. The pace ratio is the Open SDG
progress measure (sdg-build's `sdg/ProgressMeasure.py`, after Statistics Canada): observed
pace over required pace, with the thresholds 0.95, 0.6 and 0.

Straight-line figures are exact: they are rational in the values as written (Fraction), so
20 − 8 = 12 and a reach year is never a year late through rounding. Compound growth needs
roots; it is computed with 40 significant digits (Decimal), and the sign of the pace, which
decides `deterioration`, and the reach year are decided exactly all the same (see `_reaches_after`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Context, Decimal
from fractions import Fraction
from typing import Literal

from ntm_cli.data import Document, PlanValue, Program, Range, Target, Value
from ntm_cli.errors import NtmError, Problem
from ntm_cli.evaluate import default_year, known_year, reaches

Outlook = Literal[
    "achieved",
    "on-track",
    "acceleration-needed",
    "limited-progress",
    "deterioration",
    "missed",
    "insufficient-data",
]
OUTLOOKS: tuple[Outlook, ...] = (
    "achieved",
    "on-track",
    "acceleration-needed",
    "limited-progress",
    "deterioration",
    "missed",
    "insufficient-data",
)
Method = Literal["cagr", "linear"]

ON_TRACK = Decimal("0.95")
ACCELERATION_NEEDED = Decimal("0.6")
# Years run 1900–2100 in the file (SPEC §1); a projection that needs longer is "not at this pace".
LAST_YEAR = 2100

_ROOTS = Context(prec=40)


@dataclass(frozen=True)
class Point:
    year: int
    value: Value
    estimated: bool = False


@dataclass(frozen=True)
class OutlookRecord:
    """One target's outlook: the JSON record of SPEC §8."""

    index: int  # position of the target in the file
    target: Target
    to_year: int
    plan: PlanValue  # plan[T] as written: a range stays a Range
    start: Point | None
    current: Point | None
    outlook: Outlook
    method: Method | None
    pace: float | None
    progress_pct: float | None
    ratio: float | None
    projected: float | None
    reach_year: int | None


@dataclass(frozen=True)
class OutlookReport:
    file: str
    program: Program
    year: int | None
    to_year: int | None
    records: list[OutlookRecord]

    @property
    def summary(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(OUTLOOKS, 0)
        for record in self.records:
            counts[record.outlook] += 1
        return counts


def plan_bound(plan: PlanValue, target: Target) -> Value:
    """P: a single plan as it is; of a range, the bound a value must reach (low for
    `increase`, high for `decrease`), as SPEC §2 reads "reaches"."""
    if isinstance(plan, Range):
        return plan.high if target.direction == "decrease" else plan.low
    return plan


def current_point(target: Target, year: int, to_year: int) -> Point | None:
    """The latest year ≤ min(Y, T) with an actual or an estimate (the actual wins)."""
    last = min(year, to_year)
    years = [y for y in target.reported_years() if y <= last]
    if not years:
        return None
    value, estimated = target.reported(years[-1])
    assert value is not None
    return Point(years[-1], value, estimated)


def start_point(target: Target, current: Point) -> Point | None:
    """The baseline if its year is before t; else the earliest actual or estimate before t."""
    baseline = target.baseline
    if baseline is not None and baseline.year < current.year:
        return Point(baseline.year, baseline.value)
    years = [y for y in target.reported_years() if y < current.year]
    if not years:
        return None
    value, estimated = target.reported(years[0])
    assert value is not None
    return Point(years[0], value, estimated)


def _exact(value: int | float) -> Fraction:
    # repr is the shortest text that reads back as the same double: the number as written.
    return Fraction(value) if isinstance(value, int) else Fraction(repr(value))


def _number(value: Value) -> Fraction | None:
    return None if isinstance(value, bool) else _exact(value)


def _float(value: Fraction | Decimal) -> float | None:
    try:
        result = float(value)
    except OverflowError:
        return None
    return result if math.isfinite(result) else None


def _better(a: Fraction, p: Fraction, increase: bool) -> bool:
    return a >= p if increase else a <= p


@dataclass(frozen=True)
class _Pace:
    method: Method
    ratio: Decimal | Fraction  # R, observed pace over required pace
    projected: Fraction | Decimal | None
    reach_year: int | None


def _linear(b: int, bv: Fraction, t: int, a: Fraction, to: int, p: Fraction) -> _Pace:
    slope = (a - bv) / (t - b)
    # P ≠ B and T > b here (the rows above the pace rows see to it): required is never 0.
    required = (p - bv) / (to - b)
    reach: int | None = None
    if slope != 0 and (p - a) / slope > 0:
        years = math.ceil((p - a) / slope)
        reach = t + years if years <= LAST_YEAR - t else None
    return _Pace("linear", slope / required, a + slope * (to - t), reach)


def _reaches_after(
    years: int, b: int, bv: Fraction, t: int, a: Fraction, p: Fraction, increase: bool
) -> bool:
    """Whether A × (A / B)^(years / (t − b)) reaches P, decided exactly: both sides are
    positive, so raise them to the power t − b and compare (A / B)^years with (P / A)^(t − b)."""
    grown, needed = (a / bv) ** years, (p / a) ** (t - b)
    return _better(grown, needed, increase)


def _cagr(b: int, bv: Fraction, t: int, a: Fraction, to: int, p: Fraction, increase: bool) -> _Pace:
    context = _ROOTS
    db, da, dp = (context.divide(Decimal(x.numerator), Decimal(x.denominator)) for x in (bv, a, p))
    # power() gives an exact result where there is one ((P / B)^(1/2) = 2 for P / B = 4), so
    # a pace on a threshold falls on the side the exact figures put it.
    growth = context.power(context.divide(da, db), context.divide(Decimal(1), Decimal(t - b)))
    observed = context.subtract(growth, Decimal(1))
    to_power = context.divide(Decimal(1), Decimal(to - b))
    required = context.subtract(context.power(context.divide(dp, db), to_power), Decimal(1))
    # P ≠ B is seen within 40 digits for any two values a file can hold, so required ≠ 0;
    # the sign of R, which decides `deterioration`, is taken from the exact values.
    ratio = abs(context.divide(observed, required)) if a != bv else Decimal(0)
    if (a - bv) * (p - bv) < 0:
        ratio = -ratio
    projected = context.multiply(da, context.power(growth, Decimal(to - t)))
    reach: int | None = None
    if _better(a, bv, increase) and a != bv:  # growing toward P, which A has not reached
        estimate = context.divide(context.ln(context.divide(dp, da)), context.ln(growth))
        years = max(1, math.ceil(estimate)) if estimate <= LAST_YEAR - t + 1 else None
        # The estimate carries 40 digits; the exact test settles a year on the boundary.
        while years is not None and years > 1:
            if not _reaches_after(years - 1, b, bv, t, a, p, increase):
                break
            years -= 1
        while years is not None and not _reaches_after(years, b, bv, t, a, p, increase):
            years = years + 1 if years < LAST_YEAR - t else None
        reach = t + years if years is not None and years <= LAST_YEAR - t else None
    return _Pace("cagr", ratio, projected, reach)


def _class(ratio: Decimal | Fraction) -> Outlook:
    if ratio >= ON_TRACK:
        return "on-track"
    if ratio >= ACCELERATION_NEEDED:
        return "acceleration-needed"
    if ratio >= 0:
        return "limited-progress"
    return "deterioration"


def outlook_target(
    target: Target, index: int, year: int, to_year: int | None = None
) -> OutlookRecord | None:
    """The outlook of one target at report year `year`; None when it is left out (no plan
    year ≥ `year`, or with `to_year`, no plan for `to_year`)."""
    if to_year is None:
        if not target.plan or max(target.plan) < year:
            return None
        to = max(target.plan)
    elif to_year in target.plan:
        to = to_year
    else:
        return None
    plan = target.plan[to]
    p = plan_bound(plan, target)
    current = current_point(target, year, to)
    start = start_point(target, current) if current is not None else None

    def record(
        outlook: Outlook,
        pace: _Pace | None = None,
        progress: float | None = None,
        ratio: float | None = None,
    ) -> OutlookRecord:
        return OutlookRecord(
            index=index,
            target=target,
            to_year=to,
            plan=plan,
            start=start,
            current=current,
            outlook=outlook,
            method=pace.method if pace else None,
            pace=_float(pace.ratio) if pace else None,
            progress_pct=progress,
            ratio=ratio,
            projected=_float(pace.projected) if pace and pace.projected is not None else None,
            reach_year=pace.reach_year if pace else None,
        )

    if current is None:
        return record("insufficient-data")
    a = _number(current.value)
    pv = _number(p)
    bv = _number(start.value) if start is not None else None
    progress: float | None = None
    ratio: float | None = None
    if a is not None and pv is not None:
        ratio = _float(a / pv) if pv != 0 else None
        if bv is not None and pv != bv:
            progress = _float((a - bv) / (pv - bv) * 100)
    if reaches(current.value, p, target):
        return record("achieved", progress=progress, ratio=ratio)
    if current.year >= to:
        return record("missed", progress=progress, ratio=ratio)
    if a is None or pv is None or bv is None or start is None:
        # Yes/no targets end here: a pace between "no" and "yes" means nothing.
        return record("insufficient-data", progress=progress, ratio=ratio)
    if _better(bv, pv, target.direction != "decrease"):
        # B reaches P and A does not: the start had met the target, the current value no
        # longer does. This row also takes P = B, where the required pace would be zero and R
        # undefined.
        return record("deterioration", progress=progress, ratio=ratio)
    b, t = start.year, current.year
    if bv > 0 and a > 0 and pv > 0:
        pace = _cagr(b, bv, t, a, to, pv, target.direction != "decrease")
    else:
        pace = _linear(b, bv, t, a, to, pv)
    return record(_class(pace.ratio), pace, progress, ratio)


def outlook(
    doc: Document, file: str, year: int | None = None, to_year: int | None = None
) -> OutlookReport:
    """Every target of `doc` that has a plan to look toward, at report year `year` (default:
    the default year of SPEC §2), toward `to_year` (default: each target's last plan year)."""
    if year is None:
        year = default_year(doc)
    if year is not None:
        known_year(doc, year, file)
    if to_year is not None:
        _check_to_year(doc, to_year, file)
    records: list[OutlookRecord] = []
    if year is not None:
        for index, target in enumerate(doc.target):
            found = outlook_target(target, index, year, to_year)
            if found is not None:
                records.append(found)
    return OutlookReport(file, doc.program, year, to_year, records)


def _check_to_year(doc: Document, to_year: int, file: str) -> None:
    planned = sorted({y for t in doc.target for y in t.plan})
    if to_year in planned:
        return
    if not planned:
        raise NtmError([Problem("no_plans_in_file", {"year": to_year}, file=file)])
    years = ", ".join(str(y) for y in planned)
    raise NtmError([Problem("no_plan_for_year", {"year": to_year, "years": years}, file=file)])
