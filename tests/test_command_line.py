"""The command line (typer, the one parser): what it builds from each command line, and what
it says when it cannot. The fuzzed command lines take their words (commands, flags, allowed
values) from the declarations in the `commands` package and the format registry, so a new option or
format is fuzzed without editing this file."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest
import typer.main
from hypothesis import event, given, settings
from hypothesis import strategies as st

import ntm_cli.cli.commands
from ntm_cli import formats
from ntm_cli.cli import app as cli
from ntm_cli.cli.commands import every_command
from ntm_cli.cli.commands.check import CheckOptions
from ntm_cli.cli.commands.compare import CompareOptions
from ntm_cli.cli.commands.import_ import ImportOptions
from ntm_cli.cli.commands.init import InitOptions
from ntm_cli.cli.commands.record import RecordOptions
from ntm_cli.cli.commands.show import ShowOptions
from ntm_cli.cli.commands.status import StatusOptions
from ntm_cli.cli.commands.validate import ValidateOptions
from ntm_cli.cli.usage import kind_of, repeated_option, usage_lang, usage_problem
from ntm_cli.errors import Problem
from tests.runner import Result, invoke


def typer_run(argv: list[str], env: dict[str, str] | None = None) -> tuple[Any, Result]:
    """The options object the command line builds for argv (None if it stops first), and
    what it printed."""
    seen: list[Any] = []

    def capture(name: str, options: Any) -> int:
        seen.append(options)
        return 0

    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(ntm_cli.cli.commands, "run", capture)
        for name, value in (env or {}).items():
            monkeypatch.setenv(name, value)
        result = invoke(argv)
    return (seen[0] if seen else None), result


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["status"], StatusOptions()),
        (
            ["status", "-f", "a.toml", "--format", "json", "-y", "2020", "--all"],
            StatusOptions(file="a.toml", year=2020, format="json", all=True),
        ),
        (
            ["compare", "--year", "2020", "--vs", "2019", "--lang", "en", "--no-color"],
            CompareOptions(lang="en", no_color=True, year=2020, vs=2019),
        ),
        (
            ["check", "--strict", "--format", "github", "-o", "r.txt"],
            CheckOptions(output="r.txt", strict=True, format="github"),
        ),
        (["validate", "--file", "x.toml"], ValidateOptions(file="x.toml")),
        (
            ["check", "a.toml", "--format", "junit", "sub/b.toml"],
            CheckOptions(files=("a.toml", "sub/b.toml"), format="junit"),
        ),
        (["validate", "--strict", "a.toml"], ValidateOptions(files=("a.toml",), strict=True)),
        (["show", "x"], ShowOptions(target_id="x")),
        (["init"], InitOptions()),
        (
            ["record", "x", "--year", "2021", "--estimate", "96,5"],
            RecordOptions(target_id="x", year=2021, estimate="96,5"),
        ),
        (["import", "r.xlsx", "--dry-run"], ImportOptions(source="r.xlsx", dry_run=True)),
        (["status", "--file=x.toml", "-y2020"], StatusOptions(file="x.toml", year=2020)),
    ],
)
def test_command_lines_give_their_options(argv: list[str], expected: Any) -> None:
    assert typer_run(argv)[0] == expected


# --- a plain second reading of a command line, from the declarations ----------------------


@dataclasses.dataclass(frozen=True)
class Declared:
    """What one command's options dataclass declares."""

    options: type
    flags: dict[str, tuple[str, Any]]  # flag -> (field, "flag" | "int" | "text" | choices)
    arguments: list[str]  # single positional arguments, in order
    many: str | None  # the field that takes any number of positional arguments
    required: frozenset[str]

    @classmethod
    def of(cls, options: type) -> Declared:
        flags: dict[str, tuple[str, Any]] = {}
        arguments: list[str] = []
        many: str | None = None
        required: set[str] = set()
        for item in dataclasses.fields(options):
            meta = item.metadata
            if item.default is dataclasses.MISSING:
                required.add(item.name)
            if meta.get("many"):
                many = item.name
            elif meta.get("argument"):
                arguments.append(item.name)
            else:
                kind: Any = "text"
                if meta.get("choices"):
                    kind = tuple(meta["choices"])
                elif item.type == "bool":
                    kind = "flag"
                elif item.type in ("int | None", "int"):
                    kind = "int"
                for flag in meta["flags"]:
                    flags[flag] = (item.name, kind)
        return cls(options, flags, arguments, many, frozenset(required))


COMMANDS = every_command()
DECLARED = {command.name: Declared.of(command.options) for command in COMMANDS}
_YEAR = re.compile(r"[0-9]{1,6}")


def plain_reading(argv: list[str]) -> Any:
    """The options for the plain forms of a command line (`--flag value`, a flag alone,
    positional words), read off the declarations; None for anything less plain, which only
    the property below judges."""
    if not argv or argv[0] not in DECLARED:
        return None
    spec = DECLARED[argv[0]]
    values: dict[str, Any] = {}
    bare: list[str] = []
    tokens = iter(argv[1:])
    for token in tokens:
        found = spec.flags.get(token)
        if found is None:
            if token and not token.startswith("-"):
                bare.append(token)
                continue
            return None
        name, expects = found
        if name in values:
            return None
        if expects == "flag":
            values[name] = True
            continue
        value = next(tokens, None)
        if value is None or value == "" or value.startswith("-"):
            return None
        if expects == "int":
            if not _YEAR.fullmatch(value):
                return None
            values[name] = int(value)
        elif isinstance(expects, tuple):
            if value not in expects:
                return None
            values[name] = value
        else:
            values[name] = value
    for name in spec.arguments:
        if bare:
            values[name] = bare.pop(0)
    if spec.many is not None:
        values[spec.many] = tuple(bare)
    elif bare:
        return None
    if not spec.required.issubset(values):
        return None
    return spec.options(**values)


# --- the vocabulary, from the declarations -----------------------------------------------

FIELDS = {
    flag: item
    for command in COMMANDS
    for item in dataclasses.fields(command.options)
    for flag in item.metadata.get("flags", ())
}
FLAGS = sorted(FIELDS)
NOISE = [
    "--bogus",
    "-z",
    "--help",
    "-h",
    *(f"{flag}=x" for flag in FLAGS if flag.startswith("--")),
    *(f"{flag}x" for flag in FLAGS if not flag.startswith("--")),
]
ODD_VALUES = ["", "--", "-1", "abc", "EN", "xml", "020", "x y.toml", "\x1b[31mred"]


def good_values(item: dataclasses.Field[Any]) -> list[str]:
    """Values an option accepts, by its declaration."""
    if item.metadata.get("choices"):
        return list(item.metadata["choices"])
    if item.type in ("int | None", "int"):
        return ["2020", "1999"]
    return ["targets.toml", "x y.toml", "96,5", "7.5..8"]


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """Mostly well-formed: an option, then a value when it takes one; sometimes noise."""
    command = draw(st.sampled_from([*DECLARED, "statsu"]))
    argv = [command]
    own = sorted(DECLARED[command].flags) if command in DECLARED else FLAGS
    for _ in range(draw(st.integers(0, 5))):
        if draw(st.integers(0, 4)) == 0:  # a positional word: ID, SHEET, FILEs
            argv.append(draw(st.sampled_from(["a.toml", "sub/b.toml", "x y.toml"])))
            continue
        pool = own if draw(st.integers(0, 5)) else FLAGS + NOISE
        flag = draw(st.sampled_from(pool))
        argv.append(flag)
        item = FIELDS.get(flag)
        takes_value = item is not None and item.type != "bool"
        if takes_value or draw(st.integers(0, 9)) == 0:
            good = good_values(item) if item is not None else ODD_VALUES
            argv.append(draw(st.sampled_from(good if draw(st.integers(0, 4)) else ODD_VALUES)))
    return argv


def test_the_vocabulary_covers_every_declared_option_and_format() -> None:
    for command in COMMANDS:
        for item in dataclasses.fields(command.options):
            for flag in item.metadata.get("flags", ()):
                assert flag in FLAGS
    for each in formats.FORMATS:
        assert each.name in good_values(FIELDS["--format"]) or any(
            each.name in good_values(item)
            for command in COMMANDS
            for item in dataclasses.fields(command.options)
            if item.name == "format"
        )


@settings(max_examples=300, deadline=None)
@given(argv=command_lines())
def test_every_command_line_gives_its_options_help_or_one_line_in_the_language(
    argv: list[str],
) -> None:
    plain = plain_reading(argv)
    options, result = typer_run(argv, {"NTM_LANG": "en"})
    event("options" if options is not None else f"exit {result.code}")
    assert "Traceback" not in result.err
    if plain is not None:
        assert options == plain
    if options is not None:
        assert (result.code, result.err) == (0, "")
        return
    if result.code == 0:  # help
        in_vi = usage_lang(argv, {"NTM_LANG": "en"}) == "vi"
        assert result.out.startswith("Cách dùng: ntm" if in_vi else "Usage: ntm"), result.out
        return
    # A usage error: one line, no click usage block, worded in the user's language.
    assert result.code == 2
    assert result.out == ""
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("ntm: "), result.err
    assert not re.search(r"Usage|Error|Try '", result.err)
    assert "\x1b" not in result.err
    if (
        usage_lang(argv, {"NTM_LANG": "vi"}) == "vi"
        and usage_lang(argv, {"NTM_LANG": "en"}) == "en"
    ):
        # Every usage message has its own words in each language (none passes typer's
        # English through).
        vi = typer_run(argv, {"NTM_LANG": "vi"})[1]
        assert vi.code == 2
        assert vi.err != result.err, result.err


def test_typer_offers_what_the_declarations_say() -> None:
    """Each typer command has exactly the options its dataclass declares, and offers the
    formats the registry gives that command."""
    group = typer.main.get_command(cli.make_app("en"))
    for command in COMMANDS:
        params = group.commands[command.name].params  # type: ignore[attr-defined]
        declared = [f.name for f in dataclasses.fields(command.options)]
        assert [p.name for p in params] == declared
        for param in params:
            if param.name == "format":
                offered = param.type_descriptor.annotation
                assert tuple(offered) == formats.choices(command.name)
                # not given is None: the format then comes from -o's extension, else the
                # first offered (options.report_format)
                assert param.default is None


# --- usage.py on its own: the exception read by its structure -----------------------------


class UsageError(Exception):
    def __init__(self, ctx: Any = None) -> None:
        super().__init__("words ntm never reads")
        self.ctx = ctx


class NoSuchOption(UsageError):
    def __init__(self, option_name: str, possibilities: list[str]) -> None:
        super().__init__()
        self.option_name = option_name
        self.possibilities = possibilities


class BadOptionUsage(UsageError):
    def __init__(self, option_name: str) -> None:
        super().__init__()
        self.option_name = option_name


def test_the_kind_is_read_from_the_class_hierarchy() -> None:
    assert kind_of(NoSuchOption("--yaer", ["--year"])) == "NoSuchOption"
    assert kind_of(BadOptionUsage("--all")) == "BadOptionUsage"
    assert kind_of(ValueError()) is None
    assert usage_problem(ValueError(), None) is None


def test_the_parameters_are_read_from_the_attributes() -> None:
    assert usage_problem(NoSuchOption("--yaer", ["--year", "--vs"]), None) == Problem(
        "usage_unknown_option", {"option": "--yaer", "suggestion": "--year"}
    )
    assert usage_problem(BadOptionUsage("--all"), StatusOptions) == Problem(
        "usage_no_value", {"option": "--all"}
    )
    assert usage_problem(BadOptionUsage("--year"), StatusOptions) == Problem(
        "usage_needs_value", {"option": "--year"}
    )


def test_a_repeated_option_is_found_in_every_form() -> None:
    assert repeated_option(StatusOptions, ["-f", "a", "--file", "b"]) == "--file"
    assert repeated_option(StatusOptions, ["--file=a", "-fb"]) == "-f"
    assert repeated_option(StatusOptions, ["--all", "--all"]) is None
    assert repeated_option(StatusOptions, ["-f", "a", "--", "-f"]) is None


def test_the_language_of_a_usage_error() -> None:
    assert usage_lang(["status", "--lang", "vi"], {}) == "vi"
    assert usage_lang(["status", "--lang=vi"], {"NTM_LANG": "en"}) == "vi"
    assert usage_lang(["status", "--lang", "xx"], {"LANG": "vi_VN"}) == "vi"
    assert usage_lang(["status", "--", "--lang", "vi"], {}) == "en"


def test_every_option_and_command_has_its_help_in_both_languages() -> None:
    for command in COMMANDS:
        assert command.help_in("en") and command.help_in("vi") != command.help_in("en")
        for item in dataclasses.fields(command.options):
            assert item.metadata["help"] and item.metadata["help_vi"] != item.metadata["help"]


def test_help_follows_the_language() -> None:
    vi = invoke(["status", "--help", "--lang", "vi"])
    assert vi.code == 0
    assert "Năm đánh giá." in vi.out
    en = invoke(["status", "--help"])
    assert en.out.startswith("Usage: ntm status [OPTIONS]")
    assert "Year to evaluate." in en.out
    _, by_env = typer_run(["--help"], {"NTM_LANG": "vi"})
    assert by_env.out.startswith("Cách dùng: ntm [TÙY CHỌN] LỆNH [THAM SỐ]...\n")
    assert "Theo dõi chỉ tiêu" in by_env.out
    assert "Lệnh:" in by_env.out and "Show this message" not in by_env.out


@pytest.mark.parametrize("command", [each.name for each in COMMANDS])
def test_vietnamese_help_has_no_english_words_of_typer(command: str) -> None:
    _, result = typer_run([command, "--help"], {"NTM_LANG": "vi"})
    assert result.code == 0
    assert result.out.startswith(f"Cách dùng: ntm {command} [TÙY CHỌN]")
    assert "Tùy chọn:" in result.out and "Hiện trợ giúp này rồi thoát." in result.out
    assert not re.search(r"Usage|Options|Arguments|default:|required|Show this", result.out)
