"""fastcheck accepts valid files without pydantic: its yes must agree with the pydantic models,
value for value, on any input, and it must say yes to every valid example file."""

from __future__ import annotations

import dataclasses
import tomllib
from typing import Any

from hypothesis import event, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from ntm_cli.targets_file import data, fastcheck, model, rules, unit_data
from ntm_cli.targets_file.rules import RuleError, RuleErrors
from tests.builders import documents, mutated, toml_text
from tests.builders import generate_benchmark_file as generate
from tests.conftest import DATA, SHIPPED

VALID = [SHIPPED, *sorted((DATA / "valid").glob("*.toml"))]
INVALID = sorted((DATA / "invalid").glob("*.toml"))


def by_model(raw: dict[str, Any]) -> str | None:
    """repr of the model's result (repr tells 1, 1.0 and True apart), None if it refuses."""
    try:
        return repr(model.TargetsFile.model_validate(raw).to_data())
    except (ValidationError, RecursionError):
        return None


def agree(raw: dict[str, Any]) -> bool:
    """fastcheck's answer agrees with the model's; True when fastcheck said yes."""
    fast = fastcheck.document(raw)
    if fast is not None:
        assert repr(fast) == by_model(raw)
    return fast is not None


def load(path: Any) -> dict[str, Any]:
    return tomllib.loads(path.read_bytes().decode("utf-8-sig"))


def test_both_readers_derive_from_the_one_declaration() -> None:
    """fastcheck's tables and the pydantic models are read off data.py's dataclasses."""
    for kind, table, models in (
        (data.Program, fastcheck.PROGRAM, model.Program),
        (data.Target, fastcheck.TARGET, model.Target),
        (unit_data.Rollup, fastcheck.table(fastcheck.TARGET.nested["rollup"]), model.Rollup),
        (unit_data.Standard, fastcheck.table("Standard"), model.Standard),
        (unit_data.Criterion, fastcheck.table("Criterion"), model.Criterion),
        (unit_data.Unit, fastcheck.table("Unit"), model.Unit),
    ):
        # the keys of the file: the dataclass fields, less what ntm adds (a roll-up's counts)
        fields = [f for f in dataclasses.fields(kind) if not f.metadata.get("internal")]
        names = [f.name for f in fields]
        assert list(models.model_fields) == names
        written = {f.metadata.get("alias", f.name) for f in fields}
        assert set(table.rules) | set(table.nested) == written
    required = {k for k, f in model.Target.model_fields.items() if f.is_required()}
    assert required == set(fastcheck.TARGET.required) == {"id", "name"}
    assert not any(f.is_required() for f in model.Program.model_fields.values())


def test_every_valid_example_is_accepted_fast() -> None:
    for path in VALID:
        assert agree(load(path)), path.name
    assert agree(tomllib.loads(generate(50)))


def test_every_invalid_example_goes_to_the_models() -> None:
    for path in INVALID:
        try:
            raw = load(path)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError):
            continue
        assert fastcheck.document(raw) is None, path.name


@st.composite
def perturbed(draw: st.DrawFn) -> dict[str, Any]:
    """A generated document with a few keys set to odd values: wrong types, out of range,
    unknown keys, booleans among numbers."""
    document = draw(documents())
    odd = st.sampled_from(
        [
            None,
            "",
            " ",
            "x\x1b",
            "\u2028",
            0,
            -1,
            101,
            1e309,
            2**1100,
            True,
            1.5,
            [],
            {},
            {"2020": 1},
            {"20": 1},
            {"2020": "a"},
            {"2020": True},
            "INCREASE",
            "warn",
            "vi",
        ]
    )
    for _ in range(draw(st.integers(0, 3))):
        where = draw(st.sampled_from(["program", "target"]))
        key = draw(st.sampled_from([*model.Target.model_fields, "dirrection", "lang", "near_pct"]))
        value = draw(odd)
        if value is None:
            continue
        if where == "program":
            document["program"][key] = value
        else:
            target = draw(st.sampled_from(document["target"]))
            target[key] = value
    return document


@settings(max_examples=400, deadline=None)
@given(document=perturbed())
def test_agrees_with_the_models_on_generated_documents(document: dict[str, Any]) -> None:
    event("fast" if agree(document) else "models")


@settings(max_examples=300, deadline=None)
@given(data=mutated())
def test_agrees_with_the_models_on_mutated_files(data: bytes) -> None:
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError):
        return
    event("fast" if agree(raw) else "models")


def test_round_trip_through_toml_writer() -> None:
    raw = load(SHIPPED)
    assert agree(tomllib.loads(toml_text(raw)))


# --- the rules' quick paths, each held to its slow twin ----------------------------------


def _outcome(rule: Any, value: Any) -> tuple[Any, ...]:
    """What a rule makes of a value: its result (repr tells 1, 1.0 and True apart), or the
    kinds, places and details of what it refuses."""
    try:
        return ("ok", repr(rule(value)))
    except RuleError as error:
        return ("refused", error.kind, repr(error.context))
    except RuleErrors as errors:
        return ("refused", [(where, e.kind, repr(e.context)) for where, e in errors.errors])


_USUAL_UNMET = st.dictionaries(
    st.integers(1900, 2100).map(str),
    st.sets(st.integers(1, 99), max_size=19).map(lambda s: sorted(s, reverse=True)),
    max_size=6,
)
_ODD_KEYS = st.sampled_from(
    ["1899", "2101", "0999", "21", "20210", "２０２１", "2021\n", "", "x", 2021, True]
)
_ODD_VALUES = st.lists(
    st.integers(-1, 101) | st.sampled_from([True, False, 1.0, 3.5, "1", None, [1], {"a": 1}]),
    max_size=6,
) | st.sampled_from([None, 3, "1, 2", {"1": 1}, (1, 2), [3, 3], [0], [100], [2**70]])


@st.composite
def _unmet_tables(draw: st.DrawFn) -> Any:
    """A usual `unmet` table, often with an odd entry or two: a key that is no year of four
    digits, a value that is no list of criterion numbers without repeats."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from([None, [], "x", 2021, {}]))
    table: dict[Any, Any] = draw(_USUAL_UNMET)
    for _ in range(draw(st.integers(0, 2))):
        if draw(st.booleans()):
            table[draw(_ODD_KEYS)] = draw(st.just([1, 2]) | _ODD_VALUES)
        elif table:
            table[draw(st.sampled_from(list(table)))] = draw(_ODD_VALUES)
    return table


@settings(max_examples=500, deadline=None)
@given(raw=_unmet_tables())
def test_unmet_quick_path_agrees_with_the_rule_entry_by_entry(raw: Any) -> None:
    """`unmet` (40,000 lists in a national file) is first read with set operations
    (`common_unmet`); whatever it accepts, the rules entry by entry accept as the same table,
    and whatever it leaves they judge alone."""
    both = _outcome(rules.unmet_table, raw)
    assert both == _outcome(rules.unmet_by_entry, raw)
    if isinstance(raw, dict):
        quick = rules.common_unmet(raw)
        event("quick" if quick is not None else "entry by entry")
        if quick is not None:
            assert both == ("ok", repr(quick))


@settings(max_examples=200, deadline=None)
@given(raw=_USUAL_UNMET)
def test_unmet_of_the_usual_shape_takes_the_quick_path(raw: dict[str, list[int]]) -> None:
    assert rules.common_unmet(raw) == rules.unmet_by_entry(raw)


_USUAL_YEARS = st.dictionaries(
    st.integers(1900, 2100).map(str),
    st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.booleans(),
    max_size=8,
)
_ODD_YEAR_VALUES = st.sampled_from(
    [2**63, -(2**63) - 1, float("inf"), float("nan"), "1", None, [1, 2], [2, 1], [1], {}, 1.5]
)


@st.composite
def _year_tables(draw: st.DrawFn) -> Any:
    """A usual `plan`/`actual` table, often with an odd entry or two: a key that is no year of
    four digits, a value that is no 64-bit integer, finite float or boolean (a range too)."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from([None, [], "x", 2021, {}]))
    table: dict[Any, Any] = draw(_USUAL_YEARS)
    for _ in range(draw(st.integers(0, 2))):
        if draw(st.booleans()):
            table[draw(_ODD_KEYS)] = draw(st.just(1) | _ODD_YEAR_VALUES)
        elif table:
            table[draw(st.sampled_from(list(table)))] = draw(_ODD_YEAR_VALUES)
    return table


@settings(max_examples=500, deadline=None)
@given(raw=_year_tables(), plan=st.booleans())
def test_year_table_quick_path_agrees_with_the_rule_entry_by_entry(raw: Any, plan: bool) -> None:
    """`plan`/`actual`/`estimate` tables (180,000 entries in 10,000 targets) are first read in
    one pass (`common_years`); whatever it accepts, the rules entry by entry accept as the same
    table, and whatever it leaves they judge alone, with the same verdicts and places."""
    quick_rule = rules.plan_table if plan else rules.reported_table
    slow_rule = rules.plan_by_entry if plan else rules.reported_by_entry
    both = _outcome(quick_rule, raw)
    assert both == _outcome(slow_rule, raw)
    if isinstance(raw, dict):
        quick = rules.common_years(raw)
        event("quick" if quick is not None else "entry by entry")
        if quick is not None:
            assert both == ("ok", repr(quick))


@settings(max_examples=200, deadline=None)
@given(raw=_USUAL_YEARS)
def test_year_tables_of_the_usual_shape_take_the_quick_path(raw: dict[str, Any]) -> None:
    assert rules.common_years(raw) == rules.reported_table(raw)


_TEXTS = st.text(
    st.characters(codec="utf-8", categories=["L", "M", "N", "P", "S", "Z", "Cc", "Cf"]),
    max_size=12,
) | st.sampled_from(["x-1", "a.b_c", "abc\n", "abc\r\n", "\u2028", " ", "\xa0", "Xã\u00adA"])


@settings(max_examples=500, deadline=None)
@given(value=_TEXTS | st.from_regex(r"[a-z0-9][a-z0-9._-]{0,8}\n?", fullmatch=True))
def test_id_and_name_quick_paths_agree_with_their_rules(value: str) -> None:
    """A printable string is checked by one C call before the rules one by one: the same
    verdict, the same value, the same reason to refuse."""
    assert _outcome(rules.target_id, value) == _outcome(rules.target_id_by_rules, value)
    assert _outcome(rules.name, value) == _outcome(rules.name_by_rules, value)
    for odd in (None, 1, ["a"], True):
        assert _outcome(rules.name, odd) == _outcome(rules.name_by_rules, odd)
        assert _outcome(rules.target_id, odd) == _outcome(rules.target_id_by_rules, odd)
