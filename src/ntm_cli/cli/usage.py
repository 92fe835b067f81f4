"""Usage errors (SPEC §5): one line, exit 2, in the message language, never click's usage
block nor pydantic's English. The exception typer raises is read by its structure: the kind
of error is its class (by name, along its class hierarchy: typer keeps click's exception
classes in a private module, which ntm does not import), the parameter, option name, close
matches and context are its attributes. Its English message is never read. The result is a
`Problem`, worded by `i18n.problem_message` as every other problem is.

What typer cannot tell (a command name it does not know, an option given twice) is read off
the command line here, before typer runs, by the one walk over its tokens (`typed`).

Nothing here imports typer, so this module is tested with plain stand-ins as well as through
the command line."""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from ntm_cli.cli.options import message_lang
from ntm_cli.errors import Problem, describe
from ntm_cli.i18n import Lang

# The kinds of usage error click defines, most specific first.
KINDS = ("NoSuchOption", "MissingParameter", "BadOptionUsage", "BadParameter", "UsageError")
# The options of every command (and of `ntm` itself) that take no value, besides the
# declared flags.
FLAGS = ("-h", "--help", "--version")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def kind_of(error: BaseException) -> str | None:
    """The kind of usage error `error` is (a name of `KINDS`), or None: not a usage error."""
    names = {klass.__name__ for klass in type(error).__mro__}
    return next((kind for kind in KINDS if kind in names), None)


def shown(text: str) -> str:
    """Text from the command line as it may appear in a message: control characters as
    \\xNN, never sent to the terminal."""
    return _CONTROL.sub(lambda found: f"\\x{ord(found[0]):02x}", text)


def typed(args: Sequence[str], valued: Iterable[str]) -> Iterator[tuple[str, str | None]]:
    """Each option of `valued` (flags that take a value) in `args`, as (flag, value): the
    value as typed (`--lang vi`, `--lang=vi`, `-fx.toml`), None when the line ends first.
    Stops at `--`. The one walk over the command line's tokens before typer reads it."""
    flags = set(valued)
    tokens = iter(args)
    for token in tokens:
        if token == "--":
            return
        if token in flags:
            yield token, next(tokens, None)  # its value, whatever it looks like
        elif token.startswith("--") and token.partition("=")[0] in flags:
            flag, _, value = token.partition("=")
            yield flag, value
        elif not token.startswith("--") and token[:2] in flags and len(token) > 2:
            yield token[:2], token[2:]


def usage_lang(argv: Sequence[str], env: Mapping[str, str]) -> Lang:
    """The language of a usage error or of help: --lang as typed (the file is not read), else
    the environment's. A value that is neither vi nor en is itself the error; the environment
    then decides the language it is told in."""
    lang: str | None = None
    for _, value in typed(argv, ["--lang"]):
        lang = value
    return message_lang(lang if lang in ("vi", "en") else None, env)


def unknown_command(args: Sequence[str], commands: Sequence[str]) -> Problem | None:
    """The command line's first word when it is not a command (typer tells it only in
    English words)."""
    if not args or args[0].startswith("-") or args[0] in commands:
        return None
    typed_name = shown(args[0])
    found = difflib.get_close_matches(args[0], list(commands), n=1, cutoff=0.6)
    return Problem(
        "usage_unknown_command",
        {"command": typed_name, "suggestion": found[0] if found else None},
    )


def repeated_option(options: type, args: Sequence[str]) -> str | None:
    """The first option that takes a value and is given twice in `args` (the command's
    arguments), as typed: click would silently keep the last (SPEC §3: never a silent
    choice of one)."""
    field_of = {
        flag: item.name
        for item in dataclasses.fields(options)
        if item.type != "bool"
        for flag in item.metadata.get("flags", ())
    }
    seen: set[str] = set()
    for flag, _ in typed(args, field_of):
        if field_of[flag] in seen:
            return flag
        seen.add(field_of[flag])
    return None


def extra_arguments(extra: Sequence[str]) -> Problem:
    """Words left over once a command's arguments are taken (click's `ctx.args`)."""
    return Problem("usage_extra_argument", {"got": " ".join(shown(str(a)) for a in extra)})


def _field(options: type | None, name: str) -> dataclasses.Field[Any] | None:
    if options is None:
        return None
    return next((f for f in dataclasses.fields(options) if f.name == name), None)


def _bad_value(error: BaseException) -> Any:
    """The value typed: typer converts it with pydantic, whose error (the cause) holds it."""
    cause = error.__cause__
    errors = getattr(cause, "errors", None)
    if callable(errors):
        try:
            found = errors()
        except Exception:  # pragma: no cover - a cause of another shape: no value to show
            return None
        if found and isinstance(found[0], dict):
            return found[0].get("input")
    return None


def _param_name(param: Any) -> str:
    """An option by its long flag, an argument by its metavar (ID, SHEET)."""
    opts = [o for o in getattr(param, "opts", ()) or () if o.startswith("--")]
    if opts:
        return str(opts[0])
    metavar = getattr(param, "metavar", None)
    return str(metavar or getattr(param, "name", "?")).upper()


def _takes_no_value(ctx: Any, option_name: str, options: type | None) -> bool:
    """Whether the option the user gave a value is a flag: by the command's parameters where
    the error carries its context, else by the declarations (click's parser raises this one
    without a context)."""
    command = getattr(ctx, "command", None)
    if command is not None:
        for param in command.get_params(ctx):
            if option_name in (getattr(param, "opts", ()) or ()):
                return bool(getattr(param, "is_flag", False))
    if option_name in FLAGS:
        return True
    return any(
        option_name in item.metadata.get("flags", ()) and item.type == "bool"
        for item in (dataclasses.fields(options) if options is not None else ())
    )


def usage_problem(error: BaseException, options: type | None) -> Problem | None:
    """The usage error `error` (as typer raises it) as one located-nowhere Problem; None when
    it is not a usage error. `options`: the options dataclass of the command typed, if any
    (for the allowed values and what a value must be)."""
    kind = kind_of(error)
    if kind is None:
        return None
    ctx = getattr(error, "ctx", None)
    param = getattr(error, "param", None)

    if kind == "NoSuchOption":
        name = str(getattr(error, "option_name", "") or "")
        close = list(getattr(error, "possibilities", None) or ())
        return Problem(
            "usage_unknown_option",
            {"option": shown(name), "suggestion": close[0] if close else None},
        )
    if kind == "MissingParameter" and param is not None:
        name = _param_name(param)
        if getattr(param, "param_type_name", "") == "argument":
            return Problem("usage_missing_argument", {"argument": name})
        return Problem("usage_missing_option", {"option": name})
    if kind == "BadOptionUsage":
        name = str(getattr(error, "option_name", "") or "")
        code = "usage_no_value" if _takes_no_value(ctx, name, options) else "usage_needs_value"
        return Problem(code, {"option": shown(name)})
    if kind == "BadParameter" and param is not None:
        name = _param_name(param)
        item = _field(options, str(getattr(param, "name", "")))
        allowed: tuple[str, ...] = tuple(item.metadata.get("choices", ())) if item else ()
        value = _bad_value(error)
        got = describe(value) if value is not None else '""'
        if allowed:
            return Problem(
                "usage_bad_choice", {"option": name, "got": got, "allowed": ", ".join(allowed)}
            )
        expects = "year" if item is not None and item.name in ("year", "vs") else "number"
        return Problem("usage_bad_" + expects, {"option": name, "got": got})
    # A usage error of no kind above: the words are typer's (English); none is known to
    # reach here, since the unknown command and extra arguments are found before and after.
    return Problem("usage_other", {"detail": shown(str(getattr(error, "message", error)))})
