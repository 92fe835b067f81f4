"""The typer-free parser of common invocations gives exactly what typer gives, and hands
everything else to typer."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

import ntm_cli.commands
from ntm_cli import cli, fastpath
from ntm_cli.commands import (
    CheckOptions,
    CompareOptions,
    ImportOptions,
    InitOptions,
    RecordOptions,
    ShowOptions,
    StatusOptions,
    ValidateOptions,
)
from tests.runner import invoke

OPTIONS = [
    "--file",
    "-f",
    "--lang",
    "--output",
    "-o",
    "--no-color",
    "--year",
    "-y",
    "--vs",
    "--format",
    "--strict",
    "--all",
    "--to",
    "--actual",
    "--estimate",
    "--plan",
    "--force",
    "--dry-run",
    "--sheet",
    "--help",
    "-h",
    "--bogus",
    "--file=x.toml",
    "-fx.toml",
]
VALUES = [
    "targets.toml",
    "x y.toml",
    "2020",
    "1999",
    "020",
    "abc",
    "-1",
    "",
    "vi",
    "en",
    "EN",
    "json",
    "table",
    "csv",
    "markdown",
    "text",
    "junit",
    "github",
    "xml",
    "out.json",
    "--",
]


def typer_options(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    """The options object typer builds for argv (None if typer stops first)."""
    seen: list[Any] = []

    def capture(options: Any) -> int:
        seen.append(options)
        return 0

    monkeypatch.setattr(ntm_cli.commands, "run", capture)
    invoke(argv, entry=cli.main)
    return seen[0] if seen else None


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
    ],
)
def test_common_invocations_skip_typer(
    argv: list[str], expected: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert fastpath.parse(argv) == expected
    assert typer_options(argv, monkeypatch) == expected


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--help"],
        ["status", "--help"],
        ["record"],
        ["record", "x", "y", "--year", "2020"],
        ["import"],
        ["status", "--format", "xml"],
        ["status", "--year", "abc"],
        ["status", "--bogus"],
        ["status", "--file=x.toml"],
        ["status", "-fx.toml"],
        ["status", "-f"],
        ["status", "-f", "a", "-f", "b"],
        ["check", "--all"],
        ["status", "--strict"],
        ["status", "--lang", "EN"],
        ["validate", "--year", "2020"],
        ["status", "extra"],
    ],
)
def test_everything_else_goes_to_typer(argv: list[str]) -> None:
    assert fastpath.parse(argv) is None


GOOD = {
    **dict.fromkeys(["--file", "-f", "--output", "-o"], ("targets.toml", "x y.toml", "out.json")),
    "--lang": ("vi", "en"),
    **dict.fromkeys(["--year", "-y", "--vs", "--to"], ("2020", "1999", "020")),
    "--format": ("json", "table", "csv", "markdown", "text", "junit", "github", "xlsx", "html"),
    **dict.fromkeys(["--actual", "--estimate", "--plan"], ("96,5", "7.5..8", "true", "36")),
    "--sheet": ("Sheet1", "Biểu 01"),
}
FLAGS = {
    "--no-color",
    "--strict",
    "--all",
    "--force",
    "--dry-run",
    "--help",
    "-h",
    "--bogus",
    "--file=x.toml",
    "-fx.toml",
}


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """Mostly well-formed: an option, then a value when it takes one; sometimes noise."""
    argv = [
        draw(
            st.sampled_from(
                ["status", "compare", "check", "validate", "outlook", "show", "record", "import"]
            )
        )
    ]
    for _ in range(draw(st.integers(0, 5))):
        if draw(st.integers(0, 4)) == 0:  # a FILE argument, as pre-commit passes them
            argv.append(draw(st.sampled_from(["a.toml", "sub/b.toml", "x y.toml"])))
            continue
        option = draw(
            st.sampled_from(OPTIONS[:19]) if draw(st.integers(0, 9)) else st.sampled_from(OPTIONS)
        )
        argv.append(option)
        if option not in FLAGS or draw(st.integers(0, 9)) == 0:
            good = GOOD.get(option, VALUES)
            argv.append(draw(st.sampled_from(good if draw(st.integers(0, 4)) else VALUES)))
    return argv


@settings(max_examples=1000, deadline=None)
@given(argv=command_lines())
def test_whatever_the_fast_path_accepts_typer_reads_the_same(argv: list[str]) -> None:
    fast = fastpath.parse(argv)
    event("typer" if fast is None else "fast path")
    if fast is None:
        return
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert typer_options(argv, monkeypatch) == fast


def test_typer_offers_what_the_declarations_say() -> None:
    """Each typer command has exactly the options its dataclass declares, and offers the
    formats the registry gives that command."""
    import dataclasses

    import typer.main

    from ntm_cli import commands, formats

    group = typer.main.get_command(cli.app)
    for command in commands.COMMANDS:
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
