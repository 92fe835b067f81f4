"""`ntm status` and `ntm compare`: every format, both languages, file and language lookup."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA, Runner

SMALL = str(DATA / "valid" / "small.toml")

STATUS_VI = """\
Demo · Năm 2020
Chỉ tiêu                      Kế hoạch (KH)   Thực hiện (TH)           Chênh lệch   Trạng thái
────────────────────────────────────────────────────────────────────────────────────────────────────
Kinh tế
Thu nhập                              1.000          1.234,5     +234,5 (+23,45%)   ▲ VƯỢT
(triệu đồng)

Xã hội
Hộ nghèo                                  1             1,04   +0,04 điểm % (+4%)   ≈ GẦN ĐẠT
(%)
Số xã [bold]đạt[/bold]         36/36 (2021)            30/36                    —   … ĐANG THỰC HIỆN
:smile:
Tổng: 3 chỉ tiêu · ▲ VƯỢT 1 · ≈ GẦN ĐẠT 1 · … ĐANG THỰC HIỆN 1
"""

STATUS_EN_HEAD = """\
Demo · Year 2020
Target                        Unit                 Plan    Actual              Delta   Status
"""


def test_status_table_vi_exact(ntm: Runner) -> None:
    result = ntm("status", "-f", SMALL, "--lang", "vi")
    assert result.code == 0, result.err
    assert result.out == STATUS_VI
    assert result.err == ""


def test_status_table_en(ntm: Runner) -> None:
    result = ntm("status", "-f", SMALL, "--lang", "en")
    assert result.code == 0
    assert result.out.startswith(STATUS_EN_HEAD)
    assert "Income" in result.out and "1,234.5" in result.out
    assert "+0.04 pp (+4%)" in result.out
    assert "Total: 3 targets · ▲ EXCEEDED 1 · ≈ NEAR 1 · … IN PROGRESS 1" in result.out


def test_table_has_no_escape_codes_when_not_a_terminal(ntm: Runner) -> None:
    assert "\x1b" not in ntm("status", "-f", SMALL).out


def test_markup_and_emoji_codes_in_names_stay_text(ntm: Runner) -> None:
    out = ntm("compare", "-f", SMALL, "--lang", "vi", env={"COLUMNS": "200"}).out
    assert "[bold]đạt[/bold]" in out
    assert ":smile:" in out and "😄" not in out


def test_compare_vs_columns(ntm: Runner) -> None:
    result = ntm("compare", "-f", SMALL, "--year", "2020", "--vs", "2019", "--lang", "en")
    assert result.code == 0
    header = result.out.splitlines()[1]
    for column in (
        "Plan",
        "Actual",
        "Delta",
        "A/P %",
        "Status",
        "Actual 2019",
        "Change",
        "vs 2019",
    ):
        assert column in header
    assert "+134.5" in result.out and "(+12.23%)" in result.out
    assert "123.45" in result.out and "112.23%" in result.out
    wide = ntm(
        "compare",
        "-f",
        SMALL,
        "--year",
        "2020",
        "--vs",
        "2019",
        "--lang",
        "en",
        env={"COLUMNS": "200"},
    ).out
    assert "+134.5 (+12.23%)" in wide and "Actual/Plan (%)" in wide


def test_compare_vi_headings(ntm: Runner) -> None:
    out = ntm("compare", "-f", SMALL, "--lang", "vi", env={"COLUMNS": "200"}).out
    for heading in ("Kế hoạch (KH)", "Thực hiện (TH)", "Chênh lệch", "TH/KH (%)", "Trạng thái"):
        assert heading in out


# --- JSON (SPEC §7) --------------------------------------------------------------------------

RECORD_KEYS = [
    "id",
    "name",
    "name_en",
    "group",
    "group_en",
    "unit",
    "unit_en",
    "direction",
    "gate",
    "total",
    "computed",
    "rollup",
    "note",
    "source",
    "year",
    "plan",
    "actual",
    "estimated",
    "delta",
    "delta_pct",
    "ratio",
    "status",
    "ahead_years",
    "milestone",
    "verdict",
    "previous",
]


def test_json_report_shape(ntm: Runner) -> None:
    result = ntm("status", "-f", SMALL, "--format", "json")
    assert result.code == 0
    report = json.loads(result.out)
    assert list(report) == [
        "version",
        "file",
        "program",
        "year",
        "vs_year",
        "summary",
        "passed",
        "strict",
        "targets",
    ]
    assert report["version"] == 3
    assert report["file"] == SMALL
    assert report["program"] == {"name": "Demo", "region": None}
    assert (report["year"], report["vs_year"], report["strict"]) == (2020, None, False)
    assert report["summary"] == {
        "total": 3,
        "exceeded": 1,
        "met": 0,
        "near": 1,
        "missed": 0,
        "ahead": 0,
        "in-progress": 1,
        "no-plan": 0,
        "no-data": 0,
    }
    assert report["passed"] is True
    assert [t["id"] for t in report["targets"]] == ["income", "poor", "communes"]
    for record in report["targets"]:
        assert list(record) == RECORD_KEYS
    income, poor, communes = report["targets"]
    assert (income["plan"], income["actual"], income["delta"]) == (1000, 1234.5, 234.5)
    assert income["delta_pct"] == pytest.approx(23.45)
    assert income["ratio"] == pytest.approx(1.2345)
    assert (poor["status"], poor["verdict"], poor["delta"]) == ("near", "warn", 0.04)
    assert communes["milestone"] == {"year": 2021, "plan": 36}
    assert communes["plan"] is None and communes["delta"] is None


def test_json_status_codes_are_english_in_both_languages(ntm: Runner) -> None:
    vi = json.loads(ntm("status", "-f", SMALL, "--format", "json", "--lang", "vi").out)
    en = json.loads(ntm("status", "-f", SMALL, "--format", "json", "--lang", "en").out)
    assert vi == en
    assert [t["status"] for t in vi["targets"]] == ["exceeded", "near", "in-progress"]


def test_json_compare_vs(ntm: Runner) -> None:
    result = ntm("compare", "-f", SMALL, "--year", "2020", "--vs", "2019", "--format", "json")
    report = json.loads(result.out)
    assert report["vs_year"] == 2019
    income, poor, communes = report["targets"]
    assert income["previous"] == {
        "year": 2019,
        "actual": 1100,
        "estimated": False,
        "change": 134.5,
        "change_pct": pytest.approx(12.227272727272727),
        "ratio_pct": 112.22727272727273,
    }
    assert poor["previous"] == {
        "year": 2019,
        "actual": None,
        "estimated": None,
        "change": None,
        "change_pct": None,
        "ratio_pct": None,
    }
    assert communes["previous"]["change"] == 0


# --- CSV ---------------------------------------------------------------------------------------


def _rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")  # the byte-order mark a spreadsheet needs
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_csv_parses_back_with_the_json_fields(ntm: Runner) -> None:
    result = ntm("status", "-f", SMALL, "--format", "csv", "--lang", "en")
    assert result.code == 0
    assert result.out_bytes.startswith(b"\xef\xbb\xbfid,name,name_en,")
    assert "\r\n" in result.out
    rows = _rows(result.out)
    assert [r["id"] for r in rows] == ["income", "poor", "communes"]
    income = rows[0]
    assert income["name"] == "Thu nhập"
    assert (income["plan"], income["actual"], income["delta"]) == ("1000", "1234.5", "234.5")
    assert float(income["delta_pct"]) == pytest.approx(23.45)
    assert income["status"] == "exceeded" and income["verdict"] == "pass"
    assert income["milestone_year"] == "" and income["previous_change"] == ""
    assert rows[2]["milestone_year"] == "2021" and rows[2]["milestone_plan"] == "36"


def test_csv_defuses_formulas(ntm: Runner, write_toml: Any) -> None:
    path = write_toml(
        """
[[target]]
id = "x"
name = "=HYPERLINK(\\"http://evil\\")"
name_en = "+1"
group = "@SUM(A1)"
unit = "-2"
actual = { 2020 = -5 }
"""
    )
    rows = _rows(ntm("status", "-f", str(path), "--format", "csv").out)
    row = rows[0]
    assert row["name"] == '\'=HYPERLINK("http://evil")'
    assert row["name_en"] == "'+1"
    assert row["group"] == "'@SUM(A1)"
    assert row["unit"] == "'-2"
    assert row["actual"] == "-5"  # numbers stay numbers


def test_csv_to_a_file_has_the_byte_order_mark_too(ntm: Runner, tmp_path: Path) -> None:
    out = tmp_path / "report.csv"
    result = ntm("status", "-f", SMALL, "--format", "csv", "-o", str(out))
    assert result.code == 0 and result.out == ""
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Hộ nghèo" in data.decode("utf-8-sig")


# --- Markdown ------------------------------------------------------------------------------------


def test_markdown_tables_per_group(ntm: Runner) -> None:
    out = ntm("compare", "-f", SMALL, "--format", "markdown", "--lang", "vi").out
    assert out.startswith("## Demo · Năm 2020\n")
    assert "### Kinh tế" in out and "### Xã hội" in out
    assert "| Thu nhập | triệu đồng | 1.000 | 1.234,5 | +234,5 (+23,45%) | 123,45 | ▲ VƯỢT |" in out
    # text from the file cannot open a link or a table cell
    assert "Số xã \\[bold\\]đạt\\[/bold\\] :smile:" in out


def test_markdown_escapes_pipes_and_html(ntm: Runner, write_toml: Any) -> None:
    path = write_toml('[[target]]\nid = "x"\nname = "a | b <img src=x>"\nactual = { 2020 = 1 }\n')
    out = ntm("status", "-f", str(path), "--format", "markdown").out
    assert "a \\| b &lt;img src=x&gt;" in out
    assert "<img" not in out


# --- where the file and the language come from ---------------------------------------------------


def test_file_from_environment(ntm: Runner) -> None:
    result = ntm("status", "--format", "json", env={"NTM_FILE": SMALL})
    assert json.loads(result.out)["file"] == SMALL


def test_file_found_in_a_parent_directory(ntm: Runner, tmp_path: Path) -> None:
    (tmp_path / "targets.toml").write_text(Path(SMALL).read_text("utf-8"), "utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    result = ntm("status", "--format", "json", cwd=deep)
    assert result.code == 0
    assert json.loads(result.out)["file"] == str(Path("..") / ".." / "targets.toml")


def test_no_file_anywhere(ntm: Runner, tmp_path: Path) -> None:
    result = ntm("status", cwd=tmp_path)
    assert result.code == 2
    assert "targets.toml" in result.err and "--file" in result.err
    assert "Traceback" not in result.err


def test_language_from_program_and_locale(ntm: Runner, write_toml: Any) -> None:
    vi_file = write_toml(
        '[program]\nlang = "vi"\n[[target]]\nid = "x"\nname = "X"\nactual = { 2020 = 1 }\n',
        "vi.toml",
    )
    plain = write_toml('[[target]]\nid = "x"\nname = "X"\nactual = { 2020 = 1 }\n', "plain.toml")
    assert "Trạng thái" in ntm("status", "-f", str(vi_file)).out
    assert "Status" in ntm("status", "-f", str(vi_file), env={"NTM_LANG": "en"}).out
    assert "Status" in ntm("status", "-f", str(plain)).out
    assert "Trạng thái" in ntm("status", "-f", str(plain), env={"LANG": "vi_VN.UTF-8"}).out


def test_output_file_replaces_atomically(ntm: Runner, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    out.write_text("old", "utf-8")
    result = ntm("compare", "-f", SMALL, "--format", "json", "-o", str(out))
    assert result.code == 0 and result.out == ""
    assert json.loads(out.read_text("utf-8"))["year"] == 2020
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_unknown_year_exits_2_and_lists_years(ntm: Runner) -> None:
    result = ntm("status", "-f", SMALL, "--year", "2030")
    assert result.code == 2
    assert "2030" in result.err and "2019, 2020, 2021" in result.err
    assert result.out == ""


@pytest.mark.parametrize(
    "args",
    [
        ("status", "--format", "xml"),
        ("status", "--bogus"),
        ("compare", "--year", "abc"),
        ("status", "--lang", "fr"),
        ("frobnicate",),
    ],
)
def test_bad_command_lines_exit_2(ntm: Runner, args: tuple[str, ...]) -> None:
    result = ntm(*args, "-f", SMALL) if args[0] != "frobnicate" else ntm(*args)
    assert result.code == 2
    assert "Traceback" not in result.err


def test_no_arguments_prints_help(ntm: Runner) -> None:
    result = ntm()
    assert result.code == 0
    assert "status" in result.out and "compare" in result.out and "check" in result.out


def test_version(ntm: Runner) -> None:
    from ntm_cli import __version__

    result = ntm("--version")
    assert (result.code, result.out) == (0, f"ntm {__version__}\n")


def _many(count: int, missed_every: int = 7) -> str:
    lines = []
    for i in range(count):
        actual = 5 if i % missed_every == 0 else 12
        group = ["Kinh tế", "Xã hội"][i % 2]
        lines.append(
            f'[[target]]\nid = "t{i}"\nname = "Chỉ tiêu {i}"\ngroup = "{group}"\n'
            f"plan = {{ 2020 = 10 }}\nactual = {{ 2020 = {actual} }}\n"
        )
    return "\n".join(lines)


def test_a_large_file_gives_an_overview(ntm: Runner, write_toml: Any) -> None:
    path = write_toml(_many(301))
    result = ntm("status", "-f", str(path), "--lang", "en")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[1] == "301 targets: an overview by group; --all lists every target"
    assert lines[2].split() == ["Group", "Targets", "▲", "EXCEEDED", "✘", "MISSED"]
    assert lines[4].split() == ["Kinh", "tế", "151", "129", "22"]
    assert lines[5].split() == ["Xã", "hội", "150", "129", "21"]
    assert "Needs attention" in lines
    # the counts header, 20 rows, and the summary line
    assert sum("✘ MISSED" in line for line in lines) == 1 + 20 + 1
    assert "… and 23 more that need attention (--all lists every target)" in lines
    assert lines[-1] == "Total: 301 targets · ▲ EXCEEDED 258 · ✘ MISSED 43"


def test_all_lists_every_target(ntm: Runner, write_toml: Any) -> None:
    path = write_toml(_many(301))
    out = ntm("status", "-f", str(path), "--all", "--lang", "en").out
    assert all(f"Chỉ tiêu {i} " in out or out.count(f"Chỉ tiêu {i}\n") for i in range(0, 301, 50))
    assert sum("✘ MISSED" in line for line in out.splitlines()) == 43 + 1  # rows + summary


def test_a_file_of_a_hundred_targets_is_still_listed(ntm: Runner, write_toml: Any) -> None:
    path = write_toml(_many(100))
    out = ntm("status", "-f", str(path), "--lang", "en").out
    assert "overview" not in out
    assert sum(line.startswith("Chỉ tiêu ") for line in out.splitlines()) == 100


def test_writing_a_report_says_so_on_stderr(ntm: Runner, tmp_path: Path) -> None:
    result = ntm(
        "check", "-f", SMALL, "-y", "2020", "--format", "junit", "-o", "out.xml", "--lang", "en"
    )
    assert (result.code, result.out) == (0, "")
    assert result.err == "wrote out.xml\n"
    result = ntm("status", "-f", SMALL, "-o", "out.txt", "--lang", "vi")
    assert result.err == "đã ghi out.txt\n"


def test_validate_formats(ntm: Runner) -> None:
    result = ntm("validate", "-f", SMALL, "--lang", "en")
    assert (result.code, result.out) == (0, f"{SMALL}: valid (3 targets, 2019–2021)\n")
    result = ntm("validate", "-f", SMALL, "--format", "json")
    assert json.loads(result.out) == {
        "version": 3,
        "file": SMALL,
        "valid": True,
        "targets": 3,
        "years": [2019, 2020, 2021],
        "errors": [],
        "warnings": [],
    }


def test_a_group_stays_one_section_in_english_when_one_target_names_it(
    ntm: Runner, write_toml: Any
) -> None:
    write_toml(
        '[[target]]\nid = "a"\nname = "A"\ngroup = "Xã hội"\nactual = { 2020 = 1 }\n'
        '[[target]]\nid = "b"\nname = "B"\ngroup = "Kinh tế"\nactual = { 2020 = 2 }\n'
        '[[target]]\nid = "c"\nname = "C"\ngroup = "Xã hội"\ngroup_en = "Society"\n'
        "actual = { 2020 = 3 }\n"
    )
    markdown = ntm("status", "--format", "markdown", "--lang", "en").out
    assert [line for line in markdown.splitlines() if line.startswith("### ")] == [
        "### Society",
        "### Kinh tế",
    ]
    vi = ntm("status", "--format", "markdown", "--lang", "vi").out
    assert [line for line in vi.splitlines() if line.startswith("### ")] == [
        "### Xã hội",
        "### Kinh tế",
    ]


def test_show_trends_estimates_and_gives_yes_no_targets_no_direction(
    ntm: Runner, write_toml: Any
) -> None:
    write_toml(
        '[[target]]\nid = "grdp"\nname = "GRDP"\nunit = "%"\n'
        "plan = { 2023 = [7.5, 8], 2025 = [8, 8.5] }\n"
        "actual = { 2021 = 6.5, 2022 = 7.1 }\nestimate = { 2023 = 7.6 }\n"
        '[[target]]\nid = "hospital"\nname = "Bệnh viện"\nplan = { 2025 = true }\n'
        "actual = { 2023 = false }\n"
    )
    grdp = ntm("show", "grdp", "--lang", "en").out.splitlines()
    assert grdp[:4] == [
        "GRDP (grdp)",
        "% · higher is better",
        "Trend: ▁▅█ (2021–2023)",
        "Milestones: 2025: 8–8.5",
    ]
    assert "2023   7.5–8   7.6 (est.)" in ntm("show", "grdp", "--lang", "en").out
    hospital = ntm("show", "hospital", "--lang", "vi").out.splitlines()
    assert hospital[:3] == ["Bệnh viện (hospital)", "Xu hướng: ✘ (2023)", "Mốc kế hoạch: 2025: Có"]


STATUS_CSV = (
    "id,name,name_en,group,group_en,unit,unit_en,direction,gate,total,computed,rollup,note,source,"
    "year,plan,plan_low,plan_high,"
    "actual,estimated,delta,delta_pct,ratio,status,ahead_years,milestone_year,milestone_plan,"
    "milestone_plan_low,milestone_plan_high,verdict,previous_year,previous_actual,"
    "previous_estimated,previous_change,previous_change_pct,previous_ratio_pct"
)


def test_csv_flattens_ranges_and_estimates(ntm: Runner, write_toml: Any) -> None:
    write_toml(
        '[[target]]\nid = "grdp"\nname = "GRDP"\nunit = "%"\n'
        "plan = { 2023 = [7.5, 8], 2025 = [8, 8.5] }\nestimate = { 2023 = 7.2 }\n"
        '[[target]]\nid = "income"\nname = "Thu nhập"\nplan = { 2023 = 60, 2025 = 70 }\n'
        "actual = { 2022 = 55, 2023 = 61.3 }\n"
    )
    text = ntm("compare", "--year", "2023", "--vs", "2022", "--format", "csv").out
    assert text.removeprefix("\ufeff").splitlines()[0] == STATUS_CSV
    grdp, income = _rows(text)
    assert (grdp["plan"], grdp["plan_low"], grdp["plan_high"]) == ("", "7.5", "8")
    assert (grdp["actual"], grdp["estimated"], grdp["status"]) == ("7.2", "true", "near")
    assert (grdp["milestone_plan"], grdp["milestone_plan_low"], grdp["milestone_plan_high"]) == (
        "",
        "8",
        "8.5",
    )
    assert (grdp["previous_actual"], grdp["previous_estimated"]) == ("", "")
    assert (income["plan"], income["plan_low"], income["plan_high"]) == ("60", "", "")
    assert (income["milestone_plan"], income["milestone_plan_low"]) == ("70", "")
    assert (income["previous_actual"], income["previous_estimated"]) == ("55", "false")
