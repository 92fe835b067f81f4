"""`ntm show UNIT` (SPEC §12.3): a unit's recognitions and, per assessed year, the criteria it
met, those it did not, and whether it maintained its standard; as a table and as JSON."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text

from ntm_cli.i18n import Lang, word
from ntm_cli.units import UnitHistory

VERSION = 3


def unit_show_dict(history: UnitHistory) -> dict[str, Any]:
    """SPEC §12.3's JSON of `show UNIT`."""
    from ntm_cli.formats.common import program_dict

    unit = history.unit
    return {
        "version": VERSION,
        "file": history.file,
        "program": program_dict(history.program),
        "unit": {
            "id": unit.id,
            "name": unit.name,
            "name_en": unit.name_en,
            "kind": unit.kind,
            "parent": unit.parent,
            "from": unit.from_,
            "until": unit.until,
            "recognised": dict(unit.recognised),
            "revoked": dict(unit.revoked),
            "note": unit.note,
        },
        "years": [
            {
                "year": one.year,
                "criteria_met": one.criteria_met,
                "criteria_total": one.criteria_total,
                "unmet": None if one.unmet is None else list(one.unmet),
                "maintained": one.maintained,
            }
            for one in history.years
        ],
    }


def _name(history: UnitHistory, lang: Lang) -> str:
    unit = history.unit
    return unit.name_en if lang == "en" and unit.name_en else unit.name


def render_unit_table(history: UnitHistory, lang: Lang, width: int, color: bool) -> str:
    from ntm_cli.formats.table import _shorten, console, text_of
    from ntm_cli.i18n import number

    unit = history.unit
    out = console(width, color)
    out.print(Text(f"{_shorten(_name(history, lang))} ({unit.id})", style="bold"))
    facts = [word(lang, f"unit_{unit.kind}")]
    if history.parent is not None:
        parent = history.parent
        shown = parent.name_en if lang == "en" and parent.name_en else parent.name
        facts.append(word(lang, "unit_in", parent=f"{shown} ({parent.id})"))
    if unit.from_ is not None or unit.until is not None:
        span = f"{unit.from_ or ''}–{unit.until or ''}"
        facts.append(word(lang, "unit_exists", span=span))
    out.print(Text(" · ".join(_shorten(f) for f in facts)))
    recognitions = []
    for standard in history.standards:
        year = unit.recognised.get(standard.id)
        if year is None:
            continue
        name = standard.name_en if lang == "en" and standard.name_en else standard.name
        text = f"{name} {year}"
        if standard.id in unit.revoked:
            text += f" ({word(lang, 'unit_revoked', year=unit.revoked[standard.id])})"
        recognitions.append(text)
    listed = "; ".join(recognitions) if recognitions else word(lang, "unit_not_recognised")
    out.print(Text(f"{word(lang, 'unit_recognised')}: {_shorten(listed)}"))
    if unit.note:
        out.print(Text(f"{word(lang, 'note')}: {_shorten(unit.note)}"))
    if not history.years:
        out.print(Text(word(lang, "unit_no_assessment")))
        return text_of(out)
    names = {c.id: (c.name_en if lang == "en" and c.name_en else c.name) for c in history.criteria}
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    table.add_column(Text(word(lang, "year")), justify="right", no_wrap=True)
    table.add_column(Text(word(lang, "unit_criteria_met")), justify="right", no_wrap=True)
    table.add_column(Text(word(lang, "unit_unmet")), justify="left", overflow="fold", ratio=1)
    table.add_column(Text(word(lang, "unit_maintained")), justify="left", no_wrap=True)
    yes_no = {"vi": ("Có", "Không"), "en": ("Yes", "No")}[lang]
    for one in history.years:
        met = f"{number(one.criteria_met, lang)}/{number(one.criteria_total, lang)}"
        if one.unmet is None:
            unmet = word(lang, "unit_unknown")
        elif not one.unmet:
            unmet = word(lang, "none")
        else:
            unmet = "; ".join(f"{c} {names.get(c, '')}".rstrip() for c in one.unmet)
        kept = word(lang, "none") if one.maintained is None else yes_no[0 if one.maintained else 1]
        table.add_row(Text(str(one.year)), Text(met), Text(_shorten(unmet)), Text(kept))
    out.print(table)
    return text_of(out)
