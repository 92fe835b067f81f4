"""What every command shares: how an option is declared (a dataclass field carrying its
flags, help in English and Vietnamese, and allowed values), the options of every command that
reads the file (`Common`), the session (where messages go, in which language), reading the
targets file for a command, and writing its report or its messages. Each command's own
options and what it does are its module of this package. Nothing here imports typer."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import MISSING, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ntm_cli import formats
from ntm_cli.cli.options import message_lang, report_width, resolve_lang, use_color
from ntm_cli.errors import NtmError, Problem
from ntm_cli.i18n import Lang
from ntm_cli.targets_file.rules import LANGS

if TYPE_CHECKING:
    from typing import Protocol

    from ntm_cli.cli.batch import Judged
    from ntm_cli.targets_file.load import Loaded

    # What the functions that serve several commands need of their options: declared for
    # the type checker only, so that a run does not build them.
    class Reads(Protocol):
        """Options of a command that reads the targets file."""

        @property
        def file(self) -> str | None: ...
        @property
        def lang(self) -> str | None: ...

    class Reports(Protocol):
        """Options of a command that writes a report in a format."""

        @property
        def format(self) -> str | None: ...
        @property
        def output(self) -> str | None: ...
        @property
        def no_color(self) -> bool: ...

    class Periodic(Protocol):
        """Options of a command that takes --period."""

        @property
        def period(self) -> str | None: ...

    class Batch(Reads, Protocol):
        """Options of a command that judges several files (check, validate)."""

        @property
        def files(self) -> tuple[str, ...]: ...


def option(
    *flags: str, help: str, vi: str, default: Any = None, choices: tuple[str, ...] = ()
) -> Any:
    """A command-line option: its flags, help (English, and `vi`) and allowed values. No
    default: required."""
    meta = {"flags": flags, "help": help, "help_vi": vi, "choices": choices}
    return field(default=default, metadata=meta)


def argument(metavar: str, help: str, vi: str, default: Any = MISSING, many: bool = False) -> Any:
    """A positional argument; `many`: any number of them, kept as a tuple (default empty)."""
    meta = {"argument": True, "metavar": metavar, "help": help, "help_vi": vi, "many": many}
    if many:
        return field(default=(), metadata=meta)
    return field(default=default, metadata=meta)


def help_of(item: dataclasses.Field[Any], lang: Lang) -> str:
    """The help of a declared option or argument in `lang`."""
    return str(item.metadata["help_vi" if lang == "vi" else "help"])


def format_flag(command: str) -> Any:
    allowed = formats.choices(command)
    # No default here: a format not given is taken from -o's extension, else the first
    # (`report_format`, applied in `run`), so the options must tell "not given" apart.
    return option(
        "--format",
        help=f"Output format. Default: the one -o's extension names (.json, .md, …), else"
        f" {allowed[0]}.",
        vi="Định dạng đầu ra. Mặc định: định dạng theo phần mở rộng của tệp -o (.json, .md, "
        f"…), nếu không thì {allowed[0]}.",
        choices=allowed,
    )


def file_flag() -> Any:
    return option(
        "--file",
        "-f",
        help="The targets file. Default: $NTM_FILE, else the nearest targets.toml here or above.",
        vi="Tệp chỉ tiêu. Mặc định: $NTM_FILE, nếu không thì tệp targets.toml gần nhất ở thư "
        "mục này hoặc thư mục cha.",
    )


def lang_flag() -> Any:
    return option(
        "--lang",
        help="Output language. Default: $NTM_LANG, [program].lang, the locale.",
        vi="Ngôn ngữ đầu ra. Mặc định: $NTM_LANG, [program].lang, ngôn ngữ của hệ thống.",
        choices=LANGS,
    )


def output_flag() -> Any:
    return option(
        "--output",
        "-o",
        help="Write the report to this file (atomically); - is standard output.",
        vi="Ghi báo cáo vào tệp này (trọn vẹn một lần); - là đầu ra chuẩn.",
    )


def year_flag() -> Any:
    return option(
        "--year",
        "-y",
        help="Year to evaluate. Default: [program].year, else the latest with figures.",
        vi="Năm đánh giá. Mặc định: [program].year, nếu không thì năm gần nhất có số liệu.",
    )


def period_flag() -> Any:
    return option(
        "--period",
        help="Judge the year-to-date figures (ytd) of this month, YYYY-MM, against the "
        "year's plan and the same months of the year before. Not with --year or --vs.",
        vi="Đánh giá số lũy kế (ytd) của tháng này, YYYY-MM, so với kế hoạch cả năm và cùng "
        "kỳ năm trước. Không dùng cùng --year hay --vs.",
    )


@dataclass(frozen=True, kw_only=True)
class Common:
    """The options of every command that reads the file (SPEC §3)."""

    file: str | None = file_flag()
    lang: str | None = lang_flag()
    output: str | None = output_flag()
    no_color: bool = option(
        "--no-color",
        help="No colour (also off with $NO_COLOR or no terminal).",
        vi="Không tô màu (cũng tắt khi có $NO_COLOR hoặc không in ra màn hình).",
        default=False,
    )


@dataclass(frozen=True, eq=False)
class Command:
    """A command: its name, its options, what it does (its docstring is the English help)
    and its help in Vietnamese. Each command module declares its own (`COMMAND`)."""

    name: str
    options: type
    run: Callable[[Any, Session], int]
    vi: str

    @property
    def help(self) -> str:
        return (self.run.__doc__ or "").strip()

    def help_in(self, lang: Lang) -> str:
        return self.vi if lang == "vi" else self.help


def files_argument() -> Any:
    return argument(
        "FILE…",
        "Targets files, each judged on its own (as pre-commit passes them). Default: --file.",
        "Các tệp chỉ tiêu, mỗi tệp đánh giá riêng (như pre-commit truyền vào). Mặc định: --file.",
        many=True,
    )


# Set by the `ntm` script (`entry.main`), never by a program that calls ntm: once a targets file
# is read, what the run has built (its modules, the file's document) lives until the run ends,
# so it is set aside from the garbage collector's walks (gc.freeze): a national file's
# `units --format json` spends about 10 % less (README "Performance").
FREEZE_AFTER_READ = False


@dataclass(eq=False)
class Session:
    """What a command knows about where it speaks: the language of its messages on standard
    error (from the options and environment, then the report's once the file is read) and the
    environment. Passed to everything that writes, rather than kept in a global."""

    lang: Lang
    env: Mapping[str, str]
    loaded: list[Loaded] = field(default_factory=list)  # the targets files read
    lang_option: str | None = None  # --lang as given

    @classmethod
    def start(cls, lang_option: str | None, env: Mapping[str, str]) -> Session:
        return cls(message_lang(lang_option, env), env, lang_option=lang_option)

    def read(self, path: Path, shown: str) -> Loaded:
        from ntm_cli.targets_file.load import load

        try:
            found = load(path, shown)
        except NtmError as error:
            self._decimal_comma_lang(path, error)
            raise
        self.loaded.append(found)
        if FREEZE_AFTER_READ:
            gc.freeze()
        return found

    def _decimal_comma_lang(self, path: Path, error: NtmError) -> None:
        """SPEC §5: the decimal comma is explained in the output language, which a file that
        cannot be read cannot give: its `[program]` `lang = "vi"` line is looked for as text."""
        from ntm_cli.targets_file.load import declared_lang, read_text

        if not any(p.code in ("toml_decimal_comma", "range_decimal_comma") for p in error.problems):
            return
        with contextlib.suppress(NtmError):
            declared = declared_lang(read_text(path, str(path))[0])
            self.lang = resolve_lang(self.lang_option, self.env, declared)

    def locate(self, problem: Problem) -> Problem:
        """A problem with a key of the file read, given the line it is on where the
        evaluation could not know it (`[program].year` with no figures for that year)."""
        if problem.line is not None or problem.field != "program.year":
            return problem
        from ntm_cli.targets_file.load import LineIndex

        for loaded in self.loaded:
            if loaded.shown == problem.file:
                line = LineIndex(loaded.text.splitlines()).locate("program", None, ("year",))
                return dataclasses.replace(problem, line=line)
        return problem

    @property
    def in_actions(self) -> bool:
        return self.env.get("GITHUB_ACTIONS") == "true"


def load_file(options: Reads, session: Session) -> tuple[Loaded, Lang]:
    loaded = read_file(None, options, session)
    return loaded, session.lang


@contextlib.contextmanager
def editing(options: Reads, session: Session, lock: bool = True) -> Iterator[Loaded]:
    """The targets file read for a change (SPEC §6): its lock held from before the read to
    after the write, so that writers at once wait for each other and none loses an update;
    a file its owner may not write refused (SPEC §5). Messages, the busy one included,
    speak the file's language. `lock` False (a dry run) reads and checks without waiting."""
    from ntm_cli.edit.write import locked, refuse_read_only
    from ntm_cli.targets_file.load import find_file

    path, shown = find_file(options.file, session.env, Path.cwd())
    try:
        with locked(path, shown) if lock else contextlib.nullcontext():
            loaded = read_file(str(path), options, session, shown)
            refuse_read_only(loaded.path, loaded.shown)
            yield loaded
    except NtmError as error:
        if error.problems[0].code == "file_busy":
            # Read (not write) the file only to say "busy" in its language.
            with contextlib.suppress(NtmError):
                read_file(str(path), options, session, shown)
        raise


def write_stdout(data: str | bytes) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(data.encode("utf-8") if isinstance(data, str) else data)
    sys.stdout.buffer.flush()


def write_stderr(text: str, session: Session) -> None:
    if session.in_actions:
        from ntm_cli.formats.common import guard_actions

        text = guard_actions(text, "plain")
    sys.stderr.flush()
    sys.stderr.buffer.write(text.encode("utf-8", "replace"))
    sys.stderr.buffer.flush()


def emit(data: str | bytes, output: str | None, flavour: formats.Flavour, session: Session) -> None:
    """The report to --output or to standard output (SPEC §3: `-` is standard output; links,
    devices and open files are written through, regular files replaced atomically)."""
    if output is not None and output != "-":
        from ntm_cli.i18n import word
        from ntm_cli.output import write_output

        for read in (loaded.path for loaded in session.loaded):
            # A report over the targets file it was made from would lose the file.
            with contextlib.suppress(OSError):
                if os.path.samefile(output, read):
                    raise NtmError.one("output_is_input", output)

        raw = data.encode("utf-8") if isinstance(data, str) else data
        sys.stdout.flush()
        if write_output(output, raw, sys.stdout.buffer) is not None:
            # Data in the file, people on standard error.
            write_stderr(word(session.lang, "wrote", path=output) + "\n", session)
        return
    if session.in_actions and isinstance(data, str):
        from ntm_cli.formats.common import guard_actions

        data = guard_actions(data, flavour)
    write_stdout(data)


def _to_file(options: Reports) -> bool:
    return options.output is not None and options.output != "-"


def _terminal_columns() -> int | None:
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError):
        return None


def write_report(
    options: Reports,
    lang: Lang,
    session: Session,
    render: Callable[[formats.Format, formats.View], str | bytes],
    every: bool = False,
) -> None:
    """Render a report in the format the options ask for and write it: `render` asks the
    format for the report of its kind (`lambda f, view: f.render("status", report, view)`),
    so the kind and the report's type are checked together at the call."""
    assert options.format is not None  # `run` has chosen it (`_with_format`)
    chosen = formats.BY_NAME[options.format]
    to_file = _to_file(options)
    if chosen.needs_output and not to_file:
        raise NtmError.one("needs_output", None, format=chosen.name)
    terminal = not to_file and sys.stdout.isatty()
    view = formats.View(
        lang=lang,
        color=use_color(options.no_color, session.env, terminal),
        width=report_width(session.env, _terminal_columns() if terminal else None),
        pretty=terminal,
        every=every,
    )
    emit(render(chosen, view), options.output, chosen.flavour, session)


def period_option(
    options: Periodic,
) -> str | None:
    """`--period YYYY-MM` as given, checked before the file is read (a usage error, SPEC
    §13): a month of the form YYYY-MM, and never with --year or --vs."""
    if options.period is None:
        return None
    from ntm_cli.targets_file.rules import RuleError, period_key

    for name, flag in (("year", "--year"), ("vs", "--vs")):
        if getattr(options, name, None) is not None:
            raise NtmError.one("usage_period_with", None, option=flag)
    try:
        return period_key(options.period)
    except RuleError:
        raise NtmError.one("usage_bad_period", None, got=options.period) from None


def targets_files(options: Batch, session: Session) -> list[str | None]:
    """The files named on the command line; else the one --file, $NTM_FILE or the search
    finds (None: found later, so that "no targets.toml" is reported as that file's problem).
    FILE arguments override $NTM_FILE; with --file too, the choice is the user's to make."""
    if options.files and options.file:
        raise NtmError.one("usage_file_and_files", None)
    if options.files:
        return list(options.files)
    return [None]


def read_file(
    given: str | None,
    options: Reads,
    session: Session,
    shown_as: str | None = None,
) -> Loaded:
    """The file given as an argument, else the one --file, $NTM_FILE or the search finds;
    from here on, messages speak its language. `shown_as` names `given` in messages."""
    from ntm_cli.targets_file.load import find_file

    if given is None:
        path, shown = find_file(options.file, session.env, Path.cwd())
    else:
        path, shown = Path(given), shown_as or given
    loaded = session.read(path, shown)
    session.lang = resolve_lang(options.lang, session.env, loaded.doc.program.lang)
    return loaded


def broken(given: str | None, options: Common, session: Session, error: NtmError) -> Judged:
    """A file that could not be judged: its problems on standard error, and in the run."""
    from ntm_cli.cli.batch import Judged, annotation_path

    report_problems(error, session)
    shown = given or options.file or session.env.get("NTM_FILE") or None
    known = next((p.file for p in error.problems if p.file is not None), shown)
    workspace = session.env.get("GITHUB_WORKSPACE")
    where = None if known is None else annotation_path(known, Path.cwd(), workspace)
    located = [session.locate(p) for p in error.problems]
    return Judged(known, session.lang, errors=located, annotation_file=where)


def year_note(loaded: Loaded, year: int | None, session: Session) -> None:
    """SPEC §2: the default year moves when a later figure is recorded; say which year was
    judged, and how to pin it, so that CI does not turn green by surprise."""
    from ntm_cli.i18n import word

    if year is None or loaded.doc.program.year is not None:
        return
    note = word(session.lang, "year_note", file=loaded.shown, year=year)
    write_stderr(f"ntm: {note}\n", session)


def report_problems(error: NtmError, session: Session) -> None:
    from ntm_cli.i18n import problem_message

    lines = []
    for problem in map(session.locate, error.problems):
        # A located problem starts with its place; one about the command line alone, "ntm:".
        prefix = "" if problem.location() else "ntm: "
        lines.append(prefix + problem_message(problem, session.lang) + "\n")
    write_stderr("".join(lines), session)
