"""`--format html` (SPEC §10), read back with the standard library's HTML parser."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ntm_cli.formats import svg
from ntm_cli.formats.html import (
    ATTENTION_CHARTS,
    chart_desc,
    chart_years,
    plan_text,
    progress,
)
from ntm_cli.judge.evaluate import evaluate
from ntm_cli.targets_file.data import Range, Target
from ntm_cli.targets_file.load import load
from tests.builders import (
    HOSTILE_GROUP,
    HOSTILE_NAME,
    HOSTILE_UNIT,
    data_document,
    data_target,
    every_status,
    many_missed,
)
from tests.conftest import SHIPPED
from tests.html_support import Parsed, parse, render
from tests.runner import rendered


def assert_self_contained(page: Parsed) -> None:
    """No script, no event handler, nothing fetched: every link stays inside the page."""
    assert page.tags("script") == []
    for element in page.elements:
        for name, value in element.attrs.items():
            assert not name.startswith("on"), (element.tag, name)
            if name in ("src", "href", "xlink:href", "action", "formaction", "srcset", "data"):
                assert value is not None and value.startswith("#"), (element.tag, name, value)
            assert "url(" not in (value or "").replace(" ", "").lower()
            assert "javascript:" not in (value or "").lower()
    assert [
        e.tag for e in page.elements if e.tag in ("img", "iframe", "object", "embed", "link")
    ] == []
    (style,) = page.tags("style")
    assert "url(" not in style.text and "@import" not in style.text


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_page_is_one_self_contained_file(lang: str) -> None:
    text = render(every_status(), lang, year=2020)  # type: ignore[arg-type]
    page = parse(text)
    assert text.startswith("<!DOCTYPE html>")
    assert page.tags("html")[0].attrs["lang"] == lang
    assert page.tags("meta")[0].attrs == {"charset": "utf-8"}
    assert_self_contained(page)
    style = page.tags("style")[0].text
    assert "@page { size: A4;" in style
    assert "print-color-adjust: exact" in style
    assert "break-after: avoid" in style and "break-inside: avoid" in style


def test_every_chart_has_a_title_and_its_values_as_text() -> None:
    page = parse(render(every_status(), "vi", year=2020))
    charts = [e for e in page.tags("svg") if e.attrs.get("role") == "img"]
    assert len(charts) == len(every_status().target)
    for chart in charts:
        title_id, desc_id = (chart.attrs["aria-labelledby"] or "").split()
        assert title_id.endswith("-t") and desc_id.endswith("-d")
    titles = [e.text for e in page.tags("title")][1:]
    descs = [e.text for e in page.tags("desc")]
    assert len(titles) == len(descs) == len(charts)
    assert "Thu nhập: kế hoạch và thực hiện qua các năm" in titles
    assert "2020: KH 88,3; TH 94,45." in descs
    assert "2020: KH 3. 2021: TH 2,5 (ước)." in descs


def test_the_figures_and_badges_of_each_target() -> None:
    page = parse(render(every_status(), "vi", year=2020))
    card = next(e for e in page.tags("article") if e.attrs["id"] == "t-exceeded")
    figures = [e.text for e in page.elements if e.tag in ("dt", "dd") and e.text in card.text]
    assert figures[:8] == [
        "Kế hoạch (KH)", "88,3", "Thực hiện (TH)", "94,45", "Chênh lệch", "+6,15 (+6,97%)",
        "TH/KH năm 2020 (%)", "106,97",
    ]  # fmt: skip
    badges = {e.text for e in page.tags("span") if "badge" in (e.attrs.get("class") or "")}
    assert {"▲ VƯỢT", "✔ ĐẠT", "≈ GẦN ĐẠT", "✘ KHÔNG ĐẠT", "» ĐẠT SỚM"} <= badges
    assert {"… ĐANG THỰC HIỆN", "• THEO DÕI", "? CHƯA CÓ SỐ LIỆU"} <= badges
    bars = [e for e in page.elements if e.attrs.get("role") == "progressbar"]
    income = next(b for b in bars if b.attrs["aria-valuetext"] == "106,97%")
    assert income.attrs["aria-valuenow"] == "100"
    assert income.attrs["aria-label"] == "Tiến độ đến mục tiêu 2020 (TH so với KH 2020)"


def test_hostile_text_is_shown_as_text() -> None:
    for lang in ("vi", "en"):
        text = render(every_status(), lang, year=2020)  # type: ignore[arg-type]
        page = parse(text)
        assert_self_contained(page)
        shown = "".join(page.text)
        assert HOSTILE_NAME in shown and HOSTILE_UNIT in shown and HOSTILE_GROUP in shown
        assert [e.tag for e in page.elements].count("style") == 1
        assert "<script>" not in text and "<img" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_english_uses_the_english_texts_and_numbers() -> None:
    vi = parse(render(every_status(), "vi", year=2020))
    en = parse(render(every_status(), "en", year=2020))
    assert vi.tags("h1")[0].text == "Xây dựng nông thôn mới · Cần Thơ · Năm 2020"
    assert en.tags("h1")[0].text == "New Rural · Cần Thơ · Year 2020"
    assert [e.text for e in vi.tags("h2")][:2] == ["Kinh tế", "Xã hội"]
    assert [e.text for e in en.tags("h2")][:2] == ["Economy", "Xã hội"]
    en_text = "".join(en.text)
    assert "Income (million VND)" in en_text and "Thu nhập" not in en_text
    assert "94.45" in en_text and "94,45" not in en_text
    assert "+6.15 (+6.97%)" in en_text
    assert "2021: Actual 2.5 (est.)." in en_text
    assert "Progress toward the 2020 target (actual over the 2020 plan)" in en_text


def test_a_rate_s_delta_is_in_points() -> None:
    doc = data_document(data_target("rate", "Tỷ lệ", unit="%", plan={2020: 1.0},
                                    actual={2020: 0.29}, direction="decrease"))  # fmt: skip
    assert "-0,71 điểm %" in "".join(parse(render(doc, "vi")).text)
    assert "-0.71 pp" in "".join(parse(render(doc, "en")).text)


def test_compare_with_vs_shows_the_earlier_actual_and_the_change() -> None:
    doc = data_document(data_target("a", "A", plan={2021: 10}, actual={2020: 8, 2021: 11}))
    page = parse(render(doc, "en", kind="compare", year=2021, vs_year=2020))
    cells = [e.text for e in page.elements if e.tag in ("dt", "dd")]
    assert cells[-6:] == ["Actual 2020", "8", "Change", "+3 (+37.5%)", "vs 2020", "137.5%"]


def test_an_empty_year_says_so() -> None:
    doc = data_document(
        data_target("a", "A", plan={2020: 1}), data_target("b", "B", actual={2021: 1})
    )
    page = parse(render(doc, "en", year=2021))
    assert [e.attrs["id"] for e in page.tags("article")] == ["t-b"]
    empty = data_document(data_target("a", "A"))
    shown = "".join(parse(render(empty, "en")).text)
    assert "The file has no plan or actual values yet." in shown


def test_over_100_targets_the_page_opens_with_the_overview() -> None:
    page = parse(render(many_missed(150, 7), "en"))
    charts = [e for e in page.tags("svg") if e.attrs.get("role") == "img"]
    assert len(charts) == 7
    assert [e.text for e in page.tags("h2")] == ["Summary", "Needs attention", "Other targets"]
    rows = [[c.text for c in page.elements if c.tag in ("td", "th")]]
    flat = rows[0]
    assert flat[:4] == ["Group", "Targets", "▲ EXCEEDED", "✘ MISSED"]
    assert flat[4:8] == ["Nhóm 0", "50", "47", "3"]
    compact_rows = [e for e in page.tags("tr") if "Chỉ tiêu" in e.text and "Nhóm" not in e.text]
    assert len(compact_rows) == 143
    assert "150 targets: an overview by group" in "".join(page.text)


def test_the_compact_table_of_a_large_page_carries_notes_and_sources() -> None:
    """SPEC §7 (version 3): notes and sources in the reports people read, the compact table
    of a page over 100 targets included, as text (never markup)."""
    import dataclasses

    doc = many_missed(150, 7)
    shown = {
        "t10": ("Ước tính\n<b>chưa</b> chính thức", None),
        "t11": (None, "Báo cáo 123/BC-UBND"),
        "t12": ("Số liệu tháng 9", "Cục Thống kê"),
    }
    doc = dataclasses.replace(
        doc,
        target=[
            dataclasses.replace(t, note=shown[t.id][0], source=shown[t.id][1])
            if t.id in shown
            else t
            for t in doc.target
        ],
    )
    html = render(doc, "vi")
    page = parse(html)
    head = [e.text for e in page.tags("th")]
    assert head[-1] == "Ghi chú"
    cells = {e.text for e in page.tags("td") if "note" in (e.attrs.get("class") or "").split()}
    assert "Ước tính\n<b>chưa</b> chính thức" in cells
    assert "Nguồn: Báo cáo 123/BC-UBND" in cells
    assert "Số liệu tháng 9Nguồn: Cục Thống kê" in cells
    assert "<b>chưa</b>" not in html  # escaped, never markup
    # every compact row has the cell, empty for a target with neither
    notes = [e for e in page.tags("td") if "note" in (e.attrs.get("class") or "").split()]
    assert len(notes) == 143
    assert sum(1 for e in notes if e.text == "") == 140
    plain = parse(render(many_missed(150, 7), "en"))
    assert "Note" not in [e.text for e in plain.tags("th")]  # no column when no row has one


def test_many_targets_that_need_attention_chart_only_the_first() -> None:
    page = parse(render(many_missed(400, 250), "vi"))
    charts = [e for e in page.tags("svg") if e.attrs.get("role") == "img"]
    assert len(charts) == ATTENTION_CHARTS
    assert "… và 150 chỉ tiêu khác cần chú ý, liệt kê ở bảng dưới" in "".join(page.text)


def test_100_targets_all_have_charts() -> None:
    page = parse(render(many_missed(100, 7), "en"))
    assert len([e for e in page.tags("svg") if e.attrs.get("role") == "img"]) == 100
    assert "Summary" not in [e.text for e in page.tags("h2")]


def test_the_shipped_file_s_report_is_small() -> None:
    doc = load(SHIPPED, "targets.toml").doc
    for lang in ("vi", "en"):
        text = rendered("html", "status", evaluate(doc, "targets.toml"), lang)
        assert len(text.encode()) < 150_000
        assert_self_contained(parse(text))


def test_the_template_is_package_data() -> None:
    template = resources.files("ntm_cli.formats") / "templates" / "report.html.j2"
    assert template.is_file()
    pyproject = (Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert '"formats/templates/*.j2"' in pyproject


# --- the parts --------------------------------------------------------------------------


def test_a_range_plan_is_written_as_reports_write_it() -> None:
    assert plan_text(Range(7.5, 8), "vi") == "7,5–8"
    assert plan_text(Range(7.5, 8), "en") == "7.5–8"
    assert plan_text(36, "vi", 36) == "36/36"
    target = data_target("r", "R", plan={2021: Range(3, 4), 2025: 2.5}, actual={2021: 5.02},
                    estimate={2022: 4.5})  # fmt: skip
    assert chart_desc(target, "vi") == "2021: KH 3–4; TH 5,02. 2022: TH 4,5 (ước). 2025: KH 2,5."
    band, *_ = [s for s in svg.chart(chart_years(target)).shapes if s.tag == "rect"]
    attrs = dict(band.attrs)
    assert float(attrs["height"]) > 1 and attrs["fill"] == "#ddd"


def test_estimates_are_hollow_and_actuals_filled() -> None:
    target = data_target("e", "E", actual={2020: 5}, estimate={2020: 4, 2021: 6})
    circles = [dict(s.attrs) for s in svg.chart(chart_years(target)).shapes if s.tag == "circle"]
    assert [c["fill"] for c in circles] == [svg.ACTUAL_COLOUR, "#fff"]


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (data_target("a", "A", plan={2020: 88.296}, actual={2020: 94.45}), (100, "106.97%")),
        # a bar label is never rounded to a whole per cent: 99,45 is not "99%"
        (data_target("a", "A", plan={2020: 100}, actual={2020: 99.45}), (99, "99.45%")),
        (data_target("a", "A", plan={2025: 100}, actual={2020: 40, 2030: 200}), (40, "40%")),
        (data_target("a", "A", plan={2025: 1.0}, actual={2020: 0.29}, direction="decrease"),
         (100, "100%")),
        (data_target("a", "A", plan={2025: 1.0}, actual={2020: 4}, direction="decrease"),
         (25, "25%")),
        (data_target("a", "A", plan={2025: Range(50, 60)}, actual={2020: 40}), (80, "80%")),
        (data_target("a", "A", plan={2025: True}, actual={2020: False}), (0, "0%")),
        (data_target("a", "A", plan={2025: 0}, actual={2020: 4}), None),
        (data_target("a", "A", plan={2025: 10}), None),
        (data_target("a", "A", actual={2020: 10}), None),
    ],
)  # fmt: skip
def test_progress_toward_the_latest_plan(target: Target, expected: tuple[int, str] | None) -> None:
    found = progress(target, 2020, "en")
    assert (None if found is None else (found.percent, found.text)) == expected


finite = st.floats(min_value=-1e300, max_value=1e300, allow_nan=False)


@st.composite
def years(draw: st.DrawFn) -> list[svg.Year]:
    chosen = draw(st.lists(st.integers(1900, 2100), min_size=1, max_size=25, unique=True))
    result = []
    for year in chosen:
        low, high = sorted((draw(finite), draw(finite)))
        plan = draw(st.sampled_from([None, low, (low, high)]))
        result.append(svg.Year(year, plan, draw(st.none() | finite), draw(st.booleans())))
    return result


@given(years())
@settings(max_examples=100)
def test_charts_stay_inside_their_box_and_carry_only_numbers(chosen: list[svg.Year]) -> None:
    chart = svg.chart(chosen)
    number = re.compile(r"-?\d+(\.\d)?")
    for shape in chart.shapes:
        assert shape.tag in ("line", "polyline", "rect", "circle", "text")
        for name, value in shape.attrs:
            if name == "class":
                assert value == "tick"
                continue
            if name in ("x", "y", "cx", "cy", "x1", "x2", "y1", "y2", "width", "height"):
                assert number.fullmatch(value), (name, value)
                assert -10 <= float(value) <= max(chart.width, chart.height) + 10
        if shape.text is not None and ("class", "tick") not in shape.attrs:
            assert int(shape.text) in {y.year for y in chosen}


names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)


@given(
    name=names, unit=st.none() | names, group=st.none() | names, lang=st.sampled_from(["vi", "en"])
)
@settings(max_examples=60, deadline=None)
def test_any_text_from_the_file_stays_text(
    name: str, unit: str | None, group: str | None, lang: str
) -> None:
    doc = data_document(
        data_target("a", name, name_en=name, unit=unit, unit_en=unit, group=group, group_en=group,
                    plan={2020: 1}, actual={2020: 2}),
        name=name, name_en=name,
    )  # fmt: skip
    page = parse(render(doc, lang))  # type: ignore[arg-type]
    assert_self_contained(page)
    shown = "".join(page.text)
    assert name.strip() in shown.replace("\r\n", "\n")
    assert len(page.tags("style")) == 1 and len(page.tags("svg")) == 5


def test_a_record_with_an_estimate_is_marked() -> None:
    doc = data_document(
        data_target("e", "E", plan={2021: 10}, actual={2020: 8}, estimate={2021: 9})
    )
    cells = [e.text for e in parse(render(doc, "vi", year=2021)).tags("dd")]
    assert cells[:2] == ["10", "9 (ước)"]
    cells = [
        e.text for e in parse(render(doc, "en", "compare", year=2021, vs_year=2020)).tags("dd")
    ]
    assert cells == ["10", "9 (est.)", "-1 (-10%)", "90", "8", "+1 (+12.5%)", "112.5%"]


def test_a_range_plan_is_judged_and_shown_as_a_band() -> None:
    doc = data_document(data_target("lao-cai", "Tỷ lệ giảm nghèo", unit="%",
                                    plan={2020: Range(3, 4)}, actual={2020: 5.02}))  # fmt: skip
    page = parse(render(doc, "vi"))
    cells = [e.text for e in page.tags("dd")]
    assert cells == ["3–4", "5,02", "+1,02 điểm % (+25,5%)", "125,5"]
    assert "2020: KH 3–4; TH 5,02." in [e.text for e in page.tags("desc")]
    # one band in the legend, one in the chart
    assert len([e for e in page.tags("rect") if e.attrs.get("fill") == "#ddd"]) == 2


def test_the_readme_shows_the_report_before_performance() -> None:
    root = Path(__file__).parent.parent
    headings = [
        line
        for line in (root / "README.md").read_text("utf-8").splitlines()
        if line.startswith("## ")
    ]
    position = headings.index("## A report to send: `--format html`")
    assert headings[position + 1] == "## Performance"
    picture = (root / "docs" / "report.png").read_bytes()
    assert picture[:8] == b"\x89PNG\r\n\x1a\n" and len(picture) < 300_000


def test_a_chart_of_the_largest_doubles_of_both_signs(tmp_path: Path) -> None:
    """A span from -1e308 to 1e308 overflows a double; the page is drawn all the same."""
    for plan, actual in ((1e308, -1e308), (-1.7e308, 1.7e308), (1e308, 1e308), (5e-324, 0)):
        doc = data_document(
            data_target("c", "C", plan={2020: plan}, actual={2020: actual}, estimate={2021: plan})
        )
        page = rendered("html", "status", evaluate(doc, "t.toml", 2020), "en")
        charts = re.findall(r"<svg[^>]*role=\"img\"", page)
        assert len(charts) == 1
        assert re.search(r'="-?(nan|inf)', page, re.IGNORECASE) is None  # every point a number


# --- version 3: scales, time, labels, notes (SPEC §10, §7) ------------------------------------


def test_the_value_axis_is_chosen_from_the_data_and_labelled() -> None:
    # 89 → 93 % does not draw flat: the axis runs near the values, not from 0
    low, high, ticks = svg.scale([svg.Year(2020, 89.0, 89.0), svg.Year(2023, 95.0, 93.0)])
    assert 80 <= low <= 89 and 95 <= high <= 100 and len(ticks) >= 3
    # counts from near 0 start at 0
    low, _, _ = svg.scale([svg.Year(2020, None, 2.0), svg.Year(2023, 20.0, 8.0)])
    assert low == 0
    chart = svg.chart(
        [svg.Year(2020, 89.0, 89.0), svg.Year(2023, 95.0, 93.0)], label=lambda v: f"<{v:g}>"
    )
    labels = [s.text for s in chart.shapes if ("class", "tick") in s.attrs]
    assert labels and all(text and text.startswith("<") for text in labels)
    circles = [float(dict(s.attrs)["cy"]) for s in chart.shapes if s.tag == "circle"]
    assert circles[1] < circles[0] - 20  # 89 → 93 rises visibly on a 110-pixel chart


def test_years_are_placed_in_proportion_to_time() -> None:
    chart = svg.chart([svg.Year(y, None, 1.0 + i) for i, y in enumerate((2020, 2021, 2024))])
    xs = [float(dict(s.attrs)["cx"]) for s in chart.shapes if s.tag == "circle"]
    assert (xs[2] - xs[1]) == pytest.approx(3 * (xs[1] - xs[0]), abs=0.2)


def test_notes_and_sources_reach_the_page() -> None:
    doc = data_document(
        data_target(
            "a",
            "A",
            plan={2020: 100},
            actual={2020: 99.45},
            note="Dòng một\nDòng hai <b>",
            source="Sở <i>X</i>",
        ),
        name="P",
        source="Báo cáo số 12 <script>",
    )
    text = rendered("html", "status", evaluate(doc, "f", 2020), "vi")
    page = parse(text)
    shown = "".join(page.text)
    assert "Nguồn: Báo cáo số 12 <script>" in shown  # under the title, as text
    assert "Dòng một\nDòng hai <b>" in shown and "Sở <i>X</i>" in shown
    assert "<script>" not in text and "<b>" not in text.split("<style>")[0]
    bar = next(e for e in page.tags("div") if e.attrs.get("role") == "progressbar")
    assert bar.attrs["aria-valuetext"] == "99,45%"
    assert "TH/KH năm 2020 (%)" in shown
