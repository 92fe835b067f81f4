"""The one way tests run ntm in this process: standard output and error captured as bytes,
the exit code taken from SystemExit."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ntm_cli.entry import main


@dataclass
class Result:
    code: int
    out: str
    err: str
    out_bytes: bytes


@dataclass
class Captured:
    """What was written to standard output and error while `captured()` held."""

    out: bytes = b""
    err: bytes = b""


@contextmanager
def captured() -> Iterator[Captured]:
    """sys.stdout and sys.stderr replaced by UTF-8 text streams; their bytes land in the
    returned object when the block ends."""
    out, err = io.BytesIO(), io.BytesIO()
    out_text = io.TextIOWrapper(out, encoding="utf-8")
    err_text = io.TextIOWrapper(err, encoding="utf-8")
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out_text, err_text
    result = Captured()
    try:
        yield result
    finally:
        out_text.flush()
        err_text.flush()
        sys.stdout, sys.stderr = saved
        result.out, result.err = out.getvalue(), err.getvalue()


def invoke(args: list[str], entry: Callable[[list[str]], Any] = main) -> Result:
    """`ntm ARGS`: what it printed and its exit code (it must end with one)."""
    code: Any = None
    with captured() as printed:
        try:
            entry(list(args))
        except SystemExit as exit_:
            code = exit_.code
    assert isinstance(code, int) or code is None, f"ended without an exit code: {code!r}"
    return Result(code or 0, printed.out.decode("utf-8"), printed.err.decode("utf-8"), printed.out)


def files_in(folder: Path) -> list[str]:
    """The names in `folder`, sorted, without a writer's lock file (`.targets.toml.lock`),
    which SPEC §6 lets remain: it is not a temporary file and holds no data."""
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".lock"))


def rendered(format_name: str, kind: Any, report: Any, lang: Any = "vi", **view: Any) -> Any:
    """`report` of `kind` in the format named, as a command renders it (the registry's way)."""
    from ntm_cli.formats import BY_NAME, View

    return BY_NAME[format_name].render(kind, report, View(lang, **view))
