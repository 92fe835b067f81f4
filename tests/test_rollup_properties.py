"""Property: the roll-up counts agree with a plain re-computation over generated units
(SPEC §12.2), written here without the units core."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ntm_cli.errors import NtmError
from ntm_cli.judge.evaluate import counted
from tests.builders import load_text, toml_text

STANDARDS = ["ntm", "adv"]
YEARS = range(2015, 2023)


@st.composite
def unit_files(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 4))
    units: list[dict[str, Any]] = []
    for d in range(draw(st.integers(0, 2))):
        units.append({"id": f"d{d}", "name": f"Huyện {d}", "kind": "district"})
    districts = [u["id"] for u in units]
    for c in range(draw(st.integers(1, 7))):
        unit: dict[str, Any] = {"id": f"c{c}", "name": f"Xã {c}", "kind": "commune"}
        if districts and draw(st.booleans()):
            unit["parent"] = draw(st.sampled_from(districts))
        first = draw(st.none() | st.integers(2015, 2022))
        last = draw(st.none() | st.integers(first or 2015, 2022))
        if first is not None:
            unit["from"] = first
        if last is not None:
            unit["until"] = last
        low, high = first or 2015, last or 2022
        if draw(st.booleans()):
            ntm = draw(st.integers(low, high))
            recognised = {"ntm": ntm}
            if draw(st.booleans()):
                recognised["adv"] = draw(st.integers(ntm, high))
            unit["recognised"] = recognised
            if draw(st.booleans()):
                which = draw(st.sampled_from(sorted(recognised)))
                lost = draw(st.integers(recognised[which], high))
                if which == "ntm" and "adv" in recognised and recognised["adv"] > lost:
                    lost = recognised["adv"]
                unit["revoked"] = {which: lost}
        unmet: dict[str, list[int]] = {}
        met_count: dict[str, int] = {}
        for year in range(low, high + 1):
            choice = draw(st.integers(0, 3))
            if choice == 1:
                unmet[str(year)] = sorted(draw(st.sets(st.integers(1, n))))
            elif choice == 2:
                met_count[str(year)] = draw(st.integers(0, n))
        if unmet:
            unit["unmet"] = unmet
        if met_count:
            unit["met_count"] = met_count
        units.append(unit)
    k = draw(st.integers(1, n))
    criterion = draw(st.integers(1, n))
    targets = [
        {"id": "ntm", "name": "a", "rollup": {"of": "commune", "standard": "ntm"}},
        {"id": "adv", "name": "b", "rollup": {"of": "commune", "standard": "adv"}},
        {"id": "new", "name": "c", "rollup": {"of": "commune", "standard": "ntm", "new": True}},
        {"id": "min", "name": "d", "rollup": {"of": "commune", "criteria_min": k}},
        {"id": "crit", "name": "e", "rollup": {"of": "commune", "criterion": criterion}},
        {"id": "avg", "name": "f", "rollup": {"of": "commune", "average": "criteria"}},
        {
            "id": "pct",
            "name": "g",
            "unit": "%",
            "rollup": {"of": "commune", "standard": "ntm", "as": "percent"},
        },
        {"id": "dis", "name": "h", "rollup": {"of": "district", "standard": "ntm"}},
    ]
    return {
        "program": {"year": 2022},
        "standard": [{"id": s, "name": s} for s in STANDARDS],
        "criterion": [{"id": i, "name": f"TC {i}"} for i in range(1, n + 1)],
        "unit": units,
        "target": targets,
    }


def _exists(unit: dict[str, Any], year: int) -> bool:
    return unit.get("from", 0) <= year <= unit.get("until", 9999)


def _holds(unit: dict[str, Any], standard: str, year: int) -> bool:
    since = unit.get("recognised", {}).get(standard)
    if since is None or since > year:
        return False
    rank = STANDARDS.index(standard)
    lost = [y for s, y in unit.get("revoked", {}).items() if STANDARDS.index(s) <= rank]
    return not lost or min(lost) > year


def _met(unit: dict[str, Any], year: int, n: int) -> int | None:
    if str(year) in unit.get("unmet", {}):
        return n - len(unit["unmet"][str(year)])
    return unit.get("met_count", {}).get(str(year))


def _plain(raw: dict[str, Any], target: str, year: int) -> int | float | None:
    n = len(raw["criterion"])
    rollup = next(t["rollup"] for t in raw["target"] if t["id"] == target)
    scope = [u for u in raw["unit"] if u["kind"] == rollup["of"] and _exists(u, year)]
    if not scope:
        return None
    if "standard" in rollup:
        mentioned = [
            y
            for u in raw["unit"]
            for y in (
                *u.get("recognised", {}).values(),
                *u.get("revoked", {}).values(),
                *map(int, u.get("unmet", {})),
                *map(int, u.get("met_count", {})),
            )
        ]
        if not mentioned or not min(mentioned) <= year <= max(*mentioned, 2022):
            return None
        s = rollup["standard"]
        if rollup.get("new"):
            return sum(1 for u in scope if u.get("recognised", {}).get(s) == year)
        count = sum(1 for u in scope if _holds(u, s, year))
        if rollup.get("as") == "percent":
            return float(Fraction(count * 100, len(scope)))
        return count
    if "criterion" in rollup:
        lists = [u.get("unmet", {}).get(str(year)) for u in scope]
        if any(x is None for x in lists):
            return None
        return sum(1 for x in lists if rollup["criterion"] not in x)
    met = [_met(u, year, n) for u in scope]
    if any(m is None for m in met):
        return None
    known = [m for m in met if m is not None]
    if "criteria_min" in rollup:
        return sum(1 for m in known if m >= rollup["criteria_min"])
    return float(Fraction(sum(known), len(known)))


@settings(max_examples=150, deadline=None)
@given(raw=unit_files())
def test_counts_agree_with_a_plain_recomputation(raw: dict[str, Any]) -> None:
    text = toml_text(raw)
    try:
        doc = load_text(text)
    except NtmError:
        assume(False)
        return
    resolved = {t.id: t for t in counted(doc).target}
    for target in resolved.values():
        for year in YEARS:
            assert target.actual.get(year) == _plain(raw, target.id, year), (target.id, year)


@settings(max_examples=150, deadline=None)
@given(
    raw=unit_files(),
    where=st.integers(0, 50),
    key=st.sampled_from(
        ["parent", "recognised", "revoked", "unmet", "met_count", "from", "until", "kind"]
    ),
    value=st.sampled_from(
        [None, 1, 2019, 3000, "x", "c0", "d0", [1, 1], {"ntm": 2030}, {"2019": [9]}, True]
    ),
)
def test_both_readers_agree_on_units(raw: dict[str, Any], where: int, key: str, value: Any) -> None:
    """fastcheck's yes agrees with the models, value for value, on units and their mistakes."""
    from pydantic import ValidationError

    from ntm_cli.targets_file import fastcheck, model

    units = raw["unit"]
    unit = units[where % len(units)]
    if value is None:
        unit.pop(key, None)
    else:
        unit[key] = value
    raw = tomllib_roundtrip(raw)
    try:
        by_model: Any = model.TargetsFile.model_validate(raw).to_data()
    except ValidationError:
        by_model = None
    fast = fastcheck.document(raw)
    assert fast is None or fast == by_model
    if by_model is not None:
        assert fast == by_model  # a valid file is accepted by the quick reader too


def tomllib_roundtrip(raw: dict[str, Any]) -> dict[str, Any]:
    import tomllib

    return tomllib.loads(toml_text(raw))
