"""`--format table`: Rich tables for people. Everything from the file enters as `Text`,
never as markup, so a name like "[bold]x" or ":smile:" prints as written."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ntm_cli.formats import View
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
    vs_ratio_cell,
)
from ntm_cli.i18n import Lang, badge, number, targets, value_text, word
from ntm_cli.judge.evaluate import STATUSES, Record, Report
from ntm_cli.targets_file.data import Target

if TYPE_CHECKING:
    # the outlook (and its words), a year-to-date report and the units report are imported
    # when one is rendered: a status or check run does not pay for them
    from ntm_cli.judge.history import History
    from ntm_cli.judge.outlook import OutlookReport
    from ntm_cli.judge.period import PeriodReport
    from ntm_cli.judge.units import UnitHistory
    from ntm_cli.judge.units_report import UnitRow, UnitsReport

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


@dataclass(frozen=True, eq=False)
class Col:
    """A column of a report table: what it is decides what gives way on a narrow screen.
    `name`: wraps over as many lines as it needs; `unit`: moves under the name; `figure`:
    never cut or wrapped (a `split` one may put its bracketed part, "(+6,97%)" or "(2021)",
    on a second line); `words`: a label that may wrap between words."""

    header: str
    justify: str = "right"
    kind: str = "figure"  # "name", "unit", "figure", "words"
    short: str | None = None  # the heading on a narrow screen
    split: bool = False


Column = tuple[str, str, Callable[[Record, Lang], str | Text]]
# A column of a status or compare table: how it fits (`Col`) and what its cells hold.
Field = tuple[Col, Callable[[Record, Lang], str | Text]]

# Under this width `compare --vs` keeps, of Y2, its figure and the ratio to it (SPEC §3).
WIDE = 100


def _fields(kind: str, lang: Lang, report: Report, width: int = WIDE) -> list[Field]:
    short = {"plan": "plan_short", "actual": "actual_short"}
    fields: list[Field] = [
        (
            Col(word(lang, "target"), "left", "name"),
            lambda r, lang: display_name(r.target, lang),
        ),
        (Col(word(lang, "unit"), "left", "unit"), lambda r, lang: display_unit(r.target, lang)),
        (Col(word(lang, "plan"), short=word(lang, short["plan"]), split=True), plan_cell),
        (Col(word(lang, "actual"), short=word(lang, short["actual"])), actual_cell),
        (Col(word(lang, "delta"), split=True), delta_cell),
    ]
    if kind != "status":  # the compact view: no TH/KH, no --vs
        fields.append((Col(word(lang, "ratio"), short=word(lang, "ratio_short")), ratio_cell))
    fields.append((Col(word(lang, "status"), "left"), lambda r, lang: badge_text(r.status, lang)))
    if kind != "status" and report.vs_year is not None:
        year = report.vs_year
        fields.append((Col(_vs_heading(report, lang)), vs_actual_cell))
        if width >= WIDE:
            fields.append((Col(word(lang, "change"), split=True), change_cell))
        fields.append(
            (
                # the heading SPEC §3 gives, "So với năm 2019", kept on a narrow screen too
                Col(word(lang, "vs_year", year=year)),
                vs_ratio_cell,
            )
        )
    return fields


def _vs_heading(report: Report, lang: Lang) -> str:
    """ "TH 2019"; "Năm gốc 2015" when every figure of Y2 is a baseline (SPEC §3)."""
    year = report.vs_year
    from_baseline = [
        r.target.reported(year)[0] is None
        for r in report.records
        if r.previous is not None and r.previous.actual is not None and year is not None
    ]
    if from_baseline and all(from_baseline):
        return word(lang, "baseline_year", year=year)
    return f"{word(lang, 'actual_short')} {year}"


def _columns(kind: str, lang: Lang, report: Report) -> list[Column]:
    """Every column of the wide table as (heading, justify, cell): what the docx annex
    (formats/grid.py) lays out, a page being wide enough for all of them."""
    return [(col.header, col.justify, cell) for col, cell in _fields(kind, lang, report)]


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


def status(report: Report, view: View) -> str:
    return render_report(report, view.lang, "status", view.width, view.color, view.every)


def compare(report: Report, view: View) -> str:
    return render_report(report, view.lang, "compare", view.width, view.color, view.every)


def status_period(report: PeriodReport, view: View) -> str:
    return render_period(report, view.lang, "status", view.width, view.color)


def compare_period(report: PeriodReport, view: View) -> str:
    return render_period(report, view.lang, "compare", view.width, view.color)


def outlook(report: OutlookReport, view: View) -> str:
    return render_outlook_table(report, view.lang, view.width, view.color)


def show(report: History, view: View) -> str:
    return render_show(report, view.lang, view.width, view.color)


def show_unit(report: UnitHistory, view: View) -> str:
    return render_unit_table(report, view.lang, view.width, view.color)


def units(report: UnitsReport, view: View) -> str:
    return render_units_table(report, view.lang, view.width, view.color)


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
    fields = _fields(kind, lang, report, width)
    entries: list[Entry] = []
    sections = groups(report.records, lang)
    for position, (group, records) in enumerate(sections):
        if group is not None:
            entries.append((Text(_shorten(group), style="bold underline"), None, False))
        for number_in_group, record in enumerate(records):
            last = number_in_group == len(records) - 1 and position < len(sections) - 1
            entries.append((None, _cells(fields, record, lang), last))
    grid(out, [col for col, _ in fields], entries)
    out.print(summary_line(report, lang))
    _legend(out, [r.target for r in report.records], lang)
    return text_of(out)


def _legend(out: Console, shown: list[Target], lang: Lang) -> None:
    legend = counted_legend(shown, lang)
    if legend is not None:
        out.print(Text(legend))


def _cells(fields: list[Field], record: Record, lang: Lang) -> list[Text]:
    cells = [fn(record, lang) for _, fn in fields]
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
        fields = _fields("status", lang, report)
        entries: list[Entry] = [
            (None, _cells(fields, record, lang), False) for record in attention[:ATTENTION_ROWS]
        ]
        grid(out, [col for col, _ in fields], entries)
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


# --- fitting a table to the screen (SPEC §3, version 3) ----------------------------------------


# An entry of the table: a group heading, or a row of cells (and whether a section ends).
Entry = tuple[Text | None, list[Text] | None, bool]


@dataclass(frozen=True, eq=False)
class _Stage:
    """One arrangement of a table, tried in order until the name column has room."""

    unit_under: bool  # the unit on its own line under the name, not a column
    short: bool  # short headings
    sep: int  # blanks between columns: 3, 2 or 1
    split: int  # figures on two lines: 0 none, 1 the `split` columns', 2 every figure's
    words: bool  # labels wrap between words
    name_min: int  # the narrowest name column this stage accepts
    heads: int = 1  # the lines a figure's heading may take, wrapped between words (0: any)
    words_width: int = 14  # a wrapped label keeps at least this width (0: its longest word)
    whole_words: bool = False  # accepted only if no word of a name (or unit) is cut


_STAGES = (
    _Stage(False, False, 3, 0, False, 24),
    _Stage(True, False, 3, 0, False, 18),
    _Stage(True, True, 2, 0, False, 14),
    _Stage(True, True, 2, 1, False, 14),
    _Stage(True, True, 2, 1, True, 12),
    # the outlook and the year-to-date tables have more columns than a status table: every
    # figure's bracketed part, "(ước)", goes under it, headings wrap over the figures, labels
    # narrow, then the gaps, until the name has room for its longest word (or the last
    # arrangement cuts it)
    _Stage(True, True, 2, 2, True, 12, heads=2, whole_words=True),
    _Stage(True, True, 2, 2, True, 12, heads=3, words_width=10, whole_words=True),
    _Stage(True, True, 2, 2, True, 10, heads=3, words_width=10, whole_words=True),
    _Stage(True, True, 1, 2, True, 12, heads=3, words_width=10, whole_words=True),
    # the last: every column as narrow as its longest word or figure
    _Stage(True, True, 1, 2, True, 12, heads=0, words_width=0),
)


def _split(text: Text) -> Text:
    """ "+6,15 (+6,97%)" as "+6,15" over "(+6,97%)": two whole figures, neither cut."""
    plain = text.plain
    at = plain.rfind(" (")
    if at <= 0 or "\n" in plain:
        return text
    return Text(plain[:at] + "\n" + plain[at + 1 :], style=text.style)


def _splits(col: Col, stage: _Stage) -> bool:
    return col.kind == "figure" and (stage.split > 1 or (col.split and stage.split > 0))


def _width(text: Text) -> int:
    return max((cell_len(line) for line in text.plain.split("\n")), default=0)


def _longest_word_in(text: Text) -> int:
    return max((cell_len(w) for w in text.plain.split()), default=0)


def _lines(text: str, width: int) -> int:
    """How many lines `text` takes wrapped between words (as Rich wraps it) in `width`."""
    lines, used = 1, 0
    for part in text.split():
        size = cell_len(part)
        if used and used + 1 + size > width:
            lines, used = lines + 1, size
        else:
            used += size + (1 if used else 0)
    return lines


def _heading_width(header: str, lines: int) -> int:
    """The narrowest width in which a heading takes at most `lines` lines (0: any number),
    no word cut."""
    width = _longest_word(header)
    while lines and _lines(header, width) > lines:
        width += 1
    return width


def _with_unit(name: Text, unit: Text) -> Text:
    if not unit.plain:
        return name
    joined = name.copy()
    joined.append("\n")
    joined.append(f"({unit.plain})", style="dim")
    return joined


@dataclass(frozen=True, eq=False)
class _Layout:
    """How a table is laid out: its arrangement, the columns it keeps, their widths, and the
    width of the whole table (more than the screen's when even the last arrangement is)."""

    stage: _Stage
    keep: list[int]
    widths: list[int]
    total: int


def arrange(cols: list[Col], entries: list[Entry], width: int) -> _Layout:
    """The first arrangement (`_STAGES`) that gives the name column room in `width`: unit
    under the name, short headings, narrower gaps, figures on two lines, labels and headings
    wrapped between words; figures keep their full width."""
    unit_at = next((i for i, c in enumerate(cols) if c.kind == "unit"), None)
    rows = [cells for _, cells, _ in entries if cells is not None]
    chosen: tuple[_Stage, list[int], list[int], int] | None = None
    for stage in _STAGES:
        keep = [i for i, c in enumerate(cols) if not (stage.unit_under and i == unit_at)]
        widths: list[int] = []
        naturals: list[int] = []
        for i in keep:
            col = cols[i]
            header = col.short if stage.short and col.short else col.header
            cells = [r[i] for r in rows]
            if col.kind == "name" and stage.unit_under and unit_at is not None:
                cells = [_with_unit(r[i], r[unit_at]) for r in rows]
            if _splits(col, stage):
                cells = [_split(c) for c in cells]
            whole = max([cell_len(header), *(_width(c) for c in cells)])
            naturals.append(whole)
            if col.kind == "words" and stage.words:
                longest = max([_longest_word(header), *(_longest_word_in(c) for c in cells)])
                widths.append(max(longest, min(whole, stage.words_width)))
            elif col.kind == "figure" and stage.heads != 1:
                least = _heading_width(header, stage.heads)
                widths.append(max([least, *(_width(c) for c in cells)]))
            else:
                widths.append(whole)
        name_at = next(n for n, i in enumerate(keep) if cols[i].kind == "name")
        fixed = sum(w for n, w in enumerate(widths) if n != name_at) + stage.sep * (len(keep) - 1)
        room = width - fixed
        natural = widths[name_at]
        least = min(natural, stage.name_min)
        if stage.whole_words:
            longest = max((_longest_word_in(r[keep[name_at]]) for r in rows), default=0)
            if unit_at is not None:
                longest = max([longest, *(_longest_word_in(r[unit_at]) + 2 for r in rows)])
            least = max(least, min(natural, longest))
        widths[name_at] = max(min(natural, room), least)
        # Room the name does not need goes back to the headings, then the labels, that were
        # wrapped.
        spare = room - widths[name_at]
        for n, i in sorted(enumerate(keep), key=lambda pair: cols[pair[1]].kind != "figure"):
            if cols[i].kind in ("words", "figure") and spare > 0:
                grow = min(spare, naturals[n] - widths[n])
                widths[n] += grow
                fixed += grow
                spare -= grow
        chosen = (stage, keep, widths, fixed)
        if room >= least:
            break
    assert chosen is not None
    stage, keep, widths, fixed = chosen
    total = fixed + widths[keep.index(next(i for i in keep if cols[i].kind == "name"))]
    return _Layout(stage, keep, widths, total)


def grid(
    out: Console, cols: list[Col], entries: list[Entry], layout: _Layout | None = None
) -> None:
    """Print the table in the console's width as `arrange` lays it out; when even the last
    arrangement is too wide the lines are wider than the screen rather than a number cut."""
    if layout is None:
        layout = arrange(cols, entries, out.width)
    stage, keep, widths = layout.stage, layout.keep, layout.widths
    unit_at = next((i for i, c in enumerate(cols) if c.kind == "unit"), None)
    if layout.total > out.width:
        out.width = layout.total
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        # with the blank Rich puts between two columns: 3, 2 or 1
        padding=(0, 1) if stage.sep == 3 else (0, 1, 0, 0) if stage.sep == 2 else (0, 0),
    )
    for n, i in enumerate(keep):
        col = cols[i]
        wraps = col.kind in ("name", "unit") or (col.kind == "words" and stage.words)
        header = col.short if stage.short and col.short else col.header
        table.add_column(
            # a figure's heading wraps between words over it; the figures never do
            Text(header, no_wrap=False, overflow="fold") if stage.heads != 1 else Text(header),
            justify=col.justify,  # type: ignore[arg-type]
            width=widths[n],
            no_wrap=not wraps,
            overflow="fold" if wraps else "ellipsis",
        )
    for entry in entries:
        heading, found, end = entry[0], entry[1], entry[2]
        if found is None:
            assert heading is not None
            table.add_row(heading)
            continue
        shown = []
        for i in keep:
            cell = found[i]
            if cols[i].kind == "name" and stage.unit_under and unit_at is not None:
                cell = _with_unit(cell, found[unit_at])
            if _splits(cols[i], stage):
                cell = _split(cell)
            shown.append(cell)
        table.add_row(*shown, end_section=end)
    out.print(table)


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
    _print_whole(out, table)
    if history.periods:
        _print_whole(out, _show_periods(history, lang))
    _legend(out, [target] if records else [], lang)
    return text_of(out)


def _print_whole(out: Console, table: Table) -> None:
    """A table whose cells never wrap (figures): wider than the screen rather than a figure
    cut (1e308 has 309 digits)."""
    from rich.measure import Measurement

    least = Measurement.get(out, out.options.update_width(sys.maxsize), table).maximum
    if least > out.width:
        out.width = least
    out.print(table)


def _show_periods(history: History, lang: Lang) -> Table:
    """`ntm show`'s year-to-date figures (SPEC §13): each period, the figure, % of the year's
    plan, the ratio to the same period of the year before, the status."""
    from ntm_cli.formats import period_parts as parts
    from ntm_cli.i18n import period_badge, period_word

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for header in (
        period_word(lang, "period"),
        period_word(lang, "ytd"),
        period_word(lang, "plan_pct"),
        period_word(lang, "vs_same_period"),
        word(lang, "status"),
    ):
        table.add_column(Text(header), justify="left", no_wrap=True)
    for record in history.periods:
        table.add_row(
            Text(parts.period_name(record.period, lang)),
            Text(parts.value_cell(record, lang)),
            Text(parts.pct(record.plan_pct, lang)),
            Text(parts.pct(record.ratio_pct, lang)),
            Text(period_badge(record.status, lang), style=PERIOD_STYLES[record.status]),
        )
    return table


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
    if width < WIDE:
        # a narrow screen: the start, Y − 1 and Y (SPEC §3)
        years = [y for y in years if report.year is not None and y >= report.year - 1]
    cols, entries = _outlook_rows(report, lang, years)
    layout = arrange(cols, entries, width)
    while (layout.total > width or layout.stage.sep == 1) and len(years) > 2:
        # a wide screen that cannot hold every year: the oldest give way before the gaps
        # narrow to one blank
        years = years[1:]
        cols, entries = _outlook_rows(report, lang, years)
        layout = arrange(cols, entries, width)
    grid(out, cols, entries, layout)
    line = Text(" · ".join(parts.summary_parts(report, lang)))
    out.print(line)
    _legend(out, [r.target for r in report.records], lang)
    return text_of(out)


def _outlook_rows(
    report: OutlookReport, lang: Lang, years: list[int]
) -> tuple[list[Col], list[Entry]]:
    """The outlook's columns with these years, and its groups and rows."""
    from ntm_cli.formats import outlook_parts as parts

    headers = parts.headers(lang, years)
    badge_at = len(headers) - 2
    kinds = ["name", "unit", *["figure"] * (badge_at - 2), "words", "words"]
    cols = [
        Col(
            header,
            "left" if position < 2 or position >= badge_at else "right",
            kinds[position],
            # the start and the target with their years: "34/36" over "(2025)"
            split=position in (2, badge_at - 2),
        )
        for position, header in enumerate(headers)
    ]
    entries: list[Entry] = []
    sections = groups(report.records, lang)
    for place, (group, records) in enumerate(sections):
        if group is not None:
            entries.append((Text(_shorten(group), style="bold underline"), None, False))
        for number_in_group, record in enumerate(records):
            cells = [
                Text(_shorten(display_name(record.target, lang))),
                Text(_shorten(parts.unit_text(record.target, lang))),
                *(Text(c) for c in parts.cells(record, lang, years)),
            ]
            cells[badge_at].stylize(OUTLOOK_STYLES[record.outlook])
            last = number_in_group == len(records) - 1 and place < len(sections) - 1
            entries.append((None, cells, last))
    return cols, entries


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
    # the status is a label: on a narrow screen it wraps between words, as the outlook's
    kinds = ["name", "unit", *["figure"] * (len(headers) - 3), "words"]
    cols = [
        Col(
            header,
            "left" if position < 2 or position == len(headers) - 1 else "right",
            kind,
        )
        for position, (header, kind) in enumerate(zip(headers, kinds, strict=True))
    ]
    entries: list[Entry] = []
    sections = groups(report.records, lang)
    for position, (group, records) in enumerate(sections):
        if group is not None:
            entries.append((Text(_shorten(group), style="bold underline"), None, False))
        for number_in_group, record in enumerate(records):
            cells = parts.cells(record, lang, kind)
            row = [Text(_shorten(c)) for c in cells[:-1]]
            row.append(Text(cells[-1], style=PERIOD_STYLES[record.status]))
            last = number_in_group == len(records) - 1 and position < len(sections) - 1
            entries.append((None, row, last))
    grid(out, cols, entries)
    line = Text(f"{word(lang, 'total')}: {targets(lang, report.summary['total'])}")
    for status in PERIOD_STATUSES_ORDER:
        if report.summary[status]:
            line.append(" · ")
            line.append(period_badge(status, lang), style=PERIOD_STYLES[status])
            line.append(f" {number(report.summary[status], lang)}")
    out.print(line)
    return text_of(out)


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


# --- ntm show UNIT (SPEC §12.3) -------------------------------------------------------------


def _unit_name(history: UnitHistory, lang: Lang) -> str:
    unit = history.unit
    return unit.name_en if lang == "en" and unit.name_en else unit.name


def render_unit_table(history: UnitHistory, lang: Lang, width: int, color: bool) -> str:
    unit = history.unit
    out = console(width, color)
    out.print(Text(f"{_shorten(_unit_name(history, lang))} ({unit.id})", style="bold"))
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
