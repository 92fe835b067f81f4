"""SPEC §3 version 3: human tables fit the terminal. At 80 columns `status` and `compare`
have no line wider than 80 (the unit moves under the name); under 100 columns `compare --vs`
keeps Y2's figure and the ratio to it, and `outlook` the start, Y − 1 and Y; figures are
never cut or wrapped; not a terminal: 120 columns unless COLUMNS says otherwise."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from ntm_cli.cli.options import report_width
from tests.conftest import DATA, SHIPPED, Runner

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
