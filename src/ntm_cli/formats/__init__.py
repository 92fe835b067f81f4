"""Every output format, declared once: its name, the commands it serves and the module that
renders it. Each module has one `render(ctx: Context) -> str | bytes`; the command line offers
`choices(command)`; `commands.py` writes what `render` returns. Adding a format is one module
plus one entry in `FORMATS`.

Importing this is cheap: a format's module is imported only when it is used, so a
`--format json` run does not pay for Rich."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from typing_extensions import TypeIs  # typing's own from Python 3.13

    from ntm_cli.i18n import Lang
    from ntm_cli.period import PeriodReport

# How text from the file is kept from reading as a GitHub Actions workflow command
# (formats/common.guard_actions).
Flavour = Literal["json", "xml", "markdown", "plain", "github"]


@dataclass(frozen=True)
class Context:
    """What a format gets: the command's report and how to show it."""

    command: str  # "status", "compare", "check", "outlook", "show", "validate"
    report: Any  # the command's report: evaluate.Report, evaluate.History, …
    lang: Lang
    color: bool = False
    width: int = 100
    pretty: bool = False  # indented JSON for a person at a terminal
    every: bool = False  # `status --all`: every target, even in a large file
    target_lines: Mapping[int, int] = field(default_factory=dict)  # target index -> line


@dataclass(frozen=True)
class Format:
    name: str
    module: str  # ntm_cli.formats.<module>
    commands: frozenset[str]
    flavour: Flavour
    needs_output: bool = False  # binary formats are written only to a file (-o)

    def render(self, ctx: Context) -> str | bytes:
        module = importlib.import_module(f"ntm_cli.formats.{self.module}")
        result: str | bytes = module.render(ctx)
        return result


_REPORTS = frozenset({"status", "compare", "outlook"})
# `ntm units` (SPEC §12.3); the formats it takes so far.
_UNITS = frozenset({"units"})

# In the order the command line lists them; the first a command serves is its default.
FORMATS: tuple[Format, ...] = (
    Format("table", "table", _REPORTS | _UNITS | {"show"}, "plain"),
    Format("text", "text", frozenset({"check", "validate"}), "plain"),
    Format("json", "json_report", _REPORTS | _UNITS | {"check", "show", "validate"}, "json"),
    Format("csv", "csv_report", _REPORTS | _UNITS, "plain"),
    Format("markdown", "markdown", _REPORTS | _UNITS | {"check"}, "markdown"),
    Format("junit", "junit", frozenset({"check"}), "xml"),
    Format("github", "github", frozenset({"check"}), "github"),
    Format("xlsx", "xlsx", _REPORTS | _UNITS, "plain", needs_output=True),
    Format("html", "html", _REPORTS | _UNITS, "xml"),
    Format("docx", "docx", _REPORTS | _UNITS, "plain", needs_output=True),
)
BY_NAME: Mapping[str, Format] = {f.name: f for f in FORMATS}


def is_period(report: object) -> TypeIs[PeriodReport]:
    """Whether `report` is a year-to-date report (`--period`, SPEC §13), which each format
    renders with its own layout. A run without `--period` never imports `period.py`, and
    without that module there is no such report: asking does not import it."""
    period = sys.modules.get("ntm_cli.period")
    return period is not None and isinstance(report, period.PeriodReport)


def choices(command: str) -> tuple[str, ...]:
    """The formats `command` offers, the default first."""
    return tuple(f.name for f in FORMATS if command in f.commands)
