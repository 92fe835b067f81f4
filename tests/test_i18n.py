"""Number formatting and labels in both languages (SPEC §3)."""

from __future__ import annotations

import pytest

from ntm_cli.i18n import STATUS_LABELS, SYMBOLS, badge, delta_text, number, percent_text, value_text


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        (94.45, "94,45", "94.45"),
        (1234.5, "1.234,5", "1,234.5"),
        (1234567.891, "1.234.567,89", "1,234,567.89"),
        (88.296, "88,3", "88.3"),
        (6.9698, "6,97", "6.97"),
        (60.0, "60", "60"),
        (36, "36", "36"),
        (0.29, "0,29", "0.29"),
        (-0.71, "-0,71", "-0.71"),
        (999, "999", "999"),
        (1000, "1.000", "1,000"),
        (0.0, "0", "0"),
        (-0.001, "0", "0"),
    ],
)
def test_number(value: float, vi: str, en: str) -> None:
    assert number(value, "vi") == vi
    assert number(value, "en") == en


def test_rounding_is_half_away_from_zero_on_the_written_value() -> None:
    # 2.675 is stored as 2.67499999…; a report that says 2.675 means 2,68.
    assert number(2.675, "en") == "2.68"
    assert number(0.125, "en") == "0.13"
    assert number(-0.125, "en") == "-0.13"


def test_signed() -> None:
    assert number(6.97, "vi", signed=True) == "+6,97"
    assert number(-3, "vi", signed=True) == "-3"
    assert number(0, "vi", signed=True) == "0"
    assert number(0.004, "en", signed=True) == "0"


def test_extreme_values_do_not_fail() -> None:
    assert number(1e308, "en").startswith("100,000,000")
    assert number(1e-308, "en") == "0"
    assert len(number(1.7976931348623157e308, "vi")) > 300


def test_delta_in_percentage_points_for_rates() -> None:
    assert delta_text(5, "%", "vi") == "+5 điểm %"
    assert delta_text(5, "%", "en") == "+5 pp"
    assert delta_text(-0.71, "%", "en") == "-0.71 pp"
    assert delta_text(6.154, "triệu đồng/người", "vi") == "+6,15"
    assert delta_text(None, "%", "en") == "—"


def test_percent_text() -> None:
    assert percent_text(6.9698, "vi", signed=True) == "+6,97%"
    assert percent_text(106.97, "en") == "106.97%"


def test_value_text() -> None:
    assert value_text(36, "vi", total=36) == "36/36"
    assert value_text(True, "vi") == "Có"
    assert value_text(False, "en") == "No"
    assert value_text(None, "en") == "—"
    assert value_text(1234.5, "vi") == "1.234,5"


def test_every_status_has_both_labels_and_a_symbol() -> None:
    expected = {
        "exceeded": ("VƯỢT", "EXCEEDED"),
        "met": ("ĐẠT", "MET"),
        "near": ("GẦN ĐẠT", "NEAR"),
        "missed": ("KHÔNG ĐẠT", "MISSED"),
        "ahead": ("ĐẠT SỚM", "AHEAD"),
        "in-progress": ("ĐANG THỰC HIỆN", "IN PROGRESS"),
        "no-plan": ("THEO DÕI", "TRACKED"),
        "no-data": ("CHƯA CÓ SỐ LIỆU", "NO DATA"),
    }
    for status, (vi, en) in expected.items():
        assert STATUS_LABELS["vi"][status] == vi
        assert STATUS_LABELS["en"][status] == en
        assert badge(status, "en") == f"{SYMBOLS[status]} {en}"
    assert len(set(SYMBOLS.values())) == len(SYMBOLS)


def test_target_counts() -> None:
    from ntm_cli.i18n import targets

    assert targets("en", 1) == "1 target"
    assert targets("en", 9) == "9 targets"
    assert targets("vi", 1) == "1 chỉ tiêu"
