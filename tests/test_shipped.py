"""The shipped targets.toml is faithful to the source report and reproduces its figures."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib

from tests.conftest import ROOT, SHIPPED, Runner


def _report(ntm: Runner) -> dict[str, dict[str, object]]:
    result = ntm("compare", "--year", "2020", "--format", "json", "-f", str(SHIPPED))
    assert result.code == 0, result.err
    return {t["id"]: t for t in json.loads(result.out)["targets"]}


def test_reproduces_the_report(ntm: Runner) -> None:
    targets = _report(ntm)
    income = targets["income-per-capita"]
    assert income["status"] == "exceeded"
    assert income["actual"] == 94.45
    assert round(income["delta_pct"], 2) == 6.97  # type: ignore[call-overload]
    advanced = targets["communes-advanced"]
    assert (advanced["status"], advanced["actual"], advanced["delta"]) == ("exceeded", 8, 3)
    for target_id, whole in (("communes-ntm", 36), ("districts-ntm", 4)):
        record = targets[target_id]
        assert (record["status"], record["ahead_years"], record["actual"]) == ("ahead", 1, whole)
        assert record["milestone"] == {"year": 2021, "plan": whole}


def test_figures_without_a_plan_are_tracked_not_invented(ntm: Runner) -> None:
    targets = _report(ntm)
    tracked = {
        "trained-workers": 75,
        "poor-households": 0.29,
        "health-insurance": 90,
        "clean-water-city": 94.4,
        "clean-water-rural": 85,
    }
    for target_id, actual in tracked.items():
        record = targets[target_id]
        assert (record["status"], record["actual"], record["plan"]) == ("no-plan", actual, None)
        assert record["unit"] == "%"
    assert targets["poor-households"]["direction"] == "decrease"
    raw = tomllib.loads(SHIPPED.read_text("utf-8"))
    for target in raw["target"]:
        if target["id"] in tracked:
            assert "plan" not in target


def test_every_target_is_bilingual_grouped_and_sourced() -> None:
    raw = tomllib.loads(SHIPPED.read_text("utf-8"))
    assert len(raw["target"]) == 9
    for target in raw["target"]:
        assert target["name"] and target["name_en"] and target["group"] and target["source"]


def test_derived_plans_say_so() -> None:
    text = SHIPPED.read_text("utf-8")
    assert re.search(r"#.*DERIVED.*\n(#.*\n)*plan = \{ 2020 = 88\.296 \}", text)
    assert re.search(r"#.*DERIVED.*8 - 3 = 5.*\nplan = \{ 2020 = 5 \}", text)
    assert "94.45 / 1.0697" in text


def test_starts_with_a_schema_comment() -> None:
    assert SHIPPED.read_text("utf-8").startswith("#:schema ./targets.schema.json\n")


def test_console_script_runs_the_shipped_file() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ntm_cli", "status", "--no-color"],
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Thu nhập bình quân đầu người" in done.stdout
    assert "Tổng: 9 chỉ tiêu · ▲ VƯỢT 2 · » ĐẠT SỚM 2 · • THEO DÕI 5" in done.stdout
