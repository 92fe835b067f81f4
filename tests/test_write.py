"""`ntm init`, `ntm record` and `ntm show` (SPEC §6): nothing is ever lost."""

from __future__ import annotations

import difflib
import io
import json
import os
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
import threading
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
from ntm_cli.targets_file.data import Document, Range
from tests.conftest import SHIPPED, Runner
from tests.runner import files_in

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


def changed_lines(before: str, after: str) -> list[str]:
    """Lines removed or added between two texts (unified diff without context)."""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


@pytest.fixture
def commented(tmp_path: Path) -> Path:
    path = tmp_path / "targets.toml"
    path.write_text(COMMENTED, "utf-8")
    return path


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


# --- show ---------------------------------------------------------------------------------------


def test_show_table(ntm: Runner, tmp_path: Path) -> None:
    path = tmp_path / "targets.toml"
    path.write_text(
        textwrap.dedent(
            """
            [[target]]
            id = "income"
            name = "Thu nhập"
            name_en = "Income"
            unit = "triệu đồng"
            baseline = { year = 2015, value = 46 }
            plan = { 2020 = 88.296, 2025 = 120 }
            actual = { 2019 = 80, 2020 = 94.45, 2021 = 96.1 }
            """
        ),
        "utf-8",
    )
    result = ntm("show", "income", "--lang", "en")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "Income (income)"
    assert lines[1] == "triệu đồng · higher is better · Baseline 2015: 46"
    assert lines[2] == "Trend: ▁▇█ (2019–2021)"
    assert lines[3] == "Milestones: 2025: 120"
    rows = [line.split() for line in lines[6:]]
    assert [row[0] for row in rows] == ["2019", "2020", "2021", "2025"]
    assert rows[1][-2:] == ["▲", "EXCEEDED"]
    assert rows[3][-3:] == ["?", "NO", "DATA"]


def test_show_json_gives_a_record_per_year(ntm: Runner) -> None:
    result = ntm("show", "communes-ntm", "-f", str(SHIPPED), "--format", "json")
    document = json.loads(result.out)
    assert document["target"]["id"] == "communes-ntm"
    assert [(r["year"], r["status"]) for r in document["records"]] == [
        (2020, "ahead"),
        (2021, "no-data"),
    ]
    assert document["records"][0]["ahead_years"] == 1


def test_show_unknown_id(ntm: Runner) -> None:
    result = ntm("show", "income", "-f", str(SHIPPED), "--lang", "en")
    assert result.code == 2
    assert result.err == (
        f'{SHIPPED}: no target with id "income"; did you mean: income-per-capita\n'
    )
    # without --lang, the file's own language (lang = "vi")
    result = ntm("show", "income", "-f", str(SHIPPED))
    assert result.err == (
        f'{SHIPPED}: không có chỉ tiêu id "income"; có phải ý bạn là: income-per-capita\n'
    )


# --- where a report goes: -o PATH (SPEC §3) -------------------------------------------------------


def _status(mode: int) -> os.stat_result:
    return os.stat_result((mode, 0, 0, 1, 0, 0, 0, 0, 0, 0))


REGULAR = _status(stat.S_IFREG | 0o644)


@pytest.mark.parametrize(
    ("path", "through", "final", "kind"),
    [
        ("-", [], None, "stdout"),
        ("report.json", ["/w/report.json", "/w/report.json"], REGULAR, "replace"),
        ("new.json", ["/w/new.json", "/w/new.json"], None, "replace"),
        ("link", ["/w/link", "/w/real.json", "/w/real.json"], REGULAR, "replace"),
        ("out", ["/w/out", "/w/out"], _status(stat.S_IFDIR | 0o755), "directory"),
        ("/dev/null", ["/dev/null", "/dev/null"], _status(stat.S_IFCHR | 0o666), "in_place"),
        ("pipe", ["/w/pipe", "/w/pipe"], _status(stat.S_IFIFO | 0o644), "in_place"),
        ("sock", ["/w/sock", "/w/sock"], _status(stat.S_IFSOCK | 0o644), "in_place"),
        # The shell's `>> ci.log` made stdout a regular file; it is appended to, not replaced.
        ("/dev/stdout", ["/dev/stdout", "/proc/self/fd/1", "/w/ci.log"], REGULAR, "in_place"),
        ("/dev/stderr", ["/dev/stderr", "/w/err.log"], REGULAR, "in_place"),
        ("/dev/fd/3", ["/dev/fd/3", "/w/out.log"], REGULAR, "in_place"),
        ("/proc/123/fd/1", ["/proc/123/fd/1", "/w/ci.log"], REGULAR, "in_place"),
        ("mine", ["/w/mine", "/dev/stdout", "/proc/self/fd/1", "/w/ci.log"], REGULAR, "in_place"),
        ("/dev/stdout.json", ["/dev/stdout.json", "/dev/stdout.json"], None, "replace"),
        ("/proc/fd/x", ["/proc/fd/x", "/proc/fd/x"], None, "replace"),
    ],
)
def test_output_kind(
    path: str, through: list[str], final: os.stat_result | None, kind: str
) -> None:
    assert ntm_cli.output.output_kind(path, through, final) == kind


def test_output_dash_is_standard_output(tmp_path: Path) -> None:
    stdout = io.BytesIO()
    assert ntm_cli.output.write_output("-", b"report\n", stdout) is None
    assert stdout.getvalue() == b"report\n"
    assert list(tmp_path.iterdir()) == []


def test_output_replaces_a_file_keeping_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_bytes(b"old and longer\n")
    path.chmod(0o640)
    assert ntm_cli.output.write_output(str(path), b"new\n", io.BytesIO()) == str(path)
    assert path.read_bytes() == b"new\n"
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_output_through_a_link_replaces_its_file_and_keeps_the_link(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    real = tmp_path / "reports" / "real.json"
    real.write_bytes(b"old\n")
    link = tmp_path / "link.json"
    link.symlink_to(Path("reports") / "real.json")
    second = tmp_path / "second.json"
    second.symlink_to(link.name)  # a chain of two links
    ntm_cli.output.write_output(str(second), b"new\n", io.BytesIO())
    assert second.is_symlink() and link.is_symlink()
    assert real.read_bytes() == b"new\n"
    # the temporary file was made beside the final file, not beside the link
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "reports", "second.json"]
    assert [p.name for p in real.parent.iterdir()] == ["real.json"]


def test_output_through_a_dangling_link_creates_the_file_it_names(tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to("made.json")
    ntm_cli.output.write_output(str(link), b"new\n", io.BytesIO())
    assert link.is_symlink()
    assert (tmp_path / "made.json").read_bytes() == b"new\n"


def test_output_to_a_directory_is_an_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "to-out").symlink_to("out")
    for named in ("out", str(tmp_path / "to-out")):
        with pytest.raises(NtmError) as caught:
            ntm_cli.output.write_output(named, b"x", io.BytesIO())
        [problem] = caught.value.problems
        assert problem_message(problem, "en") == (
            f"{named}: is a directory; give a file name for the report"
        )
        assert problem_message(problem, "vi") == (
            f"{named}: là thư mục; hãy chỉ định tên tệp cho báo cáo"
        )
    assert [p.name for p in (tmp_path / "out").iterdir()] == []


def test_output_to_dev_null_writes_it_as_it_is() -> None:
    before = os.stat("/dev/null")
    assert ntm_cli.output.write_output("/dev/null", b"gone\n", io.BytesIO()) == "/dev/null"
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_output_to_a_fifo_writes_into_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    ntm_cli.output.write_output(str(fifo), b"through the pipe\n", io.BytesIO())
    reader.join(timeout=30)
    assert received == [b"through the pipe\n"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_output_to_a_character_device_writes_it_as_it_is(tmp_path: Path) -> None:
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # the same device as /dev/null
    except PermissionError:
        pytest.skip("making a device node needs root (CAP_MKNOD)")
    try:
        ntm_cli.output.write_output(str(device), b"gone\n", io.BytesIO())
    except NtmError as error:  # a file system mounted nodev refuses to open it
        assert error.problems[0].code == "write_failed"
    assert stat.S_ISCHR(device.lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["null"]


def test_output_through_proc_fd_appends(tmp_path: Path) -> None:
    log = tmp_path / "ci.log"
    log.write_bytes(b"earlier step\n")
    with log.open("ab") as shell_redirect:  # what `>> ci.log` gives the process
        stdout = io.BytesIO()
        path = f"/proc/self/fd/{shell_redirect.fileno()}"
        ntm_cli.output.write_output(path, b"report\n", stdout)
        ntm_cli.output.write_output(f"/dev/fd/{shell_redirect.fileno()}", b"again\n", stdout)
    assert log.read_bytes() == b"earlier step\nreport\nagain\n"
    assert [p.name for p in tmp_path.iterdir()] == ["ci.log"]


def test_output_to_dev_stdout_appends_to_the_log(tmp_path: Path) -> None:
    log = tmp_path / "ci.log"
    log.write_bytes(b"earlier step\n")
    script = (
        "import sys; from ntm_cli.output import write_output; "
        "print('before', flush=True); "
        "write_output('/dev/stdout', b'report\\n', sys.stdout.buffer)"
    )
    with log.open("ab") as redirect:
        subprocess.run([sys.executable, "-c", script], stdout=redirect, check=True, timeout=60)
    assert log.read_bytes() == b"earlier step\nbefore\nreport\n"


def test_a_failed_output_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "report.json"
    path.write_bytes(b"old\n")

    def fail(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ntm_cli.output.os, "replace", fail)
    with pytest.raises(NtmError) as caught:
        ntm_cli.output.write_output(str(path), b"new\n", io.BytesIO())
    assert problem_message(caught.value.problems[0], "en") == (
        f"{path}: cannot write: the disk is full (no space left on the device)"
    )
    assert path.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


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


def _document(text: str) -> Document:
    from ntm_cli.targets_file.load import parse_toml, validate

    return validate(parse_toml(text, "t"), text, "t")


@settings(max_examples=150, deadline=None)
@given(file=ntm_files(), data=st.data())
def test_the_fast_path_writes_what_the_general_path_writes(
    file: tuple[str, list[dict[str, Any]]], data: st.DataObject
) -> None:
    text, targets = file
    wanted = data.draw(wanted_values(targets))
    doc = _document(text)
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
    doc = _document(text)
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
    doc = _document(text)
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


def test_a_report_never_replaces_the_targets_file_it_was_made_from(
    ntm: Runner, tmp_path: Path
) -> None:
    (tmp_path / "targets.toml").write_bytes(SHIPPED.read_bytes())
    (tmp_path / "link.csv").symlink_to("targets.toml")
    for output in ("targets.toml", "./targets.toml", "link.csv"):
        result = ntm("status", "--format", "csv", "-o", output, "--lang", "en")
        assert result.code == 2
        assert result.err == (
            f"{output}: is the targets file the report is made from; give another -o\n"
        )
        assert (tmp_path / "targets.toml").read_bytes() == SHIPPED.read_bytes()
    result = ntm("check", "targets.toml", "--format", "junit", "-o", "targets.toml")
    assert result.code == 2
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
