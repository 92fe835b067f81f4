"""The targets file's block editor behind `ntm record`: inline and sub-table edits,
record_many, the fast path against the general (tomlkit) path, and where tomlkit puts a year."""

from __future__ import annotations

import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

import ntm_cli.edit.write
import ntm_cli.output
from ntm_cli.edit.write import TABLES, Wanted, toml_value
from ntm_cli.errors import NtmError
from ntm_cli.i18n import problem_message
from ntm_cli.targets_file.data import Range
from tests.builders import load_text
from tests.conftest import Runner
from tests.runner import files_in
from tests.write_support import changed_lines


@pytest.mark.parametrize(
    ("content", "year", "value", "edited"),
    [
        (" 2020 = 4 ", 2021, 5, " 2020 = 4, 2021 = 5 "),
        (" 2025 = 80 ", 2024, 78, " 2024 = 78, 2025 = 80 "),
        ("2020 = 1, 2025 = 3", 2022, 2, "2020 = 1, 2022 = 2, 2025 = 3"),
        (" 2020 = 1,2025 = 3 ", 2030, 4, " 2020 = 1,2025 = 3, 2030 = 4 "),
        ("", 2020, 1, " 2020 = 1 "),
        ("  ", 2020, 1, " 2020 = 1  "),
        (' "2020" = 1 ', 2020, 2.5, ' "2020" = 2.5 '),
        (" 2020 = [1, 2], 2021 = 3 ", 2020, Range(7.5, 8), " 2020 = [7.5, 8], 2021 = 3 "),
        (" 2021 = 3 ", 2020, Range(1, 2), " 2020 = [1, 2], 2021 = 3 "),
        (" 2020.x = 1 ", 2021, 1, None),
    ],
)
def test_inline_edit(content: str, year: int, value: Any, edited: str | None) -> None:
    assert ntm_cli.edit.write._inline_edit(content, year, value) == edited


SUB_TABLES = """\
[[target]]
id = "a"
name = "A"   # keep

[target.plan]   # header comment
# lead comment
2021 = 36       # plan
2025 = 40

[target.actual]
2020 = 30
"""


@pytest.mark.parametrize(
    ("table", "year", "value", "diff"),
    [
        ("plan", 2023, 38, ["+2023 = 38"]),
        ("plan", 2020, 35, ["+2020 = 35"]),
        ("plan", 2026, 41, ["+2026 = 41"]),
        ("plan", 2025, 7.5, ["-2025 = 40", "+2025 = 7.5"]),
        ("plan", 2021, Range(35, 37), ["-2021 = 36       # plan", "+2021 = [35, 37]       # plan"]),
        ("actual", 2021, 31, ["+2021 = 31"]),
        ("estimate", 2021, 31, ["+estimate = { 2021 = 31 }"]),
    ],
)
def test_edit_block_of_sub_tables(table: str, year: int, value: Any, diff: list[str]) -> None:
    edited = ntm_cli.edit.write._edit_block(SUB_TABLES, table, year, value, "\n")
    assert edited is not None
    assert changed_lines(SUB_TABLES, edited) == diff
    lines = edited.splitlines()
    if table == "plan" and year == 2023:
        assert lines[6:9] == ["2021 = 36       # plan", "2023 = 38", "2025 = 40"]
    if table == "plan" and year == 2020:
        assert lines[4:7] == ["[target.plan]   # header comment", "2020 = 35", "# lead comment"]
    if table == "estimate":
        assert lines[2:5] == ['name = "A"   # keep', "estimate = { 2021 = 31 }", ""]


def test_record_many_is_all_or_nothing(commented: Path) -> None:
    before = commented.read_bytes()
    wanted = [
        Wanted("income", "actual", 2021, 96.1),  # fine
        Wanted("income", "actual", 2020, 95),  # different from 94.45
        Wanted("nope", "plan", 2020, 1),  # unknown id
        Wanted("communes", "actual", 2020, 36.0),  # equal: fine
        Wanted("communes", "actual", 2021, Range(1, 2)),  # a range is only for a plan
    ]
    with pytest.raises(NtmError) as caught:
        ntm_cli.edit.write.record_many(commented, "targets.toml", wanted, force=False)
    assert [problem_message(p, "en") for p in caught.value.problems] == [
        'targets.toml: target "income": actual.2020: already 94.45; '
        "use --force to replace it with 95",
        'targets.toml: no target with id "nope"; did you mean: income',
        'targets.toml: target "communes": actual.2021: [1, 2] is a range, and only a plan may '
        "be a range: write one number such as 96.5 or 96,5",
    ]
    assert commented.read_bytes() == before
    assert files_in(commented.parent) == ["targets.toml"]


def test_record_many_writes_every_value_once(
    commented: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wanted = [
        Wanted("income", "actual", 2021, 96.1),
        Wanted("income", "plan", 2021, 90),
        Wanted("income", "actual", 2020, 94.45),
        Wanted("communes", "plan", 2020, 35),
        Wanted("dotted", "actual", 2021, 4.5),
        Wanted("income", "actual", 2020, 95),
    ]
    before = commented.read_text("utf-8")
    dry = ntm_cli.edit.write.record_many(commented, "t", wanted, force=True, dry_run=True)
    assert commented.read_text("utf-8") == before
    writes: list[Path] = []
    real = ntm_cli.edit.write.atomic_write
    monkeypatch.setattr(
        ntm_cli.edit.write, "atomic_write", lambda p, *a: (writes.append(p), real(p, *a))
    )
    done = ntm_cli.edit.write.record_many(commented, "t", wanted, force=True)
    assert writes == [commented]
    assert done == dry
    assert [(c.target_id, c.table, c.year, c.old, c.new, c.changed) for c in done] == [
        ("income", "actual", 2021, None, 96.1, True),
        ("income", "plan", 2021, None, 90, True),
        ("income", "actual", 2020, 94.45, 94.45, False),
        ("communes", "plan", 2020, None, 35, True),
        ("dotted", "actual", 2021, None, 4.5, True),
        ("income", "actual", 2020, 94.45, 95, True),
    ]
    assert changed_lines(before, commented.read_text("utf-8")) == [
        "-plan = { 2020 = 88.296 }   # inline, keep spacing",
        "-actual = { 2020 = 94.45 }",
        "+plan = { 2020 = 88.296, 2021 = 90 }   # inline, keep spacing",
        "+actual = { 2020 = 95, 2021 = 96.1 }",
        "+2020 = 35",
        "+actual.2021 = 4.5",
    ]


def test_record_many_refuses_a_second_different_value_for_one_year(commented: Path) -> None:
    wanted = [Wanted("income", "actual", 2021, 1), Wanted("income", "actual", 2021, 2)]
    with pytest.raises(NtmError) as caught:
        ntm_cli.edit.write.record_many(commented, "t", wanted, force=False, dry_run=True)
    assert [problem_message(p, "en") for p in caught.value.problems] == [
        't: target "income": actual.2021: already 1; use --force to replace it with 2'
    ]


def test_record_many_dry_run_raises_what_the_write_would(commented: Path) -> None:
    before = commented.read_bytes()
    wanted = [Wanted("income", "actual", 2101, 1)]
    for dry_run in (True, False):
        with pytest.raises(NtmError) as caught:
            ntm_cli.edit.write.record_many(commented, "t", wanted, force=False, dry_run=dry_run)
        assert [problem_message(p, "en") for p in caught.value.problems] == [
            't:10: target "income": actual.2101: year 2101 is outside 1900–2100'
        ]
    assert commented.read_bytes() == before


# --- the fast path is the general path, only faster (issue 13) ------------------------------------

YEARS = st.integers(2015, 2030)
NUMBERS = st.one_of(
    st.integers(-1000, 100_000),
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False).map(lambda x: round(x, 3)),
)


RANGES = st.builds(
    lambda low, width: Range(low, low + width),
    NUMBERS,
    st.one_of(st.integers(1, 1000), st.sampled_from([0.5, 2.25, 7.5])),
)


def values_of(table: str) -> st.SearchStrategy[Any]:
    return st.one_of(NUMBERS, RANGES) if table == "plan" else NUMBERS


def _entries_text(values: dict[int, Any], spaced: bool) -> str:
    inside = ", ".join(f"{year} = {toml_value(value)}" for year, value in values.items())
    return f"{{ {inside} }}" if spaced and inside else f"{{{inside}}}"


@st.composite
def ntm_files(draw: st.DrawFn) -> tuple[str, list[dict[str, Any]]]:
    """Files in the layouts ntm writes: year tables inline or as sub-tables, with comments,
    padding and blank lines, years in any order; and what each target holds."""
    lines: list[str] = []
    if draw(st.booleans()):
        lines += ["# a programme", "[program]", 'name = "P"   # name', ""]
    targets: list[dict[str, Any]] = []
    for index in range(draw(st.integers(1, 5))):
        tables = {
            table: draw(st.dictionaries(YEARS, values_of(table), max_size=5))
            for table in ("plan", "actual", "estimate")
        }
        layouts = {
            table: draw(st.sampled_from(["inline", "sub", "inline", "sub", "none"]))
            for table in tables
        }
        for table, layout in layouts.items():
            if layout == "none":
                tables[table] = {}
            elif layout == "sub" and not tables[table]:
                layouts[table] = "inline"  # ntm never writes an empty [target.plan]
        lines.append("[[target]]" + draw(st.sampled_from(["", "  # t"])))
        lines += [f'id = "t{index}"', f'name = "T {index}"']
        if draw(st.booleans()):
            lines.append('unit = "%"   # unit')
        for table, layout in layouts.items():
            if layout == "inline":
                comment = draw(st.sampled_from(["", "   # kept"]))
                text = _entries_text(tables[table], draw(st.booleans()))
                lines.append(f"{table} = {text}{comment}")
        for table, layout in layouts.items():
            if layout == "sub":
                lines += ["", f"[target.{table}]" + draw(st.sampled_from(["", "  # sub"]))]
                if draw(st.booleans()):
                    lines.append("# a comment in the table")
                for year, value in tables[table].items():
                    comment = draw(st.sampled_from(["", "  # v"]))
                    lines.append(f"{year} = {toml_value(value)}{comment}")
        lines += [""] * draw(st.integers(0, 2))
        targets.append({"id": f"t{index}", **tables})
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(lines) + newline, targets


@st.composite
def wanted_values(draw: st.DrawFn, targets: list[dict[str, Any]]) -> list[Wanted]:
    wanted: list[Wanted] = []
    for _ in range(draw(st.integers(1, 6))):
        table = draw(st.sampled_from(["plan", "actual", "estimate"]))
        target_id = draw(st.sampled_from([t["id"] for t in targets]))
        wanted.append(Wanted(target_id, table, draw(YEARS), draw(values_of(table))))
    return wanted


def _plain(value: Any) -> Any:
    """A value as tomllib reads it back: a range is a list."""
    return list(value) if isinstance(value, Range) else value


@settings(max_examples=150, deadline=None)
@given(file=ntm_files(), data=st.data())
def test_the_fast_path_writes_what_the_general_path_writes(
    file: tuple[str, list[dict[str, Any]]], data: st.DataObject
) -> None:
    text, targets = file
    wanted = data.draw(wanted_values(targets))
    doc = load_text(text)
    changes = [c for c in ntm_cli.edit.write.decide(doc, "t", wanted, force=True) if c.changed]
    fast = ntm_cli.edit.write.edit_fast(text, doc, changes)
    slow = ntm_cli.edit.write.edit_slow(text, doc, changes, "t")
    assert fast is not None  # every layout generated here is one ntm writes
    assert fast == slow
    for change in changes:
        if not next(t for t in targets if t["id"] == change.target_id)[change.table]:
            event("a new table")
    expected = {t["id"]: {table: dict(t[table]) for table in TABLES} for t in targets}
    for change in changes:
        expected[change.target_id][change.table][change.year] = change.new
    read = tomllib.loads(fast)
    for target in read["target"]:
        for table in TABLES:
            got = {int(year): value for year, value in target.get(table, {}).items()}
            assert got == {year: _plain(v) for year, v in expected[target["id"]][table].items()}
    if "\r\n" in text:
        assert fast.count("\n") == fast.count("\r\n")


@settings(max_examples=300, deadline=None)
@given(file=ntm_files(), data=st.data())
def test_a_block_known_from_its_changed_lines_is_what_the_whole_block_reads(
    file: tuple[str, list[dict[str, Any]]], data: st.DataObject
) -> None:
    """`_lines_are` lets an edited block skip the whole block's reading: every yes must be
    one that reading gives too, also for a wrong expectation and a damaged block."""
    from dataclasses import replace

    text, _ = file
    doc = load_text(text)
    blocks = ntm_cli.edit.write._target_blocks(text, len(doc.target))
    assert blocks is not None
    index = data.draw(st.integers(0, len(doc.target) - 1))
    before = text[slice(*blocks[index])]
    table = data.draw(st.sampled_from(TABLES))
    year, value = data.draw(YEARS), data.draw(st.one_of(values_of(table), st.booleans()))
    newline = "\r\n" if "\r\n" in text else "\n"
    after = ntm_cli.edit.write._edit_block(before, table, year, value, newline)
    assert after is not None  # every layout generated here is one ntm writes
    values = {**getattr(doc.target[index], table), year: value}
    if data.draw(st.booleans()):
        event("a wrong expectation")
        values[data.draw(st.sampled_from(sorted(values)))] = data.draw(values_of(table))
    expected = replace(doc.target[index], **{table: values})
    if data.draw(st.booleans()):
        event("a damaged block")
        at = data.draw(st.integers(0, len(after) - 1))
        after = after[:at] + data.draw(st.sampled_from(list('0.,=[]{}#x"\n\t '))) + after[at:]
    if ntm_cli.edit.write._lines_are(before, after, expected):
        event("known from its lines")
        assert ntm_cli.edit.write._block_is(after, expected)


def test_an_inline_edit_is_known_from_its_line() -> None:
    """The layout ntm writes (and a national file has) skips the whole block's reading."""
    from dataclasses import replace

    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    from generate import generate

    text = generate(3)
    doc = load_text(text)
    blocks = ntm_cli.edit.write._target_blocks(text, 3)
    assert blocks is not None
    before = text[slice(*blocks[1])]
    after = ntm_cli.edit.write._edit_block(before, "actual", 2024, 50.5, "\n")
    assert after is not None
    target = doc.target[1]
    expected = replace(target, actual={**target.actual, 2024: 50.5})
    assert ntm_cli.edit.write._lines_are(before, after, expected)
    assert not ntm_cli.edit.write._lines_are(before, after, replace(target, actual=target.actual))
    assert not ntm_cli.edit.write._lines_are(before, after, replace(expected, actual={2024: 50.5}))
    # a new table is a new line: the whole block says where it went
    added = ntm_cli.edit.write._edit_block(before, "estimate", 2024, 50.5, "\n")
    assert added is not None
    assert not ntm_cli.edit.write._lines_are(before, added, replace(target, estimate={2024: 50.5}))
    assert ntm_cli.edit.write._block_is(added, replace(target, estimate={2024: 50.5}))
    # a yes/no value among numbers is refused as the file would refuse it
    mixed = ntm_cli.edit.write._edit_block(before, "actual", 2024, True, "\n")
    assert mixed is not None
    assert not ntm_cli.edit.write._lines_are(
        before, mixed, replace(target, actual={**target.actual, 2024: True})
    )


@settings(max_examples=60, deadline=None)
@given(file=ntm_files(), data=st.data(), force=st.booleans())
def test_record_many_writes_all_or_nothing_and_again_changes_nothing(
    file: tuple[str, list[dict[str, Any]]], data: st.DataObject, force: bool
) -> None:
    text, targets = file
    wanted = data.draw(wanted_values(targets))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "targets.toml"
        path.write_bytes(text.encode("utf-8"))
        try:
            changes = ntm_cli.edit.write.record_many(path, "t", wanted, force=force)
        except NtmError as error:
            event("refused")
            assert {p.code for p in error.problems} == {"value_set"}
            assert path.read_bytes() == text.encode("utf-8")
            assert files_in(Path(folder)) == ["targets.toml"]
            return
        event("recorded")
        after = path.read_bytes()
        assert files_in(Path(folder)) == ["targets.toml"]
        read = tomllib.loads(after.decode("utf-8"))
        final = {(w.target_id, w.table, w.year): w.value for w in wanted}
        by_id = {target["id"]: target for target in read["target"]}
        for (target_id, table, year), value in final.items():
            assert by_id[target_id][table][str(year)] == _plain(value)
        assert len(changes) == len(wanted)
        last = [Wanted(*key, value) for key, value in final.items()]
        again = ntm_cli.edit.write.record_many(path, "t", last, force=False)
        assert path.read_bytes() == after
        assert not any(change.changed for change in again)


def test_record_an_estimate_and_a_range_plan(commented: Path) -> None:
    from ntm_cli.targets_file.load import load

    record = ntm_cli.edit.write.record
    before = commented.read_text("utf-8")
    change = record(commented, "t", "income", "estimate", 2021, "96,5", force=False)
    assert (change.old, change.new, change.changed) == (None, 96.5, True)
    change = record(commented, "t", "income", "plan", 2025, "95..100", force=False)
    assert change.new == Range(95, 100)
    change = record(commented, "t", "communes", "plan", 2025, "35..36", force=False)
    assert changed_lines(before, commented.read_text("utf-8")) == [
        "-plan = { 2020 = 88.296 }   # inline, keep spacing",
        "+plan = { 2020 = 88.296, 2025 = [95, 100] }   # inline, keep spacing",
        "+estimate = { 2021 = 96.5 }",
        "+2025 = [35, 36]",
    ]
    target = load(commented, "t").doc.target[0]
    assert (target.estimate, target.plan[2025]) == ({2021: 96.5}, Range(95, 100))
    # the same range again, bound by bound, is not a different value
    written = commented.read_bytes()
    again = record(commented, "t", "income", "plan", 2025, "95,0..100", force=False)
    assert not again.changed and commented.read_bytes() == written
    with pytest.raises(NtmError) as caught:
        record(commented, "t", "income", "plan", 2025, "95..101", force=False)
    assert problem_message(caught.value.problems[0], "en") == (
        't: target "income": plan.2025: already 95–100; use --force to replace it with 95–101'
    )
    assert commented.read_bytes() == written


def test_a_line_separator_in_a_text_is_not_a_line(tmp_path: Path) -> None:
    path = tmp_path / "targets.toml"
    text = (
        '[[target]]\nid = "a"\nname = "A"\nnote = "x\u2028[target.plan]\u20282020 = 1"\n'
        "plan = { 2021 = 2 }\n"
    )
    path.write_text(text, "utf-8")
    ntm_cli.edit.write.record_many(path, "t", [Wanted("a", "plan", 2020, 3)], force=False)
    assert path.read_text("utf-8") == text.replace("{ 2021 = 2 }", "{ 2020 = 3, 2021 = 2 }")


def test_a_year_recorded_through_the_general_path_lands_in_year_order(
    ntm: Runner, tmp_path: Path
) -> None:
    """A note with a line break sends `record` down the general (tomlkit) path; the new year
    still goes after the earlier one, whatever the tomlkit release (issue 17: 2016 landed
    above 2015 with tomlkit 0.15)."""
    path = tmp_path / "targets.toml"
    path.write_text(
        '[[target]]\nid = "t1"\nname = "T"\nnote = """two\nlines"""\n# own comment\n\n'
        "[target.plan]  # header\n# about the plan\n2015 = 5\n2018 = 8  # kept\n",
        "utf-8",
    )
    for year, value in (("2016", "6"), ("2014", "4"), ("2020", "9")):
        assert ntm("record", "t1", "--year", year, "--plan", value, "-f", str(path)).code == 0
    assert ntm("record", "t1", "--year", "2020", "--actual", "9", "-f", str(path)).code == 0
    assert path.read_text("utf-8") == (
        '[[target]]\nid = "t1"\nname = "T"\nnote = """two\nlines"""\n'
        "actual = { 2020 = 9 }\n# own comment\n\n"
        "[target.plan]  # header\n2014 = 4\n# about the plan\n2015 = 5\n2016 = 6\n"
        "2018 = 8  # kept\n2020 = 9\n"
    )
