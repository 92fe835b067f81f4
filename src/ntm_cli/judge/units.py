"""Units, standards and criteria (SPEC §12): the primitives every count is made of.

Pure: a valid `Document` in, plain values out; no I/O, no typer, no rich. `Units(doc)` indexes
the file's `[[unit]]`, `[[standard]]` and `[[criterion]]` tables once (linear in the units);
its methods answer the questions the roll-ups (§12.2), `ntm units` (§12.3) and `show UNIT`
ask, each for one unit and one year:

- does the unit exist in Y (`exists`), which units of a kind exist in Y (`in_scope`);
- how many criteria its kind has (`criteria_count`, N), how many it met in Y
  (`criteria_met`), which it did not (`unmet`);
- is it recognised at a standard by the end of Y and not withdrawn (`recognised_by`), was it
  recognised in Y (`recognised_in`), withdrawn in Y (`withdrawn_in`);
- which years it mentions (`mentioned_years`).

The file's rules (§12.1) are checked before any of this runs (`unit_rules.py`), so these
functions assume a valid file: declared standards, parents that are districts, and so on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import cached_property

from ntm_cli.targets_file.data import Document, Program, Target
from ntm_cli.targets_file.unit_data import Counted, Criterion, Rollup, Standard, Unit


def exists(unit: Unit, year: int) -> bool:
    """The unit exists in `year`: from `from` to `until`, either open-ended when absent."""
    return (unit.from_ is None or unit.from_ <= year) and (unit.until is None or year <= unit.until)


def mentioned_years(unit: Unit) -> set[int]:
    """The years the unit mentions: in `recognised`, `revoked`, `unmet` and `met_count`
    (never `from` or `until`, SPEC §12.3)."""
    return {*unit.recognised.values(), *unit.revoked.values(), *unit.unmet, *unit.met_count}


def latest_mentioned(units: Iterable[Unit]) -> int | None:
    """The latest year any of `units` mentions (SPEC §2's default year, after typed
    figures); None when none mentions a year."""
    span = mentioned_span(units)
    return None if span is None else span[1]


def mentioned_span(units: Iterable[Unit]) -> tuple[int, int] | None:
    """The earliest and the latest year any of `units` mentions; None when none does."""
    first: int | None = None
    last: int | None = None
    for unit in units:
        years = mentioned_years(unit)
        if years:
            low, high = min(years), max(years)
            if first is None or low < first:
                first = low
            if last is None or high > last:
                last = high
    return None if first is None or last is None else (first, last)


@dataclass
class Units:
    """The units of one document, indexed for counting. Build once per document."""

    doc: Document
    by_id: dict[str, Unit] = field(init=False)
    standards: list[Standard] = field(init=False)
    rank: dict[str, int] = field(init=False)  # standard id -> position, lowest first (0)
    criteria: dict[str, list[Criterion]] = field(init=False)  # kind -> criteria in file order
    # kind -> N and kind -> the criteria's numbers, asked for every unit
    counts: dict[str, int] = field(init=False)
    ids: dict[str, frozenset[int]] = field(init=False)
    communes_of: dict[str, list[Unit]] = field(init=False)  # district id -> its communes
    # The units in scope, by (kind, year, within): the roll-ups of one file ask the same
    # question many times (20 national targets over 11 years, each a pass over every unit).
    scopes: dict[tuple[str, int, str | None], tuple[Unit, ...]] = field(init=False)

    def __post_init__(self) -> None:
        self.by_id = {unit.id: unit for unit in self.doc.unit}
        self.standards = list(self.doc.standard)
        self.rank = {standard.id: position for position, standard in enumerate(self.standards)}
        self.criteria = {"commune": [], "district": []}
        for criterion in self.doc.criterion:
            self.criteria.setdefault(criterion.kind, []).append(criterion)
        self.counts = {kind: len(found) for kind, found in self.criteria.items()}
        self.ids = {kind: frozenset(c.id for c in found) for kind, found in self.criteria.items()}
        self.communes_of = {}
        self.scopes = {}
        for unit in self.doc.unit:
            if unit.parent is not None:
                self.communes_of.setdefault(unit.parent, []).append(unit)

    # Criteria ------------------------------------------------------------------------------

    def criteria_count(self, kind: str) -> int:
        """N: the number of criteria declared for units of `kind`."""
        return self.counts.get(kind, 0)

    def criterion_ids(self, kind: str) -> frozenset[int]:
        """The numbers of the criteria declared for units of `kind`."""
        return self.ids.get(kind, frozenset())

    def criteria_met(self, unit: Unit, year: int) -> int | None:
        """How many criteria `unit` met in `year`: N − len(unmet[Y]), else met_count[Y],
        else None (not assessed in Y)."""
        unmet = unit.unmet.get(year)
        if unmet is not None:
            return self.counts.get(unit.kind, 0) - len(unmet)
        return unit.met_count.get(year)

    @staticmethod
    def unmet(unit: Unit, year: int) -> frozenset[int] | None:
        """The criteria `unit` did not meet in `year`; None when Y has no `unmet` list (which
        criteria are unknown, even where `met_count` says how many)."""
        found = unit.unmet.get(year)
        return None if found is None else frozenset(found)

    @staticmethod
    def assessed(unit: Unit, year: int) -> bool:
        """`unit` has an assessment for `year` (`unmet` or `met_count`)."""
        return year in unit.unmet or year in unit.met_count

    @staticmethod
    def met_criterion(unit: Unit, criterion: int, year: int) -> bool | None:
        """Whether `unit` met `criterion` in `year`; None unless Y has an `unmet` list."""
        found = unit.unmet.get(year)
        return None if found is None else criterion not in found

    # Recognitions --------------------------------------------------------------------------

    def withdrawal_year(self, unit: Unit, standard: str) -> int | None:
        """The year `unit` lost `standard`: its own `revoked` entry, or the earliest
        withdrawal of a lower standard (withdrawing a standard withdraws every higher one from
        the same year, SPEC §12.1); None when never withdrawn."""
        top = self.rank.get(standard)
        found: int | None = None
        for name, year in unit.revoked.items():
            position = self.rank.get(name)
            if position is not None and top is not None and position <= top:
                found = year if found is None else min(found, year)
        return found

    def recognised_by(self, unit: Unit, standard: str, year: int) -> bool:
        """`unit` is recognised at `standard` by the end of `year` and not withdrawn by then
        (a withdrawal in Y counts: the unit is not recognised at the end of Y)."""
        since = unit.recognised.get(standard)
        if since is None or since > year:
            return False
        lost = self.withdrawal_year(unit, standard)
        return lost is None or lost > year

    @staticmethod
    def recognised_in(unit: Unit, standard: str, year: int) -> bool:
        """`unit` was recognised at `standard` in `year` (the year the decision recognises)."""
        return unit.recognised.get(standard) == year

    def withdrawn_in(self, unit: Unit, standard: str, year: int) -> bool:
        """`unit`, recognised at `standard`, lost it in `year` (by its own `revoked` entry or
        by the withdrawal of a lower standard)."""
        if standard not in unit.recognised:
            return False
        return self.withdrawal_year(unit, standard) == year

    def highest_by(self, unit: Unit, year: int) -> Standard | None:
        """The highest standard `unit` holds at the end of `year`, or None."""
        found: Standard | None = None
        for standard in self.standards:
            if self.recognised_by(unit, standard.id, year):
                found = standard
        return found

    # Scope ---------------------------------------------------------------------------------

    def in_scope(self, kind: str, year: int, within: str | None = None) -> list[Unit]:
        """Units of `kind` that exist in `year`, in file order; with `within`, only that
        district's communes."""
        key = (kind, year, within)
        found = self.scopes.get(key)
        if found is None:
            pool = self.doc.unit if within is None else self.communes_of.get(within, [])
            found = tuple(unit for unit in pool if unit.kind == kind and exists(unit, year))
            self.scopes[key] = found
        return list(found)

    @cached_property
    def span(self) -> tuple[int, int] | None:
        """The earliest and latest year any unit mentions, found once: every `standard`
        roll-up asks for it (a pass over the units per target made a national file
        quadratic); the file's rules never do."""
        return mentioned_span(self.doc.unit)

    def mentioned_range(self) -> tuple[int, int] | None:
        """The earliest and the latest year any unit mentions; None when none does."""
        return self.span


# Roll-up targets (SPEC §12.2) ------------------------------------------------------------


def _quotient(numerator: int, denominator: int) -> float:
    """The exact quotient rounded once to a double (SPEC §7): float(Fraction) is correctly
    rounded, so 1/3 × 100 and 100/3 give the same 33.333333333333336."""
    return float(Fraction(numerator, denominator))


def _candidate_years(scope_pool: Iterable[Unit], rollup: Rollup) -> set[int]:
    years: set[int] = set()
    for unit in scope_pool:
        if unit.kind != rollup.of:
            continue
        years.update(unit.unmet)
        if rollup.criterion is None:
            years.update(unit.met_count)
    return years


def rollup_counts(index: Units, rollup: Rollup, default_year: int | None) -> Counted:
    """The values of one roll-up for every year that has one, and N_Y, the units in scope.

    - `standard`: every year from the earliest year any unit mentions to the later of the
      latest such year and `default_year`; units recognised at the standard by the end of Y
      and not withdrawn by then (`new = true`: recognised in Y).
    - `criterion`, `criteria_min`, `average`: each year in which every unit in scope is
      assessed (for `criterion`, by an `unmet` list); a year with some assessed and some not
      has no value (it is listed in `partial`, with how many are missing, for the warning of
      SPEC §5).
    - `as = "percent"`: the count over N_Y × 100, capped at 100; `average`: the mean criteria
      met per unit, capped at N. Both are exact quotients rounded once.
    A year with no unit in scope has no value."""
    values: dict[int, int | float] = {}
    totals: dict[int, int] = {}
    partial: dict[int, tuple[int, int]] = {}
    if rollup.standard is not None:
        span = index.mentioned_range()
        if span is None:
            return Counted(values, totals, partial)
        first, last = span
        if default_year is not None and default_year > last:
            last = default_year
        years: Iterable[int] = range(first, last + 1)
    else:
        pool = index.doc.unit if rollup.within is None else index.communes_of.get(rollup.within, [])
        years = sorted(_candidate_years(pool, rollup))
    kinds_criteria = index.criteria_count(rollup.of)
    for year in years:
        scope = index.in_scope(rollup.of, year, rollup.within)
        if not scope:
            continue
        counted = _measure(index, rollup, scope, year, partial)
        if counted is None:
            continue
        count, of = counted
        totals[year] = len(scope)
        if rollup.average is not None:
            values[year] = min(_quotient(count, of), float(kinds_criteria))
        elif rollup.percent:
            values[year] = min(_quotient(count * 100, of), 100.0)
        else:
            values[year] = count
    return Counted(values, totals, partial)


def _measure(
    index: Units,
    rollup: Rollup,
    scope: list[Unit],
    year: int,
    partial: dict[int, tuple[int, int]],
) -> tuple[int, int] | None:
    """(numerator, denominator) for one year, or None when the year has no value."""
    if rollup.standard is not None:
        standard = rollup.standard
        # Asked of every unit in scope for every year: a unit never recognised at the
        # standard is passed over without a call.
        if rollup.new:
            count = sum(1 for unit in scope if unit.recognised.get(standard) == year)
        else:
            count = sum(
                1
                for unit in scope
                if standard in unit.recognised and index.recognised_by(unit, standard, year)
            )
        return count, len(scope)
    if rollup.criterion is not None:
        # `met_criterion` of every unit in scope, in one loop: a national file asks this of
        # 8,000 communes for each criterion target and year (half a million questions).
        criterion = rollup.criterion
        missing = met = 0
        for unit in scope:
            unmet = unit.unmet.get(year)
            if unmet is None:
                missing += 1
            elif criterion not in unmet:
                met += 1
        if missing:
            partial[year] = (missing, len(scope))
            return None
        return met, len(scope)
    found = [index.criteria_met(unit, year) for unit in scope]
    missing = sum(1 for m in found if m is None)
    if missing:
        partial[year] = (missing, len(scope))
        return None
    known = [m for m in found if m is not None]
    if rollup.criteria_min is not None:
        return sum(1 for m in known if m >= rollup.criteria_min), len(scope)
    return sum(known), len(scope)  # average: criteria met in all over the units


def resolve(doc: Document, default_year: int | None) -> Document:
    """`doc` with every roll-up target's actuals counted from the units (SPEC §12.2): its
    `actual` holds the counted values and its `counted` what they were counted from (N_Y for
    `facts`). The document itself when it has no roll-up target, so a file without units
    costs nothing more. `default_year` is §2's, which counted values never move."""
    if not any(target.rollup is not None for target in doc.target):
        return doc
    index = Units(doc)
    targets: list[Target] = []
    for target in doc.target:
        if target.rollup is None:
            targets.append(target)
            continue
        counted = rollup_counts(index, target.rollup, default_year)
        total = counted.total(target.rollup, None)
        # a percentage is shown as a rate, its deltas in points (SPEC §12.2)
        unit = "%" if target.rollup.percent and target.unit is None else target.unit
        targets.append(
            replace(target, actual=dict(counted.values), counted=counted, total=total, unit=unit)
        )
    return replace(doc, target=targets)


def at_year(target: Target, year: int | None) -> Target:
    """A resolved roll-up target whose `total` is N_Y of `year` (the "36/36" of that year);
    any other target as it is."""
    if target.rollup is None or target.counted is None:
        return target
    total = target.counted.total(target.rollup, year)
    return target if total == target.total else replace(target, total=total)


def totals_at(doc: Document, year: int | None) -> Document:
    """`doc` (resolved) with every roll-up target's `total` that of `year`."""
    if not any(target.counted is not None for target in doc.target):
        return doc
    return replace(doc, target=[at_year(target, year) for target in doc.target])


# `show UNIT` (SPEC §12.3) -------------------------------------------------------------------


@dataclass(frozen=True)
class UnitYear:
    """One assessed year of a unit."""

    year: int
    criteria_met: int
    criteria_total: int
    unmet: tuple[int, ...] | None  # None where only met_count says how many
    maintained: bool | None


@dataclass(frozen=True)
class UnitHistory:
    """A unit's recognitions and, per assessed year, its criteria (`ntm show UNIT`)."""

    file: str
    program: Program
    unit: Unit
    parent: Unit | None
    standards: list[Standard]
    criteria: list[Criterion]  # of the unit's kind, in file order
    years: list[UnitYear]


def maintained(index: Units, unit: Unit, year: int) -> bool | None:
    """SPEC §12.3: None when `unit` is not recognised at any standard by the end of `year`
    (a withdrawn recognition does not count) or not assessed in `year`; else whether it
    meets every criterion."""
    met = index.criteria_met(unit, year)
    if met is None or index.highest_by(unit, year) is None:
        return None
    return met == index.criteria_count(unit.kind)


def unit_history(doc: Document, file: str, unit_id: str) -> UnitHistory | None:
    """The history of the unit with this id; None when the file has none."""
    index = Units(doc)
    unit = index.by_id.get(unit_id)
    if unit is None:
        return None
    total = index.criteria_count(unit.kind)
    years = [
        UnitYear(
            year,
            met,
            total,
            unit.unmet.get(year),
            maintained(index, unit, year),
        )
        for year in sorted({*unit.unmet, *unit.met_count})
        if (met := index.criteria_met(unit, year)) is not None
    ]
    parent = index.by_id.get(unit.parent) if unit.parent is not None else None
    return UnitHistory(
        file,
        doc.program,
        unit,
        parent,
        index.standards,
        index.criteria.get(unit.kind, []),
        years,
    )


def counted_cells(doc: Document) -> dict[tuple[str, str, int], int | float | None]:
    """What a sheet's TH (and Ước TH) cells of roll-up targets are compared with on import
    (SPEC §9, version 3): (target id, "actual" or "estimate", year) -> the count, or None for
    a year with no count. Such cells are never written. `doc` must be resolved (`resolve`)."""
    found: dict[tuple[str, str, int], int | float | None] = {}
    for target in doc.target:
        if target.rollup is None:
            continue
        for year in range(1900, 2101):
            value = target.actual.get(year)
            found[(target.id, "actual", year)] = value
            found[(target.id, "estimate", year)] = value
    return found
