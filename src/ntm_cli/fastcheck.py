"""Accept a valid targets file without importing pydantic.

Importing pydantic and building ntm's models is most of what a short ntm run costs (~65 ms of
~130). A valid file does not need them: this walks the parsed TOML with the same rules
(`rules.py`) and builds the same dataclasses (`data.py`). At the first doubt it gives up and
returns None, and the pydantic models (`model.py`) check the file and word every problem. So
it only ever says yes; tests check that on any input its yes agrees with the models, value for
value, and that it says yes to every valid example file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ntm_cli import data, rules
from ntm_cli.rules import RuleError

Rule = Callable[[Any], Any]


def _choice(allowed: tuple[str, ...]) -> Rule:
    def check(value: Any) -> str:
        if type(value) is str and value in allowed:
            return value
        raise RuleError("literal_error", "")

    return check


# The keys of each table and their rules; tests check these against the pydantic models.
PROGRAM_FIELDS: dict[str, Rule] = {
    "name": rules.text,
    "region": rules.text,
    "source": rules.text,
    "lang": _choice(rules.LANGS),
    "near_pct": rules.near_pct,
}
TARGET_FIELDS: dict[str, Rule] = {
    "id": rules.target_id,
    "name": rules.name,
    "name_en": rules.name,
    "group": rules.text,
    "unit": rules.text,
    "direction": _choice(rules.DIRECTIONS),
    "total": rules.total,
    "near_pct": rules.near_pct,
    "gate": _choice(rules.GATES),
    "source": rules.text,
    "note": rules.text,
}
TABLES = ("plan", "actual")
REQUIRED = ("id", "name")


def _year_table(raw: Any) -> dict[int, data.Value]:
    if type(raw) is not dict:
        raise RuleError("dict_type", "")
    table: dict[int, data.Value] = {}
    for key, item in raw.items():
        common = rules.fast_entry(key, item)
        if common is None:
            raise RuleError("year_table", "")
        table[common[0]] = common[1]
    return table


def _target(raw: Any) -> data.Target:
    if type(raw) is not dict or any(key not in raw for key in REQUIRED):
        raise RuleError("target", "")
    fields: dict[str, Any] = {}
    for key, item in raw.items():
        rule = TARGET_FIELDS.get(key)
        if rule is not None:
            fields[key] = rule(item)
        elif key in TABLES:
            fields[key] = _year_table(item)
        elif key == "baseline":
            if type(item) is not dict or set(item) != {"year", "value"}:
                raise RuleError("baseline", "")
            fields[key] = data.Baseline(rules.year(item["year"]), rules.value(item["value"]))
        else:
            raise RuleError("extra_forbidden", "")
    target = data.Target(**fields)
    rules.one_kind(target.plan, target.actual)
    return target


def document(raw: dict[str, Any]) -> data.Document | None:
    """The file's contents if they are certainly valid; None if the models must look."""
    try:
        if set(raw) - {"program", "target"}:
            return None
        program_raw = raw.get("program", {})
        targets_raw = raw.get("target")
        if type(program_raw) is not dict or type(targets_raw) is not list or not targets_raw:
            return None
        program_fields: dict[str, Any] = {}
        for key, item in program_raw.items():
            rule = PROGRAM_FIELDS.get(key)
            if rule is None:
                return None
            program_fields[key] = rule(item)
        if rules.duplicate_ids(targets_raw):
            return None
        targets = [_target(item) for item in targets_raw]
        return data.Document(targets, data.Program(**program_fields))
    except (RuleError, RecursionError):
        return None
