"""Writing files without ever leaving a half-written one (SPEC §6)."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from ntm_cli.errors import NtmError


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write(path: Path, data: bytes, shown: str | None = None) -> None:
    """Replace `path` with `data`: a temporary file in the same directory, flushed and fsynced,
    then renamed over the original, keeping its permissions. On any failure the original is
    untouched and the temporary file removed."""
    shown = shown or str(path)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = _new_file_mode()
    except OSError as exc:
        raise NtmError.one("write_failed", shown, reason=exc.strerror or str(exc)) from None
    if path.is_dir():
        raise NtmError.one("file_is_dir", shown)
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
        temporary = None
        _sync_directory(directory)
    except OSError as exc:
        raise NtmError.one("write_failed", shown, reason=exc.strerror or str(exc)) from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _sync_directory(directory: Path) -> None:
    # Makes the rename itself durable; not possible on every platform, so best effort.
    with contextlib.suppress(OSError):
        handle = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
