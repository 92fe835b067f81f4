"""Hypothesis strategies shared by the property tests: mutated files, generated documents
(numbers, booleans, range plans, estimates), the benchmark generator's files."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from tests.conftest import DATA, ROOT, SHIPPED

SEEDS = [SHIPPED, *sorted((DATA / "valid").glob("*.toml"))]
SEED_TEXTS = [p.read_bytes() for p in SEEDS]
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


YEARS = st.integers(2015, 2025)
# Anything a name may hold: no control characters (Cc), surrogates or line separators.
NAME_CHARACTERS = st.characters(
    blacklist_categories=("Cc", "Cs"), blacklist_characters="\u2028\u2029"
)
NUMBERS = st.integers(-50, 150)
# A range plan [low, high], low < high, as a report writes "7,5–8".
RANGES = st.tuples(NUMBERS, st.integers(1, 30)).map(lambda p: [p[0], p[0] + p[1]])


@st.composite
def target_tables(draw: st.DrawFn, index: int) -> dict[str, Any]:
    boolean = draw(st.booleans()) and draw(st.booleans())
    values = st.booleans() if boolean else NUMBERS
    plans = values if boolean else NUMBERS | RANGES
    table: dict[str, Any] = {
        "id": f"t{index}",
        "name": draw(st.text(NAME_CHARACTERS, min_size=1, max_size=20).filter(str.strip)),
        "plan": {str(y): v for y, v in draw(st.dictionaries(YEARS, plans, max_size=4)).items()},
        "actual": {str(y): v for y, v in draw(st.dictionaries(YEARS, values, max_size=4)).items()},
        "estimate": {
            str(y): v for y, v in draw(st.dictionaries(YEARS, values, max_size=2)).items()
        },
        "direction": draw(st.sampled_from(["increase", "decrease"])),
        "gate": draw(st.sampled_from(["error", "warn", "off"])),
    }
    if draw(st.booleans()):
        table["group"] = draw(st.sampled_from(["Kinh tế", "Xã hội", "::x", "a|b"]))
    if draw(st.booleans()):
        table["unit"] = draw(st.sampled_from(["%", "xã", "=1+1"]))
    if draw(st.booleans()):
        table["near_pct"] = draw(st.integers(0, 100))
    if not boolean and table.get("unit") != "%" and draw(st.booleans()):
        # year-to-date figures (SPEC §13): only on figures that accumulate
        periods = st.builds("{}-{:02d}".format, YEARS, st.integers(1, 12))
        table["ytd"] = draw(st.dictionaries(periods, NUMBERS, max_size=4))
        table["ytd_estimate"] = draw(st.dictionaries(periods, NUMBERS, max_size=2))
    return table


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(1, 6))
    return {
        "program": {"name": "P", "near_pct": draw(st.integers(0, 100))},
        "target": [draw(target_tables(i)) for i in range(count)],
    }


def generate_benchmark_file(count: int) -> str:
    """benchmarks/generate.py's file of `count` targets (benchmarks/ is not a package)."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import generate
    finally:
        sys.path.pop(0)
    text: str = generate(count)
    return text
