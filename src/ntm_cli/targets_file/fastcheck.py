"""Accept a valid targets file without importing pydantic.

Importing pydantic and building ntm's models is most of what a short ntm run costs (~65 ms of
~130). A valid file does not need them: this walks the parsed TOML with the rules that
`data.py` declares for each key and builds the same dataclasses. At the first doubt it gives
up and returns None, and the pydantic models (`model.py`, derived from the same declarations)
check the file and word every problem. So it only ever says yes; tests check that on any
input its yes agrees with the models, value for value.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any

from ntm_cli.targets_file import data, rules
from ntm_cli.targets_file.rules import RuleError, RuleErrors


@dataclasses.dataclass(frozen=True, eq=False)
class Table:
    """What one table of the file may hold, read off its dataclass."""

    kind: type
    rules: dict[str, rules.Rule]
    nested: dict[str, type | str]  # the key -> its declaration (`table` gives its Table)
    required: frozenset[str]
    aliases: dict[str, str]  # the key as written -> the dataclass field (`from` -> `from_`)

    @classmethod
    def of(cls, kind: type) -> Table:
        checks: dict[str, rules.Rule] = {}
        nested: dict[str, type | str] = {}
        required: set[str] = set()
        aliases: dict[str, str] = {}
        for item in dataclasses.fields(kind):
            if item.metadata.get("internal"):
                continue
            name = item.metadata.get("alias", item.name)
            if name != item.name:
                aliases[name] = item.name
            if "nested" in item.metadata:
                nested[name] = item.metadata["nested"]
            else:
                checks[name] = item.metadata["rule"]
            if item.default is dataclasses.MISSING and item.default_factory is dataclasses.MISSING:
                required.add(name)
        return cls(kind, checks, nested, frozenset(required), aliases)

    def read(self, raw: Any) -> Any:
        if type(raw) is not dict or not self.required.issubset(raw):
            raise RuleError("table", "")
        values: dict[str, Any] = {}
        checks = self.rules
        for name, item in raw.items():
            rule = checks.get(name)
            if rule is not None:
                values[name] = rule(item)
            elif name in self.nested:
                values[name] = table(self.nested[name]).read(item)
            else:
                raise RuleError("extra_forbidden", "")
        for name, field in self.aliases.items():
            if name in values:
                values[field] = values.pop(name)
        return self.kind(**values)


@functools.cache
def table(kind: type | str) -> Table:
    """The Table of a declaration: a dataclass, or the name of one of `unit_data.py`, which is
    imported when a file first needs it (a file without units never does)."""
    if isinstance(kind, str):
        from ntm_cli.targets_file import unit_data

        kind = unit_data.declared(kind)
    return Table.of(kind)


PROGRAM = table(data.Program)
TARGET = table(data.Target)
_TABLES = frozenset({"program", "target", "standard", "criterion", "unit"})
_UNIT_TABLES = frozenset({"standard", "criterion", "unit"})


def _list(raw: dict[str, Any], name: str, table: Table) -> list[Any]:
    items = raw.get(name, [])
    if type(items) is not list:
        raise RuleError("table", "")
    return [table.read(item) for item in items]


def document(raw: dict[str, Any]) -> data.Document | None:
    """The file's contents if they are certainly valid; None if the models must look."""
    try:
        if not _TABLES.issuperset(raw):
            return None
        targets_raw = raw.get("target", [])
        if type(targets_raw) is not list or not (targets_raw or raw.get("unit")):
            return None
        program = PROGRAM.read(raw.get("program", {}))
        if rules.duplicate_ids(targets_raw):
            return None
        targets: list[data.Target] = []
        for item in targets_raw:
            target = TARGET.read(item)
            target.check()
            targets.append(target)
        if (
            not _UNIT_TABLES.intersection(raw)
            and program.buckets is None
            and program.district_rule is None
            and not any(target.rollup is not None for target in targets)
        ):
            return data.Document(targets, program)  # no units: as fast as before
        doc = data.Document(
            targets,
            program,
            _list(raw, "standard", table("Standard")),
            _list(raw, "criterion", table("Criterion")),
            _list(raw, "unit", table("Unit")),
        )
        from ntm_cli.targets_file import unit_rules

        return None if unit_rules.problems(doc) else doc
    except (RuleError, RuleErrors, RecursionError):
        return None
