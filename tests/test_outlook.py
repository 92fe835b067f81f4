"""SPEC §8: `ntm outlook` row by row, every figure, the worked figures to the digits shown,
the years, and properties over generated series."""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntm_cli.errors import NtmError
from ntm_cli.i18n import problem_message
from ntm_cli.judge.evaluate import default_year
from ntm_cli.judge.outlook import (
    OUTLOOKS,
    OutlookRecord,
    Point,
    outlook,
    outlook_target,
)
from ntm_cli.targets_file.data import Range, Target, Value
from tests.builders import SERIES_YEARS, data_document, data_target, series


def look(tg: Target, year: int = 2023, to_year: int | None = None) -> OutlookRecord:
    found = outlook_target(tg, 0, year, to_year)
    assert found is not None
    return found


def rising(actual: Value, start: Value = 50, plan: Value = 75) -> OutlookRecord:
    """Baseline 2020, the actual of 2023, the plan of 2025, as in the worked figures."""
    return look(data_target(baseline=(2020, start), actual={2023: actual}, plan={2025: plan}))


def falling(actual: Value, start: Value = 5.0, plan: Value = 2.0) -> OutlookRecord:
    tg = data_target(
        baseline=(2020, start), direction="decrease", actual={2023: actual}, plan={2025: plan}
    )
    return look(tg)


# --- the worked figures of SPEC §8 -----------------------------------------------------------


def test_worked_figures_increase_cagr() -> None:
    r = rising(62)
    assert (r.method, f"{r.pace:.4f}", r.outlook) == ("cagr", "0.8800", "acceleration-needed")
    assert r.progress_pct == 48
    assert f"{r.projected:.2f}" == "71.56"
    assert r.reach_year == 2026


def test_worked_figures_decrease_cagr() -> None:
    r = falling(3.0)
    assert (r.method, f"{r.pace:.4f}", r.outlook) == ("cagr", "0.9350", "acceleration-needed")
    assert f"{r.progress_pct:.2f}" == "66.67"
    assert f"{r.projected:.3f}" == "2.134"
    assert r.reach_year == 2026


def test_worked_figures_linear_from_zero() -> None:
    r = rising(8, start=0, plan=20)
    assert (r.method, f"{r.pace:.4f}", r.outlook) == ("linear", "0.6667", "acceleration-needed")
    assert r.progress_pct == 40
    assert f"{r.projected:.2f}" == "13.33"
    assert r.reach_year == 2028


# --- the table of SPEC §8, one test per row, both directions ----------------------------------


def test_achieved_increase_and_decrease() -> None:
    assert rising(80).outlook == "achieved"
    assert rising(75).outlook == "achieved"  # equal reaches
    assert falling(1.5).outlook == "achieved"
    assert falling(2.0).outlook == "achieved"


def test_achieved_before_the_target_year_has_no_pace() -> None:
    r = rising(80)
    assert (r.method, r.pace, r.projected, r.reach_year) == (None, None, None, None)
    assert r.progress_pct == 120
    assert r.ratio == pytest.approx(80 / 75)


def test_missed_when_the_target_year_has_come() -> None:
    tg = data_target(baseline=(2020, 50), actual={2023: 62}, plan={2023: 75})
    r = look(tg)
    assert (r.outlook, r.pace, r.method) == ("missed", None, None)
    assert r.progress_pct == 48
    tg = data_target(baseline=(2020, 5), direction="decrease", actual={2025: 3}, plan={2025: 2})
    assert look(tg, 2025).outlook == "missed"


def test_on_track() -> None:
    r = rising(66)  # (1.32)^(1/3) − 1 = 9.70 %/yr against 8.45 %/yr needed
    assert (r.outlook, f"{r.pace:.4f}") == ("on-track", "1.1479")
    assert falling(2.6).outlook == "on-track"


def test_limited_progress() -> None:
    r = rising(53)
    assert (r.outlook, f"{r.pace:.4f}") == ("limited-progress", "0.2322")
    assert falling(4.7).outlook == "limited-progress"


def test_no_change_is_limited_progress_with_zero_pace() -> None:
    r = rising(50)
    assert (r.outlook, r.pace, r.progress_pct, r.reach_year) == ("limited-progress", 0, 0, None)
    assert r.projected == 50


def test_deterioration_by_pace() -> None:
    r = rising(45)
    assert r.outlook == "deterioration"
    assert r.pace is not None and r.pace < 0
    assert r.reach_year is None
    assert falling(6.0).outlook == "deterioration"


def test_deterioration_when_the_start_had_met_the_target() -> None:
    r = rising(70, start=80)
    assert (r.outlook, r.method, r.pace, r.projected, r.reach_year) == (
        "deterioration",
        None,
        None,
        None,
        None,
    )
    assert r.progress_pct == 200  # (70 − 80) / (75 − 80)
    assert falling(3.0, start=1.5).outlook == "deterioration"


def test_start_equal_to_plan_is_deterioration_without_progress() -> None:
    # P = B: the required pace is zero and R undefined; the start met the target.
    r = rising(70, start=75)
    assert (r.outlook, r.progress_pct, r.pace) == ("deterioration", None, None)


def test_acceleration_needed_boundaries() -> None:
    # linear: R = (A − 0) / 3 / (100 / 5); R = 0.95 at A = 57, 0.6 at A = 36.
    def r(actual: int) -> OutlookRecord:
        return rising(actual, start=0, plan=100)

    assert (r(57).outlook, r(57).pace) == ("on-track", 0.95)
    assert r(56).outlook == "acceleration-needed"
    assert (r(36).outlook, r(36).pace) == ("acceleration-needed", 0.6)
    assert r(35).outlook == "limited-progress"


def test_cagr_threshold_decided_exactly_where_the_root_is_exact() -> None:
    # b=2022, t=2023, T=2024: observed = 1.95 − 1, required = √4 − 1 = 1, R = 0.95 exactly.
    tg = data_target(baseline=(2022, 100), actual={2023: 195}, plan={2024: 400})
    r = look(tg)
    assert (r.method, r.pace, r.outlook) == ("cagr", 0.95, "on-track")


def test_insufficient_data_without_a_current_point() -> None:
    tg = data_target(baseline=(2020, 50), actual={2024: 70}, plan={2025: 75})
    r = look(tg)
    assert (r.outlook, r.current, r.start, r.ratio, r.progress_pct) == (
        "insufficient-data",
        None,
        None,
        None,
        None,
    )


def test_insufficient_data_without_a_start_point() -> None:
    r = look(data_target(actual={2023: 62}, plan={2025: 75}))
    assert (r.outlook, r.start, r.pace, r.progress_pct) == ("insufficient-data", None, None, None)
    assert r.ratio == pytest.approx(62 / 75)


def test_without_a_start_a_reached_target_is_still_achieved() -> None:
    assert look(data_target(actual={2023: 80}, plan={2025: 75})).outlook == "achieved"


# --- points -----------------------------------------------------------------------------------


def test_start_is_the_earliest_actual_when_the_baseline_is_not_before_t() -> None:
    tg = data_target(baseline=(2023, 40), actual={2021: 52, 2022: 55, 2023: 62}, plan={2025: 75})
    r = look(tg)
    assert r.start == Point(2021, 52)
    assert r.current == Point(2023, 62)


def test_baseline_wins_over_earlier_actuals() -> None:
    tg = data_target(baseline=(2020, 50), actual={2019: 45, 2023: 62}, plan={2025: 75})
    assert look(tg).start == Point(2020, 50)


def test_estimate_stands_in_as_current_point() -> None:
    tg = data_target(baseline=(2020, 50), actual={2022: 58}, estimate={2023: 62}, plan={2025: 75})
    r = look(tg)
    assert r.current == Point(2023, 62, estimated=True)
    assert f"{r.pace:.4f}" == "0.8800"


def test_actual_wins_over_estimate_of_the_same_year() -> None:
    tg = data_target(baseline=(2020, 50), actual={2023: 62}, estimate={2023: 99}, plan={2025: 75})
    assert look(tg).current == Point(2023, 62)


def test_estimate_can_be_the_start_point() -> None:
    tg = data_target(estimate={2020: 50}, actual={2023: 62}, plan={2025: 75})
    r = look(tg)
    assert r.start == Point(2020, 50, estimated=True)
    assert r.outlook == "acceleration-needed"


def test_current_point_is_not_after_the_report_year() -> None:
    tg = data_target(baseline=(2020, 50), actual={2022: 58, 2024: 80}, plan={2025: 75})
    r = look(tg, 2023)
    assert r.current == Point(2022, 58)


# --- ranges, yes/no, linear, zero -------------------------------------------------------------


def test_range_increase_is_judged_against_the_low_bound() -> None:
    tg = data_target(baseline=(2020, 50), actual={2023: 62}, plan={2025: Range(75, 80)})
    r = look(tg)
    assert r.plan == Range(75, 80)
    assert (f"{r.pace:.4f}", r.progress_pct, r.reach_year) == ("0.8800", 48, 2026)
    assert r.ratio == pytest.approx(62 / 75)
    tg = data_target(baseline=(2020, 50), actual={2023: 76}, plan={2025: Range(75, 80)})
    assert look(tg).outlook == "achieved"


def test_range_decrease_is_judged_against_the_high_bound() -> None:
    tg = data_target(
        baseline=(2020, 5.0), direction="decrease", actual={2023: 3.0}, plan={2025: Range(1.5, 2)}
    )
    r = look(tg)
    assert (f"{r.pace:.4f}", f"{r.progress_pct:.2f}", r.reach_year) == ("0.9350", "66.67", 2026)
    assert r.ratio == 1.5


def test_yes_no_targets() -> None:
    def yes_no(**fields: Any) -> str:
        return look(data_target(**fields)).outlook

    assert yes_no(actual={2021: False, 2023: True}, plan={2025: True}) == "achieved"
    assert yes_no(actual={2021: False, 2023: False}, plan={2023: True}) == "missed"
    assert yes_no(actual={2021: False, 2023: False}, plan={2025: True}) == "insufficient-data"
    assert yes_no(actual={2024: True}, plan={2025: True}) == "insufficient-data"
    r = look(data_target(actual={2021: False, 2023: False}, plan={2025: True}))
    assert (r.pace, r.progress_pct, r.ratio, r.method) == (None, None, None, None)


def test_negative_values_use_straight_lines() -> None:
    # A balance from −10 to −4, planned 0 by 2025: R = (6 / 3) / (10 / 5) = 1.
    r = rising(-4, start=-10, plan=0)
    assert (r.method, r.pace, r.outlook, r.ratio) == ("linear", 1, "on-track", None)
    assert (r.progress_pct, r.projected, r.reach_year) == (60, 0, 2025)


def test_plan_of_zero_has_no_ratio() -> None:
    r = falling(3, start=5, plan=0)
    assert (r.method, f"{r.pace:.4f}", r.ratio, r.progress_pct) == ("linear", "0.6667", None, 40)
    assert (f"{r.projected:.3f}", r.reach_year) == ("1.667", 2028)


def test_reach_year_is_null_after_2100() -> None:
    r = rising(50.01)
    assert r.outlook == "limited-progress"
    assert r.reach_year is None
    r = rising(8, start=0, plan=2000)  # 8/3 a year: 2023 + 748
    assert r.reach_year is None


def test_reach_year_on_the_boundary_is_exact() -> None:
    # Doubling a year from 2 (2022) to 4 (2023); plan 16 by 2026: 8 in 2024, 16 in 2025.
    tg = data_target(baseline=(2022, 2), actual={2023: 4}, plan={2026: 16})
    r = look(tg)
    assert (r.method, r.reach_year, r.projected, r.outlook) == ("cagr", 2025, 32, "on-track")
    # Cube roots: 1 (2020) to 8 (2023) doubles each year; 8 × 2 = 16 in 2024, exactly.
    tg = data_target(baseline=(2020, 1), actual={2023: 8}, plan={2030: 16})
    assert look(tg).reach_year == 2024


# --- target year and report year ---------------------------------------------------------------


def test_target_year_is_the_last_plan_year() -> None:
    tg = data_target(baseline=(2020, 50), actual={2023: 62}, plan={2021: 55, 2025: 75, 2024: 70})
    assert look(tg).to_year == 2025


def test_targets_without_a_plan_from_the_report_year_on_have_no_target() -> None:
    # SPEC §8 version 3: numeric, with a current point: `no-target`, classed by its trend
    for tg in (data_target(actual={2023: 5}, plan={2022: 5}), data_target(actual={2023: 5})):
        r = outlook_target(tg, 0, 2023)
        assert r is not None
        assert (r.outlook, r.trend, r.to_year, r.plan) == (
            "no-target",
            "insufficient-data",
            None,
            None,
        )
    assert outlook_target(data_target(actual={2023: 5}, plan={2023: 5}), 0, 2023) is not None
    # no figure up to Y, or yes/no: still left out
    assert outlook_target(data_target(actual={2024: 5}), 0, 2023) is None
    assert outlook_target(data_target(actual={2023: True}), 0, 2023) is None


def test_to_year_picks_the_plan_and_leaves_out_targets_without_one() -> None:
    tg = data_target(baseline=(2020, 50), actual={2023: 62}, plan={2024: 70, 2025: 75})
    r = look(tg, to_year=2024)
    assert (r.to_year, r.plan) == (2024, 70)
    assert outlook_target(tg, 0, 2023, 2022) is None


def test_to_year_before_the_report_year_looks_at_that_year() -> None:
    tg = data_target(baseline=(2020, 50), actual={2022: 58, 2023: 62}, plan={2022: 60, 2025: 75})
    r = look(tg, 2023, to_year=2022)
    assert (r.current, r.outlook) == (Point(2022, 58), "missed")
    tg = data_target(baseline=(2020, 50), actual={2022: 61, 2023: 62}, plan={2022: 60, 2025: 75})
    assert look(tg, 2023, to_year=2022).outlook == "achieved"


def test_report_keeps_file_order_and_counts_every_outlook() -> None:
    d = data_document(
        data_target(baseline=(2020, 50), actual={2023: 80}, plan={2025: 75}),
        data_target(actual={2023: 5}, plan={2020: 5}),  # no target from 2023 on
        data_target(baseline=(2020, 50), actual={2023: 62}, plan={2025: 75}),
        data_target(baseline=(2020, 50), actual={2023: 62}, plan={2025: 75}),
        data_target(actual={2024: 5}, plan={2020: 5}),  # no figure up to 2023: left out
    )
    report = outlook(d, "targets.toml")
    assert report.year == 2024
    report = outlook(d, "targets.toml", 2023)
    assert [r.index for r in report.records] == [0, 1, 2, 3]
    assert list(report.summary) == list(OUTLOOKS)
    assert report.summary == {
        "achieved": 1,
        "on-track": 0,
        "acceleration-needed": 2,
        "limited-progress": 0,
        "deterioration": 0,
        "missed": 0,
        "insufficient-data": 0,
        "no-target": 1,
    }


def test_default_year_follows_spec_2_version_2() -> None:
    one = data_target(actual={2021: 1}, estimate={2023: 2}, plan={2025: 3})
    assert default_year(data_document(one)) == 2023
    assert default_year(data_document(one, year=2022)) == 2022
    assert default_year(data_document(data_target(plan={2024: 1, 2025: 2}))) == 2025
    assert default_year(data_document(data_target())) is None


def test_program_year_is_the_report_year() -> None:
    tg = data_target(baseline=(2020, 50), actual={2022: 58, 2023: 62}, plan={2025: 75})
    assert outlook(data_document(tg, year=2022), "f").records[0].current == Point(2022, 58)


def test_no_years_at_all_gives_an_empty_report() -> None:
    report = outlook(data_document(data_target()), "f")
    assert (report.year, report.records) == (None, [])


def messages(error: pytest.ExceptionInfo[NtmError]) -> tuple[str, str]:
    (problem,) = error.value.problems
    return problem_message(problem, "en"), problem_message(problem, "vi")


def test_unknown_year_names_the_years_the_file_has() -> None:
    d = data_document(data_target(actual={2021: 1}, plan={2025: 3}))
    with pytest.raises(NtmError) as error:
        outlook(d, "targets.toml", year=2019)
    en, _ = messages(error)
    assert en == (
        "targets.toml: no target has a plan, actual or estimate for 2019; the file has 2021, 2025"
    )
    with pytest.raises(NtmError):
        outlook(
            data_document(data_target(actual={2021: 1}, plan={2025: 3}), year=2030), "targets.toml"
        )


def test_to_year_without_any_plan_names_the_plan_years() -> None:
    d = data_document(data_target(actual={2021: 1, 2024: 2}, plan={2023: 2, 2025: 3}))
    with pytest.raises(NtmError) as error:
        outlook(d, "targets.toml", to_year=2024)
    assert messages(error) == (
        "targets.toml: no target has a plan for 2024; the file has plans for 2023, 2025",
        "targets.toml: không chỉ tiêu nào có kế hoạch năm 2024; tệp có kế hoạch: 2023, 2025",
    )
    with pytest.raises(NtmError) as error:
        outlook(data_document(data_target(actual={2021: 1})), "targets.toml", to_year=2024)
    assert messages(error)[0] == (
        "targets.toml: no target has a plan for 2024; the file has no plan values"
    )


# --- properties ---------------------------------------------------------------------------------

RANK = {
    "missed": 0,
    "deterioration": 0,
    "insufficient-data": 0,
    "limited-progress": 1,
    "acceleration-needed": 2,
    "on-track": 3,
    "achieved": 4,
}


@given(series(), SERIES_YEARS, st.data())
def test_a_current_value_that_reaches_the_plan_is_achieved(
    tg: Target, report_year: int, data: st.DataObject
) -> None:
    to = max(tg.plan)
    p = tg.plan[to]
    assert not isinstance(p, bool | Range)
    beyond = data.draw(st.integers(0, 1000))
    value = p + beyond if tg.direction == "increase" else p - beyond
    now = min(report_year, to)
    actual = {**tg.actual, now: value}
    r = outlook_target(dataclasses.replace(tg, actual=actual), 0, now, to)
    assert r is not None
    assert r.current == Point(now, value)
    assert r.outlook == "achieved"
    assert (r.pace, r.method, r.reach_year) == (None, None, None)


@given(series("increase"), st.integers(1, 10**8).map(lambda n: n / 100))
def test_raising_the_latest_actual_never_lowers_the_outlook(tg: Target, rise: float) -> None:
    if not tg.actual:
        return
    latest = max(tg.actual)
    plain = dataclasses.replace(tg, estimate={})
    raised = dataclasses.replace(plain, actual={**tg.actual, latest: tg.actual[latest] + rise})
    before = outlook_target(plain, 0, latest)
    after = outlook_target(raised, 0, latest)
    assert (before is None) == (after is None)
    if before is not None and after is not None and before.outlook != "no-target":
        assert RANK[after.outlook] >= RANK[before.outlook], (before, after)


@given(series(), SERIES_YEARS)
def test_pace_has_the_sign_of_the_move_toward_the_plan(tg: Target, report_year: int) -> None:
    r = outlook_target(tg, 0, report_year)
    if r is None or r.pace is None or r.plan is None:
        return
    assert r.start is not None and r.current is not None
    a, b = r.current.value, r.start.value
    p = r.plan.low if isinstance(r.plan, Range) else r.plan
    assert not isinstance(a, bool) and not isinstance(b, bool) and not isinstance(p, bool)
    toward = (a - b) * (p - b)
    assert (r.pace > 0) == (toward > 0)
    assert (r.pace == 0) == (a == b)
    assert (r.pace < 0) == (r.outlook == "deterioration")


@given(series(), SERIES_YEARS, st.none() | SERIES_YEARS)
def test_reach_year_is_after_the_current_year_and_not_after_2100(
    tg: Target, report_year: int, to_year: int | None
) -> None:
    r = outlook_target(tg, 0, report_year, to_year)
    if r is None:
        return
    assert r.outlook in OUTLOOKS
    if r.reach_year is not None:
        assert r.current is not None
        assert r.current.year < r.reach_year <= 2100
    if r.outlook == "no-target":
        assert (r.method, r.projected, r.reach_year, r.ratio) == (None, None, None, None)
        assert (r.pace is None) == (r.trend == "insufficient-data")
    elif r.method is None:
        assert (r.pace, r.projected, r.reach_year) == (None, None, None)
    else:
        assert r.outlook in ("on-track", "acceleration-needed", "limited-progress", "deterioration")


# --- version 3: no target, trend, caps, exact figures -----------------------------------------


@pytest.mark.parametrize(
    ("start", "now", "direction", "trend"),
    [
        (100, 106.14, "increase", "substantial-progress"),  # 1.015^4 = 1.061364: just over
        (100, 103, "increase", "moderate-progress"),  # 0.74 % a year
        (100, 101, "increase", "limited-progress"),  # 0.25 % a year
        (100, 100, "increase", "limited-progress"),  # 0: no change is not deterioration
        (100, 99, "increase", "deterioration"),
        (100, 99, "decrease", "limited-progress"),  # falling is progress for a decrease
        (100, 90, "decrease", "substantial-progress"),
        (-10, -5, "increase", "substantial-progress"),  # linear over abs(B): 12.5 % a year
        (0, 5, "increase", "insufficient-data"),  # B = 0: no growth rate
    ],
)
def test_no_target_trend_classes(start: float, now: float, direction: str, trend: str) -> None:
    tg = data_target(baseline=(2019, start), actual={2023: now}, direction=direction)
    r = outlook_target(tg, 0, 2023)
    assert r is not None and r.outlook == "no-target"
    assert r.trend == trend
    assert (r.pace is None) == (trend == "insufficient-data")
    assert (r.progress_pct, r.ratio, r.projected, r.reach_year, r.method) == (None,) * 5


def test_no_target_growth_on_the_threshold_is_decided_exactly() -> None:
    # 100 → 101.5 in one year is exactly 1.5 %: substantial, not moderate by rounding.
    r = outlook_target(data_target(baseline=(2022, 100), actual={2023: 101.5}), 0, 2023)
    assert r is not None and (r.trend, r.pace) == ("substantial-progress", 0.015)
    r = outlook_target(data_target(baseline=(2022, 200), actual={2023: 201}), 0, 2023)
    assert r is not None and (r.trend, r.pace) == ("moderate-progress", 0.005)


def test_with_to_a_target_without_that_plan_is_still_left_out() -> None:
    tg = data_target(baseline=(2019, 100), actual={2023: 110})
    assert outlook_target(tg, 0, 2023, 2025) is None


def test_projection_of_a_count_never_passes_its_total() -> None:
    # 150 → 170 communes in 3 years, a straight line would give 183.33 by 2025: capped at 181.
    tg = data_target(baseline=(2020, 150), actual={2023: 170}, plan={2025: 181}, total=181)
    r = outlook_target(tg, 0, 2023)
    assert r is not None and r.projected == 181
    assert outlook_target(tg, 0, 2023, exact=True) == r
    uncapped = outlook_target(
        data_target(baseline=(2020, 150), actual={2023: 170}, plan={2025: 181}), 0, 2023
    )
    assert uncapped is not None and uncapped.projected is not None and uncapped.projected > 181


def test_rational_figures_are_rounded_once() -> None:
    # 0.1 + 0.2 style noise: figures are the exact quotient of the values as written.
    tg = data_target(baseline=(2020, 0.1), actual={2023: 0.7}, plan={2025: 0.3})
    r = outlook_target(tg, 0, 2023)
    assert r is not None
    assert r.progress_pct == 300.0  # (0.7 − 0.1) / (0.3 − 0.1) × 100, not 299.99999999999994
    assert r.ratio == float(Fraction(7, 3))
    # a straight line is rational: its pace and projection are exact too
    tg = data_target(baseline=(2020, 0), actual={2022: 8.5}, plan={2025: 40})
    r = outlook_target(tg, 0, 2022)
    assert r is not None and (r.method, r.projected) == ("linear", 21.25)
    assert r.pace == float(Fraction(85, 20) / Fraction(40, 5))
