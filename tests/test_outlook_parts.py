"""`ntm outlook` in each format: SPEC §8's JSON shape, the CSV flattening of SPEC §3, the table
and the Markdown, the labels, and the illustrative example programme."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntm_cli.formats.common import program_dict
from ntm_cli.formats.markdown import render_outlook_markdown
from ntm_cli.formats.outlook_parts import outlook_report_dict
from ntm_cli.formats.table import render_outlook_table
from ntm_cli.i18n import OUTLOOK_LABELS, OUTLOOK_SYMBOLS, TREND_LABELS, TREND_SYMBOLS
from ntm_cli.judge.outlook import OUTLOOKS, OutlookReport, outlook
from ntm_cli.targets_file.data import Baseline, Document, Program, Range
from ntm_cli.targets_file.load import load
from ntm_cli.targets_file.rules import LANGS
from tests.builders import data_document, data_target, outlook_documents
from tests.runner import rendered

EXAMPLE = Path(__file__).parent.parent / "examples" / "outlook-2021-2025.toml"
# SPEC §7 version 3: the keys every target record of every report begins with.
COMMON_KEYS = [
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
RECORD_KEYS = [
    *COMMON_KEYS,
    "to_year",
    "plan",
    "start",
    "current",
    "outlook",
    "trend",
    "method",
    "pace",
    "progress_pct",
    "ratio",
    "projected",
    "reach_year",
]


def small() -> OutlookReport:
    tg = data_target(
        id="a",
        name="[bold]x :smile:",
        unit="%",
        baseline=Baseline(2020, 0),
        actual={2022: 5},
        estimate={2023: 8},
        plan={2025: Range(20, 25)},
    )
    return outlook(data_document(tg, name="P"), "f.toml")


def test_example_is_read_and_shows_every_outlook() -> None:
    loaded = load(EXAMPLE, "outlook-2021-2025.toml")
    report = outlook(loaded.doc, "outlook-2021-2025.toml")
    assert report.year == 2023
    assert report.summary == dict.fromkeys(OUTLOOKS, 1)
    assert EXAMPLE.read_text(encoding="utf-8").startswith("# ILLUSTRATIVE")


def test_json_shape() -> None:
    document = json.loads(json.dumps(outlook_report_dict(small()), allow_nan=False))
    assert list(document) == ["version", "file", "program", "year", "targets", "summary"]
    assert (document["version"], document["file"], document["year"]) == (3, "f.toml", 2023)
    assert document["program"] == {"name": "P", "region": None}
    (record,) = document["targets"]
    assert list(record) == RECORD_KEYS
    assert record["plan"] == [20, 25]
    assert record["start"] == {"year": 2020, "value": 0}
    assert record["current"] == {"year": 2023, "value": 8, "estimated": True}
    assert (record["outlook"], record["method"], record["reach_year"]) == (
        "acceleration-needed",
        "linear",
        2028,
    )
    assert record["ratio"] == 0.4
    assert document["summary"] == {
        "total": 1,
        **{o: int(o == "acceleration-needed") for o in OUTLOOKS},
    }
    assert list(document["summary"]) == ["total", *OUTLOOKS]


def test_json_nulls_are_present() -> None:
    tg = data_target(id="b", name="B", plan={2025: True})
    record = outlook_report_dict(outlook(data_document(tg), "f"))["targets"][0]
    assert list(record) == RECORD_KEYS
    assert record["plan"] is True
    assert (record["start"], record["current"], record["pace"]) == (None, None, None)


def test_program_lists_every_key_the_file_sets() -> None:
    program = Program(name="N", year=2023, name_en="E", near_pct=4.0, lang="vi")
    assert program_dict(program) == {
        "name": "N",
        "region": None,
        "lang": "vi",
        "near_pct": 4.0,
        "year": 2023,
        "name_en": "E",
    }
    assert list(program_dict(program)) == ["name", "region", "lang", "near_pct", "year", "name_en"]


OUTLOOK_CSV = [
    *COMMON_KEYS,
    "to_year",
    "plan",
    "plan_low",
    "plan_high",
    "start_year",
    "start_value",
    "current_year",
    "current_value",
    "current_estimated",
    "outlook",
    "trend",
    "method",
    "pace",
    "progress_pct",
    "ratio",
    "projected",
    "reach_year",
]


def outlook_csv(report: Any) -> list[dict[str, str]]:
    text = rendered("csv", "outlook", report, "en")
    assert text.startswith("\ufeff")
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    assert reader.fieldnames == OUTLOOK_CSV  # SPEC §3 and §8, flattened
    return list(reader)


def test_csv_flattens_points_and_ranges() -> None:
    tg = data_target(
        id="c", name="C", baseline=Baseline(2020, 50), actual={2023: 62}, plan={2025: 75}
    )
    ranged, single = outlook_csv(outlook(data_document(small().records[0].target, tg), "f"))
    assert (ranged["plan"], ranged["plan_low"], ranged["plan_high"]) == ("", "20", "25")
    assert (single["plan"], single["plan_low"], single["plan_high"]) == ("75", "", "")
    assert (ranged["start_year"], ranged["start_value"]) == ("2020", "0")
    assert (ranged["current_year"], ranged["current_value"], ranged["current_estimated"]) == (
        "2023",
        "8",
        "true",
    )
    assert single["outlook"] == "acceleration-needed"
    assert float(single["pace"]) == pytest.approx(0.8800, abs=5e-5)  # SPEC §8's first figure


def test_table_vi() -> None:
    # Under 100 columns the outlook shows the start, Y − 1 and Y (SPEC §3); the unit moves
    # under the name, labels and headings wrap between words, an estimate's mark goes under
    # its figure, figures stay whole, and no line is wider than the screen.
    assert render_outlook_table(small(), "vi", 100, False) == (
        "P · Năm 2023\n"
        "                                                                Tiến  "
        "                Theo tốc độ\n"
        "Chỉ tiêu         Xuất phát  2020  2021  2022   2023  Mục tiêu     độ  "
        "Khả năng đạt    hiện nay\n"
        "──────────────────────────────────────────────────────────────────────"
        "──────────────────────────────\n"
        "[bold]x :smile:          0     —     —     5      8     20–25    40%  "
        "↑ CẦN ĐẨY       dự kiến đạt\n"
        "(%)                 (2020)                    (ước)    (2025)         "
        "NHANH           năm 2028\n"
        "Tổng: 1 chỉ tiêu · ↑ CẦN ĐẨY NHANH 1\n"
    )
    assert render_outlook_table(small(), "vi", 80, False) == (
        "P · Năm 2023\n"
        "                 Xuất                  Mục  Tiến                  Theo tốc độ\n"
        "Chỉ tiêu         phát  2022   2023    tiêu    độ  Khả năng đạt    hiện nay\n"
        "────────────────────────────────────────────────────────────────────────────────\n"
        "[bold]x             0     5      8   20–25   40%  ↑ CẦN ĐẨY       dự kiến đạt\n"
        ":smile:        (2020)        (ước)  (2025)        NHANH           năm 2028\n"
        "(%)\n"
        "Tổng: 1 chỉ tiêu · ↑ CẦN ĐẨY NHANH 1\n"
    )


def test_table_en() -> None:
    assert render_outlook_table(small(), "en", 100, False) == (
        "P · Year 2023\n"
        "                                                                      "
        "                At the current\n"
        "Target           Start  2020  2021  2022      2023    Plan  Progress  "
        "Outlook         pace\n"
        "──────────────────────────────────────────────────────────────────────"
        "──────────────────────────────\n"
        "[bold]x              0     —     —     5  8 (est.)   20–25       40%  "
        "↑ ACCELERATION  expected in\n"
        ":smile:         (2020)                              (2025)            "
        "NEEDED          2028\n"
        "(%)\n"
        "Total: 1 target · ↑ ACCELERATION NEEDED 1\n"
    )
    wide = render_outlook_table(small(), "en", 200, False)
    assert "↑ ACCELERATION NEEDED   expected in 2028" in wide
    assert max(len(line) for line in wide.splitlines()) < 200
    # 80 columns: headings and labels wrap between words, the estimate's mark goes under it
    assert render_outlook_table(small(), "en", 80, False) == (
        "P · Year 2023\n"
        "                                                                      At the\n"
        "                                                                      current\n"
        "Target           Start  2022    2023    Plan  Progress  Outlook       pace\n"
        "────────────────────────────────────────────────────────────────────────────────\n"
        "[bold]x              0     5       8   20–25       40%  ↑             expected\n"
        ":smile:         (2020)        (est.)  (2025)            ACCELERATION  in 2028\n"
        "(%)                                                     NEEDED\n"
        "Total: 1 target · ↑ ACCELERATION NEEDED 1\n"
    )


def test_markdown_escapes_file_text() -> None:
    assert render_outlook_markdown(small(), "en") == (
        "## P · Year 2023\n\n"
        "Total: 1 target · ↑ ACCELERATION NEEDED 1\n\n"
        "| Target | Unit | Start | 2020 | 2021 | 2022 | 2023 | Plan | Progress | Outlook"
        " | At the current pace |\n"
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |\n"
        "| \\[bold\\]x :smile: | % | 0 (2020) | — | — | 5 | 8 (est.) | 20–25 (2025) | 40%"
        " | ↑ ACCELERATION NEEDED | expected in 2028 |\n"
    )


def test_empty_reports_say_so() -> None:
    none = outlook(data_document(data_target(id="a", name="A")), "f")
    assert (
        render_outlook_table(none, "en", 80, False)
        == "The file has no plan or actual values yet.\n"
    )
    # a yes/no target whose plans are all past: left out (a number would be `no-target`)
    past = outlook(
        data_document(data_target(id="a", name="A", actual={2023: True}, plan={2020: True})), "f"
    )
    assert render_outlook_markdown(past, "vi") == (
        "## Năm 2023\n\nKhông có chỉ tiêu nào có kế hoạch từ năm 2023 trở đi.\n"
    )


def test_every_outlook_has_a_label_and_its_own_symbol() -> None:
    for lang in LANGS:
        assert list(OUTLOOK_LABELS[lang]) == list(OUTLOOKS)
    assert list(OUTLOOK_SYMBOLS) == list(OUTLOOKS)
    assert len(set(OUTLOOK_SYMBOLS.values())) == len(OUTLOOKS)


def test_example_renders_in_colour_with_symbols() -> None:
    report = outlook(load(EXAMPLE, "x.toml").doc, "x.toml")
    coloured = render_outlook_table(report, "vi", 160, True)
    assert "\x1b[" in coloured
    plain = render_outlook_table(report, "vi", 160, False)
    for outlook_class in OUTLOOKS:
        assert f"{OUTLOOK_SYMBOLS[outlook_class]} {OUTLOOK_LABELS['vi'][outlook_class]}" in plain
    assert "– CHƯA CÓ MỤC TIÊU · ⇈ TIẾN BỘ RÕ" in plain
    assert "dự kiến đạt năm 2028" in plain
    assert "không đạt với tốc độ này" in plain


@given(outlook_documents(), st.sampled_from(LANGS))
def test_every_format_takes_any_document(doc: Document, lang: str) -> None:
    assert lang in LANGS
    report = outlook(doc, "f.toml")
    document = json.loads(json.dumps(outlook_report_dict(report), allow_nan=False))
    assert [t["id"] for t in document["targets"]] == [r.target.id for r in report.records]
    assert sum(document["summary"].values()) == 2 * len(report.records)
    assert document["summary"]["total"] == len(report.records)
    assert [row["id"] for row in outlook_csv(report)] == [r.target.id for r in report.records]
    language = "vi" if lang == "vi" else "en"
    table = render_outlook_table(report, language, 300, False)
    markdown = render_outlook_markdown(report, language)
    for record in report.records:
        badge = f"{OUTLOOK_SYMBOLS[record.outlook]} {OUTLOOK_LABELS[language][record.outlook]}"
        if record.trend is not None:
            badge += f" · {TREND_SYMBOLS[record.trend]} {TREND_LABELS[language][record.trend]}"
        assert badge in table
        assert f"| {badge} |" in markdown
