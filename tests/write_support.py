"""What the record, record-editor and output tests share: a commented targets file and a diff."""

from __future__ import annotations

import difflib

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
