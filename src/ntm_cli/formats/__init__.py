"""Every output format and every report kind, declared once: the matrix of which format
renders which kind is `FORMATS` below. A format is one module with one function per report
kind it renders, named after the kind (`table.status(report, view)`,
`json_report.outlook(report, view)`), typed with that kind's report; `Format.render` calls it.
The command line offers `choices(command)`; `cli/commands/` writes what a format returns.

Adding a format is one module plus one entry in `FORMATS`; adding a report kind is its
computation, one `Kind` with its report type below, and one function in each format module
that renders it. A test holds every module's functions to the matrix.

Importing this is cheap: a format's module is imported only when it is used, so a
`--format json` run does not pay for Rich."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, get_args, overload

if TYPE_CHECKING:
    from typing_extensions import TypeIs  # typing's own from Python 3.13

    from ntm_cli.cli.batch import Judged
    from ntm_cli.i18n import Lang
    from ntm_cli.judge.evaluate import Report
    from ntm_cli.judge.history import History
    from ntm_cli.judge.outlook import OutlookReport
    from ntm_cli.judge.period import PeriodReport
    from ntm_cli.judge.units import UnitHistory
    from ntm_cli.judge.units_report import UnitsReport

# How text from the file is kept from reading as a GitHub Actions workflow command
# (formats/common.guard_actions).
Flavour = Literal["json", "xml", "markdown", "plain", "github"]


# The report kinds, each with its report type (`Format.render`'s overloads say which):
# status, compare: evaluate.Report; status_period, compare_period: period.PeriodReport
# (SPEC §13; compare adds the change column); check, validate: the run of judged files
# (batch.Judged, each holding a Report or a PeriodReport); outlook: outlook.OutlookReport;
# show: history.History; show_unit: units.UnitHistory; units: units_report.UnitsReport.
Kind = Literal[
    "status",
    "compare",
    "status_period",
    "compare_period",
    "check",
    "validate",
    "outlook",
    "show",
    "show_unit",
    "units",
]
KINDS: tuple[Kind, ...] = get_args(Kind)

# The kinds each command's report can be; a format is offered for a command when it renders
# every one of them.
COMMAND_KINDS: Mapping[str, tuple[Kind, ...]] = {
    "status": ("status", "status_period"),
    "compare": ("compare", "compare_period"),
    "check": ("check",),
    "validate": ("validate",),
    "outlook": ("outlook",),
    "show": ("show", "show_unit"),
    "units": ("units",),
}


@dataclass(frozen=True, eq=False)
class View:
    """How to show a report, whatever its kind."""

    lang: Lang
    color: bool = False
    width: int = 100
    pretty: bool = False  # indented JSON for a person at a terminal
    every: bool = False  # `status --all`: every target, even in a large file


@dataclass(frozen=True, eq=False)
class Format:
    """A format: its name, its module, the report kinds it renders, what it writes."""

    name: str
    module: str  # ntm_cli.formats.<module>
    kinds: frozenset[Kind]
    flavour: Flavour
    needs_output: bool = False  # binary formats are written only to a file (-o)

    @overload
    def render(
        self, kind: Literal["status", "compare"], report: Report, view: View
    ) -> str | bytes: ...
    @overload
    def render(
        self, kind: Literal["status_period", "compare_period"], report: PeriodReport, view: View
    ) -> str | bytes: ...
    @overload
    def render(
        self, kind: Literal["check", "validate"], report: Sequence[Judged], view: View
    ) -> str | bytes: ...
    @overload
    def render(
        self, kind: Literal["outlook"], report: OutlookReport, view: View
    ) -> str | bytes: ...
    @overload
    def render(self, kind: Literal["show"], report: History, view: View) -> str | bytes: ...
    @overload
    def render(
        self, kind: Literal["show_unit"], report: UnitHistory, view: View
    ) -> str | bytes: ...
    @overload
    def render(self, kind: Literal["units"], report: UnitsReport, view: View) -> str | bytes: ...
    def render(self, kind: Kind, report: object, view: View) -> str | bytes:
        """The report of `kind` in this format: the module's function named after the kind."""
        if kind not in self.kinds:
            raise ValueError(f"the {self.name} format does not render {kind} reports")
        module = importlib.import_module(f"ntm_cli.formats.{self.module}")
        result: str | bytes = getattr(module, kind)(report, view)
        return result


_REPORTS: frozenset[Kind] = frozenset(
    {"status", "compare", "status_period", "compare_period", "outlook", "units"}
)
_SHOW: frozenset[Kind] = frozenset({"show", "show_unit"})
_CHECK: frozenset[Kind] = frozenset({"check"})

# In the order the command line lists them; the first a command is offered is its default.
FORMATS: tuple[Format, ...] = (
    Format("table", "table", _REPORTS | _SHOW, "plain"),
    Format("text", "text", _CHECK | {"validate"}, "plain"),
    Format("json", "json_report", _REPORTS | _SHOW | _CHECK | {"validate"}, "json"),
    Format("csv", "csv_report", _REPORTS, "plain"),
    Format("markdown", "markdown", _REPORTS | _CHECK, "markdown"),
    Format("junit", "junit", _CHECK, "xml"),
    Format("github", "github", _CHECK, "github"),
    Format("xlsx", "xlsx", _REPORTS, "plain", needs_output=True),
    Format("html", "html", _REPORTS, "xml"),
    Format("docx", "docx", _REPORTS, "plain", needs_output=True),
)
BY_NAME: Mapping[str, Format] = {f.name: f for f in FORMATS}


def choices(command: str) -> tuple[str, ...]:
    """The formats `command` offers, the default first."""
    kinds = COMMAND_KINDS.get(command, ())
    if not kinds:
        return ()
    return tuple(f.name for f in FORMATS if all(kind in f.kinds for kind in kinds))


def is_period(report: object) -> TypeIs[PeriodReport]:
    """Whether a judged file's report is a year-to-date one (`check --period`, SPEC §13).
    Without the period module loaded no report can be one, so a plain run never imports it."""
    module = sys.modules.get("ntm_cli.judge.period")
    return module is not None and isinstance(report, module.PeriodReport)
