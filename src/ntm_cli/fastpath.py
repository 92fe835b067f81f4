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


@dataclasses.dataclass(frozen=True)
class _Spec:
    """What one command's options dataclass declares, for parsing."""

    options: type
    flags: dict[str, tuple[str, Any]]  # flag -> (field, "flag" | "int" | "text" | choices)
    arguments: list[str]  # single positional arguments, in order
    many: str | None  # the field that takes any number of positional arguments
    required: frozenset[str]

    @classmethod
    def of(cls, options: type) -> _Spec:
        flags: dict[str, tuple[str, Any]] = {}
        arguments: list[str] = []
        many: str | None = None
        required: set[str] = set()
        for item in dataclasses.fields(options):
            meta = item.metadata
            if item.default is dataclasses.MISSING:
                required.add(item.name)
            if meta.get("many"):
                many = item.name
                continue
            if meta.get("argument"):
                arguments.append(item.name)
                continue
            kind: Any = "text"
            if meta.get("choices"):
                kind = tuple(meta["choices"])
            elif item.type == "bool":
                kind = "flag"
            elif item.type in ("int | None", "int"):
                kind = "int"
            for flag in meta["flags"]:
                flags[flag] = (item.name, kind)
        return cls(options, flags, arguments, many, frozenset(required))


_COMMANDS = {command.name: _Spec.of(command.options) for command in c.COMMANDS}


def parse(argv: list[str]) -> Any:
    """The options for `argv`, or None when typer should handle it."""
    if not argv or argv[0] not in _COMMANDS:
        return None
    spec = _COMMANDS[argv[0]]
    values: dict[str, Any] = {}
    bare: list[str] = []
    tokens = iter(argv[1:])
    for token in tokens:
        found = spec.flags.get(token)
        if found is None:
            if token and not token.startswith("-"):
                bare.append(token)  # an ID, a SHEET, the FILEs pre-commit passes
                continue
            return None  # --opt=value, -fVALUE, --help, --, a typo: typer decides
        name, expects = found
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
    for name in spec.arguments:
        if bare:
            values[name] = bare.pop(0)
    if spec.many is not None:
        values[spec.many] = tuple(bare)
    elif bare:
        return None  # an extra argument: typer words the error
    if not spec.required.issubset(values):
        return None  # a missing argument or option: likewise
    return spec.options(**values)
