"""`ntm record` and `ntm init` on the command line (SPEC §6): values, refusals, --force,
links, BOM/CRLF, atomic writes; nothing is ever lost."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import ntm_cli.edit.write
import ntm_cli.output
from ntm_cli.edit.write import Wanted
from ntm_cli.errors import NtmError
from ntm_cli.i18n import problem_message
from ntm_cli.targets_file.data import Range
from tests.builders import COMMENTED
from tests.conftest import SHIPPED, Runner
from tests.runner import files_in
from tests.write_support import changed_lines


@pytest.mark.parametrize(
    ("args", "diff", "said"),
    [
        (
            ("income", "--year", "2021", "--actual", "96.1"),
            [
                "-actual = { 2020 = 94.45 }",
                "+actual = { 2020 = 94.45, 2021 = 96.1 }",
            ],
            "income: actual 2021 = 96.1 (was not set)",
        ),
        (
            ("income", "--year", "2020", "--plan", "88.3", "--force"),
            [
                "-plan = { 2020 = 88.296 }   # inline, keep spacing",
                "+plan = { 2020 = 88.3 }   # inline, keep spacing",
            ],
            "income: plan 2020 = 88.3 (was 88.296)",
        ),
        (
            ("communes", "--year", "2021", "--actual", "36"),
            ["+2021 = 36"],
            "communes: actual 2021 = 36 (was not set)",
        ),
        (
            ("communes", "--year", "2022", "--plan", "36"),
            ["+2022 = 36"],
            "communes: plan 2022 = 36 (was not set)",
        ),
        (
            ("dotted", "--year", "2021", "--actual", "4.5"),
            ["+actual.2021 = 4.5"],
            "dotted: actual 2021 = 4.5 (was not set)",
        ),
        (
            ("flag", "--year", "2020", "--actual", "true"),
            ["+actual = { 2020 = true }"],
            "flag: actual 2020 = Yes (was not set)",
        ),
    ],
)
def test_record_changes_only_the_value(
    ntm: Runner, commented: Path, args: tuple[str, ...], diff: list[str], said: str
) -> None:
    before = commented.read_text("utf-8")
    result = ntm("record", *args, "-f", str(commented))
    assert result.code == 0, result.err
    assert result.out == said + "\n"
    after = commented.read_text("utf-8")
    assert changed_lines(before, after) == diff
    assert ntm("validate", "-f", str(commented)).code == 0


def test_recorded_value_is_read_back(ntm: Runner, commented: Path) -> None:
    ntm("record", "income", "--year", "2021", "--actual", "96.1", "-f", str(commented))
    report = json.loads(ntm("status", "-f", str(commented), "--format", "json").out)
    assert report["year"] == 2021
    assert report["targets"][0]["actual"] == 96.1


def test_record_same_value_is_a_no_op(ntm: Runner, commented: Path) -> None:
    before = commented.read_bytes()
    result = ntm("record", "income", "--year", "2020", "--actual", "94.45", "-f", str(commented))
    assert (result.code, result.out) == (0, "income: actual 2020 = 94.45 (unchanged)\n")
    assert commented.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("income", "--year", "2020", "--actual", "95"),
            'targets.toml: target "income": actual.2020: already 94.45; '
            "use --force to replace it with 95",
        ),
        (
            ("incme", "--year", "2020", "--actual", "95"),
            'targets.toml: no target with id "incme"; did you mean: income',
        ),
        (
            ("income", "--year", "2101", "--actual", "95"),
            'targets.toml:10: target "income": actual.2101: year 2101 is outside 1900–2100',
        ),
        (
            ("income", "--year", "2021", "--actual", "nan"),
            "--actual: expected a number or true/false, got nan: write 96.5 or 96,5",
        ),
        (
            ("income", "--year", "2021", "--plan", "abc"),
            '--plan: expected a number or true/false, got "abc": write 96.5 or 96,5',
        ),
        (
            ("flag", "--year", "2020", "--actual", "5"),
            'targets.toml:33: target "flag": actual.2020: is 5 but plan.2021 is a boolean: '
            "use all numbers or all booleans",
        ),
        (
            ("income", "--year", "2021", "--actual", "true"),
            'targets.toml:10: target "income": actual.2021: is true but plan.2020 is a number: '
            "use all numbers or all booleans",
        ),
    ],
)
def test_record_refuses_and_leaves_the_file_untouched(
    ntm: Runner, commented: Path, args: tuple[str, ...], message: str
) -> None:
    before = commented.read_bytes()
    result = ntm("record", *args, cwd=commented.parent)
    assert result.code == 2
    assert result.err.strip().removeprefix("ntm: ") == message
    assert commented.read_bytes() == before
    assert files_in(commented.parent) == ["targets.toml"]


def test_record_needs_exactly_one_value(ntm: Runner, commented: Path) -> None:
    assert ntm("record", "income", "--year", "2021", cwd=commented.parent).code == 2
    both = ("income", "--year", "2021", "--actual", "1", "--plan", "2")
    assert ntm("record", *both, cwd=commented.parent).code == 2


def test_record_refuses_an_invalid_file(ntm: Runner, tmp_path: Path) -> None:
    path = tmp_path / "targets.toml"
    path.write_text('[[target]]\nid = "a"\nname = "A"\ndirrection = "up"\n', "utf-8")
    result = ntm("record", "a", "--year", "2020", "--actual", "1", cwd=tmp_path)
    assert result.code == 2 and "dirrection" in result.err
    assert "2020" not in path.read_text("utf-8")


def test_record_keeps_crlf_and_bom(ntm: Runner, tmp_path: Path) -> None:
    path = tmp_path / "targets.toml"
    original = COMMENTED.replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + original)
    for args in (
        ("income", "--year", "2021", "--actual", "96.1"),
        ("communes", "--year", "2022", "--plan", "36"),
        ("flag", "--year", "2020", "--actual", "true"),
    ):
        assert ntm("record", *args, cwd=tmp_path).code == 0
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\n") == data.count(b"\r\n")
    before = original.decode("utf-8").replace("\r\n", "\n")
    after = data[3:].decode("utf-8").replace("\r\n", "\n")
    assert changed_lines(before, after) == [
        "-actual = { 2020 = 94.45 }",
        "+actual = { 2020 = 94.45, 2021 = 96.1 }",
        "+2022 = 36",
        "+actual = { 2020 = true }",
    ]


def test_record_keeps_permissions(ntm: Runner, commented: Path) -> None:
    commented.chmod(0o640)
    ntm("record", "income", "--year", "2021", "--actual", "1", "-f", str(commented))
    assert commented.stat().st_mode & 0o777 == 0o640


def test_record_into_an_inline_array_of_targets(ntm: Runner, tmp_path: Path) -> None:
    path = tmp_path / "targets.toml"
    path.write_text('target = [\n  { id = "a", name = "A", plan = { 2020 = 1 } },\n]\n', "utf-8")
    assert ntm("record", "a", "--year", "2020", "--actual", "2", "-f", str(path)).code == 0
    assert path.read_text("utf-8") == (
        'target = [\n  { id = "a", name = "A", plan = { 2020 = 1 }, actual = { 2020 = 2 } },\n]\n'
    )


# --- atomic writes ------------------------------------------------------------------------------


def test_a_failed_rename_leaves_the_old_file_whole(
    ntm: Runner, commented: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = commented.read_bytes()

    def fail(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ntm_cli.output.os, "replace", fail)
    result = ntm("record", "income", "--year", "2021", "--actual", "1", "-f", str(commented))
    assert result.code == 2
    assert result.err.endswith(
        "targets.toml: cannot write: the disk is full (no space left on the device)\n"
    )
    assert commented.read_bytes() == before
    assert files_in(commented.parent) == ["targets.toml"]


def test_a_read_only_directory_leaves_the_file_whole(
    ntm: Runner, commented: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As root a chmod'ed directory is still writable, so make creating the temporary fail.
    before = commented.read_bytes()

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(ntm_cli.output.tempfile, "mkstemp", refuse)
    result = ntm("record", "income", "--year", "2021", "--actual", "1", "-f", str(commented))
    assert result.code == 2 and result.err.endswith(": cannot write: permission denied\n")
    assert commented.read_bytes() == before


KILLED_WRITER = """
import os, sys, time
import ntm_cli.edit.write as w

real_fsync = os.fsync

def slow_fsync(fd):
    print("writing", flush=True)
    time.sleep(30)  # killed here, after the temporary file has its data
    real_fsync(fd)

w.os.fsync = slow_fsync
from ntm_cli.cli.app import main
main(["record", "income", "--year", "2021", "--actual", "1", "-f", sys.argv[1]])
"""


def test_killing_the_process_mid_write_leaves_the_old_file_whole(commented: Path) -> None:
    before = commented.read_bytes()
    with subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(commented)],
        stdout=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "writing"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    assert commented.read_bytes() == before
    leftovers = [name for name in files_in(commented.parent) if name != "targets.toml"]
    assert all(name.startswith(".targets.toml.") for name in leftovers)


# --- init -----------------------------------------------------------------------------------------


def test_init_writes_a_valid_commented_template(ntm: Runner, tmp_path: Path) -> None:
    result = ntm("init")
    assert result.code == 0
    text = (tmp_path / "targets.toml").read_text("utf-8")
    for key in (
        "id",
        "name",
        "name_en",
        "group",
        "unit",
        "direction",
        "plan",
        "actual",
        "baseline",
        "total",
        "near_pct",
        "gate",
        "source",
        "note",
        "lang",
    ):
        assert f"{key} =" in text, key
    assert ntm("validate").code == 0


def test_init_never_overwrites_without_force(ntm: Runner, tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text("keep me", "utf-8")
    result = ntm("init", "mine.toml")
    assert result.code == 2 and "--force" in result.err
    assert path.read_text("utf-8") == "keep me"
    assert ntm("init", "mine.toml", "--force").code == 0
    assert path.read_text("utf-8") != "keep me"


def test_init_example_is_the_shipped_file(ntm: Runner, tmp_path: Path) -> None:
    assert ntm("init", "--example", "cantho.toml").code == 0
    written = (tmp_path / "cantho.toml").read_text("utf-8")
    shipped = SHIPPED.read_text("utf-8")
    # the same figures and comments; only the #:schema line (a file init does not write) differs
    assert written == shipped.split("\n", 1)[1]
    report = json.loads(ntm("status", "-f", "cantho.toml", "--format", "json").out)
    assert report["summary"]["total"] == 9


def test_record_through_a_link_updates_the_file_and_keeps_the_link(
    ntm: Runner, commented: Path
) -> None:
    (commented.parent / "data").mkdir()
    real = commented.parent / "data" / "targets.toml"
    commented.rename(real)
    commented.symlink_to(Path("data") / "targets.toml")
    result = ntm("record", "income", "--year", "2021", "--actual", "96.1", "-f", str(commented))
    assert result.code == 0, result.err
    assert commented.is_symlink()
    assert "actual = { 2020 = 94.45, 2021 = 96.1 }" in real.read_text("utf-8")
    assert files_in(real.parent) == ["targets.toml"]


# --- values typed on the command line (SPEC §6) ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "option", "value"),
    [
        ("96.5", "--actual", 96.5),
        ("36", "--actual", 36),
        ("1_000", "--plan", 1000),
        (" 96,5 ", "--actual", 96.5),
        ("-0,25", "--estimate", -0.25),
        ("36,0", "--actual", 36.0),
        ("true", "--actual", True),
        ("false", "--plan", False),
        ("7.5..8", "--plan", Range(7.5, 8)),
        ("7,5..8", "--plan", Range(7.5, 8)),
        ("55 .. 56,5", "--plan", Range(55, 56.5)),
        ("-1..0", "--plan", Range(-1, 0)),
    ],
)
def test_parse_value(text: str, option: str, value: object) -> None:
    parsed = ntm_cli.edit.write.parse_value(text, option)
    assert parsed == value and type(parsed) is type(value)
    if isinstance(value, Range):
        assert [type(bound) for bound in parsed] == [type(bound) for bound in value]


@pytest.mark.parametrize(
    ("text", "option", "en", "vi"),
    [
        (
            "1,5,5",
            "--actual",
            '--actual: cannot read "1,5,5" as a number: write 96.5 or 96,5, '
            "with one decimal mark and no thousands separator",
            '--actual: không đọc được "1,5,5" thành số: viết 96,5 hoặc 96.5, '
            "một dấu thập phân, không có dấu phân cách hàng nghìn",
        ),
        (
            "1.234,5",
            "--plan",
            '--plan: cannot read "1.234,5" as a number: write 96.5 or 96,5, '
            "with one decimal mark and no thousands separator",
            '--plan: không đọc được "1.234,5" thành số: viết 96,5 hoặc 96.5, '
            "một dấu thập phân, không có dấu phân cách hàng nghìn",
        ),
        (
            "",
            "--actual",
            '--actual: expected a number or true/false, got "": write 96.5 or 96,5',
            '--actual: cần một số hoặc true/false, nhận được "": viết 96,5 hoặc 96.5',
        ),
        (
            "inf",
            "--estimate",
            "--estimate: expected a number or true/false, got inf: write 96.5 or 96,5",
            "--estimate: cần một số hoặc true/false, nhận được inf: viết 96,5 hoặc 96.5",
        ),
        (
            "1e400",
            "--actual",
            "--actual: number too large, got 1e400",
            "--actual: số quá lớn, nhận được 1e400",
        ),
        (
            "7..-1E400",
            "--plan",
            "--plan: number too large, got -1E400",
            "--plan: số quá lớn, nhận được -1E400",
        ),
        (
            "7..8",
            "--actual",
            "--actual: 7..8 is a range, and only a plan may be a range: "
            "write one number such as 96.5 or 96,5",
            "--actual: 7..8 là một khoảng, chỉ kế hoạch mới được là khoảng: "
            "viết một số như 96,5 hoặc 96.5",
        ),
        (
            "8..7,5",
            "--plan",
            "--plan: the range's low 8 must be below its high 7.5: write LOW..HIGH, such as 7.5..8",
            "--plan: cận dưới 8 của khoảng phải nhỏ hơn cận trên 7.5: viết THẤP..CAO, như 7,5..8",
        ),
        (
            "7..7",
            "--plan",
            "--plan: the range's low 7 must be below its high 7: write LOW..HIGH, such as 7.5..8",
            "--plan: cận dưới 7 của khoảng phải nhỏ hơn cận trên 7: viết THẤP..CAO, như 7,5..8",
        ),
        (
            "1..2..3",
            "--plan",
            "--plan: cannot read 1..2..3 as a range: write LOW..HIGH, such as 7.5..8 or 7,5..8",
            "--plan: không đọc được 1..2..3 thành khoảng: viết THẤP..CAO, như 7,5..8 hoặc 7.5..8",
        ),
        (
            "true..2",
            "--plan",
            "--plan: cannot read true..2 as a range: write LOW..HIGH, such as 7.5..8 or 7,5..8",
            "--plan: không đọc được true..2 thành khoảng: viết THẤP..CAO, như 7,5..8 hoặc 7.5..8",
        ),
        (
            "..8",
            "--plan",
            '--plan: expected a number or true/false, got "..8": write 96.5 or 96,5',
            '--plan: cần một số hoặc true/false, nhận được "..8": viết 96,5 hoặc 96.5',
        ),
    ],
)
def test_parse_value_refuses_with_a_hint(text: str, option: str, en: str, vi: str) -> None:
    with pytest.raises(NtmError) as caught:
        ntm_cli.edit.write.parse_value(text, option)
    [problem] = caught.value.problems
    assert (problem_message(problem, "en"), problem_message(problem, "vi")) == (en, vi)


@pytest.mark.parametrize(
    ("old", "new", "same"),
    [
        (36, 36.0, True),
        (36.0, 36, True),
        (94.45, 94.45, True),
        (1, True, False),
        (True, 1, False),
        (True, True, True),
        (Range(7.5, 8), Range(7.5, 8.0), True),
        (Range(7.5, 8), Range(7.5, 9), False),
        (Range(7, 8), 7, False),
        (7, Range(7, 8), False),
        (None, 7, False),
    ],
)
def test_same_value(old: Any, new: Any, same: bool) -> None:
    assert ntm_cli.edit.write.same_value(old, new) is same


def test_toml_value_writes_a_range_as_an_array() -> None:
    assert ntm_cli.edit.write.toml_value(Range(7.5, 8)) == "[7.5, 8]"
    assert ntm_cli.edit.write.toml_value(Range(-1, 0.25)) == "[-1, 0.25]"


def test_record_with_a_decimal_comma(ntm: Runner, commented: Path) -> None:
    result = ntm("record", "income", "--year", "2021", "--actual", "96,5", "-f", str(commented))
    assert (result.code, result.out) == (0, "income: actual 2021 = 96.5 (was not set)\n")
    assert "actual = { 2020 = 94.45, 2021 = 96.5 }" in commented.read_text("utf-8")


def test_record_a_numerically_equal_value_leaves_the_file_as_written(
    ntm: Runner, commented: Path
) -> None:
    before = commented.read_bytes()
    result = ntm("record", "communes", "--year", "2020", "--actual", "36.0", "-f", str(commented))
    assert result.code == 0
    assert commented.read_bytes() == before
    [change] = ntm_cli.edit.write.record_many(
        commented, "t", [Wanted("communes", "actual", 2020, 36.0)], force=False
    )
    assert (change.old, change.new, change.changed) == (36, 36.0, False)
    assert commented.read_bytes() == before


def test_record_takes_exactly_one_value_option(ntm: Runner, tmp_path: Path) -> None:
    (tmp_path / "targets.toml").write_bytes(SHIPPED.read_bytes())
    for args in ([], ["--actual", "1", "--plan", "2"], ["--estimate", "1", "--actual", "1"]):
        result = ntm("record", "communes-ntm", "--year", "2020", *args, "--lang", "en")
        assert (result.code, result.out) == (2, "")
        assert result.err == (
            "ntm: give exactly one of --actual, --estimate and --plan (for a unit: --unmet, "
            "--met-count, --recognised or --revoked)\n"
        )
    assert (tmp_path / "targets.toml").read_bytes() == SHIPPED.read_bytes()


def test_record_of_a_numerically_equal_value_says_unchanged(ntm: Runner, tmp_path: Path) -> None:
    (tmp_path / "targets.toml").write_bytes(SHIPPED.read_bytes())
    result = ntm("record", "communes-ntm", "--year", "2020", "--actual", "36.0", "--lang", "en")
    assert (result.code, result.out) == (0, "communes-ntm: actual 2020 = 36 (unchanged)\n")
    assert (tmp_path / "targets.toml").read_bytes() == SHIPPED.read_bytes()


def test_init_into_a_directory_says_so_at_once(ntm: Runner, tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    result = ntm("init", "d", "--lang", "en")
    assert (result.code, result.err) == (2, "d: is a directory, not a targets file\n")
    assert list((tmp_path / "d").iterdir()) == []


def test_record_speaks_the_files_language(ntm: Runner, tmp_path: Path) -> None:
    """SPEC §3's order: no --lang, no $NTM_LANG, so [program].lang (the shipped file: vi)."""
    (tmp_path / "targets.toml").write_bytes(SHIPPED.read_bytes())
    result = ntm("record", "income-per-capita", "--year", "2021", "--actual", "96,5")
    assert (result.code, result.out) == (
        0,
        "income-per-capita: actual 2021 = 96,5 (trước đó chưa có)\n",
    )
    refused = ntm("record", "income-per-capita", "--year", "2021", "--actual", "97")
    assert refused.code == 2
    assert refused.err == (
        'targets.toml: target "income-per-capita": actual.2021: '
        "đã là 96,5; dùng --force để thay bằng 97\n"
    )
