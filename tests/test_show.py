"""`ntm show` (SPEC §6)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from tests.conftest import SHIPPED, Runner

# --- show ---------------------------------------------------------------------------------------


def test_show_table(ntm: Runner, tmp_path: Path) -> None:
    path = tmp_path / "targets.toml"
    path.write_text(
        textwrap.dedent(
            """
            [[target]]
            id = "income"
            name = "Thu nhập"
            name_en = "Income"
            unit = "triệu đồng"
            baseline = { year = 2015, value = 46 }
            plan = { 2020 = 88.296, 2025 = 120 }
            actual = { 2019 = 80, 2020 = 94.45, 2021 = 96.1 }
            """
        ),
        "utf-8",
    )
    result = ntm("show", "income", "--lang", "en")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "Income (income)"
    assert lines[1] == "triệu đồng · higher is better · Baseline 2015: 46"
    assert lines[2] == "Trend: ▁▇█ (2019–2021)"
    assert lines[3] == "Milestones: 2025: 120"
    rows = [line.split() for line in lines[6:]]
    assert [row[0] for row in rows] == ["2019", "2020", "2021", "2025"]
    assert rows[1][-2:] == ["▲", "EXCEEDED"]
    assert rows[3][-3:] == ["?", "NO", "DATA"]


def test_show_json_gives_a_record_per_year(ntm: Runner) -> None:
    result = ntm("show", "communes-ntm", "-f", str(SHIPPED), "--format", "json")
    document = json.loads(result.out)
    assert document["target"]["id"] == "communes-ntm"
    assert [(r["year"], r["status"]) for r in document["records"]] == [
        (2020, "ahead"),
        (2021, "no-data"),
    ]
    assert document["records"][0]["ahead_years"] == 1


def test_show_unknown_id(ntm: Runner) -> None:
    result = ntm("show", "income", "-f", str(SHIPPED), "--lang", "en")
    assert result.code == 2
    assert result.err == (
        f'{SHIPPED}: no target with id "income"; did you mean: income-per-capita\n'
    )
    # without --lang, the file's own language (lang = "vi")
    result = ntm("show", "income", "-f", str(SHIPPED))
    assert result.err == (
        f'{SHIPPED}: không có chỉ tiêu id "income"; có phải ý bạn là: income-per-capita\n'
    )
