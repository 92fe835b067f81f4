"""What each command does, given its options: load, evaluate, render, write.

Each command's options are one frozen dataclass below, and each field declares its own
command-line option (flags, help in English and Vietnamese, choices). `cli.py` builds the
typer commands from these declarations, so an option is declared once. Nothing here imports
typer; formats are imported when a command needs them (`formats.FORMATS`). No arithmetic
here either: that is `evaluate.py`."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import MISSING, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from ntm_cli import formats
from ntm_cli.cli.options import message_lang, report_width, resolve_lang, use_color
from ntm_cli.errors import NtmError, Problem
from ntm_cli.i18n import Lang
from ntm_cli.targets_file.rules import LANGS

if TYPE_CHECKING:
    from ntm_cli.cli.batch import Judged
    from ntm_cli.edit.matrix import MatrixPlan
    from ntm_cli.judge.evaluate import Report
    from ntm_cli.judge.period import PeriodReport
    from ntm_cli.targets_file.data import Document
    from ntm_cli.targets_file.load import Loaded


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


def _format(command: str) -> Any:
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


def _file() -> Any:
    return option(
        "--file",
        "-f",
        help="The targets file. Default: $NTM_FILE, else the nearest targets.toml here or above.",
        vi="Tệp chỉ tiêu. Mặc định: $NTM_FILE, nếu không thì tệp targets.toml gần nhất ở thư "
        "mục này hoặc thư mục cha.",
    )


def _lang() -> Any:
    return option(
        "--lang",
        help="Output language. Default: $NTM_LANG, [program].lang, the locale.",
        vi="Ngôn ngữ đầu ra. Mặc định: $NTM_LANG, [program].lang, ngôn ngữ của hệ thống.",
        choices=LANGS,
    )


def _output() -> Any:
    return option(
        "--output",
        "-o",
        help="Write the report to this file (atomically); - is standard output.",
        vi="Ghi báo cáo vào tệp này (trọn vẹn một lần); - là đầu ra chuẩn.",
    )


def _year() -> Any:
    return option(
        "--year",
        "-y",
        help="Year to evaluate. Default: [program].year, else the latest with figures.",
        vi="Năm đánh giá. Mặc định: [program].year, nếu không thì năm gần nhất có số liệu.",
    )


def _period() -> Any:
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

    file: str | None = _file()
    lang: str | None = _lang()
    output: str | None = _output()
    no_color: bool = option(
        "--no-color",
        help="No colour (also off with $NO_COLOR or no terminal).",
        vi="Không tô màu (cũng tắt khi có $NO_COLOR hoặc không in ra màn hình).",
        default=False,
    )


@dataclass(frozen=True, kw_only=True)
class StatusOptions(Common):
    year: int | None = _year()
    format: str | None = _format("status")
    all: bool = option(
        "--all",
        help="Every target, even in a file too large for a screen.",
        vi="Liệt kê mọi chỉ tiêu, kể cả khi tệp quá lớn để xem trên một màn hình.",
        default=False,
    )
    period: str | None = _period()


@dataclass(frozen=True, kw_only=True)
class CompareOptions(Common):
    year: int | None = _year()
    vs: int | None = option(
        "--vs",
        help="Also show the actual of this year and the change.",
        vi="Hiện thêm số thực hiện của năm này và mức thay đổi.",
    )
    format: str | None = _format("compare")
    period: str | None = _period()


def _files() -> Any:
    return argument(
        "FILE…",
        "Targets files, each judged on its own (as pre-commit passes them). Default: --file.",
        "Các tệp chỉ tiêu, mỗi tệp đánh giá riêng (như pre-commit truyền vào). Mặc định: --file.",
        many=True,
    )


@dataclass(frozen=True, kw_only=True)
class CheckOptions(Common):
    files: tuple[str, ...] = _files()
    year: int | None = _year()
    strict: bool = option(
        "--strict",
        help="near and no-data fail too (subject to gate).",
        vi="Chỉ tiêu gần đạt (near) và chưa có số liệu (no-data) cũng tính là không đạt "
        "(theo gate).",
        default=False,
    )
    format: str | None = _format("check")
    period: str | None = _period()


@dataclass(frozen=True, kw_only=True)
class OutlookOptions(Common):
    year: int | None = _year()
    to: int | None = option(
        "--to",
        help="The target year of every target. Default: each target's last plan year.",
        vi="Năm đích của mọi chỉ tiêu. Mặc định: năm kế hoạch cuối cùng của từng chỉ tiêu.",
    )
    format: str | None = _format("outlook")


@dataclass(frozen=True, kw_only=True)
class UnitsOptions(Common):
    year: int | None = _year()
    within: str | None = option(
        "--within",
        help="One district's communes only (its id).",
        vi="Chỉ các xã của một huyện (mã huyện).",
    )
    format: str | None = _format("units")


@dataclass(frozen=True, kw_only=True)
class ValidateOptions(Common):
    files: tuple[str, ...] = _files()
    strict: bool = option(
        "--strict",
        help="Warnings fail too (exit 1).",
        vi="Cảnh báo cũng tính là lỗi (mã thoát 1).",
        default=False,
    )
    format: str | None = _format("validate")


@dataclass(frozen=True, kw_only=True)
class ShowOptions(Common):
    target_id: str = argument("ID", "The target's id.", "Mã của chỉ tiêu.")
    format: str | None = _format("show")


@dataclass(frozen=True, kw_only=True)
class InitOptions:
    path: str = argument("PATH", "Where to write the file.", "Nơi ghi tệp.", default="targets.toml")
    example: bool = option(
        "--example",
        help="Can Tho's 2020 figures instead of a blank template.",
        vi="Dùng số liệu năm 2020 của Cần Thơ thay cho mẫu trống.",
        default=False,
    )
    units: bool = option(
        "--units",
        help="Add the two standards and the 19 commune criteria of 2021–2025 "
        "(QĐ 318/QĐ-TTg), to count communes and districts.",
        vi="Thêm hai chuẩn và 19 tiêu chí xã giai đoạn 2021–2025 (QĐ 318/QĐ-TTg), để đếm "
        "xã, huyện đạt chuẩn.",
        default=False,
    )
    force: bool = option(
        "--force", help="Replace an existing file.", vi="Ghi đè tệp đã có.", default=False
    )
    lang: str | None = _lang()


@dataclass(frozen=True, kw_only=True)
class RecordOptions:
    target_id: str = argument("ID", "The target's id.", "Mã của chỉ tiêu.")
    year: int | None = option("--year", "-y", help="The year to set.", vi="Năm cần ghi số liệu.")
    period: str | None = option(
        "--period",
        help="Instead of --year: the month YYYY-MM whose year-to-date figure to set "
        "(--actual sets ytd, --estimate ytd_estimate).",
        vi="Thay cho --year: tháng YYYY-MM cần ghi số lũy kế (--actual ghi ytd, --estimate "
        "ghi ytd_estimate).",
    )
    actual: str | None = option(
        "--actual",
        help="Set the reported value (96.5 or 96,5).",
        vi="Ghi số thực hiện (96,5 hoặc 96.5).",
    )
    estimate: str | None = option(
        "--estimate",
        help="Set the estimated value (ước thực hiện).",
        vi="Ghi số ước thực hiện.",
    )
    plan: str | None = option(
        "--plan",
        help="Set the planned value; a range as LOW..HIGH.",
        vi="Ghi số kế hoạch; một khoảng ghi dạng THẤP..CAO.",
    )
    unmet: str | None = option(
        "--unmet",
        help="For a unit: the criteria not met in the year (13,17), or none.",
        vi="Với đơn vị: các tiêu chí chưa đạt trong năm (13,17), hoặc none.",
    )
    met_count: str | None = option(
        "--met-count",
        help="For a unit: how many criteria it met in the year.",
        vi="Với đơn vị: số tiêu chí đạt trong năm.",
    )
    recognised: str | None = option(
        "--recognised",
        help="For a unit: the standard it was recognised at in the year.",
        vi="Với đơn vị: chuẩn được công nhận trong năm.",
    )
    revoked: str | None = option(
        "--revoked",
        help="For a unit: the standard withdrawn from it in the year.",
        vi="Với đơn vị: chuẩn bị thu hồi trong năm.",
    )
    force: bool = option(
        "--force",
        help="Replace an existing different value.",
        vi="Ghi đè giá trị khác đã có.",
        default=False,
    )
    file: str | None = _file()
    lang: str | None = _lang()


@dataclass(frozen=True, kw_only=True)
class ImportOptions:
    source: str = argument(
        "SHEET", "The sheet: .xlsx, .xls, .ods or .csv.", "Tệp biểu: .xlsx, .xls, .ods hoặc .csv."
    )
    sheet: str | None = option(
        "--sheet",
        help="The worksheet's name. Default: the first.",
        vi="Tên trang tính. Mặc định: trang đầu tiên.",
    )
    dry_run: bool = option(
        "--dry-run",
        help="Show what would change; write nothing.",
        vi="Chỉ hiện những gì sẽ thay đổi; không ghi gì.",
        default=False,
    )
    force: bool = option(
        "--force",
        help="Replace existing different values.",
        vi="Ghi đè các giá trị khác đã có.",
        default=False,
    )
    strict: bool = option(
        "--strict",
        help="Skipped rows (unmatched, ambiguous, mismatching) refuse the whole import.",
        vi="Có dòng bị bỏ qua (không khớp chỉ tiêu nào, khớp nhiều chỉ tiêu, hoặc số tổng hợp "
        "khác số tính được) thì không nhập gì cả.",
        default=False,
    )
    units: bool = option(
        "--units",
        help="The sheet is a criteria matrix: a row per commune (needs --year).",
        vi="Bảng tính là ma trận tiêu chí: mỗi xã một dòng (cần --year).",
        default=False,
    )
    year: int | None = option(
        "--year",
        "-y",
        help="With --units: the year assessed.",
        vi="Dùng với --units: năm đánh giá.",
    )
    add_units: bool = option(
        "--add-units",
        help="With --units: rows that match no unit become units.",
        vi="Dùng với --units: dòng không khớp đơn vị nào được thêm thành đơn vị mới.",
        default=False,
    )
    file: str | None = _file()
    lang: str | None = _lang()


@dataclass(frozen=True, kw_only=True)
class SchemaOptions:
    output: str | None = _output()


@dataclass
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


def _load(options: Common | ImportOptions | RecordOptions, session: Session) -> tuple[Loaded, Lang]:
    loaded = _read(None, options, session)
    return loaded, session.lang


@contextlib.contextmanager
def _writing(
    options: ImportOptions | RecordOptions, session: Session, lock: bool = True
) -> Iterator[Loaded]:
    """The targets file read for a change (SPEC §6): its lock held from before the read to
    after the write, so that writers at once wait for each other and none loses an update;
    a file its owner may not write refused (SPEC §5). Messages, the busy one included,
    speak the file's language. `lock` False (a dry run) reads and checks without waiting."""
    from ntm_cli.edit.write import locked, refuse_read_only
    from ntm_cli.targets_file.load import find_file

    path, shown = find_file(options.file, session.env, Path.cwd())
    try:
        with locked(path, shown) if lock else contextlib.nullcontext():
            loaded = _read(str(path), options, session, shown)
            refuse_read_only(loaded.path, loaded.shown)
            yield loaded
    except NtmError as error:
        if error.problems[0].code == "file_busy":
            # Read (not write) the file only to say "busy" in its language.
            with contextlib.suppress(NtmError):
                _read(str(path), options, session, shown)
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


def _to_file(options: Common) -> bool:
    return options.output is not None and options.output != "-"


def _terminal_columns() -> int | None:
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError):
        return None


def _render(
    options: StatusOptions
    | CompareOptions
    | CheckOptions
    | OutlookOptions
    | UnitsOptions
    | ValidateOptions
    | ShowOptions,
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


def status(options: StatusOptions, session: Session) -> int:
    """Every target at one year with its status badge, grouped, with a summary line."""
    from ntm_cli.judge.evaluate import evaluate

    period = period_option(options)
    loaded, lang = _load(options, session)
    if period is not None:
        from ntm_cli.judge.period import evaluate_period

        ytd = evaluate_period(loaded.doc, loaded.shown, period)
        _render(options, lang, session, lambda f, view: f.render("status_period", ytd, view))
        return 0
    report = evaluate(loaded.doc, loaded.shown, options.year)
    _render(options, lang, session, lambda f, view: f.render("status", report, view), options.all)
    return 0


def compare(options: CompareOptions, session: Session) -> int:
    """Plan against actual for one year: KH, TH, delta, TH/KH %, status."""
    from ntm_cli.judge.evaluate import evaluate

    period = period_option(options)
    loaded, lang = _load(options, session)
    if period is not None:
        from ntm_cli.judge.period import evaluate_period

        report_ = evaluate_period(loaded.doc, loaded.shown, period)
        _render(options, lang, session, lambda f, view: f.render("compare_period", report_, view))
        return 0
    report = evaluate(loaded.doc, loaded.shown, options.year, vs_year=options.vs)
    _render(options, lang, session, lambda f, view: f.render("compare", report, view))
    return 0


def period_option(
    options: StatusOptions | CompareOptions | CheckOptions | RecordOptions,
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


def _targets_files(options: CheckOptions | ValidateOptions, session: Session) -> list[str | None]:
    """The files named on the command line; else the one --file, $NTM_FILE or the search
    finds (None: found later, so that "no targets.toml" is reported as that file's problem).
    FILE arguments override $NTM_FILE; with --file too, the choice is the user's to make."""
    if options.files and options.file:
        raise NtmError.one("usage_file_and_files", None)
    if options.files:
        return list(options.files)
    return [None]


def _read(
    given: str | None,
    options: Common | ImportOptions | RecordOptions,
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


def _broken(given: str | None, options: Common, session: Session, error: NtmError) -> Judged:
    """A file that could not be judged: its problems on standard error, and in the run."""
    from ntm_cli.cli.batch import Judged, annotation_path

    report_problems(error, session)
    shown = given or options.file or session.env.get("NTM_FILE") or None
    known = next((p.file for p in error.problems if p.file is not None), shown)
    workspace = session.env.get("GITHUB_WORKSPACE")
    where = None if known is None else annotation_path(known, Path.cwd(), workspace)
    located = [session.locate(p) for p in error.problems]
    return Judged(known, session.lang, errors=located, annotation_file=where)


def _year_note(loaded: Loaded, year: int | None, session: Session) -> None:
    """SPEC §2: the default year moves when a later figure is recorded; say which year was
    judged, and how to pin it, so that CI does not turn green by surprise."""
    from ntm_cli.i18n import word

    if year is None or loaded.doc.program.year is not None:
        return
    note = word(session.lang, "year_note", file=loaded.shown, year=year)
    write_stderr(f"ntm: {note}\n", session)


def check(options: CheckOptions, session: Session) -> int:
    """The CI gate: exit 1 when a target fails (missed; with --strict also near, no-data)."""
    from ntm_cli.cli.batch import Judged, annotation_path
    from ntm_cli.judge.evaluate import evaluate

    period = period_option(options)
    run: list[Judged] = []
    for given in _targets_files(options, session):
        session.lang = message_lang(options.lang, session.env)
        report: Report | PeriodReport
        try:
            loaded = _read(given, options, session)
            if period is not None:
                from ntm_cli.judge.period import evaluate_period

                report = evaluate_period(loaded.doc, loaded.shown, period, options.strict)
            else:
                report = evaluate(loaded.doc, loaded.shown, options.year, strict=options.strict)
        except NtmError as error:
            run.append(_broken(given, options, session, error))
            continue
        if options.year is None and period is None:
            _year_note(loaded, report.year, session)
        workspace = session.env.get("GITHUB_WORKSPACE")
        run.append(
            Judged(
                loaded.shown,
                session.lang,
                report=report,
                target_lines=dict(enumerate(loaded.target_lines)),
                annotation_file=annotation_path(loaded.shown, Path.cwd(), workspace),
            )
        )
    _render(options, run[0].lang, session, lambda f, view: f.render("check", run, view))
    return max(2 if j.broken else 0 if j.report and j.report.passed else 1 for j in run)


def outlook(options: OutlookOptions, session: Session) -> int:
    """Progress toward each target's period target, and whether it will be met in time."""
    from ntm_cli.judge.outlook import outlook as outlook_of

    loaded, lang = _load(options, session)
    report = outlook_of(loaded.doc, loaded.shown, options.year, options.to)
    _render(options, lang, session, lambda f, view: f.render("outlook", report, view))
    return 0


def units(options: UnitsOptions, session: Session) -> int:
    """The review of communes and districts: standards, criteria met, buckets, per district,
    per criterion and per commune (SPEC §12.3)."""
    from ntm_cli.judge.units_report import units_report

    loaded, lang = _load(options, session)
    report = units_report(loaded.doc, loaded.shown, options.year, options.within)
    _render(options, lang, session, lambda f, view: f.render("units", report, view))
    return 0


def validate(options: ValidateOptions, session: Session) -> int:
    """Check the file and report every problem found, not only the first; also likely
    mistakes, as warnings (--strict: they fail)."""
    from ntm_cli.cli.batch import Judged, warning_line
    from ntm_cli.targets_file.lint import file_warnings

    run: list[Judged] = []
    for given in _targets_files(options, session):
        session.lang = message_lang(options.lang, session.env)
        try:
            loaded = _read(given, options, session)
        except NtmError as error:
            run.append(_broken(given, options, session, error))
            continue
        lang = session.lang
        found = file_warnings(loaded)
        if found:
            write_stderr("".join(warning_line(w, lang) + "\n" for w in found), session)
        run.append(Judged(loaded.shown, lang, loaded=loaded, warnings=found))
    _render(options, run[0].lang, session, lambda f, view: f.render("validate", run, view))
    return max(2 if j.broken else 1 if (j.warnings and options.strict) else 0 for j in run)


def show(options: ShowOptions, session: Session) -> int:
    """One target across all its years: plan, actual, delta, status, and a trend."""
    from ntm_cli.edit.write import target_index
    from ntm_cli.judge.evaluate import history

    loaded, lang = _load(options, session)
    if loaded.doc.unit and not any(t.id == options.target_id for t in loaded.doc.target):
        from ntm_cli.judge.units import unit_history

        found = unit_history(loaded.doc, loaded.shown, options.target_id)
        if found is not None:  # a unit's recognitions and assessments (SPEC §12.3)
            _render(options, lang, session, lambda f, view: f.render("show_unit", found, view))
            return 0
    index = target_index(loaded.doc, options.target_id, loaded.shown)
    target = history(loaded.doc, loaded.shown, index)
    _render(options, lang, session, lambda f, view: f.render("show", target, view))
    return 0


def init(options: InitOptions, session: Session) -> int:
    """Write a starter targets.toml (never over an existing file without --force)."""
    from ntm_cli.edit.write import init as write_starter
    from ntm_cli.i18n import word

    write_starter(Path(options.path), options.path, options.example, options.force, options.units)
    write_stderr(word(session.lang, "wrote", path=options.path) + "\n", session)
    return 0


def record(options: RecordOptions, session: Session) -> int:
    """Set one value in the file, keeping its comments and layout (written atomically)."""
    from ntm_cli.edit.write import TABLES, Table, Wanted, parse_value, record_loaded
    from ntm_cli.i18n import exact_value, word

    given = [
        (table, value)
        for table, value in (
            ("actual", options.actual),
            ("estimate", options.estimate),
            ("plan", options.plan),
            ("unmet", options.unmet),
            ("met_count", options.met_count),
            ("recognised", options.recognised),
            ("revoked", options.revoked),
        )
        if value is not None
    ]
    if len(given) != 1:
        raise NtmError.one("one_value_option", None)
    table, value = given[0]
    if table not in TABLES:
        return _record_unit(options, session, table, value)
    assert table in TABLES
    period = period_option(options)
    if period is not None and table == "plan":
        # a plan is the year's; a year-to-date figure is judged against it (SPEC §13)
        raise NtmError.one("usage_period_with", None, option="--plan")
    if period is None and options.year is None:
        raise NtmError.one("usage_missing_option", None, option="--year")
    with _writing(options, session) as loaded:  # messages from here on in the file's language
        if any(u.id == options.target_id for u in loaded.doc.unit):
            raise NtmError.one(
                "target_option_for_unit", loaded.shown, option=f"--{table}", id=options.target_id
            )
        if table != "plan" and any(
            t.id == options.target_id and t.rollup is not None for t in loaded.doc.target
        ):
            # its actuals are counted from the units (SPEC §12.1)
            raise NtmError.one("record_rollup", loaded.shown, id=options.target_id)
        parsed = parse_value(value, f"--{table}")
        if period is not None:
            ytd_table: Table = "ytd" if table == "actual" else "ytd_estimate"
            wanted = Wanted(options.target_id, ytd_table, int(period[:4]), parsed, period)
        else:
            assert options.year is not None
            wanted = Wanted(options.target_id, table, options.year, parsed)
        change = record_loaded(loaded, [wanted], options.force)[0]
    lang = session.lang
    params = {
        "id": change.target_id,
        "table": wanted.table,
        "year": wanted.slot,
        "new": exact_value(change.new, lang),
    }
    if change.old is not None and not change.changed:
        # numerically equal: the file keeps the value as written
        line = word(lang, "unchanged", **{**params, "new": exact_value(change.old, lang)})
    else:
        was = (
            word(lang, "was", old=exact_value(change.old, lang))
            if change.old is not None
            else word(session.lang, "was_unset")
        )
        line = word(session.lang, "recorded", **params, was=was)
    write_stdout(line + "\n")
    return 0


def _record_unit(options: RecordOptions, session: Session, table: str, value: str) -> int:
    """`record UNIT --year Y --unmet 13,17 | --met-count K | --recognised STD | --revoked STD`
    (SPEC §12.4), with the rules of §6."""
    from ntm_cli.edit.unit_write import (
        UnitTable,
        UnitWanted,
        parse_count,
        parse_unmet,
        record_units,
        shown_value,
        unit_index,
    )
    from ntm_cli.i18n import word

    option_name = "--" + table.replace("_", "-")
    if period_option(options) is not None:
        raise NtmError.one("usage_period_with", None, option=option_name)
    if options.year is None:
        raise NtmError.one("usage_missing_option", None, option="--year")
    year = options.year
    unit_table: UnitTable
    slot: int | str
    parsed: tuple[int, ...] | int
    if table == "unmet":
        unit_table, slot, parsed = "unmet", year, parse_unmet(value, option_name)
    elif table == "met_count":
        unit_table, slot, parsed = "met_count", year, parse_count(value, option_name)
    elif table == "recognised":
        unit_table, slot, parsed = "recognised", value, year
    else:
        unit_table, slot, parsed = "revoked", value, year
    with _writing(options, session) as loaded:
        if unit_index(loaded.doc, options.target_id) is None and any(
            t.id == options.target_id for t in loaded.doc.target
        ):
            raise NtmError.one(
                "unit_option_for_target", loaded.shown, option=option_name, id=options.target_id
            )
        wanted = UnitWanted(options.target_id, unit_table, slot, parsed)
        change = record_units(loaded, [wanted], options.force)[0]
    lang = session.lang
    params = {"id": change.unit_id, "table": change.table, "year": change.slot}
    if change.old is not None and not change.changed:
        line = word(lang, "unchanged", **params, new=shown_value(change.old))
    else:
        was = (
            word(lang, "was", old=shown_value(change.old))
            if change.old is not None
            else word(lang, "was_unset")
        )
        line = word(lang, "recorded", **params, new=shown_value(change.new), was=was)
    write_stdout(line + "\n")
    return 0


def import_sheet(options: ImportOptions, session: Session) -> int:
    """Record the values of a spreadsheet or CSV report into the file, in one write."""
    from ntm_cli.cli.batch import warning_line
    from ntm_cli.edit import sheet
    from ntm_cli.edit.write import record_loaded

    source = options.source
    if options.units or options.year is not None or options.add_units:
        return import_units(options, session)
    with _writing(options, session, lock=not options.dry_run) as loaded:
        lang = session.lang
        computed = None
        if any(target.rollup is not None for target in loaded.doc.target):
            from ntm_cli.judge.evaluate import counted
            from ntm_cli.judge.units import counted_cells

            # roll-up rows: TH cells are compared with the count, never written (SPEC §9)
            computed = counted_cells(counted(loaded.doc))
        plan = sheet.read_plan(Path(source), source, options.sheet, loaded.doc, computed)
        skipped = sheet.describe_skipped(plan, lang)
        if options.strict and plan.skipped:
            # SPEC §9: --strict refuses the whole import; the rows say why.
            write_stderr("".join(line + "\n" for line in skipped), session)
            code = "import_strict_one" if plan.skipped == 1 else "import_strict"
            strict = Problem(code, {"n": plan.skipped}, file=source)  # says "nothing written"
            raise NtmError([*plan.unreadable, strict])  # unreadable cells are named too
        # A refused import ends saying so: the last line says what happened (SPEC §9).
        nothing = Problem("import_nothing_written", {}, file=loaded.shown)
        try:
            wanted = sheet.import_values(plan)
            changes = record_loaded(loaded, wanted, options.force, options.dry_run)
        except NtmError as error:
            raise NtmError([*sheet.at_cells(error, plan, source).problems, nothing]) from None
    if options.dry_run:
        write_stdout(sheet.describe_changes(changes, lang, plan))
    else:
        if skipped:
            write_stderr("".join(line + "\n" for line in skipped), session)
        write_stdout(sheet.describe_changes(changes, lang))
    caused = sheet.unread_percent_warnings(plan, loaded.doc, Path(source), source)
    caused += sheet.import_warnings(loaded.doc, changes, plan, source, loaded.shown)
    if caused:
        write_stderr("".join(warning_line(w, lang) + "\n" for w in caused), session)
    write_stdout(sheet.closing_line(changes, plan, lang, options.dry_run) + "\n")
    # SPEC §4 (version 3): rows skipped end in 1, so that a script or CI job notices.
    return 1 if plan.skipped else 0


def _matrix_plan(options: ImportOptions, doc: Document, year: int) -> MatrixPlan:
    """The matrix read from `--sheet`, else from the first worksheet whose header has
    criterion columns, else the first with a matrix's header at all (the workbook of `ntm
    units --format xlsx` has its matrix after the summary sheets). The grid goes once read:
    a national matrix need not stay beside the edit."""
    from ntm_cli.edit import matrix, sheet

    path, source = Path(options.source), options.source
    names: list[str | None] = [options.sheet]
    if options.sheet is None and path.suffix.lower() in sheet.WORKBOOK_SUFFIXES:
        names = list(sheet.sheet_names(path, source))
    words = matrix.Vocabulary.of(doc)
    chosen: str | None = names[0]
    fallback: str | None = None
    for name in names if len(names) > 1 else ():
        header = matrix.find_matrix_header(sheet.read_grid(path, source, name), words)
        if header is not None and header.criteria:
            chosen = name
            break
        if header is not None and fallback is None:
            fallback = name
    else:
        chosen = fallback if fallback is not None else names[0]
    grid = sheet.read_grid(path, source, chosen)
    return matrix.plan_matrix(grid, doc, source, year, options.add_units)


def import_units(options: ImportOptions, session: Session) -> int:
    """`import --units`: a criteria matrix, a row per commune (SPEC §12.4)."""
    from ntm_cli.cli.batch import warning_line
    from ntm_cli.edit import matrix, unit_write

    if not options.units:
        raise NtmError.one("units_option_alone", None)
    if options.year is None:
        raise NtmError.one("units_needs_year", None)
    source = options.source
    with _writing(options, session, lock=not options.dry_run) as loaded:
        lang = session.lang
        plan = _matrix_plan(options, loaded.doc, options.year)
        if plan.unreadable:
            raise NtmError(plan.unreadable)
        skipped = matrix.describe_skipped(plan, lang)
        if options.strict and plan.skipped:
            write_stderr("".join(line + "\n" for line in skipped), session)
            code = "import_strict_one" if plan.skipped == 1 else "import_strict"
            raise NtmError.one(code, source, n=plan.skipped)
        writing = matrix.to_write(plan, loaded.doc, options.year)
        try:
            changes = unit_write.record_units(
                loaded, writing.values, options.force, options.dry_run, writing.added
            )
        except NtmError as error:
            raise matrix.at_cells(error, writing, source) from None
    if options.dry_run:
        write_stdout(matrix.describe_changes(changes, writing.added, lang, plan))
    else:
        if skipped:
            write_stderr("".join(line + "\n" for line in skipped), session)
        write_stdout(matrix.describe_changes(changes, writing.added, lang, None))
    caused = [*plan.warnings]
    caused += matrix.import_warnings(loaded.doc, changes, writing.added, plan, source, options.year)
    if caused:
        write_stderr("".join(warning_line(w, lang) + "\n" for w in caused), session)
    write_stdout(matrix.closing_line(changes, writing.added, plan, lang, options.dry_run) + "\n")
    # SPEC §4 (version 3): rows skipped end in 1, so that a script or CI job notices.
    return 1 if plan.skipped else 0


def schema(options: SchemaOptions, session: Session) -> int:
    """Print the JSON Schema of the targets file format."""
    from ntm_cli.targets_file.schema import schema_text

    emit(schema_text(), options.output, "json", session)
    return 0


@dataclass(frozen=True)
class Command:
    name: str
    options: type
    run: Callable[[Any, Session], int]
    vi: str  # the help in Vietnamese; the English is the function's docstring

    @property
    def help(self) -> str:
        return (self.run.__doc__ or "").strip()

    def help_in(self, lang: Lang) -> str:
        return self.vi if lang == "vi" else self.help


# In the order `ntm --help` lists them.
COMMANDS: tuple[Command, ...] = (
    Command(
        "status",
        StatusOptions,
        status,
        "Mọi chỉ tiêu tại một năm kèm tình trạng, theo nhóm, có dòng tổng hợp.",
    ),
    Command(
        "compare",
        CompareOptions,
        compare,
        "So sánh kế hoạch với thực hiện của một năm: KH, TH, chênh lệch, TH/KH %, tình trạng.",
    ),
    Command(
        "check",
        CheckOptions,
        check,
        "Cổng kiểm tra cho CI: mã thoát 1 khi có chỉ tiêu không đạt (missed; với --strict "
        "cả near và no-data).",
    ),
    Command(
        "outlook",
        OutlookOptions,
        outlook,
        "Tiến độ tới chỉ tiêu cả giai đoạn của từng chỉ tiêu, và liệu có đạt đúng hạn không.",
    ),
    Command(
        "units",
        UnitsOptions,
        units,
        "Rà soát xã, huyện: đạt chuẩn, tiêu chí đạt, nhóm theo số tiêu chí, theo huyện, theo "
        "tiêu chí và theo xã.",
    ),
    Command(
        "validate",
        ValidateOptions,
        validate,
        "Kiểm tra tệp và báo mọi lỗi tìm thấy, không chỉ lỗi đầu tiên; cả những chỗ có thể "
        "nhầm, dưới dạng cảnh báo (--strict: tính là lỗi).",
    ),
    Command(
        "show",
        ShowOptions,
        show,
        "Một chỉ tiêu qua mọi năm: kế hoạch, thực hiện, chênh lệch, tình trạng và xu hướng.",
    ),
    Command(
        "init",
        InitOptions,
        init,
        "Tạo tệp targets.toml mẫu (không ghi đè tệp đã có nếu không có --force).",
    ),
    Command(
        "record",
        RecordOptions,
        record,
        "Ghi một giá trị vào tệp, giữ nguyên chú thích và cách trình bày (ghi trọn vẹn một lần).",
    ),
    Command(
        "import",
        ImportOptions,
        import_sheet,
        "Ghi số liệu của một bảng tính hoặc báo cáo CSV vào tệp, trong một lần ghi.",
    ),
    Command("schema", SchemaOptions, schema, "In JSON Schema của định dạng tệp chỉ tiêu."),
)
BY_OPTIONS: Mapping[type, Command] = {c.options: c for c in COMMANDS}
BY_NAME: Mapping[str, Command] = {c.name: c for c in COMMANDS}


def run(options: Any) -> int:
    """Carry out a command: its exit code. A problem with the input is reported on standard
    error in the session's language and gives 2."""
    session = Session.start(getattr(options, "lang", None), os.environ)
    command = BY_OPTIONS[type(options)]
    try:
        return command.run(_with_format(command.name, options), session)
    except NtmError as error:
        report_problems(error, session)
        return 2


def _with_format(name: str, options: Any) -> Any:
    """The options with the format the report is written in (SPEC §3: from `--format`, else
    from `-o`'s extension, else the command's default); checked before the file is read, so
    a contradiction is a usage error in the language of usage errors."""
    from ntm_cli.cli.options import report_format

    output = getattr(options, "output", None)
    if not hasattr(options, "format"):
        if output is not None:
            report_format(name, None, output, ("json",))  # `schema` writes JSON only
        return options
    chosen = report_format(name, options.format, output, formats.choices(name))
    return dataclasses.replace(options, format=chosen)


def report_problems(error: NtmError, session: Session) -> None:
    from ntm_cli.i18n import problem_message

    lines = []
    for problem in map(session.locate, error.problems):
        # A located problem starts with its place; one about the command line alone, "ntm:".
        prefix = "" if problem.location() else "ntm: "
        lines.append(prefix + problem_message(problem, session.lang) + "\n")
    write_stderr("".join(lines), session)


def guarded(action: Callable[[], int | None]) -> NoReturn:
    """Run `action` and exit: every outcome is an exit code, never a traceback (SPEC §4)."""
    try:
        code = action()
    except NtmError as error:  # raised outside a command, e.g. while parsing
        report_problems(error, Session.start(None, os.environ))
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
        session = Session.start(None, os.environ)
        write_stderr(f"ntm: internal error: {type(error).__name__}: {error}\n", session)
        raise SystemExit(3) from None
    raise SystemExit(code or 0)
