"""`--format json`: the report of SPEC §7."""

from __future__ import annotations

import json

from ntm_cli.evaluate import Report
from ntm_cli.formats.common import report_dict


def render(report: Report) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
