"""`ntm record UNIT` (SPEC §12.4 with §6's rules): unmet, met_count, recognised, revoked."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import DATA, Runner

UNITS_FILE = DATA / "valid" / "units.toml"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "targets.toml"
    shutil.copy(UNITS_FILE, target)
    return target


def _record(ntm: Runner, path: Path, *args: str) -> tuple[int, str, str]:
    result = ntm("record", *args, "-f", str(path), "--lang", "en")
    return result.code, result.out, result.err


def test_unmet_is_written_ascending_and_compared_as_a_set(ntm: Runner, path: Path) -> None:
    before = path.read_text("utf-8")
    assert _record(ntm, path, "nhon-ai", "--year", "2020", "--unmet", "3,2") == (
        0,
        "nhon-ai: unmet 2020 = [2, 3] (unchanged)\n",
        "",
    )
    assert path.read_text("utf-8") == before
    code, out, _ = _record(ntm, path, "giai-xuan", "--year", "2021", "--unmet", "3, 1")
    assert (code, out) == (0, "giai-xuan: unmet 2021 = [1, 3] (was not set)\n")
    assert "unmet = { 2019 = [3], 2020 = [], 2021 = [1, 3] }\n" in path.read_text("utf-8")
    code, out, _ = _record(ntm, path, "giai-xuan", "--year", "2022", "--unmet", "none")
    assert (code, out) == (0, "giai-xuan: unmet 2022 = [] (was not set)\n")


def test_a_different_value_needs_force(ntm: Runner, path: Path) -> None:
    before = path.read_text("utf-8")
    code, _, err = _record(ntm, path, "giai-xuan", "--year", "2019", "--unmet", "2")
    assert code == 2 and path.read_text("utf-8") == before
    assert err == (
        f'{path}: unit "giai-xuan": unmet.2019: already [3]; use --force to replace it with [2]\n'
    )
    code, out, _ = _record(ntm, path, "giai-xuan", "--year", "2019", "--unmet", "2", "--force")
    assert (code, out) == (0, "giai-xuan: unmet 2019 = [2] (was [3])\n")


def test_met_count_recognised_and_revoked(ntm: Runner, path: Path) -> None:
    code, out, _ = _record(ntm, path, "giai-xuan", "--year", "2018", "--met-count", "2")
    assert (code, out) == (0, "giai-xuan: met_count 2018 = 2 (was not set)\n")
    code, out, _ = _record(ntm, path, "giai-xuan", "--year", "2021", "--recognised", "advanced")
    assert (code, out) == (0, "giai-xuan: recognised advanced = 2021 (was not set)\n")
    code, out, _ = _record(ntm, path, "giai-xuan", "--year", "2023", "--revoked", "ntm")
    assert (code, out) == (0, "giai-xuan: revoked ntm = 2023 (was not set)\n")
    text = path.read_text("utf-8")
    assert "recognised = { ntm = 2016, advanced = 2021 }\n" in text
    assert "revoked = { ntm = 2023 }\n" in text
    assert "met_count = { 2018 = 2 }\n" in text


def test_the_result_is_validated_before_it_is_written(ntm: Runner, path: Path) -> None:
    before = path.read_text("utf-8")
    for args in (
        ("nhon-ai", "--year", "2020", "--met-count", "3"),  # disagrees with unmet 2020
        ("nhon-ai", "--year", "2021", "--unmet", "9"),  # not a declared criterion
        ("nhon-ai", "--year", "2005", "--unmet", "none"),  # before the unit exists
        ("giai-xuan", "--year", "2015", "--recognised", "advanced"),  # before ntm
        ("giai-xuan", "--year", "2021", "--recognised", "nope"),
    ):
        code, out, err = _record(ntm, path, *args)
        assert (code, out) == (2, ""), args
        assert err.count("\n") == 1 and "unit " in err
        assert path.read_text("utf-8") == before


def test_option_mistakes(ntm: Runner, path: Path) -> None:
    code, _, err = _record(ntm, path, "nhon-ai", "--year", "2020", "--unmet", "x")
    assert (code, err) == (
        2,
        "ntm: --unmet: expected criterion numbers such as 13,17 (or none), got x\n",
    )
    code, _, err = _record(ntm, path, "communes-ntm", "--year", "2020", "--unmet", "1")
    assert (code, err) == (2, f'{path}: --unmet is for a unit; "communes-ntm" is a target\n')
    code, _, err = _record(ntm, path, "nhon-ai", "--year", "2020", "--actual", "1")
    assert code == 2 and "--actual is for a target" in err
    code, _, err = _record(ntm, path, "nhon-ai", "--unmet", "1")
    assert code == 2 and "--year" in err
    code, _, err = _record(
        ntm, path, "nhon-ai", "--year", "2020", "--unmet", "1", "--met-count", "2"
    )
    assert code == 2 and "exactly one" in err


def test_show_unit_table(ntm: Runner) -> None:
    result = ntm("show", "nhon-ai", "-f", str(UNITS_FILE), "--lang", "vi")
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "Xã Nhơn Ái (nhon-ai)",
        "Xã · thuộc Huyện Phong Điền (phong-dien) · tồn tại 2010–",
        "Công nhận: Đạt chuẩn nông thôn mới 2014; Đạt chuẩn nông thôn mới nâng cao 2019 "
        "(thu hồi năm 2023)",
        " Năm   Số tiêu chí đạt   Tiêu chí chưa đạt" + " " * 51 + "Duy trì",
        "─" * 100,
        "2016               2/3   không rõ" + " " * 60 + "Không",
        "2019               3/3   —" + " " * 67 + "Có",
        "2020               1/3   2 Giao thông; 3 Thủy lợi" + " " * 44 + "Không",
    ]


def test_show_unit_json(ntm: Runner) -> None:
    import json

    result = ntm("show", "giai-xuan", "-f", str(UNITS_FILE), "--format", "json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["version"] == 3
    assert report["unit"] == {
        "id": "giai-xuan",
        "name": "Xã Giai Xuân",
        "name_en": None,
        "kind": "commune",
        "parent": "phong-dien",
        "from": None,
        "until": None,
        "recognised": {"ntm": 2016},
        "revoked": {},
        "note": None,
    }
    assert report["years"] == [
        {"year": 2019, "criteria_met": 2, "criteria_total": 3, "unmet": [3], "maintained": False},
        {"year": 2020, "criteria_met": 3, "criteria_total": 3, "unmet": [], "maintained": True},
    ]
    nhon_ai = json.loads(ntm("show", "nhon-ai", "-f", str(UNITS_FILE), "--format", "json").out)
    assert nhon_ai["years"][0] == {
        "year": 2016,
        "criteria_met": 2,
        "criteria_total": 3,
        "unmet": None,  # only met_count: which criteria is unknown
        "maintained": False,
    }


def test_show_a_roll_up_target(ntm: Runner) -> None:
    result = ntm("show", "communes-ntm", "-f", str(UNITS_FILE), "--lang", "en")
    assert result.code == 0, result.err
    assert "2/2 ∑" in result.out and result.out.rstrip().endswith("∑ counted from the units")


def test_init_units_writes_the_national_criteria(ntm: Runner, tmp_path: Path) -> None:
    import tomllib

    path = tmp_path / "targets.toml"
    result = ntm("init", str(path), "--units")
    assert result.code == 0, result.err
    raw = tomllib.loads(path.read_text("utf-8"))
    assert [(s["id"], s["name"], s["name_en"]) for s in raw["standard"]] == [
        ("ntm", "Đạt chuẩn nông thôn mới", "NTM standard"),
        ("advanced", "Đạt chuẩn nông thôn mới nâng cao", "Advanced NTM standard"),
    ]
    criteria = raw["criterion"]
    assert [c["id"] for c in criteria] == list(range(1, 20))
    assert [c["name"] for c in criteria] == [
        "Quy hoạch",
        "Giao thông",
        "Thủy lợi và phòng, chống thiên tai",
        "Điện",
        "Trường học",
        "Cơ sở vật chất văn hóa",
        "Cơ sở hạ tầng thương mại nông thôn",
        "Thông tin và Truyền thông",
        "Nhà ở dân cư",
        "Thu nhập",
        "Nghèo đa chiều",
        "Lao động",
        "Tổ chức sản xuất và phát triển kinh tế nông thôn",
        "Giáo dục và Đào tạo",
        "Y tế",
        "Văn hóa",
        "Môi trường và an toàn thực phẩm",
        "Hệ thống chính trị và tiếp cận pháp luật",
        "Quốc phòng và An ninh",
    ]
    groups = [c["group"] for c in criteria]
    assert groups == (
        ["Quy hoạch"]
        + ["Hạ tầng kinh tế - xã hội"] * 8
        + ["Kinh tế và tổ chức sản xuất"] * 4
        + ["Văn hóa - Xã hội - Môi trường"] * 4
        + ["Hệ thống chính trị"] * 2
    )
    assert all(c.get("name_en") for c in criteria)
    assert ntm("validate", "-f", str(path)).code == 0
    example = tmp_path / "example.toml"
    assert ntm("init", str(example), "--units", "--example").code == 0
    assert ntm("validate", "-f", str(example)).code == 0


def test_a_roll_up_target_takes_a_plan_but_no_actual(ntm: Runner, path: Path) -> None:
    code, _, err = _record(ntm, path, "communes-ntm", "--year", "2020", "--actual", "2")
    assert (code, err) == (
        2,
        f'{path}: target "communes-ntm" is counted from the units: record the units instead'
        " (--unmet, --met-count, --recognised, --revoked); its plan may be recorded\n",
    )
    code, out, _ = _record(ntm, path, "communes-ntm", "--year", "2022", "--plan", "2")
    assert (code, out) == (0, "communes-ntm: plan 2022 = 2 (was not set)\n")


@pytest.mark.parametrize("example", [False, True])
def test_init_units_examples_read_as_written_once_uncommented(
    ntm: Runner, tmp_path: Path, example: bool
) -> None:
    """The commented unit and roll-up examples `init --units` writes are a file ntm reads:
    removing their "# " as the comment says gives a valid file whose roll-up counts the
    commune (a new user found the commune's district missing from the example)."""
    path = tmp_path / "targets.toml"
    assert ntm("init", str(path), "--units", *(["--example"] if example else [])).code == 0
    text = path.read_text("utf-8")
    start = text.index("# A district and one of its communes")
    # the example's TOML lines lose their "# "; its prose stays a comment
    toml_line = re.compile(r"# (\[\[\w+\]\]|\w+ = .*)$")
    shown = [
        found.group(1) if (found := toml_line.match(line)) else line
        for line in text[start:].splitlines()
    ]
    path.write_text(text[:start] + "\n".join(shown) + "\n", "utf-8")
    result = ntm("validate", "-f", str(path), "--lang", "en")
    assert result.code == 0, result.err
    shown_json = ntm("units", "-f", str(path), "--format", "json", "--year", "2024")
    assert shown_json.code == 0, shown_json.err
    units = {u["id"]: u for u in json.loads(shown_json.out)["units"]}
    assert units["nhon-ai"]["parent"] == "phong-dien"
    assert units["nhon-ai"]["unmet"] == [13, 17]
