"""The `ntm` command line with typer: help and usage errors. The commands and their options
are declared once, in `commands.py` (`COMMANDS`, and one options dataclass per command whose
fields carry their flags and help); this module turns each into a typer command that builds
the options object and hands it to `commands.run`. `fastpath.py` parses the common
invocations from the same declarations without typer."""

from __future__ import annotations

import dataclasses
import inspect
import typing
from enum import StrEnum
from typing import Annotated, Any, NoReturn

import typer

from ntm_cli import __version__
from ntm_cli import commands as c

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
    if meta.get("argument"):
        info: Any = typer.Argument(metavar=meta["metavar"], help=meta["help"], show_default=False)
    else:
        info = typer.Option(
            *meta["flags"], help=meta["help"], show_default=item.default not in (None, False)
        )
    default = inspect.Parameter.empty if item.default is dataclasses.MISSING else item.default
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

    def invoke(**values: Any) -> None:
        plain = {k: v.value if isinstance(v, StrEnum) else v for k, v in values.items()}
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


def main(argv: list[str] | None = None) -> NoReturn:
    """Run the typer command line: every outcome is an exit code, never a traceback."""
    c.guarded(lambda: app(args=argv, prog_name="ntm"))
