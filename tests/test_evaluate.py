"""SPEC §2 row by row, every figure rule, the worked figures, the default year; SPEC §4 verdicts."""

from __future__ import annotations

from typing import Any

import pytest

from ntm_cli.errors import NtmError
from ntm_cli.judge.evaluate import (
    Milestone,
    default_year,
    evaluate,
    evaluate_target,
    verdict_of,
)
from ntm_cli.judge.history import history
from ntm_cli.targets_file.data import Program, Range
from tests.builders import data_document, document, target


def rec(year: int = 2020, near: float = 5.0, **fields: Any) -> Any:
    record = evaluate_target(target(**fields), 0, year, Program(near_pct=near))
    assert record is not None
    return record


# --- the status table of SPEC §2, one test per row (and both directions) ---------------------


def test_exceeded_increase() -> None:
    assert rec(plan={"2020": 10}, actual={"2020": 11}).status == "exceeded"


def test_exceeded_decrease() -> None:
    r = rec(direction="decrease", plan={"2020": 1.0}, actual={"2020": 0.29})
    assert r.status == "exceeded"


def test_met_when_equal() -> None:
    assert rec(plan={"2020": 10}, actual={"2020": 10}).status == "met"
    assert rec(plan={"2020": 10}, actual={"2020": 10.0}).status == "met"
    assert rec(direction="decrease", plan={"2020": 3}, actual={"2020": 3}).status == "met"


def test_near_within_near_pct_inclusive() -> None:
    # 5 % of 100 is 5: 95 is near (boundary included), 94.99 is missed.
    assert rec(plan={"2020": 100}, actual={"2020": 95}).status == "near"
    assert rec(plan={"2020": 100}, actual={"2020": 94.99}).status == "missed"


def test_near_decrease_direction() -> None:
    assert rec(direction="decrease", plan={"2020": 10}, actual={"2020": 10.5}).status == "near"
    assert rec(direction="decrease", plan={"2020": 10}, actual={"2020": 10.6}).status == "missed"


def test_near_boundary_is_exact_in_decimal() -> None:
    # 0.1 + 5 % would be 0.105; floats make 0.1 * 0.05 slightly off, decimals do not.
    assert rec(direction="decrease", plan={"2020": 0.1}, actual={"2020": 0.105}).status == "near"


def test_near_uses_target_then_program_near_pct() -> None:
    assert rec(near=10, plan={"2020": 100}, actual={"2020": 91}).status == "near"
    assert rec(near=10, near_pct=0, plan={"2020": 100}, actual={"2020": 99.9}).status == "missed"
    assert rec(near=0, near_pct=2, plan={"2020": 100}, actual={"2020": 98}).status == "near"


def test_zero_plan_is_never_near() -> None:
    r = rec(plan={"2020": 0}, actual={"2020": -0.0001})
    assert r.status == "missed"
    assert r.delta_pct is None and r.ratio is None
    assert rec(plan={"2020": 0}, actual={"2020": 0}).status == "met"


def test_missed() -> None:
    assert rec(plan={"2020": 100}, actual={"2020": 50}).status == "missed"


def test_ahead_when_actual_reaches_a_later_plan() -> None:
    r = rec(plan={"2021": 36}, actual={"2020": 36})
    assert r.status == "ahead"
    assert r.ahead_years == 1
    assert r.milestone == Milestone(2021, 36)
    assert r.plan is None and r.delta is None and r.delta_pct is None and r.ratio is None


def test_ahead_years_is_the_latest_reached_plan() -> None:
    r = rec(plan={"2022": 5, "2023": 6, "2025": 10}, actual={"2020": 7})
    assert r.status == "ahead"
    assert r.ahead_years == 3
    assert r.milestone == Milestone(2022, 5)


def test_ahead_decrease() -> None:
    r = rec(direction="decrease", plan={"2022": 1.0}, actual={"2020": 0.9})
    assert (r.status, r.ahead_years) == ("ahead", 2)


def test_in_progress() -> None:
    r = rec(plan={"2025": 100}, actual={"2020": 60})
    assert r.status == "in-progress"
    assert r.ahead_years is None
    assert r.milestone == Milestone(2025, 100)


def test_no_plan_when_no_plan_now_or_later() -> None:
    r = rec(plan={"2019": 5}, actual={"2020": 7})
    assert r.status == "no-plan"
    assert r.milestone is None and r.ahead_years is None


def test_no_data_when_plan_without_actual() -> None:
    r = rec(plan={"2020": 5}, actual={"2019": 7})
    assert r.status == "no-data"
    assert r.actual is None and r.delta is None and r.ahead_years is None


def test_not_evaluated_when_neither() -> None:
    # Neither a plan nor an actual for 2020: left out, even with plans around it.
    assert evaluate_target(target(plan={"2021": 1}), 0, 2020, Program()) is None
    assert evaluate_target(target(plan={"2019": 1}, actual={"2021": 1}), 0, 2020, Program()) is None


# --- booleans -------------------------------------------------------------------------------


def test_boolean_met_and_missed() -> None:
    assert rec(plan={"2020": True}, actual={"2020": True}).status == "met"
    r = rec(plan={"2020": True}, actual={"2020": False})
    assert r.status == "missed"  # never near: not numeric
    assert r.delta is None and r.delta_pct is None and r.ratio is None


def test_boolean_ahead_and_in_progress() -> None:
    assert rec(plan={"2021": True}, actual={"2020": True}).status == "ahead"
    assert rec(plan={"2021": True}, actual={"2020": False}).status == "in-progress"


def test_boolean_decrease_still_means_equal() -> None:
    assert rec(direction="decrease", plan={"2020": True}, actual={"2020": True}).status == "met"


# --- figures --------------------------------------------------------------------------------


def test_worked_figures_income() -> None:
    r = rec(plan={"2020": 88.296}, actual={"2020": 94.45})
    assert r.status == "exceeded"
    assert r.delta == 6.154
    assert round(r.delta_pct, 2) == 6.97
    assert r.ratio == pytest.approx(94.45 / 88.296, rel=1e-15)


def test_worked_figures_advanced_communes() -> None:
    r = rec(plan={"2020": 5}, actual={"2020": 8})
    assert (r.status, r.delta, r.delta_pct, r.ratio) == ("exceeded", 3, 60.0, 1.6)
    assert isinstance(r.delta, int)


def test_worked_figures_poor_households_in_points() -> None:
    r = rec(unit="%", direction="decrease", plan={"2020": 1.0}, actual={"2020": 0.29})
    assert (r.status, r.delta) == ("exceeded", -0.71)
    assert r.delta_pct == -71.0


def test_delta_pct_uses_absolute_plan() -> None:
    r = rec(plan={"2020": -10}, actual={"2020": -5})
    assert r.delta == 5 and r.delta_pct == 50.0 and r.ratio == 0.5


def test_ahead_years_for_every_status() -> None:
    # exceeded this year, and already at the 2022 plan
    r = rec(plan={"2020": 5, "2021": 6, "2022": 8}, actual={"2020": 8})
    assert (r.status, r.ahead_years, r.milestone) == ("exceeded", 2, Milestone(2021, 6))


def test_overflowing_figures_are_null() -> None:
    r = rec(plan={"2020": -1.7e308}, actual={"2020": 1.7e308})
    assert r.delta is None  # 3.4e308 is beyond a double
    assert r.delta_pct == 200.0 and r.ratio == -1.0
    r = rec(plan={"2020": 1e-308}, actual={"2020": 1e308})
    assert r.ratio is None


# --- default year, unknown year, vs ----------------------------------------------------------


def test_default_year_is_latest_actual_year() -> None:
    d = document({"plan": {"2025": 1}, "actual": {"2019": 1}}, {"actual": {"2021": 1}})
    assert default_year(d) == 2021


def test_default_year_without_actuals_is_latest_plan_year() -> None:
    assert default_year(document({"plan": {"2020": 1, "2030": 2}})) == 2030


def test_default_year_of_empty_targets_is_none() -> None:
    d = document({})
    assert default_year(d) is None
    report = evaluate(d, "f.toml")
    assert report.year is None and report.records == []


def test_unknown_year_names_the_years_the_file_has() -> None:
    d = document({"plan": {"2021": 1}, "actual": {"2020": 1}})
    with pytest.raises(NtmError) as info:
        evaluate(d, "f.toml", 1999)
    problem = info.value.problems[0]
    assert problem.code == "unknown_year"
    assert problem.params["years"] == "2020, 2021"


def test_report_keeps_file_order_and_leaves_out_unevaluated() -> None:
    d = document({"actual": {"2020": 1}}, {"plan": {"2019": 1}}, {"plan": {"2020": 1}})
    report = evaluate(d, "f.toml", 2020)
    assert [r.target.id for r in report.records] == ["t0", "t2"]
    assert report.summary["total"] == 2
    assert report.summary["no-plan"] == 1 and report.summary["no-data"] == 1


def test_compare_vs_previous_year() -> None:
    d = document(
        {"actual": {"2019": 80, "2020": 94.45}}, {"actual": {"2020": 1}, "plan": {"2019": 1}}
    )
    report = evaluate(d, "f.toml", 2020, vs_year=2019)
    first, second = report.records
    assert first.previous is not None and second.previous is not None
    assert (first.previous.year, first.previous.actual, first.previous.change) == (2019, 80, 14.45)
    assert first.previous.change_pct == pytest.approx(18.0625)
    assert (second.previous.actual, second.previous.change, second.previous.change_pct) == (
        None,
        None,
        None,
    )


def test_history_evaluates_every_year_of_one_target() -> None:
    d = document({"plan": {"2020": 5, "2022": 10}, "actual": {"2019": 3, "2020": 6}})
    assert [(r.year, r.status) for r in history(d, "t.toml", 0).records] == [
        (2019, "in-progress"),
        (2020, "exceeded"),
        (2022, "no-data"),
    ]


# --- verdicts (SPEC §4) ------------------------------------------------------------------------

VERDICTS = [
    # status, gate, strict, verdict
    ("missed", "error", False, "fail"),
    ("missed", "warn", False, "warn"),
    ("missed", "off", False, "off"),
    ("near", "error", False, "warn"),
    ("near", "error", True, "fail"),
    ("near", "warn", True, "warn"),
    ("near", "off", True, "off"),
    ("no-data", "error", False, "warn"),
    ("no-data", "error", True, "fail"),
    ("no-data", "warn", True, "warn"),
    ("exceeded", "error", True, "pass"),
    ("met", "error", True, "pass"),
    ("ahead", "error", True, "pass"),
    ("in-progress", "error", True, "pass"),
    ("no-plan", "error", True, "pass"),
    ("exceeded", "off", False, "off"),
]


@pytest.mark.parametrize(("status", "gate", "strict", "verdict"), VERDICTS)
def test_verdict(status: Any, gate: str, strict: bool, verdict: str) -> None:
    assert verdict_of(status, gate, strict) == verdict


def test_passed_is_false_exactly_when_something_fails() -> None:
    d = document(
        {"plan": {"2020": 10}, "actual": {"2020": 5}, "gate": "warn"},
        {"plan": {"2020": 10}, "actual": {"2020": 9.9}},
    )
    assert evaluate(d, "f", 2020).passed is True
    assert evaluate(d, "f", 2020, strict=True).passed is False


# --- range plans and estimates (SPEC §1, §2, version 2) -----------------------------------------

# (direction, actual, status, delta, delta_pct, ratio) against a plan of [7.5, 8], near 5 %:
# 5 % of 7.5 is 0.375 and 5 % of 8 is 0.4.
RANGE_CASES = [
    ("increase", 8.5, "exceeded", 0.5, 6.25, 1.0625),
    ("increase", 8, "met", 0, 0.0, 1.0),
    ("increase", 7.8, "met", 0, 0.0, 1.0),
    ("increase", 7.5, "met", 0, 0.0, 1.0),
    ("increase", 7.2, "near", -0.3, -4.0, 0.96),
    ("increase", 7.125, "near", -0.375, -5.0, 0.95),
    ("increase", 7.1, "missed", -0.4, -5.333333333333333, 0.9466666666666667),
    ("decrease", 7.0, "exceeded", -0.5, -6.666666666666667, 0.9333333333333333),
    ("decrease", 7.5, "met", 0, 0.0, 1.0),
    ("decrease", 8, "met", 0, 0.0, 1.0),
    ("decrease", 8.4, "near", 0.4, 5.0, 1.05),
    ("decrease", 8.5, "missed", 0.5, 6.25, 1.0625),
]


@pytest.mark.parametrize(("direction", "actual", "status", "delta", "pct", "ratio"), RANGE_CASES)
def test_range_plan_on_every_side_of_every_bound(
    direction: str, actual: float, status: str, delta: float, pct: float, ratio: float
) -> None:
    r = rec(direction=direction, plan={"2020": [7.5, 8]}, actual={"2020": actual})
    assert (r.status, r.delta, r.delta_pct, r.ratio) == (status, delta, pct, ratio)


def test_lao_cai_poverty_reduction_against_three_to_four() -> None:
    # "giảm tỷ lệ hộ nghèo 5,02 %/năm, bằng 125,5 % kế hoạch" against 3–4 %/year
    r = rec(unit="%", plan={"2020": [3, 4]}, actual={"2020": 5.02})
    assert (r.status, r.delta, r.ratio) == ("exceeded", 1.02, 1.255)
    assert r.delta_pct == 25.5


def test_quang_nam_grdp_growth_against_seven_and_a_half_to_eight() -> None:
    r = rec(unit="%", plan={"2022": [7.5, 8]}, actual={"2022": 11.2}, year=2022)
    assert (r.status, r.delta) == ("exceeded", 3.2)


def test_a_range_is_reached_at_its_nearer_bound() -> None:
    ahead = rec(plan={"2021": [55, 56]}, actual={"2020": 55})
    assert (ahead.status, ahead.ahead_years) == ("ahead", 1)
    assert rec(plan={"2021": [55, 56]}, actual={"2020": 54.9}).status == "in-progress"
    down = rec(direction="decrease", plan={"2021": [2.5, 3]}, actual={"2020": 3})
    assert (down.status, down.ahead_years) == ("ahead", 1)
    assert rec(direction="decrease", plan={"2021": [2.5, 3]}, actual={"2020": 3.1}).status == (
        "in-progress"
    )
    assert rec(plan={"2021": [55, 56]}, actual={"2020": 54}).milestone == Milestone(
        2021, Range(55, 56)
    )


def test_an_estimate_stands_in_for_a_missing_actual() -> None:
    r = rec(plan={"2021": 95}, estimate={"2021": 96.5}, year=2021)
    assert (r.status, r.actual, r.estimated, r.delta) == ("exceeded", 96.5, True, 1.5)


def test_the_actual_wins_over_the_estimate_of_its_year() -> None:
    r = rec(plan={"2021": 95}, actual={"2021": 94}, estimate={"2021": 96.5}, year=2021)
    assert (r.status, r.actual, r.estimated) == ("near", 94, False)


def test_previous_year_may_be_an_estimate() -> None:
    t = target(plan={"2021": 95}, actual={"2021": 97}, estimate={"2020": 94})
    r = evaluate_target(t, 0, 2021, Program(), vs_year=2020)
    assert r is not None and r.previous is not None
    assert (r.previous.actual, r.previous.estimated, r.previous.change) == (94, True, 3)


def test_default_year_is_the_program_year_then_the_latest_reported() -> None:
    doc = document({"id": "t", "actual": {"2020": 1, "2023": 2}}, year=2020)
    assert default_year(doc) == 2020
    estimated = data_document(target(actual={"2020": 1}, estimate={"2021": 2}, plan={"2025": 3}))
    assert default_year(estimated) == 2021


def test_a_program_year_without_figures_names_the_years_there_are() -> None:
    doc = document({"id": "t", "actual": {"2020": 1}}, year=2030)
    with pytest.raises(NtmError) as caught:
        evaluate(doc, "t.toml")
    assert caught.value.problems[0].params == {"year": 2030, "years": "2020"}
