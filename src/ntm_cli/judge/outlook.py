"""`ntm outlook` (SPEC §8): how far along each target is toward its period target, and whether
the pace so far reaches it by the deadline.

Pure functions over the model: no I/O, no typer, no rich. The pace ratio is the Open SDG
progress measure (sdg-build's `sdg/ProgressMeasure.py`, after Statistics Canada): observed
pace over required pace, with the thresholds 0.95, 0.6 and 0.

Straight-line figures are exact: they are rational in the values as written (Fraction), so
20 − 8 = 12 and a reach year is never a year late through rounding. Compound growth needs
roots; it is computed with 40 significant digits (Decimal), and the sign of the pace, which
decides `deterioration`, and the reach year are decided exactly all the same (see `_reaches_after`).

That exact way costs ~200 µs a target. Most targets are decided in floats instead (`_fast`),
which hands a target to the exact way whenever a class or a reach year lies too close to its
boundary for floats to be sure; the figures then agree to 12 significant digits or better.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from decimal import Context, Decimal
from fractions import Fraction
from typing import Literal, get_args

from ntm_cli.errors import NtmError, Problem
from ntm_cli.judge.evaluate import counted, counted_at, reaches, report_year
from ntm_cli.judge.facts import total_of
from ntm_cli.targets_file.data import Document, PlanValue, Program, Range, Target, Value
from ntm_cli.targets_file.rules import exact

Outlook = Literal[
    "achieved",
    "on-track",
    "acceleration-needed",
    "limited-progress",
    "deterioration",
    "missed",
    "insufficient-data",
    "no-target",
]
OUTLOOKS: tuple[Outlook, ...] = get_args(Outlook)  # best first: the order of every summary
Method = Literal["cagr", "linear"]
# How a target without a period target moves on its own (SPEC §8, version 3).
Trend = Literal[
    "substantial-progress",
    "moderate-progress",
    "limited-progress",
    "deterioration",
    "insufficient-data",
]
TRENDS: tuple[Trend, ...] = get_args(Trend)

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
    to_year: int | None  # None for `no-target`
    plan: PlanValue | None  # plan[T] as written: a range stays a Range; None for `no-target`
    start: Point | None
    current: Point | None
    outlook: Outlook
    method: Method | None
    pace: float | None
    progress_pct: float | None
    ratio: float | None
    projected: float | None
    reach_year: int | None
    trend: Trend | None = None  # for a `no-target` record only


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


@dataclass(frozen=True, slots=True)
class _Decision:
    """The part of a record that arithmetic decides."""

    outlook: Outlook
    progress: float | None = None
    ratio: float | None = None
    method: Method | None = None
    pace: float | None = None
    projected: float | None = None
    reach_year: int | None = None


def outlook_target(
    target: Target, index: int, year: int, to_year: int | None = None, *, exact: bool = False
) -> OutlookRecord | None:
    """The outlook of one target at report year `year`; None when it is left out (no plan
    year ≥ `year`, or with `to_year`, no plan for `to_year`).

    Figures are computed in floats where that is safe to decide, else exactly (`_fast`);
    `exact` computes every target the exact way (the tests compare the two)."""
    plans = target.plan
    if to_year is None:
        if not plans or max(plans) < year:
            return _no_target(target, index, year)
        to = max(plans)
    elif to_year in plans:
        to = to_year
    else:
        return None
    plan = plans[to]
    p = plan_bound(plan, target)
    current = current_point(target, year, to)
    start = start_point(target, current) if current is not None else None
    if current is None:
        decision = _Decision("insufficient-data")
    else:
        found = None if exact else _fast(target, current, start, to, p)
        decision = found or _decide_exact(target, current, start, to, p)
        decision = _exact_figures(decision, target, current, start, to, p)
    return OutlookRecord(
        index=index,
        target=target,
        to_year=to,
        plan=plan,
        start=start,
        current=current,
        outlook=decision.outlook,
        method=decision.method,
        pace=decision.pace,
        progress_pct=decision.progress,
        ratio=decision.ratio,
        projected=decision.projected,
        reach_year=decision.reach_year,
    )


def _exact_figures(
    decision: _Decision, target: Target, current: Point, start: Point | None, to: int, p: Value
) -> _Decision:
    """The figures that are rational in the values as written, exactly, rounded once to a
    double (SPEC §7: no 212.50000000000009): progress, ratio, and for straight lines the
    pace and projection; then the projection of a count capped at its total (SPEC §8)."""
    a, pv = _number(current.value), _number(p)
    bv = _number(start.value) if start is not None else None
    progress, ratio, pace, projected = (
        decision.progress,
        decision.ratio,
        decision.pace,
        decision.projected,
    )
    if a is not None and pv is not None:
        if ratio is not None and pv != 0:
            ratio = _float(a / pv)
        if progress is not None and bv is not None and pv != bv:
            progress = _float((a - bv) / (pv - bv) * 100)
        if start is not None and bv is not None and decision.method is not None:
            t, b = current.year, start.year
            if decision.method == "linear" and pv != bv:
                slope = (a - bv) / (t - b)
                pace = _float(slope / ((pv - bv) / (to - b)))
                projected = _float(a + slope * (to - t))
            elif (to - t) % (t - b) == 0 and (to - t) // (t - b) <= _WHOLE_POWERS and bv != 0:
                projected = _float(a * (a / bv) ** ((to - t) // (t - b)))
    total = total_of(target, current.year)
    if projected is not None and total is not None and projected > total:
        projected = float(total)
    return dataclasses.replace(
        decision, progress=progress, ratio=ratio, pace=pace, projected=projected
    )


# A projection A × (A / B)^k is rational for a whole k; past this power its digits cost more
# than they say.
_WHOLE_POWERS = 20


# Open SDG's thresholds for a series without a target: annual growth of 1.5 % and 0.5 %.
SUBSTANTIAL = Fraction(15, 1000)
MODERATE = Fraction(5, 1000)


def _no_target(target: Target, index: int, year: int) -> OutlookRecord | None:
    """SPEC §8, version 3: a numeric target with a current point and no plan year ≥ Y is
    `no-target`; its `trend` classes its own direction of travel as Open SDG does without a
    target. Left out (None) when it is yes/no or has no figure up to Y."""
    if any(isinstance(v, bool) for v in (*target.actual.values(), *target.estimate.values())):
        return None
    current = current_point(target, year, year)
    if current is None:
        return None
    start = start_point(target, current)
    growth = _growth(target, current, start)
    return OutlookRecord(
        index=index,
        target=target,
        to_year=None,
        plan=None,
        start=start,
        current=current,
        outlook="no-target",
        method=None,
        pace=None if growth is None else _float(growth),
        progress_pct=None,
        ratio=None,
        projected=None,
        reach_year=None,
        trend=_trend(growth),
    )


def _growth(target: Target, current: Point, start: Point | None) -> Fraction | Decimal | None:
    """g: the observed annual growth from the start point (compound when both values are > 0,
    else the straight-line slope over abs(B)), negated for `decrease`; None when B = 0 or
    there is no start point."""
    if start is None:
        return None
    a, bv = _number(current.value), _number(start.value)
    if a is None or bv is None or bv == 0:
        return None
    years = current.year - start.year
    growth: Fraction | Decimal
    if a > 0 and bv > 0:
        context = _ROOTS
        quotient = context.divide(
            Decimal(a.numerator * bv.denominator), Decimal(a.denominator * bv.numerator)
        )
        root = context.power(quotient, context.divide(Decimal(1), Decimal(years)))
        growth = context.subtract(root, Decimal(1))
    else:
        growth = (a - bv) / years / abs(bv)
    return -growth if target.direction == "decrease" else growth


def _trend(growth: Fraction | Decimal | None) -> Trend:
    if growth is None:
        return "insufficient-data"
    g = Fraction(growth)
    if g >= SUBSTANTIAL:
        return "substantial-progress"
    if g >= MODERATE:
        return "moderate-progress"
    if g >= 0:
        return "limited-progress"
    return "deterioration"


def _decide_exact(
    target: Target, current: Point, start: Point | None, to: int, p: Value
) -> _Decision:
    """SPEC §8's table on the values as written: rationals, and 40 digits for the roots."""
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
        return _Decision("achieved", progress, ratio)
    if current.year >= to:
        return _Decision("missed", progress, ratio)
    if a is None or pv is None or bv is None or start is None:
        # Yes/no targets end here: a pace between "no" and "yes" means nothing.
        return _Decision("insufficient-data", progress, ratio)
    if _better(bv, pv, target.direction != "decrease"):
        # B reaches P and A does not: the start had met the target, the current value no
        # longer does. This row also takes P = B, where the required pace would be zero and R
        # undefined.
        return _Decision("deterioration", progress, ratio)
    b, t = start.year, current.year
    if bv > 0 and a > 0 and pv > 0:
        pace = _cagr(b, bv, t, a, to, pv, target.direction != "decrease")
    else:
        pace = _linear(b, bv, t, a, to, pv)
    projected = _float(pace.projected) if pace.projected is not None else None
    return _Decision(
        _class(pace.ratio),
        progress,
        ratio,
        pace.method,
        _float(pace.ratio),
        projected,
        pace.reach_year,
    )


# --- the fast way ------------------------------------------------------------------------
#
# The exact way costs ~200 µs a target (Decimal roots and logarithms, Fractions), two seconds
# on a national file. Floats cost ~10 µs and are as good wherever the figures do not sit on a
# decision. Differences are taken from the decimals where digits would be lost, ratios near 1
# go through log1p and expm1, so R and the years to P are within ~1e-11 (relative) of the
# exact figures even for values of 1e±100, and within ~1e-15 for the values reports hold. A
# class or a reach year is taken from floats only when the float lies further than MARGIN
# from the boundary; closer, `_fast` says None and the exact way decides. Comparisons between
# values are the same either way: the shortest repr of a double is increasing in the double,
# and integers up to 2**53 are doubles exactly.

MARGIN = 1e-9
_SAFE_INT = 2**53
# Beyond these magnitudes an exponent or a difference could leave the double range.
_SMALLEST, _LARGEST = 1e-100, 1e100
# A float difference of two values less than 1 % apart loses digits to the binary form of
# the values; then it is taken from the decimals as written.
_CLOSE = 0.01
_DIFFERENCES = Context(prec=60)
_ON_TRACK, _ACCELERATION_NEEDED = float(ON_TRACK), float(ACCELERATION_NEEDED)


def _plain(value: Value) -> bool:
    """A number the fast way takes: an int that is a double exactly, a float far from the
    ends of the double range."""
    kind = type(value)
    if kind is int:
        return -_SAFE_INT <= value <= _SAFE_INT
    if kind is float:
        return value == 0 or _SMALLEST <= abs(value) <= _LARGEST
    return False


def _difference(x: int | float, y: int | float) -> float:
    """x − y of the values as written, correctly rounded or within 1e-14 of it."""
    if type(x) is int and type(y) is int:
        return float(x - y)
    d = x - y
    if abs(d) >= _CLOSE * (abs(x) + abs(y)):
        return d
    exact_x, exact_y = exact(x), exact(y)
    return float(_DIFFERENCES.subtract(exact_x, exact_y))


def _log_ratio(x: float, y: float, d: float) -> float:
    """ln(x / y), given d = x − y: log1p keeps the digits of a ratio near 1."""
    q = x / y
    if 0.5 <= q <= 2:
        return math.log1p(d / y)
    return math.log(q)


def _near_year(years: float) -> bool:
    """Whether a fractional count of years is too close to a whole one to round up safely."""
    whole = round(years)
    return whole >= 1 and abs(years - whole) <= MARGIN * years


def _reach(t: int, years: float) -> int | None:
    """The first year after t by which `years` (> 0) of the current pace reach P."""
    whole = max(1, math.ceil(years))
    return t + whole if whole <= LAST_YEAR - t else None


def _fast(
    target: Target, current: Point, start: Point | None, to: int, p: Value
) -> _Decision | None:
    """`_decide_exact` in floats, or None where floats cannot decide it safely (yes/no
    targets, numbers near the ends of the double range, a figure near a boundary)."""
    a = current.value
    if not _plain(a) or not _plain(p):
        return None
    ratio = a / p if p != 0 else None
    increase = target.direction != "decrease"
    progress: float | None = None
    b: int | float = 0
    if start is not None:
        b = start.value
        if not _plain(b):
            return None
        d_ab = _difference(a, b)
        d_pb = _difference(p, b)
        if p != b:
            progress = d_ab * 100 / d_pb
    if (a >= p) if increase else (a <= p):
        return _Decision("achieved", progress, ratio)
    if current.year >= to:
        return _Decision("missed", progress, ratio)
    if start is None:
        return _Decision("insufficient-data", progress, ratio)
    if (b >= p) if increase else (b <= p):
        return _Decision("deterioration", progress, ratio)
    bt, t = start.year, current.year
    method: Method = "cagr" if b > 0 and a > 0 and p > 0 else "linear"
    if a == b:
        # No change: R = 0 exactly, the projection stays at A, and P is never reached.
        return _Decision("limited-progress", progress, ratio, method, 0.0, float(a), None)
    d_pa = _difference(p, a)
    try:
        if method == "cagr":
            pace, projected, years = _fast_cagr(bt, b, t, a, to, p, d_ab, d_pb, d_pa, increase)
        else:
            pace, projected, years = _fast_linear(bt, b, t, a, to, p, d_ab, d_pb, d_pa)
    except (OverflowError, ZeroDivisionError):
        return None
    if abs(pace - _ON_TRACK) <= MARGIN or abs(pace - _ACCELERATION_NEEDED) <= MARGIN:
        return None
    if not math.isfinite(pace) or not math.isfinite(projected):
        return None
    reach: int | None = None
    if years is not None and 0 < years <= LAST_YEAR:
        if _near_year(years):
            return None
        reach = _reach(t, years)
    if pace >= _ON_TRACK:
        outlook: Outlook = "on-track"
    elif pace >= _ACCELERATION_NEEDED:
        outlook = "acceleration-needed"
    else:
        # The sign of R is exact: it is the sign of (A − B)(P − B), and comparisons are.
        outlook = "limited-progress" if pace >= 0 else "deterioration"
    return _Decision(outlook, progress, ratio, method, pace, projected, reach)


def _fast_cagr(
    b: int,
    bv: float,
    t: int,
    a: float,
    to: int,
    p: float,
    d_ab: float,
    d_pb: float,
    d_pa: float,
    increase: bool,
) -> tuple[float, float, float | None]:
    """R, the projection and the years from t to P (None when not growing toward P)."""
    growth = _log_ratio(a, bv, d_ab)  # ln(A / B)
    # One year apart, the observed rate is the ratio itself: no digits lost to a root.
    observed = d_ab / bv if t - b == 1 else math.expm1(growth / (t - b))
    required = math.expm1(_log_ratio(p, bv, d_pb) / (to - b))
    ahead, apart = to - t, t - b
    if ahead % apart == 0:
        # A whole power keeps a projection exact where it is (4 doubling twice is 16).
        projected = a * (a / bv) ** (ahead // apart)
    else:
        projected = a * math.exp(growth * ahead / apart)
    years = None
    if (a > bv) if increase else (a < bv):
        years = _log_ratio(p, a, d_pa) * apart / growth
    return observed / required, projected, years


def _fast_linear(
    b: int, bv: float, t: int, a: float, to: int, p: float, d_ab: float, d_pb: float, d_pa: float
) -> tuple[float, float, float | None]:
    apart = t - b
    pace = d_ab * (to - b) / (d_pb * apart)
    rise = d_ab * (to - t) / apart
    projected = a + rise
    if abs(projected) < _CLOSE * (abs(a) + abs(rise)):
        # A projection near zero is a difference of near-equal terms: take it exactly.
        exact_a, exact_b = _exact(a), _exact(bv)
        projected = float(exact_a + (exact_a - exact_b) * (to - t) / apart)
    return pace, projected, d_pa * apart / d_ab


def outlook(
    doc: Document, file: str, year: int | None = None, to_year: int | None = None
) -> OutlookReport:
    """Every target of `doc` that has a plan to look toward, at report year `year` (default:
    the default year of SPEC §2), toward `to_year` (default: each target's last plan year).
    Roll-up targets look from their counted values (SPEC §12.2)."""
    doc = counted(doc)
    year = report_year(doc, year, file)
    doc = counted_at(doc, year)
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
