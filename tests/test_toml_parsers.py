"""ntm parses with tomli (compiled) instead of tomllib for speed, only because the two accept
exactly the same files and say exactly the same thing about the ones they reject."""

from __future__ import annotations

import tomllib
from typing import Any

import tomli
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.builders import TOML_BITS, mutated
from tests.conftest import DATA, SHIPPED

FILES = [SHIPPED, *sorted(DATA.glob("*/*.toml"))]


def outcome(loads: Any, text: str) -> tuple[str, Any]:
    try:
        return "ok", repr(loads(text))  # repr: nan == nan
    except RecursionError:
        return "too deep", None
    except (tomllib.TOMLDecodeError, tomli.TOMLDecodeError) as error:
        return "error", str(error)


def same(text: str) -> None:
    expected, got = outcome(tomllib.loads, text), outcome(tomli.loads, text)
    if "too deep" in (expected[0], got[0]):
        # The compiled parser nests deeper before it gives up. ntm rejects any nested array
        # or table beyond `plan = { … }` either way, so no file changes from valid to invalid.
        return
    assert got == expected


def test_tomli_is_a_toml_1_0_version() -> None:
    for toml_1_1 in ('a = "\\e"', "a = {\n b = 1\n}", "a = { b = 1, }", "a = 2020-01-01T10:00"):
        assert outcome(tomli.loads, toml_1_1)[0] == "error"


def test_same_on_every_example_file() -> None:
    for path in FILES:
        same(path.read_bytes().decode("utf-8", "replace"))


@settings(max_examples=300, deadline=None)
@given(data=mutated())
def test_same_on_mutated_files(data: bytes) -> None:
    same(data.decode("utf-8", "replace"))


@settings(max_examples=300, deadline=None)
@given(text=st.lists(TOML_BITS, max_size=40).map("".join))
def test_same_on_toml_fragments(text: str) -> None:
    same(text)
    same("a = " + text)
