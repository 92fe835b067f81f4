"""The rules of SPEC §12.1 that span several tables of the file: standards and criteria
declared where they are named, parents that are districts, recognitions that include the lower
standards, withdrawals after recognitions, years within a unit's existence, assessments that
agree, ids unique across targets and units, roll-ups that name what exists.

Pure: a document whose every key passed its own rule in, a list of (location, RuleError) out,
the location being the path in the parsed TOML (`("unit", 3, "revoked", "ntm")`). Both readers
of the file use it: `fastcheck.py` gives up when it finds anything, `model.py` reports it all.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterable
from typing import Any

from ntm_cli.judge.units import Units, exists
from ntm_cli.targets_file.data import Document, Target
from ntm_cli.targets_file.rules import RuleError
from ntm_cli.targets_file.unit_data import Unit

Located = tuple[tuple[Any, ...], RuleError]

DEFAULT_BUCKETS = (15, 10, 5)


def involved(doc: Document) -> bool:
    """Whether the file uses anything of §12 at all: a file without it costs nothing more."""
    program = doc.program
    return bool(
        doc.unit
        or doc.standard
        or doc.criterion
        or program.buckets is not None
        or program.district_rule is not None
        or any(target.rollup is not None for target in doc.target)
    )


def nearest(word: str, known: list[str]) -> str | None:
    """The known id nearest to `word`, for "did you mean"."""
    found = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return found[0] if found else None


def _span(unit: Unit) -> str:
    first = "…" if unit.from_ is None else str(unit.from_)
    last = "…" if unit.until is None else str(unit.until)
    return f"{first}–{last}"


def problems(doc: Document) -> list[Located]:
    """Every cross-table problem of `doc`, in the order of the file's tables."""
    if not involved(doc):
        return []
    index = Units(doc)
    found: list[Located] = []
    _standards(doc, found)
    _criteria(doc, found)
    _program(doc, index, found)
    _ids(doc, found)
    for position, unit in enumerate(doc.unit):
        _unit(unit, position, doc, index, found)
    for position, target in enumerate(doc.target):
        if target.rollup is not None:
            _rollup(target, position, doc, index, found)
    return found


def unit_problems(doc: Document, positions: Iterable[int], ids: bool) -> list[Located]:
    """The problems of the units at `positions` alone (and, with `ids`, of ids used twice):
    enough after a change that touched only those units' own values, or added them (a unit's
    rules read its parent, which such a change leaves as it was)."""
    index = Units(doc)
    found: list[Located] = []
    if ids:
        _ids(doc, found)
    for position in positions:
        _unit(doc.unit[position], position, doc, index, found)
    return found


def _standards(doc: Document, found: list[Located]) -> None:
    seen: dict[str, int] = {}
    for position, standard in enumerate(doc.standard):
        if standard.id in seen:
            found.append(
                (
                    ("standard", position, "id"),
                    RuleError(
                        "duplicate_standard",
                        'standard "{id}" is already declared',
                        id=standard.id,
                    ),
                )
            )
        seen.setdefault(standard.id, position)


def _criteria(doc: Document, found: list[Located]) -> None:
    seen: set[tuple[str, int]] = set()
    for position, criterion in enumerate(doc.criterion):
        mark = (criterion.kind, criterion.id)
        if mark in seen:
            found.append(
                (
                    ("criterion", position, "id"),
                    RuleError(
                        "duplicate_criterion",
                        "criterion {id} of kind {of} is already declared",
                        id=criterion.id,
                        of=criterion.kind,
                    ),
                )
            )
        seen.add(mark)


def _program(doc: Document, index: Units, found: list[Located]) -> None:
    program = doc.program
    total = index.criteria_count("commune")
    if program.buckets is not None:
        too_high = [edge for edge in program.buckets if edge >= total]
        if too_high:
            found.append(
                (
                    ("program", "buckets"),
                    RuleError(
                        "buckets_edge",
                        "{edge} is not below the number of commune criteria ({n})",
                        edge=too_high[0],
                        n=total,
                    ),
                )
            )
    if program.district_rule is not None:
        known = list(index.rank)
        for district_standard, row in program.district_rule.items():
            for name in (district_standard, *row):
                if name not in index.rank:
                    path: tuple[str, ...] = ("program", "district_rule", district_standard)
                    if name != district_standard:
                        path = (*path, name)
                    found.append((path, _unknown_standard(name, known)))


def _unknown_standard(name: str, known: list[str]) -> RuleError:
    return RuleError(
        "unknown_standard",
        '"{got}" is not a declared [[standard]]',
        got=name,
        suggestion=nearest(name, known),
    )


def _ids(doc: Document, found: list[Located]) -> None:
    """Unit ids are unique among units and targets together (SPEC §1)."""
    owners: dict[str, str] = {target.id: "target" for target in doc.target}
    for position, unit in enumerate(doc.unit):
        if unit.id in owners:
            found.append(
                (
                    ("unit", position, "id"),
                    RuleError(
                        "duplicate_unit",
                        'id "{id}" is already used by a {other}',
                        id=unit.id,
                        other=owners[unit.id],
                    ),
                )
            )
        else:
            owners[unit.id] = "unit"


def _unit(unit: Unit, position: int, doc: Document, index: Units, found: list[Located]) -> None:
    def add(path: tuple[Any, ...], error: RuleError) -> None:
        found.append((("unit", position, *path), error))

    parent: Unit | None = None
    if unit.parent is not None:
        if unit.kind == "district":
            add(("parent",), RuleError("district_parent", "a district has no parent"))
        else:
            parent = index.by_id.get(unit.parent)
            if parent is None or parent.kind != "district":
                districts = [u.id for u in doc.unit if u.kind == "district"]
                add(
                    ("parent",),
                    RuleError(
                        "not_a_district",
                        '"{got}" is not a district',
                        got=unit.parent,
                        suggestion=nearest(unit.parent, districts or list(index.by_id)),
                    ),
                )
                parent = None
    if unit.from_ is not None and unit.until is not None and unit.from_ > unit.until:
        add(
            ("until",),
            RuleError(
                "until_before_from",
                "{until} is before from = {first}",
                until=unit.until,
                first=unit.from_,
            ),
        )
        return  # its years cannot be judged against an empty existence
    _recognitions(unit, index, add)
    _assessments(unit, index, add)
    _years(unit, parent, add)


def _recognitions(unit: Unit, index: Units, add: Any) -> None:
    if not unit.recognised and not unit.revoked:
        return  # a unit never recognised nor withdrawn: nothing to check
    for table in ("recognised", "revoked"):
        for name in getattr(unit, table):
            if name not in index.rank:
                add((table, name), _unknown_standard(name, list(index.rank)))
    ranked = [s for s in unit.recognised if s in index.rank]
    for name in ranked:
        year = unit.recognised[name]
        for lower in index.standards[: index.rank[name]]:
            lower_year = unit.recognised.get(lower.id)
            if lower_year is None or lower_year > year:
                add(
                    ("recognised", name),
                    RuleError(
                        "recognised_lower",
                        "recognised at {standard} in {year} needs {lower} in {year} or earlier",
                        standard=name,
                        year=year,
                        lower=lower.id,
                    ),
                )
                break
    for name, year in unit.revoked.items():
        if name not in index.rank:
            continue
        since = unit.recognised.get(name)
        if since is None:
            add(
                ("revoked", name),
                RuleError(
                    "revoked_unrecognised",
                    "the unit is not recognised at {standard}",
                    standard=name,
                ),
            )
        elif year < since:
            add(
                ("revoked", name),
                RuleError(
                    "revoked_before",
                    "{year} is before its recognition in {since}",
                    year=year,
                    since=since,
                ),
            )
    if not unit.revoked:
        return
    # A withdrawal takes every higher standard with it: a higher recognition after it would be
    # a re-recognition, which version 3 does not express.
    for name in ranked:
        lower_losses = [
            year
            for lower, year in unit.revoked.items()
            if lower in index.rank
            and index.rank[lower] < index.rank[name]
            and unit.recognised.get(lower, year + 1) <= year  # a valid withdrawal only
        ]
        lost = min(lower_losses, default=None)
        since = unit.recognised[name]
        if lost is not None and since > lost:
            add(
                ("recognised", name),
                RuleError(
                    "recognised_after_withdrawal",
                    "{year} is after the withdrawal of a lower standard in {lost}",
                    year=since,
                    lost=lost,
                ),
            )


def _assessments(unit: Unit, index: Units, add: Any) -> None:
    total = index.criteria_count(unit.kind)
    declared = index.criterion_ids(unit.kind)
    if (unit.unmet or unit.met_count) and not declared:
        table = "unmet" if unit.unmet else "met_count"
        add(
            (table,),
            RuleError(
                "no_criteria",
                'no [[criterion]] of kind "{of}" is declared to assess it against',
                of=unit.kind,
            ),
        )
        return
    listed = itertools.chain.from_iterable(unit.unmet.values())
    if not unit.met_count and declared.issuperset(listed):
        return  # the common case: every criterion listed is declared, no count to agree
    for year, unmet in unit.unmet.items():
        if declared.issuperset(unmet):
            continue
        missing = [c for c in unmet if c not in declared]
        if missing:
            add(
                ("unmet", year),
                RuleError(
                    "unknown_criterion",
                    'criterion {id} is not declared for kind "{of}"',
                    id=missing[0],
                    of=unit.kind,
                ),
            )
    for year, met in unit.met_count.items():
        if met > total:
            add(
                ("met_count", year),
                RuleError(
                    "met_count_range",
                    "{got} is more than the {n} criteria of kind {of}",
                    got=met,
                    n=total,
                    of=unit.kind,
                ),
            )
        elif year in unit.unmet and met != total - len(unit.unmet[year]):
            add(
                ("met_count", year),
                RuleError(
                    "met_count_unmet",
                    "{got} disagrees with unmet.{year}: {n} criteria, {k} not met, so {expected}",
                    got=met,
                    year=year,
                    n=total,
                    k=len(unit.unmet[year]),
                    expected=total - len(unit.unmet[year]),
                ),
            )


def _years(unit: Unit, parent: Unit | None, add: Any) -> None:
    if (
        unit.from_ is None
        and unit.until is None
        and (parent is None or (parent.from_ is None and parent.until is None))
    ):
        return  # every year is within a unit (and a district) that always exists
    tables: list[tuple[str, dict[Any, Any], bool]] = [
        ("recognised", unit.recognised, False),
        ("revoked", unit.revoked, False),
        ("unmet", unit.unmet, True),
        ("met_count", unit.met_count, True),
    ]
    for table, values, keyed_by_year in tables:
        for key, item in values.items():
            year = key if keyed_by_year else item
            if not exists(unit, year):
                add(
                    (table, key),
                    RuleError(
                        "year_outside_unit",
                        "{year} is outside the years the unit exists ({span})",
                        year=year,
                        span=_span(unit),
                    ),
                )
            elif parent is not None and not exists(parent, year):
                add(
                    (table, key),
                    RuleError(
                        "year_outside_parent",
                        "{year} is outside the years its district {parent} exists ({span})",
                        year=year,
                        parent=parent.id,
                        span=_span(parent),
                    ),
                )


def _rollup(
    target: Target, position: int, doc: Document, index: Units, found: list[Located]
) -> None:
    rollup = target.rollup
    assert rollup is not None

    def add(path: tuple[Any, ...], error: RuleError) -> None:
        found.append((("target", position, "rollup", *path), error))

    if rollup.standard is not None and rollup.standard not in index.rank:
        add(("standard",), _unknown_standard(rollup.standard, list(index.rank)))
    total = index.criteria_count(rollup.of)
    needs_criteria = rollup.criterion is not None or rollup.criteria_min is not None
    if (needs_criteria or rollup.average is not None) and total == 0:
        measure = rollup.measure
        add(
            (measure,),
            RuleError(
                "no_criteria",
                'no [[criterion]] of kind "{of}" is declared to assess it against',
                of=rollup.of,
            ),
        )
    elif rollup.criterion is not None:
        declared = index.criterion_ids(rollup.of)
        if rollup.criterion not in declared:
            add(
                ("criterion",),
                RuleError(
                    "unknown_criterion",
                    'criterion {id} is not declared for kind "{of}"',
                    id=rollup.criterion,
                    of=rollup.of,
                ),
            )
    elif rollup.criteria_min is not None and rollup.criteria_min > total:
        add(
            ("criteria_min",),
            RuleError(
                "criteria_min_range",
                "{got} is more than the {n} criteria of kind {of}",
                got=rollup.criteria_min,
                n=total,
                of=rollup.of,
            ),
        )
    if rollup.within is not None:
        district = index.by_id.get(rollup.within)
        if district is None or district.kind != "district":
            districts = [u.id for u in doc.unit if u.kind == "district"]
            add(
                ("within",),
                RuleError(
                    "not_a_district",
                    '"{got}" is not a district',
                    got=rollup.within,
                    suggestion=nearest(rollup.within, districts or list(index.by_id)),
                ),
            )
