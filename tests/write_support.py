"""What the record and record-editor tests share: the lines a write changed (the commented
file they edit is tests/builders.py's COMMENTED)."""

from __future__ import annotations

import difflib


def changed_lines(before: str, after: str) -> list[str]:
    """Lines removed or added between two texts (unified diff without context)."""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]
