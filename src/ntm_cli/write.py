"""Writing files without ever leaving a half-written one (SPEC §6)."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ntm_cli.errors import NtmError, Problem

if TYPE_CHECKING:
    from ntm_cli.data import Document


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write(path: Path, data: bytes, shown: str | None = None) -> None:
    """Replace `path` with `data`: a temporary file in the same directory, flushed and fsynced,
    then renamed over the original, keeping its permissions. On any failure the original is
    untouched and the temporary file removed."""
    shown = shown or str(path)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = _new_file_mode()
    except OSError as exc:
        raise NtmError.one("write_failed", shown, reason=exc.strerror or str(exc)) from None
    if path.is_dir():
        raise NtmError.one("file_is_dir", shown)
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
        temporary = None
        _sync_directory(directory)
    except OSError as exc:
        raise NtmError.one("write_failed", shown, reason=exc.strerror or str(exc)) from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _sync_directory(directory: Path) -> None:
    # Makes the rename itself durable; not possible on every platform, so best effort.
    with contextlib.suppress(OSError):
        handle = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _resource(name: str) -> str:
    from importlib.resources import files

    return (files("ntm_cli") / "data" / name).read_text(encoding="utf-8")


def starter_text(example: bool) -> str:
    """The text `ntm init` writes: a commented blank template, or Can Tho's 2020 figures."""
    return _resource("example.toml" if example else "template.toml")


def init(path: Path, shown: str, example: bool, force: bool) -> None:
    """Write a starter file that validates as written; never over a file without `force`."""
    from ntm_cli.load import parse_toml, validate

    if path.exists() and not force:
        raise NtmError.one("exists", shown)
    text = starter_text(example)
    validate(parse_toml(text, shown), text, shown)
    atomic_write(path, text.encode("utf-8"), shown)


# --- ntm record ----------------------------------------------------------------------------------


def parse_value(text: str, option: str = "--actual") -> int | float | bool:
    """A value as it would be written in the file: 96.1, 36, 1_000, true, false."""
    import math

    from ntm_cli.load import _toml_parser

    loads, decode_error = _toml_parser()
    try:
        value = loads(f"v = {text.strip()}")["v"]
    except (decode_error, RecursionError):
        value = text
    if isinstance(value, bool) or (isinstance(value, int | float) and math.isfinite(value)):
        return value
    from ntm_cli.errors import describe

    raise NtmError([Problem("not_a_value", {"got": describe(value)}, field=option)])


def toml_value(value: int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


@dataclass(frozen=True)
class Change:
    target_id: str
    table: str  # "plan" or "actual"
    year: int
    old: int | float | bool | None
    new: int | float | bool


def _inline_with(item: Any, entry: str) -> Any:
    """The inline table `item` with `entry` ("2021 = 5") added, keeping the user's padding
    and the comment after it (tomlkit alone would write "{ 2020 = 4, 2021 = 5}")."""
    import tomlkit

    inner = item.as_string().rstrip()[:-1]
    kept = inner.rstrip()
    padding = inner[len(kept) :] or " "
    separator = " " if kept == "{" else ", "
    rebuilt = tomlkit.parse(f"x = {kept}{separator}{entry}{padding}}}\n")["x"]
    for part in ("indent", "comment_ws", "comment", "trail"):
        setattr(rebuilt.trivia, part, getattr(item.trivia, part))
    return rebuilt


def _set_year(targets: Any, index: int, key: str, year: int, value: int | float | bool) -> None:
    """Set targets[index][key][year] keeping the style the user chose: inline `{ 2020 = 5 }`,
    a `[target.plan]` table, or dotted `plan.2020 = 5`."""
    import tomlkit
    from tomlkit.items import InlineTable

    target = targets[index]
    entry = f"{year} = {toml_value(value)}"
    container = target.get(key)
    if container is None:
        if isinstance(target, InlineTable):  # target = [ { id = …, … } ]
            targets[index] = _inline_with(target, f"{key} = {{ {entry} }}")
        else:
            target[key] = tomlkit.parse(f"{key} = {{ {entry} }}\n")[key]
    elif isinstance(container, InlineTable) and str(year) not in container:
        target[key] = _inline_with(container, entry)
    else:
        container[str(year)] = value


def record(
    path: Path, shown: str, target_id: str, table: str, year: int, value: str, force: bool
) -> Change:
    """Set plan or actual of one target for one year, in place, keeping every other byte.

    The file must be valid before, and the result is validated before it is written: a change
    that would make the file invalid is refused and the file left untouched."""
    import re

    import tomlkit

    from ntm_cli.load import load, parse_toml, validate

    loaded = load(path, shown)
    new = parse_value(value, f"--{table}")
    index = target_index(loaded.doc, target_id, shown)
    old = getattr(loaded.doc.target[index], table).get(year)
    change = Change(target_id, table, year, old, new)
    if old is not None and old == new and type(old) is type(new):
        return change
    if old is not None and not force:
        raise NtmError.one("value_set", shown, old=toml_value(old), new=toml_value(new))

    document = tomlkit.parse(loaded.text)
    _set_year(document["target"], index, table, year, new)
    text = document.as_string()
    if "\r\n" in loaded.text:
        text = re.sub(r"(?<!\r)\n", "\r\n", text)
    validate(parse_toml(text, shown), text, shown)
    bom = b"\xef\xbb\xbf" if loaded.bom else b""
    atomic_write(path, bom + text.encode("utf-8"), shown)
    return change


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
