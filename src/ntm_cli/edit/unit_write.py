"""Writing a unit's assessments and recognitions into the file (SPEC §12.4, with §6's rules).

`ntm record UNIT --year Y --unmet 13,17 | --unmet none | --met-count K | --recognised STD |
--revoked STD`, and `import --units` through `record_units`: each change is decided against
what the file holds (a different value is refused without `force`; an equal one is left as
written: `unmet` lists compare as sets), the text is edited with tomlkit (comments, key order
and layout kept), the result is validated as the file is read, and only then written,
atomically. In the layout ntm writes (inline tables among a unit's own keys) only the changed
lines are edited and read back, and the document checked by the file's rules: a national file
of 8,000 communes takes a year's matrix in about the time it takes to read it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from ntm_cli.errors import NtmError, Problem
from ntm_cli.targets_file.data import Document
from ntm_cli.targets_file.rules import RuleError, RuleErrors
from ntm_cli.targets_file.unit_data import Unit

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
    saying old and new (SPEC §6). Every refusal is listed in one NtmError. A value wanted
    twice is compared with the first."""
    from ntm_cli.edit.write import unknown_id

    positions = {unit.id: position for position, unit in enumerate(doc.unit)}
    current: dict[tuple[str, str, int | str], UnitValue] = {}
    changes: list[UnitChange] = []
    refused: list[Problem] = []
    for one in wanted:
        index = positions.get(one.unit_id)
        if index is None:
            refused.extend(unknown_id(one.unit_id, [u.id for u in doc.unit], shown).problems)
            continue
        key = (one.unit_id, one.table, one.slot)
        old = current.get(key, _stored(doc.unit[index], one.table, one.slot))
        same = old is not None and _same(old, one.value)
        if old is not None and not same and not force:
            refused.append(
                Problem(
                    "value_set",
                    {"old": _shown(old), "new": _shown(one.value)},
                    file=shown,
                    target_id=one.unit_id,
                    field=f"{one.table}.{one.slot}",
                    table="unit",
                )
            )
            continue
        if not same:
            current[key] = one.value
        changes.append(
            UnitChange(one.unit_id, index, one.table, one.slot, old, one.value, not same)
        )
    if refused:
        raise NtmError(refused)
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
    loaded: Any,
    wanted: Sequence[UnitWanted],
    force: bool,
    dry_run: bool = False,
    added: Sequence[Unit] = (),
) -> list[UnitChange]:
    """Decide, edit, validate and (unless `dry_run`) write the file `loaded` holds
    (`load.Loaded`, read under the writers' lock), the units `added` appended (`import
    --units --add-units`). All or nothing."""
    from ntm_cli.output import atomic_write

    changes = decide(loaded.doc, loaded.shown, wanted, force)
    if not added and not any(change.changed for change in changes):
        return changes
    text = edited(loaded.text, loaded.doc, changes, added, loaded.shown)
    if not dry_run:
        bom = b"\xef\xbb\xbf" if loaded.bom else b""
        atomic_write(loaded.path, bom + text.encode("utf-8"), loaded.shown)
    return changes


def edited(
    text: str, doc: Document, changes: Sequence[UnitChange], added: Sequence[Unit], shown: str
) -> str:
    """The file's text with `changes` made and `added` appended, validated (NtmError located
    in the whole file when the result would be invalid): in ntm's layout by editing only the
    changed lines (an import of a national matrix changes 8,000 units), else with tomlkit."""
    from ntm_cli.targets_file.load import parse_toml, validate

    wanted = [change for change in changes if change.changed]
    fast = _edit_fast(text, doc, wanted, added, updated(doc, wanted, added))
    if fast is not None:
        return fast
    result = edit(text, wanted) if wanted else text
    if added:
        result = _appended(result, added)
    validate(parse_toml(result, shown), result, shown)  # refused: nothing written
    return result


def updated(doc: Document, changes: Sequence[UnitChange], added: Sequence[Unit]) -> Document:
    """The document with `changes` made and `added` appended."""
    units = list(doc.unit)
    for change in changes:
        unit = units[change.index]
        values = dict(getattr(unit, change.table))
        values[change.slot] = (
            tuple(sorted(change.new)) if isinstance(change.new, tuple) else change.new
        )
        table: dict[str, Any] = {change.table: values}
        units[change.index] = replace(unit, **table)
    return replace(doc, unit=[*units, *added])


def _reads_as(
    raw: Any, expected: dict[Any, UnitValue], changes: Sequence[UnitChange], table: str
) -> bool:
    """Whether a changed line, read back, is the table `expected`: the same keys, and the
    changed entries as wanted. The other entries' text is as it was in the valid file, so
    they still say what they said; a table the edit added is read whole by the file's rule."""
    from ntm_cli.targets_file import fastcheck

    if type(raw) is not dict or set(raw) != {str(key) for key in expected}:
        return False
    if not any(change.table == table for change in changes):
        return False
    if len(raw) <= len(changes):
        return bool(fastcheck.table("Unit").rules[table](raw) == expected)
    for change in changes:
        if change.table != table:
            continue
        value = raw[str(change.slot)]
        wanted = expected[change.slot]
        if isinstance(wanted, tuple):
            if type(value) is not list or tuple(value) != wanted:
                return False
        elif type(value) is not int or value != wanted:
            return False
    return True


def unit_text(unit: Unit, newline: str) -> str:
    """A new `[[unit]]` table as ntm writes one: its own keys, then inline tables."""
    import tomli_w

    keys: dict[str, Any] = {"id": unit.id, "name": unit.name, "kind": unit.kind}
    if unit.parent is not None:
        keys["parent"] = unit.parent
    lines = ["[[unit]]", *tomli_w.dumps(keys).splitlines()]
    for table in UNIT_TABLES:
        values: dict[Any, UnitValue] = getattr(unit, table)
        if values:
            inside = ", ".join(f"{key} = {_shown(value)}" for key, value in values.items())
            lines.append(f"{table} = {{ {inside} }}")
    return newline.join(lines) + newline


def _appended(text: str, added: Sequence[Unit]) -> str:
    newline = "\r\n" if "\r\n" in text else "\n"
    if text and not text.endswith("\n"):
        text += newline
    return text + "".join(newline + unit_text(unit, newline) for unit in added)


# --- ntm's layout: the changed lines only -------------------------------------------------------

_HEADER_START = re.compile(r"^[ \t]*\[", re.MULTILINE)
_INLINE = re.compile(
    r"([ \t]*(unmet|met_count|recognised|revoked)[ \t]*=[ \t]*\{)([^{}#\n]*)"
    r"(\}[ \t]*(?:#[^\n]*)?\r?\n?)"
)
_TABLE_KEY = re.compile(r"""[ \t]*["']?(unmet|met_count|recognised|revoked)["']?[ \t]*[.=]""")
_ENTRY = re.compile(
    r"""[ \t]*(?:"([^"\\]*)"|'([^']*)'|([A-Za-z0-9_-]+))[ \t]*=[ \t]*(\S(?:.*\S)?)[ \t]*"""
)


def _unit_blocks(text: str, count: int) -> list[tuple[int, int]] | None:
    """Where each `[[unit]]` block is (start, end); None for a layout not known here (a
    sub-table of a unit, a header that cannot be read, units written inline)."""
    from ntm_cli.targets_file.load import _header

    if '"""' in text or "'''" in text:  # a multi-line string could hide a header line
        return None
    starts: list[int] = []
    ends: list[int] = []
    for found in _HEADER_START.finditer(text):
        line_end = text.find("\n", found.start())
        header = _header(text[found.start() : line_end if line_end >= 0 else len(text)])
        if header is None:
            return None
        name, is_array = header
        if name.startswith("unit."):
            return None
        if len(ends) < len(starts):
            ends.append(found.start())
        if is_array and name == "unit":
            starts.append(found.start())
    if len(ends) < len(starts):
        ends.append(len(text))
    return list(zip(starts, ends, strict=True)) if len(starts) == count else None


def _entries(content: str) -> list[tuple[str, int, int, int]] | None:
    """(key, start, value start, value end) of each entry inside an inline table; None when it
    holds anything else."""
    from ntm_cli.edit.write import entry_spans

    found: list[tuple[str, int, int, int]] = []
    for first, last in entry_spans(content):
        match = _ENTRY.fullmatch(content, first, last)
        if match is None:
            return None
        key = match.group(1) if match.group(1) is not None else match.group(2) or match.group(3)
        found.append((key, first, match.start(4), match.end(4)))
    return found


def _inline_set(content: str, key: int | str, value: str) -> str | None:
    """The inside of an inline table with `key = value` set: replaced where it stands, or
    added (a year in year order, a standard last)."""
    entries = _entries(content)
    if entries is None:
        return None
    for entry_key, _, value_start, value_end in entries:
        if entry_key == str(key):
            return content[:value_start] + value + content[value_end:]
    entry = f"{key} = {value}"
    if not entries:
        return " " + entry + (content or " ")
    if isinstance(key, int):
        for entry_key, first, value_start, _ in entries:
            if entry_key.isdigit() and int(entry_key) > key:
                gap = content[first:value_start]
                at = first + len(gap) - len(gap.lstrip())
                return content[:at] + entry + ", " + content[at:]
    end = entries[-1][3]
    return content[:end] + ", " + entry + content[end:]


def _edit_block(
    block: str, changes: Sequence[UnitChange], newline: str
) -> tuple[str, list[str]] | None:
    """One unit's block with `changes` made, and the lines changed or added (to be checked);
    None for a layout ntm does not write."""
    pieces = block.split("\n")
    lines = [piece + "\n" for piece in pieces[:-1]]
    if pieces[-1]:
        lines.append(pieces[-1])
    touched: dict[int, None] = {}
    for change in changes:
        value = _shown(change.new)
        at: int | None = None
        last_key = 0
        for number in range(1, len(lines)):
            stripped = lines[number].strip()
            if not stripped or stripped.startswith("#"):
                continue
            last_key = number
            key = _TABLE_KEY.match(lines[number])
            if key is not None and key.group(1) == change.table:
                at = number
        if at is None:
            if not lines[last_key].endswith("\n"):
                return None
            lines.insert(last_key + 1, f"{change.table} = {{ {change.slot} = {value} }}{newline}")
            touched = {(n + 1 if n > last_key else n): None for n in touched}
            touched[last_key + 1] = None
            continue
        inline = _INLINE.fullmatch(lines[at])
        if inline is None:
            return None
        inside = _inline_set(inline.group(3), change.slot, value)
        if inside is None:
            return None
        lines[at] = inline.group(1) + inside + inline.group(4)
        touched[at] = None
    return "".join(lines), [lines[n].rstrip("\r\n") for n in touched]


def _edit_fast(
    text: str,
    doc: Document,
    changes: Sequence[UnitChange],
    added: Sequence[Unit],
    expected: Document,
) -> str | None:
    """The changes made by editing only the changed lines, which are then read back and held
    to what they must now say, and the whole document checked by the file's rules; None
    where anything is not as expected, for the general path to do."""
    from ntm_cli.targets_file import fastcheck, unit_rules
    from ntm_cli.targets_file.load import parse_toml

    blocks = _unit_blocks(text, len(doc.unit))
    if blocks is None:
        return None
    newline = "\r\n" if "\r\n" in text else "\n"
    by_unit: dict[int, list[UnitChange]] = {}
    for change in changes:
        by_unit.setdefault(change.index, []).append(change)
    pieces: list[str] = []
    checked: list[str] = []
    positions: list[int] = []
    done = 0
    for position in sorted(by_unit):
        start, end = blocks[position]
        edited = _edit_block(text[start:end], by_unit[position], newline)
        if edited is None:
            return None
        block, lines = edited
        pieces += [text[done:start], block]
        done = end
        checked.append(f"[u{len(positions)}]")
        checked += lines
        positions.append(position)
    pieces.append(text[done:])
    edited_text = "".join(pieces)
    result = _appended(edited_text, added) if added else edited_text
    try:
        read = parse_toml("\n".join(checked), "") if checked else {}
        for number, position in enumerate(positions):
            raw = read.pop(f"u{number}")
            unit = expected.unit[position]
            for table, values in raw.items():
                if not _reads_as(values, getattr(unit, table), by_unit[position], table):
                    return None
        if read:
            return None
        if added:
            appended = parse_toml(result[len(edited_text) :], "").get("unit", [])
            if [fastcheck.table("Unit").read(raw) for raw in appended] != list(added):
                return None
    except (NtmError, KeyError, RuleError, RuleErrors):
        return None
    touched = [*positions, *range(len(doc.unit), len(expected.unit))]
    if unit_rules.unit_problems(expected, touched, bool(added)):
        return None  # the general path words every problem, located
    return result
