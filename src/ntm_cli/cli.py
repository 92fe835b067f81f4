"""The `ntm` command line: parses options, calls the core, hands the result to a format, and
writes it. No arithmetic here. Formats are imported when a command needs them, so that a
`--format json` run does not pay for Rich tables."""

from __future__ import annotations

import os
import shutil
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from ntm_cli import __version__
from ntm_cli.errors import NtmError
from ntm_cli.options import message_lang, resolve_lang, use_color

if TYPE_CHECKING:
    from ntm_cli.evaluate import Report
    from ntm_cli.formats.common import Flavour
    from ntm_cli.i18n import Lang
    from ntm_cli.load import Loaded

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

# The language for messages on standard error, once a command knows it.
_message_lang: list[Lang] = []


def _load(file: str | None, lang: LangChoice | None) -> tuple[Loaded, Lang]:
    from ntm_cli.load import find_file, load

    _message_lang[:] = [message_lang(lang.value if lang else None, os.environ)]
    path, shown = find_file(file, os.environ, Path.cwd())
    loaded = load(path, shown)
    chosen = resolve_lang(lang.value if lang else None, os.environ, loaded.doc.program.lang)
    return loaded, chosen


def _message_language(lang: LangChoice | None) -> Lang:
    chosen = message_lang(lang.value if lang else None, os.environ)
    _message_lang[:] = [chosen]
    return chosen


def _in_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def _write_stdout(text: str) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()


def _emit(text: str, output: Path | None, flavour: Flavour, bom: bool = False) -> None:
    """The report to --output (atomically) or to standard output."""
    if output is not None:
        from ntm_cli.write import atomic_write

        atomic_write(output, (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
        return
    if _in_actions():
        from ntm_cli.formats.common import guard_actions

        text = guard_actions(text, flavour)
    _write_stdout(text)


def _color(no_color: bool, output: Path | None) -> bool:
    return output is None and use_color(no_color, os.environ, sys.stdout.isatty())


def _width() -> int:
    return shutil.get_terminal_size((100, 24)).columns


def _render_report(
    report: Report, fmt: ReportFormat, lang: Lang, kind: str, output: Path | None, no_color: bool
) -> None:
    match fmt:
        case ReportFormat.json:
            from ntm_cli.formats import json_report

            _emit(json_report.render(report), output, "json")
        case ReportFormat.csv:
            from ntm_cli.formats import csv_report

            _emit(csv_report.render(report), output, "plain", bom=True)
        case ReportFormat.markdown:
            from ntm_cli.formats import markdown

            _emit(markdown.render(report, lang, kind), output, "markdown")
        case ReportFormat.table:
            from ntm_cli.formats import table

            color = _color(no_color, output)
            _emit(table.render(report, lang, kind, _width(), color), output, "plain")


def _version(value: bool) -> None:
    if value:
        _write_stdout(f"ntm {__version__}\n")
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
        _write_stdout(ctx.get_help() + "\n")
        raise typer.Exit(0)


@app.command()
def status(
    file: FileOpt = None,
    year: YearOpt = None,
    lang: LangOpt = None,
    format: Annotated[ReportFormat, typer.Option("--format", help="Output format.")] = (
        ReportFormat.table
    ),
    output: OutputOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Every target at one year with its status badge, grouped, with a summary line."""
    from ntm_cli.evaluate import evaluate

    loaded, chosen = _load(file, lang)
    report = evaluate(loaded.doc, loaded.shown, year)
    _render_report(report, format, chosen, "status", output, no_color)


@app.command()
def compare(
    file: FileOpt = None,
    year: YearOpt = None,
    vs: Annotated[
        int | None, typer.Option("--vs", help="Also show the actual of this year and the change.")
    ] = None,
    lang: LangOpt = None,
    format: Annotated[ReportFormat, typer.Option("--format", help="Output format.")] = (
        ReportFormat.table
    ),
    output: OutputOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Plan against actual for one year: KH, TH, delta, TH/KH %, status."""
    from ntm_cli.evaluate import evaluate

    loaded, chosen = _load(file, lang)
    report = evaluate(loaded.doc, loaded.shown, year, vs_year=vs)
    _render_report(report, format, chosen, "compare", output, no_color)


@app.command()
def check(
    file: FileOpt = None,
    year: YearOpt = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="near and no-data fail too (subject to gate).")
    ] = False,
    lang: LangOpt = None,
    format: Annotated[CheckFormat, typer.Option("--format", help="Output format.")] = (
        CheckFormat.text
    ),
    output: OutputOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """The CI gate: exit 1 when a target fails (missed; with --strict also near, no-data)."""
    from ntm_cli.evaluate import evaluate

    loaded, chosen = _load(file, lang)
    report = evaluate(loaded.doc, loaded.shown, year, strict=strict)
    match format:
        case CheckFormat.text:
            from ntm_cli.formats import text

            _emit(text.render(report, chosen, _color(no_color, output)), output, "plain")
        case CheckFormat.json:
            from ntm_cli.formats import json_report

            _emit(json_report.render(report), output, "json")
        case CheckFormat.junit:
            from ntm_cli.formats import junit

            _emit(junit.render(report, chosen, loaded.path.stem), output, "xml")
        case CheckFormat.github:
            from ntm_cli.formats import github

            lines = dict(enumerate(loaded.target_lines))
            _emit(github.render(report, chosen, lines), output, "github")
        case CheckFormat.markdown:
            from ntm_cli.formats import markdown

            _emit(markdown.render(report, chosen, "check"), output, "markdown")
    if not report.passed:
        raise typer.Exit(1)


@app.command()
def validate(file: FileOpt = None, lang: LangOpt = None) -> None:
    """Check the file and report every problem found, not only the first."""
    from ntm_cli.i18n import word

    loaded, chosen = _load(file, lang)
    years = loaded.doc.years()
    span = "" if not years else f", {years[0]}" + (f"–{years[-1]}" if len(years) > 1 else "")
    count = len(loaded.doc.target)
    line = f"{loaded.shown}: {word(chosen, 'valid')} ({count} {word(chosen, 'targets')}{span})"
    _write_stdout(line + "\n")


@app.command()
def show(
    target_id: Annotated[str, typer.Argument(metavar="ID", help="The target's id.")],
    file: FileOpt = None,
    lang: LangOpt = None,
    format: Annotated[ShowFormat, typer.Option("--format", help="Output format.")] = (
        ShowFormat.table
    ),
    output: OutputOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """One target across all its years: plan, actual, delta, status, and a trend."""
    from ntm_cli.evaluate import history
    from ntm_cli.write import unknown_id

    loaded, chosen = _load(file, lang)
    ids = [t.id for t in loaded.doc.target]
    if target_id not in ids:
        raise unknown_id(target_id, ids, loaded.shown)
    index = ids.index(target_id)
    target = loaded.doc.target[index]
    records = history(loaded.doc, index)
    match format:
        case ShowFormat.json:
            from ntm_cli.formats import json_report

            text = json_report.render_show(loaded.shown, loaded.doc.program, target, records)
            _emit(text, output, "json")
        case ShowFormat.table:
            from ntm_cli.formats import table

            color = _color(no_color, output)
            _emit(table.render_show(target, records, chosen, _width(), color), output, "plain")


@app.command()
def init(
    path: Annotated[
        Path, typer.Argument(help="Where to write the file.", show_default=True)
    ] = Path("targets.toml"),
    example: Annotated[
        bool, typer.Option("--example", help="Can Tho's 2020 figures instead of a blank template.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    lang: LangOpt = None,
) -> None:
    """Write a starter targets.toml (never over an existing file without --force)."""
    from ntm_cli.i18n import word
    from ntm_cli.write import init as write_starter

    chosen = _message_language(lang)
    write_starter(path, str(path), example, force)
    _write_stderr(word(chosen, "wrote", path=str(path)) + "\n")


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
) -> None:
    """Set one value in the file, keeping its comments and layout (written atomically)."""
    from ntm_cli.i18n import word
    from ntm_cli.load import find_file
    from ntm_cli.write import record as record_value
    from ntm_cli.write import toml_value

    chosen = _message_language(lang)
    if (actual is None) == (plan is None):
        raise typer.BadParameter("give exactly one of --actual and --plan")
    table, value = ("actual", actual) if actual is not None else ("plan", plan)
    assert value is not None
    path, shown = find_file(file, os.environ, Path.cwd())
    change = record_value(path, shown, target_id, table, year, value, force)
    params = {"id": change.target_id, "table": table, "year": year, "new": toml_value(change.new)}
    if change.old is not None and change.old == change.new:
        line = word(chosen, "unchanged", **params)
    else:
        was = (
            word(chosen, "was", old=toml_value(change.old))
            if change.old is not None
            else word(chosen, "was_unset")
        )
        line = word(chosen, "recorded", **params, was=was)
    _write_stdout(line + "\n")


@app.command()
def schema(output: OutputOpt = None) -> None:
    """Print the JSON Schema of the targets file format."""
    from ntm_cli.schema import schema_text

    _emit(schema_text(), output, "json")


def _report_problems(error: NtmError) -> None:
    from ntm_cli.i18n import problem_message

    lang = _message_lang[0] if _message_lang else message_lang(None, os.environ)
    lines = [problem_message(p, lang) for p in error.problems]
    text = "".join(line + "\n" if ":" in line.split(" ")[0] else f"ntm: {line}\n" for line in lines)
    _write_stderr(text)


def _write_stderr(text: str) -> None:
    if _in_actions():
        from ntm_cli.formats.common import guard_actions

        text = guard_actions(text, "plain")
    sys.stderr.flush()
    sys.stderr.buffer.write(text.encode("utf-8", "replace"))
    sys.stderr.buffer.flush()


def main(argv: list[str] | None = None) -> NoReturn:
    """Entry point of the `ntm` script: every outcome is an exit code, never a traceback."""
    try:
        app(args=argv, prog_name="ntm")
    except NtmError as error:
        _report_problems(error)
        raise SystemExit(2) from None
    except SystemExit:
        raise
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except BrokenPipeError:
        # The reader went away (`ntm status | head`): nothing more to say.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(1) from None
    except Exception as error:
        _write_stderr(f"ntm: internal error: {type(error).__name__}: {error}\n")
        raise SystemExit(3) from None
    raise SystemExit(0)
