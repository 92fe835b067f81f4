"""The targets file format (SPEC §1) as pydantic models: its definition, its JSON Schema,
and the check that reports every problem.

`TargetsFile.model_validate(data)` on the parsed TOML is the whole check; the value rules
themselves live in `rules.py`, shared with `fastcheck.py`. Custom errors carry a stable `type`
and a `ctx` that `load.py` turns into located, translated messages. `to_data()` gives the
plain dataclasses (`data.py`) that the rest of ntm works on.
"""

from __future__ import annotations

import os
from collections.abc import Callable
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

from ntm_cli import data, rules
from ntm_cli.rules import ID_PATTERN, YEAR_MAX, YEAR_MIN, RuleError

__all__ = ["ID_PATTERN", "YEAR_MAX", "YEAR_MIN", "Baseline", "Program", "Target", "TargetsFile"]

Number = int | float
Value = int | float | bool


def _err(kind: str, message: str, **ctx: Any) -> PydanticCustomError:
    return PydanticCustomError(kind, message, ctx)


def _pydantic(error: RuleError) -> PydanticCustomError:
    return PydanticCustomError(error.kind, error.message, error.context)


def _checked(rule: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A rule of rules.py as a pydantic validator."""

    def validate(value: Any) -> Any:
        try:
            return rule(value)
        except RuleError as error:
            raise _pydantic(error) from None

    return validate


_YEAR_SCHEMA = {"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX}
_TEXT_SCHEMA = {"type": "string", "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"}

Year = Annotated[int, PlainValidator(_checked(rules.year)), WithJsonSchema(_YEAR_SCHEMA)]
TargetValue = Annotated[
    Value, PlainValidator(_checked(rules.value)), WithJsonSchema({"type": ["number", "boolean"]})
]
Text = Annotated[str, PlainValidator(_checked(rules.text)), WithJsonSchema(_TEXT_SCHEMA)]
Name = Annotated[
    str,
    PlainValidator(_checked(rules.name)),
    WithJsonSchema({**_TEXT_SCHEMA, "minLength": 1}),
]
TargetId = Annotated[
    str,
    PlainValidator(_checked(rules.target_id)),
    WithJsonSchema({"type": "string", "pattern": ID_PATTERN}),
]
NearPct = Annotated[
    float,
    PlainValidator(_checked(rules.near_pct)),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100}),
]
Total = Annotated[
    Number,
    PlainValidator(_checked(rules.total)),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0}),
]


def _year_table(value: Any) -> dict[int, Value]:
    """A `plan` or `actual` table: year = value. One call per table rather than two per entry
    (a national file has hundreds of thousands of entries); every bad entry is reported."""
    if not isinstance(value, dict):
        raise _err("dict_type", "expected a table of year = value, got {got}", got=describe(value))
    table: dict[int, Value] = {}
    problems: list[InitErrorDetails] = []
    for key, item in value.items():
        common = rules.fast_entry(key, item)
        if common is not None:
            table[common[0]] = common[1]
            continue
        try:
            year = rules.year_key(key)
        except RuleError as error:
            problems.append(InitErrorDetails(type=_pydantic(error), loc=(key, "[key]"), input=key))
            continue
        try:
            table[year] = rules.value(item)
        except RuleError as error:
            problems.append(InitErrorDetails(type=_pydantic(error), loc=(key,), input=item))
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
        try:
            rules.one_kind(self.plan, self.actual)
        except RuleError as error:
            raise _pydantic(error) from None
        return self


class TargetsFile(BaseModel):
    """A whole `targets.toml`."""

    model_config = _FORBID

    program: Program = Field(default_factory=lambda: Program(), description="The programme.")
    target: list[Target] = Field(min_length=1, description="The targets: at least one.")

    @field_validator("target", mode="wrap")
    @classmethod
    def _unique_ids(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> list[Target]:
        """Ids are unique; a repeat is reported together with every other problem."""
        repeats = rules.duplicate_ids(value) if isinstance(value, list) else []
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

    def to_data(self) -> data.Document:
        """The plain dataclasses the rest of ntm works on."""
        program = data.Program(**self.program.model_dump())
        targets = [
            data.Target(
                **{name: getattr(t, name) for name in _TARGET_FIELDS},
                baseline=data.Baseline(t.baseline.year, t.baseline.value) if t.baseline else None,
            )
            for t in self.target
        ]
        return data.Document(targets, program)


_TARGET_FIELDS = [name for name in Target.model_fields if name != "baseline"]
