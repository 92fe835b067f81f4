"""The one error type of ntm, and how a problem in a file is described.

Nothing here imports typer or rich: the core raises `NtmError`; only the CLI turns it into
a message on standard error and exit code 2.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Any

# Control characters, line and paragraph separators, and bidirectional overrides: echoed in a
# message they would break the line or reorder it. (A pattern used only to word a problem is
# compiled on first use, by `re`'s cache: a run without one does not pay for it.)
_CONTROL = r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]"
_MAX_SHOWN = 40


def show_text(text: str, limit: int = _MAX_SHOWN) -> str:
    """Text from a file made safe to echo in a message: control characters as \\uXXXX, cut."""
    if len(text) > limit:
        text = text[:limit] + "…"
    return re.sub(_CONTROL, lambda m: f"\\u{ord(m.group()):04x}", text)


def describe(value: Any) -> str:
    """A short, language-neutral, terminal-safe picture of a TOML value for an error message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        text = repr(value)
        return text if len(text) <= _MAX_SHOWN else text[:_MAX_SHOWN] + "…"
    if isinstance(value, str):
        return '"' + show_text(value) + '"'
    if isinstance(value, dict):
        return "{…}"
    if isinstance(value, list):
        # short lists in full, so that a range written wrongly shows what was written
        inner = ", ".join(describe(item) for item in value[:4]) + (", …" if len(value) > 4 else "")
        return f"[{inner}]" if len(inner) <= _MAX_SHOWN else "[…]"
    if isinstance(value, _dt.date | _dt.time):
        return value.isoformat()
    return type(value).__name__


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as the input allows.

    `code` and `params` name the message; `i18n.problem_message` words it in a language.
    """

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    file: str | None = None
    line: int | None = None
    target_id: str | None = None
    target_index: int | None = None  # 0-based; shown 1-based when the id is unknown
    field: str | None = None
    table: str = "target"  # version 3: or "unit", "standard", "criterion" (SPEC §12.1)

    def location(self) -> str:
        parts: list[str] = []
        if self.file is not None:
            parts.append(self.file if self.line is None else f"{self.file}:{self.line}")
        if self.target_id is not None:
            parts.append(f'{self.table} "{self.target_id}"')
        elif self.target_index is not None:
            parts.append(f"{self.table} #{self.target_index + 1}")
        if self.field:
            parts.append(self.field)
        return ": ".join(parts)


class NtmError(Exception):
    """Everything that is wrong with the input or the command line. Exit code 2."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.code for p in problems))
        self.problems = problems

    @classmethod
    def one(cls, code: str, file: str | None = None, **params: Any) -> NtmError:
        return cls([Problem(code, params, file=file)])
