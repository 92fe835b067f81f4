"""SPEC §7 version 3: `"version": 3` in every JSON report, and every target record of every
report beginning with the same keys (declared once, formats/common.target_fields)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from tests.conftest import Runner

COMMON_KEYS = [
    "id",
    "name",
    "name_en",
    "group",
    "group_en",
    "unit",
    "unit_en",
    "direction",
    "gate",
    "total",
    "computed",
    "rollup",
    "note",
    "source",
]

FILE = """\
[program]
name = "Demo"
source = "Báo cáo số 1"

[[target]]
id = "communes"
name = "Số xã đạt chuẩn"
unit = "xã"
total = 36
plan = { 2021 = 36, 2025 = 36 }
actual = { 2019 = 30, 2020 = 34 }
baseline = { year = 2015, value = 10 }
source = "Sở NN&PTNT"
note = "Hai dòng\\nghi chú"

[[target]]
id = "grdp"
name = "GRDP"
unit = "%"
plan = { 2020 = [7.5, 8], 2025 = [8, 8.5] }
actual = { 2020 = 7.2 }
"""


def _records(document: Any, command: str) -> list[dict[str, Any]]:
    if command == "show":
        return [document["target"], *document["records"]]
    return list(document["targets"])


@pytest.mark.parametrize(
    "args",
    [
        ("status",),
        ("compare", "--vs", "2019"),
        ("check",),
        ("outlook",),
        ("show", "communes"),
    ],
)
def test_every_record_starts_with_the_common_keys(
    ntm: Runner, write_toml: Any, args: tuple[str, ...]
) -> None:
    write_toml(FILE)
    result = ntm(*args, "--format", "json", "--year", "2020") if args[0] != "show" else None
    if result is None:
        result = ntm(*args, "--format", "json")
    assert result.code in (0, 1), result.err
    document = json.loads(result.out)
    assert document["version"] == 3
    if "summary" in document:
        assert "total" in document["summary"]
    records = _records(document, args[0])
    assert records
    for record in records:
        assert list(record)[: len(COMMON_KEYS)] == COMMON_KEYS
    communes = records[0]
    assert communes["total"] == 36
    assert (communes["computed"], communes["rollup"]) == (False, None)
    assert (communes["note"], communes["source"]) == ("Hai dòng\nghi chú", "Sở NN&PTNT")


def test_validate_and_a_broken_check_say_version_3(ntm: Runner, write_toml: Any) -> None:
    write_toml(FILE)
    assert json.loads(ntm("validate", "--format", "json").out)["version"] == 3
    write_toml("[[target]]\nid = 1\n", "bad.toml")
    broken = json.loads(ntm("check", "-f", "bad.toml", "--format", "json").out)
    assert (broken["version"], broken["passed"]) == (3, False)


def test_csv_carries_notes_and_sources(ntm: Runner, write_toml: Any) -> None:
    write_toml(FILE)
    text = ntm("status", "--year", "2020", "--format", "csv").out
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert list(rows[0])[: len(COMMON_KEYS)] == COMMON_KEYS
    assert (rows[0]["note"], rows[0]["source"], rows[0]["total"]) == (
        "Hai dòng\nghi chú",
        "Sở NN&PTNT",
        "36",
    )
    assert (rows[0]["computed"], rows[0]["rollup"]) == ("false", "")
    assert rows[1]["note"] == ""


def test_vs_a_year_only_the_baseline_has(ntm: Runner, write_toml: Any) -> None:
    write_toml(FILE)
    result = ntm("compare", "--year", "2020", "--vs", "2015", "--format", "json")
    assert result.code == 0, result.err
    communes, grdp = json.loads(result.out)["targets"]
    assert communes["previous"] == {
        "year": 2015,
        "actual": 10,
        "estimated": False,
        "change": 24,
        "change_pct": 240.0,
        "ratio_pct": 340.0,
    }
    assert grdp["previous"]["actual"] is None and grdp["previous"]["ratio_pct"] is None


def test_vs_a_year_nothing_has_is_still_an_error(ntm: Runner, write_toml: Any) -> None:
    write_toml(FILE)
    result = ntm("compare", "--year", "2020", "--vs", "2014", "--lang", "en")
    assert result.code == 2
    assert "2014" in result.err and result.out == ""


def test_ratio_pct_is_the_exact_quotient_rounded_once(ntm: Runner, write_toml: Any) -> None:
    write_toml(
        '[[target]]\nid = "x"\nname = "X"\nactual = { 2019 = 3, 2020 = 1 }\n'
        '[[target]]\nid = "y"\nname = "Y"\nactual = { 2019 = 100, 2020 = 107 }\n'
    )
    result = ntm("compare", "--year", "2020", "--vs", "2019", "--format", "json")
    x, y = json.loads(result.out)["targets"]
    assert x["previous"]["ratio_pct"] == 33.333333333333336  # 1/3 × 100 = 100/3
    assert y["previous"]["ratio_pct"] == 107.0  # not 107.00000000000001


def test_markdown_has_the_source_and_notes_as_footnotes(ntm: Runner, write_toml: Any) -> None:
    write_toml(FILE)
    for command in ("status", "outlook"):
        out = ntm(command, "--year", "2020", "--format", "markdown", "--lang", "vi").out
        lines = out.splitlines()
        assert lines[2] == "*Nguồn: Báo cáo số 1*"
        row = next(line for line in lines if line.startswith("| Số xã đạt chuẩn"))
        assert row.startswith("| Số xã đạt chuẩn[^1] |")
        assert "[^1]: Hai dòng<br>ghi chú<br>Nguồn: Sở NN&amp;PTNT" in lines
