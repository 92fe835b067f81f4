"""The `ntm` command line with typer: options, help and usage errors. Each command only
builds its options object and hands it to `commands.run`; see `fastpath.py` for the common
invocations that skip typer altogether."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

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


class LangChoice(StrEnum):
    vi = "vi"
    en = "en"


# The choices typer offers; a test checks they are the formats commands.py knows.
class ReportFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    junit = "junit"
    github = "github"
    markdown = "markdown"


class ShowFormat(StrEnum):
    table = "table"
    json = "json"


class ValidateFormat(StrEnum):
    text = "text"
    json = "json"


FileOpt = Annotated[
    str | None,
    typer.Option(
        "--file",
        "-f",
        help="The targets file. Default: $NTM_FILE, else the nearest targets.toml here or above.",
        show_default=False,
    ),
]
LangOpt = Annotated[
    LangChoice | None,
    typer.Option("--lang", help="Output language. Default: $NTM_LANG, [program].lang, the locale."),
]
YearOpt = Annotated[
    int | None,
    typer.Option("--year", "-y", help="Year to evaluate. Default: the latest with actuals."),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write the report to this file (atomically)."),
]
NoColorOpt = Annotated[
    bool, typer.Option("--no-color", help="No colour (also off with $NO_COLOR or no terminal).")
]


def _lang(lang: LangChoice | None) -> str | None:
    return lang.value if lang is not None else None


def _run(options: c.Options) -> None:
    code = c.run(options)
    if code:
        raise typer.Exit(code)


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


@app.command()
def status(
    file: FileOpt = None,
    year: YearOpt = None,
    lang: LangOpt = None,
    format: Annotated[
        ReportFormat, typer.Option("--format", help="Output format.")
    ] = ReportFormat.table,
    output: OutputOpt = None,
    no_color: NoColorOpt = False,
    all: Annotated[
        bool, typer.Option("--all", help="Every target, even in a file too large for a screen.")
    ] = False,
) -> None:
    """Every target at one year with its status badge, grouped, with a summary line."""
    _run(c.StatusOptions(file, _lang(lang), output, no_color, year, str(format), all))


@app.command()
def compare(
    file: FileOpt = None,
    year: YearOpt = None,
    vs: Annotated[
        int | None, typer.Option("--vs", help="Also show the actual of this year and the change.")
    ] = None,
    lang: LangOpt = None,
    format: Annotated[
        ReportFormat, typer.Option("--format", help="Output format.")
    ] = ReportFormat.table,
    output: OutputOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Plan against actual for one year: KH, TH, delta, TH/KH %, status."""
    _run(c.CompareOptions(file, _lang(lang), output, no_color, year, vs, str(format)))


@app.command()
def check(
    file: FileOpt = None,
    year: YearOpt = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="near and no-data fail too (subject to gate).")
    ] = False,
    lang: LangOpt = None,
    format: Annotated[
        CheckFormat, typer.Option("--format", help="Output format.")
    ] = CheckFormat.text,
    output: OutputOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """The CI gate: exit 1 when a target fails (missed; with --strict also near, no-data)."""
    _run(c.CheckOptions(file, _lang(lang), output, no_color, year, strict, str(format)))


@app.command()
def validate(
    file: FileOpt = None,
    lang: LangOpt = None,
    format: Annotated[
        ValidateFormat, typer.Option("--format", help="Output format.")
    ] = ValidateFormat.text,
    output: OutputOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Check the file and report every problem found, not only the first."""
    _run(c.ValidateOptions(file, _lang(lang), output, no_color, str(format)))


@app.command()
def show(
    target_id: Annotated[str, typer.Argument(metavar="ID", help="The target's id.")],
    file: FileOpt = None,
    lang: LangOpt = None,
    format: Annotated[
        ShowFormat, typer.Option("--format", help="Output format.")
    ] = ShowFormat.table,
    output: OutputOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """One target across all its years: plan, actual, delta, status, and a trend."""
    _run(c.ShowOptions(file, _lang(lang), output, no_color, target_id, str(format)))


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the file.")] = Path("targets.toml"),
    example: Annotated[
        bool, typer.Option("--example", help="Can Tho's 2020 figures instead of a blank template.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    lang: LangOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Write a starter targets.toml (never over an existing file without --force)."""
    _run(c.InitOptions(path, example, force, _lang(lang)))


@app.command()
def record(
    target_id: Annotated[str, typer.Argument(metavar="ID", help="The target's id.")],
    year: Annotated[int, typer.Option("--year", "-y", help="The year to set.")],
    actual: Annotated[
        str | None, typer.Option("--actual", help="Set the reported value.", show_default=False)
    ] = None,
    plan: Annotated[
        str | None, typer.Option("--plan", help="Set the planned value.", show_default=False)
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing different value.")
    ] = False,
    file: FileOpt = None,
    lang: LangOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Set one value in the file, keeping its comments and layout (written atomically)."""
    if (actual is None) == (plan is None):
        raise typer.BadParameter("give exactly one of --actual and --plan")
    table, value = ("actual", actual) if actual is not None else ("plan", plan)
    assert value is not None
    _run(c.RecordOptions(target_id, year, table, value, force, file, _lang(lang)))


@app.command()
def schema(output: OutputOpt = None) -> None:
    """Print the JSON Schema of the targets file format."""
    from ntm_cli.schema import schema_text

    c.emit(schema_text(), output, "json")


def main(argv: list[str] | None = None) -> NoReturn:
    """Run the typer command line: every outcome is an exit code, never a traceback."""
    c.guarded(lambda: app(args=argv, prog_name="ntm"))
