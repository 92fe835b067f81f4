"""Where ntm's bytes go, never half-written: a file replaced atomically (a temporary file in
the same folder, fsync, rename, the mode kept), a failed write worded in the output
language, and `-o PATH` as SPEC §3 says (standard output, links followed and kept, devices,
FIFOs and open files written in place, a folder refused). Used for reports (`-o`) and for
the targets file that `init`, `record` and `import` write (`edit/`)."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO, Literal

from ntm_cli.errors import NtmError, show_text


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write(path: Path, data: bytes, shown: str | None = None) -> None:
    """Replace `path` with `data`: a temporary file in the same directory, flushed and fsynced,
    then renamed over the original, keeping its permissions. On any failure (a full disk, no
    permission, a read-only file system) the original is untouched, the temporary file
    removed, and the NtmError says what failed in the user's words. A symbolic link stays a
    link: the file it leads to is the one replaced (created, when the link dangles).

    A temporary file is named `.<name>.<random>.tmp`: a writer killed before its rename leaves
    one behind, which no command reads (none looks for that name) and which never stands in
    a later write's way (each write makes its own with O_EXCL)."""
    shown = shown or str(path)
    folder_shown = os.path.dirname(shown) or "."
    path = Path(os.path.realpath(path))
    directory = path.parent
    if not directory.is_dir():
        raise NtmError.one("write_no_folder", shown, folder=show_text(folder_shown))
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = _new_file_mode()
    except OSError as exc:
        raise write_error(exc, shown, folder_shown) from None
    if path.is_dir():
        raise NtmError.one("file_is_dir", shown)
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        try:
            _write_all(handle, data)
            os.fsync(handle)
        finally:
            os.close(handle)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
        temporary = None
        _sync_directory(directory)
    except OSError as exc:
        raise write_error(exc, shown, folder_shown) from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _write_all(handle: int, data: bytes) -> None:
    # os.write, not a buffered file: a short write is retried, and a failing one (ENOSPC)
    # raises here, where the tests can inject it.
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view) :]


# What failed, as the user can act on it (SPEC §6: "says in one line what failed").
_WRITE_ERRORS = {
    errno.ENOSPC: "write_no_space",
    errno.EDQUOT: "write_no_space",
    errno.EACCES: "write_denied",
    errno.EPERM: "write_denied",
    errno.EROFS: "write_read_only_fs",
    errno.ENOENT: "write_no_folder",
}


def write_error(error: OSError, shown: str, folder: str | None = None) -> NtmError:
    """A failed write as a problem worded in the output language, not the system's English."""
    code = _WRITE_ERRORS.get(error.errno or 0, "write_failed")
    folder = folder if folder is not None else (os.path.dirname(shown) or ".")
    return NtmError.one(code, shown, reason=error.strerror or str(error), folder=show_text(folder))


def _sync_directory(directory: Path) -> None:
    # Makes the rename itself durable; not possible on every platform, so best effort.
    with contextlib.suppress(OSError):
        handle = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


# --- where a report goes (SPEC §3) -------------------------------------------------------------

OutputKind = Literal["stdout", "in_place", "replace", "directory"]

# Paths that name an already open file: opening them again must not truncate or replace what
# the shell set up (`ntm status -o /dev/stdout >> ci.log` appends to the log).
_OPEN_FILE = re.compile(r"^/dev/(?:fd/|stdout$|stderr$|stdout/|stderr/)|^/proc/[^/]+/fd/")


def output_kind(path: str, through: Sequence[str], final: os.stat_result | None) -> OutputKind:
    """How a report is written to `path` (its `-o`): `through` is every path met on the way
    from `path` to the file (the path itself, each link's target, the resolved path), `final`
    the status of what the path leads to, None where nothing exists."""
    if path == "-":
        return "stdout"
    if any(_OPEN_FILE.match(step) for step in (path, *through)):
        return "in_place"
    if final is None or stat.S_ISREG(final.st_mode):
        return "replace"
    if stat.S_ISDIR(final.st_mode):
        return "directory"
    return "in_place"  # a device, a FIFO, a socket: written to as it is


def _links_through(path: str) -> list[str]:
    """Every path met while following `path`'s symbolic links, absolute, ending with the
    resolved path (which also resolves links in the directories on the way)."""
    steps = [os.path.abspath(path)]
    for _ in range(40):  # the kernel's own limit on a chain of links
        try:
            target = os.readlink(steps[-1])
        except OSError:
            break
        steps.append(os.path.normpath(os.path.join(os.path.dirname(steps[-1]), target)))
    steps.append(os.path.realpath(path))
    return steps


def write_output(path: str, data: bytes, stdout: BinaryIO) -> str | None:
    """Write a report to `-o PATH`: the path written, or None for standard output."""
    if path == "-":
        stdout.write(data)
        stdout.flush()
        return None
    try:
        final: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        final = None
    except OSError as exc:
        raise write_error(exc, path) from None
    match output_kind(path, _links_through(path), final):
        case "directory":
            raise NtmError.one("output_is_dir", path)
        case "replace":
            atomic_write(Path(path), data, path)
        case "in_place":
            stdout.flush()  # what ntm already printed comes first
            _append(path, data)
        case other:  # pragma: no cover - "stdout" was handled above
            raise AssertionError(other)
    return path


def _append(path: str, data: bytes) -> None:
    try:
        handle = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view) :]
        finally:
            os.close(handle)
    except OSError as exc:
        raise write_error(exc, path) from None
