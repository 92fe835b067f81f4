"""Writing a unit's assessments and recognitions into the file (SPEC §12.4, with §6's rules).

`ntm record UNIT --year Y --unmet 13,17 | --unmet none | --met-count K | --recognised STD |
--revoked STD`, and `import --units` through `record_units`: each change is decided against
what the file holds (a different value is refused without `force`; an equal one is left as
written: `unmet` lists compare as sets), the text is edited with tomlkit (comments, key order
and layout kept), the result is validated as the file is read, and only then written,
atomically. A unit's tables are small, so there is no fast path as for targets.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ntm_cli.data import Document, Unit
from ntm_cli.errors import NtmError, Problem

UnitTable = Literal["unmet", "met_count", "recognised", "revoked"]
UNIT_TABLES: tuple[UnitTable, ...] = ("unmet", "met_count", "recognised", "revoked")
UnitValue = tuple[int, ...] | int

_LIST = re.compile(r"^\s*[0-9]+(\s*[,;]\s*[0-9]+)*\s*$")


@dataclass(frozen=True)
class UnitWanted:
    """One value to set: `unmet[2020] = (13, 17)`, `met_count[2020] = 17`,
    `recognised["ntm"] = 2020`, `revoked["advanced"] = 2023`."""

    unit_id: str
    table: UnitTable
    slot: int | str  # the year (unmet, met_count) or the standard (recognised, revoked)
    value: UnitValue


@dataclass(frozen=True)
class UnitChange:
    unit_id: str
    index: int
    table: UnitTable
    slot: int | str
    old: UnitValue | None
    new: UnitValue
    changed: bool


def parse_unmet(text: str, option: str = "--unmet") -> tuple[int, ...]:
    """`13,17` (or `13;17`, `13, 17`) as the criteria ascending; `none` (or `[]`) as none."""
    if text.strip().lower() in ("none", "[]", "không"):
        return ()
    if not _LIST.match(text):
        raise NtmError.one("unmet_option", None, option=option, got=text)
    numbers = [int(part) for part in re.split(r"[,;]", text)]
    if len(set(numbers)) != len(numbers):
        raise NtmError.one("unmet_option", None, option=option, got=text)
    return tuple(sorted(numbers))


def parse_count(text: str, option: str = "--met-count") -> int:
    stripped = text.strip()
    if not stripped.isascii() or not stripped.isdigit():
        raise NtmError.one("count_option", None, option=option, got=text)
    return int(stripped)


def unit_index(doc: Document, unit_id: str) -> int | None:
    for position, unit in enumerate(doc.unit):
        if unit.id == unit_id:
            return position
    return None


def _stored(unit: Unit, table: UnitTable, slot: int | str) -> UnitValue | None:
    found: Any = getattr(unit, table).get(slot)
    return found  # type: ignore[no-any-return]


def _same(old: UnitValue | None, new: UnitValue) -> bool:
    if isinstance(old, tuple) and isinstance(new, tuple):
        return set(old) == set(new)  # lists compare as sets (SPEC §12.4)
    return old == new


def decide(
    doc: Document, shown: str, wanted: Sequence[UnitWanted], force: bool
) -> list[UnitChange]:
    """What each wanted value changes; a different stored value without `force` is refused,
    saying old and new (SPEC §6)."""
    from ntm_cli.write import unknown_id

    changes: list[UnitChange] = []
    for one in wanted:
        index = unit_index(doc, one.unit_id)
        if index is None:
            raise unknown_id(one.unit_id, [u.id for u in doc.unit], shown)
        old = _stored(doc.unit[index], one.table, one.slot)
        same = old is not None and _same(old, one.value)
        if old is not None and not same and not force:
            raise NtmError(
                [
                    Problem(
                        "value_set",
                        {"old": _shown(old), "new": _shown(one.value)},
                        file=shown,
                        target_id=one.unit_id,
                        field=f"{one.table}.{one.slot}",
                        table="unit",
                    )
                ]
            )
        changes.append(
            UnitChange(one.unit_id, index, one.table, one.slot, old, one.value, not same)
        )
    return changes


def _shown(value: UnitValue) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


def shown_value(value: UnitValue | None) -> str:
    """A unit's value as the file writes it: `[13, 17]`, `17`, `2020`."""
    return "" if value is None else _shown(value)


def edit(text: str, changes: Sequence[UnitChange]) -> str:
    """The file's text with each changed value set, everything else as written."""
    import tomlkit
    from tomlkit.items import InlineTable, Table

    document = tomlkit.parse(text)
    units: Any = document["unit"]
    for change in changes:
        if not change.changed:
            continue
        unit = units[change.index]
        key = str(change.slot)
        value: Any = list(change.new) if isinstance(change.new, tuple) else change.new
        if isinstance(value, list):
            array = tomlkit.array()
            array.extend(value)
            value = array
        table = unit.get(change.table)
        if table is None:
            inline = tomlkit.parse(f"x = {{ {key} = {_shown(change.new)} }}\n")["x"]
            _add_own_key(unit, change.table, inline)
        elif isinstance(table, InlineTable):
            unit[change.table] = _inline_with(table, key, value)
        elif isinstance(table, Table) or hasattr(table, "__setitem__"):
            table[key] = value
    return tomlkit.dumps(document)


def _inline_with(item: Any, key: str, value: Any) -> Any:
    """The inline table with `key` set, keeping the padding before its closing brace and the
    comment after it (tomlkit alone writes "{ 2020 = [], 2021 = []}")."""
    import tomlkit

    padded = item.as_string().rstrip().endswith(" }")
    item[key] = value
    if not padded:
        return item
    written = item.as_string().rstrip()
    if written.endswith(" }"):
        return item
    rebuilt: Any = tomlkit.parse(f"x = {written[:-1]} }}\n")["x"]
    for part in ("indent", "comment_ws", "comment", "trail"):
        setattr(rebuilt.trivia, part, getattr(item.trivia, part))
    return rebuilt


def _add_own_key(unit: Any, key: str, item: Any) -> None:
    """Add `key = item` among the unit's own keys, before any sub-table it has."""
    from tomlkit.items import Table

    names = list(unit.keys())
    sub_tables = [n for n in names if isinstance(unit[n], Table) and not unit[n].is_super_table()]
    if not sub_tables:
        unit[key] = item
        return
    # Rebuild the order: own keys, the new one, then the sub-tables.
    held = {name: unit[name] for name in sub_tables}
    for name in sub_tables:
        del unit[name]
    unit[key] = item
    for name, table in held.items():
        unit[name] = table


def record_units(
    loaded: Any, wanted: Sequence[UnitWanted], force: bool, dry_run: bool = False
) -> list[UnitChange]:
    """Decide, edit, validate and (unless `dry_run`) write the file `loaded` holds
    (`load.Loaded`, read under the writers' lock). All or nothing."""
    from ntm_cli.load import parse_toml, validate
    from ntm_cli.write import atomic_write

    changes = decide(loaded.doc, loaded.shown, wanted, force)
    if not any(change.changed for change in changes):
        return changes
    text = edit(loaded.text, changes)
    validate(parse_toml(text, loaded.shown), text, loaded.shown)  # refused: nothing written
    if not dry_run:
        bom = b"\xef\xbb\xbf" if loaded.bom else b""
        atomic_write(loaded.path, bom + text.encode("utf-8"), loaded.shown)
    return changes
