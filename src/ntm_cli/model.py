"""The targets file format (SPEC §1) as pydantic models; nothing else.

Every rule of the format is enforced here, so `TargetsFile.model_validate(data)` on the output
of `tomllib` is the whole check. Custom errors carry a stable `type` and a `ctx` that
`load.py` turns into located, translated messages.
"""

from __future__ import annotations

import math
import os
import re
import sys
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from ntm_cli.errors import describe

# Pydantic scans every installed package's metadata for plugins when the first model is built:
# about 15 ms of every ntm run, for plugins ntm does not use. A user's own setting wins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

YEAR_MIN = 1900
YEAR_MAX = 2100
ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
_ID_RE = re.compile(ID_PATTERN)
_YEAR_RE = re.compile(r"^[0-9]{4}$")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_LINE_BREAK_RE = re.compile(r"[\u2028\u2029]")

Number = int | float
Value = int | float | bool


def _err(kind: str, message: str, **ctx: Any) -> PydanticCustomError:
    return PydanticCustomError(kind, message, ctx)


def _check_year(year: int) -> int:
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise _err("year_range", "year {year} is outside 1900–2100", year=year)
    return year


def _year_key(value: Any) -> int:
    # TOML keys are strings; a Python caller may pass ints.
    if isinstance(value, int) and not isinstance(value, bool):
        return _check_year(value)
    if isinstance(value, str) and _YEAR_RE.match(value):
        return _check_year(int(value))
    raise _err("year_key", "expected a year of four digits, got {got}", got=describe(value))


def _year(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return _check_year(value)
    raise _err("year_type", "expected a year (an integer), got {got}", got=describe(value))


def _number(value: Any) -> Number:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _err("number_type", "expected a number, got {got}", got=describe(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _err("not_finite", "expected a finite number, got {got}", got=describe(value))
    elif abs(value) > sys.float_info.max:
        raise _err("number_range", "number too large, got {got}", got=describe(value))
    return value


def _value(value: Any) -> Value:
    if isinstance(value, bool):
        return value
    if not isinstance(value, int | float):
        raise _err("value_type", "expected a number or true/false, got {got}", got=describe(value))
    return _number(value)


def _refuse(pattern: re.Pattern[str], text: str) -> None:
    bad = pattern.search(text)
    if bad:
        raise _err(
            "control_char",
            "control character U+{code} at position {pos}",
            code=f"{ord(bad.group()):04X}",
            pos=bad.start() + 1,
        )


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise _err("text_type", "expected a string, got {got}", got=describe(value))
    _refuse(_CONTROL_RE, value)
    return value


def _name(value: Any) -> str:
    text = _text(value)
    if not text.strip():
        raise _err("empty", "must not be empty")
    _refuse(_LINE_BREAK_RE, text)  # a name is one line
    return text


def _target_id(value: Any) -> str:
    text = _text(value)
    if not _ID_RE.match(text):
        raise _err(
            "id_pattern",
            "must match [a-z0-9][a-z0-9._-]*, got {got}",
            got=describe(value),
        )
    return text


def _near_pct(value: Any) -> float:
    number = _number(value)
    if not 0 <= number <= 100:
        raise _err("near_range", "must be between 0 and 100, got {got}", got=describe(value))
    return float(number)


def _total(value: Any) -> Number:
    number = _number(value)
    if number <= 0:
        raise _err("total_range", "must be greater than 0, got {got}", got=describe(value))
    return number


_YEAR_SCHEMA = {"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX}
_TEXT_SCHEMA = {"type": "string", "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"}
_NUMBER_SCHEMA = {"type": "number"}

Year = Annotated[int, PlainValidator(_year), WithJsonSchema(_YEAR_SCHEMA)]
TargetValue = Annotated[
    Value, PlainValidator(_value), WithJsonSchema({"type": ["number", "boolean"]})
]
Text = Annotated[str, PlainValidator(_text), WithJsonSchema(_TEXT_SCHEMA)]
Name = Annotated[
    str,
    PlainValidator(_name),
    WithJsonSchema({**_TEXT_SCHEMA, "minLength": 1}),
]
TargetId = Annotated[
    str, PlainValidator(_target_id), WithJsonSchema({"type": "string", "pattern": ID_PATTERN})
]
NearPct = Annotated[
    float,
    PlainValidator(_near_pct),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100}),
]
Total = Annotated[
    Number, PlainValidator(_total), WithJsonSchema({"type": "number", "exclusiveMinimum": 0})
]


def _year_table(value: Any) -> dict[int, Value]:
    """A `plan` or `actual` table: year = value. One call per table rather than two per entry
    (a national file has hundreds of thousands of entries); every bad entry is reported."""
    if not isinstance(value, dict):
        raise _err("dict_type", "expected a table of year = value, got {got}", got=describe(value))
    table: dict[int, Value] = {}
    problems: list[InitErrorDetails] = []
    for key, item in value.items():
        # The common case first, without a function call per entry.
        if type(key) is str and len(key) == 4 and key.isascii() and key.isdigit():
            year = int(key)
            if YEAR_MIN <= year <= YEAR_MAX and (
                (type(item) is int and abs(item) <= sys.float_info.max)
                or (type(item) is float and math.isfinite(item))
                or type(item) is bool
            ):
                table[year] = item
                continue
        try:
            year = _year_key(key)
        except PydanticCustomError as error:
            problems.append(InitErrorDetails(type=error, loc=(key, "[key]"), input=key))
            continue
        try:
            table[year] = _value(item)
        except PydanticCustomError as error:
            problems.append(InitErrorDetails(type=error, loc=(key,), input=item))
    if problems:
        raise ValidationError.from_exception_data("table", problems)
    return table


YearTable = Annotated[
    dict[int, Value],
    PlainValidator(_year_table),
    WithJsonSchema(
        {
            "type": "object",
            "description": "year (four digits, 1900–2100) = value",
            "propertyNames": {"pattern": "^(19[0-9]{2}|20[0-9]{2}|2100)$"},
            "additionalProperties": {"type": ["number", "boolean"]},
        }
    ),
]

Direction = Literal["increase", "decrease"]
Gate = Literal["error", "warn", "off"]
Lang = Literal["vi", "en"]

_FORBID = ConfigDict(extra="forbid", frozen=True)


class Program(BaseModel):
    """The optional `[program]` table."""

    model_config = _FORBID

    name: Text | None = Field(
        default=None, description="Programme name, shown in titles and reports."
    )
    region: Text | None = Field(default=None, description="Region, shown in titles and reports.")
    source: Text | None = Field(
        default=None, description="Citation of the report the figures come from."
    )
    lang: Lang | None = Field(default=None, description='Default output language: "vi" or "en".')
    near_pct: NearPct = Field(
        default=5.0,
        description="How close to plan (percent of the plan) counts as near. Default 5.",
    )


class Baseline(BaseModel):
    """Where the target started: `baseline = { year = 2015, value = 46.0 }`."""

    model_config = _FORBID

    year: Year = Field(description="Year of the baseline, 1900–2100.")
    value: TargetValue = Field(description="Value in that year.")


class Target(BaseModel):
    """One `[[target]]`: a planned and reported figure, year by year."""

    model_config = _FORBID

    id: TargetId = Field(description="Unique id: [a-z0-9][a-z0-9._-]*.")
    name: Name = Field(description="Name (one line), in Vietnamese or the file's language.")
    name_en: Name | None = Field(default=None, description="English name, shown with --lang en.")
    group: Text | None = Field(
        default=None, description="Section heading; groups keep first-use order."
    )
    unit: Text | None = Field(
        default=None, description='Unit; "%" marks a rate (deltas in points).'
    )
    direction: Direction = Field(
        default="increase", description='"increase" (more is better, default) or "decrease".'
    )
    plan: YearTable = Field(default_factory=dict, description="Planned value by year.")
    actual: YearTable = Field(default_factory=dict, description="Reported value by year.")
    baseline: Baseline | None = Field(default=None, description="Where the target started.")
    total: Total | None = Field(default=None, description="The whole, for counts: shown as 36/36.")
    near_pct: NearPct | None = Field(default=None, description="Overrides [program].near_pct.")
    gate: Gate = Field(
        default="error", description='What a miss does in ntm check: "error", "warn" or "off".'
    )
    source: Text | None = Field(default=None, description="Citation.")
    note: Text | None = Field(default=None, description="Free text.")

    @model_validator(mode="after")
    def _one_kind_of_value(self) -> Target:
        """A target's plan and actual values are all numbers or all booleans."""
        kinds = {type(v) is bool for v in self.plan.values()}
        kinds.update(type(v) is bool for v in self.actual.values())
        if len(kinds) < 2:
            return self
        first: tuple[str, bool] | None = None
        for table, values in (("plan", self.plan), ("actual", self.actual)):
            for year, value in values.items():
                is_bool = isinstance(value, bool)
                if first is None:
                    first = (f"{table}.{year}", is_bool)
                elif is_bool != first[1]:
                    raise _err(
                        "mixed_kinds",
                        "{field} is {got} but {first} is {first_kind}",
                        field=f"{table}.{year}",
                        got=describe(value),
                        first=first[0],
                        first_kind="a boolean" if first[1] else "a number",
                    )
        return self

    @property
    def is_boolean(self) -> bool:
        return any(isinstance(v, bool) for v in (*self.plan.values(), *self.actual.values()))


def duplicate_ids(raw_targets: list[Any]) -> list[tuple[int, str, int]]:
    """(index, id, index of its first use) for every repeated id among raw target tables."""
    seen: dict[str, int] = {}
    repeats: list[tuple[int, str, int]] = []
    for index, raw in enumerate(raw_targets):
        target_id = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(target_id, str):
            continue
        if target_id in seen:
            repeats.append((index, target_id, seen[target_id]))
        else:
            seen[target_id] = index
    return repeats


class TargetsFile(BaseModel):
    """A whole `targets.toml`."""

    model_config = _FORBID

    program: Program = Field(default_factory=lambda: Program(), description="The programme.")
    target: list[Target] = Field(min_length=1, description="The targets: at least one.")

    @field_validator("target", mode="wrap")
    @classmethod
    def _unique_ids(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> list[Target]:
        """Ids are unique; a repeat is reported together with every other problem."""
        repeats = duplicate_ids(value) if isinstance(value, list) else []
        if not repeats:
            return handler(value)  # type: ignore[no-any-return]
        details: list[InitErrorDetails] = []
        try:
            handler(value)
        except ValidationError as exc:
            details = [
                InitErrorDetails(
                    type=PydanticCustomError(e["type"], e["msg"], e.get("ctx")),
                    loc=e["loc"],
                    input=e["input"],
                )
                for e in exc.errors()
            ]
        details += [
            InitErrorDetails(
                type=_err("duplicate_id", "id {id} is already used", id=tid, first=first),
                loc=(index, "id"),
                input=tid,
            )
            for index, tid, first in repeats
        ]
        raise ValidationError.from_exception_data("target", details)

    def years(self) -> list[int]:
        """Every year that has a plan or an actual value in some target, ascending."""
        found: set[int] = set()
        for target in self.target:
            found.update(target.plan)
            found.update(target.actual)
        return sorted(found)
