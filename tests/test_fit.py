"""SPEC §3 version 3: human tables fit the terminal. At 80 columns `status` and `compare`
have no line wider than 80 (the unit moves under the name); under 100 columns `compare --vs`
keeps Y2's figure and the ratio to it, and `outlook` the start, Y − 1 and Y; figures are
never cut or wrapped; not a terminal: 120 columns unless COLUMNS says otherwise."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.text import Text

from ntm_cli.cli.options import report_width
from ntm_cli.formats import outlook_parts, period_parts
from ntm_cli.formats.outlook_parts import year_columns
from ntm_cli.formats.table import _fields, render_outlook_table, render_period
from ntm_cli.i18n import Lang
from ntm_cli.judge.evaluate import Report, evaluate
from ntm_cli.judge.outlook import OutlookReport, outlook
from ntm_cli.judge.period import PeriodReport, evaluate_period
from ntm_cli.targets_file.data import Document
from tests.builders import (
    _OUTLOOK_FIGURES,
    WIDE_FIGURES,
    documents,
    load_file,
    load_text,
    outlook_documents,
    period_documents,
    toml_text,
)
from tests.conftest import DATA, ROOT, SHIPPED, Runner

SMALL = str(DATA / "valid" / "small.toml")
EXAMPLE = Path(__file__).parent.parent / "examples" / "outlook-2021-2025.toml"

COMPARE_EN_80 = """\
Demo · Year 2020
Target                    Plan   Actual             Delta   A/P %  Status
────────────────────────────────────────────────────────────────────────────────
Kinh tế
Income                   1,000  1,234.5  +234.5 (+23.45%)  123.45  ▲ EXCEEDED
(triệu đồng)

Xã hội
Poor households              1     1.04    +0.04 pp (+4%)     104  ≈ NEAR
(%)
Số xã             36/36 (2021)    30/36                 —       —  … IN PROGRESS
[bold]đạt[/bold]
:smile:
Total: 3 targets · ▲ EXCEEDED 1 · ≈ NEAR 1 · … IN PROGRESS 1
"""

AHEAD_VI_80 = """\
Năm 2020
Chỉ tiêu          Kế hoạch (KH)   Thực hiện (TH)   Chênh lệch   Trạng thái
──────────────────────────────────────────────────────────────────────────
Số xã đạt chuẩn    36/36 (2023)            36/36    sớm 3 năm   » ĐẠT SỚM
(xã)
Tổng: 1 chỉ tiêu · » ĐẠT SỚM 1
"""


def widest(text: str) -> int:
    return max(cell_len(line) for line in text.splitlines())


def test_compare_at_80_columns_exact(ntm: Runner) -> None:
    result = ntm("compare", "-f", SMALL, "--lang", "en", env={"COLUMNS": "80"})
    assert result.out == COMPARE_EN_80


def test_an_ahead_row_shows_the_plan_its_years_count_to(ntm: Runner, write_toml: Any) -> None:
    # 36 communes in 2020 reach the plans of 2021 to 2023 (not 2025's 40): the 2023 plan
    # beside "sớm 3 năm", never the 2021 plan (SPEC §2)
    write_toml(
        '[program]\nyear = 2020\n[[target]]\nid = "communes"\nname = "Số xã đạt chuẩn"\n'
        'unit = "xã"\ntotal = 36\nplan = { 2021 = 30, 2022 = 33, 2023 = 36, 2025 = 40 }\n'
        "actual = { 2020 = 36 }\n"
    )
    assert ntm("status", "--lang", "vi", env={"COLUMNS": "80"}).out == AHEAD_VI_80
    # an in-progress row still shows the next milestone
    write_toml(
        '[[target]]\nid = "c"\nname = "C"\nplan = { 2021 = 30, 2022 = 33 }\n'
        "actual = { 2020 = 20 }\n"
    )
    assert "30 (2021)" in ntm("status", "--lang", "vi").out


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("command", ["status", "compare"])
@pytest.mark.parametrize(
    "path",
    [SHIPPED, *sorted(p for p in (DATA / "valid").glob("*.toml") if p.stem != "extremes")],
    ids=lambda p: Path(p).stem,
)
def test_no_line_wider_than_80(ntm: Runner, path: Path, command: str, lang: str) -> None:
    result = ntm(command, "-f", str(path), "--lang", lang, env={"COLUMNS": "80"})
    assert result.code == 0, result.err
    assert widest(result.out) <= 80, result.out


def test_figures_are_never_cut_even_when_they_cannot_fit(ntm: Runner) -> None:
    # 1e308 has 309 digits: the line is wider than the screen, the number is whole
    out = ntm("status", "-f", str(DATA / "valid" / "extremes.toml"), env={"COLUMNS": "80"}).out
    assert "…" not in out.replace("… ", "")  # no figure shortened to "1.0…"
    assert widest(out) > 80


def test_show_never_cuts_a_figure_either(ntm: Runner) -> None:
    # 1e308 in `show`: the table is wider than the screen, the figure is whole (it was
    # "100,000,…,00…" at 80 columns)
    path = str(DATA / "valid" / "extremes.toml")
    out = ntm("show", "huge", "-f", path, "--lang", "en", env={"COLUMNS": "80"}).out
    assert "…" not in out
    assert "100," + "000," * 101 + "000" in out
    assert widest(out) > 80


def test_compare_vs_under_100_columns_keeps_y2_and_the_ratio(ntm: Runner) -> None:
    args = ("compare", "-f", SMALL, "--year", "2020", "--vs", "2019", "--lang", "vi")
    narrow = ntm(*args, env={"COLUMNS": "99"}).out.splitlines()[1]
    assert "TH 2019" in narrow and "So với năm 2019" in narrow and "Thay đổi" not in narrow
    wide = ntm(*args, env={"COLUMNS": "160"}).out.splitlines()[1]
    assert "TH 2019" in wide and "Thay đổi" in wide and "So với năm 2019" in wide


def test_compare_vs_a_baseline_year_heads_its_column_as_the_baseline(
    ntm: Runner, write_toml: Any
) -> None:
    write_toml(
        '[[target]]\nid = "a"\nname = "A"\nbaseline = { year = 2015, value = 50 }\n'
        "plan = { 2020 = 50 }\nactual = { 2020 = 53.8 }\n"
    )
    out = ntm("compare", "--vs", "2015", "--lang", "vi", env={"COLUMNS": "200"}).out
    header = out.splitlines()[1]
    assert "Năm gốc 2015" in header and "So với năm 2015" in header
    assert "107,6%" in out  # 53.8 / 50 × 100, as reports write it
    en = ntm("compare", "--vs", "2015", "--lang", "en", env={"COLUMNS": "200"}).out
    assert "Baseline 2015" in en and "vs 2015" in en


def test_outlook_under_100_columns_shows_the_start_and_the_last_two_years(ntm: Runner) -> None:
    narrow = ntm("outlook", "-f", str(EXAMPLE), "--lang", "en", env={"COLUMNS": "80"}).out
    header = next(line for line in narrow.splitlines() if line.startswith("Target"))
    assert "Start" in header and "2022" in header and "2023" in header
    assert "2021" not in header and "2020" not in header
    wide = ntm("outlook", "-f", str(EXAMPLE), "--lang", "en", env={"COLUMNS": "100"}).out
    assert "2021" in next(line for line in wide.splitlines() if line.startswith("Target"))


def test_a_wide_terminal_does_not_fold_the_unit(ntm: Runner) -> None:
    out = ntm("compare", "-f", str(SHIPPED), "--lang", "en", env={"COLUMNS": "200"}).out
    assert "million VND/person" in out  # whole, on one line
    assert widest(out) < 160  # no blank name column stretched over the screen


def test_width_not_a_terminal_is_120_unless_columns() -> None:
    assert report_width({}, None) == 120
    assert report_width({"COLUMNS": "80"}, None) == 80
    assert report_width({}, 93) == 93
    assert report_width({"COLUMNS": "abc"}, 93) == 93
    assert report_width({"COLUMNS": "0"}, None) == 120


def test_piped_output_is_120_wide(ntm: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS")
    out = ntm("compare", "-f", str(SHIPPED), "--lang", "en").out
    assert "Unit" in out.splitlines()[1]  # 120 columns: the unit keeps its column
    assert widest(out) <= 120


# --- the outlook, the year-to-date tables and compare --vs at 80 columns -----------------------

YTD = ROOT / "examples" / "ytd-2024.toml"
UNITS = ROOT / "examples" / "can-tho-units.toml"


def pieces(cell: str) -> list[str]:
    """A figure as a narrow table may show it: "+140 (+21,88 %)" as "+140" over "(+21,88 %)";
    each part whole."""
    head, found, tail = cell.rpartition(" (")
    return [head, "(" + tail] if found and head else [cell]


def outlook_figures(report: OutlookReport, lang: Lang) -> list[list[str]]:
    """Each row's figures at 80 columns: the start, Y − 1, Y, the period target, progress."""
    years = [y for y in year_columns(report) if report.year and y >= report.year - 1]
    return [outlook_parts.cells(record, lang, years)[:-2] for record in report.records]


def period_figures(report: PeriodReport, lang: Lang, kind: str) -> list[list[str]]:
    return [period_parts.cells(record, lang, kind)[2:-1] for record in report.records]


def vs_figures(report: Report, lang: Lang) -> list[list[str]]:
    fields = _fields("compare", lang, report, 80)
    figures = [fn for col, fn in fields if col.kind == "figure" and col.justify == "right"]
    cells = [[fn(record, lang) for fn in figures] for record in report.records]
    return [[c.plain if isinstance(c, Text) else c for c in row] for row in cells]


def assert_whole(out: str, rows: list[list[str]]) -> None:
    """Every figure of the report is in the table, each part on one line, none cut."""
    lines = out.splitlines()
    for row in rows:
        for cell in row:
            for part in pieces(cell):
                assert any(part in line for line in lines), (part, out)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("path", [SHIPPED, EXAMPLE, UNITS], ids=lambda p: Path(p).stem)
@pytest.mark.parametrize("width", [80, 99])
def test_outlook_fits(ntm: Runner, path: Path, lang: Lang, width: int) -> None:
    # measured before at 80: the example 91 (vi), 88 (en); the shipped file 81 (vi)
    out = ntm("outlook", "-f", str(path), "--lang", lang, env={"COLUMNS": str(width)}).out
    assert widest(out) <= width, out
    assert_whole(out, outlook_figures(outlook(load_file(path), str(path)), lang))


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("kind", ["status", "compare"])
@pytest.mark.parametrize("path", [YTD, DATA / "valid" / "ytd.toml"], ids=lambda p: Path(p).stem)
@pytest.mark.parametrize("width", [80, 99])
def test_year_to_date_tables_fit(
    ntm: Runner, path: Path, kind: str, lang: Lang, width: int
) -> None:
    # measured before at 80: status 102 (vi), 89 (en); compare 119 (vi), 106 (en)
    for period in load_file(path).periods():
        args = (kind, "--period", period, "-f", str(path), "--lang", lang)
        out = ntm(*args, env={"COLUMNS": str(width)}).out
        assert widest(out) <= width, out
        report = evaluate_period(load_file(path), str(path), period)
        assert_whole(out, period_figures(report, lang, kind))


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(("path", "vs"), [(Path(SMALL), 2019), (EXAMPLE, 2020), (UNITS, 2019)])
@pytest.mark.parametrize("width", [80, 99])
def test_compare_vs_fits(ntm: Runner, path: Path, vs: int, lang: Lang, width: int) -> None:
    # measured before at 80: 96 (small, vi), 100 (the outlook example, vi), 88 (units, vi)
    args = ("compare", "--vs", str(vs), "-f", str(path), "--lang", lang)
    result = ntm(*args, env={"COLUMNS": str(width)})
    assert result.code == 0, result.err
    out = result.out
    assert widest(out) <= width, out
    assert_whole(out, vs_figures(evaluate(load_file(path), str(path), vs_year=vs), lang))


YTD_COMPARE_VI_80 = """\
Giải ngân vốn đầu tư công · Tỉnh Thử · Lũy kế 9 tháng 2024 · đã qua 75 % thời
gian của năm
                         Lũy kế           Cùng
                KH năm  9 tháng     % KH    kỳ    So với
Chỉ tiêu          2024     2024      năm  2023   cùng kỳ    Thay đổi  Trạng thái
────────────────────────────────────────────────────────────────────────────────
Giải ngân vốn    1.200      780     65 %   640  121,88 %        +140  ✗ CHẬM
đầu tư công                                               (+21,88 %)  TIẾN ĐỘ
(tỷ đồng)
Số vụ tai nạn  100–120       80  66,67 %    95   84,21 %         -15  ✓ ĐÚNG
giao thông                                                (-15,79 %)  TIẾN ĐỘ
(vụ)
Tổng: 2 chỉ tiêu · ✓ ĐÚNG TIẾN ĐỘ 1 · ✗ CHẬM TIẾN ĐỘ 1
"""

YTD_COMPARE_EN_80 = """\
Giải ngân vốn đầu tư công · Tỉnh Thử · Jan–Sep 2024 · 75 % of the year elapsed
                Plan  Jan–Sep     % of  Jan–Sep   vs same
Target          2024     2024     plan     2023    period      Change  Status
────────────────────────────────────────────────────────────────────────────────
Public         1,200      780     65 %      640  121.88 %        +140  ✗ BEHIND
investment                                                 (+21.88 %)
disbursed
(billion
VND)
Road         100–120       80  66.67 %       95   84.21 %         -15  ✓ ON PACE
accidents                                                  (-15.79 %)
(vụ)
Total: 2 targets · ✓ ON PACE 1 · ✗ BEHIND 1
"""


def test_year_to_date_compare_at_80_columns_exact(ntm: Runner) -> None:
    # headings wrap between words over the figures, the change goes under its figure, the
    # status wraps between words; no line wider than 80
    path = str(DATA / "valid" / "ytd.toml")
    for lang, expected in (("vi", YTD_COMPARE_VI_80), ("en", YTD_COMPARE_EN_80)):
        args = ("compare", "--period", "2024-09", "-f", path, "--lang", lang)
        assert ntm(*args, env={"COLUMNS": "80"}).out == expected


# --- any document: at 80 columns no line is wider, whenever the figures themselves fit -------


def _longest_word(text: str) -> int:
    return max((cell_len(word) for word in text.split()), default=0)


def least_width(headers: list[str], rows: list[list[str]], labels: int) -> int:
    """The narrowest table the fitting can lay out (its last arrangement): the name 12 wide
    with the unit under it, each figure as wide as its widest part or its heading's longest
    word, each of the last `labels` columns as wide as its longest word, one blank between
    columns. `headers` and `rows` leave out the name and the unit."""
    total = 12 + len(headers)
    for position, header in enumerate(headers):
        cells = [row[position] for row in rows]
        if position >= len(headers) - labels:
            total += max([_longest_word(header), *(_longest_word(c) for c in cells)])
        else:
            parts = [cell_len(p) for c in cells for p in pieces(c)]
            total += max([_longest_word(header), *parts])
    return total


@settings(max_examples=60)
@given(outlook_documents(_OUTLOOK_FIGURES | WIDE_FIGURES), st.sampled_from(["vi", "en"]))
def test_any_outlook_fits_80_columns_when_its_figures_do(doc: Document, lang: Lang) -> None:
    report = outlook(doc, "f.toml")
    out = render_outlook_table(report, lang, 80, False)
    if report.year is None or not report.records:
        return
    rows = outlook_figures(report, lang)
    assert_whole(out, rows)
    years = [y for y in year_columns(report) if y >= report.year - 1]
    headers = outlook_parts.headers(lang, years)[2:]
    cells = [outlook_parts.cells(r, lang, years) for r in report.records]
    if least_width(headers, cells, labels=2) <= 80:
        assert widest(out) <= 80, out


@settings(max_examples=40)
@given(
    st.one_of(
        documents().map(lambda raw: load_text(toml_text(raw))), period_documents(WIDE_FIGURES)
    ),
    st.sampled_from(["vi", "en"]),
)
def test_any_year_to_date_table_fits_80_columns_when_its_figures_do(
    doc: Document, lang: Lang
) -> None:
    for period in doc.periods()[:3]:
        report = evaluate_period(doc, "f.toml", period)
        for kind in ("status", "compare"):
            out = render_period(report, lang, kind, 80, False)
            assert_whole(out, period_figures(report, lang, kind))
            headers = period_parts.headers(report, lang, kind)[2:]
            cells = [period_parts.cells(r, lang, kind)[2:] for r in report.records]
            if least_width(headers, cells, labels=1) <= 80:
                assert widest(out) <= 80, out
