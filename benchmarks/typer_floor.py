"""The floor of a typer command line: ten commands of six options, each doing nothing.

    python benchmarks/typer_floor.py check -f FILE --format json

Running a typer app costs more than importing it (typer builds its click command and a
converter for every parameter of the command it runs), so this, not an import, is what a
typer CLI cannot go below. `run.py` measures ntm's start-up against it. The options are of
the kinds ntm's are: a file, a language and a format chosen from a list, an output path, a
flag and a year."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class Lang(StrEnum):
    vi = "vi"
    en = "en"


app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)


def _nothing(
    file: Annotated[str | None, typer.Option("--file", "-f", help="The file.")] = None,
    lang: Annotated[Lang | None, typer.Option("--lang", help="The language.")] = None,
    output: Annotated[str | None, typer.Option("--output", "-o", help="The output.")] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour.")] = False,
    year: Annotated[int | None, typer.Option("--year", "-y", help="The year.")] = None,
    format: Annotated[Format, typer.Option("--format", help="The format.")] = Format.table,
) -> None:
    """Do nothing."""


for _name in (
    "status",
    "compare",
    "check",
    "outlook",
    "validate",
    "show",
    "init",
    "record",
    "import",
    "schema",
):
    app.command(name=_name)(_nothing)

if __name__ == "__main__":
    app()
