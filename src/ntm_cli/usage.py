"""Usage errors (SPEC §5): one line, exit 2, in the message language, never click's usage
block nor pydantic's English. Click's exceptions (as vendored by typer) are turned into
`Problem`s here and worded by `i18n.problem_message`, as every other problem is.

Nothing here imports typer: the exception is read by its attributes, so this module is
tested with plain stand-ins as well as through the command line."""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ntm_cli.errors import Problem, describe
from ntm_cli.i18n import Lang
from ntm_cli.options import message_lang

_EXTRA = re.compile(r"unexpected extra argument\S* \((.*)\)", re.DOTALL)
_NO_COMMAND = re.compile(r"No such command '(.*?)'")
_TAKES_NO_VALUE = re.compile(r"Option '(.*?)' does not take a value")


def usage_lang(argv: Sequence[str], env: Mapping[str, str]) -> Lang:
    """The language of a usage error: --lang as typed (the file is not read), else the
    environment's. A value that is neither vi nor en is itself the error; the environment
    then decides the language it is told in."""
    lang: str | None = None
    tokens = list(argv)
    for position, token in enumerate(tokens):
        if token == "--":
            break
        if token == "--lang" and position + 1 < len(tokens):
            lang = tokens[position + 1]
        elif token.startswith("--lang="):
            lang = token.partition("=")[2]
    return message_lang(lang if lang in ("vi", "en") else None, env)


def _close(word: str, known: Iterable[str]) -> str | None:
    found = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return found[0] if found else None


def _flags(options: type | None) -> list[str]:
    if options is None:
        return []
    return [
        flag
        for item in dataclasses.fields(options)
        for flag in item.metadata.get("flags", ())
        if flag.startswith("--")
    ]


def _field(options: type | None, name: str) -> dataclasses.Field[Any] | None:
    if options is None:
        return None
    return next((f for f in dataclasses.fields(options) if f.name == name), None)


def _bad_value(error: Any) -> Any:
    """The value typed, where typer kept it: its pydantic error holds the input."""
    cause = getattr(error, "__cause__", None)
    errors = getattr(cause, "errors", None)
    if callable(errors):
        try:
            found = errors()
        except Exception:  # pragma: no cover - a cause of another shape: no value to show
            return None
        if found and isinstance(found[0], dict):
            return found[0].get("input")
    return None


def _option_name(param: Any) -> str:
    opts = [o for o in getattr(param, "opts", ()) or () if o.startswith("--")]
    if opts:
        return str(opts[0])
    metavar = getattr(param, "metavar", None)
    return str(metavar or getattr(param, "name", "?")).upper()


def usage_problem(error: Any, commands: Sequence[str], options_of: Mapping[str, type]) -> Problem:
    """The usage error `error` (a click UsageError) as one located-nowhere Problem.

    `commands` are the command names (for "did you mean"), `options_of` maps a command name to
    its options dataclass (for its flags and allowed values)."""
    kind = type(error).__name__
    message = str(getattr(error, "message", "") or "")
    ctx = getattr(error, "ctx", None)
    command = getattr(getattr(ctx, "command", None), "name", None)
    options = options_of.get(command) if isinstance(command, str) else None
    param = getattr(error, "param", None)

    if kind == "NoSuchOption":
        name = str(getattr(error, "option_name", "") or "")
        suggestion = _close(name, _flags(options))
        return Problem("usage_unknown_option", {"option": name, "suggestion": suggestion})
    if kind == "MissingParameter" and param is not None:
        name = _option_name(param)
        if getattr(param, "param_type_name", "") == "argument":
            return Problem("usage_missing_argument", {"argument": name})
        return Problem("usage_missing_option", {"option": name})
    if kind == "BadParameter" and param is not None:
        name = _option_name(param)
        item = _field(options, str(getattr(param, "name", "")))
        allowed: tuple[str, ...] = tuple(item.metadata.get("choices", ())) if item else ()
        value = _bad_value(error)
        shown = describe(value) if value is not None else '""'
        if allowed:
            return Problem(
                "usage_bad_choice", {"option": name, "got": shown, "allowed": ", ".join(allowed)}
            )
        expects = "year" if item is not None and item.name in ("year", "vs") else "number"
        return Problem("usage_bad_" + expects, {"option": name, "got": shown})
    if kind == "BadOptionUsage":
        name = str(getattr(error, "option_name", "") or "")
        if _TAKES_NO_VALUE.search(message):
            return Problem("usage_no_value", {"option": name})
        return Problem("usage_needs_value", {"option": name})
    found = _NO_COMMAND.search(message)
    if found:
        typed = found.group(1)
        return Problem(
            "usage_unknown_command", {"command": typed, "suggestion": _close(typed, commands)}
        )
    found = _EXTRA.search(message)
    if found:
        return Problem("usage_extra_argument", {"got": found.group(1)})
    return Problem("usage_other", {"detail": message})


def repeated_option(options: type, args: Sequence[str]) -> str | None:
    """The first option that takes a value and is given twice in `args` (the command's
    arguments), as typed: click would silently keep the last (SPEC §3: never a silent
    choice of one)."""
    valued: dict[str, str] = {}
    for item in dataclasses.fields(options):
        flags = item.metadata.get("flags", ())
        if item.type in ("bool",) or not flags:
            continue
        for flag in flags:
            valued[flag] = item.name
    seen: set[str] = set()
    tokens = iter(args)
    for token in tokens:
        if token == "--":
            break
        name: str | None = None
        if token in valued:
            name = valued[token]
            next(tokens, None)  # its value, whatever it looks like
        elif token.startswith("--") and token.partition("=")[0] in valued:
            name = valued[token.partition("=")[0]]
        elif not token.startswith("--") and token[:2] in valued and len(token) > 2:
            name = valued[token[:2]]
        if name is None:
            continue
        if name in seen:
            return token.partition("=")[0] if token.startswith("--") else token[:2]
        seen.add(name)
    return None
