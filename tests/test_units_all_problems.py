"""`ntm validate` lists every problem of a units file in one run (SPEC §5): the rules that span
tables (§12.1) are judged on the entries that pass their own checks while others fail theirs,
and no problem is reported that an entry with a mistake of its own could have caused."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntm_cli.errors import NtmError, Problem
from ntm_cli.i18n import problem_message
from tests.builders import (
    FIELD_MISTAKES,
    UnitsEntry,
    field_mistakes,
    load_text,
    units_entries,
    units_entries_text,
    units_file,
)
from tests.conftest import DATA, ROOT, Runner

# Every kind of problem of unit_rules.py: the rules that span tables.
CROSS = frozenset(
    {
        "duplicate_standard",
        "duplicate_criterion",
        "buckets_edge",
        "unknown_standard",
        "duplicate_unit",
        "district_parent",
        "not_a_district",
        "until_before_from",
        "recognised_lower",
        "revoked_unrecognised",
        "revoked_before",
        "recognised_after_withdrawal",
        "no_criteria",
        "unknown_criterion",
        "met_count_range",
        "met_count_unmet",
        "year_outside_unit",
        "year_outside_parent",
        "criteria_min_range",
    }
)

VI = """\
units-many-problems.toml:22: criterion "3": name: bắt buộc nhưng còn thiếu
units-many-problems.toml:24: criterion "3": nam: khóa không hợp lệ `nam` (có phải ý bạn là `name`?)
units-many-problems.toml:34: unit "co-do": kind: cần 'commune' hoặc 'district', nhận được "distric"
units-many-problems.toml:41: unit "nhon-ai": recognised.ntm: cần một năm (số nguyên), nhận được \
"2019"
units-many-problems.toml:47: unit "my-khanh": parent: "nhon-ai" không phải đơn vị cấp huyện
units-many-problems.toml:54: unit "giai-xuan": recognised.nang-cao: "nang-cao" không phải chuẩn đã \
khai báo trong [[standard]]
units-many-problems.toml:61: unit "tan-thoi": unmet.2020: tiêu chí 25 chưa được khai báo cho loại \
"commune"
units-many-problems.toml:66: unit "truong-long": kind: cần 'commune' hoặc 'district', nhận được \
"comune"
units-many-problems.toml:75: unit "truong-thanh": met_count.2020: 1 không khớp unmet.2020: 3 tiêu \
chí, 1 chưa đạt, tức đạt 2
units-many-problems.toml:83: unit "dinh-mon": revoked.ntm: năm 2018 trước năm được công nhận 2020
units-many-problems.toml:90: unit "thoi-thanh": recognized: khóa không hợp lệ `recognized` (có \
phải ý bạn là `recognised`?)
units-many-problems.toml:97: unit "xuan-thang": recognised.advanced: đạt chuẩn advanced năm 2021 \
thì cũng phải đạt ntm từ năm 2021 trở về trước
units-many-problems.toml:97: unit "xuan-thang": recognised.advanced: năm 2021 nằm ngoài thời gian \
đơn vị tồn tại (2022–…)
units-many-problems.toml:101: unit "my-khanh": id: id "my-khanh" đã được dùng cho một đơn vị
units-many-problems.toml:102: unit "my-khanh": name: không được để trống
units-many-problems.toml:105: unit "my-khanh": revoked.ntm: đơn vị chưa được công nhận đạt chuẩn ntm
units-many-problems.toml:110: target "communes-ntm": plan.2021: cần một số hoặc true/false, nhận \
được "36"
units-many-problems.toml:111: target "communes-ntm": rollup.within: "phong" không phải đơn vị cấp \
huyện (có phải ý bạn là "phong-dien"?)
"""

EN = """\
units-many-problems.toml:22: criterion "3": name: required, but missing
units-many-problems.toml:24: criterion "3": nam: unknown key `nam` (did you mean `name`?)
units-many-problems.toml:34: unit "co-do": kind: expected 'commune' or 'district', got "distric"
units-many-problems.toml:41: unit "nhon-ai": recognised.ntm: expected a year (an integer), got \
"2019"
units-many-problems.toml:47: unit "my-khanh": parent: "nhon-ai" is not a district
units-many-problems.toml:54: unit "giai-xuan": recognised.nang-cao: "nang-cao" is not a declared \
[[standard]]
units-many-problems.toml:61: unit "tan-thoi": unmet.2020: criterion 25 is not declared for kind \
"commune"
units-many-problems.toml:66: unit "truong-long": kind: expected 'commune' or 'district', got \
"comune"
units-many-problems.toml:75: unit "truong-thanh": met_count.2020: 1 disagrees with unmet.2020: 3 \
criteria, 1 not met, so 2 met
units-many-problems.toml:83: unit "dinh-mon": revoked.ntm: 2018 is before its recognition in 2020
units-many-problems.toml:90: unit "thoi-thanh": recognized: unknown key `recognized` (did you mean \
`recognised`?)
units-many-problems.toml:97: unit "xuan-thang": recognised.advanced: recognised at advanced in \
2021, so also at ntm in 2021 or earlier
units-many-problems.toml:97: unit "xuan-thang": recognised.advanced: 2021 is outside the years the \
unit exists (2022–…)
units-many-problems.toml:101: unit "my-khanh": id: id "my-khanh" is already used by a unit
units-many-problems.toml:102: unit "my-khanh": name: must not be empty
units-many-problems.toml:105: unit "my-khanh": revoked.ntm: the unit is not recognised at ntm
units-many-problems.toml:110: target "communes-ntm": plan.2021: expected a number or true/false, \
got "36"
units-many-problems.toml:111: target "communes-ntm": rollup.within: "phong" is not a district (did \
you mean "phong-dien"?)
"""


@pytest.mark.parametrize(("lang", "expected"), [("vi", VI), ("en", EN)])
@pytest.mark.parametrize("command", ["validate", "check"])
def test_one_run_lists_the_mistakes_of_keys_and_between_tables(
    ntm: Runner, lang: str, expected: str, command: str
) -> None:
    """The trial that took five runs: mistakes in the keys of some units and between the
    tables in others, every one in the first run, in the order of the file. Not the commune
    under the district whose kind is misspelt (`truong-thanh` under `co-do`), nor the unit
    whose own kind is misspelt (`truong-long`): those are judged once the kinds are fixed."""
    result = ntm(command, "-f", "units-many-problems.toml", "--lang", lang, cwd=DATA / "invalid")
    assert (result.code, result.err) == (2, expected)


def problems(text: str) -> list[Problem]:
    try:
        load_text(text)
    except NtmError as error:
        return error.problems
    return []


def messages(text: str) -> list[str]:
    return [problem_message(p, "en") for p in problems(text)]


def commune(unit_id: str, **keys: Any) -> dict[str, Any]:
    return {"id": unit_id, "name": f"Xã {unit_id}", "kind": "commune", **keys}


DISTRICT = {"id": "h", "name": "Huyện H", "kind": "district"}


def test_a_district_whose_kind_is_misspelt_does_not_make_its_communes_wrong() -> None:
    other = {**DISTRICT, "id": "k"}
    units = [
        {**DISTRICT, "kind": "distric"},
        other,
        commune("a", parent="h"),
        commune("b", parent="a"),
    ]
    assert messages(units_file(units, n_criteria=2)) == [
        "t:24: unit \"h\": kind: expected 'commune' or 'district', got \"distric\"",
        't:41: unit "b": parent: "a" is not a district',
    ]


def test_a_commune_with_a_mistake_of_its_own_is_still_not_a_district() -> None:
    units = [DISTRICT, commune("a", parent="h", name=""), commune("b", parent="a")]
    assert messages(units_file(units, n_criteria=2)) == [
        't:28: unit "a": name: must not be empty',
        't:36: unit "b": parent: "a" is not a district',
    ]


def test_a_criterion_whose_number_failed_leaves_unmet_lists_unjudged() -> None:
    """Its number is not known, so no `unmet` is said to name an undeclared criterion; how
    many criteria the kind has is known, so `met_count` is still judged."""
    text = units_file(
        [DISTRICT, commune("a", parent="h", unmet={"2020": [1, 9]}, met_count={"2020": 0})],
        n_criteria=3,
    ).replace("id = 3\n", 'id = "3"\n')
    assert messages(text) == [
        't:22: criterion "3": id: expected a criterion number 1–99, got "3"',
        't:36: unit "a": met_count.2020: 0 disagrees with unmet.2020: 3 criteria, 2 not met,'
        " so 1 met",
    ]
    # With its number readable, the criterion is declared: 9 is not.
    fixed_number = text.replace('id = "3"\n', "id = 3\nnam = 1\n")
    assert 't:36: unit "a": unmet.2020: criterion 9 is not declared for kind "commune"' in (
        messages(fixed_number)
    )


def test_a_criterion_whose_kind_failed_leaves_the_counts_unjudged() -> None:
    text = units_file(
        [DISTRICT, commune("a", parent="h", unmet={"2020": [1]}, met_count={"2020": 0})],
        n_criteria=2,
    ).replace('name = "Tiêu chí 2"\n', 'name = "Tiêu chí 2"\nkind = "xa"\n')
    assert messages(text) == [
        "t:20: criterion \"2\": kind: expected 'commune' or 'district', got \"xa\"",
    ]


def test_a_standard_with_a_mistake_keeps_its_rank() -> None:
    """A standard whose name failed is still declared, and still needed below those above it;
    one whose id failed leaves every name unjudged."""
    units = [DISTRICT, commune("a", parent="h", recognised={"advanced": 2020, "xyz": 2020})]
    text = units_file(units, n_criteria=1).replace('name = "Đạt chuẩn nông thôn mới"\n', "")
    assert messages(text) == [
        't:3: standard "ntm": name: required, but missing',
        't:26: unit "a": recognised.xyz: "xyz" is not a declared [[standard]]',
        't:26: unit "a": recognised.advanced: recognised at advanced in 2020, so also at ntm in'
        " 2020 or earlier",
    ]
    unreadable = units_file(units, n_criteria=1).replace('id = "ntm"', 'id = "NTM"')
    assert [m for m in messages(unreadable) if "is not a declared" in m] == []


def test_an_id_used_twice_is_reported_at_a_unit_with_a_mistake() -> None:
    units = [DISTRICT, commune("a", parent="h"), commune("a", parent="h", kind="xa")]
    assert messages(units_file(units, n_criteria=1)) == [
        't:29: unit "a": id: id "a" is already used by a unit',
        "t:31: unit \"a\": kind: expected 'commune' or 'district', got \"xa\"",
    ]


def test_a_file_of_targets_alone_is_judged_as_before() -> None:
    text = '[[target]]\nid = "a"\nname = ""\n'
    assert messages(text) == ['t:3: target "a": name: must not be empty']


def _depends(problem: Problem, entries: list[UnitsEntry], mistakes: dict[int, int]) -> bool:
    """Whether a problem of the fixed file may depend on what the mistakes hide: it is at an
    entry with a mistake, or it needs an id, kind or span that a mistake made unreadable."""
    hidden = {(entries[i][0], FIELD_MISTAKES[entries[i][0]][m][0]) for i, m in mistakes.items()}
    if problem.target_index is not None:
        positions = [i for i, (table, _) in enumerate(entries) if table == problem.table]
        position = positions[problem.target_index]
        if position in mistakes:
            key = FIELD_MISTAKES[problem.table][mistakes[position]][0]
            if key != "name":
                return True  # an entry whose name is wrong is still judged: nothing reads it
    code = problem.code
    units = {("unit", "id"), ("unit", "kind"), ("unit", "from"), ("unit", "until")}
    if code in ("not_a_district", "year_outside_parent", "duplicate_unit"):
        return bool(hidden & units)
    if code in (
        "unknown_standard",
        "duplicate_standard",
        "recognised_lower",
        "recognised_after_withdrawal",
        "revoked_unrecognised",
        "revoked_before",
    ):
        return ("standard", "id") in hidden
    if code in (
        "unknown_criterion",
        "duplicate_criterion",
        "no_criteria",
        "met_count_range",
        "met_count_unmet",
        "criteria_min_range",
        "buckets_edge",
    ):
        return bool(hidden & {("criterion", "id"), ("criterion", "kind")})
    return False


@given(st.booleans().flatmap(units_entries), st.data())
def test_one_run_lists_what_fixing_the_keys_would_reveal(
    entries: list[UnitsEntry], data: st.DataObject
) -> None:
    """For a units file whose keys all pass (`fixed`) and the same file with mistakes in the
    keys of some entries (`broken`, on the same lines): every problem between tables that one
    run over `broken` lists is one the run over `fixed` lists (none spurious), and every
    problem of `fixed` that the mistakes cannot hide is listed by that one run."""
    mistakes = data.draw(field_mistakes(entries))
    fixed = problems(units_entries_text(entries))
    assert {p.code for p in fixed} <= CROSS, fixed
    broken_text = units_entries_text(entries, mistakes)
    broken = problems(broken_text)
    in_fixed = {problem_message(p, "en") for p in fixed}
    in_broken = [problem_message(p, "en") for p in broken]
    for problem in broken:
        if problem.code in CROSS:
            assert problem_message(problem, "en") in in_fixed, broken_text
    for problem in fixed:
        if not _depends(problem, entries, mistakes):
            assert problem_message(problem, "en") in in_broken, broken_text
    assert in_broken == sorted(in_broken, key=lambda m: int(m.split(":")[1])), "in line order"
    if mistakes:
        assert broken


@given(units_entries(clean=True))
def test_a_valid_units_file_stays_valid(entries: list[UnitsEntry]) -> None:
    assert problems(units_entries_text(entries)) == []


def test_the_readme_example_is_real_output() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    shown = "$ ntm validate -f units-many-problems.toml\n"
    start = readme.index(shown) + len(shown)
    lines = readme[start : readme.index("```", start)].splitlines()
    assert lines[-1] == "…"
    assert set(lines[:-1]) <= set(EN.splitlines())


def test_a_unit_with_a_mistake_is_judged_on_the_keys_its_problems_read() -> None:
    """Its name refused, its withdrawal before its recognition is still listed; its
    recognition's year refused, the withdrawal is not judged (it reads the recognition); a key
    that is not a unit's (`recognized`) may be a misspelt one that any rule reads: nothing."""
    history = {"recognised": {"ntm": 2020}, "revoked": {"ntm": 2018}}
    units = [DISTRICT, commune("a", parent="h", name="", **history)]
    assert messages(units_file(units, n_criteria=1)) == [
        't:24: unit "a": name: must not be empty',
        't:28: unit "a": revoked.ntm: 2018 is before its recognition in 2020',
    ]
    text = units_file(units, n_criteria=1)
    wrong_year = text.replace("ntm = 2020", 'ntm = "2020"')
    assert [m for m in messages(wrong_year) if "before" in m] == []
    misspelt = text.replace('name = ""', 'name = "A"').replace("recognised", "recognized")
    assert messages(misspelt) == [
        't:27: unit "a": recognized: unknown key `recognized` (did you mean `recognised`?)'
    ]
