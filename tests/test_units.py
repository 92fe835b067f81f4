"""The units core (SPEC §12.1): the primitives the roll-ups, `ntm units` and `show UNIT` use,
and the file's rules for units read by both readers alike."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from ntm_cli.judge.units import Units, exists, latest_mentioned, mentioned_years
from ntm_cli.targets_file import fastcheck, model
from tests.builders import load_file
from tests.conftest import DATA, Runner

UNITS_FILE = DATA / "valid" / "units.toml"


def test_both_readers_read_units_alike() -> None:
    raw = tomllib.loads(UNITS_FILE.read_text("utf-8"))
    by_model = model.TargetsFile.model_validate(raw).to_data()
    assert fastcheck.document(raw) == by_model
    unit = by_model.unit[1]
    assert (unit.id, unit.from_, unit.until) == ("nhon-ai", 2010, None)
    assert unit.unmet == {2019: (), 2020: (2, 3)}
    rollup = by_model.target[1].rollup
    assert rollup is not None and rollup.written() == {
        "of": "commune",
        "criterion": 2,
        "as": "percent",
        "within": "phong-dien",
    }
    assert by_model.program.buckets == (2, 1)


def test_unmet_is_kept_ascending_and_compares_as_a_set() -> None:
    raw: dict[str, Any] = tomllib.loads(UNITS_FILE.read_text("utf-8"))
    raw["unit"][1]["unmet"]["2020"] = [3, 2]
    doc = fastcheck.document(raw)
    assert doc is not None and doc.unit[1].unmet[2020] == (2, 3)


def test_criteria_met_unmet_and_assessment() -> None:
    doc = load_file(UNITS_FILE)
    index = Units(doc)
    district, nhon_ai, giai_xuan = doc.unit
    assert index.criteria_count("commune") == 3
    assert index.criteria_count("district") == 1
    assert index.criteria_met(nhon_ai, 2020) == 1  # N − len(unmet) before met_count
    assert index.criteria_met(nhon_ai, 2016) == 2  # met_count only
    assert index.criteria_met(nhon_ai, 2019) == 3
    assert index.criteria_met(nhon_ai, 2018) is None  # not assessed
    assert index.unmet(nhon_ai, 2020) == frozenset({2, 3})
    assert index.unmet(nhon_ai, 2016) is None  # which: unknown
    assert index.met_criterion(giai_xuan, 3, 2019) is False
    assert index.met_criterion(giai_xuan, 3, 2020) is True
    assert index.met_criterion(nhon_ai, 1, 2016) is None
    assert index.assessed(nhon_ai, 2016) and not index.assessed(nhon_ai, 2017)
    assert index.criteria_met(district, 2017) == 1


def test_recognitions_and_the_cascade_of_withdrawals() -> None:
    doc = load_file(UNITS_FILE)
    index = Units(doc)
    _, nhon_ai, giai_xuan = doc.unit
    # nhon-ai: ntm 2014, advanced 2019, advanced withdrawn 2023
    assert not index.recognised_by(nhon_ai, "ntm", 2013)
    assert index.recognised_by(nhon_ai, "ntm", 2014)
    assert index.recognised_by(nhon_ai, "advanced", 2022)
    assert not index.recognised_by(nhon_ai, "advanced", 2023)  # withdrawn in 2023
    assert index.recognised_by(nhon_ai, "ntm", 2030)
    assert index.recognised_in(nhon_ai, "advanced", 2019)
    assert not index.recognised_in(nhon_ai, "advanced", 2020)
    assert index.withdrawn_in(nhon_ai, "advanced", 2023)
    assert not index.withdrawn_in(nhon_ai, "ntm", 2023)
    assert not index.withdrawn_in(giai_xuan, "advanced", 2023)
    assert index.highest_by(nhon_ai, 2020) is doc.standard[1]
    assert index.highest_by(nhon_ai, 2024) is doc.standard[0]
    assert index.highest_by(giai_xuan, 2015) is None


def test_withdrawing_a_standard_withdraws_every_higher_one() -> None:
    raw: dict[str, Any] = tomllib.loads(UNITS_FILE.read_text("utf-8"))
    raw["unit"][1]["revoked"] = {"ntm": 2021}
    doc = fastcheck.document(raw)
    assert doc is not None
    index = Units(doc)
    nhon_ai = doc.unit[1]
    assert index.withdrawal_year(nhon_ai, "advanced") == 2021
    assert index.recognised_by(nhon_ai, "advanced", 2020)
    assert not index.recognised_by(nhon_ai, "advanced", 2021)
    assert index.withdrawn_in(nhon_ai, "advanced", 2021)
    assert index.withdrawn_in(nhon_ai, "ntm", 2021)


def test_scope_existence_and_mentioned_years() -> None:
    raw: dict[str, Any] = tomllib.loads(UNITS_FILE.read_text("utf-8"))
    raw["unit"][2]["until"] = 2020
    raw["unit"].append({"id": "moi", "name": "Xã Mới", "kind": "commune", "from": 2021})
    doc = fastcheck.document(raw)
    assert doc is not None
    index = Units(doc)
    assert [u.id for u in index.in_scope("commune", 2020)] == ["nhon-ai", "giai-xuan"]
    assert [u.id for u in index.in_scope("commune", 2021)] == ["nhon-ai", "moi"]
    assert [u.id for u in index.in_scope("commune", 2021, "phong-dien")] == ["nhon-ai"]
    assert [u.id for u in index.in_scope("district", 2021)] == ["phong-dien"]
    assert not exists(doc.unit[1], 2009) and exists(doc.unit[1], 2010)
    assert mentioned_years(doc.unit[1]) == {2014, 2016, 2019, 2020, 2023}
    assert mentioned_years(doc.unit[3]) == set()  # from/until are not mentions
    assert latest_mentioned(doc.unit) == 2023
    assert index.mentioned_range() == (2014, 2023)


def test_a_file_of_units_alone_is_valid(ntm: Runner, tmp_path: Any) -> None:
    path = tmp_path / "targets.toml"
    path.write_text('[[unit]]\nid = "a"\nname = "Xã A"\nkind = "commune"\n', "utf-8")
    result = ntm("validate", "-f", str(path))
    assert result.code == 0, result.err


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            'units-parent-typo.toml:44: unit "nhon-ai": parent: "phong" is not a district'
            ' (did you mean "phong-dien"?)\n',
        ),
        (
            "vi",
            'units-parent-typo.toml:44: unit "nhon-ai": parent: "phong" không phải đơn vị cấp'
            ' huyện (có phải ý bạn là "phong-dien"?)\n',
        ),
    ],
)
def test_unit_errors_in_both_languages(ntm: Runner, lang: str, expected: str) -> None:
    result = ntm("validate", "-f", "units-parent-typo.toml", "--lang", lang, cwd=DATA / "invalid")
    assert (result.code, result.err) == (2, expected)


def test_schema_knows_units() -> None:
    from jsonschema import Draft7Validator

    from ntm_cli.targets_file.schema import schema

    validator = Draft7Validator(schema())
    raw = tomllib.loads(UNITS_FILE.read_text("utf-8"))
    assert list(validator.iter_errors(raw)) == []
    for name in ("units-key-typo", "units-kind-bad", "units-criterion-id", "units-unmet-not-list"):
        bad = tomllib.loads((DATA / "invalid" / f"{name}.toml").read_text("utf-8"))
        assert list(validator.iter_errors(bad)), name
    assert list(validator.iter_errors({"unit": []}))  # at least one target or unit


def test_a_file_of_units_and_criteria_keeps_its_units() -> None:
    """fastcheck once took two tables for "program and target" and dropped the units."""
    raw = {
        "unit": [{"id": "a", "name": "Xã A", "kind": "commune", "unmet": {"2020": [1]}}],
        "criterion": [{"id": 1, "name": "Quy hoạch"}],
    }
    found = fastcheck.document(raw)
    assert found is not None and [u.id for u in found.unit] == ["a"]
    assert found == model.TargetsFile.model_validate(raw).to_data()
