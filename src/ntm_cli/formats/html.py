"""`--format html`: one self-contained page to open, print or send (SPEC §10).

The page is a Jinja2 template (`templates/report.html.j2`) with autoescape on: every text
from the file reaches the page through it, escaped, never spliced into markup here. No
script, no fetched style sheet, font or image; charts are inline SVG from `svg.py`.

Each kind of report is one function that turns it into the page's context and one block of
the template; `status`, `compare` and `outlook` share theirs: a card per target with
its figures, a chart and a progress bar, under an overview when there are many. The outlook's
card says where the target started and stands, its period target, its progress from the start
and, where the pace decides, the pace and the year it would be reached; its chart marks the
period target and its badge is the outlook's (symbol and colour, classes `o-…`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ntm_cli.formats import svg
from ntm_cli.formats.common import (
    change_cell,
    counted_legend,
    counted_mark,
    delta_cell,
    display_name,
    display_unit,
    flagged,
    groups,
    plan_cell,
    ratio_cell,
    vs_actual_cell,
    vs_ratio_cell,
)
from ntm_cli.formats.common import title_parts as common_title_parts
from ntm_cli.formats.outlook_parts import (
    goal_text,
    pace_text,
    point_text,
    shown_ratio,
    title_parts,
)
from ntm_cli.i18n import (
    OUTLOOK_LABELS,
    OUTLOOK_SYMBOLS,
    SYMBOLS,
    Lang,
    number,
    percent_of,
    percent_text,
    status_label,
    targets,
    trend_badge,
    value_text,
    word,
)
from ntm_cli.judge.evaluate import STATUSES, Record, Report
from ntm_cli.judge.outlook import OUTLOOKS, OutlookRecord, OutlookReport
from ntm_cli.judge.period import PeriodRecord, PeriodReport
from ntm_cli.judge.units_report import UnitsReport
from ntm_cli.targets_file.data import PlanValue, Program, Range, Target, Value
from ntm_cli.targets_file.rules import exact

if TYPE_CHECKING:
    import jinja2

    from ntm_cli.formats import View


# Above this many targets the page opens with an overview and draws charts only for the
# targets that need attention, as `status` does on the terminal.
OVERVIEW_ABOVE = 100
# Charts drawn at most on a large file: a page of thousands of charts is not read.
ATTENTION_CHARTS = 100


@dataclass(frozen=True)
class Badge:
    status: str
    symbol: str
    label: str
    kind: str = "s"  # the class prefix: "s-missed" a status, "o-missed" an outlook


@dataclass(frozen=True)
class Progress:
    """Toward the plan of the target's latest plan year: `percent` (capped at 100) fills
    the bar, `text` says the uncapped figure."""

    label: str
    percent: int
    text: str


@dataclass(frozen=True)
class Card:
    id: str
    name: str
    unit: str
    badge: Badge
    figures: list[tuple[str, str]]
    chart: svg.Chart | None
    chart_title: str
    chart_desc: str
    progress: Progress | None
    note: str | None = None  # the target's note, under the card (SPEC §7)
    source: str | None = None  # the target's source, "Nguồn: …"


@dataclass(frozen=True)
class Section:
    heading: str | None
    cards: list[Card] = field(default_factory=list)
    # the compact table's rows: the cells, the badge, and the note and source (or None)
    rows: list[tuple[list[str], Badge, Aside | None]] = field(default_factory=list)


@dataclass(frozen=True)
class Aside:
    """A target's note and source, in the last column of the compact table (SPEC §7: notes
    and sources in the reports people read)."""

    note: str | None
    source: str | None


@dataclass(frozen=True)
class Overview:
    text: str
    statuses: list[Badge]
    rows: list[tuple[str, int, list[int]]]


@dataclass
class Page:
    lang: Lang
    kind: str
    title: str
    words: dict[str, str]
    summary: list[tuple[Badge, int]]
    total_text: str
    empty: str | None = None
    overview: Overview | None = None
    sections: list[Section] = field(default_factory=list)
    more_charts: str | None = None
    columns: list[str] = field(default_factory=list)
    compact: list[Section] = field(default_factory=list)
    compact_notes: bool = False  # some row of the compact table has a note or a source
    source: str | None = None  # the programme's source, under the title (SPEC §7)


def status(report: Report, view: View) -> str:
    return _html(_report_page(report, view.lang, "status"))


def compare(report: Report, view: View) -> str:
    return _html(_report_page(report, view.lang, "compare"))


def status_period(report: PeriodReport, view: View) -> str:
    return _html(_period_page(report, view.lang, "status"))


def compare_period(report: PeriodReport, view: View) -> str:
    return _html(_period_page(report, view.lang, "compare"))


def outlook(report: OutlookReport, view: View) -> str:
    return _html(_outlook_page(report, view.lang, "outlook"))


def units(report: UnitsReport, view: View) -> str:
    return render_units_html(report, view.lang)


def _html(page: Page) -> str:
    return _environment().get_template("report.html.j2").render(page=page)


@functools.cache
def _environment() -> jinja2.Environment:
    import jinja2  # only this format pays for Jinja

    return jinja2.Environment(
        loader=jinja2.PackageLoader("ntm_cli.formats", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


# --- texts by language ------------------------------------------------------------------


def plan_text(plan: PlanValue | None, lang: Lang, total: float | None = None) -> str:
    """A plan as reports write it: 88,3; a range 7,5–8 (en 7.5–8); 36/36."""
    return value_text(plan, lang, total)


def badge(status: str, lang: Lang) -> Badge:
    return Badge(status, SYMBOLS[status], status_label(status, lang))


# --- one target ---------------------------------------------------------------------------


def figures(record: Record, lang: Lang, report: Report) -> list[tuple[str, str]]:
    """The figures of the table, labelled: plan, actual, delta, TH/KH and, with --vs, the
    actual of that year and the change."""
    total = record.target.total
    shown = [
        (word(lang, "plan"), plan_cell(record, lang)),
        (
            word(lang, "actual"),
            value_text(record.actual, lang, total, record.estimated)
            + counted_mark(record.target, record.actual),
        ),
        (word(lang, "delta"), delta_cell(record, lang)),
        # the TH/KH of this year, said so: the bar below is toward the period target
        (word(lang, "ratio_year", year=record.year), ratio_cell(record, lang)),
    ]
    previous = record.previous
    if report.vs_year is not None and previous is not None:
        shown += [
            (
                f"{word(lang, 'actual_short')} {report.vs_year}",
                vs_actual_cell(record, lang),
            ),
            (word(lang, "change"), change_cell(record, lang)),
            (word(lang, "vs_year", year=report.vs_year), vs_ratio_cell(record, lang)),
        ]
    return shown


def _as_number(value: Value) -> float:
    return float(value)  # True and False chart as 1 and 0


def _tick(lang: Lang) -> Callable[[float], str]:
    """A tick of the value axis as the report writes numbers (vi 1.234,5; en 1,234.5)."""
    return lambda value: number(value, lang)


def chart_years(target: Target) -> list[svg.Year]:
    """Every year the target has a plan, an actual or an estimate."""
    years = sorted({*target.plan, *target.actual, *target.estimate})
    result: list[svg.Year] = []
    for year in years:
        plan = target.plan.get(year)
        value, estimated = target.reported(year)
        result.append(
            svg.Year(
                year,
                (float(plan.low), float(plan.high))
                if isinstance(plan, Range)
                else (None if plan is None else _as_number(plan)),
                None if value is None else _as_number(value),
                estimated,
            )
        )
    return result


def chart_desc(target: Target, lang: Lang) -> str:
    """The chart's values as text, year by year: "2020: KH 88,3; TH 94,45. 2021: KH 36."."""
    parts: list[str] = []
    for year in sorted({*target.plan, *target.actual, *target.estimate}):
        said: list[str] = []
        if year in target.plan:
            said.append(f"{word(lang, 'plan_short')} {plan_text(target.plan[year], lang)}")
        value, estimated = target.reported(year)
        if value is not None:
            said.append(f"{word(lang, 'actual_short')} {value_text(value, lang, None, estimated)}")
        parts.append(f"{year}: {'; '.join(said)}.")
    return " ".join(parts)


def progress(target: Target, year: int, lang: Lang) -> Progress | None:
    """The latest figure reported up to `year`, as a share of the plan of the target's latest
    plan year (for a range, the bound to reach). For a `decrease` target the share is plan
    over figure, so that reaching the plan is 100 %. None where no share makes sense."""
    if not target.plan:
        return None
    last_year = max(target.plan)
    plan = target.plan[last_year]
    known = [y for y in target.reported_years() if y <= year]
    if not known:
        return None
    value, _ = target.reported(known[-1])
    if value is None:  # pragma: no cover - reported_years lists only years with a figure
        return None
    share: float | None
    if isinstance(plan, bool) or isinstance(value, bool):
        share = 100.0 if value == plan else 0.0
    else:
        goal = (
            float(plan.low if target.direction != "decrease" else plan.high)
            if isinstance(plan, Range)
            else float(plan)
        )
        share = _share(float(value), goal, target.direction == "decrease")
    if share is None:
        return None
    return Progress(
        word(lang, "progress_toward", year=last_year),
        round(min(max(share, 0.0), 100.0)),
        # two decimals, as every figure: 99,45 % is not "99%"
        percent_text(share, lang),
    )


def _share(value: float, goal: float, decrease: bool) -> float | None:
    """The share on the values as written, rounded once (99.45 / 100 is 99.45 %)."""
    if goal <= 0:
        return None
    if not decrease:
        return float(exact(max(value, 0.0)) * 100 / exact(goal))
    if value <= goal:
        return 100.0
    return float(exact(goal) * 100 / exact(value))


def card(record: Record, lang: Lang, report: Report) -> Card:
    target = record.target
    name = display_name(target, lang)
    years = chart_years(target)
    return Card(
        id=target.id,
        name=name,
        unit=display_unit(target, lang),
        badge=badge(record.status, lang),
        figures=figures(record, lang, report),
        chart=svg.chart(years, label=_tick(lang)) if years else None,
        chart_title=word(lang, "chart_title", name=name),
        chart_desc=chart_desc(target, lang),
        progress=progress(target, record.year, lang),
        note=target.note,
        source=target.source,
    )


# --- the page -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Classes:
    """How one kind of report fills the page: its classes (statuses or outlooks), in order,
    and how a record is shown."""

    order: tuple[str, ...]
    of: Callable[[Any], str]  # a record's class
    badge: Callable[[str, Lang], Badge]
    card: Callable[[Any], Card]
    figures: Callable[[Any], list[tuple[str, str]]]  # the compact table's figures
    heading: str  # the word over the compact table's class column
    empty: str  # the word when nothing is evaluated for the year
    overview: str  # the word over the overview


def _page(
    report: Any, lang: Lang, kind: str, title: list[str], classes: _Classes, attention: list[Any]
) -> Page:
    """The page of any report: a card per target, or over `OVERVIEW_ABOVE` targets the
    overview, cards for those that need attention (`attention`, in order) and a compact
    table of the rest."""
    records = report.records
    counts = {c: sum(classes.of(r) == c for r in records) for c in classes.order}
    page = Page(
        lang=lang,
        kind=kind,
        title=" · ".join(title),
        words={
            **{key: word(lang, key) for key in _PAGE_WORDS},
            # "∑ đếm từ các đơn vị" where some figure is counted from the units (SPEC §12.2)
            "counted_legend": counted_legend([r.target for r in records], lang) or "",
        },
        summary=[(classes.badge(c, lang), counts[c]) for c in classes.order if counts[c]],
        total_text=f"{word(lang, 'total')}: {targets(lang, len(records))}",
        source=report.program.source,
    )
    if report.year is None:
        page.empty = word(lang, "no_years")
        return page
    if not records:
        page.empty = word(lang, classes.empty, year=report.year)
        return page
    if len(records) <= OVERVIEW_ABOVE:
        page.sections = [
            Section(heading, cards=[classes.card(r) for r in members])
            for heading, members in groups(records, lang)
        ]
        return page
    present = [c for c in classes.order if counts[c]]
    rows: list[tuple[str, int, list[int]]] = []
    for heading, members in groups(records, lang):
        tally = dict.fromkeys(present, 0)
        for record in members:
            tally[classes.of(record)] += 1
        rows.append((heading or word(lang, "total"), len(members), [tally[c] for c in present]))
    page.overview = Overview(
        word(lang, classes.overview, n=len(records)),
        [classes.badge(c, lang) for c in present],
        rows,
    )
    charted = attention[:ATTENTION_CHARTS]
    if charted:
        page.sections = [Section(word(lang, "attention"), [classes.card(r) for r in charted])]
    if len(attention) > len(charted):
        page.more_charts = word(lang, "more_charts", n=len(attention) - len(charted))
    drawn = {r.index for r in charted}
    rest = [r for r in records if r.index not in drawn]
    page.columns = [word(lang, "target"), word(lang, "unit")]
    page.columns += [label for label, _ in classes.figures(records[0])]
    page.columns.append(word(lang, classes.heading))

    def row(record: Any) -> tuple[list[str], Badge, Aside | None]:
        target = record.target
        cells = [display_name(target, lang), display_unit(target, lang)]
        cells += [value for _, value in classes.figures(record)]
        aside = Aside(target.note, target.source) if target.note or target.source else None
        return cells, classes.badge(classes.of(record), lang), aside

    page.compact = [
        Section(heading, rows=[row(r) for r in members]) for heading, members in groups(rest, lang)
    ]
    page.compact_notes = any(a is not None for section in page.compact for _, _, a in section.rows)
    return page


def _report_page(report: Report, lang: Lang, kind: str) -> Page:
    classes = _Classes(
        order=STATUSES,
        of=lambda r: str(r.status),
        badge=badge,
        card=lambda r: card(r, lang, report),
        figures=lambda r: figures(r, lang, report),
        heading="status",
        empty="no_targets",
        overview="html_overview",
    )
    title = common_title_parts(report, lang)
    return _page(report, lang, kind, title, classes, flagged(report))


_PAGE_WORDS = (
    "source",
    "note",
    "target",
    "unit",
    "status",
    "group",
    "count",
    "summary",
    "legend",
    "legend_plan",
    "legend_range",
    "legend_actual",
    "legend_estimate",
    "other_targets",
    "legend_goal",
)

# --- the outlook ------------------------------------------------------------------------------

# Charted first on a large file: out of time, then going backwards, then the slower paces.
_OUTLOOK_ATTENTION: tuple[str, ...] = (
    "missed",
    "deterioration",
    "limited-progress",
    "acceleration-needed",
    "insufficient-data",
)


def outlook_badge(outlook: str, lang: Lang, trend: str | None = None) -> Badge:
    """The outlook's badge; a target without a period target carries its trend after it."""
    label = OUTLOOK_LABELS[lang][outlook]
    if trend is not None:
        label = f"{label} · {trend_badge(trend, lang)}"
    return Badge(outlook, OUTLOOK_SYMBOLS[outlook], label, "o")


def outlook_figures(record: OutlookRecord, lang: Lang) -> list[tuple[str, str]]:
    """Start, current, period target, progress and TH/target; where the pace decides, the
    pace, the projection and, where not on track, when the target would be reached."""
    total = record.target.total
    ratio = shown_ratio(record)
    shown = [
        (word(lang, "start"), point_text(record.start, lang, total)),
        (word(lang, "current"), point_text(record.current, lang, total)),
        (word(lang, "period_target"), goal_text(record, lang)),
        (word(lang, "progress"), percent_text(record.progress_pct, lang)),
        (
            word(lang, "outlook_ratio")
            if record.to_year is None
            else word(lang, "outlook_ratio_year", year=record.to_year),
            word(lang, "none") if ratio is None else number(percent_of(ratio), lang),
        ),
    ]
    if record.trend is not None:
        if record.pace is not None:
            shown.append((word(lang, "growth"), percent_text(record.pace * 100, lang, True)))
    elif record.pace is not None:
        shown.append((word(lang, "pace"), number(record.pace, lang)))
    if record.projected is not None:
        shown.append(
            (word(lang, "projected"), f"{number(record.projected, lang)} ({record.to_year})")
        )
    pace = pace_text(record, lang)
    if pace:
        shown.append((word(lang, "at_this_pace"), pace))
    return shown


def outlook_progress(record: OutlookRecord, lang: Lang) -> Progress | None:
    """From the start toward the period target: the bar is capped at 0–100, the text is the
    true figure (107 % past the target, −20 % gone backwards)."""
    if record.progress_pct is None:
        return None
    return Progress(
        word(lang, "outlook_progress", year=record.to_year),
        round(min(max(record.progress_pct, 0.0), 100.0)),
        percent_text(record.progress_pct, lang),
    )


def outlook_card(record: OutlookRecord, lang: Lang) -> Card:
    target = record.target
    name = display_name(target, lang)
    years = chart_years(target)
    desc = chart_desc(target, lang)
    start = record.start
    # A baseline is the start of the pace but no year's figure: charted too, so the line
    # the pace is measured along is seen from its beginning.
    if start is not None and start.year not in {y.year for y in years}:
        years = sorted([*years, svg.Year(start.year, None, _as_number(start.value))],
                       key=lambda y: y.year)  # fmt: skip
        desc = f"{word(lang, 'start')} {start.year}: {plan_text(start.value, lang)}. {desc}"
    goal = (
        ""
        if record.to_year is None
        else word(
            lang,
            "goal_desc",
            year=record.to_year,
            plan=plan_text(record.plan, lang, target.total),
        )
    )
    return Card(
        id=target.id,
        name=name,
        unit=display_unit(target, lang),
        badge=outlook_badge(record.outlook, lang, record.trend),
        figures=outlook_figures(record, lang),
        chart=svg.chart(years, goal=record.to_year, label=_tick(lang)) if years else None,
        chart_title=word(lang, "chart_title", name=name),
        chart_desc=f"{desc} {goal}".strip(),
        progress=outlook_progress(record, lang),
        note=target.note,
        source=target.source,
    )


def _outlook_page(report: OutlookReport, lang: Lang, kind: str) -> Page:
    classes = _Classes(
        order=OUTLOOKS,
        of=lambda r: str(r.outlook),
        badge=outlook_badge,
        card=lambda r: outlook_card(r, lang),
        figures=lambda r: outlook_figures(r, lang)[:4],
        heading="outlook",
        empty="no_outlook",
        overview="html_outlook_overview",
    )
    attention = [r for o in _OUTLOOK_ATTENTION for r in report.records if r.outlook == o]
    return _page(report, lang, kind, title_parts(report, lang), classes, attention)


# --- year-to-date figures (SPEC §13) -----------------------------------------------------------


def period_badge(status: str, lang: Lang) -> Badge:
    from ntm_cli.i18n import PERIOD_LABELS, PERIOD_SYMBOLS

    return Badge(status, PERIOD_SYMBOLS[status], PERIOD_LABELS[lang][status], "p")


def period_figures(record: PeriodRecord, lang: Lang, kind: str) -> list[tuple[str, str]]:
    """The figures of the table, labelled: the year's plan, the figure since 1 January, % of
    the plan, the same period of the year before, the ratio to it; `compare`, the change."""
    from ntm_cli.formats import period_parts as parts

    report_headers = parts.headers(_report_of(record), lang, kind)[2:-1]
    return list(zip(report_headers, parts.cells(record, lang, kind)[2:-1], strict=True))


def _report_of(record: PeriodRecord) -> PeriodReport:
    """Just what the headings need to know of the report: its period."""
    from ntm_cli.judge.period import PeriodReport, split

    year, month = split(record.period)
    return PeriodReport("", Program(), record.period, year, month, False, [])


def period_progress(record: PeriodRecord, lang: Lang) -> Progress | None:
    """The figure as a share of the year's plan, beside the share of the year gone by."""
    from ntm_cli.formats.period_parts import pct
    from ntm_cli.i18n import period_word

    if record.plan_pct is None:
        return None
    elapsed = period_word(lang, "elapsed", pct=pct(record.elapsed_pct, lang))
    return Progress(
        f"{period_word(lang, 'plan_pct')} ({elapsed})",
        round(min(max(record.plan_pct, 0.0), 100.0)),
        pct(record.plan_pct, lang),
    )


def period_card(record: PeriodRecord, lang: Lang, kind: str) -> Card:
    target = record.target
    name = display_name(target, lang)
    years = chart_years(target)
    return Card(
        id=target.id,
        name=name,
        unit=display_unit(target, lang),
        badge=period_badge(record.status, lang),
        figures=period_figures(record, lang, kind),
        chart=svg.chart(years, label=_tick(lang)) if years else None,
        chart_title=word(lang, "chart_title", name=name),
        chart_desc=chart_desc(target, lang),
        progress=period_progress(record, lang),
        note=target.note,
        source=target.source,
    )


def _period_page(report: PeriodReport, lang: Lang, kind: str) -> Page:
    from ntm_cli.formats import period_parts as parts
    from ntm_cli.judge.period import PERIOD_STATUSES

    classes = _Classes(
        order=PERIOD_STATUSES,
        of=lambda r: str(r.status),
        badge=period_badge,
        card=lambda r: period_card(r, lang, kind),
        figures=lambda r: period_figures(r, lang, kind),
        heading="status",
        empty="no_targets",
        overview="html_overview",
    )
    page = _page(report, lang, kind, parts.title_parts(report, lang), classes, flagged(report))
    page.kind = "period"
    return page


# --- units (SPEC §12.3) ----------------------------------------------------------------------

_BAR_COLOUR = "#1f4e9a"


def bar_chart(bars: list[tuple[str, int]], total: int) -> svg.Chart:
    """Horizontal bars, one per (label, count), drawn against `total` (the communes they are
    counted among), each labelled with its count: it reads without colour and in print."""
    label_width, bar_width, step = 78, 300, 18
    width = label_width + bar_width + 60
    shapes: list[svg.Shape] = []
    for place, (label, count) in enumerate(bars):
        y = 4 + place * step
        length = 0.0 if total <= 0 else bar_width * count / total
        shapes.append(svg.Shape("text", (("x", str(label_width - 6)), ("y", f"{y + 12}"),
                                         ("text-anchor", "end")), label))  # fmt: skip
        shapes.append(svg.Shape("rect", (("x", str(label_width)), ("y", str(y + 2)),
                                         ("width", f"{length:.1f}"), ("height", "12"),
                                         ("fill", _BAR_COLOUR))))  # fmt: skip
        shapes.append(svg.Shape("rect", (("x", str(label_width)), ("y", str(y + 2)),
                                         ("width", str(bar_width)), ("height", "12"),
                                         ("fill", "none"), ("stroke", "#999"))))  # fmt: skip
        shapes.append(svg.Shape("text", (("x", f"{label_width + bar_width + 6}"),
                                         ("y", f"{y + 12}")), str(count)))  # fmt: skip
    return svg.Chart(width, 8 + step * len(bars), tuple(shapes))


def render_units_html(report: UnitsReport, lang: Lang) -> str:
    """`ntm units` as a page: the summary with charts of communes per criterion and per
    bucket, the districts, the criteria (bottlenecks first), the units under their districts,
    and the commune × criterion grid (✔ / ✘, readable without colour)."""
    from ntm_cli.formats import units_parts as up

    year = report.year or 0
    words = {
        key: word(lang, key)
        for key in ("units_summary", "units_by_district", "units_by_criterion",
                    "units_by_unit", "units_matrix", "units_grid_legend", "units_unit",
                    "units_met")
    }  # fmt: skip
    page: dict[str, Any] = {
        "lang": lang,
        "title": " · ".join(up.title_parts(report, lang)),
        "source": (
            f"{word(lang, 'source')}: {report.program.source}" if report.program.source else None
        ),
        "words": words,
        "empty": None,
    }
    if report.year is None or not report.units:
        page["empty"] = word(lang, "no_years" if report.year is None else "units_none")
        return _environment().get_template("units.html.j2").render(page=page)
    summary = report.summary
    page["summary"] = up.summary_rows(report, lang)
    charts = []
    listed = report.by_criterion[0].of if report.by_criterion else 0
    if listed:
        bars = [(f"TC{row.criterion.id}", row.met or 0) for row in report.by_criterion]
        title = word(lang, "units_chart_criteria", year=year)
        desc = "; ".join(f"{label}: {n}/{listed}" for label, n in bars)
        charts.append((bar_chart(bars, listed), title, desc, "chart-criteria"))
    if summary.buckets and summary.assessed:
        bars = [(_bucket_short(b.min, b.max, lang), b.communes) for b in summary.buckets]
        title = word(lang, "units_chart_buckets", year=year)
        desc = "; ".join(
            f"{up.bucket_label(b.min, b.max, lang)}: {b.communes}" for b in summary.buckets
        )
        charts.append((bar_chart(bars, summary.assessed), title, desc, "chart-buckets"))
    page["charts"] = charts
    headers = up.district_headers(report, lang)
    page["district_headers"] = headers
    page["districts"] = [up.district_cells(report, d, lang) for d in report.districts]
    page["district_numeric"] = list(range(1, headers.index(word(lang, "units_own"))))
    page["rule"] = up.rule_text(report, lang)
    page["criterion_headers"] = up.criterion_headers(report, lang)
    page["criteria"] = [up.criterion_cells(c, lang) for c in report.bottlenecks()]
    page["unit_headers"] = up.unit_headers(lang)
    units: list[list[str]] = []
    groups: dict[int, str] = {}
    grid: list[tuple[str | None, str, list[bool | None], str]] = []
    criteria = report.commune_criteria
    for district, members in up.sections(report):
        heading = (
            up.name_of(district.unit, lang)
            if district is not None
            else word(lang, "units_no_district")
            if members
            else None
        )
        if heading is not None:
            groups[len(units)] = heading
        units += [up.unit_cells(report, m, lang) for m in members]
        for place, member in enumerate(members):
            unmet = member.unmet
            cells = [None if unmet is None else c.id not in unmet for c in criteria]
            grid.append((heading if place == 0 else None, up.name_of(member.unit, lang), cells,
                         up.met_text(member, lang)))  # fmt: skip
    page["units"] = units
    page["unit_groups"] = groups
    page["grid"] = grid if criteria else []
    page["grid_criteria"] = [(f"TC{c.id}", up.criterion_label(c, lang)) for c in criteria]
    return _environment().get_template("units.html.j2").render(page=page)


def _bucket_short(low: int, high: int, lang: Lang) -> str:
    """A bucket's label on its bar: "19", "15–18", "< 5"."""
    if low == 0 and high > 0:
        return f"< {high + 1}"
    return str(low) if low == high else f"{low}–{high}"
