"""Evaluating targets for a year (SPEC §2) and judging them for the gate (SPEC §4).

Pure functions over the model: no I/O, no typer, no rich. Differences and ratios are computed
on the decimal values as written in the file (94.45 − 88.296 = 6.154, not 6.154000000000011),
then given back as floats.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Context, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Literal, get_args

from ntm_cli.errors import NtmError, Problem
from ntm_cli.targets_file.data import Document, PlanValue, Program, Range, Target, Value
from ntm_cli.targets_file.rules import LARGEST, NEAR_PCT, exact

if TYPE_CHECKING:
    pass

Status = Literal["exceeded", "met", "near", "missed", "ahead", "in-progress", "no-plan", "no-data"]
Verdict = Literal["pass", "warn", "fail", "off"]
STATUSES: tuple[Status, ...] = get_args(Status)  # in the order of SPEC §2's table

# Subtraction of two doubles written out exactly needs up to ~650 digits; divisions only 34.
_EXACT = Context(prec=1000)
_DIVIDE = Context(prec=34)


@dataclass(frozen=True)
class Milestone:
    """The next plan year after the year evaluated, and its plan."""

    year: int
    plan: PlanValue


@dataclass(frozen=True)
class Previous:
    """The actual (or estimate) of the `--vs` year and the change from it."""

    year: int
    actual: Value | None
    estimated: bool | None  # null with the actual when year Y2 has no figure (SPEC §7)
    change: int | float | None
    change_pct: float | None
    ratio_pct: float | None = None  # A / A2 × 100 (version 3): "107,6 %" of reports


@dataclass(frozen=True)
class Record:
    """One target evaluated for one year: the JSON record of SPEC §7."""

    index: int  # position of the target in the file
    target: Target
    year: int
    plan: PlanValue | None
    actual: Value | None
    estimated: bool  # the actual is an estimate (ước thực hiện)
    delta: int | float | None
    delta_pct: float | None
    ratio: float | None
    status: Status
    ahead_years: int | None
    milestone: Milestone | None
    verdict: Verdict
    previous: Previous | None


@dataclass(frozen=True)
class Report:
    """Every target of a file evaluated for one year (SPEC §2, §4, §7)."""

    file: str
    program: Program
    year: int | None
    vs_year: int | None
    strict: bool
    records: list[Record]

    @property
    def summary(self) -> dict[str, int]:
        counts: dict[str, int] = {"total": len(self.records)}
        counts.update(dict.fromkeys(STATUSES, 0))
        for record in self.records:
            counts[record.status] += 1
        return counts

    @property
    def passed(self) -> bool:
        return all(record.verdict != "fail" for record in self.records)


def _finite(value: Decimal) -> float | None:
    result = float(value)
    return result if math.isfinite(result) else None


_HUNDRED = Decimal(100)


def figures(
    a: int | float, b: int | float
) -> tuple[int | float | None, float | None, float | None]:
    """a − b, (a − b) / |b| × 100 and a / b, on the values as written. The difference is an
    int when both are ints; each is None where undefined (b = 0) or beyond a double."""
    if isinstance(a, int) and isinstance(b, int):
        whole = a - b
        delta: int | float | None = whole if abs(whole) <= LARGEST else None
        exact_a, exact_b, exact_diff = Decimal(a), Decimal(b), Decimal(whole)
    else:
        exact_a, exact_b = exact(a), exact(b)
        exact_diff = _EXACT.subtract(exact_a, exact_b)
        delta = _finite(exact_diff)
    if b == 0:
        return delta, None, None
    try:
        share = _DIVIDE.multiply(_DIVIDE.divide(exact_diff, abs(exact_b)), _HUNDRED)
        return delta, _finite(share), _finite(_DIVIDE.divide(exact_a, exact_b))
    except InvalidOperation:  # pragma: no cover - finite decimals divide; a guard all the same
        return delta, None, None


def reaches(actual: Value, plan: PlanValue, target: Target) -> bool:
    """ "Better than or equal": >= for increase, <= for decrease, == for booleans. A range
    is reached at the bound nearer the start: low for increase, high for decrease."""
    if isinstance(plan, Range):
        plan = plan.high if target.direction == "decrease" else plan.low
    if isinstance(actual, bool) or isinstance(plan, bool):
        return actual == plan
    if target.direction == "decrease":
        return actual <= plan
    return actual >= plan


def _is_near(actual: int | float, plan: int | float, near_pct: float) -> bool:
    if plan == 0:
        return False
    gap = abs(_EXACT.subtract(exact(actual), exact(plan)))
    allowed = _EXACT.multiply(exact(near_pct), abs(exact(plan)))
    return _EXACT.multiply(gap, _HUNDRED) <= allowed


def _numeric(value: Value | None) -> int | float | None:
    return None if value is None or isinstance(value, bool) else value


def against(actual: Value, plan: PlanValue) -> Value | None:
    """The plan figure that `actual` is measured against: the plan itself, or for a range the
    bound that `actual` lies beyond (None when it lies inside the range)."""
    if not isinstance(plan, Range) or isinstance(actual, bool):
        return plan if not isinstance(plan, Range) else None
    if actual > plan.high:
        return plan.high
    if actual < plan.low:
        return plan.low
    return None


def _judge(actual: Value, plan: PlanValue, target: Target, near_pct: float) -> Status:
    """A reported figure against the plan of the same year (SPEC §2)."""
    if isinstance(plan, Range):
        bound = against(actual, plan)
        if bound is None:
            return "met"
        beyond_high = bound == plan.high and actual > plan.high
        better = beyond_high if target.direction == "increase" else not beyond_high
        if better:
            return "exceeded"
        plan = bound
    if actual == plan:
        return "met"
    if reaches(actual, plan, target):
        return "exceeded"
    numeric = not isinstance(actual, bool) and not isinstance(plan, bool)
    return "near" if numeric and _is_near(actual, plan, near_pct) else "missed"


def status_of(
    target: Target, year: int, near_pct: float
) -> tuple[Status, int | None, Milestone | None] | None:
    """(status, ahead_years, milestone) for `year`, or None when the target has neither a
    plan nor an actual (or estimate) for it."""
    plan = target.plan.get(year)
    actual, _ = target.reported(year)
    if plan is None and actual is None:
        return None
    later = sorted((y, p) for y, p in target.plan.items() if y > year)
    milestone = Milestone(*later[0]) if later else None
    reached = [y for y, p in later if actual is not None and reaches(actual, p, target)]
    ahead_years = reached[-1] - year if reached else None

    status: Status
    if actual is None:
        status = "no-data"
    elif plan is not None:
        status = _judge(actual, plan, target, near_pct)
    elif reached:
        status = "ahead"
    elif later:
        status = "in-progress"
    else:
        status = "no-plan"
    return status, ahead_years, milestone


def verdict_of(status: Status, gate: str, strict: bool) -> Verdict:
    """How `ntm check` judges a status under a target's gate (SPEC §4)."""
    if gate == "off":
        return "off"
    verdict: Verdict = "pass"
    if status == "missed":
        verdict = "fail"
    elif status in ("near", "no-data"):
        verdict = "fail" if strict else "warn"
    if verdict == "fail" and gate == "warn":
        verdict = "warn"
    return verdict


def _previous(target: Target, actual: Value | None, vs_year: int) -> Previous:
    """The figure of Y2: its actual, else its estimate, else (version 3) the baseline when the
    baseline is of Y2: "compared with the start of the period" is a common question."""
    before, estimated = target.reported(vs_year)
    if before is None and target.baseline is not None and target.baseline.year == vs_year:
        before, estimated = target.baseline.value, False
    now, then = _numeric(actual), _numeric(before)
    if now is None or then is None:
        return Previous(vs_year, before, estimated if before is not None else None, None, None)
    change, change_pct, _ = figures(now, then)
    return Previous(vs_year, before, estimated, change, change_pct, ratio_pct(now, then))


def ratio_pct(a: int | float, b: int | float) -> float | None:
    """a / b × 100 on the values as written, rounded once (null when b = 0)."""
    if b == 0:
        return None
    share = _DIVIDE.divide(_DIVIDE.multiply(exact(a), _HUNDRED), exact(b))
    return _finite(share)


_INSIDE = (0, 0.0, 1.0)  # a figure inside a range plan: no gap, TH/KH 100 %


def evaluate_target(
    target: Target,
    index: int,
    year: int,
    program: Program,
    strict: bool = False,
    vs_year: int | None = None,
) -> Record | None:
    near_pct = next(p for p in (target.near_pct, program.near_pct, NEAR_PCT) if p is not None)
    evaluated = status_of(target, year, near_pct)
    if evaluated is None:
        return None
    status, ahead_years, milestone = evaluated
    plan = target.plan.get(year)
    actual, estimated = target.reported(year)
    delta: int | float | None
    delta_pct: float | None
    share: float | None
    delta, delta_pct, share = None, None, None
    a = _numeric(actual)
    if a is not None and plan is not None:
        bound = against(a, plan)
        if bound is None:
            delta, delta_pct, share = _INSIDE
        elif (p := _numeric(bound)) is not None:
            delta, delta_pct, share = figures(a, p)
    return Record(
        index=index,
        target=target,
        year=year,
        plan=plan,
        actual=actual,
        estimated=estimated,
        delta=delta,
        delta_pct=delta_pct,
        ratio=share,
        status=status,
        ahead_years=ahead_years,
        milestone=milestone,
        verdict=verdict_of(status, target.gate, strict),
        previous=_previous(target, actual, vs_year) if vs_year is not None else None,
    )


def default_year(doc: Document) -> int | None:
    """SPEC §2: `[program].year`; else the latest year with any typed actual or estimate;
    else (version 3) the latest year a unit mentions; else the latest plan year; else None.
    Counted values (a roll-up target's actuals, §12) never move it."""
    if doc.program.year is not None:
        return doc.program.year
    reported = [y for t in doc.target if t.rollup is None for y in (*t.actual, *t.estimate)]
    if reported:
        return max(reported)
    if doc.unit:
        from ntm_cli.judge.units import latest_mentioned

        mentioned = latest_mentioned(doc.unit)
        if mentioned is not None:
            return mentioned
    plan_years = [y for t in doc.target for y in t.plan]
    return max(plan_years) if plan_years else None


def counted(doc: Document) -> Document:
    """`doc` with its roll-up targets' actuals counted from the units (SPEC §12.2); `doc`
    itself when it has none."""
    if not any(target.rollup is not None for target in doc.target):
        return doc
    from ntm_cli.judge.units import resolve

    return resolve(doc, default_year(doc))


def counted_at(doc: Document, year: int | None) -> Document:
    """A counted `doc` whose roll-up targets' totals are N_Y of `year` ("36/36")."""
    if not doc.unit:
        return doc
    from ntm_cli.judge.units import totals_at

    return totals_at(doc, year)


def known_year(doc: Document, year: int, file: str | None = None, field: str | None = None) -> int:
    """`year` if some target has a plan, actual or estimate for it; else the error naming the
    years the file has (`field`: where the year was written, when it comes from the file)."""
    years = doc.years()
    if year in years:
        return year
    if not years:
        raise NtmError([Problem("no_years_in_file", {"year": year}, file=file, field=field)])
    params = {"year": year, "years": _year_list(years)}
    raise NtmError([Problem("unknown_year", params, file=file, field=field)])


def report_year(doc: Document, year: int | None, file: str) -> int | None:
    """The year a report is for: `year` as asked, else the default year (SPEC §2); either
    must be a year the file has figures for (None: the file has none at all)."""
    written = year is None and doc.program.year is not None
    asked = year is not None or written
    if year is None:
        year = default_year(doc)
    if year is not None and asked:
        known_year(doc, year, file, "program.year" if written else None)
    # A default year not written anywhere needs no check (SPEC §2 makes only an explicit
    # --year or [program].year an error): it is a year with figures, or the latest year a
    # unit mentions in a file whose targets have no figure for it yet.
    return year


def _year_list(years: Iterable[int]) -> str:
    return ", ".join(str(y) for y in years)


def evaluate(
    doc: Document,
    file: str,
    year: int | None = None,
    vs_year: int | None = None,
    strict: bool = False,
) -> Report:
    """Every target of `doc` for `year` (default: `default_year`), in file order."""
    doc = counted(doc)
    year = report_year(doc, year, file)
    doc = counted_at(doc, year)
    if vs_year is not None and not any(
        t.baseline is not None and t.baseline.year == vs_year for t in doc.target
    ):
        known_year(doc, vs_year, file)
    records: list[Record] = []
    if year is not None:
        for index, target in enumerate(doc.target):
            record = evaluate_target(target, index, year, doc.program, strict, vs_year)
            if record is not None:
                records.append(record)
    return Report(file, doc.program, year, vs_year, strict, records)
