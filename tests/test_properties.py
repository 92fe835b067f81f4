"""Property-based tests (hypothesis): whatever the file holds, the only outcomes are a valid
report or the one error type with exit 2: no traceback, no hang, nothing written. And the
evaluation agrees with a plain second reading of SPEC §2."""

from __future__ import annotations

import csv
import difflib
import io
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ntm_cli.entry import main
from ntm_cli.errors import NtmError
from ntm_cli.evaluate import evaluate
from ntm_cli.load import load
from tests.conftest import DATA, SHIPPED

SEEDS = [SHIPPED, *sorted((DATA / "valid").glob("*.toml"))]
SEED_TEXTS = [p.read_bytes() for p in SEEDS]
COMMANDS = [
    ["validate"],
    ["status", "--format", "json"],
    ["status", "--format", "table"],
    ["compare", "--format", "csv"],
    ["check", "--format", "github"],
    ["check", "--format", "junit", "--strict"],
]


@dataclass
class Outcome:
    code: int
    out: str
    err: str


def run(args: list[str]) -> Outcome:
    """`ntm ARGS` in this process (hypothesis cannot use function-scoped fixtures)."""
    out, err = io.BytesIO(), io.BytesIO()
    out_text = io.TextIOWrapper(out, encoding="utf-8")
    err_text = io.TextIOWrapper(err, encoding="utf-8")
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out_text, err_text
    code: Any = None
    try:
        main(args)
    except SystemExit as exit_:
        code = exit_.code
    finally:
        out_text.flush()
        err_text.flush()
        sys.stdout, sys.stderr = saved
    assert isinstance(code, int), f"main ended without an exit code: {code!r}"
    return Outcome(code, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8"))


def check_outcome(path: Path, data: bytes, outcome: Outcome, args: list[str]) -> None:
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


# Characters that matter to TOML and to ntm, plus some that should never get through.
TOML_BITS = st.sampled_from(
    [
        "[",
        "]",
        "[[",
        "]]",
        "{",
        "}",
        "=",
        '"',
        "'",
        ",",
        ".",
        "#",
        "\n",
        "\r\n",
        " ",
        "\t",
        "0",
        "1",
        "2020",
        "2021",
        "1899",
        "-",
        "+",
        "e",
        "nan",
        "inf",
        "true",
        "false",
        "1e308",
        "target",
        "plan",
        "actual",
        "id",
        "name",
        "gate",
        "direction",
        "\x1b",
        "\x00",
        "\ufeff",
        "::",
        "##[",
        "[bold]",
        "ư",
        "Đ",
        "\u2028",
    ]
)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    text = bytearray(draw(st.sampled_from(SEED_TEXTS)))
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["delete", "insert", "duplicate", "byte"]))
        at = draw(st.integers(0, len(text)))
        if kind == "delete":
            del text[at : at + draw(st.integers(1, 40))]
        elif kind == "insert":
            text[at:at] = draw(TOML_BITS).encode("utf-8")
        elif kind == "duplicate":
            start = text.rfind(b"\n", 0, at) + 1
            end = text.find(b"\n", at)
            line = text[start : (end if end >= 0 else len(text))]
            text[start:start] = line + b"\n"
        else:
            text[at:at] = bytes([draw(st.integers(0, 255))])
    return bytes(text)


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
        outcome = run([*command, "-f", str(path)])
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
        outcome = run(["status", "--format", "json", "-f", str(path)])
        check_outcome(path, data, outcome, ["json"])


# --- structured documents, and a second reading of SPEC §2 -----------------------------------

YEARS = st.integers(2015, 2025)
# Anything a name may hold: no control characters (Cc), surrogates or line separators.
NAME_CHARACTERS = st.characters(
    blacklist_categories=("Cc", "Cs"), blacklist_characters="\u2028\u2029"
)
NUMBERS = st.integers(-50, 150)


@st.composite
def target_tables(draw: st.DrawFn, index: int) -> dict[str, Any]:
    boolean = draw(st.booleans()) and draw(st.booleans())
    values = st.booleans() if boolean else NUMBERS
    table: dict[str, Any] = {
        "id": f"t{index}",
        "name": draw(st.text(NAME_CHARACTERS, min_size=1, max_size=20).filter(str.strip)),
        "plan": {str(y): v for y, v in draw(st.dictionaries(YEARS, values, max_size=4)).items()},
        "actual": {str(y): v for y, v in draw(st.dictionaries(YEARS, values, max_size=4)).items()},
        "direction": draw(st.sampled_from(["increase", "decrease"])),
        "gate": draw(st.sampled_from(["error", "warn", "off"])),
    }
    if draw(st.booleans()):
        table["group"] = draw(st.sampled_from(["Kinh tế", "Xã hội", "::x", "a|b"]))
    if draw(st.booleans()):
        table["unit"] = draw(st.sampled_from(["%", "xã", "=1+1"]))
    if draw(st.booleans()):
        table["near_pct"] = draw(st.integers(0, 100))
    return table


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(1, 6))
    return {
        "program": {"name": "P", "near_pct": draw(st.integers(0, 100))},
        "target": [draw(target_tables(i)) for i in range(count)],
    }


def reference_status(target: dict[str, Any], year: int, near_pct: float) -> str | None:
    """SPEC §2 read plainly, on integers and booleans (exact, so no rounding question)."""
    plan, actual = target["plan"], target["actual"]
    p, a = plan.get(str(year)), actual.get(str(year))
    decrease = target["direction"] == "decrease"

    def better_or_equal(x: Any, y: Any) -> bool:
        if isinstance(x, bool):
            return bool(x == y)
        return bool(x <= y) if decrease else bool(x >= y)

    later = sorted((int(y), v) for y, v in plan.items() if int(y) > year)
    if a is None and p is None:
        return None
    if a is None:
        return "no-data"
    if p is not None:
        if a == p:
            return "met"
        if better_or_equal(a, p):
            return "exceeded"
        if not isinstance(a, bool) and p != 0 and abs(a - p) * 100 <= near_pct * abs(p):
            return "near"
        return "missed"
    if any(better_or_equal(a, v) for _, v in later):
        return "ahead"
    return "in-progress" if later else "no-plan"


@settings(max_examples=200, deadline=None)
@given(document=documents(), data=st.data())
def test_statuses_agree_with_a_plain_reading_of_the_spec(
    document: dict[str, Any], data: st.DataObject
) -> None:
    text = tomli_w.dumps(document)
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
        path.write_text(tomli_w.dumps(document), "utf-8")
        report = json.loads(run(["status", "--format", "json", "-f", str(path)]).out)
        text = run(["status", "--format", "csv", "-f", str(path)]).out
        assert text.startswith("\ufeff")
        rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
        assert [r["id"] for r in rows] == [t["id"] for t in report["targets"]]
        for fmt in ("table", "markdown"):
            assert run(["compare", "--format", fmt, "-f", str(path)]).code == 0
        for fmt in ("text", "json", "junit", "github", "markdown"):
            outcome = run(["check", "--format", fmt, "-f", str(path)])
            assert outcome.code == (0 if report["passed"] else 1)


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
    original = "# a comment that must survive\n" + tomli_w.dumps(document)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "targets.toml"
        path.write_text(original, "utf-8")
        args = ["record", target["id"], "--year", str(year), f"--{table}", value, "-f", str(path)]
        outcome = run([*args, "--force"] if force else args)
        after = path.read_text("utf-8")
        assert "Traceback" not in outcome.err
        assert sorted(p.name for p in path.parent.iterdir()) == ["targets.toml"]
        if outcome.code != 0:
            event("refused")
            assert outcome.code == 2 and after == original
            return
        event("recorded")
        assert after.startswith("# a comment that must survive\n")
        report = json.loads(run(["show", target["id"], "--format", "json", "-f", str(path)]).out)
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
            assert len(removed) <= 1 and len(added) == 1
