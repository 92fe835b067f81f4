"""fastcheck accepts valid files without pydantic: its yes must agree with the pydantic models,
value for value, on any input, and it must say yes to every valid example file."""

from __future__ import annotations

import dataclasses
import tomllib
from typing import Any

from hypothesis import event, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from ntm_cli.targets_file import data, fastcheck, model, unit_data
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
