"""What each command does, given its options: load, evaluate, render, write.

Parsing is elsewhere: `cli.py` (typer) and `fastpath.py` both build the option objects below
and call `run`. Nothing here imports typer, and formats are imported when a command needs
them, so a `--format json` run pays neither for typer's parsing nor for Rich tables.
No arithmetic here either: that is `evaluate.py`."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from ntm_cli.errors import NtmError
from ntm_cli.options import message_lang, resolve_lang, use_color

if TYPE_CHECKING:
    from collections.abc import Callable

    from ntm_cli.evaluate import Report
    from ntm_cli.formats.common import Flavour
    from ntm_cli.i18n import Lang
    from ntm_cli.load import Loaded

REPORT_FORMATS = ("table", "json", "csv", "markdown")
CHECK_FORMATS = ("text", "json", "junit", "github", "markdown")
SHOW_FORMATS = ("table", "json")
VALIDATE_FORMATS = ("text", "json")


@dataclass(frozen=True)
class Common:
    """The options of every command that reads the file (SPEC §3)."""

    file: str | None = None
    lang: str | None = None
    output: Path | None = None
    no_color: bool = False


@dataclass(frozen=True)
class StatusOptions(Common):
    year: int | None = None
    format: str = "table"
    all: bool = False


@dataclass(frozen=True)
class CompareOptions(Common):
    year: int | None = None
    vs: int | None = None
    format: str = "table"


@dataclass(frozen=True)
class CheckOptions(Common):
    year: int | None = None
    strict: bool = False
    format: str = "text"


@dataclass(frozen=True)
class ValidateOptions(Common):
    format: str = "text"


@dataclass(frozen=True)
class ShowOptions(Common):
    target_id: str = ""
    format: str = "table"


@dataclass(frozen=True)
class InitOptions:
    path: Path = Path("targets.toml")
    example: bool = False
    force: bool = False
    lang: str | None = None


@dataclass(frozen=True)
class RecordOptions:
    target_id: str
    year: int
    table: str  # "plan" or "actual"
    value: str
    force: bool = False
    file: str | None = None
    lang: str | None = None


Options = (
    StatusOptions
    | CompareOptions
    | CheckOptions
    | ValidateOptions
    | ShowOptions
    | InitOptions
    | RecordOptions
)

# The language of messages on standard error, once a command knows it.
_message_lang: list[Lang] = []


def _current_message_lang() -> Lang:
    return _message_lang[0] if _message_lang else message_lang(None, os.environ)


def _set_message_lang(lang: str | None) -> Lang:
    chosen = message_lang(lang, os.environ)
    _message_lang[:] = [chosen]
    return chosen


def _load(options: Common | RecordOptions) -> tuple[Loaded, Lang]:
    from ntm_cli.load import find_file, load

    _set_message_lang(options.lang)
    path, shown = find_file(options.file, os.environ, Path.cwd())
    loaded = load(path, shown)
    chosen = resolve_lang(options.lang, os.environ, loaded.doc.program.lang)
    _message_lang[:] = [chosen]  # from here on, messages speak the report's language
    return loaded, chosen


def _in_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def write_stdout(text: str) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()


def write_stderr(text: str) -> None:
    if _in_actions():
        from ntm_cli.formats.common import guard_actions

        text = guard_actions(text, "plain")
    sys.stderr.flush()
    sys.stderr.buffer.write(text.encode("utf-8", "replace"))
    sys.stderr.buffer.flush()


def emit(text: str, output: Path | None, flavour: Flavour) -> None:
    """The report to --output (atomically) or to standard output."""
    if output is not None:
        from ntm_cli.i18n import word
        from ntm_cli.write import atomic_write

        atomic_write(output, text.encode("utf-8"))
        # Data in the file, people on standard error.
        write_stderr(word(_current_message_lang(), "wrote", path=str(output)) + "\n")
        return
    if _in_actions():
        from ntm_cli.formats.common import guard_actions

        text = guard_actions(text, flavour)
    write_stdout(text)


def _color(options: Common) -> bool:
    if options.output is not None:
        return False
    return use_color(options.no_color, os.environ, sys.stdout.isatty())


def _pretty(options: Common) -> bool:
    """Indented JSON for a person at a terminal; one line for programs and files."""
    return options.output is None and sys.stdout.isatty()


def _width() -> int:
    return shutil.get_terminal_size((100, 24)).columns


def _render_report(report: Report, options: StatusOptions | CompareOptions, lang: Lang) -> None:
    kind = "status" if isinstance(options, StatusOptions) else "compare"
    match options.format:
        case "json":
            from ntm_cli.formats import json_report

            emit(json_report.render(report, _pretty(options)), options.output, "json")
        case "csv":
            from ntm_cli.formats import csv_report

            emit(csv_report.render(report), options.output, "plain")
        case "markdown":
            from ntm_cli.formats import markdown

            emit(markdown.render(report, lang, kind), options.output, "markdown")
        case "table":
            from ntm_cli.formats import table

            every = isinstance(options, StatusOptions) and options.all
            text = table.render(report, lang, kind, _width(), _color(options), every)
            emit(text, options.output, "plain")
        case other:
            raise AssertionError(f"unknown report format {other}")


def status(options: StatusOptions) -> int:
    from ntm_cli.evaluate import evaluate

    loaded, lang = _load(options)
    _render_report(evaluate(loaded.doc, loaded.shown, options.year), options, lang)
    return 0


def compare(options: CompareOptions) -> int:
    from ntm_cli.evaluate import evaluate

    loaded, lang = _load(options)
    report = evaluate(loaded.doc, loaded.shown, options.year, vs_year=options.vs)
    _render_report(report, options, lang)
    return 0


def check(options: CheckOptions) -> int:
    from ntm_cli.evaluate import evaluate

    loaded, lang = _load(options)
    report = evaluate(loaded.doc, loaded.shown, options.year, strict=options.strict)
    output = options.output
    match options.format:
        case "text":
            from ntm_cli.formats import text

            emit(text.render(report, lang, _color(options)), output, "plain")
        case "json":
            from ntm_cli.formats import json_report

            emit(json_report.render(report, _pretty(options)), output, "json")
        case "junit":
            from ntm_cli.formats import junit

            emit(junit.render(report, lang, loaded.path.stem), output, "xml")
        case "github":
            from ntm_cli.formats import github

            lines = dict(enumerate(loaded.target_lines))
            emit(github.render(report, lang, lines), output, "github")
        case "markdown":
            from ntm_cli.formats import markdown

            emit(markdown.render(report, lang, "check"), output, "markdown")
        case other:
            raise AssertionError(f"unknown check format {other}")
    return 0 if report.passed else 1


def validate(options: ValidateOptions) -> int:
    from ntm_cli.i18n import targets, word

    loaded, lang = _load(options)
    years = loaded.doc.years()
    count = len(loaded.doc.target)
    if options.format == "json":
        import json

        document = {
            "version": 1,
            "file": loaded.shown,
            "valid": True,
            "targets": count,
            "years": years,
        }
        emit(json.dumps(document, ensure_ascii=False) + "\n", options.output, "json")
        return 0
    span = "" if not years else f", {years[0]}" + (f"–{years[-1]}" if len(years) > 1 else "")
    line = f"{loaded.shown}: {word(lang, 'valid')} ({targets(lang, count)}{span})"
    emit(line + "\n", options.output, "plain")
    return 0


def show(options: ShowOptions) -> int:
    from ntm_cli.evaluate import history
    from ntm_cli.write import target_index

    loaded, lang = _load(options)
    index = target_index(loaded.doc, options.target_id, loaded.shown)
    target = loaded.doc.target[index]
    records = history(loaded.doc, index)
    match options.format:
        case "json":
            from ntm_cli.formats import json_report

            text = json_report.render_show(
                loaded.shown, loaded.doc.program, target, records, _pretty(options)
            )
            emit(text, options.output, "json")
        case "table":
            from ntm_cli.formats import table

            text = table.render_show(target, records, lang, _width(), _color(options))
            emit(text, options.output, "plain")
        case other:
            raise AssertionError(f"unknown show format {other}")
    return 0


def init(options: InitOptions) -> int:
    from ntm_cli.i18n import word
    from ntm_cli.write import init as write_starter

    lang = _set_message_lang(options.lang)
    write_starter(options.path, str(options.path), options.example, options.force)
    write_stderr(word(lang, "wrote", path=str(options.path)) + "\n")
    return 0


def record(options: RecordOptions) -> int:
    from ntm_cli.i18n import word
    from ntm_cli.load import find_file
    from ntm_cli.write import record as record_value
    from ntm_cli.write import toml_value

    lang = _set_message_lang(options.lang)
    path, shown = find_file(options.file, os.environ, Path.cwd())
    change = record_value(
        path, shown, options.target_id, options.table, options.year, options.value, options.force
    )
    params = {
        "id": change.target_id,
        "table": options.table,
        "year": options.year,
        "new": toml_value(change.new),
    }
    if change.old is not None and change.old == change.new:
        line = word(lang, "unchanged", **params)
    else:
        was = (
            word(lang, "was", old=toml_value(change.old))
            if change.old is not None
            else word(lang, "was_unset")
        )
        line = word(lang, "recorded", **params, was=was)
    write_stdout(line + "\n")
    return 0


def run(options: Options) -> int:
    """Carry out a command; its exit code (0, or 1 when `check` found failures)."""
    match options:
        case StatusOptions():
            return status(options)
        case CompareOptions():
            return compare(options)
        case CheckOptions():
            return check(options)
        case ValidateOptions():
            return validate(options)
        case ShowOptions():
            return show(options)
        case InitOptions():
            return init(options)
        case RecordOptions():
            return record(options)


def report_problems(error: NtmError) -> None:
    from ntm_cli.i18n import problem_message

    lang = _current_message_lang()
    lines = [problem_message(p, lang) for p in error.problems]
    # A located problem starts with "file:line:"; one about the command line alone gets "ntm:".
    write_stderr(
        "".join(f"{line}\n" if ":" in line.split(" ")[0] else f"ntm: {line}\n" for line in lines)
    )


def guarded(action: Callable[[], int | None]) -> NoReturn:
    """Run `action` and exit: every outcome is an exit code, never a traceback (SPEC §4)."""
    try:
        code = action()
    except NtmError as error:
        report_problems(error)
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
        write_stderr(f"ntm: internal error: {type(error).__name__}: {error}\n")
        raise SystemExit(3) from None
    raise SystemExit(code or 0)
