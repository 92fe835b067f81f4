"""Writing the targets file (SPEC §6): `init`, `record` and the edits `import` makes, one
writer at a time (the lock), never over a read-only file, through `output.atomic_write`."""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ntm_cli.errors import NtmError, Problem
from ntm_cli.output import atomic_write, write_error
from ntm_cli.targets_file.data import PlanValue, Range
from ntm_cli.targets_file.rules import RuleError, RuleErrors

if TYPE_CHECKING:
    from ntm_cli.targets_file.data import Document, Target
    from ntm_cli.targets_file.load import Loaded


# --- writers that wait for each other (SPEC §6) -----------------------------------------------

# How long a writer waits for another before it gives up and says the file is busy.
LOCK_TIMEOUT = 10.0


def lock_path(path: Path) -> Path:
    """`.targets.toml.lock` beside the file (beside the file a link leads to, so that two
    links to one file share one lock)."""
    real = Path(os.path.realpath(path))
    return real.parent / f".{real.name}.lock"


@contextlib.contextmanager
def locked(path: Path, shown: str) -> Iterator[None]:
    """Hold the file's lock while reading, deciding and writing it: a second `record`,
    `import` or `init --force` waits here (up to LOCK_TIMEOUT seconds, then NtmError
    "file_busy"), and reads the file only once the first has replaced it, so neither update
    is lost. filelock takes an fcntl lock on POSIX (the kernel drops it when a writer dies,
    so a killed writer never blocks the next) and the platform's own elsewhere. Where the
    folder does not exist there is nothing to lock: reading the file reports it missing."""
    from filelock import FileLock, Timeout

    lock_file = lock_path(path)
    if not lock_file.parent.is_dir():
        yield
        return
    lock = FileLock(str(lock_file), timeout=LOCK_TIMEOUT)
    try:
        lock.acquire()
    except Timeout:
        raise NtmError.one("file_busy", shown, seconds=round(LOCK_TIMEOUT)) from None
    except OSError as exc:
        raise write_error(exc, shown) from None
    try:
        yield
    finally:
        lock.release()


def refuse_read_only(path: Path, shown: str) -> None:
    """SPEC §5: a targets file whose owner may not write it is not replaced, whoever runs ntm
    (root too), even where the folder would allow the rename that replaces it. On Windows
    Python reports the read-only attribute as this same missing bit."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # a missing or unreadable file is reported when it is read
    if not mode & stat.S_IWUSR:
        raise NtmError.one("file_read_only", shown)


def _resource(name: str) -> str:
    from importlib.resources import files

    return (files("ntm_cli") / "data" / name).read_text(encoding="utf-8")


def starter_text(example: bool, units: bool = False, this_year: int | None = None) -> str:
    """The text `ntm init` writes: a commented blank template, or Can Tho's 2020 figures;
    with `units`, followed by the two standards and the 19 criteria of 2021–2025 (SPEC §12)."""
    text = _resource("example.toml" if example else "template.toml")
    # The template pins the reporting year (this year) and plans for it, so that `check`
    # does not move to another year when a later figure is recorded.
    text = text.replace("@YEAR@", str(this_year if this_year is not None else _today_year()))
    return text + _resource("units-2021-2025.toml") if units else text


def _today_year() -> int:
    import datetime

    year = datetime.date.today().year
    return min(max(year, 1900), 2100)


def init(path: Path, shown: str, example: bool, force: bool, units: bool = False) -> None:
    """Write a starter file that validates as written; never over a file without `force`."""
    from ntm_cli.targets_file.load import parse_toml, validate

    if path.is_dir():
        raise NtmError.one("file_is_dir", shown)
    if path.exists() and not force:
        raise NtmError.one("exists", shown)
    text = starter_text(example, units)
    validate(parse_toml(text, shown), text, shown)
    if not os.path.lexists(path):
        atomic_write(path, text.encode("utf-8"), shown)
        return
    with locked(path, shown):  # --force over a file another ntm may be writing
        refuse_read_only(path, shown)
        atomic_write(path, text.encode("utf-8"), shown)


# --- ntm record and ntm import ----------------------------------------------------------------

Table = Literal["plan", "actual", "estimate", "ytd", "ytd_estimate"]
TABLES: tuple[Table, ...] = ("plan", "actual", "estimate")  # the year tables

# A number as TOML writes it, but with a decimal comma: "96,5", "-0,25", "1_000,5".
_COMMA_NUMBER = re.compile(r"[+-]?[0-9](?:_?[0-9])*,[0-9](?:_?[0-9])*")


def _bad_value(code: str, option: str, **params: Any) -> NtmError:
    return NtmError([Problem(code, params, field=option)])


def _number(text: str, option: str, whole: str) -> int | float | bool:
    """One value typed on the command line: a TOML number or boolean, or a decimal comma."""
    import math

    from ntm_cli.errors import describe, show_text
    from ntm_cli.targets_file.load import _toml_parser

    text = typed = text.strip()
    if "," in text:
        if "." in text or not _COMMA_NUMBER.fullmatch(text):
            raise _bad_value("value_marks", option, got=describe(whole))
        text = text.replace(",", ".")
    loads, decode_error = _toml_parser()
    try:
        value = loads(f"v = {text}")["v"] if text else text
    except (decode_error, RecursionError):
        value = text
    if isinstance(value, bool) or (isinstance(value, int | float) and math.isfinite(value)):
        return value
    if isinstance(value, float) and math.isinf(value) and any(c.isdigit() for c in typed):
        # 1e400 reads as infinity: too large, said as typed (`inf` itself is no number)
        raise _bad_value("number_range", option, got=show_text(typed))
    raise _bad_value("value_hint", option, got=describe(value if text else whole))


# A range written as a report writes it, and as `ntm import` reads it: `8–8,5`, `7.5 - 8`.
_DASH_RANGE = re.compile(r"\s*([+-]?[0-9][0-9_.,]*)\s*[-–—]\s*([+-]?[0-9][0-9_.,]*)\s*")


def parse_value(text: str, option: str = "--actual") -> PlanValue:
    """A value typed after `option`: 96.5, 36, 1_000, a decimal comma (96,5), true or false;
    for `--plan` also a range LOW..HIGH (7,5..8), or with a dash as import reads it (8–8,5)."""
    dashed = _DASH_RANGE.fullmatch(text) if ".." not in text else None
    if ".." not in text and dashed is None:
        return _number(text, option, text)
    if option != "--plan":
        raise _bad_value("value_range_not_plan", option, got=text.strip())
    if dashed is not None:
        low_text, high_text = dashed.group(1), dashed.group(2)
    else:
        low_text, _, high_text = text.partition("..")
    if ".." in high_text:
        raise _bad_value("value_range_hint", option, got=text.strip())
    low, high = _number(low_text, option, text), _number(high_text, option, text)
    if isinstance(low, bool) or isinstance(high, bool):
        raise _bad_value("value_range_hint", option, got=text.strip())
    if not low < high:
        raise _bad_value("value_range_order", option, low=toml_value(low), high=toml_value(high))
    return Range(low, high)


def toml_value(value: PlanValue) -> str:
    """The value as ntm writes it in the file; a range as `[7.5, 8]`."""
    if isinstance(value, Range):
        return f"[{toml_value(value.low)}, {toml_value(value.high)}]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def same_value(old: PlanValue | None, new: PlanValue) -> bool:
    """Numerically equal (36 and 36.0; a range bound by bound): not a different value. A
    boolean equals only a boolean, although Python holds True == 1."""
    if old is None:
        return False
    if isinstance(old, Range) or isinstance(new, Range):
        return (
            isinstance(old, Range)
            and isinstance(new, Range)
            and same_value(old.low, new.low)
            and same_value(old.high, new.high)
        )
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    return old == new


@dataclass(frozen=True)
class Wanted:
    """One value to record: `ntm record` asks for one, `ntm import` for many."""

    target_id: str
    table: Table
    year: int
    value: PlanValue
    period: str | None = None  # "YYYY-MM" for `ytd` and `ytd_estimate` (SPEC §13)

    @property
    def slot(self) -> int | str:
        """The key in its table: the year, or the period."""
        return self.period if self.period is not None else self.year


@dataclass(frozen=True)
class Change:
    target_id: str
    table: Table
    year: int
    old: PlanValue | None
    new: PlanValue
    period: str | None = None  # "YYYY-MM" for `ytd` and `ytd_estimate` (SPEC §13)

    @property
    def slot(self) -> int | str:
        """The key in its table: the year, or the period."""
        return self.period if self.period is not None else self.year

    @property
    def changed(self) -> bool:
        """False when the file already holds this value (or one numerically equal)."""
        return not same_value(self.old, self.new)


def record(
    path: Path, shown: str, target_id: str, table: str, year: int, value: str, force: bool
) -> Change:
    """Set plan, actual or estimate of one target for one year (`ntm record`), keeping every
    other byte of the file; `value` as typed on the command line."""
    if table not in TABLES:
        raise ValueError(f"not a table of year values: {table}")
    new = parse_value(value, f"--{table}")
    wanted = Wanted(target_id, table, year, new)
    return record_many(path, shown, [wanted], force)[0]


def record_many(
    path: Path, shown: str, wanted: list[Wanted], force: bool, dry_run: bool = False
) -> list[Change]:
    """Record every wanted value in one atomic write, all or nothing (`ntm import`).

    The file must be valid before. A value equal to the stored one changes nothing; a different
    one is refused without `force`; an unknown id is refused. Every refusal is listed in one
    NtmError and nothing is written. The result is validated before it is written. With
    `dry_run` the same changes are computed, and the same errors raised, but nothing written."""
    from ntm_cli.targets_file.load import load

    if dry_run:
        return record_loaded(load(path, shown), wanted, force, dry_run)
    with locked(path, shown):
        refuse_read_only(path, shown)
        return record_loaded(load(path, shown), wanted, force, dry_run)


def record_loaded(
    loaded: Loaded, wanted: list[Wanted], force: bool, dry_run: bool = False
) -> list[Change]:
    """`record_many` on a file already read and validated (`load.load`): a command that needs
    the file before it records (`ntm import` matches the sheet's rows to its targets) reads
    and validates it once, not twice. `loaded` must be what the file holds now."""
    changes = decide(loaded.doc, loaded.shown, wanted, force)
    if not any(change.changed for change in changes):
        return changes
    text = edit(loaded.text, loaded.doc, changes, loaded.shown)
    if not dry_run:
        bom = b"\xef\xbb\xbf" if loaded.bom else b""
        atomic_write(loaded.path, bom + text.encode("utf-8"), loaded.shown)
    return changes


def decide(doc: Document, shown: str, wanted: list[Wanted], force: bool) -> list[Change]:
    """What recording `wanted` into `doc` changes, in order; NtmError listing every refusal.
    A value wanted twice is compared with the first: the second must agree or be forced."""
    ids = {target.id: index for index, target in enumerate(doc.target)}
    current: dict[tuple[str, str, int | str], PlanValue] = {}
    changes: list[Change] = []
    refused: list[Problem] = []
    for one in wanted:
        where = f"{one.table}.{one.slot}"
        if one.target_id not in ids:
            refused.extend(unknown_id(one.target_id, list(ids), shown).problems)
            continue
        if isinstance(one.value, Range) and one.table != "plan":
            refused.append(
                Problem(
                    "value_range_not_plan",
                    {"got": toml_value(one.value)},
                    file=shown,
                    target_id=one.target_id,
                    field=where,
                )
            )
            continue
        key = (one.target_id, one.table, one.slot)
        target = doc.target[ids[one.target_id]]
        old = current.get(key, getattr(target, one.table).get(one.slot))
        if old is not None and not force and not same_value(old, one.value):
            refused.append(
                Problem(
                    "value_set",
                    {"old": old, "new": one.value},
                    file=shown,
                    target_id=one.target_id,
                    field=where,
                )
            )
            continue
        if not same_value(old, one.value):
            current[key] = one.value
        changes.append(Change(one.target_id, one.table, one.year, old, one.value, one.period))
    if refused:
        raise NtmError(refused)
    return changes


def edit(text: str, doc: Document, changes: list[Change], shown: str) -> str:
    """The file's text with `changes` made, validated; NtmError (located in the whole file)
    when the result would be invalid. Only the changed targets' blocks are edited and checked
    where the layout allows (SPEC §6); else the whole document goes through tomlkit."""
    wanted = [change for change in changes if change.changed]
    # Year-to-date figures (keys "YYYY-MM") take the general path.
    fast = None if any(c.period for c in wanted) else edit_fast(text, doc, wanted)
    if fast is not None:
        return fast
    return edit_slow(text, doc, wanted, shown)


def edit_slow(text: str, doc: Document, changes: list[Change], shown: str) -> str:
    """Every layout TOML allows: the whole document parsed and written back by tomlkit."""
    import tomlkit

    from ntm_cli.targets_file.load import parse_toml, validate

    document = tomlkit.parse(text)
    ids = {target.id: index for index, target in enumerate(doc.target)}
    for change in changes:
        if change.period is not None:
            _set_period(document, ids[change.target_id], change.table, change.period, change.new)
        else:
            _set_year(document, ids[change.target_id], change.table, change.year, change.new)
    result = document.as_string()
    if "\r\n" in text:
        result = re.sub(r"(?<!\r)\n", "\r\n", result)
    validate(parse_toml(result, shown), result, shown)
    return result


def _item(value: PlanValue) -> Any:
    """A tomlkit item written exactly as `toml_value` writes it."""
    import tomlkit

    return tomlkit.parse(f"v = {toml_value(value)}\n")["v"]


def _inline_with(item: Any, year: int, value: PlanValue) -> Any:
    """The inline table `item` with `year` set, keeping the user's padding and the comment
    after it (tomlkit alone would write "{ 2020 = 4, 2021 = 5}")."""
    import tomlkit

    written = item.as_string().rstrip()
    edited = _inline_edit(written[1:-1], year, value)
    if edited is None:  # a layout the textual edit does not know: let tomlkit write it
        item[str(year)] = _item(value)
        return item
    rebuilt: Any = tomlkit.parse(f"x = {{{edited}}}\n")["x"]
    for part in ("indent", "comment_ws", "comment", "trail"):
        setattr(rebuilt.trivia, part, getattr(item.trivia, part))
    return rebuilt


def _set_year(document: Any, index: int, key: str, year: int, value: PlanValue) -> None:
    """Set target[index][key][year] keeping the style the user chose: inline `{ 2020 = 5 }`,
    a `[target.plan]` table, or dotted `plan.2020 = 5`; a new year goes in year order, after
    the latest earlier year (first when none is earlier), as the fast path puts it. Only
    tomlkit's public API: where it cannot insert at a position, the table is rebuilt item by
    item in the order wanted, so the result is the same under every tomlkit version."""
    import tomlkit
    from tomlkit.items import InlineTable

    targets = document["target"]
    target = targets[index]
    container = target.get(key)
    if container is None:
        entry = f"{key} = {{ {year} = {toml_value(value)} }}"
        if isinstance(target, InlineTable):  # target = [ { id = …, … } ]
            written = target.as_string().rstrip()
            inner = written[1:-1]
            kept = inner.rstrip()
            padding = inner[len(kept) :] or " "
            separator = " " if not kept.strip() else ", "
            rebuilt: Any = tomlkit.parse(f"x = {{{kept}{separator}{entry}{padding}}}\n")["x"]
            for part in ("indent", "comment_ws", "comment", "trail"):
                setattr(rebuilt.trivia, part, getattr(target.trivia, part))
            targets[index] = rebuilt
        else:
            _add_after_own_keys(document, index, key, tomlkit.parse(entry + "\n")[key])
    elif isinstance(container, InlineTable):
        target[key] = _inline_with(container, year, value)
    elif str(year) in container:
        container[str(year)] = _item(value)
    elif _is_dotted(target, key):  # plan.2020 = 5: append, then move the later years after it
        later = sorted((k for k in container if k.isdigit() and int(k) > year), key=int)
        container[str(year)] = _item(value)
        for each in later:
            moved = container[each]
            del container[each]
            container[each] = moved
    else:  # a [target.plan] sub-table
        body = container.value.body
        earlier = [
            (int(name.key), number)
            for number, (name, _) in enumerate(body)
            if name is not None and name.key.isdigit() and int(name.key) < year
        ]
        at = max(earlier)[1] + 1 if earlier else 0  # after the latest earlier year
        target[key] = _with_item(container, at, str(year), _item(value))


# --- year-to-date figures (SPEC §13): `ytd = { "2024-09" = 780 }` -------------------------------

# An entry of an inline period table: `"2024-09" = 780`.
_PERIOD_ENTRY = re.compile(
    r"""[ \t]*(?:"([0-9]{4}-[0-9]{2})"|'([0-9]{4}-[0-9]{2})')[ \t]*=[ \t]*(\S(?:.*\S)?)[ \t]*"""
)


def _period_inline_edit(content: str, period: str, value: PlanValue) -> str | None:
    """The inside of an inline period table with `period` set, keeping its spacing and the
    other values as written: replaced where it stands, else inserted in period order. None
    for a layout this does not know (then tomlkit writes it)."""
    parts = content.split(",")
    if not content.strip():
        return f' "{period}" = {toml_value(value)} '
    entries = [_PERIOD_ENTRY.fullmatch(part) for part in parts]
    if any(match is None for match in entries):
        return None
    written = toml_value(value)
    keys = [(m.group(1) or m.group(2)) for m in entries if m is not None]
    for number, match in enumerate(entries):
        assert match is not None
        if keys[number] == period:
            part = parts[number]
            parts[number] = part[: match.start(3)] + written + part[match.end(3) :]
            return ",".join(parts)
    entry = f'"{period}" = {written}'
    later = [number for number, key in enumerate(keys) if key > period]
    if later:
        first = parts[later[0]]
        indent = first[: len(first) - len(first.lstrip())]
        parts.insert(later[0], indent + entry)
        parts[later[0] + 1] = " " + first.lstrip()
        return ",".join(parts)
    last = parts[-1]
    trailing = last[len(last.rstrip()) :]
    parts[-1] = last.rstrip()
    return ",".join([*parts, " " + entry + trailing])


def _set_period(document: Any, index: int, key: str, period: str, value: PlanValue) -> None:
    """Set target[index][key][period] in the style the file uses: an inline table (edited as
    text, so that the other values stay as written), a `[target.ytd]` sub-table or dotted
    keys; the key always quoted, as SPEC §13 writes it, and in period order."""
    import tomlkit
    from tomlkit.items import InlineTable, KeyType, SingleKey

    target = document["target"][index]
    container = target.get(key)
    if container is None:
        entry = tomlkit.parse(f'{key} = {{ "{period}" = {toml_value(value)} }}\n')[key]
        if isinstance(target, InlineTable):
            target[key] = entry
        else:
            _add_after_own_keys(document, index, key, entry)
        return
    if isinstance(container, InlineTable):
        written = container.as_string().rstrip()
        edited = _period_inline_edit(written[1:-1], period, value)
        if edited is not None:
            rebuilt: Any = tomlkit.parse(f"x = {{{edited}}}\n")["x"]
            for part in ("indent", "comment_ws", "comment", "trail"):
                setattr(rebuilt.trivia, part, getattr(container.trivia, part))
            target[key] = rebuilt
            return
    if period in container:
        container[period] = _item(value)
        return
    later = sorted(k for k in container if k > period)
    container[SingleKey(period, KeyType.Basic)] = _item(value)
    for each in later:  # keep period order: the later ones go after the new one
        moved = container[each]
        del container[each]
        container[SingleKey(each, KeyType.Basic)] = moved


def _is_dotted(target: Any, key: str) -> bool:
    """Whether target's `key` is written as dotted keys (`plan.2020 = 5`)."""
    return any(
        name is not None and name.key == key and name.is_dotted() for name, _ in target.value.body
    )


def _with_item(table: Any, at: int, key: str, item: Any) -> Any:
    """A copy of the tomlkit table `table` (its header comment, items, comments and blank
    lines as written) with `key = item` placed before its body's item number `at`."""
    import tomlkit

    rebuilt = tomlkit.table()
    rebuilt.value.parsing(True)  # take every item as it is, as the parser does
    for number, (name, each) in enumerate([*table.value.body, (None, None)]):
        if number == at:
            rebuilt.value.append(key, item)
        if each is not None:
            rebuilt.value.append(name, each)
    rebuilt.value.parsing(False)
    for part in ("indent", "comment_ws", "comment", "trail"):
        setattr(rebuilt.trivia, part, getattr(table.trivia, part))
    return rebuilt


def _add_after_own_keys(document: Any, index: int, key: str, item: Any) -> None:
    """Put a new key on the line after the target's last own key, before any comment or
    blank line that follows it (tomlkit alone adds it after them and drops a blank line)."""
    from tomlkit.items import AoT, Table

    targets = document["target"]
    target = targets[index]
    body = target.value.body
    own = [n for n, (name, value) in enumerate(body) if name is not None]
    own = [n for n in own if not isinstance(body[n][1], Table | AoT)]
    if own and own[-1] + 1 < len(body):
        tables = list(targets)
        tables[index] = _with_item(target, own[-1] + 1, key, item)
        document["target"] = AoT(tables, name="target", parsed=True)
    else:
        target[key] = item


# --- the fast path: edit only the changed targets' blocks -------------------------------------

# Entries of an inline year table: `2020 = 5`, `"2021" = [7.5, 8]`.
_ENTRY = re.compile(
    r"""[ \t]*(?:([0-9]{4})|"([0-9]{4})"|'([0-9]{4})')[ \t]*=[ \t]*(\S(?:.*\S)?)[ \t]*"""
)


def entry_spans(content: str) -> list[tuple[int, int]]:
    """(start, end) of each entry in an inline table's inside: split at the commas outside a
    range's brackets; [] for an empty table."""
    spans: list[tuple[int, int]] = []
    depth, start = 0, 0
    # Only a range's brackets hold commas that do not end an entry; without one, find the
    # commas alone (a character loop over 10,000 tables of an import is a tenth of a second).
    commas = re.finditer("," if "[" not in content else r"[\[\],]", content)
    for mark in commas:
        char, position = mark.group(), mark.start()
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif depth == 0:
            spans.append((start, position))
            start = position + 1
    spans.append((start, len(content)))
    if len(spans) == 1 and not content.strip():
        return []
    return spans


def _entries(content: str) -> list[tuple[int, int, int, int, int]] | None:
    """(year, start, end, value start, value end) of each entry in an inline table's inside;
    None when it holds anything else."""
    found: list[tuple[int, int, int, int, int]] = []
    for first, last in entry_spans(content):
        match = _ENTRY.fullmatch(content, first, last)
        if match is None:
            return None
        year = int(match.group(1) or match.group(2) or match.group(3))
        found.append((year, first, last, match.start(4), match.end(4)))
    return found


def _inline_edit(content: str, year: int, value: PlanValue) -> str | None:
    """The inside of an inline year table with `year` set: a value replaced where it stands,
    a new year inserted in year order with the table's own spacing."""
    entries = _entries(content)
    if entries is None:
        return None
    written = toml_value(value)
    for entry_year, _, _, value_start, value_end in entries:
        if entry_year == year:
            return content[:value_start] + written + content[value_end:]
    entry = f"{year} = {written}"
    if not entries:
        return " " + entry + (content or " ")
    for entry_year, first, _, value_start, _ in entries:
        if entry_year > year:
            at = first + len(content[first:value_start]) - len(content[first:value_start].lstrip())
            return content[:at] + entry + ", " + content[at:]
    end = entries[-1][4]
    return content[:end] + ", " + entry + content[end:]


def target_index(doc: Document, target_id: str, shown: str) -> int:
    """Where the target with this id is in the file; else the error naming close ids."""
    ids = [t.id for t in doc.target]
    if target_id not in ids:
        raise unknown_id(target_id, ids, shown)
    return ids.index(target_id)


def unknown_id(target_id: str, ids: list[str], shown: str) -> NtmError:
    """The error for an id the file does not have, naming the ids that are close."""
    import difflib

    def likeness(candidate: str) -> float:
        # Compare with the whole id and with its start, so "incme" finds "income-per-capita".
        head = candidate[: len(target_id) + 1]
        whole = difflib.SequenceMatcher(None, target_id, candidate).ratio()
        return max(whole, difflib.SequenceMatcher(None, target_id, head).ratio())

    ranked = sorted(ids, key=likeness, reverse=True)
    best = likeness(ranked[0]) if ranked else 0.0
    close = [c for c in ranked[:3] if likeness(c) >= max(0.6, best - 0.15)]
    if close:
        return NtmError.one("unknown_id", shown, id=target_id, ids=", ".join(close))
    return NtmError.one("unknown_id_list", shown, id=target_id, ids=", ".join(ids[:10]))


# A line that opens a table: `[[target]]`, `[target.plan]  # comment`.
_HEADER_START = re.compile(r"^[ \t]*\[", re.MULTILINE)
_SUB_TABLES = frozenset({"target.plan", "target.actual", "target.estimate", "target.baseline"})
# `plan = { … }   # comment` on one line of a target's own keys.
_INLINE_LINE = re.compile(
    r"([ \t]*(plan|actual|estimate)[ \t]*=[ \t]*\{)([^{}#\n]*)(\}[ \t]*(?:#[^\n]*)?\r?\n?)"
)
# `2021 = 36   # comment` in a `[target.plan]` sub-table.
_YEAR_LINE = re.compile(
    r"""([ \t]*(?:([0-9]{4})|"([0-9]{4})"|'([0-9]{4})')[ \t]*=[ \t]*)"""
    r"(\[[^\]#\n]*\]|[^\s#\[\]]+)([ \t]*(?:#[^\n]*)?\r?\n?)"
)
_TABLE_KEY = re.compile(r"""[ \t]*["']?(plan|actual|estimate)["']?[ \t]*[.=]""")


def _target_blocks(text: str, count: int) -> list[tuple[int, int]] | None:
    """Where each `[[target]]` block is in the text (start, end), from its header to the next
    header that is not one of its sub-tables; None for any layout not known here."""
    from ntm_cli.targets_file.load import _header

    starts: list[int] = []
    ends: list[int] = []
    for found in _HEADER_START.finditer(text):
        line_end = text.find("\n", found.start())
        header = _header(text[found.start() : line_end if line_end >= 0 else len(text)])
        if header is None:
            return None
        name, is_array = header
        if not is_array and name in _SUB_TABLES:
            if not starts:
                return None
            continue
        if len(ends) < len(starts):
            ends.append(found.start())
        if is_array and name == "target":
            starts.append(found.start())
        elif is_array or name != "program":
            return None
    if len(ends) < len(starts):
        ends.append(len(text))
    if len(starts) != count:
        return None
    return list(zip(starts, ends, strict=True))


def _edit_block(block: str, table: str, year: int, value: PlanValue, newline: str) -> str | None:
    """One target's block with table[year] set, edited as text; None when its layout is not
    one ntm writes (inline year tables and year sub-tables)."""
    # Not splitlines(): it also breaks at U+2028 and other marks that TOML strings may hold.
    pieces = block.split("\n")
    lines = [piece + "\n" for piece in pieces[:-1]]
    if pieces[-1]:
        lines.append(pieces[-1])
    section = ""
    last_key = 0  # the target's last own key line: a new table goes after it
    header_at: int | None = None
    for number, line in enumerate(lines[1:], start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("["):
            section = stripped[1:].split("]")[0].replace(" ", "").replace("\t", "")
            if section == f"target.{table}":
                header_at = number
            continue
        if section == "":
            last_key = number
            match = _TABLE_KEY.match(line)
            if match is None or match.group(1) != table:
                continue
            inline = _INLINE_LINE.fullmatch(line)
            if inline is None:
                return None
            edited = _inline_edit(inline.group(3), year, value)
            if edited is None:
                return None
            lines[number] = inline.group(1) + edited + inline.group(4)
            return "".join(lines)
        elif section == f"target.{table}" and _YEAR_LINE.fullmatch(line) is None:
            return None
    if header_at is not None:
        return _sub_table_edit(lines, header_at, year, value, newline)
    new_line = f"{table} = {{ {year} = {toml_value(value)} }}{newline}"
    if not lines[last_key].endswith("\n"):
        return None
    lines.insert(last_key + 1, new_line)
    return "".join(lines)


def _sub_table_edit(
    lines: list[str], header_at: int, year: int, value: PlanValue, newline: str
) -> str | None:
    """Set `year` in the `[target.<table>]` sub-table whose header is lines[header_at]."""
    insert_after, before, years = header_at, 0, 0
    for number in range(header_at + 1, len(lines)):
        line = lines[number]
        if line.lstrip().startswith("["):
            break
        match = _YEAR_LINE.fullmatch(line)
        if match is None:
            continue
        entry_year = int(match.group(2) or match.group(3) or match.group(4))
        years += 1
        if entry_year == year:
            lines[number] = match.group(1) + toml_value(value) + match.group(6)
            return "".join(lines)
        if before < entry_year < year:  # after the latest earlier year, as tomlkit puts it
            insert_after, before = number, entry_year
    if not years or not lines[insert_after].endswith("\n"):
        return None  # tomlkit puts the first year of an empty table after its comments
    lines.insert(insert_after + 1, f"{year} = {toml_value(value)}{newline}")
    return "".join(lines)


def edit_fast(text: str, doc: Document, changes: list[Change]) -> str | None:
    """`changes` made by editing only the changed targets' blocks of the text, each block
    validated alone and held to the target it must now be; None where anything is not as
    expected (another layout, a value the file would refuse), for the general path to do."""
    from dataclasses import replace

    if '"""' in text or "'''" in text:  # a multi-line string could hide a header line
        return None
    blocks = _target_blocks(text, len(doc.target))
    if blocks is None:
        return None
    newline = "\r\n" if "\r\n" in text else "\n"
    ids = {target.id: index for index, target in enumerate(doc.target)}
    by_target: dict[int, list[Change]] = {}
    for change in changes:
        by_target.setdefault(ids[change.target_id], []).append(change)
    pieces: list[str] = []
    done = 0
    for index in sorted(by_target):
        start, end = blocks[index]
        block: str | None = text[start:end]
        target = doc.target[index]
        for change in by_target[index]:
            assert block is not None
            block = _edit_block(block, change.table, change.year, change.new, newline)
            if block is None:
                return None
            values = dict(getattr(target, change.table))
            values[change.year] = change.new
            updated: dict[str, Any] = {change.table: values}
            target = replace(target, **updated)
        assert block is not None
        if not _lines_are(text[start:end], block, target) and not _block_is(block, target):
            return None
        pieces += [text[done:start], block]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _lines_are(before: str, after: str, expected: Target) -> bool:
    """Whether the edited block is certainly `expected`, known from its changed lines alone;
    False where the whole block must be read to tell (`_block_is`).

    Parsing 10,000 whole blocks is most of what an import of 10,000 values costs; their
    `plan = { … }` lines are a third of them. This answers only when every changed line
    replaced, in place, an inline year table among the target's own keys (the layout ntm
    writes): the line was then a whole TOML expression of the valid block (no multi-line
    string can hide it, and an array holds values, never `key = …`), so the block now reads
    as before with that table as the line says. The line, read alone, must give the table
    of `expected` value for value, by the rules the file is read with."""
    from ntm_cli.targets_file import fastcheck
    from ntm_cli.targets_file.load import parse_toml

    old_lines, new_lines = before.split("\n"), after.split("\n")
    if len(old_lines) != len(new_lines):
        return False  # a line was added: where it went is the whole block's to say
    # Nothing changed says nothing about `expected`: the whole block tells.
    changed: list[str] = []
    tables: set[str] = set()
    for old, new in zip(old_lines[1:], new_lines[1:], strict=True):
        if old.lstrip().startswith("["):
            break  # the target's own keys end at its first sub-table
        if old == new:
            continue
        was, now = _INLINE_LINE.fullmatch(old), _INLINE_LINE.fullmatch(new)
        if was is None or now is None or was.group(2) != now.group(2):
            return False
        changed.append(new)
        tables.add(now.group(2))
    if (
        not changed
        or len(changed) != len(tables)
        or len(changed) != sum(a != b for a, b in zip(old_lines, new_lines, strict=True))
    ):
        return False
    try:
        read = parse_toml("\n".join(changed), "")
        for table in tables:
            values = fastcheck.TARGET.rules[table](read.pop(table))
            wanted = getattr(expected, table)
            if values.keys() != wanted.keys() or not all(
                same_value(values[year], wanted[year]) for year in wanted
            ):
                return False
        expected.check()
    except (NtmError, KeyError, RuleError, RuleErrors):
        return False
    return not read


def _block_is(block: str, expected: Target) -> bool:
    """Whether the block, read alone and validated as the file is, is exactly `expected`."""
    from ntm_cli.targets_file.load import parse_toml, validate

    try:
        parsed = validate(parse_toml(block, ""), block, "")
    except NtmError:
        return False
    return len(parsed.target) == 1 and _same_target(parsed.target[0], expected)


def _same_target(one: Target, other: Target) -> bool:
    # Dataclass equality holds True == 1; the tables are compared kind for kind.
    if one != other:
        return False
    for table in TABLES:
        mine, theirs = getattr(one, table), getattr(other, table)
        if any(not same_value(mine[year], theirs[year]) for year in mine):
            return False
    return True
