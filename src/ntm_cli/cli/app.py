"""The `ntm` command line: one parser, typer. The commands and their options are declared
once, in the `commands` package (a module per command: one options dataclass whose fields
carry their flags, help in both languages and allowed values, and its `COMMAND`); this module
turns each into a typer command that builds the options object and hands it to
`commands.run`. Help is in the
language of --lang, $NTM_LANG or the locale; a usage error is one line in it (`usage.py`)."""

from __future__ import annotations

import dataclasses
import inspect
import os
import sys
import typing
from enum import StrEnum
from typing import Annotated, Any, NoReturn

import typer
import typer.core

from ntm_cli import __version__
from ntm_cli.cli import commands as c
from ntm_cli.cli.commands.common import Command, Session, help_of, report_problems, write_stdout
from ntm_cli.cli.usage import (
    extra_arguments,
    repeated_option,
    unknown_command,
    usage_lang,
    usage_problem,
)
from ntm_cli.errors import NtmError, Problem
from ntm_cli.i18n import Lang

HELP = {
    "en": "Track planned targets against reported results (nông thôn mới and beyond).",
    "vi": "Theo dõi chỉ tiêu kế hoạch so với kết quả thực hiện (nông thôn mới và các chương "
    "trình khác).",
}
VERSION_HELP = {"en": "Print the version.", "vi": "In số phiên bản."}


# Help in Vietnamese: typer writes its headings and notes in English, so for `vi` the
# commands write their help themselves, from the same parameters (each one's help is already
# the declaration's Vietnamese text).
VI_WORDS = {
    "usage": "Cách dùng: ",
    "arguments": "Tham số",
    "options": "Tùy chọn",
    "commands": "Lệnh",
    "help": "Hiện trợ giúp này rồi thoát.",
    "default": "mặc định",
    "required": "bắt buộc",
}
VI_PIECES = {"[OPTIONS]": "[TÙY CHỌN]", "COMMAND": "LỆNH", "[ARGS]...": "[THAM SỐ]..."}


def _vi_usage(command: Any, ctx: Any, formatter: Any) -> None:
    pieces = " ".join(command.collect_usage_pieces(ctx))
    for english, vietnamese in VI_PIECES.items():
        pieces = pieces.replace(english, vietnamese)
    formatter.write_usage(ctx.command_path, pieces, prefix=VI_WORDS["usage"])
    command.format_help_text(ctx, formatter)


def _vi_row(param: Any, ctx: Any) -> tuple[str, str] | None:
    record = param.get_help_record(ctx)
    if record is None:
        return None
    if param.name == "help":
        return record[0], VI_WORDS["help"]
    text = str(param.help or "")
    default = param.default
    if param.show_default and default not in (None, False):
        shown = default.value if isinstance(default, StrEnum) else default
        text += f"  [{VI_WORDS['default']}: {shown}]"
    if param.required and param.param_type_name == "option":
        text += f"  [{VI_WORDS['required']}]"
    return record[0], text


def _vi_parameters(command: Any, ctx: Any, formatter: Any) -> None:
    for kind, heading in (("argument", "arguments"), ("option", "options")):
        rows = [
            row
            for param in command.get_params(ctx)
            if param.param_type_name == kind
            for row in [_vi_row(param, ctx)]
            if row is not None
        ]
        if rows:
            with formatter.section(VI_WORDS[heading]):
                formatter.write_dl(rows)


class VietnameseCommand(typer.core.TyperCommand):
    """A command whose help is written in Vietnamese."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _vi_usage(self, ctx, formatter)
        _vi_parameters(self, ctx, formatter)


class VietnameseGroup(typer.core.TyperGroup):
    """`ntm` itself, its help in Vietnamese."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _vi_usage(self, ctx, formatter)
        _vi_parameters(self, ctx, formatter)
        rows = [
            (name, command.get_short_help_str(formatter.width - 6 - len(name)))
            for name, command in self.commands.items()
        ]
        if rows:
            with formatter.section(VI_WORDS["commands"]):
                formatter.write_dl(rows)


def _version(value: bool) -> None:
    if value:
        write_stdout(f"ntm {__version__}\n")
        raise typer.Exit(0)


def _root_in(lang: Lang) -> Any:
    """The root command: help when no command is given; --version, its help in `lang`."""

    def root(ctx: typer.Context, version: bool = False) -> None:
        if ctx.invoked_subcommand is None:
            write_stdout(ctx.get_help() + "\n")
            raise typer.Exit(0)

    flag = typer.Option("--version", help=VERSION_HELP[lang], callback=_version, is_eager=True)
    parameters = [
        inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=typer.Context),
        inspect.Parameter(
            "version",
            inspect.Parameter.KEYWORD_ONLY,
            default=False,
            annotation=Annotated[bool, flag],
        ),
    ]
    root.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    root.__annotations__ = {p.name: p.annotation for p in parameters}
    return root


def _parameter(item: dataclasses.Field[Any], hint: Any, lang: Lang) -> inspect.Parameter:
    """One field of an options dataclass as a typer parameter, its help in `lang`."""
    meta = item.metadata
    text = help_of(item, lang)
    annotation = hint
    if meta.get("choices"):
        choice = StrEnum(item.name.title(), {value: value for value in meta["choices"]})  # type: ignore[misc]
        annotation = choice | None if type(None) in typing.get_args(hint) else choice
    default = inspect.Parameter.empty if item.default is dataclasses.MISSING else item.default
    if meta.get("many"):
        # typer reads a variadic argument as a list; the options keep a tuple (frozen).
        annotation = list[str] | None
        info: Any = typer.Argument(metavar=meta["metavar"], help=text, show_default=False)
        default = None
    elif meta.get("argument"):
        info = typer.Argument(metavar=meta["metavar"], help=text, show_default=False)
    else:
        info = typer.Option(
            *meta["flags"], help=text, show_default=item.default not in (None, False)
        )
    return inspect.Parameter(
        item.name,
        inspect.Parameter.KEYWORD_ONLY,
        default=default,
        annotation=Annotated[annotation, info],
    )


def _command(command: Command, lang: Lang) -> Any:
    """A typer command function for `command`, its signature read off the options."""
    hints = typing.get_type_hints(command.options)
    fields = dataclasses.fields(command.options)
    # The context gives the words left over (`ctx.args`: the commands allow them, so that
    # they arrive as data rather than as click's English sentence).
    context = inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=typer.Context)
    parameters = [context, *(_parameter(f, hints[f.name], lang) for f in fields)]
    many = [f.name for f in fields if f.metadata.get("many")]

    def invoke(ctx: typer.Context, **values: Any) -> None:
        if ctx.args:
            raise NtmError([extra_arguments(ctx.args)])
        plain = {k: v.value if isinstance(v, StrEnum) else v for k, v in values.items()}
        for name in many:
            plain[name] = tuple(plain.get(name) or ())
        code = c.run(command.name, command.options(**plain))
        if code:
            raise typer.Exit(code)

    invoke.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    invoke.__annotations__ = {p.name: p.annotation for p in parameters}
    invoke.__doc__ = command.help_in(lang)
    invoke.__name__ = command.name
    return invoke


def make_app(lang: Lang = "en", only: str | None = None) -> typer.Typer:
    """The typer app, its help in `lang`; with `only`, that command alone (typer builds every
    command it is given before it runs one: a run builds the one it runs)."""
    app = typer.Typer(
        name="ntm",
        cls=VietnameseGroup if lang == "vi" else typer.core.TyperGroup,
        help=HELP[lang],
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback(invoke_without_command=True)(_root_in(lang))
    for each in c.every_command() if only is None else [c.command(only)]:
        app.command(
            name=each.name,
            help=each.help_in(lang),
            context_settings={"allow_extra_args": True},
            cls=VietnameseCommand if lang == "vi" else typer.core.TyperCommand,
        )(_command(each, lang))
    return app


def __getattr__(name: str) -> Any:
    # `cli.app`: the English app, for tests and tools that inspect it.
    if name == "app":
        return make_app("en")
    raise AttributeError(name)


def _usage_error(problems: list[Problem], lang: Lang) -> int:
    report_problems(NtmError(problems), Session(lang, os.environ))
    return 2


def _run(args: list[str]) -> int:
    lang = usage_lang(args, os.environ)
    unknown = unknown_command(args, list(c.NAMES))
    if unknown is not None:
        return _usage_error([unknown], lang)
    command = c.command(args[0]) if args and args[0] in c.NAMES else None
    if command is not None:
        repeated = repeated_option(command.options, args[1:])
        if repeated is not None:
            return _usage_error([Problem("usage_repeated", {"option": repeated})], lang)
    try:
        # standalone_mode=False: typer's usage errors come here, to be worded in the user's
        # language on one line (SPEC §5), instead of click's English usage block.
        app = make_app(lang, command.name if command is not None else None)
        code = app(args=args, prog_name="ntm", standalone_mode=False)
    except typer.TyperException as error:
        problem = usage_problem(error, command.options if command is not None else None)
        if problem is None:
            raise
        return _usage_error([problem], lang)
    except NtmError as error:  # found while reading the command line (`invoke`)
        return _usage_error(error.problems, lang)
    return code if isinstance(code, int) else 0


def main(argv: list[str] | None = None) -> NoReturn:
    """Run the command line: every outcome is an exit code, never a traceback."""
    args = list(sys.argv[1:] if argv is None else argv)
    c.guarded(lambda: _run(args))
