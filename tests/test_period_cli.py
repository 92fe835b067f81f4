"""`--period YYYY-MM` on status, compare and check (SPEC §13): every format, parsed back;
usage errors; `record --period`; `import` of the year-to-date headings; `show`."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import Runner

FILE = """\
[program]
name = "Giải ngân"

[[target]]
id = "public-investment"
name = "Giải ngân vốn đầu tư công"
name_en = "Public investment disbursed"
unit = "tỷ đồng"
plan = { 2023 = 1000, 2024 = 1200 }
ytd = { "2023-09" = 640, "2024-06" = 410, "2024-09" = 780 }
ytd_estimate = { "2024-10" = 880 }

[[target]]
id = "accidents"
name = "Số vụ tai nạn giao thông"
name_en = "Road accidents"
unit = "vụ"
direction = "decrease"
plan = { 2024 = 120 }
ytd = { "2024-09" = 80 }

[[target]]
id = "revenue"
name = "Thu ngân sách"
plan = { 2024 = 500 }
ytd = { "2024-06" = 300 }

[[target]]
id = "yearly"
name = "Chỉ tiêu năm"
plan = { 2024 = 5 }
actual = { 2024 = 6 }
"""


@pytest.fixture
def targets(write_toml: Callable[[str], Path]) -> Path:
    return write_toml(FILE)


def _json(ntm: Runner, *args: str) -> dict[str, object]:
    result = ntm(*args, "--format", "json")
    assert result.code in (0, 1), result.err
    document = json.loads(result.out)
    assert isinstance(document, dict)
    return document


def test_json_of_the_worked_figures(ntm: Runner, targets: Path) -> None:
    document = _json(ntm, "status", "--period", "2024-09")
    assert document["version"] == 3
    assert (document["period"], document["year"]) == ("2024-09", 2024)
    assert document["summary"] == {
        "total": 3,
        "completed": 0,
        "on-pace": 1,
        "behind": 1,
        "above-pace": 0,
        "over-limit": 0,
        "no-plan": 0,
        "no-data": 1,
    }
    assert document["passed"] is False and document["strict"] is False
    first, accidents, revenue = document["targets"]  # type: ignore[misc]
    assert list(first)[:14] == [
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
    ]
    assert {k: first[k] for k in list(first)[14:]} == {
        "period": "2024-09",
        "value": 780,
        "estimated": False,
        "plan": 1200,
        "plan_pct": 65,
        "elapsed_pct": 75,
        "same_period": {"period": "2023-09", "value": 640, "estimated": False, "plan_pct": 64},
        "change": 140,
        "change_pct": 21.875,
        "ratio_pct": 121.875,
        "status": "behind",
        "verdict": "fail",
    }
    assert (accidents["status"], accidents["verdict"]) == ("on-pace", "pass")
    # no figure for 2024-09 but a plan for 2024: no-data, a warning
    assert (revenue["id"], revenue["status"], revenue["verdict"]) == ("revenue", "no-data", "warn")
    assert revenue["value"] is None and revenue["same_period"] is None


def test_status_and_compare_give_the_same_report(ntm: Runner, targets: Path) -> None:
    assert _json(ntm, "status", "--period", "2024-09") == _json(
        ntm, "compare", "--period", "2024-09"
    )


def test_an_estimate_is_marked(ntm: Runner, targets: Path) -> None:
    document = _json(ntm, "status", "--period", "2024-10")
    first = document["targets"][0]  # type: ignore[index]
    assert (first["value"], first["estimated"], first["status"]) == (880, True, "behind")
    # a wide screen, every figure and heading on one line (at 100 the headings wrap)
    wide = {"COLUMNS": "200"}
    table = ntm("status", "--period", "2024-10", "--lang", "vi", env=wide).out
    assert "880 (ước)" in table
    assert "Lũy kế 10 tháng 2024" in table
    assert "880 (est.)" in ntm("status", "--period", "2024-10", "--lang", "en", env=wide).out


def test_table_in_vietnamese(ntm: Runner, targets: Path) -> None:
    # a wide screen: every heading and figure on one line (fitting 80 columns: test_fit.py)
    result = ntm("compare", "--period", "2024-09", "--lang", "vi", env={"COLUMNS": "200"})
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "Giải ngân · Lũy kế 9 tháng 2024 · đã qua 75 % thời gian của năm"
    header = lines[1]
    for heading in ("KH năm 2024", "Lũy kế 9 tháng 2024", "% KH năm", "Cùng kỳ 2023"):
        assert heading in header
    assert "So với cùng kỳ" in header and "Thay đổi" in header
    row = next(line for line in lines if "1.200" in line)
    for cell in ("1.200", "780", "65 %", "640", "121,88 %", "+140 (+21,88 %)", "✗ CHẬM TIẾN ĐỘ"):
        assert cell in row
    assert "✓ ĐÚNG TIẾN ĐỘ" in result.out
    assert (
        lines[-1] == "Tổng: 3 chỉ tiêu · ✓ ĐÚNG TIẾN ĐỘ 1 · ✗ CHẬM TIẾN ĐỘ 1 · ? CHƯA CÓ SỐ LIỆU 1"
    )
    # status has no change column
    assert "Thay đổi" not in ntm("status", "--period", "2024-09", "--lang", "vi").out


def test_table_in_english(ntm: Runner, targets: Path) -> None:
    out = ntm("status", "--period", "2024-09", "--lang", "en").out
    assert "Jan–Sep 2024" in out and "vs same period" in out and "Jan–Sep 2023" in out
    assert "121.88 %" in out and "✗ BEHIND" in out and "✓ ON PACE" in out


def test_csv_flattens_the_same_period(ntm: Runner, targets: Path) -> None:
    result = ntm("status", "--period", "2024-09", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.out.lstrip("\ufeff"))))
    assert [r["id"] for r in rows] == ["public-investment", "accidents", "revenue"]
    first = rows[0]
    assert first["same_period_period"] == "2023-09"
    assert first["same_period_value"] == "640"
    assert first["same_period_estimated"] == "false"
    assert float(first["same_period_plan_pct"]) == 64
    assert float(first["plan_pct"]) == 65 and first["ratio_pct"] == "121.875"
    assert first["change"] == "140"
    assert (first["plan"], first["plan_low"], first["plan_high"]) == ("1200", "", "")
    assert rows[2]["same_period_value"] == "" and rows[2]["status"] == "no-data"


def test_markdown(ntm: Runner, targets: Path) -> None:
    out = ntm("status", "--period", "2024-09", "--format", "markdown", "--lang", "en").out
    assert out.startswith("## Giải ngân · Jan–Sep 2024 · 75 % of the year elapsed\n")
    row = next(line for line in out.splitlines() if line.startswith("| Public"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells == [
        "Public investment disbursed",
        "tỷ đồng",
        "1,200",
        "780",
        "65 %",
        "640",
        "121.88 %",
        "✗ BEHIND",
    ]


def test_xlsx_reads_back_and_imports_with_no_change(
    ntm: Runner, targets: Path, tmp_path: Path
) -> None:
    for lang in ("vi", "en"):
        out = tmp_path / f"ytd-{lang}.xlsx"
        before = targets.read_bytes()
        for period in ("2024-09", "2024-10"):
            result = ntm("compare", "--period", period, "--format", "xlsx", "-o", str(out),
                         "--lang", lang)  # fmt: skip
            assert result.code == 0, result.err
            sheet = openpyxl.load_workbook(out).active
            assert sheet is not None
            rows = [[c.value for c in row] for row in sheet.iter_rows()]
            header = rows[1]
            if lang == "vi" and period == "2024-09":
                assert header[:10] == [
                    "STT",
                    "Chỉ tiêu",
                    "Đơn vị",
                    "KH 2024",
                    "Lũy kế 9 tháng 2024",
                    "% KH năm",
                    "Cùng kỳ năm trước",
                    "So với cùng kỳ (%)",
                    "Thay đổi",
                    "Trạng thái",
                ]
                assert header[-2:] == ["Ghi chú", "id"]
                assert rows[2][:10] == [
                    1,
                    "Giải ngân vốn đầu tư công",
                    "tỷ đồng",
                    1200,
                    780,
                    65,
                    640,
                    121.875,
                    140,
                    "CHẬM TIẾN ĐỘ",
                ]
                assert rows[2][-1] == "public-investment"
            imported = ntm("import", str(out), "--dry-run", "--lang", "en")
            assert imported.code == 0, imported.err
            assert "→" not in imported.out  # nothing would change
            assert targets.read_bytes() == before


def test_check_text_exit_and_strict(ntm: Runner, targets: Path) -> None:
    result = ntm("check", "--period", "2024-09", "--lang", "en")
    assert result.code == 1
    assert result.out.splitlines() == [
        "Giải ngân · Year-to-date check, Jan–Sep 2024 · targets.toml",
        "✗ BEHIND [fail] public-investment: Public investment disbursed: "
        "BEHIND: 780 (65 % of the year's plan, 75 % of the year)",
        "? NO DATA [warning] revenue: Thu ngân sách: NO DATA: — (— of the year's plan, "
        "75 % of the year)",
        "Total: 3 targets · ✓ ON PACE 1 · ✗ BEHIND 1 · ? NO DATA 1",
        "FAILED: 1 target failed, 1 warning",
    ]
    assert result.err == ""  # no note on the default year: the period says which year


def test_check_passes_and_fails_by_gate(ntm: Runner, tmp_path: Path) -> None:
    (tmp_path / "targets.toml").write_text(
        FILE.replace('unit = "tỷ đồng"', 'unit = "tỷ đồng"\ngate = "warn"'), "utf-8"
    )
    assert ntm("check", "--period", "2024-09").code == 0
    assert ntm("check", "--period", "2024-09", "--strict").code == 1  # revenue has no figure
    assert ntm("check", "--period", "2024-06").code == 0  # revenue 300 of 500: on pace


@pytest.mark.parametrize(
    ("accidents", "status", "code"),
    [("80", "on-pace", 0), ("95", "above-pace", 1), ("121", "over-limit", 1)],
)
def test_check_of_a_ceiling(
    ntm: Runner, tmp_path: Path, accidents: str, status: str, code: int
) -> None:
    text = FILE.replace('"2024-09" = 80', f'"2024-09" = {accidents}')
    text = text.replace('"2024-09" = 780', '"2024-09" = 1200')  # completed: passes
    (tmp_path / "targets.toml").write_text(text, "utf-8")
    document = json.loads(ntm("check", "--period", "2024-09", "--format", "json").out)
    assert [t["status"] for t in document["targets"]] == ["completed", status, "no-data"]
    assert ntm("check", "--period", "2024-09").code == code


def test_check_junit_and_github(ntm: Runner, targets: Path) -> None:
    junit = ntm("check", "--period", "2024-09", "--format", "junit", "--lang", "en")
    assert junit.code == 1
    suite = ET.fromstring(junit.out)
    assert suite.tag == "testsuite" and suite.get("failures") == "1" and suite.get("tests") == "3"
    failure = suite.find("testcase[@name='public-investment']/failure")
    assert failure is not None
    assert failure.get("message") == "BEHIND: 780 (65 % of the year's plan, 75 % of the year)"
    assert failure.get("type") == "behind"
    github = ntm("check", "--period", "2024-09", "--format", "github", "--lang", "en")
    assert github.out.splitlines() == [
        "::error title=public-investment%3A BEHIND,file=targets.toml,line=4::"
        "BEHIND: 780 (65 %25 of the year's plan, 75 %25 of the year)",
        "::warning title=revenue%3A NO DATA,file=targets.toml,line=22::"
        "NO DATA: — (— of the year's plan, 75 %25 of the year)",
    ]
    vi = ntm("check", "--period", "2024-09", "--format", "github", "--lang", "vi")
    assert "CHẬM TIẾN ĐỘ: 780 (65 %25 kế hoạch năm, 75 %25 thời gian của năm)" in vi.out


def test_check_json_and_markdown(ntm: Runner, targets: Path) -> None:
    document = json.loads(ntm("check", "--period", "2024-09", "--format", "json").out)
    assert document["period"] == "2024-09" and document["passed"] is False
    markdown = ntm("check", "--period", "2024-09", "--format", "markdown", "--lang", "en").out
    assert markdown.startswith("## ✘ ntm check: FAILED: 1 target failed, 1 warning\n")
    assert "| ✘ fail |" in markdown


def test_html_page(ntm: Runner, targets: Path) -> None:
    result = ntm("status", "--period", "2024-09", "--format", "html", "--lang", "vi")
    assert result.code == 0, result.err
    page = result.out
    assert "<script" not in page
    assert "Lũy kế 9 tháng 2024" in page and "So với cùng kỳ" in page
    assert "121,88 %" in page and "CHẬM TIẾN ĐỘ" in page


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("status", "--period", "2024-9"), "invalid value for --period: 2024-9"),
        (("status", "--period", "2024-13"), "invalid value for --period: 2024-13"),
        (("status", "--period", "2024-09", "--year", "2024"), "cannot be given with --year"),
        (("compare", "--period", "2024-09", "--vs", "2023"), "cannot be given with --vs"),
        (("check", "--period", "2024-09", "-y", "2024"), "cannot be given with --year"),
    ],
)
def test_usage_errors(ntm: Runner, targets: Path, args: tuple[str, ...], message: str) -> None:
    result = ntm(*args, "--lang", "en")
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("ntm: ") and message in result.err
    assert result.err.count("\n") == 1


def test_an_unknown_period_names_those_the_file_has(ntm: Runner, targets: Path) -> None:
    result = ntm("status", "--period", "2024-08", "--lang", "en")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "targets.toml: no target has a year-to-date figure for 2024-08; "
        "the file has 2023-09, 2024-06, 2024-09, 2024-10\n"
    )
    github = ntm("check", "--period", "2024-08", "--format", "github", "--lang", "en")
    assert github.code == 2 and github.out.startswith("::error ")


# --- record, import, show ---------------------------------------------------------------------


def test_record_sets_ytd_and_ytd_estimate(ntm: Runner, targets: Path) -> None:
    result = ntm("record", "accidents", "--period", "2024-06", "--actual", "50", "--lang", "en")
    assert (result.code, result.out) == (0, "accidents: ytd 2024-06 = 50 (was not set)\n")
    result = ntm("record", "revenue", "--period", "2024-09", "--estimate", "410,5", "--lang", "vi")
    assert result.out == "revenue: ytd_estimate 2024-09 = 410,5 (trước đó chưa có)\n"
    result = ntm("record", "public-investment", "--period", "2024-07", "--actual", "500")
    assert result.code == 0
    text = targets.read_text("utf-8")
    assert 'ytd = { "2024-06" = 50, "2024-09" = 80 }' in text
    assert 'ytd = { "2024-06" = 300 }\nytd_estimate = { "2024-09" = 410.5 }' in text
    assert '"2024-06" = 410, "2024-07" = 500, "2024-09" = 780' in text
    # unchanged when numerically equal; refused when different without --force
    same = ntm("record", "accidents", "--period", "2024-06", "--actual", "50.0", "--lang", "en")
    assert same.out == "accidents: ytd 2024-06 = 50 (unchanged)\n"
    before = targets.read_bytes()
    refused = ntm("record", "accidents", "--period", "2024-06", "--actual", "51", "--lang", "en")
    assert refused.code == 2 and "already 50; use --force" in refused.err
    assert targets.read_bytes() == before
    forced = ntm("record", "accidents", "--period", "2024-06", "--actual", "51", "--force")
    assert forced.code == 0 and 'ytd = { "2024-06" = 51,' in targets.read_text("utf-8")


def test_record_into_a_sub_table_keeps_period_order(ntm: Runner, tmp_path: Path) -> None:
    path = tmp_path / "targets.toml"
    path.write_text(
        '[[target]]\nid = "a"\nname = "A"\nplan = { 2024 = 10 }\n\n'
        '[target.ytd]\n"2024-03" = 2  # quý I\n"2024-09" = 7\n',
        "utf-8",
    )
    assert ntm("record", "a", "--period", "2024-06", "--actual", "5").code == 0
    assert path.read_text("utf-8").endswith(
        '[target.ytd]\n"2024-03" = 2  # quý I\n"2024-06" = 5\n"2024-09" = 7\n'
    )
    document = json.loads(ntm("status", "--period", "2024-06", "--format", "json").out)
    assert document["targets"][0]["value"] == 5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--period", "2024-06", "--plan", "5"), "cannot be given with --plan"),
        (("--period", "2024-06", "--year", "2024", "--actual", "5"), "with --year"),
        (("--period", "24-06", "--actual", "5"), "invalid value for --period"),
        (
            (
                "--actual",
                "5",
            ),
            "missing option --year",
        ),
        (("--period", "2024-06", "--actual", "true"), "expected a number"),
    ],
)
def test_record_refuses(ntm: Runner, targets: Path, args: tuple[str, ...], message: str) -> None:
    before = targets.read_bytes()
    result = ntm("record", "accidents", *args, "--lang", "en")
    assert result.code == 2 and message in result.err, result.err
    assert result.err.count("\n") == 1
    assert targets.read_bytes() == before


def test_record_refuses_a_rate(ntm: Runner, tmp_path: Path) -> None:
    path = tmp_path / "targets.toml"
    path.write_text('[[target]]\nid = "a"\nname = "A"\nunit = "%"\nplan = { 2024 = 5 }\n', "utf-8")
    result = ntm("record", "a", "--period", "2024-06", "--actual", "2", "--lang", "en")
    assert result.code == 2 and "a rate (unit %) does not accumulate" in result.err
    assert "ytd" not in path.read_text("utf-8")


SHEET = """\
STT,Chỉ tiêu,Đơn vị,KH năm 2024,TH 6 tháng 2024,Lũy kế 9 tháng 2024,Cùng kỳ năm trước,\
Ước TH 10 tháng 2024,Quý II/2024,Tháng 9/2024,TH/KH (%)
1,Giải ngân vốn đầu tư công,tỷ đồng,1.200,410,780,640,880,200,90,65
2,Số vụ tai nạn giao thông,vụ,120,,80,,,,,
"""


def test_import_reads_the_year_to_date_headings(ntm: Runner, targets: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "bao-cao.csv"
    sheet.write_text(SHEET, "utf-8")
    text = FILE.replace('ytd = { "2023-09" = 640, "2024-06" = 410, "2024-09" = 780 }\n', "")
    text = text.replace('ytd_estimate = { "2024-10" = 880 }\n', 'ytd = { "2024-01" = 1 }\n')
    text = text.replace('ytd = { "2024-09" = 80 }\n', "")
    targets.write_text(text, "utf-8")
    dry = ntm("import", str(sheet), "--dry-run", "--lang", "en")
    assert dry.code == 0, dry.err
    lines = dry.out.splitlines()
    assert "public-investment: ytd.2024-06: — → 410" in lines
    assert "public-investment: ytd.2024-09: — → 780" in lines
    assert "public-investment: ytd_estimate.2024-10: — → 880" in lines
    assert "public-investment: ytd.2023-09: — → 640" in lines
    assert "accidents: ytd.2024-09: — → 80" in lines
    # a later quarter and a single month are not figures since 1 January; TH/KH neither
    assert not any("200" in line or "90" in line.split("→")[-1] for line in lines)
    assert ntm("import", str(sheet)).code == 0
    document = json.loads(ntm("status", "--period", "2024-09", "--format", "json").out)
    first = document["targets"][0]
    assert (first["value"], first["plan_pct"], first["ratio_pct"]) == (780, 65, 121.875)
    assert first["same_period"]["plan_pct"] == 64
    again = ntm("import", str(sheet), "--dry-run", "--lang", "en")
    assert "→" not in again.out


@pytest.mark.parametrize(
    ("heading", "found"),
    [
        ("TH 9 tháng 2024", ("ytd", "2024-09")),
        ("Lũy kế 9 tháng 2024", ("ytd", "2024-09")),
        ("9 tháng 2024", ("ytd", "2024-09")),
        ("9 tháng đầu năm 2024", ("ytd", "2024-09")),
        ("6 tháng đầu năm 2024", ("ytd", "2024-06")),
        ("Quý I/2024", ("ytd", "2024-03")),
        ("Ước TH 9 tháng 2024", ("ytd_estimate", "2024-09")),
        ("Ước 9 tháng 2024", ("ytd_estimate", "2024-09")),
        ("Jan–Sep 2024", ("ytd", "2024-09")),
        ("9 months 2024", ("ytd", "2024-09")),
        ("Estimate Jan–Oct 2024", ("ytd_estimate", "2024-10")),
        ("Lũy kế tháng 1/2024", ("ytd", "2024-01")),
        ("Ước tháng 1/2024", ("ytd_estimate", "2024-01")),
        ("Tháng 1/2024", None),
        ("Cùng kỳ năm trước", ("same", "")),
        ("Quý II/2024", None),
        ("Tháng 9/2024", None),
        ("TH/KH 2024 (%)", None),
        ("13 tháng 2024", None),
    ],
)
def test_year_to_date_headings(heading: str, found: tuple[str, str] | None) -> None:
    from ntm_cli.edit.sheet import _heading, period_measure

    assert period_measure(_heading(heading)) == found


def test_show_lists_the_year_to_date_figures(ntm: Runner, targets: Path) -> None:
    out = ntm("show", "public-investment", "--lang", "vi").out
    rows = [line.split() for line in out.splitlines()]
    assert [
        "9",
        "tháng",
        "2024",
        "780",
        "65",
        "%",
        "121,88",
        "%",
        "✗",
        "CHẬM",
        "TIẾN",
        "ĐỘ",
    ] in rows
    assert "880 (ước)" in out
    document = json.loads(ntm("show", "public-investment", "--format", "json").out)
    periods = document["periods"]
    assert [p["period"] for p in periods] == ["2023-09", "2024-06", "2024-09", "2024-10"]
    assert periods[2]["ratio_pct"] == 121.875 and periods[2]["status"] == "behind"
    assert "id" not in periods[0]


def test_the_readme_example_is_real_output(ntm: Runner) -> None:
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text("utf-8")
    example = ROOT / "examples" / "ytd-2024.toml"
    # the README shows the example's targets as the file has them
    shown = example.read_text("utf-8").split("[[target]]", 1)[1]
    assert shown in readme
    for command in (
        "ntm compare --period 2024-09 --lang vi",
        "ntm status --period 2024-09 --lang en",
        "ntm check --period 2024-09 --format github --lang en",
    ):
        start = readme.index(f"$ {command}\n") + len(f"$ {command}\n")
        ends = [e for e in (readme.find("\n$ ", start), readme.find("```", start)) if e >= 0]
        block = readme[start : min(ends)].rstrip("\n") + "\n"
        args = command.split()[1:]
        result = ntm(*args, "-f", str(example), env={"COLUMNS": "120"})
        out = result.out.replace(str(example), "targets.toml")
        assert out == block, command
