"""Roll-up targets (SPEC §12.2): values counted from the units are the target's actuals for
every report, marked as counted; the worked figures hold; counted values never move the
default year."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ntm_cli.judge.evaluate import default_year, evaluate
from tests.builders import load_text, toml_text
from tests.conftest import ROOT, Runner

EXAMPLE = ROOT / "examples" / "can-tho-units.toml"
CRITERIA = [{"id": i, "name": f"Tiêu chí {i}"} for i in range(1, 20)]


def _thua_thien_hue() -> dict[str, Any]:
    """104 communes at 12/2018: 44 meet 19, 29 meet 15–18, 28 meet 10–14, 3 meet 8–9;
    1,678 criteria met in all (SPEC §12.2's worked figures)."""
    met = [19] * 44 + [18] * 29 + [11] * 16 + [10] * 12 + [8] * 3
    assert (len(met), sum(met)) == (104, 1678)
    units = [
        {
            "id": f"xa-{n}",
            "name": f"Xã {n}",
            "kind": "commune",
            "unmet": {"2018": list(range(1, 20 - m))},
        }
        for n, m in enumerate(met)
    ]
    return {
        "standard": [{"id": "ntm", "name": "Đạt chuẩn nông thôn mới"}],
        "criterion": CRITERIA,
        "unit": units,
        "target": [
            {"id": "avg", "name": "Bình quân", "rollup": {"of": "commune", "average": "criteria"}},
            {
                "id": "pct19",
                "name": "Tỷ lệ xã đạt 19 tiêu chí",
                "unit": "%",
                "rollup": {"of": "commune", "criteria_min": 19, "as": "percent"},
            },
            {"id": "n19", "name": "Số xã đạt 19", "rollup": {"of": "commune", "criteria_min": 19}},
            {"id": "n15", "name": "Số xã đạt 15+", "rollup": {"of": "commune", "criteria_min": 15}},
            {"id": "c1", "name": "Đạt tiêu chí 1", "rollup": {"of": "commune", "criterion": 1}},
        ],
    }


def _json(ntm: Runner, *args: str) -> Any:
    result = ntm(*args, "--format", "json")
    assert result.code in (0, 1), result.err
    return json.loads(result.out)


def test_thua_thien_hue_2018(ntm: Runner, tmp_path: Path) -> None:
    path = tmp_path / "targets.toml"
    path.write_text(toml_text(_thua_thien_hue()), "utf-8")
    report = _json(ntm, "status", "-f", str(path))
    assert report["year"] == 2018  # the latest year a unit mentions
    got = {t["id"]: (t["actual"], t["total"], t["computed"]) for t in report["targets"]}
    assert round(got["avg"][0], 2) == 16.13 and got["avg"][1:] == (None, True)
    assert round(got["pct19"][0], 2) == 42.31 and got["pct19"][1:] == (None, True)
    assert got["n19"] == (44, 104, True)
    assert got["n15"] == (73, 104, True)
    assert got["c1"] == (44, 104, True)  # unmet lists start at 1: only the 44 meet it
    # exact quotients rounded once
    assert got["avg"][0] == float.fromhex((1678 / 104).hex())
    assert got["pct19"][0] == 4400 / 104
    rollup = next(t for t in report["targets"] if t["id"] == "pct19")["rollup"]
    assert rollup == {"of": "commune", "criteria_min": 19, "as": "percent"}
    result = ntm("status", "-f", str(path), "--lang", "en")
    assert "44/104 ∑" in result.out and "16.13 ∑" in result.out and "42.31 ∑" in result.out
    assert result.out.rstrip().endswith("∑ counted from the units")


def test_can_tho_2020_from_the_units(ntm: Runner) -> None:
    report = _json(ntm, "status", "-f", str(EXAMPLE))
    got = {t["id"]: t for t in report["targets"]}
    ntm_ = got["communes-ntm"]
    assert (ntm_["actual"], ntm_["total"], ntm_["status"], ntm_["ahead_years"]) == (
        36,
        36,
        "ahead",
        1,
    )
    districts = got["districts-ntm"]
    assert (districts["actual"], districts["total"], districts["status"]) == (4, 4, "ahead")
    advanced = got["communes-advanced"]
    assert (advanced["actual"], advanced["plan"], advanced["status"]) == (8, 5, "exceeded")
    assert (advanced["delta"], advanced["delta_pct"]) == (3, 60.0)
    assert all(t["computed"] for t in report["targets"])
    vi = ntm("status", "-f", str(EXAMPLE)).out
    assert "36/36 ∑" in vi and "∑ đếm từ các đơn vị" in vi


def test_computed_values_never_move_the_default_year() -> None:
    raw = _thua_thien_hue()
    raw["target"].append({"id": "typed", "name": "Typed", "actual": {"2016": 1}})
    raw["target"].append({"id": "planned", "name": "Planned", "plan": {"2030": 1}})
    doc = load_text(toml_text(raw))
    assert default_year(doc) == 2016  # the typed actual, not the counted 2018
    raw["target"].pop(-2)
    assert default_year(load_text(toml_text(raw))) == 2018  # else the latest year a unit mentions
    raw["program"] = {"year": 2017}
    assert default_year(load_text(toml_text(raw))) == 2017


def test_standard_years_run_from_the_first_mention_to_the_default_year() -> None:
    raw: dict[str, Any] = {
        "program": {"year": 2022},
        "standard": [{"id": "ntm", "name": "NTM"}, {"id": "adv", "name": "Nâng cao"}],
        "unit": [
            {"id": "a", "name": "A", "kind": "commune", "recognised": {"ntm": 2018}},
            {
                "id": "b",
                "name": "B",
                "kind": "commune",
                "recognised": {"ntm": 2019, "adv": 2020},
                "revoked": {"ntm": 2021},
            },
            {"id": "c", "name": "C", "kind": "commune", "from": 2020},
        ],
        "target": [
            {"id": "ntm", "name": "NTM", "rollup": {"of": "commune", "standard": "ntm"}},
            {"id": "adv", "name": "Adv", "rollup": {"of": "commune", "standard": "adv"}},
            {
                "id": "new",
                "name": "New",
                "rollup": {"of": "commune", "standard": "ntm", "new": True},
            },
            {
                "id": "pct",
                "name": "Pct",
                "unit": "%",
                "rollup": {"of": "commune", "standard": "ntm", "as": "percent"},
            },
        ],
    }
    doc = load_text(toml_text(raw))
    by_year = {
        year: {r.target.id: (r.actual, r.target.total) for r in evaluate(doc, "t", year).records}
        for year in range(2018, 2023)
    }
    assert by_year[2018]["ntm"] == (1, 2)
    assert by_year[2019]["ntm"] == (2, 2)
    assert by_year[2020]["ntm"] == (2, 3)  # c exists from 2020
    assert by_year[2021]["ntm"] == (1, 3)  # b withdrawn in 2021
    assert by_year[2022]["ntm"] == (1, 3)  # up to the default year
    assert by_year[2020]["adv"] == (1, 3)
    assert by_year[2021]["adv"] == (0, 3)  # withdrawing ntm withdraws adv
    assert by_year[2019]["new"] == (1, 2)
    assert by_year[2020]["new"] == (0, 3)
    assert by_year[2020]["pct"] == (200 / 3, None)  # the exact quotient, rounded once


def test_partial_years_have_no_value() -> None:
    raw = _thua_thien_hue()
    raw["unit"][0]["unmet"]["2019"] = []
    raw["unit"][1]["met_count"] = {"2019": 19}
    raw["program"] = {"year": 2018}
    doc = load_text(toml_text(raw))
    records = {r.target.id: r for r in evaluate(doc, "t", 2018).records}
    assert records["n19"].actual == 44
    targets = {t.id: t for t in doc.target}
    from ntm_cli.judge.evaluate import counted

    resolved = {t.id: t for t in counted(doc).target}
    assert 2019 not in resolved["n19"].actual  # 2 of 104 assessed
    counted_n19 = resolved["n19"].counted
    assert counted_n19 is not None and counted_n19.partial[2019] == (102, 104)
    counted_c1 = resolved["c1"].counted
    assert counted_c1 is not None and counted_c1.partial[2019] == (103, 104)  # met_count
    assert targets["n19"].actual == {}  # the document as read keeps no counted actual


def test_a_file_without_units_is_not_resolved() -> None:
    raw = {"target": [{"id": "a", "name": "A", "actual": {"2020": 1}}]}
    doc = load_text(toml_text(raw))
    from ntm_cli.judge.evaluate import counted

    assert counted(doc) is doc


def test_warnings_of_units(ntm: Runner, tmp_path: Path) -> None:
    """SPEC §5: partial assessments naming how many are missing; a criterion roll-up with
    units that have only met_count; a district without communes."""
    raw = {
        "program": {"year": 2020},
        "criterion": CRITERIA[:3],
        "unit": [
            {"id": "d", "name": "Huyện D", "kind": "district"},
            {"id": "e", "name": "Huyện E", "kind": "district"},
            {"id": "a", "name": "Xã A", "kind": "commune", "parent": "d", "unmet": {"2020": [1]}},
            {"id": "b", "name": "Xã B", "kind": "commune", "parent": "d", "met_count": {"2020": 2}},
            {"id": "c", "name": "Xã C", "kind": "commune", "parent": "d"},
        ],
    }
    text = toml_text(raw) + (
        '\n[[target]]\nid = "t"\nname = "T"\nrollup = { of = "commune", criterion = 1 }\n'
    )
    path = tmp_path / "targets.toml"
    path.write_text(text, "utf-8")
    result = ntm("validate", "-f", str(path), "--lang", "en", "--strict")
    assert result.code == 1
    assert result.err.splitlines() == [
        f'warning: {path}:15: unit "e": the district has no communes in 2020',
        f'warning: {path}:49: target "t": rollup: 2020: 1 of 3 units have only met_count,'
        " which does not say which criteria were met; write unmet to count by criterion",
        f'warning: {path}:49: target "t": rollup: 2020: 1 of 3 units in scope are not'
        " assessed, so the year has no counted value",
    ]
    assert "warning:" not in ntm("status", "-f", str(path)).err  # only validate mentions them


def test_import_compares_roll_up_rows_and_never_writes_them(ntm: Runner, tmp_path: Path) -> None:
    path = tmp_path / "targets.toml"
    path.write_bytes(EXAMPLE.read_bytes())
    sheet = tmp_path / "bao-cao.csv"
    sheet.write_text(
        "Chỉ tiêu,KH 2021,TH 2020\n"
        "Số xã đạt chuẩn nông thôn mới,36,36\n"
        "Số xã đạt chuẩn nông thôn mới nâng cao,,9\n"
        "Số huyện đạt chuẩn nông thôn mới,4,4\n",
        "utf-8",
    )
    result = ntm("import", str(sheet), "-f", str(path), "--lang", "en")
    assert result.code == 1  # a mismatching row is skipped
    assert path.read_bytes() == EXAMPLE.read_bytes()
    assert "actual.2020: the sheet says 9, ntm counts 8 from the units" in result.err
    assert "4 unchanged" in result.out + result.err


def test_html_marks_counted_figures(ntm: Runner) -> None:
    page = ntm("status", "-f", str(EXAMPLE), "--format", "html", "--lang", "en").out
    assert "36/36 ∑" in page and "∑ counted from the units" in page
    typed = ntm("status", "-f", str(ROOT / "targets.toml"), "--format", "html").out
    assert "∑" not in typed


def test_workbook_and_word_mark_counted_figures(ntm: Runner, tmp_path: Path) -> None:
    import docx
    import openpyxl

    book = tmp_path / "r.xlsx"
    assert ntm("compare", "-f", str(EXAMPLE), "-o", str(book)).code == 0
    cells = [c.value for row in openpyxl.load_workbook(book).active.iter_rows() for c in row]
    assert "∑ đếm từ các đơn vị" in [str(c).split("\n")[0] for c in cells if c]
    report = tmp_path / "r.docx"
    assert ntm("status", "-f", str(EXAMPLE), "-o", str(report)).code == 0
    table = docx.Document(str(report)).tables[-1]
    texts = [cell.text for row in table.rows for cell in row.cells]
    assert "36/36 ∑" in texts and "∑ đếm từ các đơn vị" in texts


def test_a_file_of_units_alone_reports_the_year_they_mention(ntm: Runner, tmp_path: Path) -> None:
    path = tmp_path / "targets.toml"
    path.write_text(
        '[[standard]]\nid = "ntm"\nname = "NTM"\n'
        '[[unit]]\nid = "a"\nname = "Xã A"\nkind = "commune"\nrecognised = { ntm = 2020 }\n'
        '[[target]]\nid = "t"\nname = "T"\nplan = { 2025 = 1 }\n',
        "utf-8",
    )
    result = ntm("status", "-f", str(path), "--lang", "en")
    assert (result.code, result.out) == (0, "Year 2020\nNo target has figures for 2020.\n")
    assert ntm("status", "-f", str(path), "--year", "2020").code == 2  # asked: an error
