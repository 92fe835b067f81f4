"""`ntm units` (SPEC §12.3): its figures against a plain re-computation, published figures, the
JSON shape, --within, the order of units, and every format read back."""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntm_cli.judge.units_report import units_report
from ntm_cli.targets_file.data import Document, Program
from ntm_cli.targets_file.unit_data import Unit
from tests.builders import STANDARDS, criteria, data_document, data_target, hue_units, units_file
from tests.conftest import Runner


@pytest.fixture
def hue(write_toml: Any) -> Path:
    path: Path = write_toml(units_file(hue_units(), program={"buckets": [15, 10, 8]}))
    return path


def as_json(ntm: Runner, *args: str) -> dict[str, Any]:
    result = ntm("units", "--format", "json", *args)
    assert result.code == 0, result.err
    found: dict[str, Any] = json.loads(result.out)
    return found


# --- published figures ---------------------------------------------------------------------


def test_thua_thien_hue_2018_buckets_and_average(ntm: Runner, hue: Path) -> None:
    report = as_json(ntm, "-f", str(hue))
    summary = report["summary"]
    assert report["year"] == 2018 and summary["communes"] == 104 and summary["assessed"] == 104
    assert [(b["min"], b["max"], b["communes"]) for b in summary["buckets"]] == [
        (19, 19, 44), (15, 18, 29), (10, 14, 28), (8, 9, 3), (0, 7, 0)
    ]  # fmt: skip
    assert round(summary["criteria_average"], 2) == 16.13
    assert summary["criteria_average"] == 1678 / 104  # the exact quotient, rounded once
    assert round(summary["buckets"][0]["pct"], 2) == 42.31
    assert summary["recognised"]["ntm"]["communes"] == 44
    assert summary["not_maintained"] == 0 and summary["not_assessed"] == 0
    assert summary["criteria_average_previous"] is None


def test_default_buckets_drop_the_edges_at_or_above_n(ntm: Runner, write_toml: Any) -> None:
    units = [{"id": f"x{i}", "name": f"Xã {i}", "kind": "commune",
              "unmet": {"2020": list(range(1, i + 1))}} for i in range(13)]  # fmt: skip
    path = write_toml(units_file(units, n_criteria=12))
    buckets = as_json(ntm, "-f", str(path))["summary"]["buckets"]
    # [15, 10, 5] with N = 12: 15 dropped
    assert [(b["min"], b["max"], b["communes"]) for b in buckets] == [
        (12, 12, 1), (10, 11, 2), (5, 9, 5), (0, 4, 5)
    ]  # fmt: skip


# --- a plain re-computation over generated units -------------------------------------------

YEAR = 2020


def _exists(unit: Unit, year: int) -> bool:
    return (unit.from_ or 0) <= year <= (unit.until or 9999)


def _holds(unit: Unit, standard: str, year: int) -> bool:
    rank = {"ntm": 0, "advanced": 1}
    since = unit.recognised.get(standard)
    if since is None or since > year:
        return False
    lost = [y for s, y in unit.revoked.items() if rank[s] <= rank[standard]]
    return not lost or min(lost) > year


def _met(unit: Unit, year: int, n: int) -> int | None:
    if year in unit.unmet:
        return n - len(unit.unmet[year])
    return unit.met_count.get(year)


def _avg(values: list[int]) -> float | None:
    return float(Fraction(sum(values), len(values))) if values else None


@st.composite
def unit_documents(draw: st.DrawFn) -> Document:
    n = draw(st.integers(1, 6))
    n_districts = draw(st.integers(0, 3))
    units: list[Unit] = [Unit(f"d{i}", f"Huyện {i}", "district",
                              recognised=draw(st.sampled_from([{}, {"ntm": 2019}])))
                         for i in range(n_districts)]  # fmt: skip
    for index in range(draw(st.integers(0, 14))):
        parent = draw(st.sampled_from([None, *(u.id for u in units if u.kind == "district")]))
        ntm_year = draw(st.sampled_from([None, 2016, 2019, 2020, 2021]))
        recognised: dict[str, int] = {}
        revoked: dict[str, int] = {}
        if ntm_year is not None:
            recognised["ntm"] = ntm_year
            advanced = draw(st.sampled_from([None, ntm_year, ntm_year + 1]))
            if advanced is not None:
                recognised["advanced"] = advanced
            lost = draw(st.sampled_from([None, "ntm", "advanced"]))
            if lost is not None and lost in recognised:
                revoked[lost] = draw(st.sampled_from([recognised[lost], 2020, 2022]))
                if revoked[lost] < recognised[lost]:
                    revoked[lost] = recognised[lost]
        unmet: dict[int, tuple[int, ...]] = {}
        met_count: dict[int, int] = {}
        for year in (YEAR - 1, YEAR):
            how = draw(st.sampled_from(["unmet", "count", "none"]))
            if how == "unmet":
                unmet[year] = tuple(sorted(draw(st.sets(st.integers(1, n)))))
            elif how == "count":
                met_count[year] = draw(st.integers(0, n))
        span = draw(st.sampled_from([(None, None), (2020, None), (None, 2019), (2021, None)]))
        units.append(Unit(f"x{index}", f"Xã {index}", "commune", parent=parent,
                          recognised=recognised, revoked=revoked, unmet=unmet,
                          met_count=met_count, from_=span[0], until=span[1]))  # fmt: skip
    buckets = draw(st.sampled_from([None, (3, 1), (2,)]))
    rule = draw(
        st.sampled_from([None, {"ntm": {"ntm": 100, "advanced": 10}}, {"ntm": {"ntm": 50}}])
    )
    program = Program(year=YEAR, buckets=buckets, district_rule=rule)
    # A target planned for 2020 makes it a year of the file whatever the units mention.
    anchor = data_target("anchor", "Số xã đạt chuẩn", plan={YEAR: 1})
    return data_document(
        anchor, program=program, standard=list(STANDARDS), criterion=criteria(n), unit=units
    )


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(doc=unit_documents())
def test_figures_agree_with_a_plain_recount(doc: Document) -> None:
    report = units_report(doc, "t.toml")
    n = len(doc.criterion)
    communes = [u for u in doc.unit if u.kind == "commune" and _exists(u, YEAR)]
    districts = [u for u in doc.unit if u.kind == "district" and _exists(u, YEAR)]
    met_now = [m for m in (_met(u, YEAR, n) for u in communes) if m is not None]
    before = [u for u in doc.unit if u.kind == "commune" and _exists(u, YEAR - 1)]
    met_before = [m for m in (_met(u, YEAR - 1, n) for u in before) if m is not None]
    s = report.summary
    assert (s.communes, s.districts, s.assessed) == (len(communes), len(districts), len(met_now))
    assert s.criteria_average == _avg(met_now)
    assert s.criteria_average_previous == _avg(met_before)
    if met_now and met_before:
        exact = Fraction(sum(met_now), len(met_now)) - Fraction(sum(met_before), len(met_before))
        assert s.criteria_average_change == float(exact)
    assert s.not_assessed == len(communes) - len(met_now)
    for standard in ("ntm", "advanced"):
        got = s.recognised[standard]
        assert got.communes == sum(_holds(u, standard, YEAR) for u in communes)
        assert got.communes_new == sum(u.recognised.get(standard) == YEAR for u in communes)
        assert got.districts == sum(_holds(d, standard, YEAR) for d in districts)
    # buckets: every assessed commune in exactly one, spans contiguous from N down to 0
    assert sum(b.communes for b in s.buckets) == len(met_now)
    assert s.buckets[0].min == s.buckets[0].max == n and s.buckets[-1].min == 0
    for bucket in s.buckets:
        assert bucket.communes == sum(bucket.min <= m <= bucket.max for m in met_now)
    # maintained and not_maintained
    rows = {row.unit.id: row for row in report.units}
    for unit in communes:
        held = any(_holds(unit, st_, YEAR) for st_ in ("ntm", "advanced"))
        met = _met(unit, YEAR, n)
        expected = None if not held or met is None else met == n
        assert rows[unit.id].maintained is expected
    assert s.not_maintained == sum(rows[u.id].maintained is False for u in communes)
    # by criterion
    listed = [u for u in communes if YEAR in u.unmet]
    for row in report.by_criterion:
        if not listed:
            assert row.met is None and row.of == 0 and row.change is None
            continue
        assert row.of == len(listed)
        assert row.met == sum(row.criterion.id not in u.unmet[YEAR] for u in listed)
        assert row.pct == float(Fraction(row.met * 100, len(listed)))
    # districts and eligible
    for district in report.districts:
        members = [u for u in communes if u.parent == district.unit.id]
        assert district.communes == len(members)
        rule = doc.program.district_rule
        if not rule or not members:
            assert district.eligible is None
        else:
            assert district.eligible == {
                ds: all(sum(_holds(u, cs, YEAR) for u in members) * 100 >= pct * len(members)
                        for cs, pct in conditions.items())
                for ds, conditions in rule.items()
            }  # fmt: skip
    # order: districts in file order each followed by its communes, then those without one
    order = [row.unit.id for row in report.units]
    expected_order: list[str] = []
    for unit in doc.unit:
        if unit.kind == "district" and _exists(unit, YEAR):
            expected_order.append(unit.id)
            expected_order += [c.id for c in communes if c.parent == unit.id]
    expected_order += [c.id for c in communes if c.parent is None]
    assert order == expected_order


# --- the JSON shape, --within, years -------------------------------------------------------


def small_units() -> list[dict[str, Any]]:
    return [
        {"id": "phong-dien", "name": "Huyện Phong Điền", "kind": "district",
         "recognised": {"ntm": 2019}},
        {"id": "nhon-ai", "name": "Xã Nhơn Ái", "kind": "commune", "parent": "phong-dien",
         "recognised": {"ntm": 2014, "advanced": 2019}, "revoked": {"advanced": 2020},
         "unmet": {"2019": [], "2020": [2, 3]}},
        {"id": "giai-xuan", "name": "Xã Giai Xuân", "kind": "commune", "parent": "phong-dien",
         "recognised": {"ntm": 2020}, "unmet": {"2020": []}},
        {"id": "co-do", "name": "Huyện Cờ Đỏ", "kind": "district"},
        {"id": "thoi-hung", "name": "Xã Thới Hưng", "kind": "commune", "parent": "co-do",
         "met_count": {"2020": 2}},
        {"id": "le-binh", "name": "Xã Lê Bình", "kind": "commune"},
    ]  # fmt: skip


@pytest.fixture
def small(write_toml: Any) -> Path:
    rule = {"district_rule": {"ntm": {"ntm": 100, "advanced": 10}}}
    path: Path = write_toml(units_file(small_units(), n_criteria=3, program=rule))
    return path


def test_the_json_has_the_shape_of_the_spec(ntm: Runner, small: Path) -> None:
    report = as_json(ntm, "-f", str(small))
    assert list(report) == [
        "version", "file", "program", "year", "within", "standards", "criteria", "summary",
        "districts", "by_criterion", "units",
    ]  # fmt: skip
    assert report["version"] == 3 and report["year"] == 2020 and report["within"] is None
    assert report["standards"][0] == {"id": "ntm", "name": "Đạt chuẩn nông thôn mới",
                                      "name_en": "NTM standard"}  # fmt: skip
    assert report["criteria"][0] == {"id": 1, "name": "Tiêu chí 1", "name_en": None,
                                     "group": None, "kind": "commune"}  # fmt: skip
    summary = report["summary"]
    assert list(summary) == ["communes", "districts", "assessed", "recognised",
                             "criteria_average", "criteria_average_previous", "buckets",
                             "not_maintained", "not_assessed"]  # fmt: skip
    recognised = summary["recognised"]
    assert recognised["ntm"] == {"communes": 2, "communes_new": 1, "communes_withdrawn": 0,
                                 "districts": 1}  # fmt: skip
    assert recognised["advanced"] == {"communes": 0, "communes_new": 0, "communes_withdrawn": 1,
                                      "districts": 0}  # fmt: skip
    assert (summary["communes"], summary["assessed"], summary["not_assessed"]) == (4, 3, 1)
    assert summary["criteria_average"] == 2 and summary["criteria_average_previous"] == 3
    assert summary["not_maintained"] == 1
    district = report["districts"][0]
    assert list(district) == ["id", "name", "communes", "recognised", "criteria_average", "own",
                              "eligible"]  # fmt: skip
    assert district["recognised"]["ntm"] == {"count": 2, "pct": 100.0}
    assert district["own"] == {"ntm": 2019}
    assert district["eligible"] == {"ntm": False}  # no advanced commune left
    assert report["districts"][1]["eligible"] == {"ntm": False}
    criterion = report["by_criterion"][1]
    assert criterion == {"id": 2, "name": "Tiêu chí 2", "met": 1, "of": 2, "pct": 50.0,
                         "met_previous": 1, "of_previous": 1, "change": 0}  # fmt: skip
    units = {u["id"]: u for u in report["units"]}
    assert [u["id"] for u in report["units"]] == ["phong-dien", "nhon-ai", "giai-xuan", "co-do",
                                                  "thoi-hung", "le-binh"]  # fmt: skip
    assert units["nhon-ai"] == {
        "id": "nhon-ai", "name": "Xã Nhơn Ái", "kind": "commune", "parent": "phong-dien",
        "recognised": {"ntm": 2014, "advanced": 2019}, "revoked": {"advanced": 2020},
        "criteria_met": 1, "criteria_total": 3, "unmet": [2, 3], "maintained": False,
    }  # fmt: skip
    assert units["giai-xuan"]["maintained"] is True
    assert units["thoi-hung"]["unmet"] is None and units["thoi-hung"]["criteria_met"] == 2
    assert units["thoi-hung"]["maintained"] is None  # not recognised
    assert units["le-binh"]["maintained"] is None and units["le-binh"]["criteria_met"] is None


def test_eligible_is_null_without_a_rule(ntm: Runner, write_toml: Any) -> None:
    path = write_toml(units_file(small_units(), n_criteria=3))
    assert all(d["eligible"] is None for d in as_json(ntm, "-f", str(path))["districts"])


def test_within_a_district(ntm: Runner, small: Path) -> None:
    report = as_json(ntm, "-f", str(small), "--within", "co-do")
    assert report["within"] == "co-do"
    assert [d["id"] for d in report["districts"]] == ["co-do"]
    assert [u["id"] for u in report["units"]] == ["co-do", "thoi-hung"]
    assert report["summary"]["communes"] == 1 and report["summary"]["districts"] == 1


def test_within_names_no_district(ntm: Runner, small: Path) -> None:
    result = ntm("units", "-f", str(small), "--within", "phong-dienn")
    assert result.code == 2 and result.out == ""
    assert result.err.strip() == (
        'ntm: --within: "phong-dienn" is not a district (did you mean "phong-dien"?)'
    )


def test_default_year_is_the_latest_a_unit_mentions(ntm: Runner, write_toml: Any) -> None:
    units = [{"id": "x", "name": "Xã X", "kind": "commune", "unmet": {"2019": [1], "2021": []}}]
    path = write_toml(units_file(units, n_criteria=2))
    assert as_json(ntm, "-f", str(path))["year"] == 2021
    assert as_json(ntm, "-f", str(path), "--year", "2020")["year"] == 2020  # between mentions


def test_a_year_the_file_does_not_have_is_an_error(ntm: Runner, small: Path) -> None:
    result = ntm("units", "-f", str(small), "--year", "2030")
    assert result.code == 2 and "2030" in result.err and "2014–2020" in result.err


# --- formats read back ---------------------------------------------------------------------


def test_csv_a_row_per_unit(ntm: Runner, small: Path) -> None:
    result = ntm("units", "-f", str(small), "--format", "csv")
    assert result.code == 0 and result.out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(result.out[1:])))
    assert list(rows[0]) == ["id", "name", "kind", "parent", "recognised_ntm",
                             "recognised_advanced", "criteria_met", "criteria_total", "unmet",
                             "maintained"]  # fmt: skip
    by_id = {row["id"]: row for row in rows}
    assert by_id["nhon-ai"] == {
        "id": "nhon-ai", "name": "Xã Nhơn Ái", "kind": "commune", "parent": "phong-dien",
        "recognised_ntm": "2014", "recognised_advanced": "", "criteria_met": "1",
        "criteria_total": "3", "unmet": "2;3", "maintained": "false",
    }  # fmt: skip
    assert by_id["phong-dien"]["recognised_ntm"] == "2019"
    assert [row["id"] for row in rows] == [u["id"] for u in small_units()]


def test_the_table_at_80_columns(ntm: Runner, small: Path) -> None:
    result = ntm("units", "-f", str(small), "--lang", "vi", env={"COLUMNS": "80"})
    assert result.code == 0, result.err
    from rich.cells import cell_len

    assert max(cell_len(line) for line in result.out.splitlines()) <= 80
    assert result.out == TABLE_VI


TABLE_VI = """\
Năm 2020 · Kết quả theo xã, huyện

Tóm tắt
Số xã                                                    4
Số huyện                                                 2
Số xã được đánh giá năm 2020                             3
Đạt chuẩn nông thôn mới                          2/4 (50%)
  trong đó đạt chuẩn năm 2020                            1
  bị thu hồi quyết định năm 2020                         0
  số huyện đạt chuẩn                                   1/2
Đạt chuẩn nông thôn mới nâng cao                  0/4 (0%)
  trong đó đạt chuẩn năm 2020                            0
  bị thu hồi quyết định năm 2020                         1
  số huyện đạt chuẩn                                   0/2
Bình quân tiêu chí/xã năm 2020                           2
  Bình quân tiêu chí/xã năm 2019                         3
  Thay đổi                                              -1
Số xã theo số tiêu chí đạt năm 2020
  đạt 3 tiêu chí                                1 (33,33%)
  dưới 3 tiêu chí                               2 (66,67%)
Xã đã đạt chuẩn nhưng chưa duy trì đủ tiêu chí           1
Số xã chưa đánh giá năm 2020                             1

Theo huyện
                                          Đạt                             Đủ
                                        chuẩn                             điều
                          Đạt chuẩn      nông   Bình                      kiện
                     Số   nông thôn  thôn mới   quân                      về số
Huyện                xã         mới  nâng cao  TC/xã  Huyện đạt chuẩn     xã
────────────────────────────────────────────────────────────────────────────────
Huyện Phong Điền      2  2/2 (100%)  0/2 (0%)      2  Đạt chuẩn nông      ✘ Chưa
                                                      thôn mới (2019)
Huyện Cờ Đỏ           1    0/1 (0%)  0/1 (0%)      2  —                   ✘ Chưa
đủ điều kiện về số xã: ≥ 100% số xã Đạt chuẩn nông thôn mới, ≥ 10% số xã Đạt
chuẩn nông thôn mới nâng cao (chỉ xét điều kiện về xã; tiêu chí của huyện không
tính)

Theo tiêu chí (tiêu chí ít xã đạt nhất xếp trước)
Tiêu chí                   Số xã đạt năm 2020    %  Số xã đạt năm 2019  Thay đổi
────────────────────────────────────────────────────────────────────────────────
2. Tiêu chí 2                             1/2   50                 1/1         0
3. Tiêu chí 3                             1/2   50                 1/1         0
1. Tiêu chí 1                             2/2  100                 1/1        +1

Theo xã
Đơn vị               Số TC đạt  Tiêu chí chưa đạt    Đạt chuẩn           Duy trì
────────────────────────────────────────────────────────────────────────────────
Huyện Phong Điền
Xã Nhơn Ái                 1/3  2. Tiêu chí 2; 3.    Đạt chuẩn nông      ✘ Chưa
                                Tiêu chí 3           thôn mới (2014);
                                                     thu hồi Đạt chuẩn
                                                     nông thôn mới nâng
                                                     cao (2020)
Xã Giai Xuân               3/3                       Đạt chuẩn nông      ✔ Có
                                                     thôn mới (2020)
Huyện Cờ Đỏ
Xã Thới Hưng               2/3  —                    —                   —
Xã không thuộc
huyện
Xã Lê Bình                   —  —                    —                   —
"""


def test_markdown_has_every_section_and_escapes(ntm: Runner, write_toml: Any) -> None:
    units = small_units()
    units[2]["name"] = "Xã *Giai* | <b>Xuân</b>"
    path = write_toml(units_file(units, n_criteria=3))
    result = ntm("units", "-f", str(path), "--format", "markdown", "--lang", "en")
    assert result.code == 0, result.err
    text = result.out
    for heading in ("### Summary", "### By district", "### By criterion", "### By commune"):
        assert heading in text
    assert "Xã \\*Giai\\* \\| &lt;b&gt;Xuân&lt;/b&gt;" in text and "<b>" not in text
    assert "| **Huyện Phong Điền** |" in text
    rows = [line for line in text.splitlines() if line.startswith("| Xã Nhơn Ái")]
    assert rows == ["| Xã Nhơn Ái | 1/3 | 2. Tiêu chí 2; 3. Tiêu chí 3 | "
                    "NTM standard (2014); Advanced NTM withdrawn (2020) | ✘ no |"]  # fmt: skip


def test_xlsx_sheets_and_a_matrix_import_reads(ntm: Runner, small: Path, tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "units.xlsx"
    result = ntm("units", "-f", str(small), "-o", str(out), "--lang", "vi")
    assert result.code == 0, result.err
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Tổng hợp", "Huyện", "Tiêu chí", "Xã", "Ma trận"]
    summary = {row[0]: row[1:] for row in book["Tổng hợp"].iter_rows(min_row=3, values_only=True)}
    assert summary["Số xã"][0] == 4
    assert summary["Đạt chuẩn nông thôn mới"] == (2, 4, 50)
    criteria = list(book["Tiêu chí"].iter_rows(min_row=3, values_only=True))
    assert [row[0] for row in criteria] == [2, 3, 1]  # the bottlenecks first
    matrix = list(book["Ma trận"].iter_rows(min_row=2, values_only=True))
    assert matrix[0] == ("STT", "Mã", "Tên xã", "TC1", "TC2", "TC3", "Số tiêu chí đạt")
    # communes without a district first, then each district's heading row and communes
    assert matrix[1] == (1, "le-binh", "Xã Lê Bình", None, None, None, None)
    assert matrix[2] == (None, None, "Huyện Phong Điền", None, None, None, None)
    assert matrix[3] == (2, "nhon-ai", "Xã Nhơn Ái", "Đạt", "—", "—", 1)
    assert matrix[4] == (3, "giai-xuan", "Xã Giai Xuân", "Đạt", "Đạt", "Đạt", 3)
    assert matrix[5] == (None, None, "Huyện Cờ Đỏ", None, None, None, None)
    assert matrix[6] == (4, "thoi-hung", "Xã Thới Hưng", None, None, None, 2)
    fills = book["Ma trận"].cell(row=5, column=4).fill.fgColor.rgb
    assert fills.endswith("C6EFCE")


def test_html_page_sections_grid_and_charts(ntm: Runner, write_toml: Any) -> None:
    from tests.builders import HOSTILE_NAME
    from tests.html_support import parse

    units = small_units()
    units[2]["name"] = HOSTILE_NAME
    path = write_toml(units_file(units, n_criteria=3, program={"name": HOSTILE_NAME}))
    result = ntm("units", "-f", str(path), "--format", "html", "--lang", "vi")
    assert result.code == 0, result.err
    page = parse(result.out)
    assert page.tags("script") == [] and HOSTILE_NAME in "".join(page.text)
    assert [s.attrs["id"] for s in page.tags("section")] == [
        "summary", "districts", "criteria", "units", "matrix"
    ]  # fmt: skip
    charts = [e for e in page.tags("svg") if e.attrs.get("role") == "img"]
    assert len(charts) == 2
    grid = next(s for s in page.tags("section") if s.attrs["id"] == "matrix")
    assert "✔" in grid.text and "✘" in grid.text  # reads without colour
    cells = [e.text for e in page.tags("td") if (e.attrs.get("class") or "").startswith("c")]
    # Nhơn Ái: 1 met, 2 and 3 not; Giai Xuân all met; Thới Hưng and Lê Bình not assessed
    # criterion by criterion (met_count only, or nothing)
    assert cells == ["✔", "✘", "✘", "✔", "✔", "✔", "", "", "", "", "", ""]


def _valid(unit: Unit) -> Unit:
    """A generated unit made to follow the file's rules (SPEC §12.1): no year outside its
    existence, no higher recognition after a lower one's withdrawal."""
    import dataclasses

    def inside(year: int) -> bool:
        return (unit.from_ or 0) <= year <= (unit.until or 9999)

    recognised = dict(unit.recognised)
    revoked = dict(unit.revoked)
    if not all(inside(y) for y in (*recognised.values(), *revoked.values())):
        recognised, revoked = {}, {}
    lost = revoked.get("ntm")
    if lost is not None and recognised.get("advanced", 0) > lost:
        recognised.pop("advanced")
        revoked.pop("advanced", None)
    return dataclasses.replace(
        unit,
        recognised=recognised,
        revoked=revoked,
        unmet={y: v for y, v in unit.unmet.items() if inside(y)},
        met_count={y: v for y, v in unit.met_count.items() if inside(y)},
    )


def _as_table(unit: Unit) -> dict[str, Any]:
    """A generated unit as the file writes it."""
    table: dict[str, Any] = {"id": unit.id, "name": unit.name, "kind": unit.kind}
    if unit.parent is not None:
        table["parent"] = unit.parent
    for key in ("recognised", "revoked"):
        if getattr(unit, key):
            table[key] = dict(getattr(unit, key))
    if unit.unmet:
        table["unmet"] = {str(y): list(v) for y, v in unit.unmet.items()}
    if unit.met_count:
        table["met_count"] = {str(y): v for y, v in unit.met_count.items()}
    if unit.from_ is not None:
        table["from"] = unit.from_
    if unit.until is not None:
        table["until"] = unit.until
    return table


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow, HealthCheck.
          function_scoped_fixture], deadline=None)  # fmt: skip
@given(doc=unit_documents())
def test_json_csv_and_markdown_agree_on_generated_files(
    doc: Document, ntm: Runner, write_toml: Any
) -> None:
    # Districts of a generated document have no years of their own: a commune's years lie
    # within them whatever they are.
    import dataclasses

    doc = dataclasses.replace(doc, unit=[_valid(u) for u in doc.unit])
    program: dict[str, Any] = {"year": YEAR}
    edges = [e for e in doc.program.buckets or () if e < len(doc.criterion)]
    if edges:  # the file refuses an edge at or above N; the report drops them
        program["buckets"] = edges
    if doc.program.district_rule is not None:
        program["district_rule"] = doc.program.district_rule
    anchor = '\n[[target]]\nid = "anchor"\nname = "Số xã"\nplan = { 2020 = 1 }\n'
    text = units_file([_as_table(u) for u in doc.unit], len(doc.criterion), program, anchor)
    path = write_toml(text)
    report = as_json(ntm, "-f", str(path))
    expected = units_report(doc, "t.toml")
    assert report["summary"]["criteria_average"] == expected.summary.criteria_average
    assert [b["communes"] for b in report["summary"]["buckets"]] == [
        b.communes for b in expected.summary.buckets
    ] or edges != list(doc.program.buckets or ())
    assert [u["id"] for u in report["units"]] == [row.unit.id for row in expected.units]
    found = ntm("units", "-f", str(path), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(found.out[1:])))
    assert len(rows) == len(report["units"])
    for row, unit in zip(rows, report["units"], strict=True):
        assert row["id"] == unit["id"]
        assert row["criteria_met"] == ("" if unit["criteria_met"] is None else
                                       str(unit["criteria_met"]))  # fmt: skip
        assert row["unmet"] == ";".join(str(c) for c in unit["unmet"] or [])
        assert row["maintained"] == {None: "", True: "true", False: "false"}[unit["maintained"]]
    markdown = ntm("units", "-f", str(path), "--format", "markdown", "--lang", "en")
    assert markdown.code == 0
    communes = report["summary"]["communes"]
    if report["units"]:
        assert f"| Communes | {communes:,} |" in markdown.out
    else:
        assert "The file has no communes or districts." in markdown.out
