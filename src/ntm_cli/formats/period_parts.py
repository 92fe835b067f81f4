"""The year-to-date report (`status`, `compare` and `check` with `--period`, SPEC §13) in each
format: the JSON document, the CSV rows, the cells and headings the human formats share, and
the gate's lines. Plain functions; the format modules call them. No rich here.

Percentages are written as the reports write them, "65 %", "121,88 %" (SPEC §13)."""

from __future__ import annotations

from typing import Any

from ntm_cli.formats.common import (
    VERSION,
    display_name,
    display_unit,
    heading,
    plan_json,
    program_dict,
    target_fields,
)
from ntm_cli.i18n import (
    Lang,
    delta_text,
    number,
    period_badge,
    period_heading,
    period_word,
    status_label,
    targets,
    value_text,
    word,
)
from ntm_cli.judge.period import PERIOD_STATUSES, PeriodRecord, PeriodReport, SamePeriod
from ntm_cli.targets_file.data import Target

# --- JSON and CSV ----------------------------------------------------------------------------


def period_record_dict(record: PeriodRecord) -> dict[str, Any]:
    """One target of SPEC §13's JSON, keys in the order shown there, every key present."""
    same = record.same_period
    return {
        **target_fields(record.target, record.year),
        "period": record.period,
        "value": record.value,
        "estimated": record.estimated,
        "plan": plan_json(record.plan),
        "plan_pct": record.plan_pct,
        "elapsed_pct": record.elapsed_pct,
        "same_period": (
            {
                "period": same.period,
                "value": same.value,
                "estimated": same.estimated,
                "plan_pct": same.plan_pct,
            }
            if same is not None
            else None
        ),
        "change": record.change,
        "change_pct": record.change_pct,
        "ratio_pct": record.ratio_pct,
        "status": record.status,
        "verdict": record.verdict,
    }


def period_report_dict(report: PeriodReport) -> dict[str, Any]:
    return {
        "version": VERSION,
        "file": report.file,
        "program": program_dict(report.program),
        "period": report.period,
        "year": report.year,
        "summary": report.summary,
        "passed": report.passed,
        "strict": report.strict,
        "targets": [period_record_dict(r) for r in report.records],
    }


# A record with every nested object present: the shape the CSV header is read off.
PERIOD_SHAPE = period_record_dict(
    PeriodRecord(
        index=0,
        target=Target(id="", name=""),
        period="2000-01",
        year=2000,
        value=None,
        estimated=False,
        plan=None,
        plan_pct=None,
        elapsed_pct=0.0,
        same_period=SamePeriod("1999-01", 0, False, None),
        change=None,
        change_pct=None,
        ratio_pct=None,
        status="no-data",
        verdict="pass",
    )
)


# --- cells and headings of the human formats ----------------------------------------------------


def pct(value: float | None, lang: Lang, signed: bool = False) -> str:
    """A percentage as the reports write it: "65 %", "121,88 %"; "—" where undefined."""
    if value is None:
        return word(lang, "none")
    return f"{number(value, lang, signed=signed)} %"


def title_parts(report: PeriodReport, lang: Lang) -> list[str]:
    """Programme, region, "Lũy kế 9 tháng 2024" and the share of the year gone by."""
    elapsed = period_word(lang, "elapsed", pct=pct(report.month * 100 / 12, lang))
    return heading(report.program, None, lang, period_heading(report.period, lang), elapsed)


def headers(report: PeriodReport, lang: Lang, kind: str) -> list[str]:
    """Target, unit, the year's plan, the figure, % of plan, the same period, the ratio to it
    ("So với cùng kỳ"), `compare`'s change, the status."""
    found = [
        word(lang, "target"),
        word(lang, "unit"),
        period_word(lang, "plan_year", year=report.year),
        period_heading(report.period, lang),
        period_word(lang, "plan_pct"),
        same_heading(report, lang),
        period_word(lang, "vs_same_period"),
    ]
    if kind == "compare":
        found.append(word(lang, "change"))
    found.append(word(lang, "status"))
    return found


def same_heading(report: PeriodReport, lang: Lang) -> str:
    """The same months of the year before: "Cùng kỳ 2023" / "Jan–Sep 2023"."""
    before = f"{report.year - 1:04d}-{report.month:02d}"
    return period_word(
        lang, "same_period_short", year=report.year - 1, heading=period_heading(before, lang)
    )


def value_cell(record: PeriodRecord, lang: Lang) -> str:
    return value_text(record.value, lang, None, record.estimated)


def plan_cell(record: PeriodRecord, lang: Lang) -> str:
    return value_text(record.plan, lang)


def same_cell(record: PeriodRecord, lang: Lang) -> str:
    same = record.same_period
    if same is None:
        return word(lang, "none")
    return value_text(same.value, lang, None, same.estimated)


def change_cell(record: PeriodRecord, lang: Lang) -> str:
    """ "+140 (+21,88 %)"; "—" without the same period."""
    if record.change is None:
        return word(lang, "none")
    text = delta_text(record.change, record.target.unit, lang)
    if record.change_pct is not None:
        text += f" ({pct(record.change_pct, lang, signed=True)})"
    return text


def cells(record: PeriodRecord, lang: Lang, kind: str) -> list[str]:
    """The row of `headers`, the status as its badge."""
    found = [
        display_name(record.target, lang),
        display_unit(record.target, lang),
        plan_cell(record, lang),
        value_cell(record, lang),
        pct(record.plan_pct, lang),
        same_cell(record, lang),
        pct(record.ratio_pct, lang),
    ]
    if kind == "compare":
        found.append(change_cell(record, lang))
    found.append(period_badge(record.status, lang))
    return found


def summary_text(report: PeriodReport, lang: Lang) -> str:
    counts = report.summary
    parts = [f"{word(lang, 'total')}: {targets(lang, counts['total'])}"]
    parts += [
        f"{period_badge(s, lang)} {number(counts[s], lang)}" for s in PERIOD_STATUSES if counts[s]
    ]
    return " · ".join(parts)


# --- the gate (check --period) ------------------------------------------------------------------


def finding(record: PeriodRecord, lang: Lang) -> str:
    """SPEC §13: "<label>: V (plan_pct % of the year's plan, elapsed_pct % of the year)"."""
    return period_word(
        lang,
        "finding",
        label=status_label_of(record.status, lang),
        value=value_cell(record, lang),
        plan_pct=pct(record.plan_pct, lang),
        elapsed=pct(record.elapsed_pct, lang),
    )


def status_label_of(status: str, lang: Lang) -> str:
    from ntm_cli.i18n import PERIOD_LABELS

    return PERIOD_LABELS[lang].get(status) or status_label(status, lang)


def check_title(report: PeriodReport, lang: Lang) -> str:
    """ "Kiểm tra tiến độ thực hiện lũy kế 9 tháng 2024" / "Year-to-date check, Jan–Sep 2024"."""
    shown = period_heading(report.period, lang)
    if lang == "vi":
        shown = shown[0].lower() + shown[1:]
    return period_word(lang, "check_title", heading=shown)


def period_name(period: str, lang: Lang) -> str:
    """The months a figure covers: "9 tháng 2024" / "Jan–Sep 2024"."""
    shown = period_heading(period, lang)
    return shown.removeprefix("Lũy kế ")


def period_entries(records: list[PeriodRecord]) -> list[dict[str, Any]]:
    """`ntm show`'s JSON `periods`: each record's own keys (SPEC §13), without the common
    keys that the target already carries."""
    own = [key for key in PERIOD_SHAPE if key not in target_fields(Target(id="", name=""))]
    return [
        {key: value for key, value in period_record_dict(r).items() if key in own} for r in records
    ]
