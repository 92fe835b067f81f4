"""The one place the tests build targets documents (issue #17).

Four ways, each written once:
- **through the real model**, as the CLI reads a file: `target` and `document` from tables
  shaped like the file (years as strings), `load_text` and `load_file` from TOML text through
  the loader, `toml_text` to write tables as TOML;
- **data objects directly** (`data_target`, `data_document`), for tests of the core and of the
  formats that need exact Python values the file would never hold as written;
- **named documents**: the commented file of the writing tests, the programme and the
  every-status document of the page tests, the units files of `ntm units`;
- **hypothesis strategies**: files mutated byte by byte, generated tables and documents, the
  benchmark generator's files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import strategies as st

from ntm_cli.targets_file.data import Baseline, Document, Program, Range, Target, Value
from ntm_cli.targets_file.load import load, parse_toml, validate
from ntm_cli.targets_file.model import TargetsFile
from ntm_cli.targets_file.unit_data import Criterion, Standard, Unit
from tests.conftest import DATA, ROOT, SHIPPED

# --- through the real model and loader -------------------------------------------------------


def target(**fields: Any) -> Target:
    """A target checked by the model, as the core receives it (id "t", name "T" unless given)."""
    document = {"target": [{"id": "t", "name": "T", **fields}]}
    return TargetsFile.model_validate(document).to_data().target[0]


def document(*targets: dict[str, Any], **program: Any) -> Document:
    """Targets t0, t1, … named "T" (unless given) and a programme, checked by the model."""
    listed = [{"id": f"t{i}", "name": "T", **t} for i, t in enumerate(targets)]
    return TargetsFile.model_validate({"program": program, "target": listed}).to_data()


def toml_text(raw: dict[str, Any]) -> str:
    """Tables as a TOML file's text."""
    return tomli_w.dumps(raw)


def load_text(text: str, shown: str = "t") -> Document:
    """A file's text read as the CLI reads it (parse, then validate)."""
    return validate(parse_toml(text, shown), text, shown)


def load_file(path: Path) -> Document:
    """A file read as the CLI reads it."""
    return load(path, path.name).doc


# --- data objects directly -------------------------------------------------------------------


def data_target(
    id: str = "t",
    name: str = "T",
    *,
    baseline: tuple[int, Value] | Baseline | None = None,
    **fields: Any,
) -> Target:
    """A target as the core receives it, not checked (id "t", name "T" unless given);
    `baseline` may be (year, value)."""
    if isinstance(baseline, tuple):
        baseline = Baseline(*baseline)
    return Target(id=id, name=name, baseline=baseline, **fields)


def data_document(
    *targets: Target,
    program: Program | None = None,
    standard: list[Standard] | None = None,
    criterion: list[Criterion] | None = None,
    unit: list[Unit] | None = None,
    **fields: Any,
) -> Document:
    """These targets (and standards, criteria, units) in a document, not checked; its programme
    is `program`, else one with these fields."""
    assert program is None or not fields, "a programme, or its fields, not both"
    chosen = Program(**fields) if program is None else program
    return Document(list(targets), chosen, standard or [], criterion or [], unit or [])


# --- named documents -------------------------------------------------------------------------

COMMENTED = """\
# Kế hoạch 2021 (do not lose this comment)
[program]
name = "Demo"   # trailing comment

[[target]]  # first
id = "income"
name = "Thu nhập"
# the plan was derived
plan = { 2020 = 88.296 }   # inline, keep spacing
actual = { 2020 = 94.45 }

[[target]]
id = "communes"
name = "Số xã"
total = 36

[target.plan]   # standard-table style
2021 = 36       # plan

[target.actual]
2020 = 36

[[target]]
id = "dotted"
name = "Dotted"
plan.2020 = 5
actual.2020 = 4   # four

[[target]]
id = "flag"
name = "Yes/no"
plan = { 2021 = true }
"""

HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_UNIT = "<img src=x onerror=alert(1)>"
HOSTILE_GROUP = '"><style>body{display:none}</style>'


def program() -> Program:
    """The programme of the page tests: Cần Thơ's, in both languages."""
    return Program(name="Xây dựng nông thôn mới", region="Cần Thơ", name_en="New Rural")


def every_status() -> Document:
    """One target of every status in 2020, and a hostile one."""
    targets = [
        Target("exceeded", "Thu nhập", name_en="Income", group="Kinh tế", group_en="Economy",
               unit="triệu đồng", unit_en="million VND", plan={2020: 88.296}, actual={2020: 94.45}),
        Target("met", "Đạt", group="Kinh tế", group_en="Economy", plan={2020: 5}, actual={2020: 5}),
        Target("near", "Gần", group="Kinh tế", plan={2020: 100}, actual={2020: 97}),
        Target("missed", "Trượt", group="Xã hội", plan={2020: 100}, actual={2020: 50}),
        Target("ahead", "Sớm", group="Xã hội", plan={2021: 36}, actual={2020: 36}, total=36),
        Target("in-progress", "Đang", group="Xã hội", plan={2025: 90}, actual={2020: 70}),
        Target("no-plan", "Theo dõi", group="Xã hội", unit="%", actual={2020: 75}),
        Target("no-data", "Chưa có", group="Xã hội", plan={2020: 3}, estimate={2021: 2.5}),
        Target("hostile", HOSTILE_NAME, name_en=HOSTILE_NAME, group=HOSTILE_GROUP,
               unit=HOSTILE_UNIT, plan={2020: 1}, actual={2020: 2}),
    ]  # fmt: skip
    return Document(targets, program())


def many_missed(count: int, missed: int) -> Document:
    """`count` targets in three groups, the first `missed` of them missed in 2020."""
    targets = [
        Target(f"t{i}", f"Chỉ tiêu {i}", group=f"Nhóm {i % 3}", plan={2020: 10},
               actual={2020: 5 if i < missed else 12})
        for i in range(count)
    ]  # fmt: skip
    return Document(targets, program())


def many_slow(count: int, slow: int) -> Document:
    """`slow` targets that need acceleration, the rest already achieved."""
    targets = [
        Target(f"t{i}", f"Chỉ tiêu {i}", group=f"Nhóm {i % 3}", baseline=Baseline(2020, 0),
               plan={2025: 20}, actual={2023: 8 if i < slow else 25})
        for i in range(count)
    ]  # fmt: skip
    return Document(targets, program())


STANDARDS = [Standard("ntm", "Đạt chuẩn nông thôn mới", "NTM standard"),
             Standard("advanced", "Đạt chuẩn nông thôn mới nâng cao", "Advanced NTM")]  # fmt: skip


def criteria(n: int, kind: str = "commune") -> list[Criterion]:
    return [Criterion(i, f"Tiêu chí {i}", kind=kind) for i in range(1, n + 1)]


def toml_value(value: Any) -> str:
    """A value as TOML writes it inline (tables as inline tables)."""
    import json

    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return str(value)


def units_file(
    units: list[dict[str, Any]],
    n_criteria: int = 19,
    program: dict[str, Any] | None = None,
    targets: str = "",
) -> str:
    """A units file's text: the programme, both standards, `n_criteria` criteria, the units,
    then `targets` (TOML text)."""
    lines = ["[program]"]
    for key, value in (program or {}).items():
        lines.append(f"{key} = {toml_value(value)}")
    for standard in STANDARDS:
        lines += ["", "[[standard]]", f'id = "{standard.id}"', f'name = "{standard.name}"',
                  f'name_en = "{standard.name_en}"']  # fmt: skip
    for criterion in criteria(n_criteria):
        lines += ["", "[[criterion]]", f"id = {criterion.id}", f'name = "{criterion.name}"']
    for unit in units:
        lines += ["", "[[unit]]"]
        for key, value in unit.items():
            lines.append(f"{key} = {toml_value(value)}")
    return "\n".join(lines) + "\n" + targets


def hue_units() -> list[dict[str, Any]]:
    """Thừa Thiên Huế at 12/2018 (SPEC §12.2): 104 communes, 44 meet 19, 29 meet 15–18, 28
    meet 10–14, 3 meet 8–9, 1,678 criteria met in all, in 9 districts."""
    met = [19] * 44 + [17] * 29 + [12] * 17 + [11] * 11 + [8] * 3
    assert sum(met) == 1678
    units: list[dict[str, Any]] = [
        {"id": f"huyen-{d}", "name": f"Huyện {d}", "kind": "district"} for d in range(9)
    ]
    for n, count in enumerate(met):
        unit = {"id": f"xa-{n}", "name": f"Xã {n}", "kind": "commune", "parent": f"huyen-{n % 9}",
                "unmet": {"2018": list(range(count + 1, 20))}}  # fmt: skip
        if count == 19:
            unit["recognised"] = {"ntm": 2017}
        units.append(unit)
    return units


# --- hypothesis strategies: mutated files --------------------------------------------------

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


# --- hypothesis strategies: generated tables and documents ---------------------------------

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
    """A `[[target]]` table as the file holds it: numbers, booleans, range plans, estimates."""
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
    """A whole file's tables: a programme and one to six targets."""
    count = draw(st.integers(1, 6))
    return {
        "program": {"name": "P", "near_pct": draw(st.integers(0, 100))},
        "target": [draw(target_tables(i)) for i in range(count)],
    }


# Figures as reports write them: up to two decimals, within a million either way.
SERIES_FIGURES = st.one_of(
    st.integers(-1_000_000, 1_000_000),
    st.integers(-100_000_000, 100_000_000).map(lambda n: n / 100),
)
SERIES_YEARS = st.integers(2000, 2030)


@st.composite
def series(draw: st.DrawFn, direction: str | None = None) -> Target:
    """One target's figures over the years, for the outlook: at least one plan, maybe a
    baseline."""
    actual = draw(st.dictionaries(SERIES_YEARS, SERIES_FIGURES, max_size=6))
    estimate = draw(st.dictionaries(SERIES_YEARS, SERIES_FIGURES, max_size=3))
    plan = draw(st.dictionaries(SERIES_YEARS, SERIES_FIGURES, min_size=1, max_size=3))
    base = draw(st.none() | st.tuples(SERIES_YEARS, SERIES_FIGURES))
    return data_target(
        baseline=base,
        direction=direction or draw(st.sampled_from(["increase", "decrease"])),
        actual=actual,
        estimate=estimate,
        plan=plan,
    )


_ANY_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)
_OUTLOOK_FIGURES = st.integers(-1000, 1000) | st.integers(-100_000, 100_000).map(lambda n: n / 100)
_OUTLOOK_YEARS = st.integers(2015, 2027)


# Figures up to a hundred thousand million: a table at 80 columns may or may not hold them.
WIDE_FIGURES = st.integers(-(10**14), 10**14) | st.integers(-(10**12), 10**12).map(
    lambda n: n / 100
)


@st.composite
def outlook_documents(
    draw: st.DrawFn, figures: st.SearchStrategy[int | float] = _OUTLOOK_FIGURES
) -> Document:
    """One to four targets with any text, baselines and plans, for the outlook's formats."""
    targets = []
    for index in range(draw(st.integers(1, 4))):
        targets.append(
            Target(
                id=f"t{index}",
                name=draw(_ANY_TEXT.filter(bool)),
                unit=draw(st.none() | _ANY_TEXT),
                group=draw(st.none() | _ANY_TEXT),
                direction=draw(st.sampled_from(["increase", "decrease"])),
                actual=draw(st.dictionaries(_OUTLOOK_YEARS, figures, max_size=4)),
                estimate=draw(st.dictionaries(_OUTLOOK_YEARS, figures, max_size=2)),
                plan=draw(st.dictionaries(_OUTLOOK_YEARS, figures, min_size=1, max_size=3)),
                baseline=draw(st.none() | st.builds(Baseline, _OUTLOOK_YEARS, figures)),
            )
        )
    return Document(targets)


@st.composite
def period_documents(draw: st.DrawFn, figures: st.SearchStrategy[int | float]) -> Document:
    """One to four targets with a plan for 2024 and year-to-date figures (SPEC §13) of 2023
    and 2024, for the year-to-date tables."""
    months = st.integers(1, 12)
    tables = []
    for index in range(draw(st.integers(1, 4))):
        periods = st.builds("{}-{:02d}".format, st.sampled_from([2023, 2024]), months)
        plan = draw(figures | st.tuples(figures, figures).map(sorted).filter(lambda p: p[0] < p[1]))
        table: dict[str, Any] = {
            "id": f"t{index}",
            "name": draw(st.text(NAME_CHARACTERS, min_size=1, max_size=40).filter(str.strip)),
            "direction": draw(st.sampled_from(["increase", "decrease"])),
            "plan": {"2023": plan, "2024": plan},
            "ytd": draw(st.dictionaries(periods, figures, min_size=1, max_size=4)),
            "ytd_estimate": draw(st.dictionaries(periods, figures, max_size=2)),
        }
        if draw(st.booleans()):
            table["unit"] = draw(st.sampled_from(["tỷ đồng", "vụ", "triệu đồng/người"]))
        if draw(st.booleans()):
            table["group"] = draw(st.sampled_from(["Kinh tế", "Xã hội"]))
        tables.append(table)
    return load_text(toml_text({"target": tables}))


# Every number a file may hold: 64-bit integers, and doubles with all 17 digits
# (0.30000000000000004 and 2**53 + 1 do not fit a numeric cell and must still come back).
EDGE_NUMBERS = st.one_of(
    st.integers(-(2**63) + 1, 2**63 - 1),
    st.floats(-1e300, 1e300, allow_nan=False, allow_infinity=False),
    st.decimals(-(10**6), 10**6, places=3, allow_nan=False).map(float),
    st.sampled_from([0.30000000000000004, 2**53 + 1, 1.234, 1234, 0.1 + 0.2]),
)


@st.composite
def edge_number_documents(draw: st.DrawFn) -> Document:
    """One to four targets of 2020 whose figures are `EDGE_NUMBERS`, in any language."""
    count = draw(st.integers(1, 4))
    found = []
    for n in range(count):
        low = draw(EDGE_NUMBERS)
        plan = draw(st.sampled_from(["number", "range", "none"]))
        high = low + draw(st.integers(1, 99))
        if plan == "range" and not (high > low and abs(high) < 2**63):
            plan = "number"  # a bound so large that adding 99 leaves it, or leaves 64 bits
        found.append(
            Target(
                f"t{n}",
                draw(
                    st.text(
                        st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=12
                    )
                ).strip()
                or "x",
                plan={2020: low if plan == "number" else Range(low, high)}
                if plan != "none"
                else {},
                actual=draw(st.dictionaries(st.just(2020), EDGE_NUMBERS, max_size=1)),
                estimate={2020: draw(EDGE_NUMBERS)},
            )
        )
    return Document(found, Program(lang=draw(st.sampled_from(["vi", "en", None]))))


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


# --- hypothesis strategies: units files with mistakes ----------------------------------------

# One entry of a units file: its table and its lines, each a key and its value as TOML writes
# it (`("unit", [("id", '"x0"'), ("kind", '"commune"')])`), one key per line.
UnitsEntry = tuple[str, list[tuple[str, str]]]

UNIT_STANDARDS = ("ntm", "advanced", "model")
UNIT_YEARS = st.integers(2015, 2022)

# Mistakes that each entry's own checks catch, each written on the line of the key it breaks
# (so that the file keeps its lines): the key, and the line that breaks it.
FIELD_MISTAKES: dict[str, list[tuple[str, str]]] = {
    "standard": [("id", 'id = "NTM"'), ("name", 'name = ""')],
    "criterion": [("id", 'id = "7"'), ("kind", 'kind = "comune"'), ("name", 'nam = "Tiêu chí"')],
    "unit": [
        ("id", 'id = "Xã A"'),
        ("kind", 'kind = "comune"'),
        ("name", 'name = ""'),
        ("recognised", 'recognised = { ntm = "2019" }'),
        ("recognised", "recognized = { ntm = 2019 }"),  # a key that is not a unit's
        ("revoked", "revoked = { ntm = 1800 }"),
        ("unmet", "unmet = { 2020 = [1, 1] }"),
        ("met_count", "met_count = { 2020 = -1 }"),
        ("parent", 'parent = "Huyện"'),
        ("from", 'from = "2019"'),
        ("until", "until = 2019.5"),
    ],
    "target": [("name", 'name = ""'), ("rollup", 'rollup = { of = "comune", standard = "ntm" }')],
}


def units_entries_text(entries: list[UnitsEntry], mistakes: dict[int, int] | None = None) -> str:
    """The entries as a file, with, for each entry in `mistakes` (by its position among the
    entries), the mistake of FIELD_MISTAKES at that index in place of its key's line."""
    lines = ["[program]", 'name = "Thử"']
    for position, (table, keys) in enumerate(entries):
        mistake = (mistakes or {}).get(position)
        broken = None if mistake is None else FIELD_MISTAKES[table][mistake]
        lines += ["", f"[[{table}]]"]
        for key_name, value in keys:
            if broken is not None and key_name == broken[0]:
                lines.append(broken[1])
            else:
                lines.append(f"{key_name} = {value}")
    return "\n".join(lines) + "\n"


def _inline(table: dict[Any, Any]) -> str:
    return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in table.items()) + " }"


@st.composite
def units_entries(draw: st.DrawFn, clean: bool = False) -> list[UnitsEntry]:
    """A units file whose every key passes its own check: standards, criteria, districts,
    communes and roll-up targets. `clean`: the tables agree too (a valid file); otherwise
    parents, recognitions, withdrawals, assessments and years are drawn freely, so that the
    rules that span tables (SPEC §12.1) fail here and there."""
    standards = list(UNIT_STANDARDS[: draw(st.integers(1, 3))])
    n_commune = draw(st.integers(1 if clean else 0, 4))
    n_district = draw(st.integers(0, 2))
    entries: list[UnitsEntry] = [
        ("standard", [("id", toml_value(s)), ("name", toml_value(f"Chuẩn {s}"))]) for s in standards
    ]
    for kind, count in (("commune", n_commune), ("district", n_district)):
        entries += [
            ("criterion", [("id", str(i)), ("name", f'"Tiêu chí {i}"'), ("kind", f'"{kind}"')])
            for i in range(1, count + 1)
        ]
    districts = [f"h{i}" for i in range(draw(st.integers(1, 3)))]
    communes = [f"x{i}" for i in range(draw(st.integers(0, 6)))]
    ids = districts + communes
    for unit_id in ids:
        is_district = unit_id in districts
        if not clean and draw(st.integers(0, 9)) == 0:
            unit_id = draw(st.sampled_from(ids))  # an id used twice
        keys = [
            ("id", toml_value(unit_id)),
            ("name", toml_value(f"Đơn vị {unit_id}")),
            ("kind", '"district"' if is_district else '"commune"'),
        ]
        if not is_district:
            parents = districts if clean else [*districts, *communes, "nowhere"]
            keys.append(("parent", toml_value(draw(st.sampled_from(parents)))))
        keys += _unit_history(draw, clean, standards, 0 if is_district else n_commune)
        entries.append(("unit", keys))
    for index in range(draw(st.integers(0, 2))):
        rollup = _rollup(draw, clean, standards, n_commune, districts, communes)
        entries.append(("target", [("id", f'"r{index}"'), ("name", '"Số xã"'), ("rollup", rollup)]))
    return entries


def _unit_history(
    draw: st.DrawFn, clean: bool, standards: list[str], n_criteria: int
) -> list[tuple[str, str]]:
    """A unit's recognitions, withdrawals, assessments and years."""
    keys: list[tuple[str, str]] = []
    if clean:
        reached = standards[: draw(st.integers(0, len(standards)))]
        years = sorted(draw(st.lists(UNIT_YEARS, min_size=len(reached), max_size=len(reached))))
        recognised = dict(zip(reached, years, strict=True))
        revoked = {}
        if reached and draw(st.booleans()):
            top = reached[-1]
            revoked[top] = draw(st.integers(recognised[top], 2022))
    else:
        names = st.sampled_from([*standards, "xyz"])
        recognised = draw(st.dictionaries(names, UNIT_YEARS, max_size=3))
        revoked = draw(st.dictionaries(names, UNIT_YEARS, max_size=2))
    if recognised:
        keys.append(("recognised", _inline(recognised)))
    if revoked:
        keys.append(("revoked", _inline(revoked)))
    if clean and n_criteria:
        numbers = st.lists(st.integers(1, n_criteria), unique=True).map(sorted)
        unmet = draw(st.dictionaries(UNIT_YEARS, numbers, max_size=2))
        met = draw(st.dictionaries(UNIT_YEARS, st.integers(0, n_criteria), max_size=2))
        met_count = {y: n_criteria - len(unmet[y]) if y in unmet else m for y, m in met.items()}
    elif clean:
        unmet, met_count = {}, {}
    else:
        numbers = st.lists(st.integers(1, 6), unique=True).map(sorted)
        unmet = draw(st.dictionaries(UNIT_YEARS, numbers, max_size=2))
        met_count = draw(st.dictionaries(UNIT_YEARS, st.integers(0, 7), max_size=2))
    if unmet:
        keys.append(("unmet", _inline(unmet)))
    if met_count:
        keys.append(("met_count", _inline(met_count)))
    if not clean:
        for key_name in ("from", "until"):
            if draw(st.integers(0, 3)) == 0:
                keys.append((key_name, str(draw(UNIT_YEARS))))
    return keys


def _rollup(
    draw: st.DrawFn,
    clean: bool,
    standards: list[str],
    n_commune: int,
    districts: list[str],
    communes: list[str],
) -> str:
    """A roll-up target's `rollup`, counting communes."""
    measure = draw(st.sampled_from(["standard", "criterion", "criteria_min"]))
    rollup: dict[str, Any] = {"of": "commune"}
    if measure == "standard":
        rollup["standard"] = draw(st.sampled_from(standards if clean else [*standards, "xyz"]))
    else:
        rollup[measure] = draw(st.integers(1, n_commune if clean else 6))
    if draw(st.booleans()):
        rollup["within"] = draw(st.sampled_from(districts if clean else [*districts, *communes]))
    return _inline(rollup)


@st.composite
def field_mistakes(draw: st.DrawFn, entries: list[UnitsEntry]) -> dict[int, int]:
    """Some entries, each with the index in FIELD_MISTAKES of a mistake on one of its keys."""
    found: dict[int, int] = {}
    for position, (table, keys) in enumerate(entries):
        written = {key_name for key_name, _ in keys}
        possible = [i for i, (key, _) in enumerate(FIELD_MISTAKES[table]) if key in written]
        if possible and draw(st.integers(0, 3)) == 0:
            found[position] = draw(st.sampled_from(possible))
    return found
