"""How a key of the targets file is declared (`key`, `nested`), and the JSON Schema pieces the
declarations share. `data.py` and `unit_data.py` declare the keys with these."""

from __future__ import annotations

from dataclasses import MISSING, field
from typing import Any

from ntm_cli.targets_file import rules

# JSON Schema pieces (draft-07), as editors validate the file while it is typed.
YEAR = {"type": "integer", "minimum": rules.YEAR_MIN, "maximum": rules.YEAR_MAX}
TEXT = {"type": "string", "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"}
NOTE = {
    "type": "string",
    "pattern": "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$",
}
NAME = {**TEXT, "minLength": 1}
NUMBER_OR_BOOL = {"type": ["number", "boolean"]}
RANGE = {
    "type": "array",
    "description": "a range [low, high], low < high",
    "items": {"type": "number"},
    "minItems": 2,
    "maxItems": 2,
}
YEARS = {"pattern": "^(19[0-9]{2}|20[0-9]{2}|2100)$"}


def year_table(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "description": "year (four digits, 1900–2100) = value",
        "propertyNames": YEARS,
        "additionalProperties": values,
    }


# Year-to-date figures (SPEC §13): "YYYY-MM" = a number accumulated since 1 January.
PERIODS = {
    "type": "object",
    "description": '"YYYY-MM" (quoted; month 01–12) = the figure from 1 January to the end of '
    "that month",
    "propertyNames": {"pattern": rules.PERIOD_PATTERN},
    "additionalProperties": {"type": "number"},
}


def choice(allowed: tuple[str, ...]) -> dict[str, Any]:
    return {"enum": list(allowed), "type": "string"}


def key(
    rule: rules.Rule,
    schema: dict[str, Any],
    doc: str,
    default: Any = MISSING,
    *,
    table: bool = False,
    alias: str | None = None,
) -> Any:
    """A key of the file: the rule that checks it, its schema and description; `table` for a
    year table (default: empty). Without a default the key is required. `alias`: the key as
    the file writes it, where that is a Python keyword (`from`, `as`)."""
    metadata: dict[str, Any] = {"rule": rule, "schema": schema, "doc": doc}
    if alias is not None:
        metadata["alias"] = alias
    if table:
        return field(default_factory=dict, metadata=metadata)
    return field(default=default, metadata=metadata)


def nested(kind: type | str, doc: str) -> Any:
    """An optional sub-table declared by another dataclass: the class, or the name of one in
    `unit_data.py` (which the file's readers import when a file has one)."""
    return field(default=None, metadata={"nested": kind, "doc": doc})


ID = {"type": "string", "pattern": rules.ID_PATTERN}
CRITERION = {"type": "integer", "minimum": rules.CRITERION_MIN, "maximum": rules.CRITERION_MAX}
STANDARD_YEARS = {
    "type": "object",
    "description": "standard id = year",
    "propertyNames": {"pattern": rules.ID_PATTERN},
    "additionalProperties": YEAR,
}
