"""The rules of the targets file (SPEC §1), value by value, in plain Python.

Both readers of the file use them: the pydantic models in `model.py` (the format's definition,
its JSON Schema and its located error messages) and `fastcheck.py` (which accepts a valid file
without importing pydantic, the largest cost of a short ntm run). A rule returns the value it
accepts or raises `RuleError` with a stable kind and the details for a message.
"""

from __future__ import annotations

import math
import re
import sys
from typing import Any

from ntm_cli.errors import describe

YEAR_MIN = 1900
YEAR_MAX = 2100
ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
DIRECTIONS = ("increase", "decrease")
GATES = ("error", "warn", "off")
LANGS = ("vi", "en")

_ID_RE = re.compile(ID_PATTERN)
_YEAR_RE = re.compile(r"^[0-9]{4}$")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_LINE_BREAK_RE = re.compile(r"[\u2028\u2029]")
_LARGEST = sys.float_info.max

Number = int | float
Value = int | float | bool


class RuleError(ValueError):
    """A value that breaks a rule: `kind` names the message, `context` fills it in."""

    def __init__(self, kind: str, message: str, **context: Any) -> None:
        super().__init__(message.format(**context))
        self.kind = kind
        self.message = message
        self.context = context


def check_year(year: int) -> int:
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise RuleError("year_range", "year {year} is outside 1900–2100", year=year)
    return year


def year_key(value: Any) -> int:
    """A key of `plan`/`actual`: four digits. (A Python caller may pass an int.)"""
    if isinstance(value, int) and not isinstance(value, bool):
        return check_year(value)
    if isinstance(value, str) and _YEAR_RE.match(value):
        return check_year(int(value))
    raise RuleError("year_key", "expected a year of four digits, got {got}", got=describe(value))


def year(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return check_year(value)
    raise RuleError("year_type", "expected a year (an integer), got {got}", got=describe(value))


def number(value: Any) -> Number:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RuleError("number_type", "expected a number, got {got}", got=describe(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            got = describe(value)
            raise RuleError("not_finite", "expected a finite number, got {got}", got=got)
    elif abs(value) > _LARGEST:
        raise RuleError("number_range", "number too large, got {got}", got=describe(value))
    return value


def value(item: Any) -> Value:
    """A plan or actual value: a finite number or a boolean."""
    if isinstance(item, bool):
        return item
    if not isinstance(item, int | float):
        raise RuleError(
            "value_type", "expected a number or true/false, got {got}", got=describe(item)
        )
    return number(item)


def fast_entry(key: Any, item: Any) -> tuple[int, Value] | None:
    """(year, value) for the common case, without a function call per check; None otherwise
    (the caller then applies `year_key` and `value` for the exact verdict)."""
    if type(key) is str and len(key) == 4 and key.isascii() and key.isdigit():
        found = int(key)
        if YEAR_MIN <= found <= YEAR_MAX and (
            (type(item) is int and abs(item) <= _LARGEST)
            or (type(item) is float and math.isfinite(item))
            or type(item) is bool
        ):
            return found, item
    return None


def _refuse(pattern: re.Pattern[str], text: str) -> None:
    bad = pattern.search(text)
    if bad:
        raise RuleError(
            "control_char",
            "control character U+{code} at position {pos}",
            code=f"{ord(bad.group()):04X}",
            pos=bad.start() + 1,
        )


def text(value: Any) -> str:
    if not isinstance(value, str):
        raise RuleError("text_type", "expected a string, got {got}", got=describe(value))
    _refuse(_CONTROL_RE, value)
    return value


def name(value: Any) -> str:
    checked = text(value)
    if not checked.strip():
        raise RuleError("empty", "must not be empty")
    _refuse(_LINE_BREAK_RE, checked)  # a name is one line
    return checked


def target_id(value: Any) -> str:
    checked = text(value)
    if not _ID_RE.match(checked):
        raise RuleError(
            "id_pattern", "must match [a-z0-9][a-z0-9._-]*, got {got}", got=describe(value)
        )
    return checked


def near_pct(value: Any) -> float:
    checked = number(value)
    if not 0 <= checked <= 100:
        raise RuleError("near_range", "must be between 0 and 100, got {got}", got=describe(value))
    return float(checked)


def total(value: Any) -> Number:
    checked = number(value)
    if checked <= 0:
        raise RuleError("total_range", "must be greater than 0, got {got}", got=describe(value))
    return checked


def one_kind(plan: dict[int, Value], actual: dict[int, Value]) -> None:
    """A target's plan and actual values are all numbers or all booleans."""
    kinds = {type(v) is bool for v in plan.values()}
    kinds.update(type(v) is bool for v in actual.values())
    if len(kinds) < 2:
        return
    first: tuple[str, bool] | None = None
    for table, values in (("plan", plan), ("actual", actual)):
        for year_, item in values.items():
            is_bool = isinstance(item, bool)
            if first is None:
                first = (f"{table}.{year_}", is_bool)
            elif is_bool != first[1]:
                raise RuleError(
                    "mixed_kinds",
                    "{field} is {got} but {first} is {first_kind}",
                    field=f"{table}.{year_}",
                    got=describe(item),
                    first=first[0],
                    first_kind="a boolean" if first[1] else "a number",
                )


def duplicate_ids(raw_targets: list[Any]) -> list[tuple[int, str, int]]:
    """(index, id, index of its first use) for every repeated id among raw target tables."""
    seen: dict[str, int] = {}
    repeats: list[tuple[int, str, int]] = []
    for index, raw in enumerate(raw_targets):
        found = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(found, str):
            continue
        if found in seen:
            repeats.append((index, found, seen[found]))
        else:
            seen[found] = index
    return repeats
