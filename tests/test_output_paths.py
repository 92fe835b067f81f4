"""Where a report goes: -o PATH (SPEC §3): output kinds, write_output, links, devices,
FIFOs, /dev/stdout."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

import ntm_cli.edit.write
import ntm_cli.output
from ntm_cli.errors import NtmError
from ntm_cli.i18n import problem_message
from tests.conftest import SHIPPED, Runner

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
