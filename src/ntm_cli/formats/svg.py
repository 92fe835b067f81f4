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
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 240
HEIGHT = 84
_LEFT, _RIGHT, _TOP, _BOTTOM = 12, 12, 8, 18  # room for the marks and the year labels
_MAX_LABELS = 8  # more year labels than this would overlap at this width

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


def _bounds(years: Sequence[Year]) -> tuple[float, float]:
    values: list[float] = []
    for y in years:
        if isinstance(y.plan, tuple):
            values.extend(y.plan)
        elif y.plan is not None:
            values.append(y.plan)
        if y.reported is not None:
            values.append(y.reported)
    finite = [v for v in values if math.isfinite(v)]
    # Bars of a report start at zero; a chart that starts there does not exaggerate a change.
    return min([0.0, *finite]), max([0.0, *finite])


def chart(years: Sequence[Year], goal: int | None = None) -> Chart:
    """The chart of `years` (ascending, at least one); `goal`, where given and charted, is
    the year of the period target, marked."""
    ordered = sorted(years, key=lambda y: y.year)
    low, high = _bounds(ordered)
    inner_w = WIDTH - _LEFT - _RIGHT
    inner_h = HEIGHT - _TOP - _BOTTOM
    count = len(ordered)

    def x(position: int) -> float:
        return _LEFT + (inner_w / 2 if count == 1 else inner_w * position / (count - 1))

    # Halves, so that a span from -1e308 to 1e308 does not overflow; a flat chart is centred.
    span = high / 2 - low / 2

    def y(value: float) -> float:
        if not math.isfinite(value):
            share = 1.0
        else:
            share = (value / 2 - low / 2) / span if span > 0 else 0.5
        return _TOP + inner_h * (1 - min(max(share, 0.0), 1.0))

    shapes: list[Shape] = [
        _shape("line", x1=_LEFT, y1=y(0.0), x2=WIDTH - _RIGHT, y2=y(0.0), stroke="#999"),
    ]
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
    step = math.ceil(count / _MAX_LABELS)
    for position, item in enumerate(ordered):
        if position % step == 0 or position == count - 1:
            shapes.append(
                _shape("text", str(item.year), x=x(position), y=HEIGHT - 4, text_anchor="middle")
            )
    return Chart(WIDTH, HEIGHT, tuple(shapes))
