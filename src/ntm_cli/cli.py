"""The `ntm` command line with typer: help and usage errors. The commands and their options
are declared once, in `commands.py` (`COMMANDS`, and one options dataclass per command whose
fields carry their flags and help); this module turns each into a typer command that builds
the options object and hands it to `commands.run`. `fastpath.py` parses the common
invocations from the same declarations without typer."""

from __future__ import annotations

import dataclasses
import inspect
import os
import sys
import typing
from enum import StrEnum
from typing import Annotated, Any, NoReturn

import typer

from ntm_cli import __version__
from ntm_cli import commands as c
from ntm_cli.errors import NtmError, Problem
from ntm_cli.usage import repeated_option, usage_lang, usage_problem

app = typer.Typer(
    name="ntm",
    help="Track planned targets against reported results (nông thôn mới and beyond).",
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        c.write_stdout(f"ntm {__version__}\n")
        raise typer.Exit(0)


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", help="Print the version.", callback=_version, is_eager=True),
    ] = False,
) -> None:
    """Track planned targets against reported results: tables for people, JSON, CSV,
    Markdown, JUnit and GitHub annotations for programs, exit codes for CI."""
    if ctx.invoked_subcommand is None:
        c.write_stdout(ctx.get_help() + "\n")
        raise typer.Exit(0)


def _parameter(item: dataclasses.Field[Any], hint: Any) -> inspect.Parameter:
    """One field of an options dataclass as a typer parameter."""
    meta = item.metadata
    annotation = hint
    if meta.get("choices"):
        choice = StrEnum(item.name.title(), {value: value for value in meta["choices"]})  # type: ignore[misc]
        annotation = choice | None if type(None) in typing.get_args(hint) else choice
    if meta.get("many"):
        # typer reads a variadic argument as a list; the options keep a tuple (frozen).
        annotation = list[str] | None
        info: Any = typer.Argument(metavar=meta["metavar"], help=meta["help"], show_default=False)
        default_many: Any = None
    elif meta.get("argument"):
        info = typer.Argument(metavar=meta["metavar"], help=meta["help"], show_default=False)
    else:
        info = typer.Option(
            *meta["flags"], help=meta["help"], show_default=item.default not in (None, False)
        )
    default = inspect.Parameter.empty if item.default is dataclasses.MISSING else item.default
    if meta.get("many"):
        default = default_many
    return inspect.Parameter(
        item.name,
        inspect.Parameter.KEYWORD_ONLY,
        default=default,
        annotation=Annotated[annotation, info],
    )


def _command(command: c.Command) -> Any:
    """A typer command function for `command`, its signature read off the options."""
    hints = typing.get_type_hints(command.options)
    parameters = [_parameter(f, hints[f.name]) for f in dataclasses.fields(command.options)]
    many = [f.name for f in dataclasses.fields(command.options) if f.metadata.get("many")]

    def invoke(**values: Any) -> None:
        plain = {k: v.value if isinstance(v, StrEnum) else v for k, v in values.items()}
        for name in many:
            plain[name] = tuple(plain.get(name) or ())
        code = c.run(command.options(**plain))
        if code:
            raise typer.Exit(code)

    invoke.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    invoke.__annotations__ = {p.name: p.annotation for p in parameters}
    invoke.__doc__ = command.help
    invoke.__name__ = command.name
    return invoke


for _each in c.COMMANDS:
    app.command(name=_each.name, help=_each.help)(_command(_each))


def _usage_error(problem: Problem, args: list[str]) -> int:
    session = c.Session(usage_lang(args, os.environ), os.environ)
    c.report_problems(NtmError([problem]), session)
    return 2


def _run(args: list[str]) -> int:
    from typer._click.exceptions import UsageError

    command = c.BY_NAME.get(args[0]) if args else None
    if command is not None:
        repeated = repeated_option(command.options, args[1:])
        if repeated is not None:
            return _usage_error(Problem("usage_repeated", {"option": repeated}), args)
    try:
        # standalone_mode=False: click's usage errors come here, to be worded in the user's
        # language on one line (SPEC §5), instead of click's English usage block.
        code = app(args=args, prog_name="ntm", standalone_mode=False)
    except UsageError as error:
        names = [each.name for each in c.COMMANDS]
        options_of = {each.name: each.options for each in c.COMMANDS}
        return _usage_error(usage_problem(error, names, options_of), args)
    return code if isinstance(code, int) else 0


def main(argv: list[str] | None = None) -> NoReturn:
    """Run the typer command line: every outcome is an exit code, never a traceback."""
    args = list(sys.argv[1:] if argv is None else argv)
    c.guarded(lambda: _run(args))
