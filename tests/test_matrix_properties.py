"""Property tests of `import --units` reading (SPEC §12.4): matrices generated the way offices
lay them out (titles above, headings by number or name, district heading rows, names with or
without `Xã`, every met and not-met word, a count column), hostile cells included."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntm_cli.edit.matrix import MET_WORDS, NOT_MET_WORDS, criterion_cell, plan_matrix
from ntm_cli.edit.sheet import Cell, Grid, cell_name
from ntm_cli.errors import NtmError
from ntm_cli.targets_file.data import Document
from ntm_cli.targets_file.unit_data import Criterion, Standard, Unit
from tests.builders import data_document

NAMES = ["Quy hoạch", "Giao thông", "Thủy lợi", "Điện", "Trường học", "Văn hóa", "Y tế"]
SYLLABLES = ["An", "Bình", "Hòa", "Phú", "Tân", "Mỹ", "Long", "Đông", "Nhơn", "Ái"]
MET: list[Cell] = ["x", "X", "✓", "✔", "Đạt", "ĐẠT", "có", "1", 1, 1.0, True, "TRUE", " x "]
NOT_MET: list[Cell] = ["0", 0, False, "false", "Chưa đạt", "Không đạt", "không", "-", "—", None]
HEADINGS = [
    lambda n, name: f"TC{n}",
    lambda n, name: f"TC {n}",
    lambda n, name: f"Tiêu chí {n}",
    lambda n, name: f"Tiêu chí số {n}",
    lambda n, name: n,
    lambda n, name: name,
    lambda n, name: f"TC{n}. {name}",
]


@st.composite
def matrices(draw: st.DrawFn) -> tuple[Document, list[list[Cell]], dict[str, tuple[int, ...]]]:
    """A file with its communes, a matrix of them, and what each commune's row says."""
    count = draw(st.integers(1, len(NAMES)))
    criteria = [Criterion(n, NAMES[n - 1]) for n in range(1, count + 1)]
    districts = draw(st.integers(1, 3))
    units: list[Unit] = []
    names: set[str] = set()
    for d in range(districts):
        units.append(Unit(f"d{d}", f"Huyện {SYLLABLES[d]} Giang", "district"))
        for c in range(draw(st.integers(1, 4))):
            name = " ".join(draw(st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=3)))
            if name in names:
                continue
            names.add(name)
            units.append(Unit(f"d{d}-c{c}", f"Xã {name}", "commune", parent=f"d{d}"))
    doc = data_document(
        standard=[Standard("ntm", "Đạt chuẩn nông thôn mới")], criterion=criteria, unit=units
    )
    style = draw(st.sampled_from(HEADINGS))
    with_count = draw(st.booleans())
    titles: list[list[Cell]] = [[f"BIỂU TỔNG HỢP {t}"] for t in range(draw(st.integers(0, 3)))]
    header: list[Cell] = ["STT", "Tên xã", *(style(c.id, c.name) for c in criteria)]
    if with_count:
        header.append("Tổng số tiêu chí đạt")
    rows: list[list[Cell]] = [*titles, header]
    truth: dict[str, tuple[int, ...]] = {}
    number = 0
    for unit in units:
        if unit.kind == "district":
            rows.append([None, unit.name])
            continue
        met = draw(st.lists(st.booleans(), min_size=count, max_size=count))
        if not any(met):
            met[0] = True  # a row with nothing filled is "not assessed": tested apart
        cells = [draw(st.sampled_from(MET if m else NOT_MET)) for m in met]
        number += 1
        written = unit.name if draw(st.booleans()) else unit.name[len("Xã ") :]
        row: list[Cell] = [number, written, *cells]
        if with_count:
            row.append(sum(met))
        rows.append(row)
        truth[unit.id] = tuple(n for n, m in enumerate(met, start=1) if not m)
    return doc, rows, truth


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(matrices())
def test_every_office_layout_reads_as_written(
    case: tuple[Document, list[list[Cell]], dict[str, tuple[int, ...]]],
) -> None:
    doc, rows, truth = case
    plan = plan_matrix(Grid(rows, "Sheet1"), doc, "m.xlsx", 2024)
    assert plan.unreadable == [] and plan.skipped == 0
    assert {r.unit_id: r.assessment.unmet for r in plan.rows} == truth


HOSTILE = st.one_of(
    st.text(min_size=1, max_size=12),
    st.sampled_from(["=1+1", "+x", "@SUM(A1)", "2", "xx", "Đạt chuẩn", "\u202ex", "✗", "1.5"]),
    st.integers(2, 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
)


def _hostile(cell: Any) -> bool:
    try:
        criterion_cell(cell)
    except ValueError:
        return True
    return False


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(matrices(), st.data())
def test_a_hostile_cell_is_named_and_nothing_is_read_from_its_row(
    case: tuple[Document, list[list[Cell]], dict[str, tuple[int, ...]]], data: st.DataObject
) -> None:
    doc, rows, _ = case
    commune_rows = [n for n, row in enumerate(rows) if isinstance(row[0], int)]
    at = data.draw(st.sampled_from(commune_rows))
    column = data.draw(st.integers(2, 1 + len(doc.criterion)))
    cell = data.draw(HOSTILE.filter(_hostile))
    rows[at][column] = cell
    plan = plan_matrix(Grid(rows, "Sheet1"), doc, "m.xlsx", 2024)
    assert [p.field for p in plan.unreadable] == [cell_name(Grid(rows, "Sheet1"), at, column)]
    assert at + 1 not in [r.row for r in plan.rows]


@given(st.lists(st.lists(st.one_of(st.none(), st.text(max_size=8), st.integers()), max_size=8)))
def test_any_grid_is_read_or_refused_in_words(rows: list[list[Cell]]) -> None:
    doc = data_document(
        criterion=[Criterion(1, "Quy hoạch"), Criterion(2, "Giao thông")],
        unit=[Unit("a", "Xã A", "commune")],
    )
    grid = Grid([["Tên xã", "TC1", "TC2"], *rows])
    try:
        plan = plan_matrix(grid, doc, "m.csv", 2024, add_units=True)
    except NtmError:
        return
    for row in plan.rows:
        assert row.assessment.unmet is None or set(row.assessment.unmet) <= {1, 2}


def test_the_words_do_not_overlap() -> None:
    assert not MET_WORDS & NOT_MET_WORDS
