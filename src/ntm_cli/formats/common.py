"""What several formats share: the JSON record, names by language, groups, and the
GitHub Actions guard. No rich here: machine formats must not pay for it."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence
from typing import Any, Protocol, TypeVar

from ntm_cli.formats import Flavour
from ntm_cli.i18n import (
    Lang,
    badge,
    counted,
    delta_text,
    number,
    percent_of,
    percent_text,
    targets,
    value_text,
    word,
)
from ntm_cli.judge.evaluate import STATUSES, Milestone, Previous, Record, Report
from ntm_cli.judge.facts import facts, total_of
from ntm_cli.targets_file.data import PlanValue, Program, Range, Target

ZWSP = "\u200b"
# The version of every JSON report (SPEC §7).
VERSION = 3


def display_name(target: Target, lang: Lang) -> str:
    if lang == "en" and target.name_en:
        return target.name_en
    return target.name


def display_group(target: Target, lang: Lang) -> str | None:
    if lang == "en" and target.group_en:
        return target.group_en
    return target.group


def display_unit(target: Target, lang: Lang) -> str:
    if lang == "en" and target.unit_en:
        return target.unit_en
    return target.unit or ""


def program_title(program: Program, lang: Lang) -> list[str]:
    """The programme's name and region in the output language, where the file gives them."""
    if lang == "en":
        found = (program.name_en or program.name, program.region_en or program.region)
    else:
        found = (program.name, program.region)
    return [p for p in found if p]


class _OfTarget(Protocol):
    @property
    def target(self) -> Target: ...


AnyRecord = TypeVar("AnyRecord", bound=_OfTarget)


def groups(records: Sequence[AnyRecord], lang: Lang) -> list[tuple[str | None, list[AnyRecord]]]:
    """Records by `group`, groups in order of first use, each headed in the output language
    (in English, the `group_en` that any of its targets gives). When no target has a group
    there is one untitled group; otherwise targets without one go under "Khác" / "Other"."""
    order: dict[str | None, list[AnyRecord]] = {}
    for record in records:
        order.setdefault(record.target.group, []).append(record)
    if list(order) == [None]:
        return [(None, order[None])]
    shown: list[tuple[str | None, list[AnyRecord]]] = []
    for group, members in order.items():
        english = next((r.target.group_en for r in members if r.target.group_en), None)
        if group is None:
            shown.append((word(lang, "other_group"), members))
        else:
            shown.append((english if lang == "en" and english else group, members))
    return shown


def program_dict(program: Program) -> dict[str, Any]:
    """`name` and `region` always (null when absent), then every other key the file sets."""
    found = {"name": program.name, "region": program.region}
    for item in dataclasses.fields(program):
        value = getattr(program, item.name)
        if item.name not in found and value is not None:
            found[item.name] = value
    return found


def target_fields(target: Target, year: int | None = None) -> dict[str, Any]:
    """The keys that every target record of every report begins with (SPEC §7, version 3), in
    their order: declared here once. Status, compare, check and show records, the outlook's and
    the period reports' all start with these, then add their own keys; the CSV columns are
    read off the records, so a key added here reaches every machine format.

    `total`, `computed` and `rollup` come from `facts.facts` (roll-up targets count their
    actuals from the units); `year` is the year the record is about."""
    known = facts(target, year)
    return {
        "id": target.id,
        "name": target.name,
        "name_en": target.name_en,
        "group": target.group,
        "group_en": target.group_en,
        "unit": target.unit,
        "unit_en": target.unit_en,
        "direction": target.direction,
        "gate": target.gate,
        "total": known.total,
        "computed": known.computed,
        "rollup": known.rollup,
        "note": target.note,
        "source": target.source,
    }


# The keys above, in order: what a consumer may rely on in every record.
TARGET_KEYS: tuple[str, ...] = tuple(target_fields(Target(id="", name="")))


def plan_json(plan: PlanValue | None) -> Any:
    """A plan as written: a number, a boolean, or `[low, high]` for a range."""
    return [plan.low, plan.high] if isinstance(plan, Range) else plan


def record_dict(record: Record) -> dict[str, Any]:
    """The JSON record of SPEC §7, keys in the order shown there, every key present."""
    milestone = record.milestone
    previous = record.previous
    return {
        **target_fields(record.target, record.year),
        "year": record.year,
        "plan": plan_json(record.plan),
        "actual": record.actual,
        "estimated": record.estimated,
        "delta": record.delta,
        "delta_pct": record.delta_pct,
        "ratio": record.ratio,
        "status": record.status,
        "ahead_years": record.ahead_years,
        "milestone": (
            {"year": milestone.year, "plan": plan_json(milestone.plan)}
            if milestone is not None
            else None
        ),
        "verdict": record.verdict,
        "previous": (
            {
                "year": previous.year,
                "actual": previous.actual,
                "estimated": previous.estimated,
                "change": previous.change,
                "change_pct": previous.change_pct,
                "ratio_pct": previous.ratio_pct,
            }
            if previous is not None
            else None
        ),
    }


# A record with every nested object present: the shape the CSV header is read off.
RECORD_SHAPE = record_dict(
    Record(
        index=0,
        target=Target(id="", name=""),
        year=0,
        plan=None,
        actual=None,
        estimated=False,
        delta=None,
        delta_pct=None,
        ratio=None,
        status="met",
        ahead_years=None,
        milestone=Milestone(0, 0),
        verdict="pass",
        previous=Previous(0, None, None, None, None, None),
    )
)


def heading(program: Program, year: int | None, lang: Lang, *more: str) -> list[str]:
    """Programme, region and year for a report's heading, then what the report adds."""
    parts = program_title(program, lang)
    if year is not None:
        parts.append(word(lang, "report_year", year=year))
    return [*parts, *more]


def title_parts(report: Report, lang: Lang) -> list[str]:
    """The heading of a status or compare report: with --vs, its year too."""
    more = [word(lang, "vs", year=report.vs_year)] if report.vs_year is not None else []
    return heading(report.program, report.year, lang, *more)


def report_dict(report: Report) -> dict[str, Any]:
    return {
        "version": VERSION,
        "file": report.file,
        "program": program_dict(report.program),
        "year": report.year,
        "vs_year": report.vs_year,
        "summary": report.summary,
        "passed": report.passed,
        "strict": report.strict,
        "targets": [record_dict(r) for r in report.records],
    }


def delta_cell(record: Record, lang: Lang) -> str:
    """Delta in the target's unit, with the percentage against plan: "+6,15 (+6,97%)";
    for an ahead target, how many years ahead."""
    if record.delta is None and record.ahead_years is not None and record.plan is None:
        return word(lang, "ahead_by", n=record.ahead_years)
    return _difference(record.delta, record.delta_pct, record.target.unit, lang)


def _difference(value: int | float | None, pct: float | None, unit: str | None, lang: Lang) -> str:
    """A difference in the unit, with its percentage: "+6,15 (+6,97%)"; "—" when none."""
    if value is None:
        return word(lang, "none")
    text = delta_text(value, unit, lang)
    if pct is not None:
        text += f" ({percent_text(pct, lang, signed=True)})"
    return text


def plan_cell(record: Record, lang: Lang) -> str:
    """The plan of Y; without one, the plan ahead: for an `ahead` row the plan that
    `ahead_years` counts to, with its year ("36/36 (2023)" beside "sớm 3 năm", SPEC §2), else
    the next milestone."""
    total = total_of(record.target, record.year)
    if record.plan is None and record.status == "ahead" and record.ahead_years is not None:
        year = record.year + record.ahead_years
        reached = record.target.plan.get(year)
        if reached is not None:
            return f"{value_text(reached, lang, total)} ({year})"
    if record.plan is None and record.milestone is not None:
        shown = value_text(record.milestone.plan, lang, total)
        return f"{shown} ({record.milestone.year})"
    return value_text(record.plan, lang, total)


def ratio_cell(record: Record, lang: Lang) -> str:
    return word(lang, "none") if record.ratio is None else number(percent_of(record.ratio), lang)


# The mark of a value ntm counted from the units (SPEC §12.2), explained by `counted_legend`.
COUNTED_MARK = "∑"


def counted_mark(target: Target, value: object) -> str:
    """ " ∑" after a value counted from the units; "" otherwise."""
    return f" {COUNTED_MARK}" if target.rollup is not None and value is not None else ""


def counted_legend(targets: Iterable[Target], lang: Lang) -> str | None:
    """The legend of the mark, "∑ đếm từ các đơn vị", when some target is counted."""
    if any(target.rollup is not None for target in targets):
        return word(lang, "counted_legend")
    return None


def actual_cell(record: Record, lang: Lang) -> str:
    text = value_text(record.actual, lang, total_of(record.target, record.year), record.estimated)
    return text + counted_mark(record.target, record.actual)


def vs_actual_cell(record: Record, lang: Lang) -> str:
    previous = record.previous
    if previous is None:
        return word(lang, "none")
    # the whole of the --vs year: for a count from the units, N of that year (SPEC §12.2)
    text = value_text(
        previous.actual, lang, total_of(record.target, previous.year), bool(previous.estimated)
    )
    return text + counted_mark(record.target, previous.actual)


def vs_ratio_cell(record: Record, lang: Lang) -> str:
    """A / A2 as reports write it ("107,6%"): the column "So với năm 2019"."""
    previous = record.previous
    if previous is None or previous.ratio_pct is None:
        return word(lang, "none")
    return percent_text(previous.ratio_pct, lang)


def change_cell(record: Record, lang: Lang) -> str:
    previous = record.previous
    if previous is None:
        return word(lang, "none")
    return _difference(previous.change, previous.change_pct, record.target.unit, lang)


def guard_actions(text: str, flavour: Flavour) -> str:
    """Make sure no text from the file reads as a GitHub Actions workflow command.

    The runner acts on a line that starts with `::` after white space, and on `##[` anywhere
    in a line. JSON and XML get an escape that parses back to the same data; Markdown an HTML
    entity that renders the same; plain text a zero-width space. The github format writes
    workflow commands on purpose and escapes the file's text itself (formats/github.py).
    """
    if flavour == "github":
        return text
    breaker = {
        "json": "#\\u0023[",
        "xml": "#&#35;[",
        "markdown": "#&#35;[",
        "plain": "#" + ZWSP + "#[",
    }
    if "##[" in text:
        text = text.replace("##[", breaker[flavour])
    lines = text.split("\n")
    for position, line in enumerate(lines):
        stripped = line.lstrip()
        if stripped.startswith("::"):
            indent = line[: len(line) - len(stripped)]
            lines[position] = indent + ":" + ZWSP + stripped[1:]
    return "\n".join(lines)


def finding(record: Record, lang: Lang, as_written: bool = False) -> str:
    """One line on a target for the gate's outputs: figures and why.
    "Thu nhập bình quân đầu người: TH 80 / KH 88,3, -8,3 (-9,4%): không đạt kế hoạch".
    `as_written`: the target's name as the file writes it, whatever the language, as machine
    formats keep every text (SPEC §7); the words around it follow the language."""
    total = total_of(record.target, record.year)
    name = record.target.name if as_written else display_name(record.target, lang)
    text = (
        f"{name}: "
        f"{word(lang, 'actual_short')} {actual_cell(record, lang)}"
        f" / {word(lang, 'plan_short')} {value_text(record.plan, lang, total)}"
    )
    if record.delta is not None:
        text += f", {delta_cell(record, lang)}"
    why = {"missed": "why_missed", "near": "why_near", "no-data": "why_no_data"}.get(record.status)
    if why:
        text += f": {word(lang, why)}"
    if record.target.gate == "warn" and record.status == "missed":
        text += f" ({word(lang, 'gate_warn')})"
    return text


class _Verdicted(Protocol):
    @property
    def verdict(self) -> str: ...


_Judged = TypeVar("_Judged", bound=_Verdicted, covariant=True)
_Each = TypeVar("_Each", bound=_Verdicted)


class _Judgement(Protocol[_Judged]):
    """A judged report of any kind (a year's, or year-to-date): its records and strictness."""

    @property
    def records(self) -> Sequence[_Judged]: ...
    @property
    def strict(self) -> bool: ...


def flagged(report: _Judgement[_Each]) -> list[_Each]:
    """Targets that fail or warn, failures first, each in file order."""
    fails = [r for r in report.records if r.verdict == "fail"]
    warns = [r for r in report.records if r.verdict == "warn"]
    return fails + warns


def verdict_line(report: _Judgement[_Verdicted], lang: Lang) -> str:
    fails = sum(r.verdict == "fail" for r in report.records)
    warns = sum(r.verdict == "warn" for r in report.records)
    line = counted(lang, "failed", fails) if fails else word(lang, "passed")
    if warns:
        line += ", " + counted(lang, "warnings", warns)
    if report.strict:
        line += f" ({word(lang, 'strict')})"
    return line


def summary_text(report: Report, lang: Lang) -> str:
    counts = report.summary
    parts = [f"{word(lang, 'total')}: {targets(lang, counts['total'])}"]
    parts += [f"{badge(s, lang)} {number(counts[s], lang)}" for s in STATUSES if counts[s]]
    return " · ".join(parts)


_BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[int | float | bool]) -> str:
    """A trend of the actuals: ▁▂▃▄▅▆▇█ for numbers, ✔/✘ for booleans."""
    if not values:
        return ""
    if all(isinstance(v, bool) for v in values):
        return "".join("✔" if v else "✘" for v in values)
    numbers = [float(v) for v in values]
    low, high = min(numbers), max(numbers)
    if high - low <= 0 or not math.isfinite(high - low):
        return _BARS[3] * len(numbers)
    return "".join(_BARS[round((v - low) / (high - low) * (len(_BARS) - 1))] for v in numbers)


def milestones(target: Target) -> list[tuple[int, Any]]:
    """Plans for the years after the latest reported one: what is still ahead."""
    last = max(target.reported_years(), default=None)
    return sorted((y, p) for y, p in target.plan.items() if last is None or y > last)


def target_dict(target: Target, year: int | None = None) -> dict[str, Any]:
    """`ntm show`'s target: the common keys, then its baseline."""
    baseline = target.baseline
    return {
        **target_fields(target, year),
        "baseline": {"year": baseline.year, "value": baseline.value} if baseline else None,
    }
