"""`ntm units`: the review of communes and districts at a year Y (SPEC §12.3).

Pure: a valid `Document` in, a typed `UnitsReport` out; no I/O, no typer, no rich. Built on
the primitives of `units.py` (existence, criteria met, recognitions with withdrawals
cascading); this module only gathers them into the report's sections:

- the summary: communes and districts in scope, per standard the units recognised by the end
  of Y (of which in Y, and those withdrawn in Y), the average criteria met per commune assessed
  in Y and in Y − 1, the buckets of criteria met, the communes not maintaining their standard
  and those not assessed;
- per district: its communes, per standard n/N and %, its average, its own recognitions and
  whether it meets the commune conditions of `[program].district_rule`;
- per criterion of communes: communes meeting it in Y and Y − 1, and the change;
- per unit: criteria met, the unmet criteria, recognitions and `maintained`.

Every average and percentage is the exact quotient of the counts, rounded once to a double
(SPEC §7), so 1,678 criteria over 104 communes is 16.134615384615383 whatever the path.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Context, Decimal

from ntm_cli.errors import NtmError, Problem
from ntm_cli.judge.evaluate import default_year
from ntm_cli.judge.units import Units, exists
from ntm_cli.targets_file.data import Document, Program
from ntm_cli.targets_file.rules import exact
from ntm_cli.targets_file.unit_data import Criterion, Standard, Unit

# The default lower edges of the buckets of criteria met (SPEC §12.3): 19, 15–18, 10–14,
# 5–9 and below 5 for the 19 criteria of 2021–2025.
DEFAULT_BUCKETS: tuple[int, ...] = (15, 10, 5)
# Quotients of counts need few digits; 34 is decimal128's precision, far beyond a double's 17.
_DIVIDE = Context(prec=34)


def quotient(numerator: int, denominator: int) -> float | None:
    """numerator / denominator, exactly, rounded once to a double; None for 0 / 0."""
    if denominator == 0:
        return None
    return float(_DIVIDE.divide(Decimal(numerator), Decimal(denominator)))


def percent(count: int, of: int) -> float | None:
    """count / of × 100, rounded once (100/3 and 1/3 × 100 alike: 33.333333333333336)."""
    return quotient(count * 100, of)


# --- the report --------------------------------------------------------------------------


@dataclass(frozen=True)
class Recognised:
    """Per standard, in the summary: units recognised by the end of Y and not withdrawn by
    then; of the communes, those recognised in Y and those withdrawn in Y."""

    communes: int
    communes_new: int
    communes_withdrawn: int
    districts: int


@dataclass(frozen=True)
class Bucket:
    """Communes assessed in Y that met from `min` to `max` criteria; `pct` of those assessed."""

    min: int
    max: int
    communes: int
    pct: float | None


@dataclass(frozen=True)
class Summary:
    communes: int  # in scope: existing in Y (with --within, the district's)
    districts: int
    assessed: int  # communes assessed in Y (by `unmet` or `met_count`)
    recognised: dict[str, Recognised]  # standard id -> counts, standards in file order
    criteria_average: float | None  # per commune assessed in Y
    criteria_average_previous: float | None  # per commune assessed in Y − 1
    criteria_average_change: float | None  # the difference of the two, rounded once
    buckets: list[Bucket]
    not_maintained: int
    not_assessed: int


@dataclass(frozen=True)
class Share:
    count: int
    pct: float | None


@dataclass(frozen=True)
class DistrictRow:
    unit: Unit
    communes: int  # its communes existing in Y
    recognised: dict[str, Share]  # standard id -> its communes recognised by the end of Y
    criteria_average: float | None  # of its communes assessed in Y
    own: dict[str, int]  # standard id -> year: the district's own recognitions held at Y
    eligible: dict[str, bool] | None  # district standard -> commune conditions met


@dataclass(frozen=True)
class CriterionRow:
    criterion: Criterion
    met: int | None  # communes meeting it in Y, among those assessed with an `unmet` list
    of: int
    pct: float | None
    met_previous: int | None
    of_previous: int
    change: int | None  # met − met_previous, a count of communes


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    recognised: dict[str, int]  # as written, the years up to Y
    revoked: dict[str, int]  # as written, the years up to Y
    held: dict[str, int]  # recognitions held at the end of Y (withdrawals cascading)
    criteria_met: int | None
    criteria_total: int | None  # N of its kind; None when its kind has no criteria
    unmet: tuple[int, ...] | None  # None when Y has no `unmet` list
    maintained: bool | None


@dataclass(frozen=True)
class UnitsReport:
    file: str
    program: Program
    year: int | None
    within: Unit | None
    standards: list[Standard]
    criteria: list[Criterion]  # every criterion, of both kinds, in file order
    summary: Summary
    districts: list[DistrictRow]
    by_criterion: list[CriterionRow]  # criteria of communes, in file order
    units: list[UnitRow]

    @property
    def commune_criteria(self) -> list[Criterion]:
        return [c for c in self.criteria if c.kind == "commune"]

    def bottlenecks(self) -> list[CriterionRow]:
        """The criteria met by the fewest communes first (human output), unknown ones last,
        ties in file order."""
        known = [row for row in self.by_criterion if row.met is not None]
        unknown = [row for row in self.by_criterion if row.met is None]
        return sorted(known, key=lambda row: (row.pct or 0.0, row.met or 0)) + unknown


# --- computing it ------------------------------------------------------------------------


def bucket_edges(program: Program, criteria: int) -> tuple[int, ...]:
    """`[program].buckets` (checked below N when the file is read), else the default edges
    below N."""
    edges = program.buckets if program.buckets is not None else DEFAULT_BUCKETS
    return tuple(e for e in edges if e < criteria)


def buckets(counts: Sequence[int], edges: Sequence[int], criteria: int) -> list[Bucket]:
    """N, then [e, previous − 1] for each edge, then [0, last − 1]: for N = 19 and [15, 10, 5]
    the buckets 19, 15–18, 10–14, 5–9 and 0–4. None when there are no criteria."""
    if criteria <= 0:
        return []
    spans: list[tuple[int, int]] = [(criteria, criteria)]
    top = criteria - 1
    for edge in edges:
        spans.append((edge, top))
        top = edge - 1
    if top >= 0:
        spans.append((0, top))
    assessed = len(counts)
    tally = [0] * len(spans)
    for met in counts:
        for position, (low, _) in enumerate(spans):
            if met >= low:
                tally[position] += 1
                break
    return [
        Bucket(low, high, n, percent(n, assessed))
        for (low, high), n in zip(spans, tally, strict=True)
    ]


def average_change(now: tuple[int, int], before: tuple[int, int]) -> float | None:
    """(s1 / n1) − (s0 / n0) for (sum, count) pairs, exactly, rounded once."""
    (s1, n1), (s0, n0) = now, before
    if n1 == 0 or n0 == 0:
        return None
    return quotient(s1 * n0 - s0 * n1, n1 * n0)


def _eligible(
    rule: dict[str, dict[str, int | float]] | None, held: dict[str, int], communes: int
) -> dict[str, bool] | None:
    """Per district standard of the rule: for every commune standard s of it, the district's
    communes holding s at the end of Y are at least rule[s] % of its communes (exactly:
    count × 100 ≥ pct × communes). None without a rule or without communes."""
    if not rule or communes == 0:
        return None
    return {
        district_standard: all(
            Decimal(held.get(s, 0) * 100) >= exact(minimum) * communes
            for s, minimum in conditions.items()
        )
        for district_standard, conditions in rule.items()
    }


def units_year(doc: Document, units: Units, year: int | None, file: str) -> int | None:
    """The year of the review: `--year` as asked, else the default year of SPEC §2. An asked
    year, or
    `[program].year`, must be one the file has figures for: a plan, actual or estimate of a
    target, or a year from the first to the last that the units mention."""
    written = year is None and doc.program.year is not None
    mentioned = units.mentioned_range()
    if year is None:
        year = default_year(doc)
    if year is None:
        return None
    known = set(doc.years())
    if mentioned is not None:
        known.update(range(mentioned[0], mentioned[1] + 1))
    if year in known:
        return year
    field = "program.year" if written else None
    if not known:
        raise NtmError([Problem("no_years_in_file", {"year": year}, file=file, field=field)])
    params = {"year": year, "years": _year_list(sorted(known))}
    raise NtmError([Problem("unknown_year", params, file=file, field=field)])


def _year_list(years: list[int]) -> str:
    """2016, 2018–2020: runs of years shortened, as a person reads them."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def _district(doc: Document, units: Units, within: str) -> Unit:
    from ntm_cli.targets_file.unit_rules import nearest

    found = units.by_id.get(within)
    if found is not None and found.kind == "district":
        return found
    districts = [u.id for u in doc.unit if u.kind == "district"]
    raise NtmError(
        [
            Problem(
                "within_not_district",
                {"got": within, "suggestion": nearest(within, districts)},
            )
        ]
    )


def _ordered(doc: Document, units: Units, year: int, within: Unit | None) -> list[Unit]:
    """Districts in file order, each followed by its communes in file order, then communes
    without a district; with --within, the district and its communes. Only units existing
    in Y."""
    if within is not None:
        return [within, *units.in_scope("commune", year, within.id)]
    ordered: list[Unit] = []
    for unit in doc.unit:
        if unit.kind == "district" and exists(unit, year):
            ordered.append(unit)
            ordered += units.in_scope("commune", year, unit.id)
    ordered += [u for u in doc.unit if u.kind == "commune" and u.parent is None and exists(u, year)]
    return ordered


def _held(units: Units, unit: Unit, year: int) -> dict[str, int]:
    return {
        s: since
        for s, since in unit.recognised.items()
        if since <= year and units.recognised_by(unit, s, year)
    }


def _unit_row(units: Units, unit: Unit, year: int) -> UnitRow:
    # A national file has 8,000 of these: the empty tables most communes have are not walked.
    recognised, revoked = unit.recognised, unit.revoked
    held = _held(units, unit, year) if recognised else {}
    total = units.criteria_count(unit.kind) or None
    met = units.criteria_met(unit, year) if total is not None else None
    maintained = None if not held or met is None else met == total
    found = unit.unmet.get(year)
    return UnitRow(
        unit=unit,
        recognised={s: y for s, y in recognised.items() if y <= year} if recognised else {},
        revoked={s: y for s, y in revoked.items() if y <= year} if revoked else {},
        held=held,
        criteria_met=met,
        criteria_total=total,
        unmet=None if found is None else tuple(sorted(found)),
        maintained=maintained,
    )


def _criteria_counts(
    communes: Iterable[Unit], year: int, ids: Sequence[int]
) -> tuple[dict[int, int], int]:
    """Per criterion, how many of `communes` met it in `year`, among those with an `unmet`
    list for it; and how many had one."""
    listed = 0
    missing = dict.fromkeys(ids, 0)
    for unit in communes:
        found = unit.unmet.get(year)
        if found is None:
            continue
        listed += 1
        for criterion in found:
            if criterion in missing:
                missing[criterion] += 1
    return {c: listed - n for c, n in missing.items()}, listed


def _sum_met(units: Units, communes: Iterable[Unit], year: int) -> tuple[list[int], int]:
    counts = [m for m in (units.criteria_met(u, year) for u in communes) if m is not None]
    return counts, sum(counts)


def units_report(
    doc: Document, file: str, year: int | None = None, within: str | None = None
) -> UnitsReport:
    """The review of `doc`'s units at `year` (default: SPEC §2's default year)."""
    units = Units(doc)
    district = _district(doc, units, within) if within is not None else None
    year = units_year(doc, units, year, file)
    standards = list(doc.standard)
    if year is None:
        empty = Summary(0, 0, 0, {}, None, None, None, [], 0, 0)
        return UnitsReport(file, doc.program, None, district, standards, list(doc.criterion),
                           empty, [], [], [])  # fmt: skip
    scope = district.id if district is not None else None
    communes = units.in_scope("commune", year, scope)
    if district is not None:
        districts = [district]
        existing_districts = [district] if exists(district, year) else []
    else:
        districts = existing_districts = units.in_scope("district", year)
    n_criteria = units.criteria_count("commune")

    rows = [_unit_row(units, unit, year) for unit in _ordered(doc, units, year, district)]
    commune_rows = [row for row in rows if row.unit.kind == "commune"]
    ever = [u for u in communes if u.recognised]  # none other is recognised, nor withdrawn
    recognised = {
        s.id: Recognised(
            communes=sum(s.id in row.held for row in commune_rows),
            communes_new=sum(units.recognised_in(u, s.id, year) for u in ever),
            communes_withdrawn=sum(units.withdrawn_in(u, s.id, year) for u in ever),
            districts=sum(units.recognised_by(d, s.id, year) for d in existing_districts),
        )
        for s in standards
    }
    met_now, sum_now = _sum_met(units, communes, year)
    before = units.in_scope("commune", year - 1, scope)
    met_before, sum_before = _sum_met(units, before, year - 1)
    summary = Summary(
        communes=len(communes),
        districts=len(existing_districts),
        assessed=len(met_now),
        recognised=recognised,
        criteria_average=quotient(sum_now, len(met_now)),
        criteria_average_previous=quotient(sum_before, len(met_before)),
        criteria_average_change=average_change(
            (sum_now, len(met_now)), (sum_before, len(met_before))
        ),
        buckets=buckets(met_now, bucket_edges(doc.program, n_criteria), n_criteria),
        not_maintained=sum(row.maintained is False for row in commune_rows),
        not_assessed=len(communes) - len(met_now),
    )

    by_id = {row.unit.id: row for row in rows}
    district_rows: list[DistrictRow] = []
    for unit in districts:
        members = units.in_scope("commune", year, unit.id)
        held = {s.id: sum(s.id in by_id[m.id].held for m in members) for s in standards}
        met, total = _sum_met(units, members, year)
        own_row = by_id.get(unit.id)
        district_rows.append(
            DistrictRow(
                unit=unit,
                communes=len(members),
                recognised={s: Share(n, percent(n, len(members))) for s, n in held.items()},
                criteria_average=quotient(total, len(met)),
                own=dict(own_row.held) if own_row is not None else _held(units, unit, year),
                eligible=_eligible(doc.program.district_rule, held, len(members)),
            )
        )

    ids = [c.id for c in doc.criterion if c.kind == "commune"]
    met_by, listed = _criteria_counts(communes, year, ids)
    met_by_before, listed_before = _criteria_counts(before, year - 1, ids)
    criterion_rows: list[CriterionRow] = []
    for criterion in doc.criterion:
        if criterion.kind != "commune":
            continue
        met_now_c = met_by[criterion.id] if listed else None
        met_then_c = met_by_before[criterion.id] if listed_before else None
        criterion_rows.append(
            CriterionRow(
                criterion=criterion,
                met=met_now_c,
                of=listed,
                pct=None if met_now_c is None else percent(met_now_c, listed),
                met_previous=met_then_c,
                of_previous=listed_before,
                change=None if met_now_c is None or met_then_c is None else met_now_c - met_then_c,
            )
        )
    return UnitsReport(
        file=file,
        program=doc.program,
        year=year,
        within=district,
        standards=standards,
        criteria=list(doc.criterion),
        summary=summary,
        districts=district_rows,
        by_criterion=criterion_rows,
        units=rows,
    )
