"""Finding, reading and validating the targets file.

Every failure becomes `NtmError` with located problems (file, line, target, field), so the CLI
has one thing to catch. Nothing here prints.
"""

from __future__ import annotations

import bisect
import dataclasses
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ntm_cli.errors import NtmError, Problem, describe
from ntm_cli.targets_file.data import Document
from ntm_cli.targets_file.rules import ID_PATTERN

FILE_NAME = "targets.toml"
_ID_RE = re.compile(ID_PATTERN)
# Patterns used only to word a problem: compiled on first use (`re`'s cache), so that reading
# a valid file does not pay for them.
_TOML_POSITION = r"\s*\(at line (\d+), column (\d+)\)|\s*\(at end of document\)"
_TARGET_HEADER_RE = re.compile(r"^[ \t]*\[\[[ \t]*target[ \t]*\]\]", re.MULTILINE)


def find_file(explicit: str | None, env: Mapping[str, str], cwd: Path) -> tuple[Path, str]:
    """The file to read and the name to show for it: --file, else $NTM_FILE, else the nearest
    targets.toml in `cwd` or its parents."""
    given = explicit if explicit else env.get("NTM_FILE") or None
    if given:
        return Path(given), given
    for folder in (cwd, *cwd.parents):
        candidate = folder / FILE_NAME
        if candidate.is_file():
            shown = os.path.relpath(candidate, cwd) if folder != cwd else FILE_NAME
            return candidate, shown
    raise NtmError.one("no_file", None, cwd=str(cwd))


def read_text(path: Path, shown: str) -> tuple[str, bool]:
    """The file's text (UTF-8) and whether it began with a byte-order mark, which is removed."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NtmError.one("file_missing", shown) from None
    except IsADirectoryError:
        raise NtmError.one("file_is_dir", shown) from None
    except PermissionError:
        raise NtmError.one("file_unreadable", shown, reason="permission denied") from None
    except OSError as exc:
        raise NtmError.one("file_unreadable", shown, reason=exc.strerror or str(exc)) from None
    bom = data.startswith(b"\xef\xbb\xbf")
    if bom:
        data = data[3:]
    try:
        return data.decode("utf-8"), bom
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise NtmError(
            [Problem("not_utf8", {"byte": f"0x{data[exc.start]:02X}"}, file=shown, line=line)]
        ) from None


def _toml_parser() -> tuple[Any, type[Exception]]:
    """tomli, compiled with mypyc, parses about twice as fast as the standard library's
    tomllib, which is the same code interpreted (tomllib is a vendored tomli). tomli 2.2 reads
    TOML 1.0 exactly as tomllib does, with the same error messages (tests/test_toml_parsers.py);
    tomli 2.3 and later read TOML 1.1, hence the pin. Without tomli, tomllib."""
    try:
        import tomli

        return tomli.loads, tomli.TOMLDecodeError
    except ImportError:  # pragma: no cover - tomli is a dependency; this is a safety net
        import tomllib

        return tomllib.loads, tomllib.TOMLDecodeError


def parse_toml(text: str, shown: str) -> dict[str, Any]:
    loads, decode_error = _toml_parser()
    try:
        result: dict[str, Any] = loads(text)
        return result
    except decode_error as exc:
        message = str(exc)
        found = re.search(_TOML_POSITION, message)
        if found and found.group(1):
            line: int | None = int(found.group(1))
        else:  # "at end of document"
            line = max(1, len(text.splitlines()))
        detail = re.sub(_TOML_POSITION, "", message).strip()
        comma = _decimal_comma(text, line)
        if comma is not None:
            got, fixed = comma
            problem = Problem("toml_decimal_comma", {"got": got, "fixed": fixed}, shown, line)
            raise NtmError([problem]) from None
        raise NtmError([Problem("toml", {"detail": detail}, file=shown, line=line)]) from None
    except RecursionError:
        raise NtmError.one("too_deep", shown) from None


# A value written with a decimal comma: `= 55,1` (never TOML outside an array, where the
# `=` would be followed by `[`).
_COMMA_VALUE = r"=[ \t]*([+-]?[0-9][0-9_]*),([0-9][0-9_]*)(?![0-9_.eE:-])"
_STRING = r'"(?:[^"\\]|\\.)*"|\'[^\']*\''


def _decimal_comma(text: str, line: int | None) -> tuple[str, str] | None:
    """SPEC §5: where TOML fails on a line holding a number with a decimal comma (`55,1`), the
    number as written and as TOML writes it (`55.1`); None for any other failure."""
    lines = text.splitlines()
    if line is None or not 1 <= line <= len(lines):
        return None
    code = re.sub(_STRING, '""', lines[line - 1]).split("#", 1)[0]
    found = re.search(_COMMA_VALUE, code)
    if found is None:
        return None
    whole, fraction = found.group(1), found.group(2)
    return f"{whole},{fraction}", f"{whole}.{fraction}"


_LANG_LINE = r"""[ \t]*lang[ \t]*=[ \t]*["'](vi|en)["'][ \t]*(?:#.*)?"""


def declared_lang(text: str) -> str | None:
    """The `lang` that the `[program]` table of a file that cannot be parsed sets, read as
    text (a line `lang = "vi"` under `[program]`); None where there is none."""
    section: str | None = None
    for line in text.splitlines():
        header = _header(line)
        if header is not None:
            section = header[0] if not header[1] else None
            continue
        if section == "program":
            found = re.fullmatch(_LANG_LINE, line)
            if found:
                return found.group(1)
    return None


def _header(line: str) -> tuple[str, bool] | None:
    """("target.plan", False) for a `[target.plan]` line, ("target", True) for `[[target]]`.
    Plain string operations: a regular expression here backtracked for seconds on a long line
    of spaces inside a multi-line string."""
    text = line.strip()
    if not text.startswith("["):
        return None
    is_array = text.startswith("[[")
    opening, closing = ("[[", "]]") if is_array else ("[", "]")
    end = text.find(closing, len(opening))
    if end < 0:
        return None
    rest = text[end + len(closing) :].strip()
    name = text[len(opening) : end]
    if (rest and not rest.startswith("#")) or not name.strip() or "[" in name or "#" in name:
        return None
    parts = [part.strip().strip("\"'") for part in name.split(".")]
    return ".".join(parts), is_array


@dataclass(eq=False)
class LineIndex:
    """Where things are in the text. tomllib gives no positions, so we find the headers and
    keys ourselves; a guess that fails falls back to the enclosing target's line."""

    lines: list[str]
    headers: list[tuple[int, str, bool]] = field(init=False)  # (line number, name, is array)

    def __post_init__(self) -> None:
        self.headers = []
        for number, text in enumerate(self.lines, start=1):
            header = _header(text)
            if header is not None:
                self.headers.append((number, *header))
        # Where each table's headers are, so that locating one problem does not rescan the
        # file: a national file with a typo in every target has tens of thousands of problems.
        self._header_lines = [number for number, _, _ in self.headers]
        self._positions: dict[tuple[str, bool], list[int]] = {}
        for position, (_, name, is_array) in enumerate(self.headers):
            self._positions.setdefault((name, is_array), []).append(position)

    def _block(self, table: str, index: int | None) -> tuple[int, int] | None:
        """First and last line (1-based, inclusive) of [table] or of the index-th [[table]]."""
        positions = self._positions.get((table, index is not None), [])
        nth = index or 0
        if nth >= len(positions):
            return None
        position = positions[nth]
        end = len(self.lines)
        for later, later_name, _ in self.headers[position + 1 :]:
            if not later_name.startswith(table + "."):
                end = later - 1
                break
        return self.headers[position][0], end

    def _key_line(self, key: str, first: int, last: int, dotted: str = "") -> int | None:
        pattern = re.compile(
            r"^[ \t]*" + dotted + r"""(?:"%s"|'%s'|%s)[ \t]*[.=]""" % ((re.escape(key),) * 3)
        )
        for number in range(first, last + 1):
            if pattern.match(self.lines[number - 1]):
                return number
        return None

    def locate(self, table: str, index: int | None, path: tuple[str, ...]) -> int | None:
        block = self._block(table, index)
        if block is None:
            whole = (1, len(self.lines))
            return self._key_line(table, *whole) if table else None
        first, last = block
        if not path:
            return first
        # [target.plan] style sub-table
        if len(path) > 1:
            sub = self._block_within(table + "." + path[0], first, last)
            if sub is not None:
                return self._key_line(path[1], sub[0] + 1, sub[1]) or sub[0]
            dotted = "(?:" + re.escape(path[0]) + r")[ \t]*\.[ \t]*"
            found = self._key_line(path[1], first, last, dotted)
            if found:
                return found
        return self._key_line(path[0], first + 1, last) or first

    def _block_within(self, name: str, first: int, last: int) -> tuple[int, int] | None:
        start = bisect.bisect_left(self._header_lines, first)
        for position in range(start, len(self.headers)):
            number, header, _ = self.headers[position]
            if number > last:
                break
            if header == name:
                following = self._header_lines[position + 1 : position + 2]
                end = following[0] - 1 if following and following[0] <= last else last
                return number, end
        return None


@dataclass(eq=False)
class Loaded:
    """A valid targets file and what is needed to point back into it."""

    path: Path
    shown: str
    text: str
    doc: Document
    bom: bool = False  # the file began with a UTF-8 byte-order mark

    @cached_property
    def target_lines(self) -> list[int]:
        """Line of each [[target]] header, in order; empty where targets are inline."""
        lines: list[int] = []
        line, offset = 1, 0
        for found in _TARGET_HEADER_RE.finditer(self.text):
            line += self.text.count("\n", offset, found.start())
            offset = found.start()
            lines.append(line)
        return lines if len(lines) == len(self.doc.target) else []


def _suggest(key: str, scope: str) -> str | None:
    import difflib

    from ntm_cli.targets_file.model import TABLES

    fields_ = TABLES[scope].model_fields if scope in TABLES else {}
    known: list[str] = [info.alias or name for name, info in fields_.items()]
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return close[0]
    # Nothing close: the nearest there is, however far (SPEC §1 asks for a suggestion).
    ranked = difflib.get_close_matches(key, known, n=1, cutoff=0.0)
    return ranked[0] if ranked else None


def _problem(error: Any, raw: dict[str, Any], index: LineIndex, shown: str) -> Problem:
    """One pydantic error as a located Problem."""
    loc: tuple[Any, ...] = tuple(error["loc"])
    kind: str = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    params: dict[str, Any] = {**ctx, "got": ctx.get("got", describe(error.get("input")))}
    if kind == "literal_error":
        params["expected"] = ctx.get("expected", "")
    if kind == "extra_forbidden":
        scope = "" if len(loc) == 1 else str(loc[0]) if len(loc) == 2 else str(loc[-2])
        if loc[0] in _ARRAYS and len(loc) == 3:
            scope = str(loc[0])
        params["key"] = str(loc[-1])
        params["suggestion"] = _suggest(str(loc[-1]), scope)
    if kind in ("missing", "too_short") and loc == ("target",):
        kind = "too_short"  # "the file has no [[target]] or [[unit]]"
    if kind not in _MESSAGE_CODES:
        params["detail"] = error.get("msg", kind)
        kind = "invalid"

    path = [str(part) for part in loc if part != "[key]"]
    target_index: int | None = None
    target_id: str | None = None
    table = "target"
    if path and path[0] in _ARRAYS and len(loc) >= 2 and isinstance(loc[1], int):
        table = path[0]
        target_index = loc[1]
        raws = raw.get(table)
        raw_target = raws[target_index] if isinstance(raws, list) else None
        raw_id = raw_target.get("id") if isinstance(raw_target, dict) else None
        if isinstance(raw_id, str) and _ID_RE.match(raw_id) and len(raw_id) <= 100:
            target_id = raw_id
        elif table == "criterion" and type(raw_id) is int and 1 <= raw_id <= 99:
            target_id = str(raw_id)
        field_path = path[2:]
        if not field_path and "field" in ctx:
            field_path = str(ctx["field"]).split(".")
        line = index.locate(table, target_index, tuple(field_path))
        field = ".".join(field_path) or None
    elif path and path[0] == "program" and not (len(path) == 1 and kind == "extra_forbidden"):
        field_path = path[1:]
        line = index.locate("program", None, tuple(field_path))
        field = ".".join(["program", *field_path])
    else:
        field_path = path
        line = index.locate(path[0], None, ()) if path else None
        if path and line is None:
            line = index.locate(path[0], 0, ())
        field = ".".join(path) or None
    return Problem(
        kind,
        params,
        file=shown,
        line=line,
        target_id=target_id,
        target_index=target_index,
        field=field,
        table=table,
    )


# The arrays of tables of the file, whose problems are located by the table's id.
_ARRAYS = ("target", "unit", "standard", "criterion")


_MESSAGE_CODES = frozenset(
    {
        "extra_forbidden",
        "missing",
        "model_type",
        "model_attributes_type",
        "dict_type",
        "list_type",
        "too_short",
        "literal_error",
        "year_range",
        "year_key",
        "year_type",
        "number_type",
        "not_finite",
        "number_range",
        "value_type",
        "text_type",
        "agency_shape",
        "control_char",
        "empty",
        "id_pattern",
        "near_range",
        "total_range",
        "mixed_kinds",
        "duplicate_id",
        "range_shape",
        "range_order",
        "range_not_plan",
        # year-to-date figures (SPEC §13)
        "period_key",
        "period_month",
        "period_dict_type",
        "ytd_yes_no",
        "ytd_rate",
        # version 3, units (SPEC §12.1)
        "criterion_id",
        "bool_type",
        "count_type",
        "unmet_type",
        "unmet_repeat",
        "standard_table",
        "buckets_shape",
        "district_rule_shape",
        "rollup_measure",
        "rollup_new",
        "rollup_percent_average",
        "rollup_within_kind",
        "rollup_typed",
        "rollup_plan_bool",
        "duplicate_standard",
        "duplicate_criterion",
        "duplicate_unit",
        "buckets_edge",
        "unknown_standard",
        "unknown_criterion",
        "not_a_district",
        "district_parent",
        "until_before_from",
        "recognised_lower",
        "revoked_unrecognised",
        "revoked_before",
        "recognised_after_withdrawal",
        "no_criteria",
        "met_count_range",
        "met_count_unmet",
        "year_outside_unit",
        "year_outside_parent",
        "criteria_min_range",
    }
)


def problems_of(errors: Iterable[Any], raw: dict[str, Any], text: str, shown: str) -> list[Problem]:
    index = LineIndex(text.splitlines())
    found = [_comma_range(_problem(e, raw, index, shown), index) for e in errors]
    return sorted(found, key=lambda p: p.line or 0)


# `[7,5]`: two numbers with no space after the comma, as a decimal comma is typed.
_TIGHT_PAIR = r"\[[ \t]*([+-]?[0-9]+),([0-9]+)[ \t]*\]"


def _comma_range(problem: Problem, index: LineIndex) -> Problem:
    """SPEC §5: a range [low, high] that fails low < high because it was meant as a number
    with a decimal comma (`[7,5]` for 7,5) says to write 7.5."""
    if problem.code != "range_order" or problem.line is None:
        return problem
    line = index.lines[problem.line - 1] if problem.line <= len(index.lines) else ""
    for found in re.finditer(_TIGHT_PAIR, line.split("#", 1)[0]):
        low, high = found.group(1), found.group(2)
        if int(low) >= int(high):
            params = {
                "got": f"[{low},{high}]",
                "low": low,
                "high": high,
                "got_number": f"{low},{high}",
                "fixed": f"{low}.{high}",
            }
            return dataclasses.replace(problem, code="range_decimal_comma", params=params)
    return problem


def validate(raw: dict[str, Any], text: str, shown: str) -> Document:
    """The file's contents, or NtmError with every problem located. A valid file is usually
    accepted by `fastcheck` alone; the pydantic models decide everything else."""
    from ntm_cli.targets_file import fastcheck

    accepted = fastcheck.document(raw)
    if accepted is not None:
        return accepted
    from pydantic import ValidationError

    from ntm_cli.targets_file.model import TargetsFile

    try:
        return TargetsFile.model_validate(raw).to_data()
    except ValidationError as exc:
        errors = exc.errors()
        found = [*errors, *_across_tables(raw, errors)]
        raise NtmError(problems_of(found, raw, text, shown)) from None
    except RecursionError:
        raise NtmError.one("too_deep", shown) from None


def _across_tables(raw: dict[str, Any], errors: list[Any]) -> list[Any]:
    """SPEC §5, `validate` lists every problem: the rules that span tables (§12.1), which the
    models apply only once every entry has passed its own checks, judged on the entries that
    did pass (`salvage.py`); none already among `errors`."""
    from ntm_cli.targets_file import salvage
    from ntm_cli.targets_file.model import located_errors

    try:
        found = salvage.problems(raw)
    except RecursionError:  # pragma: no cover - the models refuse such a file first
        return []
    if not found:
        return []
    seen = {(tuple(error["loc"]), error["type"]) for error in errors}
    return [
        error
        for error in located_errors(found).errors()
        if (tuple(error["loc"]), error["type"]) not in seen
    ]


def load(path: Path, shown: str) -> Loaded:
    """Read, parse and validate the file at `path`; `shown` names it in messages."""
    text, bom = read_text(path, shown)
    raw = parse_toml(text, shown)
    return Loaded(path=path, shown=shown, text=text, doc=validate(raw, text, shown), bom=bom)
