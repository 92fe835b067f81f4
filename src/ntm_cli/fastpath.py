"""The common invocations, parsed without typer.

A CLI is started many times a day, and typer 0.29 builds a pydantic TypeAdapter for every
parameter of the command it runs: about 40 ms before any work, more than reading a 12-target
file takes. So `ntm status|compare|check|validate` with plain options are parsed here, into the
same option objects that `cli.py` builds. Anything else (help, a misspelt option, a value that
needs converting or checking, `--opt=` forms click would read differently) returns None and
goes to typer, which then gives the usual help or usage error. A test checks that every
command line accepted here gives exactly the options typer gives.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ntm_cli import commands as c

_YEAR = re.compile(r"[0-9]{1,6}")

# option -> (field, kind); kind is "text", "year", "flag" or a tuple of allowed values
_COMMON: dict[str, tuple[str, Any]] = {
    "--file": ("file", "text"),
    "-f": ("file", "text"),
    "--lang": ("lang", ("vi", "en")),
    "--output": ("output", "text"),
    "-o": ("output", "text"),
    "--no-color": ("no_color", "flag"),
}
_YEAR_OPTIONS: dict[str, tuple[str, Any]] = {"--year": ("year", "year"), "-y": ("year", "year")}
_COMMANDS: dict[str, tuple[type[c.Options], dict[str, tuple[str, Any]]]] = {
    "status": (
        c.StatusOptions,
        {
            **_COMMON,
            **_YEAR_OPTIONS,
            "--format": ("format", c.REPORT_FORMATS),
            "--all": ("all", "flag"),
        },
    ),
    "compare": (
        c.CompareOptions,
        {
            **_COMMON,
            **_YEAR_OPTIONS,
            "--vs": ("vs", "year"),
            "--format": ("format", c.REPORT_FORMATS),
        },
    ),
    "check": (
        c.CheckOptions,
        {
            **_COMMON,
            **_YEAR_OPTIONS,
            "--strict": ("strict", "flag"),
            "--format": ("format", c.CHECK_FORMATS),
        },
    ),
    "validate": (c.ValidateOptions, {**_COMMON, "--format": ("format", c.VALIDATE_FORMATS)}),
}


def parse(argv: list[str]) -> c.Options | None:
    """The options for `argv`, or None when typer should handle it."""
    if not argv or argv[0] not in _COMMANDS:
        return None
    kind, known = _COMMANDS[argv[0]]
    values: dict[str, Any] = {}
    tokens = iter(argv[1:])
    for token in tokens:
        spec = known.get(token)
        if spec is None:
            return None  # positional, --opt=value, -fVALUE, --help, a typo: typer decides
        field, expects = spec
        if field in values:
            return None
        if expects == "flag":
            values[field] = True
            continue
        value = next(tokens, None)
        if value is None or value == "" or value.startswith("-"):
            return None
        if expects == "year":
            if not _YEAR.fullmatch(value):
                return None
            values[field] = int(value)
        elif isinstance(expects, tuple):
            if value not in expects:
                return None
            values[field] = value
        else:
            values[field] = Path(value) if field == "output" else value
    return kind(**values)
