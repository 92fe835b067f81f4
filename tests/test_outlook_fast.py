"""The outlook's fast way (floats) against its exact way (rationals, 40-digit roots): the same
class, method and reach year, and the same figures to 12 significant digits, on generated
series, on series built to sit on or next to a threshold, and on series whose reach year
falls on a whole year."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntm_cli.judge import outlook as outlook_module
from ntm_cli.judge.outlook import OutlookRecord, outlook_target
from ntm_cli.targets_file.data import Target
from tests.builders import SERIES_YEARS, data_target, series
from tests.test_outlook import rising

FIGURES = ("pace", "progress_pct", "ratio", "projected")


def same(tg: Target, report_year: int, to_year: int | None = None) -> OutlookRecord | None:
    """The fast record, after checking that the exact way gives the same one."""
    fast = outlook_target(tg, 0, report_year, to_year)
    exact = outlook_target(tg, 0, report_year, to_year, exact=True)
    if fast is None or exact is None:
        assert fast is exact
        return None
    decided = ("outlook", "method", "reach_year", "start", "current", "to_year", "plan")
    for name in decided:
        assert getattr(fast, name) == getattr(exact, name), (name, fast, exact)
    for name in FIGURES:
        f, e = getattr(fast, name), getattr(exact, name)
        assert (f is None) == (e is None), (name, fast, exact)
        if f is not None:
            assert math.isclose(f, e, rel_tol=1e-12), (name, f, e)
    return fast


@given(series(), SERIES_YEARS, st.none() | SERIES_YEARS)
def test_fast_and_exact_agree_on_generated_series(
    tg: Target, report_year: int, to_year: int | None
) -> None:
    same(tg, report_year, to_year)


def _written(value: float, digits: int) -> float:
    """A value as a report would write it, to `digits` significant digits."""
    return float(f"{value:.{digits}g}")


@st.composite
def near_threshold(draw: st.DrawFn) -> tuple[Target, int]:
    """A series whose pace ratio R is 0.95 or 0.6, nudged by up to a millionth either way and
    written to 2–17 significant digits: the classes on either side of each threshold."""
    b = draw(st.integers(2000, 2020))
    t = b + draw(st.integers(1, 8))
    to = t + draw(st.integers(1, 8))
    wanted = draw(st.sampled_from([0.95, 0.6]))
    nudge = draw(st.sampled_from([0, 1e-16, 1e-13, 1e-10, 1e-8, 1e-6]))
    ratio = wanted * (1 + draw(st.sampled_from([1, -1])) * nudge)
    digits = draw(st.integers(2, 17))
    increase = draw(st.booleans())
    if draw(st.booleans()):  # compound growth: B, A and P all positive
        start = draw(st.floats(0.01, 1e6))
        factor = 1 + draw(st.floats(0.001, 10))
        plan = start * factor if increase else start / factor
        required = (plan / start) ** (1 / (to - b)) - 1
        now = start * (1 + ratio * required) ** (t - b)
    else:  # straight lines, from zero or below
        start = draw(st.floats(-1e6, 0))
        gap = draw(st.floats(0.01, 1e6))
        plan = start + gap if increase else start - gap
        now = start + ratio * (plan - start) * (t - b) / (to - b)
    tg = data_target(
        baseline=(b, _written(start, digits)),
        direction="increase" if increase else "decrease",
        actual={t: _written(now, digits)},
        plan={to: _written(plan, digits)},
    )
    return tg, t


@given(near_threshold())
def test_fast_and_exact_agree_next_to_the_thresholds(case: tuple[Target, int]) -> None:
    same(*case)


@st.composite
def whole_reach_years(draw: st.DrawFn) -> tuple[Target, int]:
    """Series that reach P exactly at a whole number of years: a whole growth factor per year
    (compound), or a whole step per year (straight lines)."""
    b = draw(st.integers(2000, 2020))
    t = b + draw(st.integers(1, 4))
    to = t + draw(st.integers(1, 12))
    years = draw(st.integers(1, 12))  # P is reached `years` after t
    if draw(st.booleans()):
        start = draw(st.integers(1, 1000))
        growth = draw(st.integers(2, 4))
        now = start * growth ** (t - b)
        plan = now * growth**years
        increase = draw(st.booleans())
        if not increase:  # the same series falling: 1 / growth a year
            start, plan = plan, start
            now = start // growth ** (t - b)
            plan = now // growth**years
    else:
        start = draw(st.integers(-1000, 0))
        step = draw(st.integers(1, 50)) * draw(st.sampled_from([1, -1]))
        increase = step > 0
        now = start + step * (t - b)
        plan = now + step * years
    tg = data_target(
        baseline=(b, start),
        direction="increase" if increase else "decrease",
        actual={t: now},
        plan={to: plan},
    )
    return tg, t


@given(whole_reach_years())
def test_fast_and_exact_agree_when_the_target_is_reached_on_a_whole_year(
    case: tuple[Target, int],
) -> None:
    same(*case)


def test_a_nudge_of_one_in_a_billion_decides_the_class_either_way() -> None:
    # Linear from 0, plan 100 by 2025: R = 0.95 at A = 57 exactly (the exact way decides).
    on = same(climb(57, start=0, plan=100), 2023)
    assert on is not None and on.outlook == "on-track"
    below = same(climb(56.99999999, start=0, plan=100), 2023)
    assert below is not None and below.outlook == "acceleration-needed"
    above = same(climb(57.00000001, start=0, plan=100), 2023)
    assert above is not None and above.outlook == "on-track"


def climb(actual: float, start: float, plan: float) -> Target:
    """Baseline 2020, the actual of 2023, the plan of 2025 (report year 2023)."""
    return data_target(baseline=(2020, start), actual={2023: actual}, plan={2025: plan})


def _no_exact_way(*args: Any) -> Any:
    raise AssertionError("the exact way was asked")


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (lambda: rising(62), ("acceleration-needed", "cagr", 2026)),
        (
            lambda: outlook_target(
                data_target(baseline=(2020, 50), actual={2023: 62}, plan={2023: 75}), 0, 2023
            ),
            ("missed", None, None),
        ),
        (lambda: rising(8, start=0, plan=20), ("acceleration-needed", "linear", 2028)),
        (lambda: rising(66), ("on-track", "cagr", 2025)),
        (lambda: rising(45), ("deterioration", "cagr", None)),
        (lambda: rising(80), ("achieved", None, None)),
        (lambda: rising(50), ("limited-progress", "cagr", None)),
    ],
)
def test_ordinary_figures_take_the_fast_way(
    monkeypatch: pytest.MonkeyPatch, record: Any, expected: tuple[Any, ...]
) -> None:
    monkeypatch.setattr(outlook_module, "_decide_exact", _no_exact_way)
    r = record()
    assert (r.outlook, r.method, r.reach_year) == expected


def test_worked_figures_of_spec_8_by_the_fast_way(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outlook_module, "_decide_exact", _no_exact_way)
    r = rising(62)
    assert (f"{r.pace:.4f}", r.progress_pct, f"{r.projected:.2f}") == ("0.8800", 48, "71.56")
    d = outlook_target(
        data_target(
            baseline=(2020, 5.0), direction="decrease", actual={2023: 3.0}, plan={2025: 2.0}
        ),
        0,
        2023,
    )
    assert d is not None and d.pace is not None and d.projected is not None
    assert (f"{d.pace:.4f}", f"{d.progress_pct:.2f}", f"{d.projected:.3f}") == (
        "0.9350",
        "66.67",
        "2.134",
    )
    assert d.reach_year == 2026
    r = rising(8, start=0, plan=20)
    assert (f"{r.pace:.4f}", r.progress_pct, f"{r.projected:.2f}") == ("0.6667", 40, "13.33")


def test_values_the_fast_way_leaves_to_the_exact_way() -> None:
    # A yes/no target, an integer beyond 2**53, a float near the end of the double range.
    calls: list[str] = []
    exact = outlook_module._decide_exact

    def counted(*args: Any) -> Any:
        calls.append("exact")
        return exact(*args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(outlook_module, "_decide_exact", counted)
        outlook_target(data_target(actual={2021: False, 2023: False}, plan={2025: True}), 0, 2023)
        same(climb(2**60, start=2**59, plan=2**61), 2023)
        same(climb(1e-200, start=1e-201, plan=1e-199), 2023)
    assert len(calls) == 5  # the two `same` calls ask it twice each
