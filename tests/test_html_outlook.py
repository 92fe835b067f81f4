"""`ntm outlook --format html` (SPEC §8, §10), read back with the standard library's parser."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntm_cli.formats import svg
from ntm_cli.formats.html import ATTENTION_CHARTS
from ntm_cli.i18n import OUTLOOK_LABELS, OUTLOOK_SYMBOLS, TREND_LABELS, TREND_SYMBOLS, Lang
from ntm_cli.judge.evaluate import evaluate
from ntm_cli.judge.outlook import OUTLOOKS, outlook
from ntm_cli.targets_file.data import Baseline, Document, Range
from ntm_cli.targets_file.load import load
from ntm_cli.targets_file.rules import LANGS
from tests.builders import (
    HOSTILE_GROUP,
    HOSTILE_NAME,
    HOSTILE_UNIT,
    data_document,
    data_target,
    many_slow,
    outlook_documents,
    program,
)
from tests.html_support import Parsed, parse
from tests.runner import rendered
from tests.test_html import assert_self_contained
from tests.test_outlook_parts import EXAMPLE


def example_page(lang: Lang) -> str:
    return rendered("html", "outlook", outlook(load(EXAMPLE, "x").doc, "x"), lang)


def charts(page: Parsed) -> list[str]:
    return [e.attrs["aria-labelledby"] or "" for e in page.tags("svg") if e.attrs.get("role")]


def card_figures(page: Parsed, target_id: str) -> list[str]:
    card = next(e for e in page.tags("article") if e.attrs["id"] == f"t-{target_id}")
    start = page.elements.index(card)
    following = page.elements[start + 1 :]
    end = next((i for i, e in enumerate(following) if e.tag == "article"), len(following))
    return [e.text for e in following[:end] if e.tag in ("dt", "dd")]


def badges(page: Parsed) -> dict[str, str]:
    """Badge text by its class."""
    found = {}
    for element in page.tags("span"):
        classes = (element.attrs.get("class") or "").split()
        if "badge" in classes:
            found[classes[1]] = element.text
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_the_example_page_is_self_contained_and_shows_every_outlook(lang: Lang) -> None:
    text = example_page(lang)
    page = parse(text)
    assert text.startswith("<!DOCTYPE html>")
    assert page.tags("html")[0].attrs["lang"] == lang
    assert_self_contained(page)
    shown = badges(page)
    for outlook_class in OUTLOOKS:
        label = f"{OUTLOOK_SYMBOLS[outlook_class]} {OUTLOOK_LABELS[lang][outlook_class]}"
        if outlook_class == "no-target":  # its trend after it (SPEC §15)
            label += f" · {TREND_SYMBOLS['substantial-progress']}"
            label += f" {TREND_LABELS[lang]['substantial-progress']}"
        assert shown[f"o-{outlook_class}"] == label
    assert not [c for c in shown if c.startswith("s-")]
    assert len(page.tags("article")) == len(charts(page)) == 8


def test_the_figures_of_a_target_in_both_languages() -> None:
    vi, en = parse(example_page("vi")), parse(example_page("en"))
    assert card_figures(vi, "new-cooperatives") == [
        "Xuất phát", "0 (2020)", "Hiện tại", "8 (2023)", "Mục tiêu", "20 (2025)",
        "Tiến độ", "40%", "TH so với mục tiêu 2025 (%)", "40", "Tốc độ (thực tế/cần thiết)", "0,67",
        "Dự báo năm mục tiêu", "13,33 (2025)", "Theo tốc độ hiện nay", "dự kiến đạt năm 2028",
    ]  # fmt: skip
    assert card_figures(en, "new-cooperatives")[-2:] == ["At the current pace", "expected in 2028"]
    assert card_figures(en, "income-per-capita") == [
        "Start", "50 (2020)", "Current", "66 (2023, est.)", "Plan", "75 (2025)",
        "Progress", "64%", "Actual over the 2025 target (%)", "88",
        "Pace (observed/required)", "1.15",
        "Projected at the target year", "79.42 (2025)",
    ]  # fmt: skip
    assert card_figures(vi, "trained-workers")[-1] == "không đạt với tốc độ này"
    assert card_figures(en, "poverty-rate")[4:6] == ["Plan", "1.5–2 (2025)"]
    assert vi.tags("h1")[0].text.endswith("Tỉnh mẫu · Năm 2023")
    assert en.tags("h1")[0].text == (
        "New Rural Development 2021–2025 (illustrative) · Sample province · Year 2023"
    )
    assert [e.text for e in en.tags("h2")][:2] == ["New rural development", "Economy"]


def test_the_progress_bar_is_capped_and_says_the_true_figure() -> None:
    page = parse(example_page("vi"))
    bars = {
        e.attrs["aria-valuetext"]: e.attrs["aria-valuenow"]
        for e in page.elements
        if e.attrs.get("role") == "progressbar"
    }
    assert bars["107,14%"] == "100"
    assert bars["-20%"] == "0"
    assert bars["40%"] == "40"
    label = next(e for e in page.elements if e.attrs.get("role") == "progressbar")
    assert label.attrs["aria-label"] == "Tiến độ từ xuất phát đến mục tiêu 2025"


def test_every_chart_has_a_title_and_its_values_with_the_period_target() -> None:
    page = parse(example_page("vi"))
    descs = [e.text for e in page.tags("desc")]
    titles = [e.text for e in page.tags("title")][1:]
    assert len(descs) == len(titles) == len(charts(page))
    assert (
        "Xuất phát 2020: 50. 2021: TH 54. 2022: TH 60. 2023: TH 66 (ước). 2025: KH 75."
        " Mục tiêu 2025: 75."
    ) in descs
    assert "Số hợp tác xã kiểu mới thành lập: kế hoạch và thực hiện qua các năm" in titles
    en = parse(example_page("en"))
    assert any(d.endswith("Plan for 2025: 20.") for d in (e.text for e in en.tags("desc")))
    # The period target is marked: an outlined square round its plan on each chart that has
    # a single-number plan for it, and the legend says what the mark is.
    outlined = [e for e in page.tags("rect") if e.attrs.get("fill") == "none"]
    assert len(outlined) >= 5
    assert "Mục tiêu cuối kỳ" in "".join(page.text)


def test_hostile_text_is_shown_as_text() -> None:
    target = data_target(
        "hostile", HOSTILE_NAME, name_en=HOSTILE_NAME, group=HOSTILE_GROUP, unit=HOSTILE_UNIT,
        baseline=Baseline(2020, 1), actual={2022: 2}, plan={2025: 5},
    )  # fmt: skip
    for lang in LANGS:
        text = rendered(
            "html", "outlook", outlook(data_document(target, program=program()), "f"), lang
        )
        page = parse(text)
        assert_self_contained(page)
        shown = "".join(page.text)
        assert HOSTILE_NAME in shown and HOSTILE_UNIT in shown and HOSTILE_GROUP in shown
        assert "<script>" not in text and "<img" not in text


def test_an_empty_outlook_says_so() -> None:
    doc = data_document(data_target("a", "A", actual={2024: True}, plan={2020: True}))
    shown = "".join(parse(rendered("html", "outlook", outlook(doc, "f"), "en")).text)
    assert "No target has a plan for 2024 or later." in shown


def test_render_dispatches_on_the_command() -> None:
    doc = data_document(
        data_target("a", "A", baseline=Baseline(2020, 1), actual={2022: 2}, plan={2022: 5})
    )
    page = parse(rendered("html", "outlook", outlook(doc, "f"), "en"))
    assert "o-missed" in badges(page)
    status = parse(rendered("html", "status", evaluate(doc, "f", 2022), "en"))
    assert "s-missed" in badges(status)


def test_over_100_targets_the_page_opens_with_the_overview() -> None:
    page = parse(rendered("html", "outlook", outlook(many_slow(150, 7), "f"), "en"))
    assert len(charts(page)) == 7
    assert [e.text for e in page.tags("h2")] == ["Summary", "Needs attention", "Other targets"]
    cells = [c.text for c in page.elements if c.tag in ("td", "th")]
    assert cells[:4] == ["Group", "Targets", "✔ ACHIEVED", "↑ ACCELERATION NEEDED"]
    assert cells[4:8] == ["Nhóm 0", "50", "47", "3"]
    rows = [e for e in page.tags("tr") if "Chỉ tiêu" in e.text and "Nhóm" not in e.text]
    assert len(rows) == 143
    assert rows[0].text.endswith("✔ ACHIEVED")
    assert "150 targets: an overview by group" in "".join(page.text)
    assert_self_contained(page)


def test_many_targets_off_track_chart_only_the_first() -> None:
    page = parse(rendered("html", "outlook", outlook(many_slow(400, 250), "f"), "vi"))
    assert len(charts(page)) == ATTENTION_CHARTS
    assert "… và 150 chỉ tiêu khác cần chú ý, liệt kê ở bảng dưới" in "".join(page.text)


@given(outlook_documents(), st.sampled_from(LANGS))
def test_any_document_gives_a_self_contained_page(doc: Document, lang: Lang) -> None:
    report = outlook(doc, "f.toml")
    page = parse(rendered("html", "outlook", report, lang))
    assert_self_contained(page)
    # Cards come by group, in order of first use: the same cards, one each.
    assert sorted(e.attrs["id"] or "" for e in page.tags("article")) == sorted(
        f"t-{r.target.id}" for r in report.records
    )
    shown = badges(page)
    assert {f"o-{r.outlook}" for r in report.records} <= set(shown)


@given(
    st.lists(
        st.builds(
            svg.Year,
            st.integers(2000, 2030),
            st.none() | st.floats(-1e6, 1e6) | st.tuples(st.floats(-1e3, 0), st.floats(0, 1e3)),
            st.none() | st.floats(-1e6, 1e6),
            st.booleans(),
        ),
        min_size=1,
        max_size=12,
        unique_by=lambda y: y.year,
    ),
    st.integers(2000, 2030),
)
def test_the_period_target_mark_stays_inside_the_chart(years: list[svg.Year], goal: int) -> None:
    chart = svg.chart(years, goal=goal)
    for shape in chart.shapes:
        attrs = dict(shape.attrs)
        for name in ("x", "x1", "x2", "cx"):
            if name in attrs:
                assert 0 <= float(attrs[name]) <= chart.width
        for name in ("y", "y1", "y2", "cy"):
            if name in attrs:
                assert 0 <= float(attrs[name]) <= chart.height
        if shape.tag == "rect":
            assert float(attrs["x"]) + float(attrs["width"]) <= chart.width
    marked = [s for s in chart.shapes if dict(s.attrs).get("stroke-dasharray") == "1 2"]
    assert len(marked) == (goal in {y.year for y in years})


def test_a_range_period_target_is_shown_as_reports_write_it() -> None:
    target = data_target("r", "R", unit="%", direction="decrease", baseline=Baseline(2020, 5.0),
                    actual={2023: 4.0}, plan={2025: Range(1.5, 2)})  # fmt: skip
    page = parse(rendered("html", "outlook", outlook(data_document(target), "f"), "vi"))
    assert card_figures(page, "r")[4:6] == ["Mục tiêu", "1,5–2 (2025)"]
