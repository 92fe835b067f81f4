"""Figures since the start of the year (SPEC §13): the file keys, the pure computation, its
worked figures and every status in both directions."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntm_cli.errors import NtmError
from ntm_cli.i18n import PERIOD_LABELS, period_badge, period_heading
from ntm_cli.judge.period import (
    PERIOD_STATUSES,
    elapsed_percent,
    evaluate_period,
    judge,
    percent,
    status_for,
    verdict_of,
)
from ntm_cli.targets_file import fastcheck, model
from ntm_cli.targets_file.data import Range
from tests.builders import data_document, data_target

WORKED = data_target(
    id="public-investment",
    unit="tỷ đồng",
    plan={2023: 1000, 2024: 1200},
    ytd={"2023-09": 640, "2024-06": 410, "2024-09": 780},
    ytd_estimate={"2024-10": 880},
)


def test_the_worked_figures_hold_exactly() -> None:
    record = judge(WORKED, 0, "2024-09")
    assert record is not None
    assert (record.value, record.estimated, record.plan) == (780, False, 1200)
    assert record.plan_pct == 65
    assert record.elapsed_pct == 75
    assert record.status == "behind"
    assert record.change == 140 and isinstance(record.change, int)
    assert record.change_pct == 21.875
    assert record.ratio_pct == 121.875
    assert record.same_period is not None
    assert (record.same_period.period, record.same_period.value) == ("2023-09", 640)
    assert record.same_period.plan_pct == 64
    assert record.same_period.estimated is False
    assert record.verdict == "fail"


def test_an_estimate_stands_in_and_is_marked() -> None:
    record = judge(WORKED, 0, "2024-10")
    assert record is not None
    assert (record.value, record.estimated) == (880, True)
    # 880 / 1200 = 73.33 % of the plan at 83.33 % of the year
    assert record.status == "behind"
    assert record.same_period is None
    assert (record.change, record.change_pct, record.ratio_pct) == (None, None, None)


def test_a_reported_figure_wins_over_the_estimate() -> None:
    both = data_target(plan={2024: 100}, ytd={"2024-06": 50}, ytd_estimate={"2024-06": 60})
    record = judge(both, 0, "2024-06")
    assert record is not None and (record.value, record.estimated) == (50, False)


@pytest.mark.parametrize(
    ("value", "plan", "month", "direction", "status"),
    [
        # increase: completed at or past the plan, on-pace at or past P × M / 12
        (1200, 1200, 9, "increase", "completed"),
        (1300, 1200, 3, "increase", "completed"),
        (900, 1200, 9, "increase", "on-pace"),  # exactly P × 9/12
        (901, 1200, 9, "increase", "on-pace"),
        (899, 1200, 9, "increase", "behind"),
        (0, 1200, 1, "increase", "behind"),
        # decrease (a ceiling): over-limit above it, on-pace at or under its share
        (121, 120, 9, "decrease", "over-limit"),
        (120, 120, 9, "decrease", "above-pace"),  # at the ceiling, but too early in the year
        (120, 120, 12, "decrease", "on-pace"),
        (90, 120, 9, "decrease", "on-pace"),  # exactly P × 9/12
        (91, 120, 9, "decrease", "above-pace"),
        (0, 120, 1, "decrease", "on-pace"),
        # no plan for the year; no figure for the period
        (5, None, 6, "increase", "no-plan"),
        (5, None, 6, "decrease", "no-plan"),
        (None, 100, 6, "increase", "no-data"),
        (None, 100, 6, "decrease", "no-data"),
    ],
)
def test_every_status_in_both_directions(
    value: int | None, plan: int | None, month: int, direction: str, status: str
) -> None:
    assert status_for(value, plan, month, direction) == status


def test_pace_is_compared_exactly_not_in_doubles() -> None:
    # 0.1 × 12 against 1.2 × 1 — equal as decimals, not as doubles
    assert status_for(0.1, 1.2, 1, "increase") == "on-pace"
    assert status_for(0.1, 1.2, 1, "decrease") == "on-pace"


def test_a_range_plan_is_judged_at_the_bound_that_reaches() -> None:
    up = data_target(plan={2024: Range(100, 120)}, ytd={"2024-06": 50})
    record = judge(up, 0, "2024-06")
    assert record is not None
    assert (record.plan, record.plan_pct, record.status) == (Range(100, 120), 50, "on-pace")
    down = data_target(direction="decrease", plan={2024: Range(100, 120)}, ytd={"2024-06": 61})
    record = judge(down, 0, "2024-06")
    assert record is not None
    assert record.plan_pct == percent(61, 120)
    assert record.status == "above-pace"


@pytest.mark.parametrize(
    ("status", "gate", "strict", "verdict"),
    [
        ("behind", "error", False, "fail"),
        ("above-pace", "error", False, "fail"),
        ("over-limit", "error", False, "fail"),
        ("behind", "warn", False, "warn"),
        ("over-limit", "off", False, "off"),
        ("no-data", "error", False, "warn"),
        ("no-data", "error", True, "fail"),
        ("no-data", "warn", True, "warn"),
        ("completed", "error", True, "pass"),
        ("on-pace", "error", True, "pass"),
        ("no-plan", "error", True, "pass"),
    ],
)
def test_the_gate(status: Any, gate: str, strict: bool, verdict: str) -> None:
    assert verdict_of(status, gate, strict) == verdict


def test_same_period_figures_are_null_where_undefined() -> None:
    zero = data_target(plan={2024: 100}, ytd={"2023-06": 0, "2024-06": 50})
    record = judge(zero, 0, "2024-06")
    assert record is not None and record.same_period is not None
    assert record.same_period.plan_pct is None  # no plan for 2023
    assert record.change == 50
    assert (record.change_pct, record.ratio_pct) == (None, None)
    plan_zero = data_target(plan={2024: 0}, ytd={"2024-06": 5})
    record = judge(plan_zero, 0, "2024-06")
    assert record is not None and record.plan_pct is None


def test_decimals_are_read_as_written() -> None:
    t = data_target(plan={2023: 3, 2024: 88.296}, ytd={"2023-03": 0.1, "2024-03": 0.3})
    record = judge(t, 0, "2024-03")
    assert record is not None
    assert record.change == 0.2  # not 0.19999999999999998
    assert record.ratio_pct == 300
    assert record.plan_pct == float(Fraction("0.3") * 100 / Fraction("88.296"))
    assert record.same_period is not None
    assert record.same_period.plan_pct == float(Fraction(1, 30) * 100)
    assert elapsed_percent(1) == 100 / 12


def test_largest_doubles_give_null_not_a_crash() -> None:
    huge = data_target(
        plan={2024: 1e-300}, ytd={"2023-06": 1e-300, "2024-06": 1.7976931348623157e308}
    )
    record = judge(huge, 0, "2024-06")
    assert record is not None
    assert record.plan_pct is None and record.ratio_pct is None and record.change_pct is None
    assert record.status == "completed"


def test_the_report_covers_targets_with_year_to_date_figures() -> None:
    no_figure = data_target(id="no-figure", plan={2024: 10}, ytd={"2023-09": 3})
    neither = data_target(id="neither", ytd={"2023-09": 3})
    yearly = data_target(id="yearly", plan={2024: 10}, actual={2024: 12})
    report = evaluate_period(data_document(WORKED, no_figure, neither, yearly), "t.toml", "2024-09")
    assert [(r.target.id, r.status) for r in report.records] == [
        ("public-investment", "behind"),
        ("no-figure", "no-data"),
    ]
    assert report.summary == {
        "total": 2,
        "completed": 0,
        "on-pace": 0,
        "behind": 1,
        "above-pace": 0,
        "over-limit": 0,
        "no-plan": 0,
        "no-data": 1,
    }
    assert not report.passed
    assert (report.year, report.month, report.period) == (2024, 9, "2024-09")


def test_an_unknown_period_names_the_periods_the_file_has() -> None:
    with pytest.raises(NtmError) as raised:
        evaluate_period(data_document(WORKED), "t.toml", "2024-08")
    problem = raised.value.problems[0]
    assert problem.code == "unknown_period"
    assert problem.params["periods"] == "2023-09, 2024-06, 2024-09, 2024-10"
    with pytest.raises(NtmError) as raised:
        evaluate_period(data_document(data_target(plan={2024: 1})), "t.toml", "2024-08")
    assert raised.value.problems[0].code == "no_periods_in_file"


def test_labels_of_the_period_statuses() -> None:
    assert [period_badge(s, "vi") for s in PERIOD_STATUSES] == [
        "✔ HOÀN THÀNH KH NĂM",
        "✓ ĐÚNG TIẾN ĐỘ",
        "✗ CHẬM TIẾN ĐỘ",
        "✗ VƯỢT NHỊP TRẦN",
        "✗ VƯỢT MỨC TRẦN",
        "• THEO DÕI",
        "? CHƯA CÓ SỐ LIỆU",
    ]
    assert list(PERIOD_LABELS["en"].values()) == [
        "COMPLETED",
        "ON PACE",
        "BEHIND",
        "ABOVE CEILING PACE",
        "OVER LIMIT",
        "TRACKED",
        "NO DATA",
    ]
    assert period_heading("2024-09", "vi") == "Lũy kế 9 tháng 2024"
    assert period_heading("2024-09", "en") == "Jan–Sep 2024"
    assert period_heading("2024-01", "en") == "Jan 2024"


# --- the file keys ----------------------------------------------------------------------------


def _both(raw: dict[str, Any]) -> Any:
    fast = fastcheck.document(raw)
    slow = model.TargetsFile.model_validate(raw).to_data()
    assert fast is not None and repr(fast) == repr(slow)
    return slow


def test_both_readers_take_the_year_to_date_keys() -> None:
    raw = {
        "target": [
            {
                "id": "a",
                "name": "A",
                "plan": {"2024": 1200},
                "ytd": {"2024-09": 780, "2023-09": 640.5},
                "ytd_estimate": {"2024-10": 880},
            }
        ]
    }
    doc = _both(raw)
    assert doc.target[0].ytd == {"2024-09": 780, "2023-09": 640.5}
    assert doc.periods() == ["2023-09", "2024-09", "2024-10"]
    assert doc.years() == [2024]  # year-to-date figures add no year


@pytest.mark.parametrize(
    "keys",
    [
        {"ytd": {"2024-00": 1}},
        {"ytd": {"2024-13": 1}},
        {"ytd": {"1899-01": 1}},
        {"ytd": {"2024-9": 1}},
        {"ytd": {"2024": 1}},
        {"ytd": {"2024-09": True}},
        {"ytd": {"2024-09": [1, 2]}},
        {"ytd": {"2024-09": float("nan")}},
        {"ytd": 5},
        {"ytd_estimate": {"2024-09": "5"}},
        {"unit": "%", "ytd": {"2024-09": 1}},
        {"plan": {"2024": True}, "ytd_estimate": {"2024-09": 1}},
        {"rollup": {"of": "commune", "standard": "ntm"}, "ytd": {"2024-09": 1}},
        {"rollup": {"of": "commune", "standard": "ntm"}, "ytd_estimate": {"2024-09": 1}},
    ],
)
def test_bad_year_to_date_keys_are_refused_by_both_readers(keys: dict[str, Any]) -> None:
    raw: dict[str, Any] = {"target": [{"id": "a", "name": "A", **keys}]}
    if "rollup" in keys:
        raw["standard"] = [{"id": "ntm", "name": "NTM"}]
        raw["unit"] = [{"id": "x", "name": "X", "kind": "commune", "recognised": {"ntm": 2020}}]
    assert fastcheck.document(raw) is None
    with pytest.raises(ValueError):
        model.TargetsFile.model_validate(raw)


PERIODS = st.builds("{}-{:02d}".format, st.integers(2020, 2025), st.integers(1, 12))
FIGURES = st.integers(0, 2000) | st.floats(0, 2000, allow_nan=False).map(lambda f: round(f, 3))


@given(
    plan=st.integers(1, 2000),
    figures=st.dictionaries(PERIODS, FIGURES, min_size=1, max_size=6),
    direction=st.sampled_from(["increase", "decrease"]),
)
def test_every_period_of_a_file_is_judged_consistently(
    plan: int, figures: dict[str, int | float], direction: str
) -> None:
    raw = {
        "target": [
            {
                "id": "a",
                "name": "A",
                "direction": direction,
                "plan": {str(y): plan for y in range(2020, 2026)},
                "ytd": figures,
            }
        ]
    }
    doc = _both(raw)
    for period in doc.periods():
        report = evaluate_period(doc, "t.toml", period)
        (record,) = report.records
        value = figures[period]
        assert record.plan_pct == float(Fraction(str(value)) * 100 / plan)
        month = int(period[5:])
        share = Fraction(str(value)) * 12 / (plan * month)  # of the plan's share to date
        if direction == "increase":
            expected = "completed" if value >= plan else "on-pace" if share >= 1 else "behind"
        else:
            expected = "over-limit" if value > plan else "on-pace" if share <= 1 else "above-pace"
        assert record.status == expected


@given(
    figures=st.dictionaries(PERIODS, FIGURES, min_size=1, max_size=6),
    estimates=st.dictionaries(PERIODS, FIGURES, max_size=3),
    lang=st.sampled_from(["vi", "en"]),
)
def test_the_workbook_of_every_period_reads_back_unchanged(
    figures: dict[str, int | float], estimates: dict[str, int | float], lang: Any
) -> None:
    """`--period … --format xlsx` gives back to `import` exactly the figures of the file."""
    import tempfile
    from pathlib import Path

    from ntm_cli.edit.sheet import import_values, read_plan
    from ntm_cli.formats.xlsx import render_period_xlsx

    raw = {
        "target": [
            {
                "id": "a",
                "name": "Giải ngân",
                "plan": {"2024": 1200},
                "ytd": figures,
                "ytd_estimate": estimates,
            }
        ]
    }
    doc = _both(raw)
    target = doc.target[0]
    for period in doc.periods():
        data = render_period_xlsx(evaluate_period(doc, "t.toml", period), lang, "compare")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "r.xlsx"
            path.write_bytes(data)
            wanted = import_values(read_plan(path, "r.xlsx", None, doc))
        for one in wanted:
            if one.period is None:
                assert (one.table, one.year, one.value) == ("plan", 2024, 1200)
                continue
            held = target.ytd if one.table == "ytd" else target.ytd_estimate
            assert held[one.period] == one.value, (period, one)
