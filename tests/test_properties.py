"""Property-based tests (hypothesis): whatever the file holds, the only outcomes are a valid
report or the one error type with exit 2: no traceback, no hang, nothing written. And the
evaluation agrees with a plain second reading of SPEC §2."""

from __future__ import annotations

import csv
import difflib
import html.parser
import io
import json
import tempfile
from pathlib import Path
from typing import Any

import docx
import openpyxl
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ntm_cli.errors import NtmError
from ntm_cli.judge.evaluate import evaluate
from ntm_cli.targets_file.load import load
from tests.builders import documents, mutated, toml_text
from tests.runner import Result, files_in, invoke

COMMANDS = [
    ["validate"],
    ["status", "--format", "json"],
    ["status", "--format", "table"],
    ["compare", "--format", "csv"],
    ["check", "--format", "github"],
    ["check", "--format", "junit", "--strict"],
]


def check_outcome(path: Path, data: bytes, outcome: Result, args: list[str]) -> None:
    assert "Traceback" not in outcome.err
    assert outcome.code in (0, 1, 2), (outcome.code, outcome.err)
    assert path.read_bytes() == data, "the file was changed"
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name], "something was written"
    if outcome.code == 2:
        # A broken file still gives CI a report in the machine format it asked for (SPEC §4).
        reported = "check" in args and not {"json", "junit", "github"}.isdisjoint(args)
        if not reported:
            assert outcome.out == ""
        elif "json" in args:
            assert json.loads(outcome.out)["passed"] is False
        else:
            assert outcome.out
        lines = outcome.err.splitlines()
        assert lines
        for line in lines:
            assert line.startswith((str(path), "ntm: ")), line
        assert "internal error" not in outcome.err
    elif "json" in args:
        json.loads(outcome.out)


SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(data=mutated(), command=st.sampled_from(COMMANDS))
def test_mutated_files_give_a_report_or_a_clean_error(data: bytes, command: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "targets.toml"
        path.write_bytes(data)
        outcome = invoke([*command, "-f", str(path)])
        event(f"exit {outcome.code}")
        check_outcome(path, data, outcome, command)


@SETTINGS
@given(data=st.binary(max_size=400) | st.text(max_size=400).map(lambda t: t.encode("utf-8")))
def test_arbitrary_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "targets.toml"
        path.write_bytes(data)
        try:
            load(path, str(path))
        except NtmError as error:
            assert error.problems
        outcome = invoke(["status", "--format", "json", "-f", str(path)])
        check_outcome(path, data, outcome, ["json"])


# --- structured documents, and a second reading of SPEC §2 -----------------------------------


def reference_status(target: dict[str, Any], year: int, near_pct: float) -> str | None:
    """SPEC §2 read plainly, on integers and booleans (exact, so no rounding question): the
    actual, else the estimate; a range plan judged against the bound it lies beyond."""
    plan = target["plan"]
    p = plan.get(str(year))
    a = target["actual"].get(str(year), target.get("estimate", {}).get(str(year)))
    decrease = target["direction"] == "decrease"

    def better_or_equal(x: Any, y: Any) -> bool:
        if isinstance(y, list):  # a range is reached at its nearer bound
            y = y[1] if decrease else y[0]
        if isinstance(x, bool):
            return bool(x == y)
        return bool(x <= y) if decrease else bool(x >= y)

    def near(x: Any, y: Any) -> bool:
        return not isinstance(x, bool) and y != 0 and abs(x - y) * 100 <= near_pct * abs(y)

    later = sorted((int(y), v) for y, v in plan.items() if int(y) > year)
    if a is None and p is None:
        return None
    if a is None:
        return "no-data"
    if isinstance(p, list):
        low, high = p
        if low <= a <= high:
            return "met"
        above = a > high
        if above != decrease:  # above an increase range, below a decrease range
            return "exceeded"
        return "near" if near(a, high if above else low) else "missed"
    if p is not None:
        if a == p:
            return "met"
        if better_or_equal(a, p):
            return "exceeded"
        return "near" if near(a, p) else "missed"
    if any(better_or_equal(a, v) for _, v in later):
        return "ahead"
    return "in-progress" if later else "no-plan"


@settings(max_examples=200, deadline=None)
@given(document=documents(), data=st.data())
def test_statuses_agree_with_a_plain_reading_of_the_spec(
    document: dict[str, Any], data: st.DataObject
) -> None:
    text = toml_text(document)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "targets.toml"
        path.write_text(text, "utf-8")
        loaded = load(path, "targets.toml")
    years = loaded.doc.years()
    if not years:
        event("no years in file")
        return
    year = data.draw(st.sampled_from(years), label="year")
    report = evaluate(loaded.doc, "targets.toml", year)
    event(f"{len(report.records)} evaluated")
    expected = {}
    for target in document["target"]:
        near = target.get("near_pct", document["program"]["near_pct"])
        status = reference_status(target, year, near)
        if status is not None:
            expected[target["id"]] = status
    assert {r.target.id: r.status for r in report.records} == expected
    assert sum(v for k, v in report.summary.items() if k != "total") == report.summary["total"]


@settings(max_examples=60, deadline=None)
@given(document=documents())
def test_every_format_renders_and_parses_back(document: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "targets.toml"
        path.write_text(toml_text(document), "utf-8")
        report = json.loads(invoke(["status", "--format", "json", "-f", str(path)]).out)
        text = invoke(["status", "--format", "csv", "-f", str(path)]).out
        assert text.startswith("\ufeff")
        rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
        assert [r["id"] for r in rows] == [t["id"] for t in report["targets"]]
        for fmt in ("table", "markdown"):
            assert invoke(["compare", "--format", fmt, "-f", str(path)]).code == 0
        for fmt in ("text", "json", "junit", "github", "markdown"):
            outcome = invoke(["check", "--format", fmt, "-f", str(path)])
            assert outcome.code == (0 if report["passed"] else 1)
        page = invoke(["status", "--format", "html", "-f", str(path)])
        assert page.code == 0 and "<script" not in page.out
        html.parser.HTMLParser().feed(page.out)
        workbook = Path(folder) / "report.xlsx"
        assert (
            invoke(["compare", "--format", "xlsx", "-o", str(workbook), "-f", str(path)]).code == 0
        )
        sheet = openpyxl.load_workbook(workbook).active
        # the id is the last column; targets come group by group, section rows have no id
        ids = [row[-1] for row in sheet.iter_rows(min_row=3, values_only=True) if row[-1]]
        first_use: dict[Any, int] = {}
        for target in report["targets"]:
            first_use.setdefault(target["group"], len(first_use))
        in_groups = sorted(report["targets"], key=lambda t: first_use[t["group"]])
        assert ids == [t["id"] for t in in_groups]
        document = Path(folder) / "report.docx"
        assert (
            invoke(["compare", "--format", "docx", "-o", str(document), "-f", str(path)]).code == 0
        )
        assert docx.Document(str(document)).tables or not report["targets"]
        outlook = invoke(["outlook", "--format", "json", "-f", str(path)])
        if outlook.code == 0:
            assert json.loads(outlook.out)["version"] == 3
        else:  # no target has a plan for the report year or later
            assert outlook.code == 2


# --- ntm record on generated files ---------------------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(
    document=documents(),
    data=st.data(),
    table=st.sampled_from(["plan", "actual"]),
    value=st.sampled_from(["7", "-2.5", "1e3", "true", "false", "nan", "abc", "1_000", "0"]),
    force=st.booleans(),
    year=st.integers(1890, 2110),
)
def test_record_keeps_the_file_valid_or_leaves_it_alone(
    document: dict[str, Any],
    data: st.DataObject,
    table: str,
    value: str,
    force: bool,
    year: int,
) -> None:
    target = data.draw(st.sampled_from(document["target"]))
    original = "# a comment that must survive\n" + toml_text(document)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "targets.toml"
        path.write_text(original, "utf-8")
        args = ["record", target["id"], "--year", str(year), f"--{table}", value, "-f", str(path)]
        outcome = invoke([*args, "--force"] if force else args)
        after = path.read_text("utf-8")
        assert "Traceback" not in outcome.err
        assert files_in(path.parent) == ["targets.toml"]
        if outcome.code != 0:
            event("refused")
            assert outcome.code == 2 and after == original
            return
        event("recorded")
        assert after.startswith("# a comment that must survive\n")
        report = json.loads(invoke(["show", target["id"], "--format", "json", "-f", str(path)]).out)
        recorded = {r["year"]: r[table] for r in report["records"]}
        expected = {"true": True, "false": False}.get(value)
        got = recorded[year]
        if expected is not None:
            assert got is expected
        else:
            assert got == float(value.replace("_", ""))
        # every other line is as it was: at most one line replaced or one added
        diff = difflib.ndiff(original.splitlines(), after.splitlines())
        removed = [line for line in diff if line.startswith("- ")]
        added = [
            line
            for line in difflib.ndiff(original.splitlines(), after.splitlines())
            if line.startswith("+ ")
        ]
        if "(unchanged)" in outcome.out:
            assert after == original
        else:
            assert len(added) == 1
            # one line replaced, or one entry: tomli-w writes a range over several lines
            # (`2016 = [`, `    0,`, `    1,`, `]`), which the new value replaces whole
            old_lines = [line[2:] for line in removed]
            assert len(old_lines) <= 1 or (
                old_lines[0] == f"{year} = ["
                and all(line.startswith("    ") for line in old_lines[1:-1])
                and old_lines[-1] == "]"
            ), old_lines
