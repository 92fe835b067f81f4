"""The JSON Schema of the targets file, generated from the pydantic models.

Written as draft-07 (`definitions`, not `$defs`), the dialect that TOML editor tooling such as
Taplo (Even Better TOML) supports most widely. TOML has no null, so optional keys are simply
not required rather than "string or null"."""

from __future__ import annotations

import json
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from ntm_cli.targets_file.model import TargetsFile


class _TomlSchema(GenerateJsonSchema):
    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        return self.generate_inner(schema["schema"])


def _tidy(node: Any) -> Any:
    """Drop `"default": null` (TOML cannot write it) and the titles pydantic derives from
    Python names; keep everything else."""
    if isinstance(node, dict):
        return {
            key: _tidy(value)
            for key, value in node.items()
            if not (key == "default" and value is None)
            and not (key == "title" and isinstance(value, str))
        }
    if isinstance(node, list):
        return [_tidy(item) for item in node]
    return node


def schema() -> dict[str, Any]:
    generated = TargetsFile.model_json_schema(
        ref_template="#/definitions/{model}", schema_generator=_TomlSchema
    )
    definitions = generated.pop("$defs", {})
    body = _tidy(generated)
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "ntm targets file (targets.toml), format version 3",
        **body,
        "definitions": _tidy(definitions),
    }


def schema_text() -> str:
    return json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"
