"""The rules of the targets file (SPEC §1), value by value, in plain Python.

Each field of the file is declared once, in `data.py`, with the rule of this module that
checks it. Both readers of the file apply those rules: `fastcheck.py` (which accepts a valid
file without importing pydantic, the largest cost of a short ntm run) and the pydantic models
that `model.py` derives from the same declarations (the JSON Schema and the located error
messages). A rule returns the value it accepts or raises `RuleError` with a stable kind and
the details for a message.
"""

from __future__ import annotations

import itertools
import math
import re
import sys
from collections.abc import Callable
from decimal import Decimal
from typing import Any, NamedTuple

from ntm_cli.errors import describe

Number = int | float
Value = int | float | bool


class Range(NamedTuple):
    """A plan written as a range, "7,5–8 %": `plan = { 2020 = [7.5, 8] }`, low < high.
    A tuple, so that JSON writes it as `[low, high]` as it was written."""

    low: Number
    high: Number


PlanValue = Value | Range

YEAR_MIN = 1900
YEAR_MAX = 2100
ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
DIRECTIONS = ("increase", "decrease")
GATES = ("error", "warn", "off")
LANGS = ("vi", "en")
NEAR_PCT = 5.0  # [program].near_pct when the file does not set it

_ID_RE = re.compile(ID_PATTERN)
_YEAR_RE = re.compile(r"^[0-9]{4}$")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_NOTE_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # a note keeps LF and tab
_LINE_BREAK_RE = re.compile(r"[\u2028\u2029]")
LARGEST = sys.float_info.max
# TOML 1.0: integers are 64-bit; one a parser cannot hold losslessly is an error.
INT_MIN, INT_MAX = -(2**63), 2**63 - 1

Rule = Callable[[Any], Any]


class RuleError(ValueError):
    """A value that breaks a rule: `kind` names the message, `context` fills it in."""

    def __init__(self, kind: str, message: str, **context: Any) -> None:
        super().__init__(message.format(**context))
        self.kind = kind
        self.message = message
        self.context = context


class RuleErrors(ValueError):
    """Several values of one table that break rules, each at its place in the table: a year
    table reports every bad entry, not only the first."""

    def __init__(self, errors: list[tuple[tuple[Any, ...], RuleError]]) -> None:
        super().__init__("; ".join(str(e) for _, e in errors))
        self.errors = errors


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


def number(value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RuleError("number_type", "expected a number, got {got}", got=describe(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            got = describe(value)
            raise RuleError("not_finite", "expected a finite number, got {got}", got=got)
    elif not INT_MIN <= value <= INT_MAX:
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


def exact(value: int | float) -> Decimal:
    """A number as written in the file: repr gives the shortest text that reads back as the
    same double, so 94.45 is 94.45, not 94.4500000000000028421709430404007434844970703125."""
    return Decimal(value) if isinstance(value, int) else Decimal(repr(value))


def plan_value(item: Any) -> Value | Range:
    """A plan value: a finite number, a boolean, or a range `[low, high]` of numbers."""
    if isinstance(item, list):
        if len(item) != 2 or any(
            isinstance(v, bool) or not isinstance(v, int | float) for v in item
        ):
            raise RuleError(
                "range_shape",
                "expected a range [low, high] of two numbers, got {got}",
                got=describe(item),
            )
        low, high = number(item[0]), number(item[1])
        if not low < high:
            raise RuleError(
                "range_order",
                "a range [low, high] needs low < high, got {got}",
                got=f"[{describe(low)}, {describe(high)}]",
            )
        return Range(low, high)
    return value(item)


def reported_value(item: Any) -> Value:
    """An actual or estimate value: a finite number or a boolean, never a range."""
    if isinstance(item, list):
        raise RuleError(
            "range_not_plan", "a range is allowed only in plan, got {got}", got=describe(item)
        )
    return value(item)


def common_years(raw: dict[Any, Any]) -> dict[int, Value] | None:
    """A `plan`/`actual`/`estimate` table when every entry is the common case (a year of four
    digits 1900–2100 = a 64-bit integer, a finite float or a boolean), in one pass without a
    call per entry; None at the first other entry (a range, a string, …), for the rules entry
    by entry to judge and word. A file of 10,000 targets has 180,000 of these entries."""
    table: dict[int, Value] = {}
    for key, item in raw.items():
        year_ = _YEAR_KEYS.get(key) if type(key) is str else None
        kind = type(item)
        if year_ is None or not (
            (kind is int and INT_MIN <= item <= INT_MAX)
            or (kind is float and math.isfinite(item))
            or kind is bool
        ):
            return None
        table[year_] = item
    return table


def _year_table(entry: Rule, fast: bool = True) -> Rule:
    def check(raw: Any) -> dict[int, Any]:
        """year = value, every bad entry reported at its key (RuleErrors)."""
        if fast and type(raw) is dict:
            whole = common_years(raw)
            if whole is not None:
                return whole
        if not isinstance(raw, dict):
            raise RuleError(
                "dict_type", "expected a table of year = value, got {got}", got=describe(raw)
            )
        return _keyed_table(raw, year_key, entry, fast_entry if fast else None)

    return check


def _keyed_table(
    raw: dict[Any, Any],
    key_rule: Callable[[Any], Any],
    entry: Rule,
    quick: Callable[[Any, Any], tuple[Any, Any] | None] | None = None,
) -> dict[Any, Any]:
    """A table of key = value read entry by entry (a year table, a period table): each key
    checked by `key_rule`, each value by `entry`, every bad entry reported at its key
    (RuleErrors); `quick` reads the common entry without the two calls."""
    table: dict[Any, Any] = {}
    problems: list[tuple[tuple[Any, ...], RuleError]] = []
    for key, item in raw.items():
        common = quick(key, item) if quick is not None else None
        if common is not None:
            table[common[0]] = common[1]
            continue
        try:
            slot = key_rule(key)
        except RuleError as error:
            problems.append(((key, "[key]"), error))
            continue
        try:
            table[slot] = entry(item)
        except RuleError as error:
            problems.append(((key,), error))
    if problems:
        raise RuleErrors(problems)
    return table


plan_table = _year_table(plan_value)
reported_table = _year_table(reported_value)
# Entry by entry: the slow twins of the two (tests hold them together).
plan_by_entry = _year_table(plan_value, fast=False)
reported_by_entry = _year_table(reported_value, fast=False)


# --- Year-to-date figures (SPEC §13) ---------------------------------------------------------

PERIOD_PATTERN = r"^(19[0-9]{2}|20[0-9]{2}|2100)-(0[1-9]|1[0-2])$"
_PERIOD_RE = re.compile(r"^[0-9]{4}-[0-9]{2}$")


def period_key(value: Any) -> str:
    """A key of `ytd`: "YYYY-MM", month 01–12, year 1900–2100 (the end of the months
    counted since 1 January)."""
    if isinstance(value, str) and _PERIOD_RE.match(value):
        year_, month = int(value[:4]), int(value[5:])
        check_year(year_)
        if 1 <= month <= 12:
            return value
        raise RuleError("period_month", "month {month} is outside 01–12", month=value[5:])
    raise RuleError(
        "period_key",
        'expected a period "YYYY-MM" such as "2024-09", got {got}',
        got=describe(value),
    )


def ytd_value(item: Any) -> int | float:
    """A year-to-date figure: a finite number, never a boolean or a range."""
    if isinstance(item, list):
        raise RuleError(
            "range_not_plan", "a range is allowed only in plan, got {got}", got=describe(item)
        )
    return number(item)


def period_table(raw: Any) -> dict[str, int | float]:
    """ "YYYY-MM" = number, every bad entry reported at its key (RuleErrors)."""
    if not isinstance(raw, dict):
        raise RuleError(
            "period_dict_type",
            'expected a table of "YYYY-MM" = value, got {got}',
            got=describe(raw),
        )
    table: dict[str, int | float] = _keyed_table(raw, period_key, ytd_value)
    return table


def accumulates(
    ytd: dict[str, Any], ytd_estimate: dict[str, Any], values: list[Any], unit: str | None
) -> None:
    """Only figures that accumulate through the year have year-to-date figures: not a yes/no
    target (`values`: its plan, actual and estimate values), not a rate (unit "%")."""
    for table, figures in (("ytd", ytd), ("ytd_estimate", ytd_estimate)):
        if not figures:
            continue
        if any(isinstance(v, bool) for v in values):
            raise RuleError("ytd_yes_no", "a yes/no target has no {field}", field=table)
        if unit == "%":
            raise RuleError("ytd_rate", "a rate (unit %) has no {field}", field=table)


def choice(allowed: tuple[str, ...]) -> Rule:
    """One of `allowed`, as written."""

    def check(item: Any) -> str:
        if type(item) is str and item in allowed:
            return str(item)
        # as pydantic words a Literal: 'error', 'warn' or 'off'
        quoted = [repr(a) for a in allowed]
        expected = ", ".join(quoted[:-1]) + " or " + quoted[-1]
        raise RuleError(
            "literal_error", "expected {expected}, got {got}", expected=expected, got=describe(item)
        )

    return check


def fast_entry(key: Any, item: Any) -> tuple[int, Value] | None:
    """(year, value) for the common case, without a function call per check; None otherwise
    (the caller then applies `year_key` and `value` for the exact verdict)."""
    if type(key) is str and len(key) == 4 and key.isascii() and key.isdigit():
        found = int(key)
        if YEAR_MIN <= found <= YEAR_MAX and (
            (type(item) is int and INT_MIN <= item <= INT_MAX)
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


def note(value: Any) -> str:
    """Free text that may hold line breaks and tabs; CR LF is read as LF."""
    if not isinstance(value, str):
        raise RuleError("text_type", "expected a string, got {got}", got=describe(value))
    text_ = str(value).replace("\r\n", "\n")
    _refuse(_NOTE_CONTROL_RE, text_)
    return text_


def name(value: Any) -> str:
    """A name: text of one line, not blank."""
    # The common case in one C call: a printable string has no control character and no line
    # break (U+2028, U+2029). Any other goes through the rules one by one, which say what is
    # wrong.
    if type(value) is str and value.isprintable() and value.strip():
        return value
    return name_by_rules(value)


def name_by_rules(value: Any) -> str:
    """`name`, rule by rule: its slow twin (tests hold the two together)."""
    checked = text(value)
    if not checked.strip():
        raise RuleError("empty", "must not be empty")
    _refuse(_LINE_BREAK_RE, checked)  # a name is one line
    return checked


def agency(value: Any) -> str | tuple[str, ...]:
    """`[program].agency`: one name, or two (the parent body over the issuing body)."""
    if isinstance(value, str):
        return name(value)
    if not isinstance(value, list) or not 1 <= len(value) <= 2:
        raise RuleError(
            "agency_shape",
            "expected a string or a list of two strings, got {got}",
            got=describe(value),
        )
    return tuple(name(item) for item in value)


def target_id(value: Any) -> str:
    """An id of a target, a unit or a standard: [a-z0-9][a-z0-9._-]*."""
    # As `name`: a printable string that matches the pattern (whose `$` alone would let a
    # final line feed through) is an id.
    if type(value) is str and value.isprintable() and _ID_RE.match(value):
        return value
    return target_id_by_rules(value)


def target_id_by_rules(value: Any) -> str:
    """`target_id`, rule by rule: its slow twin (tests hold the two together)."""
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


def total(value: Any) -> int | float:
    checked = number(value)
    if checked <= 0:
        raise RuleError("total_range", "must be greater than 0, got {got}", got=describe(value))
    return checked


def one_kind(tables: dict[str, dict[int, Any]]) -> None:
    """A target's plan, actual and estimate values are all numbers (ranges included) or all
    booleans."""
    first: tuple[str, bool] | None = None
    for table, values in tables.items():
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


# --- Units, standards, criteria and roll-ups (SPEC §12.1) -----------------------------------

UNIT_KINDS = ("commune", "district")
ROLLUP_AS = ("count", "percent")
ROLLUP_AVERAGES = ("criteria",)
CRITERION_MIN, CRITERION_MAX = 1, 99


def criterion_id(value: Any) -> int:
    """A criterion's number: an integer 1–99."""
    if type(value) is int and CRITERION_MIN <= value <= CRITERION_MAX:
        return value
    raise RuleError(
        "criterion_id", "expected a criterion number 1–99, got {got}", got=describe(value)
    )


def flag(value: Any) -> bool:
    if type(value) is bool:
        return value
    raise RuleError("bool_type", "expected true or false, got {got}", got=describe(value))


def count(value: Any) -> int:
    """A number of criteria met: an integer ≥ 0 (its upper bound, N, is checked with the
    criteria)."""
    if type(value) is int and 0 <= value <= INT_MAX:
        return value
    raise RuleError("count_type", "expected a whole number ≥ 0, got {got}", got=describe(value))


def _criteria_list(value: Any) -> tuple[int, ...]:
    """`unmet` of one year: criterion numbers without repeats, kept ascending."""
    if not isinstance(value, list):
        raise RuleError(
            "unmet_type", "expected a list of criterion numbers, got {got}", got=describe(value)
        )
    # The common case in C-speed built-ins (a national file has 40,000 of these lists):
    # whole numbers in range, no repeats. Anything else takes the loop that says what is wrong.
    if (
        all(type(item) is int for item in value)
        and (not value or (min(value) >= CRITERION_MIN and max(value) <= CRITERION_MAX))
        and len(set(value)) == len(value)
    ):
        return tuple(sorted(value))
    seen: set[int] = set()
    for item in value:
        number_ = criterion_id(item)
        if number_ in seen:
            raise RuleError("unmet_repeat", "criterion {id} is listed twice", id=number_)
        seen.add(number_)
    return tuple(sorted(seen))


# `unmet` entry by entry, every bad entry reported at its key: `unmet_table`'s slow twin.
unmet_by_entry = _year_table(_criteria_list, fast=False)
met_count_table = _year_table(count, fast=False)

# What the common case of `unmet` is made of: a year key as written ("2021" -> 2021, exactly
# the four-digit keys 1900–2100) and whole numbers 1–99.
_YEAR_KEYS = {str(year_): year_ for year_ in range(YEAR_MIN, YEAR_MAX + 1)}
_CRITERIA = frozenset(range(CRITERION_MIN, CRITERION_MAX + 1))
_INT = frozenset({int})


def common_unmet(raw: dict[Any, Any]) -> dict[int, tuple[int, ...]] | None:
    """`unmet` when every entry is the common case (a year of four digits = criterion numbers
    without repeats), checked with set operations in C; None at the first other entry, for
    the per-entry rules to judge and word. A national file has 40,000 of these lists."""
    table: dict[int, tuple[int, ...]] = {}
    for key, item in raw.items():
        year_ = _YEAR_KEYS.get(key)
        if year_ is None or type(item) is not list:
            return None
        if item:
            if not _INT.issuperset(map(type, item)):  # never True for 1, nor 1.0 for 1
                return None
            listed = set(item)
            if len(listed) != len(item) or not _CRITERIA.issuperset(listed):
                return None
        table[year_] = tuple(sorted(item))
    return table


def unmet_table(raw: Any) -> dict[int, tuple[int, ...]]:
    """`unmet`: year = the criteria not met, every bad entry reported at its key."""
    if type(raw) is dict:
        common = common_unmet(raw)
        if common is not None:
            return common
    checked: dict[int, tuple[int, ...]] = unmet_by_entry(raw)
    return checked


def standard_years(raw: Any) -> dict[str, int]:
    """`recognised` / `revoked`: standard id = year, every bad entry reported at its key."""
    if not isinstance(raw, dict):
        raise RuleError(
            "standard_table", "expected a table of standard = year, got {got}", got=describe(raw)
        )
    table: dict[str, int] = {}
    problems: list[tuple[tuple[Any, ...], RuleError]] = []
    for key, item in raw.items():
        try:
            table[target_id(key)] = year(item)
        except RuleError as error:
            problems.append(((key,), error))
    if problems:
        raise RuleErrors(problems)
    return table


def buckets(value: Any) -> tuple[int, ...]:
    """`[program].buckets`: integer lower edges ≥ 1, strictly descending (the upper bound,
    below the number of criteria, is checked with the criteria)."""
    if (
        not isinstance(value, list)
        or not all(type(e) is int and 1 <= e <= CRITERION_MAX for e in value)
        or any(a <= b for a, b in itertools.pairwise(value))
    ):
        raise RuleError(
            "buckets_shape",
            "expected whole numbers of criteria from 1 up, largest first, such as "
            "[15, 10, 5], got {got}",
            got=describe(value),
        )
    return tuple(value)


def district_rule(raw: Any) -> dict[str, dict[str, int | float]]:
    """`[program].district_rule`: { district standard = { commune standard = minimum % } }."""
    if not isinstance(raw, dict):
        raise RuleError(
            "district_rule_shape",
            "expected { <district standard> = { <commune standard> = percent } }, got {got}",
            got=describe(raw),
        )
    table: dict[str, dict[str, int | float]] = {}
    problems: list[tuple[tuple[Any, ...], RuleError]] = []
    for key, inner in raw.items():
        try:
            target_id(key)
        except RuleError as error:
            problems.append(((key, "[key]"), error))
            continue
        if not isinstance(inner, dict):
            problems.append(
                (
                    (key,),
                    RuleError(
                        "district_rule_shape",
                        "expected { <commune standard> = percent }, got {got}",
                        got=describe(inner),
                    ),
                )
            )
            continue
        row: dict[str, int | float] = {}
        for name_, pct in inner.items():
            try:
                target_id(name_)
                row[name_] = percent(pct)
            except RuleError as error:
                problems.append(((key, name_), error))
        table[key] = row
    if problems:
        raise RuleErrors(problems)
    return table


def percent(value: Any) -> int | float:
    checked = number(value)
    if not 0 <= checked <= 100:
        raise RuleError("near_range", "must be between 0 and 100, got {got}", got=describe(value))
    return checked


def duplicates(raw_items: list[Any], key: str = "id") -> list[tuple[int, Any, int]]:
    """(index, id, index of its first use) for every repeated `key` among raw tables (ids of
    any hashable kind: a criterion's id is a number)."""
    seen: dict[Any, int] = {}
    repeats: list[tuple[int, Any, int]] = []
    for index, raw in enumerate(raw_items):
        found = raw.get(key) if isinstance(raw, dict) else None
        if found is None or isinstance(found, dict | list):
            continue
        if found in seen:
            repeats.append((index, found, seen[found]))
        else:
            seen[found] = index
    return repeats
