"""`ntm show UNIT --format json` (SPEC §12.3): a unit's recognitions and, per assessed year,
the criteria it met, those it did not, and whether it maintained its standard. The table is
`table.show_unit`."""

from __future__ import annotations

from typing import Any

from ntm_cli.judge.units import UnitHistory


def unit_show_dict(history: UnitHistory) -> dict[str, Any]:
    """SPEC §12.3's JSON of `show UNIT`."""
    from ntm_cli.formats.common import VERSION, program_dict

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
