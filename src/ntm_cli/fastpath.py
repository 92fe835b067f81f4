"""The common invocations, parsed without typer.

A CLI is started many times a day, and typer 0.29 builds a pydantic TypeAdapter for every
parameter of the command it runs: about 40 ms before any work, more than reading a 12-target
file takes. So the commands marked `fast` in `commands.COMMANDS` are parsed here, from the same
option declarations that `cli.py` gives typer, into the same option objects. Anything else
(help, a misspelt option, a lone positional argument, a value that needs converting or
checking, `--opt=` forms click would read differently, a repeated option) returns None and goes to
typer, which then gives the usual help or usage error. A test checks that every command line
accepted here gives exactly the options typer gives.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from ntm_cli import commands as c

_YEAR = re.compile(r"[0-9]{1,6}")


def _table(options: type) -> tuple[dict[str, tuple[str, Any]], str | None]:
    """flag -> (field, kind), kind "flag", "int", "text" or a tuple of allowed values; and the
    field that takes any number of positional arguments, if the command has one. A command
    with a single positional argument is left to typer."""
    known: dict[str, tuple[str, Any]] = {}
    positional: str | None = None
    for item in dataclasses.fields(options):
        meta = item.metadata
        if meta.get("many"):
            positional = item.name
            continue
        if meta.get("argument"):
            continue
        kind: Any = "text"
        if meta.get("choices"):
            kind = tuple(meta["choices"])
        elif item.type in ("bool",):
            kind = "flag"
        elif item.type in ("int | None", "int"):
            kind = "int"
        for flag in meta["flags"]:
            known[flag] = (item.name, kind)
    return known, positional


_COMMANDS = {
    command.name: (command.options, *_table(command.options))
    for command in c.COMMANDS
    if command.fast
}


def parse(argv: list[str]) -> Any:
    """The options for `argv`, or None when typer should handle it."""
    if not argv or argv[0] not in _COMMANDS:
        return None
    kind, known, positional = _COMMANDS[argv[0]]
    values: dict[str, Any] = {}
    arguments: list[str] = []
    tokens = iter(argv[1:])
    for token in tokens:
        spec = known.get(token)
        if spec is None:
            if positional is not None and token and not token.startswith("-"):
                arguments.append(token)  # a FILE, as pre-commit passes them
                continue
            return None  # --opt=value, -fVALUE, --help, --, a typo: typer decides
        name, expects = spec
        if name in values:
            return None
        if expects == "flag":
            values[name] = True
            continue
        value = next(tokens, None)
        if value is None or value == "" or value.startswith("-"):
            return None
        if expects == "int":
            if not _YEAR.fullmatch(value):
                return None
            values[name] = int(value)
        elif isinstance(expects, tuple):
            if value not in expects:
                return None
            values[name] = value
        else:
            values[name] = value
    if positional is not None:
        values[positional] = tuple(arguments)
    return kind(**values)
