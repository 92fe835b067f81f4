"""The JSON Schema of the targets file, generated from the pydantic models."""

from __future__ import annotations

import json
from typing import Any

from ntm_cli.model import TargetsFile


def schema() -> dict[str, Any]:
    document = TargetsFile.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/ntm-cli/ntm/targets.schema.json",
        "title": "ntm targets file",
        "description": "Planned targets and reported results (targets.toml), ntm format v1.",
        **{k: v for k, v in document.items() if k != "title"},
    }


def schema_text() -> str:
    return json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"
