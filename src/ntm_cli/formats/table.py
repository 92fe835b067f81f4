"""`--format table`: Rich tables for people. Everything from the file enters as `Text`,
never as markup, so a name like "[bold]x" or ":smile:" prints as written."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ntm_cli.data import Target
from ntm_cli.evaluate import STATUSES, History, Record, Report
from ntm_cli.formats import Context, is_period
from ntm_cli.formats.common import (
    actual_cell,
    change_cell,
    counted_legend,
    delta_cell,
    display_group,
    display_name,
    display_unit,
    flagged,
    groups,
    milestones,
    plan_cell,
    ratio_cell,
    sparkline,
    title_parts,
    vs_actual_cell,
)
from ntm_cli.i18n import Lang, badge, number, targets, value_text, word
from ntm_cli.period import PeriodReport
from ntm_cli.units_report import UnitRow, UnitsReport

if TYPE_CHECKING:
    # the outlook (and its words) are imported when an outlook is rendered: a status or
    # check run does not pay for them
    from ntm_cli.outlook import OutlookReport

STYLES = {
    "exceeded": "bold green",
    "met": "green",
    "near": "yellow",
    "missed": "bold red",
    "ahead": "bold cyan",
    "in-progress": "blue",
    "no-plan": "dim",
    "no-data": "magenta",
}


def console(width: int, color: bool) -> Console:
    return Console(
        file=io.StringIO(),
        width=width,
        color_system="standard" if color else None,
        force_terminal=color,
        no_color=not color,
        markup=False,
        emoji=False,
        highlight=False,
        legacy_windows=False,
    )


def badge_text(status: str, lang: Lang) -> Text:
    return Text(badge(status, lang), style=STYLES[status])


Column = tuple[str, str, Callable[[Record, Lang], str | Text]]


def _columns(kind: str, lang: Lang, report: Report) -> list[Column]:
    target: Column = (word(lang, "target"), "left", lambda r, lang: display_name(r.target, lang))
    unit: Column = (word(lang, "unit"), "left", lambda r, lang: display_unit(r.target, lang))
    plan: Column = (word(lang, "plan"), "right", plan_cell)
    act: Column = (word(lang, "actual"), "right", actual_cell)
    delta: Column = (word(lang, "delta"), "right", delta_cell)
    status: Column = (word(lang, "status"), "left", lambda r, lang: badge_text(r.status, lang))
    if kind == "status":  # the compact view: no TH/KH, no --vs
        return [target, unit, plan, act, delta, status]
    columns = [target, unit, plan, act, delta, (word(lang, "ratio"), "right", ratio_cell), status]
    if report.vs_year is not None:
        columns += [
            (f"{word(lang, 'actual_short')} {report.vs_year}", "right", vs_actual_cell),
            (word(lang, "change"), "right", change_cell),
        ]
    return columns


def title(report: Report, lang: Lang) -> Text:
    return Text(" · ".join(_shorten(p) for p in title_parts(report, lang)), style="bold")


def summary_line(report: Report, lang: Lang) -> Text:
    counts = report.summary
    line = Text(f"{word(lang, 'total')}: {targets(lang, counts['total'])}")
    for status in STATUSES:
        if counts[status]:
            line.append(" · ")
            line.append_text(badge_text(status, lang))
            line.append(f" {number(counts[status], lang)}")
    return line


# Above this many targets `status` gives a grouped overview with the targets that need
# attention first; `--all` lists every one (Rich needs ~5 s for a 10,000-row table).
OVERVIEW_ABOVE = 100
ATTENTION_ROWS = 20


def render(ctx: Context) -> str:
    if ctx.command == "show":
        from ntm_cli.units import UnitHistory

        if isinstance(ctx.report, UnitHistory):
            from ntm_cli.formats.unit_show import render_unit_table

            return render_unit_table(ctx.report, ctx.lang, ctx.width, ctx.color)
        return render_show(ctx.report, ctx.lang, ctx.width, ctx.color)
    if ctx.command == "outlook":
        return render_outlook_table(ctx.report, ctx.lang, ctx.width, ctx.color)
    if is_period(ctx.report):
        return render_period(ctx.report, ctx.lang, ctx.command, ctx.width, ctx.color)
    if ctx.command == "units":
        return render_units_table(ctx.report, ctx.lang, ctx.width, ctx.color)
    return render_report(ctx.report, ctx.lang, ctx.command, ctx.width, ctx.color, ctx.every)


def render_report(
    report: Report, lang: Lang, kind: str, width: int, color: bool, every: bool = False
) -> str:
    """`kind` is "status" (compact) or "compare" (plan against actual, with --vs)."""
    out = console(width, color)
    out.print(title(report, lang))
    if report.year is None:
        out.print(Text(word(lang, "no_years")))
        return text_of(out)
    if not report.records:
        out.print(Text(word(lang, "no_targets", year=report.year)))
        return text_of(out)
    if kind == "status" and not every and len(report.records) > OVERVIEW_ABOVE:
        _overview(out, report, lang)
        return text_of(out)
    columns = _columns(kind, lang, report)
    table = _table(columns)
    sections = groups(report.records, lang)
    rows: list[list[Text]] = []
    for position, (group, records) in enumerate(sections):
        if group is not None:
            table.add_row(Text(_shorten(group), style="bold underline"))
        for number_in_group, record in enumerate(records):
            row = _row(columns, record, lang)
            rows.append(row)
            last = number_in_group == len(records) - 1 and position < len(sections) - 1
            table.add_row(*row, end_section=last)
    fit(out, [header for header, _, _ in columns], rows)
    out.print(table)
    out.print(summary_line(report, lang))
    _legend(out, [r.target for r in report.records], lang)
    return text_of(out)


def _legend(out: Console, shown: list[Target], lang: Lang) -> None:
    legend = counted_legend(shown, lang)
    if legend is not None:
        out.print(Text(legend))


def _table(columns: list[Column]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    for position, (header, justify, _) in enumerate(columns):
        # Names and units wrap into the room that is left; figures and badges are never
        # wrapped or cut (see _fit).
        table.add_column(
            Text(header),
            justify=justify,  # type: ignore[arg-type]
            no_wrap=position >= 2,
            overflow="fold" if position < 2 else "ellipsis",
            ratio=1 if position == 0 else None,
            min_width=12 if position == 0 else None,
            max_width=16 if position == 1 else None,
        )
    return table


def _row(columns: list[Column], record: Record, lang: Lang) -> list[Text]:
    cells = [fn(record, lang) for _, _, fn in columns]
    return [c if isinstance(c, Text) else Text(_shorten(c)) for c in cells]


def _overview(out: Console, report: Report, lang: Lang) -> None:
    """A file too large for one screen: counts by group and status, then the targets that
    fail or warn (failures first), then the summary line."""
    out.print(Text(word(lang, "overview", n=number(len(report.records), lang))))
    sections = groups(report.records, lang)
    present = [s for s in STATUSES if report.summary[s]]
    counts = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    counts.add_column(Text(word(lang, "group")))
    counts.add_column(Text(word(lang, "count")), justify="right")
    for status in present:
        counts.add_column(badge_text(status, lang), justify="right", no_wrap=True)
    for group, records in sections:
        tally = dict.fromkeys(present, 0)
        for record in records:
            tally[record.status] += 1
        name = _shorten(group) if group is not None else word(lang, "total")
        figures = [number(len(records), lang), *[number(tally[s], lang) for s in present]]
        counts.add_row(Text(name), *[Text(f) for f in figures])
    out.print(counts)
    attention = flagged(report)
    if attention:
        out.print(Text(word(lang, "attention"), style="bold"))
        columns = _columns("status", lang, report)
        table = _table(columns)
        rows = [_row(columns, record, lang) for record in attention[:ATTENTION_ROWS]]
        for row in rows:
            table.add_row(*row)
        fit(out, [header for header, _, _ in columns], rows)
        out.print(table)
        if len(attention) > ATTENTION_ROWS:
            more = number(len(attention) - ATTENTION_ROWS, lang)
            out.print(Text(word(lang, "more_attention", n=more)))
    out.print(summary_line(report, lang))
    _legend(out, [r.target for r in attention[:ATTENTION_ROWS]], lang)


# A person cannot read a name of megabytes, and Rich needs seconds to wrap one; machine
# formats keep every character.
MAX_CELL = 500


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def fit(out: Console, headers: list[str], rows: list[list[Text]]) -> None:
    """On a screen too narrow for the figures, print wider than the screen (the terminal
    wraps the lines) rather than let Rich cut a number to "1.0…": figures and badges need
    their full width, the name column at least 12 cells, the unit column up to 16."""
    widths = [cell_len(header) for header in headers]
    for row in rows:
        for position, cell in enumerate(row):
            widths[position] = max(widths[position], cell.cell_len)
    widths[0] = 12
    widths[1] = min(widths[1], 16)
    needed = sum(widths) + 3 * (len(headers) - 1)
    if needed > out.width:
        out.width = needed


def text_of(out: Console) -> str:
    file = out.file
    assert isinstance(file, io.StringIO)
    # Rich pads every line to the full width; trailing blanks only get in the way of diffs.
    return "".join(line.rstrip() + "\n" for line in file.getvalue().splitlines())


def render_show(history: History, lang: Lang, width: int, color: bool) -> str:
    """`ntm show`: one target across its years, with baseline, milestones and a trend."""
    target, records = history.target, history.records
    out = console(width, color)
    name = display_name(target, lang)
    out.print(Text(f"{_shorten(name)} ({target.id})", style="bold"))
    facts = [p for p in (display_group(target, lang), display_unit(target, lang)) if p]
    if not any(isinstance(v, bool) for v in (*target.actual.values(), *target.plan.values())):
        facts.append(word(lang, f"direction_{target.direction}"))  # a yes/no target has none
    if target.baseline is not None:
        value = value_text(target.baseline.value, lang, target.total)
        facts.append(f"{word(lang, 'baseline')} {target.baseline.year}: {value}")
    if facts:
        out.print(Text(" · ".join(_shorten(f) for f in facts)))
    # the figure of each year: the actual, else the estimate standing in for it
    reported = [(y, target.reported(y)[0]) for y in target.reported_years()]
    actuals = [(y, v) for y, v in reported if v is not None]
    if actuals:
        line = sparkline([v for _, v in actuals])
        span = f"{actuals[0][0]}–{actuals[-1][0]}" if len(actuals) > 1 else str(actuals[0][0])
        out.print(Text(f"{word(lang, 'trend')}: {line} ({span})"))
    ahead = milestones(target)
    if ahead:
        # "; " between years: a comma is the decimal mark in Vietnamese ("2024: 2,5; 2025: 2").
        listed = "; ".join(f"{y}: {value_text(p, lang, target.total)}" for y, p in ahead)
        out.print(Text(f"{word(lang, 'milestones')}: {listed}"))
    for label, text in (("source", target.source), ("note", target.note)):
        if text:
            out.print(Text(f"{word(lang, label)}: {_shorten(text)}"))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    columns: list[Column] = [
        (word(lang, "year"), "right", lambda r, lang: str(r.year)),
        (word(lang, "plan"), "right", lambda r, lang: value_text(r.plan, lang, r.target.total)),
        (word(lang, "actual"), "right", actual_cell),
        (word(lang, "delta"), "right", delta_cell),
        (word(lang, "ratio"), "right", ratio_cell),
        (word(lang, "status"), "left", lambda r, lang: badge_text(r.status, lang)),
    ]
    for header, justify, _ in columns:
        table.add_column(Text(header), justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for record in records:
        cells = [fn(record, lang) for _, _, fn in columns]
        table.add_row(*[c if isinstance(c, Text) else Text(c) for c in cells])
    out.print(table)
    _legend(out, [target] if records else [], lang)
    return text_of(out)


# --- outlook (SPEC §8) ---------------------------------------------------------------------

OUTLOOK_STYLES = {
    "achieved": "bold green",
    "on-track": "green",
    "acceleration-needed": "yellow",
    "limited-progress": "magenta",
    "deterioration": "bold red",
    "missed": "red",
    "insufficient-data": "dim",
    "no-target": "dim",
}


def render_outlook_table(report: OutlookReport, lang: Lang, width: int, color: bool) -> str:
    from ntm_cli.formats import outlook_parts as parts

    out = console(width, color)
    heading = parts.title_parts(report, lang)
    if heading:
        out.print(Text(" · ".join(_shorten(p) for p in heading), style="bold"))
    empty = parts.empty_line(report, lang)
    if empty is not None:
        out.print(Text(empty))
        return text_of(out)
    years = parts.year_columns(report)
    headers = parts.headers(lang, years)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    badge_at = len(headers) - 2
    for position, header in enumerate(headers):
        # Names and units wrap into the room that is left; figures and badges never do.
        table.add_column(
            Text(header),
            justify="left" if position < 2 or position >= badge_at else "right",
            no_wrap=position >= 2,
            overflow="fold" if position < 2 else "ellipsis",
            ratio=1 if position == 0 else None,
            min_width=12 if position == 0 else None,
            max_width=16 if position == 1 else None,
        )
    rows: list[list[Text]] = []
    sections = groups(report.records, lang)
    for place, (group, records) in enumerate(sections):
        if group is not None:
            table.add_row(Text(_shorten(group), style="bold underline"))
        for number_in_group, record in enumerate(records):
            cells = [
                Text(_shorten(display_name(record.target, lang))),
                Text(_shorten(parts.unit_text(record.target, lang))),
                *(Text(c) for c in parts.cells(record, lang, years)),
            ]
            cells[badge_at].stylize(OUTLOOK_STYLES[record.outlook])
            rows.append(cells)
            last = number_in_group == len(records) - 1 and place < len(sections) - 1
            table.add_row(*cells, end_section=last)
    fit(out, headers, rows)
    out.print(table)
    line = Text(" · ".join(parts.summary_parts(report, lang)))
    out.print(line)
    _legend(out, [r.target for r in report.records], lang)
    return text_of(out)


# The period statuses (SPEC §13) in the same lights as the year's.
PERIOD_STYLES = {
    "completed": "bold green",
    "on-pace": "green",
    "behind": "bold red",
    "above-pace": "bold red",
    "over-limit": "bold red",
    "no-plan": "dim",
    "no-data": "magenta",
}


def render_period(report: PeriodReport, lang: Lang, kind: str, width: int, color: bool) -> str:
    """The year-to-date report (SPEC §13): the year's plan, the figure since 1 January, % of
    the plan, the same period of the year before and the ratio to it, the status; `compare`
    adds the change."""
    from ntm_cli.formats import period_parts as parts
    from ntm_cli.i18n import PERIOD_STATUSES_ORDER, period_badge

    out = console(width, color)
    out.print(Text(" · ".join(_shorten(p) for p in parts.title_parts(report, lang)), style="bold"))
    headers = parts.headers(report, lang, kind)
    columns: list[Column] = [
        (header, "left" if position < 2 else "right", _no_cell)
        for position, header in enumerate(headers)
    ]
    columns[-1] = (headers[-1], "left", _no_cell)
    table = _table(columns)
    sections = groups(report.records, lang)
    rows: list[list[Text]] = []
    for position, (group, records) in enumerate(sections):
        if group is not None:
            table.add_row(Text(_shorten(group), style="bold underline"))
        for number_in_group, record in enumerate(records):
            cells = parts.cells(record, lang, kind)
            row = [Text(_shorten(c)) for c in cells[:-1]]
            row.append(Text(cells[-1], style=PERIOD_STYLES[record.status]))
            rows.append(row)
            last = number_in_group == len(records) - 1 and position < len(sections) - 1
            table.add_row(*row, end_section=last)
    fit(out, headers, rows)
    out.print(table)
    line = Text(f"{word(lang, 'total')}: {targets(lang, report.summary['total'])}")
    for status in PERIOD_STATUSES_ORDER:
        if report.summary[status]:
            line.append(" · ")
            line.append(period_badge(status, lang), style=PERIOD_STYLES[status])
            line.append(f" {number(report.summary[status], lang)}")
    out.print(line)
    return text_of(out)


def _no_cell(record: Record, lang: Lang) -> str:  # pragma: no cover - cells come from parts
    return ""


# --- units (SPEC §12.3) ----------------------------------------------------------------------


_GAP = 2  # cells between two columns of a units table


def _longest_word(text: str) -> int:
    return max((cell_len(part) for part in text.split()), default=0)


def _units_widths(headers: list[str], rows: list[list[str]], wrapping: set[int]) -> list[int]:
    """The least width of each column: a figure's whole width (never cut or wrapped), a
    name's or a list's 12 cells (or less when all are shorter); a heading wraps, but never
    inside a word."""
    widths = []
    for position, header in enumerate(headers):
        widest = max((cell_len(row[position]) for row in rows), default=1)
        least = min(widest, 12) if position in wrapping else widest
        longest = max([_longest_word(header), *(_longest_word(r[position]) for r in rows)])
        widths.append(max(least, _longest_word(header), min(longest, 12)))
    return widths


def _units_table(
    headers: list[str], rows: list[list[str]], wrapping: set[int], room: int, left: set[int]
) -> Table:
    """A table whose `wrapping` columns (names, lists) wrap into the room that is left and
    whose other columns (figures) are never cut or wrapped: each is at least as wide as its
    widest figure, and its heading wraps over it instead."""
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        expand=any(headers),
        show_header=any(headers),
        collapse_padding=True,  # two spaces between columns: room for the figures at 80
    )
    widths = _units_widths(headers, rows, wrapping)
    # Headings on one line where the screen has room for them all.
    whole = [w if p in wrapping else max(w, cell_len(headers[p])) for p, w in enumerate(widths)]
    if sum(whole) + _GAP * (len(headers) - 1) <= room:
        widths = whole
    for position, (header, least) in enumerate(zip(headers, widths, strict=True)):
        table.add_column(
            Text(header),
            justify="left" if position in wrapping or position in left else "right",
            overflow="fold",
            ratio=1 if position in wrapping else None,
            min_width=least if position in wrapping else None,
            width=None if position in wrapping else least,
        )
    return table


def _fit_units(out: Console, headers: list[str], rows: list[list[str]], wrapping: set[int]) -> None:
    """As `fit`: wider than the screen rather than a figure cut."""
    needed = sum(_units_widths(headers, rows, wrapping)) + _GAP * (len(headers) - 1)
    if needed > out.width:
        out.width = needed


def render_units_table(report: UnitsReport, lang: Lang, width: int, color: bool) -> str:
    """`ntm units`: the summary, the districts, the criteria (bottlenecks first) and the
    units, each a section; names and lists wrap, figures never do."""
    from ntm_cli.formats import units_parts as up

    out = console(width, color)
    out.print(Text(" · ".join(_shorten(p) for p in up.title_parts(report, lang)), style="bold"))
    if report.year is None or not report.units:
        out.print(Text(word(lang, "no_years" if report.year is None else "units_none")))
        return text_of(out)

    def section(
        title: str,
        headers: list[str],
        rows: list[list[str]],
        wrapping: set[int],
        groups: dict[int, str] | None = None,
        left: frozenset[int] = frozenset(),
    ) -> None:
        rows = [[_shorten(c) for c in row] for row in rows]
        out.print()
        out.print(Text(title, style="bold underline"))
        _fit_units(out, headers, rows, wrapping)
        table = _units_table(headers, rows, wrapping, out.width, set(left))
        for position, row in enumerate(rows):
            if groups and position in groups:
                table.add_row(Text(_shorten(groups[position]), style="bold"))
            table.add_row(*(Text(c) for c in row))
        out.print(table)

    summary = [
        [("  " if indented else "") + label, value]
        for label, value, indented in up.summary_rows(report, lang)
    ]
    section(word(lang, "units_summary"), ["", ""], summary, {0})
    if report.districts:
        rows = [up.district_cells(report, d, lang) for d in report.districts]
        headers = up.district_headers(report, lang)
        wrapping = {0, headers.index(word(lang, "units_own"))}
        yes_no = frozenset(range(len(headers) - len(up.rule_standards(report)), len(headers)))
        section(word(lang, "units_by_district"), headers, rows, wrapping, left=yes_no)
        rule = up.rule_text(report, lang)
        if rule:
            out.print(Text(rule))
    if report.by_criterion:
        rows = [up.criterion_cells(c, lang) for c in report.bottlenecks()]
        section(word(lang, "units_by_criterion"), up.criterion_headers(report, lang), rows, {0})
    rows, groups = [], {}
    for district, members in up.sections(report):
        if district is not None:
            groups[len(rows)] = " · ".join(
                p for p in (up.name_of(district.unit, lang), _own_line(district, lang)) if p
            )
        elif members:
            groups[len(rows)] = word(lang, "units_no_district")
        rows += [up.unit_cells(report, m, lang) for m in members]
    if rows:
        section(word(lang, "units_by_unit"), up.unit_headers(lang), rows, {0, 2, 3}, groups,
                left=frozenset({4}))  # fmt: skip
    return text_of(out)


def _own_line(district: UnitRow, lang: Lang) -> str:
    """A district heading's own criteria, where assessed (its recognitions are in the
    district table)."""
    from ntm_cli.formats import units_parts as up

    if district.criteria_met is None:
        return ""
    return f"{word(lang, 'units_met')} {up.met_text(district, lang)}"
