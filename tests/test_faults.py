"""Writes that never lose data (SPEC §6, version 3), tested with real faults: a full disk
(injected ENOSPC, and a small tmpfs where mounting is allowed), a writer killed in the middle
of a large write, 20 writers started together as processes, a busy file, read-only files and
folders (SPEC §5); and the decimal comma in the file (§5), `record`'s dashed range."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import ntm_cli.edit.write
import ntm_cli.output
from tests.conftest import Runner
from tests.runner import files_in

SMALL = """\
[program]
lang = "en"

[[target]]
id = "income"
name = "Income"
plan = { 2020 = 88.296 }   # keep this comment
actual = { 2020 = 94.45 }
"""

RECORD = ("record", "income", "--year", "2021", "--actual", "96.1")


@pytest.fixture
def small(write_toml: Callable[[str], Path]) -> Path:
    return write_toml(SMALL)


def _unchanged(path: Path, before: bytes) -> None:
    assert path.read_bytes() == before
    assert files_in(path.parent) == [path.name], "a temporary file was left"


# --- a full disk ---------------------------------------------------------------------------


def test_a_full_disk_during_the_write_leaves_the_file_and_no_temporary(
    ntm: Runner, small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = small.read_bytes()
    real_write = os.write
    calls = {"n": 0}

    def fill_up(handle: int, data: Any) -> int:
        calls["n"] += 1
        if calls["n"] > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(handle, bytes(data)[:10])  # a short write first, then full

    monkeypatch.setattr(ntm_cli.output.os, "write", fill_up)
    result = ntm(*RECORD, "-f", str(small))
    assert result.code == 2
    assert result.err == (
        f"{small}: cannot write: the disk is full (no space left on the device)\n"
    )
    _unchanged(small, before)


def test_a_full_disk_at_fsync_is_worded_in_the_file_language(
    ntm: Runner, small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small.write_text(SMALL.replace('lang = "en"', 'lang = "vi"'), "utf-8")
    before = small.read_bytes()

    def no_space(handle: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(ntm_cli.output.os, "fsync", no_space)
    result = ntm(*RECORD, "-f", str(small))
    assert result.code == 2
    assert result.err == f"{small}: không ghi được: ổ đĩa đã đầy (hết dung lượng trống)\n"
    _unchanged(small, before)


@contextlib.contextmanager
def _tmpfs(folder: Path, size: str) -> Iterator[Path]:
    folder.mkdir()
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
            capture_output=True,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        pytest.skip("mount is not available")
    if done.returncode != 0:
        pytest.skip("mounting a tmpfs is not permitted here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=30)


def test_a_really_full_disk_leaves_the_file_whole(ntm: Runner, tmp_path: Path) -> None:
    with _tmpfs(tmp_path / "small", "256k") as disk:
        path = disk / "targets.toml"
        # A note large enough that the new file cannot fit beside the old one.
        path.write_text(SMALL + 'note = "' + "x" * 90_000 + '"\n', "utf-8")
        before = path.read_bytes()
        filler = disk / "filler"
        with contextlib.suppress(OSError), filler.open("wb") as stream:
            while True:  # fill the disk, then give back less than the file needs
                stream.write(b"\0" * 4096)
                stream.flush()
        filler.write_bytes(filler.read_bytes()[: max(0, filler.stat().st_size - 40_000)])
        result = ntm(*RECORD, "-f", str(path))
        assert result.code == 2, result.err
        assert result.err.endswith(
            ": cannot write: the disk is full (no space left on the device)\n"
        )
        assert path.read_bytes() == before
        assert files_in(disk) == ["filler", "targets.toml"]


def test_a_read_only_file_system_leaves_the_file_whole(ntm: Runner, tmp_path: Path) -> None:
    with _tmpfs(tmp_path / "ro", "1m") as disk:
        path = disk / "targets.toml"
        path.write_text(SMALL, "utf-8")
        remount = ["mount", "-o", "remount,ro", str(disk)]
        if subprocess.run(remount, capture_output=True, timeout=30).returncode != 0:
            pytest.skip("remounting read-only is not permitted here")
        result = ntm(*RECORD, "-f", str(path))
        assert result.code == 2
        assert result.err == f"{path}: cannot write: the file system is read-only\n"
        assert path.read_text("utf-8") == SMALL
        assert files_in(disk) == ["targets.toml"]


# --- no permission -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "said"),
    [
        (errno.EACCES, "cannot write: permission denied"),
        (errno.EPERM, "cannot write: permission denied"),
        (errno.EROFS, "cannot write: the file system is read-only"),
    ],
)
def test_an_unwritable_folder_leaves_the_file_whole(
    ntm: Runner, small: Path, monkeypatch: pytest.MonkeyPatch, fault: int, said: str
) -> None:
    # Root writes into any folder whatever its mode, so the refusal is injected.
    before = small.read_bytes()

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OSError(fault, os.strerror(fault))

    monkeypatch.setattr(ntm_cli.output.tempfile, "mkstemp", refuse)
    result = ntm(*RECORD, "-f", str(small))
    assert (result.code, result.err) == (2, f"{small}: {said}\n")
    _unchanged(small, before)


@pytest.mark.parametrize(
    "args",
    [
        RECORD,
        ("import", "sheet.csv"),
        ("import", "sheet.csv", "--dry-run"),
        ("init", "--force", "targets.toml"),
    ],
)
def test_a_read_only_targets_file_is_refused_even_for_root(
    ntm: Runner, small: Path, args: tuple[str, ...]
) -> None:
    (small.parent / "sheet.csv").write_text("Name,TH 2021\nIncome,96.1\n", "utf-8")
    small.chmod(0o444)  # the folder would still allow the rename that replaces it
    before = small.read_bytes()
    result = ntm(*args, "--lang", "en", cwd=small.parent)
    assert result.code == 2
    assert result.err == (
        "targets.toml: is read-only (its owner has no write permission): ntm does not change "
        "it; make it writable (chmod u+w) first\n"
    )
    assert small.read_bytes() == before
    assert small.stat().st_mode & 0o777 == 0o444
    vi = ntm(*RECORD, "--lang", "vi", cwd=small.parent)
    assert vi.err == (
        "targets.toml: là tệp chỉ đọc (chủ sở hữu không có quyền ghi): ntm không sửa tệp này; "
        "hãy cho phép ghi (chmod u+w) trước\n"
    )


def test_group_write_alone_does_not_make_a_file_writable(ntm: Runner, small: Path) -> None:
    small.chmod(0o464)
    assert ntm(*RECORD, "-f", str(small)).code == 2
    small.chmod(0o644)
    assert ntm(*RECORD, "-f", str(small)).code == 0


# --- a writer killed in the middle of a large write -----------------------------------------

KILLED_IN_A_LARGE_WRITE = """
import os, sys, time
import ntm_cli.edit.write as w

real_write = os.write
def slow_write(fd, data):
    written = real_write(fd, bytes(data[:65536]))
    print("writing", flush=True)  # the temporary file has part of the data
    time.sleep(0.05)
    return written

w.os.write = slow_write
from ntm_cli.cli.app import main
main(["import", sys.argv[2], "-f", sys.argv[1]])
"""


def _large(tmp_path: Path, count: int = 3000) -> tuple[Path, Path]:
    lines = ['[program]\nlang = "en"\n']
    rows = ["id,TH 2021"]
    for n in range(count):
        lines.append(f'[[target]]\nid = "t{n}"\nname = "Target {n}"\nplan = {{ 2021 = {n} }}\n')
        rows.append(f"t{n},{n + 0.5}")
    path = tmp_path / "targets.toml"
    path.write_text("\n".join(lines), "utf-8")
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("\n".join(rows) + "\n", "utf-8")
    return path, sheet


def test_a_writer_killed_mid_write_loses_nothing_and_blocks_nothing(
    ntm: Runner, tmp_path: Path
) -> None:
    path, sheet = _large(tmp_path)
    before = path.read_bytes()
    with subprocess.Popen(
        [sys.executable, "-c", KILLED_IN_A_LARGE_WRITE, str(path), str(sheet)],
        stdout=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "writing"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    assert path.read_bytes() == before
    leftovers = [name for name in files_in(tmp_path) if name not in {path.name, sheet.name}]
    assert len(leftovers) == 1 and leftovers[0].startswith(".targets.toml.")
    assert leftovers[0].endswith(".tmp")
    # The leftover is never read as the targets file, and the lock died with the writer.
    assert ntm("validate", cwd=tmp_path).code == 0
    started = time.monotonic()
    result = ntm("record", "t1", "--year", "2021", "--actual", "7", cwd=tmp_path)
    assert result.code == 0, result.err
    assert time.monotonic() - started < ntm_cli.edit.write.LOCK_TIMEOUT
    assert tomllib.loads(path.read_text("utf-8"))["target"][1]["actual"] == {"2021": 7}


# --- writers at once ------------------------------------------------------------------------


def test_twenty_records_started_together_leave_all_twenty_values(tmp_path: Path) -> None:
    path = tmp_path / "targets.toml"
    path.write_text(
        "".join(f'[[target]]\nid = "t{n}"\nname = "T {n}"\n\n' for n in range(20)), "utf-8"
    )
    env = {**os.environ, "NTM_LANG": "en"}
    record = [sys.executable, "-m", "ntm_cli", "record"]
    processes = [
        subprocess.Popen(
            [*record, f"t{n}", "--year", "2024", "--actual", str(n + 1), "-f", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for n in range(20)
    ]
    outcomes = [(p.wait(timeout=120), p.communicate()) for p in processes]
    assert [code for code, _ in outcomes] == [0] * 20, [err for _, (_, err) in outcomes]
    targets = tomllib.loads(path.read_text("utf-8"))["target"]
    assert [t.get("actual") for t in targets] == [{"2024": n + 1} for n in range(20)]
    assert files_in(tmp_path) == ["targets.toml"]


HOLDER = """
import sys, time
from filelock import FileLock
with FileLock(sys.argv[1]):
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _hold(path: Path, seconds: float) -> subprocess.Popen[str]:
    lock = ntm_cli.edit.write.lock_path(path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(lock), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "holding"
    return holder


def test_a_writer_waits_for_another_then_writes(ntm: Runner, small: Path) -> None:
    assert ntm_cli.edit.write.lock_path(small) == small.parent / ".targets.toml.lock"
    with _hold(small, 1.5) as holder:
        started = time.monotonic()
        result = ntm(*RECORD, "-f", str(small))
        waited = time.monotonic() - started
        holder.wait(timeout=30)
    assert result.code == 0, result.err
    assert waited >= 0.5
    assert "2021 = 96.1" in small.read_text("utf-8")


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "busy: another ntm has been writing this file for 1 seconds; "
            "try again when it has finished",
        ),
        (
            "vi",
            "đang bận: một lệnh ntm khác đang ghi tệp này, đã chờ 1 giây; "
            "hãy thử lại khi lệnh kia xong",
        ),
    ],
)
def test_a_writer_that_waits_too_long_says_the_file_is_busy(
    ntm: Runner, small: Path, monkeypatch: pytest.MonkeyPatch, lang: str, said: str
) -> None:
    small.write_text(SMALL.replace('lang = "en"', f'lang = "{lang}"'), "utf-8")
    before = small.read_bytes()
    monkeypatch.setattr(ntm_cli.edit.write, "LOCK_TIMEOUT", 1.0)
    with _hold(small, 5) as holder:
        result = ntm(*RECORD, "-f", str(small))
        holder.kill()
        holder.wait(timeout=30)
    assert (result.code, result.err) == (2, f"{small}: {said}\n")
    _unchanged(small, before)


def test_a_dry_run_does_not_wait(ntm: Runner, small: Path) -> None:
    (small.parent / "sheet.csv").write_text("Name,TH 2021\nIncome,96.1\n", "utf-8")
    with _hold(small, 30) as holder:
        result = ntm("import", "sheet.csv", "--dry-run", cwd=small.parent)
        holder.kill()
        holder.wait(timeout=30)
    assert result.code == 0, result.err


# --- the decimal comma (SPEC §5) and record's dashed range (§6) ----------------------------


@pytest.mark.parametrize(
    ("line", "lang", "said"),
    [
        (
            "actual = { 2020 = 55,1 }",
            "en",
            "targets.toml:7: invalid TOML: 55,1 has a decimal comma, which TOML does not read; "
            "write 55.1",
        ),
        (
            "total = 55,1",
            "vi",
            "targets.toml:7: TOML không hợp lệ: 55,1 dùng dấu phẩy thập phân, TOML không đọc "
            "được; hãy viết 55.1",
        ),
        (
            "plan = { 2025 = [7,5] }",
            "en",
            'targets.toml:7: target "income": plan.2025: [7,5] is read as a range from 7 to 5; '
            "for the number 7,5 write 7.5",
        ),
        (
            "plan = { 2025 = [7,5] }",
            "vi",
            'targets.toml:7: target "income": plan.2025: [7,5] được đọc là khoảng từ 7 đến 5; '
            "nếu là số 7,5 thì hãy viết 7.5",
        ),
    ],
)
def test_a_decimal_comma_in_the_file_is_explained(
    ntm: Runner, small: Path, line: str, lang: str, said: str
) -> None:
    small.write_text(SMALL.replace("plan = { 2020 = 88.296 }", line), "utf-8")
    result = ntm("validate", "--lang", lang, cwd=small.parent)
    assert (result.code, result.err) == (2, said + "\n")


def test_a_real_syntax_error_keeps_the_parser_message(ntm: Runner, small: Path) -> None:
    small.write_text(SMALL + 'note = "a = 5,5"\nx = [1,2\n', "utf-8")
    assert "decimal comma" not in ntm("validate", cwd=small.parent).err
    small.write_text(SMALL + 'note = "a = 5,5" = 1\n', "utf-8")  # the comma is in a string
    assert "decimal comma" not in ntm("validate", cwd=small.parent).err
    small.write_text(SMALL + "plan = { 2025 = [7,8] }\n", "utf-8")  # a valid range
    assert ntm("validate", cwd=small.parent).code == 2  # plan given twice, not a comma


@pytest.mark.parametrize(
    ("typed", "written"), [("8–8,5", "[8, 8.5]"), ("7,5 — 8", "[7.5, 8]"), ("1-2", "[1, 2]")]
)
def test_record_reads_a_dashed_range_as_import_does(
    ntm: Runner, small: Path, typed: str, written: str
) -> None:
    result = ntm("record", "income", "--year", "2025", "--plan", typed, cwd=small.parent)
    assert result.code == 0, result.err
    assert f"plan = {{ 2020 = 88.296, 2025 = {written} }}   # keep this comment" in (
        small.read_text("utf-8")
    )
    refused = ntm("record", "income", "--year", "2025", "--actual", "8–8,5", cwd=small.parent)
    assert refused.code == 2 and "only a plan may be a range" in refused.err


@pytest.mark.parametrize("line", ["plan = { 2020 = 55,1 }", "plan = { 2025 = [7,5] }"])
def test_the_decimal_comma_is_explained_in_the_file_language(
    ntm: Runner, small: Path, line: str
) -> None:
    # The file cannot be read, so its [program].lang is found as text.
    small.write_text(
        SMALL.replace('lang = "en"', 'lang = "vi"  # tiếng Việt').replace(
            "plan = { 2020 = 88.296 }", line
        ),
        "utf-8",
    )
    result = ntm("check", cwd=small.parent)
    assert result.code == 2
    assert "hãy viết" in result.err and "write" not in result.err
    assert " write " in ntm("check", "--lang", "en", cwd=small.parent).err


@pytest.mark.parametrize(
    "args",
    [("import", "sheet.csv"), ("init", "--force", "targets.toml")],
)
def test_import_and_init_force_wait_too(
    ntm: Runner, small: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    (small.parent / "sheet.csv").write_text("Name,TH 2021\nIncome,96.1\n", "utf-8")
    before = small.read_bytes()
    monkeypatch.setattr(ntm_cli.edit.write, "LOCK_TIMEOUT", 1.0)
    with _hold(small, 5) as holder:
        result = ntm(*args, "--lang", "en", cwd=small.parent)
        holder.kill()
        holder.wait(timeout=30)
    assert result.code == 2
    assert result.err == (
        "targets.toml: busy: another ntm has been writing this file for 1 seconds; "
        "try again when it has finished\n"
    )
    assert small.read_bytes() == before
    assert ntm(*args, cwd=small.parent).code == 0  # once it is free
