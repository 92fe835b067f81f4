"""`ntm schema`: the JSON Schema of the targets file."""

from __future__ import annotations

from dataclasses import dataclass

from ntm_cli.cli.commands.common import (
    Command,
    Session,
    emit,
    output_flag,
)


@dataclass(frozen=True, kw_only=True)
class SchemaOptions:
    """The options of `ntm schema`."""

    output: str | None = output_flag()


def schema(options: SchemaOptions, session: Session) -> int:
    """Print the JSON Schema of the targets file format."""
    from ntm_cli.targets_file.schema import schema_text

    emit(schema_text(), options.output, "json", session)
    return 0


COMMAND = Command(
    "schema",
    SchemaOptions,
    schema,
    "In JSON Schema của định dạng tệp chỉ tiêu.",
)
