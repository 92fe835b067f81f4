"""`ntm units` (SPEC §12.3): what its formats share. The JSON document (which CSV flattens),
and the words and cells of the human formats (table, Markdown, xlsx, HTML), so that every
format says the same thing the same way. No rich here: JSON and CSV must not pay for it."""

from __future__ import annotations

from typing import Any

from ntm_cli.formats.common import VERSION, heading, program_dict
from ntm_cli.i18n import Lang, number, percent_text, word
from ntm_cli.judge.units_report import CriterionRow, DistrictRow, UnitRow, UnitsReport, percent
from ntm_cli.targets_file.unit_data import Criterion, Standard, Unit

# --- JSON ----------------------------------------------------------------------------------


def units_report_dict(report: UnitsReport) -> dict[str, Any]:
    """The JSON of SPEC §12.3, keys in its order, every key present (null where unknown)."""
    summary = report.summary
    return {
        "version": VERSION,
        "file": report.file,
        "program": program_dict(report.program),
        "year": report.year,
        "within": report.within.id if report.within is not None else None,
        "standards": [{"id": s.id, "name": s.name, "name_en": s.name_en} for s in report.standards],
        "criteria": [
            {"id": c.id, "name": c.name, "name_en": c.name_en, "group": c.group, "kind": c.kind}
            for c in report.criteria
        ],
        "summary": {
            "communes": summary.communes,
            "districts": summary.districts,
            "assessed": summary.assessed,
            "recognised": {
                s: {
                    "communes": r.communes,
                    "communes_new": r.communes_new,
                    "communes_withdrawn": r.communes_withdrawn,
                    "districts": r.districts,
                }
                for s, r in summary.recognised.items()
            },
            "criteria_average": summary.criteria_average,
            "criteria_average_previous": summary.criteria_average_previous,
            "buckets": [
                {"min": b.min, "max": b.max, "communes": b.communes, "pct": b.pct}
                for b in summary.buckets
            ],
            "not_maintained": summary.not_maintained,
            "not_assessed": summary.not_assessed,
        },
        "districts": [district_dict(d) for d in report.districts],
        "by_criterion": [criterion_dict(c) for c in report.by_criterion],
        "units": [unit_dict(u) for u in report.units],
    }


def district_dict(row: DistrictRow) -> dict[str, Any]:
    return {
        "id": row.unit.id,
        "name": row.unit.name,
        "communes": row.communes,
        "recognised": {s: {"count": v.count, "pct": v.pct} for s, v in row.recognised.items()},
        "criteria_average": row.criteria_average,
        "own": dict(row.own),
        "eligible": None if row.eligible is None else dict(row.eligible),
    }


def criterion_dict(row: CriterionRow) -> dict[str, Any]:
    return {
        "id": row.criterion.id,
        "name": row.criterion.name,
        "met": row.met,
        "of": row.of,
        "pct": row.pct,
        "met_previous": row.met_previous,
        "of_previous": row.of_previous,
        "change": row.change,
    }


def unit_dict(row: UnitRow) -> dict[str, Any]:
    return {
        "id": row.unit.id,
        "name": row.unit.name,
        "kind": row.unit.kind,
        "parent": row.unit.parent,
        "recognised": dict(row.recognised),
        "revoked": dict(row.revoked),
        "criteria_met": row.criteria_met,
        "criteria_total": row.criteria_total,
        "unmet": None if row.unmet is None else list(row.unmet),
        "maintained": row.maintained,
    }


# --- CSV -----------------------------------------------------------------------------------


def csv_columns(report: UnitsReport) -> list[str]:
    """id, name, kind, parent, a `recognised_<standard>` column per standard, criteria_met,
    criteria_total, unmet, maintained (SPEC §12.3)."""
    return [
        "id",
        "name",
        "kind",
        "parent",
        *(f"recognised_{s.id}" for s in report.standards),
        "criteria_met",
        "criteria_total",
        "unmet",
        "maintained",
    ]


def csv_row(report: UnitsReport, row: UnitRow) -> list[Any]:
    """One unit: `recognised_<standard>` holds the year of a recognition held at the end of
    Y (a withdrawn one is left empty: the row has no column to say so); unmet as `13;17`
    (`;`, since `,` is the decimal mark of Vietnamese spreadsheets), empty where unknown and
    empty too for "all met" with criteria_met = criteria_total saying so."""
    unit = row.unit
    return [
        unit.id,
        unit.name,
        unit.kind,
        unit.parent,
        *(row.held.get(s.id) for s in report.standards),
        row.criteria_met,
        row.criteria_total,
        None if row.unmet is None else ";".join(str(c) for c in row.unmet),
        row.maintained,
    ]


# --- words and cells of the human formats ----------------------------------------------------


def name_of(item: Unit | Standard | Criterion, lang: Lang) -> str:
    return item.name_en if lang == "en" and item.name_en else item.name


def criterion_label(criterion: Criterion, lang: Lang) -> str:
    """ "17. Môi trường và an toàn thực phẩm", as reports number the criteria."""
    return f"{criterion.id}. {name_of(criterion, lang)}"


def title_parts(report: UnitsReport, lang: Lang) -> list[str]:
    more = [word(lang, "units_title")]
    if report.within is not None:
        more.append(name_of(report.within, lang))
    return heading(report.program, report.year, lang, *more)


def share_text(count: int, of: int, pct: float | None, lang: Lang) -> str:
    """ "44/104 (42,31%)"; "0/0" without a percentage."""
    text = f"{number(count, lang)}/{number(of, lang)}"
    return text if pct is None else f"{text} ({percent_text(pct, lang)})"


def average_text(value: float | None, lang: Lang) -> str:
    return word(lang, "none") if value is None else number(value, lang)


def yes_no(value: bool | None, lang: Lang) -> str:
    """✔ / ✘ with a word, so that it reads without colour; — when unknown."""
    if value is None:
        return word(lang, "none")
    return word(lang, "units_yes" if value else "units_no")


def bucket_label(low: int, high: int, lang: Lang) -> str:
    """ "19 tiêu chí", "15–18 tiêu chí", "dưới 5 tiêu chí" (below the lowest edge)."""
    if low == 0 and high > 0:
        return word(lang, "units_bucket_below", n=high + 1)
    span = str(low) if low == high else f"{low}–{high}"
    return word(lang, "units_bucket", span=span)


def summary_rows(report: UnitsReport, lang: Lang) -> list[tuple[str, str, bool]]:
    """The summary in the order of SPEC §12.3 as (label, value, indented) rows: an indented
    row details the row above it."""
    s = report.summary
    year = report.year or 0
    rows = [
        (word(lang, "units_communes"), number(s.communes, lang), False),
        (word(lang, "units_districts"), number(s.districts, lang), False),
        (word(lang, "units_assessed", year=year), number(s.assessed, lang), False),
    ]
    for standard in report.standards:
        counts = s.recognised[standard.id]
        pct = percent(counts.communes, s.communes)
        rows += [
            (name_of(standard, lang), share_text(counts.communes, s.communes, pct, lang), False),
            (word(lang, "units_new", year=year), number(counts.communes_new, lang), True),
            (
                word(lang, "units_withdrawn", year=year),
                number(counts.communes_withdrawn, lang),
                True,
            ),
            (
                word(lang, "units_districts_recognised"),
                f"{number(counts.districts, lang)}/{number(s.districts, lang)}",
                True,
            ),
        ]
    rows.append(
        (word(lang, "units_average", year=year), average_text(s.criteria_average, lang), False)
    )
    rows.append(
        (
            word(lang, "units_average", year=year - 1),
            average_text(s.criteria_average_previous, lang),
            True,
        )
    )
    change = s.criteria_average_change
    rows.append(
        (
            word(lang, "change"),
            word(lang, "none") if change is None else number(change, lang, signed=True),
            True,
        )
    )
    if s.buckets:
        rows.append((word(lang, "units_buckets", year=year), "", False))
    for bucket in s.buckets:
        value = number(bucket.communes, lang)
        if bucket.pct is not None:
            value += f" ({percent_text(bucket.pct, lang)})"
        rows.append((bucket_label(bucket.min, bucket.max, lang), value, True))
    rows.append((word(lang, "units_not_maintained"), number(s.not_maintained, lang), False))
    rows.append((word(lang, "units_not_assessed", year=year), number(s.not_assessed, lang), False))
    return rows


def rule_text(report: UnitsReport, lang: Lang) -> str | None:
    """What `eligible` means, from `[program].district_rule`: "đủ điều kiện về số xã: ≥ 100%
    xã Đạt chuẩn nông thôn mới, ≥ 10% xã … (chỉ xét điều kiện về xã; …)"."""
    rule = report.program.district_rule
    if not rule:
        return None
    parts = []
    for district_standard, conditions in rule.items():
        listed = ", ".join(
            word(lang, "units_rule_condition", pct=number(pct, lang),
                 name=standard_name(report, s, lang))
            for s, pct in conditions.items()
        )  # fmt: skip
        label = word(lang, "units_eligible_lower")
        if len(rule) > 1:
            label += f" ({standard_name(report, district_standard, lang)})"
        parts.append(f"{label}: {listed}")
    return "; ".join(parts) + f" ({word(lang, 'units_rule_note')})"


def district_headers(report: UnitsReport, lang: Lang) -> list[str]:
    headers = [word(lang, "units_district"), word(lang, "units_communes_short")]
    headers += [name_of(s, lang) for s in report.standards]
    headers.append(word(lang, "units_average_short"))
    if own_criteria(report):
        headers.append(word(lang, "units_own_criteria"))
    headers.append(word(lang, "units_own"))
    for district_standard in rule_standards(report):
        label = word(lang, "units_eligible")
        if len(rule_standards(report)) > 1:
            label += f" ({standard_name(report, district_standard, lang)})"
        headers.append(label)
    return headers


def rule_standards(report: UnitsReport) -> list[str]:
    rule = report.program.district_rule
    return list(rule) if rule else []


def standard_name(report: UnitsReport, standard_id: str, lang: Lang) -> str:
    found = next((s for s in report.standards if s.id == standard_id), None)
    return standard_id if found is None else name_of(found, lang)


def own_criteria(report: UnitsReport) -> bool:
    """Whether some district in the report has its own criteria assessed in Y."""
    rows = {row.unit.id: row for row in report.units}
    return any(
        rows[d.unit.id].criteria_met is not None for d in report.districts if d.unit.id in rows
    )


def held_text(held: dict[str, int], report: UnitsReport, lang: Lang) -> str:
    """ "Đạt chuẩn nông thôn mới (2014); … nâng cao (2019)"; — when none."""
    if not held:
        return word(lang, "none")
    return "; ".join(f"{standard_name(report, s, lang)} ({y})" for s, y in held.items())


def district_cells(report: UnitsReport, row: DistrictRow, lang: Lang) -> list[str]:
    cells = [name_of(row.unit, lang), number(row.communes, lang)]
    cells += [share_text(v.count, row.communes, v.pct, lang) for v in row.recognised.values()]
    cells.append(average_text(row.criteria_average, lang))
    if own_criteria(report):
        own = next((u for u in report.units if u.unit.id == row.unit.id), None)
        cells.append(met_text(own, lang) if own is not None else word(lang, "none"))
    cells.append(held_text(row.own, report, lang))
    for district_standard in rule_standards(report):
        value = None if row.eligible is None else row.eligible.get(district_standard)
        cells.append(yes_no(value, lang))
    return cells


def criterion_headers(report: UnitsReport, lang: Lang) -> list[str]:
    year = report.year or 0
    return [
        word(lang, "units_criterion"),
        word(lang, "units_met_in", year=year),
        "%",
        word(lang, "units_met_in", year=year - 1),
        word(lang, "change"),
    ]


def criterion_cells(row: CriterionRow, lang: Lang) -> list[str]:
    none = word(lang, "none")
    now = none if row.met is None else f"{number(row.met, lang)}/{number(row.of, lang)}"
    before = (
        none
        if row.met_previous is None
        else f"{number(row.met_previous, lang)}/{number(row.of_previous, lang)}"
    )
    return [
        criterion_label(row.criterion, lang),
        now,
        none if row.pct is None else number(row.pct, lang),
        before,
        none if row.change is None else number(row.change, lang, signed=True),
    ]


def unit_headers(lang: Lang) -> list[str]:
    return [
        word(lang, "units_unit"),
        word(lang, "units_met"),
        word(lang, "units_unmet"),
        word(lang, "units_recognitions"),
        word(lang, "units_maintained"),
    ]


def met_text(row: UnitRow | None, lang: Lang) -> str:
    if row is None or row.criteria_met is None or row.criteria_total is None:
        return word(lang, "none")
    return f"{number(row.criteria_met, lang)}/{number(row.criteria_total, lang)}"


def unmet_text(report: UnitsReport, row: UnitRow, lang: Lang) -> str:
    """ "13. Tổ chức sản xuất; 17. Môi trường"; — where unknown; "" when every one is met."""
    if row.unmet is None:
        return word(lang, "none")
    named = {c.id: c for c in report.criteria if c.kind == row.unit.kind}
    return "; ".join(criterion_label(named[c], lang) if c in named else str(c) for c in row.unmet)


def recognitions_text(report: UnitsReport, row: UnitRow, lang: Lang) -> str:
    """The recognitions held at the end of Y, then those withdrawn by then."""
    parts = [f"{standard_name(report, s, lang)} ({y})" for s, y in row.held.items()]
    parts += [
        word(lang, "units_revoked", name=standard_name(report, s, lang), year=y)
        for s, y in row.revoked.items()
    ]
    return "; ".join(parts) or word(lang, "none")


def unit_cells(report: UnitsReport, row: UnitRow, lang: Lang) -> list[str]:
    return [
        name_of(row.unit, lang),
        met_text(row, lang),
        unmet_text(report, row, lang),
        recognitions_text(report, row, lang),
        yes_no(row.maintained, lang),
    ]


def sections(report: UnitsReport) -> list[tuple[UnitRow | None, list[UnitRow]]]:
    """The units in report order as (district, its communes); communes without a district
    under None, last."""
    found: list[tuple[UnitRow | None, list[UnitRow]]] = []
    for row in report.units:
        if row.unit.kind == "district":
            found.append((row, []))
        elif row.unit.parent is not None and found and found[-1][0] is not None:
            found[-1][1].append(row)
        else:
            if not found or found[-1][0] is not None:
                found.append((None, []))
            found[-1][1].append(row)
    return found
