"""Likely mistakes in a valid file (SPEC §5): `validate` reports them as warnings, located as
errors are (file, line, target, field); the other commands never mention them.

Pure: the document, the file's parsed TOML (to know which keys a target sets, which its
dataclass defaults cannot tell) and its text (for lines) in, problems out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ntm_cli.errors import Problem
from ntm_cli.targets_file.data import Document, Range, Target
from ntm_cli.targets_file.load import LineIndex

if TYPE_CHECKING:
    from ntm_cli.targets_file.load import Loaded

# Keys that mean nothing for a yes/no target: a sign it was meant to be numeric.
_NUMERIC_ONLY = ("direction", "unit", "total")


def _is_yes_no(target: Target) -> bool:
    values = [*target.plan.values(), *target.actual.values(), *target.estimate.values()]
    return bool(values) and all(isinstance(v, bool) for v in values)


def _over_total(target: Target) -> list[tuple[str, int, Any]]:
    """(table, year, value) of each value above the target's total."""
    total = target.total
    if total is None:
        return []
    found = []
    for table, values in (
        ("plan", target.plan),
        ("actual", target.actual),
        ("estimate", target.estimate),
    ):
        for year, value in sorted(values.items()):
            if isinstance(value, bool):
                continue
            top = value.high if isinstance(value, Range) else value
            if top > total:
                found.append((table, year, value))
    return found


def _years(target: Target) -> list[int]:
    return sorted({*target.plan, *target.actual, *target.estimate})


def _shown(value: Any) -> str:
    if isinstance(value, Range):
        return f"[{value.low!r}, {value.high!r}]"
    return repr(value)


def warnings(doc: Document, raw: dict[str, Any], text: str, shown: str) -> list[Problem]:
    """Every likely mistake in `doc`, in line order."""
    index = LineIndex(text.splitlines())
    raw_targets = raw.get("target")
    found: list[Problem] = []

    def at(position: int, target: Target, code: str, path: tuple[str, ...], **params: Any) -> None:
        found.append(
            Problem(
                code,
                params,
                file=shown,
                line=index.locate("target", position, path),
                target_id=target.id,
                target_index=position,
                field=".".join(path),
            )
        )

    for position, target in enumerate(doc.target):
        for table, year, value in _over_total(target):
            at(
                position,
                target,
                "warn_over_total",
                (table, str(year)),
                # numbers as the language writes them (`i18n.problem_message`); a range as
                # the file writes it
                value=_shown(value) if isinstance(value, Range) else value,
                total=target.total,
            )
        table_of = raw_targets[position] if isinstance(raw_targets, list) else {}
        if _is_yes_no(target) and isinstance(table_of, dict):
            for key in _NUMERIC_ONLY:
                if key in table_of:
                    at(position, target, "warn_boolean_key", (key,), key=key)
        years = _years(target)
        baseline = target.baseline
        if baseline is not None and years and baseline.year > years[-1]:
            at(
                position,
                target,
                "warn_baseline_late",
                ("baseline", "year"),
                year=baseline.year,
                last=years[-1],
            )
        latest = max(target.actual, default=None)
        if latest is not None:
            for year in sorted(target.estimate):
                if year not in target.actual and latest - year > 1:
                    at(
                        position,
                        target,
                        "warn_stale_estimate",
                        ("estimate", str(year)),
                        year=year,
                        latest=latest,
                    )
        for table, period, code, params in _ytd_warnings(target):
            at(position, target, code, (table, period), period=period, **params)
    if doc.unit:
        found += unit_warnings(doc, index, shown)
    return sorted(found, key=lambda p: p.line or 0)


def unit_warnings(doc: Document, index: LineIndex, shown: str) -> list[Problem]:
    """SPEC §5 for units (§12): a roll-up year with some units in scope assessed and some not
    (naming how many are missing); a `criterion` roll-up year in which some units have only
    `met_count`; a district with no communes in some year it exists."""
    from ntm_cli.judge.evaluate import default_year
    from ntm_cli.judge.units import Units, exists, rollup_counts

    units = Units(doc)
    found: list[Problem] = []
    default = default_year(doc)
    for position, target in enumerate(doc.target):
        rollup = target.rollup
        if rollup is None or rollup.standard is not None:
            continue
        counted = rollup_counts(units, rollup, default)
        line = index.locate("target", position, ("rollup",))
        for year, (missing, scope) in sorted(counted.partial.items()):
            in_scope = units.in_scope(rollup.of, year, rollup.within)
            only_count = 0
            if rollup.criterion is not None:
                only_count = sum(1 for u in in_scope if year not in u.unmet and year in u.met_count)
            if only_count:
                found.append(
                    Problem(
                        "warn_only_met_count",
                        {"year": year, "count": only_count, "of": scope},
                        file=shown,
                        line=line,
                        target_id=target.id,
                        target_index=position,
                        field="rollup",
                    )
                )
            if missing - only_count:
                found.append(
                    Problem(
                        "warn_partial_year",
                        {"year": year, "missing": missing - only_count, "of": scope},
                        file=shown,
                        line=line,
                        target_id=target.id,
                        target_index=position,
                        field="rollup",
                    )
                )
    span = units.mentioned_range()
    if span is not None:
        first, last = span[0], max(span[1], default or span[1])
        for position, unit in enumerate(doc.unit):
            if unit.kind != "district":
                continue
            communes = units.communes_of.get(unit.id, [])
            empty = [
                year
                for year in range(first, last + 1)
                if exists(unit, year) and not any(exists(c, year) for c in communes)
            ]
            if empty:
                years = str(empty[0]) if len(empty) == 1 else f"{empty[0]}–{empty[-1]}"
                found.append(
                    Problem(
                        "warn_district_empty",
                        {"years": years},
                        file=shown,
                        line=index.locate("unit", position, ()),
                        target_id=unit.id,
                        target_index=position,
                        table="unit",
                    )
                )
    return found


def _ytd_warnings(target: Target) -> list[tuple[str, str, str, dict[str, Any]]]:
    """SPEC §5, for a target whose figures are all ≥ 0: a year-to-date figure above the
    actual of its whole year, or below an earlier month's of the same year (it only grows).
    Each month's figure is its `ytd`, else its `ytd_estimate`."""
    if not target.ytd and not target.ytd_estimate:
        return []
    values: list[Any] = [
        *target.plan.values(),
        *target.actual.values(),
        *target.estimate.values(),
        *target.ytd.values(),
        *target.ytd_estimate.values(),
    ]
    bounds = [b for v in values for b in ((v.low, v.high) if isinstance(v, Range) else (v,))]
    if any(isinstance(b, bool) or b < 0 for b in bounds):
        return []
    found: list[tuple[str, str, str, dict[str, Any]]] = []
    previous: tuple[str, Any] | None = None
    for period in target.periods():
        value, estimated = target.period_figure(period)
        table = "ytd_estimate" if estimated else "ytd"
        year = int(period[:4])
        actual = target.actual.get(year)
        if actual is not None and value is not None and value > actual:
            params = {"value": _shown(value), "year": year, "actual": _shown(actual)}
            found.append((table, period, "warn_ytd_over_actual", params))
        if previous is not None and previous[0][:4] == period[:4] and value < previous[1]:
            params = {"value": _shown(value), "earlier": previous[0], "before": _shown(previous[1])}
            found.append((table, period, "warn_ytd_shrinks", params))
        previous = (period, value)
    return found


def file_warnings(loaded: Loaded) -> list[Problem]:
    """The warnings of a file already read and found valid."""
    from ntm_cli.targets_file.load import parse_toml

    return warnings(loaded.doc, parse_toml(loaded.text, loaded.shown), loaded.text, loaded.shown)
