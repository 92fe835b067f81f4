"""Small charts of plan and actual over a target's years, as SVG shapes.

Pure: numbers in, shapes out. The shapes carry only numbers and our own words (tag and
attribute names), never text from the file; the HTML template writes them, escaped, and adds
the title and the values as text around them. Each chart reads in black and white: the plan
is a dashed line with square marks (a range is an outlined band), an actual a filled circle,
an estimate a hollow one. The period target of an outlook is a dotted upright line through
its year with an outlined square round its plan.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

WIDTH = 280
HEIGHT = 110
_LEFT, _RIGHT, _TOP, _BOTTOM = 12, 14, 8, 18  # room for the marks and the year labels
_YEAR_GAP = 30  # pixels between two year labels, so that "2020" and "2021" do not overlap

PLAN_COLOUR = "#444"
ACTUAL_COLOUR = "#1f4e9a"
GOAL_COLOUR = "#000"


@dataclass(frozen=True, slots=True)
class Year:
    """One year of a target: its plan (a number, a (low, high) range, or None), and its
    reported figure (None when absent) and whether that figure is an estimate. Yes/no values
    come as 1 and 0."""

    year: int
    plan: float | tuple[float, float] | None
    reported: float | None
    estimated: bool = False


@dataclass(frozen=True, slots=True)
class Shape:
    """An SVG element: a tag, its attributes (numbers and our own words only) and, for
    `<text>`, its text (a year)."""

    tag: str
    attrs: tuple[tuple[str, str], ...]
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    shapes: tuple[Shape, ...]


def _n(value: float) -> str:
    """Coordinates to one decimal: enough on a 240-pixel chart, and short."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _shape(tag: str, text: str | None = None, **attrs: float | str) -> Shape:
    pairs = tuple(
        (name.rstrip("_").replace("_", "-"), _n(v) if isinstance(v, float | int) else v)
        for name, v in attrs.items()
    )
    return Shape(tag, pairs, text)


def _values(years: Sequence[Year]) -> list[float]:
    values: list[float] = []
    for y in years:
        if isinstance(y.plan, tuple):
            values.extend(y.plan)
        elif y.plan is not None:
            values.append(y.plan)
        if y.reported is not None:
            values.append(y.reported)
    return [v for v in values if math.isfinite(v)]


def _step(span: float) -> float:
    """A round step (1, 2 or 5 × 10^k) that cuts `span` into about four parts."""
    raw = span / 4
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1.0, 2.0, 5.0, 10.0):
        if raw <= factor * power:
            return factor * power
    return 10 * power  # pragma: no cover - the loop ends at 10


def scale(years: Sequence[Year]) -> tuple[float, float, list[float]]:
    """The value axis chosen from the data: low, high and the labelled ticks between them.
    It starts at 0 only where the values lie near it (counts, rates from 0); 89 → 93 % gets
    an axis of 88–94, so a change of 4 points does not draw flat."""
    finite = _values(years)
    if not finite:
        return 0.0, 1.0, [0.0, 1.0]
    low, high = min(finite), max(finite)
    if low >= 0 and low <= high / 2:
        low = 0.0
    if high <= 0 and high >= low / 2:
        high = 0.0
    span = high / 2 - low / 2  # halves: ±1e308 do not overflow
    if not math.isfinite(span) or span * 2 > 1e300 or (span > 0 and span < 1e-300):
        return low, high, [low, high] if high > low else [low]
    if span == 0:
        pad = abs(low) / 10 or 1.0
        low, high = low - pad, high + pad
        span = high / 2 - low / 2
    step = _step(span * 2)
    first = math.floor(low / step) * step
    last = math.ceil(high / step) * step
    ticks: list[float] = []
    tick = first
    while tick <= last + step / 1000 and len(ticks) < 12:
        ticks.append(0.0 if abs(tick) < step / 1e9 else tick)
        tick = first + step * len(ticks)
    return ticks[0], ticks[-1], ticks


def _label_width(text: str) -> float:
    return 6.2 * len(text) + 6


def chart(
    years: Sequence[Year],
    goal: int | None = None,
    label: Callable[[float], str] = lambda v: f"{v:g}",
) -> Chart:
    """The chart of `years` (ascending, at least one); `goal`, where given and charted, is
    the year of the period target, marked. A value axis with labelled ticks (`label` writes a
    tick's number as the report's language does) and years placed in proportion to time."""
    ordered = sorted(years, key=lambda y: y.year)
    low, high, ticks = scale(ordered)
    labels = [label(t) for t in ticks]
    left = min(max([_LEFT, *(_label_width(t) for t in labels)]), WIDTH / 3)
    inner_w = WIDTH - left - _RIGHT
    inner_h = HEIGHT - _TOP - _BOTTOM
    first_year, last_year = ordered[0].year, ordered[-1].year

    def x_of(year: int) -> float:
        # a few pixels in from the axis, so that a mark never sits on it
        if last_year == first_year:
            return left + inner_w / 2
        return left + 8 + (inner_w - 8) * (year - first_year) / (last_year - first_year)

    def x(position: int) -> float:
        return x_of(ordered[position].year)

    span = high / 2 - low / 2

    def y(value: float) -> float:
        if not math.isfinite(value):
            share = 1.0
        else:
            share = (value / 2 - low / 2) / span if span > 0 else 0.5
        return _TOP + inner_h * (1 - min(max(share, 0.0), 1.0))

    shapes: list[Shape] = [
        _shape("line", x1=left, y1=_TOP, x2=left, y2=HEIGHT - _BOTTOM, stroke="#999"),
    ]
    for tick, text in zip(ticks, labels, strict=True):
        shapes.append(
            _shape("line", x1=left - 3, y1=y(tick), x2=WIDTH - _RIGHT, y2=y(tick), stroke="#e2e2e2")
        )
        shapes.append(
            _shape("text", text, x=left - 5, y=y(tick) + 3.5, text_anchor="end", class_="tick")
        )
    line: list[str] = []
    for position, item in enumerate(ordered):
        if isinstance(item.plan, tuple):
            top, bottom = y(item.plan[1]), y(item.plan[0])
            shapes.append(
                _shape(
                    "rect",
                    x=x(position) - 7,
                    y=top,
                    width=14,
                    height=max(bottom - top, 1.0),
                    fill="#ddd",
                    stroke=PLAN_COLOUR,
                )
            )
            line.append(f"{_n(x(position))},{_n((top + bottom) / 2)}")
        elif item.plan is not None:
            line.append(f"{_n(x(position))},{_n(y(item.plan))}")
            shapes.append(
                _shape(
                    "rect",
                    x=x(position) - 3,
                    y=y(item.plan) - 3,
                    width=6,
                    height=6,
                    fill=PLAN_COLOUR,
                )
            )
    if len(line) > 1:
        shapes.insert(
            1,
            _shape(
                "polyline",
                points=" ".join(line),
                fill="none",
                stroke=PLAN_COLOUR,
                stroke_dasharray="4 3",
            ),
        )
    for position, item in enumerate(ordered):
        if item.reported is not None:
            shapes.append(
                _shape(
                    "circle",
                    cx=x(position),
                    cy=y(item.reported),
                    r=4,
                    fill="#fff" if item.estimated else ACTUAL_COLOUR,
                    stroke=ACTUAL_COLOUR,
                    stroke_width=2,
                )
            )
    for position, item in enumerate(ordered):
        if item.year == goal:
            shapes.append(
                _shape(
                    "line",
                    x1=x(position),
                    y1=_TOP,
                    x2=x(position),
                    y2=HEIGHT - _BOTTOM,
                    stroke=GOAL_COLOUR,
                    stroke_dasharray="1 2",
                )
            )
            if isinstance(item.plan, float):
                shapes.append(
                    _shape(
                        "rect",
                        x=x(position) - 6,
                        y=y(item.plan) - 6,
                        width=12,
                        height=12,
                        fill="none",
                        stroke=GOAL_COLOUR,
                        stroke_width=1.5,
                    )
                )
    # Year labels where they do not overlap: the first, the last, and those between at least
    # _YEAR_GAP pixels from their neighbours.
    placed: list[float] = []
    for position in range(len(ordered)):
        at = x(position)
        if position == len(ordered) - 1:
            while placed and at - placed[-1] < _YEAR_GAP and len(placed) > 1:
                placed.pop()
            if not placed or at - placed[-1] >= _YEAR_GAP:
                placed.append(at)
        elif not placed or at - placed[-1] >= _YEAR_GAP:
            placed.append(at)
    for position, item in enumerate(ordered):
        if x(position) in placed:
            shapes.append(
                _shape("text", str(item.year), x=x(position), y=HEIGHT - 4, text_anchor="middle")
            )
    return Chart(WIDTH, HEIGHT, tuple(shapes))
