"""The rules that span tables (SPEC §12.1, `unit_rules.py`) on a file some of whose entries
failed their own checks, so that `validate` lists every problem in one run (SPEC §5).

The pydantic models judge the tables together only once every entry has passed its own checks.
Here each `[[target]]`, `[[standard]]`, `[[criterion]]` and `[[unit]]` is read on its own: one
that passes is kept as read; one that fails stands in its place as a stub (a unit: every key
that passes its own rule; a target: its id and `rollup`; the others: the id and kind the other
entries depend on, where those pass), with placeholders where they do not. Positions therefore
stay those of the file. The rules then run on that document, and a problem is kept only where
the keys that failed cannot have caused it: none at a failed unit that reads one of its failed
keys (`_needs`), none at another failed entry (but an id used twice), none naming a placeholder,
none that depends on what a failed entry left unknown (a criterion whose id or kind failed makes
"not declared" and the counts of criteria unknown; a unit whose kind failed cannot be judged a
district or not).

Pure: the parsed TOML in, `unit_rules.Located` out. Run only when the file has problems.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

from ntm_cli.targets_file import fastcheck, unit_rules
from ntm_cli.targets_file.data import Document, Program, Target
from ntm_cli.targets_file.rules import RuleError, RuleErrors
from ntm_cli.targets_file.unit_data import Criterion, Rollup, Standard, Unit

# No id of the file can hold a NUL (ids are [a-z0-9._-]); criteria are numbered from 1.
PLACEHOLDER = "\x00"
ANY = "*"  # any kind, any id
_ARRAYS = ("target", "standard", "criterion", "unit")
# Problems that count the criteria of a kind.
_COUNTS = frozenset(
    {"no_criteria", "met_count_range", "met_count_unmet", "criteria_min_range", "buckets_edge"}
)
# Problems that an entry's own readable keys decide, reported even where that entry failed.
_OWN_IDS = frozenset({"duplicate_unit", "duplicate_standard", "duplicate_criterion"})


@dataclass
class Unknown:
    """What the entries that failed leave unknown."""

    failed: set[tuple[str, int]] = field(default_factory=set)  # (table, position)
    target_ids: bool = False  # a target whose id failed: any id may be a target's
    rollups: set[int] = field(default_factory=set)  # failed targets whose rollup passes
    standard_ids: bool = False  # a standard whose id failed: any name may be declared, at
    # any rank (the last of two standards of one id gives its rank)
    # (kind, id) of criteria that failed, ANY where that key failed
    criteria: set[tuple[str, Any]] = field(default_factory=set)
    criterion_kinds: bool = False  # a criterion whose kind failed: no count of a kind is known
    unit_ids: bool = False  # a unit whose id failed: any id may be a unit (the last of
    # two units of one id is the one a `parent` names)
    unit_kinds: set[str] = field(default_factory=set)  # ids of units whose kind failed
    unit_spans: set[str] = field(default_factory=set)  # ids of units whose from or until failed
    # position -> the keys of a unit that failed (ANY: a key that is not a unit's)
    unit_keys: dict[int, frozenset[str]] = field(default_factory=dict)

    def criterion_unsure(self, kind: str, number: Any) -> bool:
        return any(k in (kind, ANY) and i in (number, ANY) for k, i in self.criteria)


def involved(raw: dict[str, Any]) -> bool:
    """Whether the file uses anything of §12 (as `unit_rules.involved`, on the raw tables)."""
    if any(name in raw for name in ("unit", "standard", "criterion")):
        return True
    program = raw.get("program")
    if isinstance(program, dict) and ("buckets" in program or "district_rule" in program):
        return True
    targets = raw.get("target")
    return isinstance(targets, list) and any(
        isinstance(item, dict) and "rollup" in item for item in targets
    )


def problems(raw: dict[str, Any]) -> list[unit_rules.Located]:
    """The cross-table problems of the file that the entries which failed cannot have caused,
    in the order `unit_rules.problems` finds them."""
    if not involved(raw):
        return []
    unknown = Unknown()
    doc = Document(
        _targets(raw, unknown),
        _program(raw),
        _standards(raw, unknown),
        _criteria(raw, unknown),
        _units(raw, unknown),
    )
    units = {unit.id: unit for unit in doc.unit}  # the last of an id, as `Units.by_id`
    districts = [unit.id for unit in doc.unit if unit.kind == "district"]
    return [
        (loc, error)
        for loc, error in unit_rules.problems(doc)
        if _judged(loc, error, unknown, units, districts)
    ]


def _judged(
    loc: tuple[Any, ...],
    error: RuleError,
    unknown: Unknown,
    units: dict[str, Unit],
    districts: list[str],
) -> bool:
    """Whether the problem stands whatever the entries that failed turn out to hold."""
    context = error.context
    if any(_placeholder(value) for value in context.values()):
        return False
    kind = error.kind
    if loc[0] == "unit" and loc[1] in unknown.unit_keys:
        if unknown.unit_keys[loc[1]] & _needs(kind, loc):
            return False
    elif (
        loc[0] in _ARRAYS
        and (loc[0], loc[1]) in unknown.failed
        and kind not in _OWN_IDS
        and not (loc[0] == "target" and loc[1] in unknown.rollups)
    ):
        return False
    if kind in ("unknown_standard", "recognised_lower", "recognised_after_withdrawal"):
        return not unknown.standard_ids
    if kind == "unknown_criterion":
        return not unknown.criterion_unsure(context["of"], context["id"])
    if kind in _COUNTS:
        return not unknown.criterion_kinds
    if kind == "not_a_district":
        return _not_a_district(context, unknown, units, districts)
    if kind == "year_outside_parent":
        return not unknown.unit_ids and context["parent"] not in unknown.unit_spans
    if kind == "duplicate_unit":
        return not unknown.target_ids  # the first of an id may be a target
    return True


def _needs(kind: str, loc: tuple[Any, ...]) -> set[str]:
    """The keys of a unit that a problem at it reads: any of them failing, the problem may
    not stand. Its id names it; `from` after `until` stops every other check."""
    if kind == "duplicate_unit":
        return {"id"}
    named = {str(loc[2])} if len(loc) > 2 else set()
    found = {"id", "from", "until", ANY, *named}
    if kind in ("district_parent", "not_a_district", "year_outside_parent"):
        return found | {"kind", "parent"}
    if kind in (
        "recognised_lower",
        "revoked_unrecognised",
        "revoked_before",
        "recognised_after_withdrawal",
    ):
        return found | {"recognised", "revoked"}
    if kind in ("no_criteria", "unknown_criterion", "met_count_range", "met_count_unmet"):
        return found | {"kind", "unmet", "met_count"}
    if kind in ("until_before_from", "unknown_standard", "year_outside_unit"):
        return found
    return found | set(fastcheck.table("Unit").rules)  # a rule not known here: every key


def _not_a_district(
    context: dict[str, Any], unknown: Unknown, units: dict[str, Unit], districts: list[str]
) -> bool:
    """Whether "not a district" stands, and its "did you mean" with it: no unit whose id
    failed (it may be the one named), the unit named not one whose kind failed, and the
    nearest district the same whatever kind those turn out to have."""
    if unknown.unit_ids:
        return False
    named = units.get(context["got"])
    if named is not None and named.id in unknown.unit_kinds:
        return False
    if not unknown.unit_kinds:
        return True
    if not districts:
        # The nearest was sought among every unit: none there, none among any of them.
        return context.get("suggestion") is None
    widest = unit_rules.nearest(context["got"], [*districts, *unknown.unit_kinds])
    return widest == context.get("suggestion")


def _placeholder(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(PLACEHOLDER)


def _entries(raw: dict[str, Any], name: str) -> list[Any] | None:
    """The entries of an array of tables; None when the key holds something else."""
    items = raw.get(name, [])
    return items if type(items) is list else None


def _read(name: str, item: Any) -> Any | None:
    """The entry as the models read it; None if it fails its own checks."""
    try:
        value = fastcheck.table(_KINDS[name]).read(item)
        if name == "target":
            value.check()
        return value
    except (RuleError, RuleErrors):
        pass
    from pydantic import ValidationError

    from ntm_cli.targets_file import model

    try:
        return model.TABLES[name].model_validate(item).to_data()  # type: ignore[attr-defined]
    except ValidationError:
        return None


_KINDS: dict[str, type] = {
    "target": Target,
    "standard": Standard,
    "criterion": Criterion,
    "unit": Unit,
}


def _key(name: str, item: Any, key: str) -> tuple[bool, Any]:
    """(True, value) for a key of a failed entry that passes its own rule or is absent
    (its value None), (False, None) for one that fails."""
    if not isinstance(item, dict):
        return False, None
    if key not in item:
        return True, None
    try:
        return True, fastcheck.table(_KINDS[name]).rules[key](item[key])
    except (RuleError, RuleErrors):
        return False, None


def _id(name: str, item: Any) -> str | None:
    readable, value = _key(name, item, "id")
    return value if readable and value is not None else None


def _targets(raw: dict[str, Any], unknown: Unknown) -> list[Target]:
    found: list[Target] = []
    items = _entries(raw, "target")
    if items is None:
        unknown.target_ids = True
    for position, item in enumerate(items or []):
        target = _read("target", item)
        if target is None:
            unknown.failed.add(("target", position))
            given = _id("target", item)
            if given is None:
                unknown.target_ids = True
            rollup = _rollup(item) if given is not None else None
            if rollup is not None:
                unknown.rollups.add(position)
            target = Target(given or f"{PLACEHOLDER}target{position}", "", rollup=rollup)
        found.append(target)
    return found


def _rollup(item: Any) -> Rollup | None:
    """The `rollup` of a target that failed, where it passes its own rules: what its
    problems read (the rest of the target, the other keys' rules, do not change them)."""
    if not isinstance(item, dict) or "rollup" not in item:
        return None
    try:
        rollup: Rollup = fastcheck.table("Rollup").read(item["rollup"])
        rollup.check()
    except (RuleError, RuleErrors):
        return None
    return rollup


def _program(raw: dict[str, Any]) -> Program:
    """The keys of `[program]` that the rules read, where they pass their own rules."""
    program = raw.get("program")
    if not isinstance(program, dict):
        return Program()
    values: dict[str, Any] = {}
    for key in ("buckets", "district_rule"):
        if key in program:
            with contextlib.suppress(RuleError, RuleErrors):
                values[key] = fastcheck.PROGRAM.rules[key](program[key])
    return Program(**values)


def _standards(raw: dict[str, Any], unknown: Unknown) -> list[Standard]:
    items = _entries(raw, "standard")
    if items is None:
        unknown.standard_ids = True
        return []
    found: list[Standard] = []
    for position, item in enumerate(items):
        standard = _read("standard", item)
        if standard is None:
            unknown.failed.add(("standard", position))
            given = _id("standard", item)
            if given is None:
                unknown.standard_ids = True
            # It keeps its rank: the standards above it still need it.
            standard = Standard(given or f"{PLACEHOLDER}standard{position}", "")
        found.append(standard)
    return found


def _criteria(raw: dict[str, Any], unknown: Unknown) -> list[Criterion]:
    items = _entries(raw, "criterion")
    if items is None:
        unknown.criterion_kinds = True
        unknown.criteria.add((ANY, ANY))
        return []
    found: list[Criterion] = []
    for position, item in enumerate(items):
        criterion = _read("criterion", item)
        if criterion is None:
            unknown.failed.add(("criterion", position))
            kind_known, kind = _key("criterion", item, "kind")
            id_known, number = _key("criterion", item, "id")
            id_known = id_known and number is not None
            if not kind_known:
                unknown.criterion_kinds = True
            kind = (kind or "commune") if kind_known else PLACEHOLDER
            if not (kind_known and id_known):
                unknown.criteria.add((kind if kind_known else ANY, number if id_known else ANY))
            # It counts among the criteria of its kind, under a number no unit can name.
            criterion = Criterion(number if id_known else -1 - position, "", kind=kind)
        found.append(criterion)
    return found


def _units(raw: dict[str, Any], unknown: Unknown) -> list[Unit]:
    items = _entries(raw, "unit")
    if items is None:
        unknown.unit_ids = True
        return []
    found: list[Unit] = []
    for position, item in enumerate(items):
        unit = _read("unit", item)
        if unit is None:
            unit = _unit_stub(item, position, unknown)
        found.append(unit)
    return found


def _unit_stub(item: Any, position: int, unknown: Unknown) -> Unit:
    """A unit that failed: every key that passes its own rule, the others left out and
    named in `unknown.unit_keys` (ANY for a key that is not one of a unit's)."""
    unknown.failed.add(("unit", position))
    table = fastcheck.table("Unit")
    values: dict[str, Any] = {}
    bad: set[str] = set()
    if isinstance(item, dict):
        for key, value in item.items():
            rule = table.rules.get(key)
            if rule is None:
                bad.add(ANY)
                continue
            try:
                values[table.aliases.get(key) or key] = rule(value)
            except (RuleError, RuleErrors):
                bad.add(key)
        bad |= {key for key in table.required if key not in item}
    else:
        bad = {ANY, *table.required}
    if "id" in bad:
        unknown.unit_ids = True
        values["id"] = f"{PLACEHOLDER}unit{position}"
    if "kind" in bad:
        unknown.unit_kinds.add(values["id"])
        values["kind"] = PLACEHOLDER
    if bad & {"from", "until"}:
        unknown.unit_spans.add(values["id"])
    values["name"] = values.get("name", "")
    unknown.unit_keys[position] = frozenset(bad)
    return Unit(**values)
