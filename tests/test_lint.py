"""Warnings (SPEC §5): likely mistakes in a valid file, reported by validate only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntm_cli.i18n import problem_message
from ntm_cli.targets_file.lint import warnings
from ntm_cli.targets_file.load import parse_toml, validate
from tests.conftest import Runner


def _warnings(text: str) -> list[str]:
    raw = parse_toml(text, "t.toml")
    doc = validate(raw, text, "t.toml")
    return [problem_message(p, "en") for p in warnings(doc, raw, text, "t.toml")]


def test_a_value_greater_than_total() -> None:
    text = (
        '[[target]]\nid = "x"\nname = "X"\ntotal = 36\n'
        "plan = { 2020 = 36, 2021 = [30, 40] }\nactual = { 2020 = 37 }\n"
        "estimate = { 2021 = 36.5 }\n"
    )
    assert _warnings(text) == [
        't.toml:5: target "x": plan.2021: [30, 40] is greater than total 36',
        't.toml:6: target "x": actual.2020: 37 is greater than total 36',
        't.toml:7: target "x": estimate.2021: 36.5 is greater than total 36',
    ]


def test_a_value_equal_to_total_is_fine() -> None:
    assert _warnings('[[target]]\nid = "x"\nname = "X"\ntotal = 36\nactual = { 2020 = 36 }\n') == []


def test_a_yes_no_target_with_numeric_keys() -> None:
    text = (
        '[[target]]\nid = "x"\nname = "X"\ndirection = "increase"\nunit = "%"\ntotal = 1\n'
        "plan = { 2020 = true }\n"
    )
    assert _warnings(text) == [
        't.toml:4: target "x": direction: a yes/no target does not use `direction`; remove it',
        't.toml:5: target "x": unit: a yes/no target does not use `unit`; remove it',
        't.toml:6: target "x": total: a yes/no target does not use `total`; remove it',
    ]


def test_a_numeric_target_may_set_them() -> None:
    text = '[[target]]\nid = "x"\nname = "X"\ndirection = "increase"\nplan = { 2020 = 1 }\n'
    assert _warnings(text) == []


def test_a_baseline_after_every_year() -> None:
    text = (
        '[[target]]\nid = "x"\nname = "X"\nplan = { 2025 = 5 }\nactual = { 2020 = 1 }\n'
        "baseline = { year = 2030, value = 1 }\n"
    )
    assert _warnings(text) == [
        't.toml:6: target "x": baseline.year: baseline year 2030 is after every year of '
        "the target (2025)"
    ]
    assert _warnings(text.replace("2030", "2025")) == []


def test_an_estimate_never_replaced_by_an_actual() -> None:
    text = (
        '[[target]]\nid = "x"\nname = "X"\n'
        "actual = { 2020 = 1, 2023 = 3 }\nestimate = { 2020 = 1, 2021 = 2, 2022 = 2.5 }\n"
    )
    assert _warnings(text) == [
        't.toml:5: target "x": estimate.2021: estimate for 2021 was never replaced by an '
        "actual; the latest actual is for 2023"
    ]


BAD = """[[target]]
id = "x"
name = "X"
total = 36
actual = { 2020 = 37 }
"""


def test_validate_reports_warnings_and_exits_0(ntm: Runner, tmp_path: Path) -> None:
    (tmp_path / "targets.toml").write_text(BAD, "utf-8")
    result = ntm("validate", "--lang", "en")
    assert (result.code, result.out) == (0, "targets.toml: valid (1 target, 2020)\n")
    assert result.err == (
        'warning: targets.toml:5: target "x": actual.2020: 37 is greater than total 36\n'
    )
    result = ntm("validate", "--lang", "vi")
    assert result.err == (
        'cảnh báo: targets.toml:5: target "x": actual.2020: 37 lớn hơn tổng số 36\n'
    )


def test_validate_strict_exits_1(ntm: Runner, tmp_path: Path) -> None:
    (tmp_path / "targets.toml").write_text(BAD, "utf-8")
    assert ntm("validate", "--strict").code == 1
    result = ntm("validate", "--strict", "--format", "json", "--lang", "en")
    assert result.code == 1
    assert json.loads(result.out) == {
        "version": 3,
        "file": "targets.toml",
        "valid": True,
        "targets": 1,
        "years": [2020],
        "errors": [],
        "warnings": [
            {
                "line": 5,
                "target": "x",
                "field": "actual.2020",
                "message": "37 is greater than total 36",
            }
        ],
    }


def test_strict_without_warnings_exits_0(ntm: Runner, tmp_path: Path) -> None:
    (tmp_path / "targets.toml").write_text(BAD.replace("37", "36"), "utf-8")
    result = ntm("validate", "--strict", "--format", "json")
    assert result.code == 0
    assert json.loads(result.out)["warnings"] == []


def test_other_commands_never_mention_warnings(ntm: Runner, tmp_path: Path) -> None:
    (tmp_path / "targets.toml").write_text(BAD, "utf-8")
    for args in (("status",), ("check", "--year", "2020"), ("show", "x")):
        assert ntm(*args).err == ""


_VALUES = st.one_of(st.integers(-50, 50), st.booleans())


@given(
    total=st.one_of(st.none(), st.integers(1, 40)),
    actual=st.dictionaries(st.integers(2018, 2024), st.integers(0, 50), max_size=4),
    estimate=st.dictionaries(st.integers(2018, 2024), st.integers(0, 50), max_size=4),
)
def test_warnings_are_located_and_only_for_what_the_rules_say(
    total: int | None, actual: dict[int, int], estimate: dict[int, int]
) -> None:
    lines = ["[[target]]", 'id = "x"', 'name = "X"']
    if total is not None:
        lines.append(f"total = {total}")
    lines.append("actual = { " + ", ".join(f"{y} = {v}" for y, v in actual.items()) + " }")
    lines.append("estimate = { " + ", ".join(f"{y} = {v}" for y, v in estimate.items()) + " }")
    text = "\n".join(lines) + "\n"
    raw = parse_toml(text, "t.toml")
    doc = validate(raw, text, "t.toml")
    found = warnings(doc, raw, text, "t.toml")
    over = 0 if total is None else sum(v > total for v in [*actual.values(), *estimate.values()])
    latest = max(actual, default=None)
    stale = 0 if latest is None else sum(1 for y in estimate if y not in actual and latest - y > 1)
    assert sorted(p.code for p in found) == sorted(
        ["warn_over_total"] * over + ["warn_stale_estimate"] * stale
    )
    for problem in found:
        assert problem.line is not None
        assert text.splitlines()[problem.line - 1].startswith(problem.field.split(".")[0])


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            'warning: targets.toml:5: target "x": actual.2020: 1,000.5 is greater than total 188\n',
        ),
        ("vi", 'cảnh báo: targets.toml:5: target "x": actual.2020: 1.000,5 lớn hơn tổng số 188\n'),
    ],
)
def test_a_value_over_its_total_is_written_as_the_language_writes_numbers(
    ntm: Runner, tmp_path: Path, lang: str, expected: str
) -> None:
    """SPEC §3: numbers follow the output language, in warnings too (a new user saw
    "1000 lớn hơn tổng số 188")."""
    text = BAD.replace("total = 36", "total = 188").replace("2020 = 37", "2020 = 1000.5")
    (tmp_path / "targets.toml").write_text(text, "utf-8")
    result = ntm("validate", "--lang", lang)
    assert (result.code, result.err) == (0, expected)
