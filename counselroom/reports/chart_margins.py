"""Margins for report_charts' figures, worked out from the chart's own texts instead of measured.

Constrained layout measures every tick label and title at each draw: on the report's charts that was
nearly half the time of a chart (0.27 s of 0.72 s for eight), and the issue wants the whole PDF within
1.5× of a bare reportlab + matplotlib one. The texts of a report chart are few and known — the title,
the y label, the longest tick label, the legend's names, the note — so the margins are estimated from
them in centimetres, once, and a LayoutEngine turns them into fractions at each draw: the layout stays
right when the figure is drawn at another size (on screen, when the window is resized).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.layout_engine import LayoutEngine

PT_CM = 2.54 / 72
AIR = 0.2  # cm kept clear at each edge of the figure
TICK_ROOM = 7  # pt between the axis and its labels: tick length and pad (matplotlib's 3.5 + 3.5)
TILT = 30  # degrees, for crowded x labels


def ems(text: str) -> float:
    """About how many font sizes wide: a Chinese character one, a digit or Latin letter about 0.6."""
    return sum(1.0 if ord(c) > 0x2E7F else 0.6 for c in text)


@dataclass(frozen=True)
class Margins:
    """Room around the plot, in cm: left, right, top, bottom."""

    left: float
    right: float
    top: float
    bottom: float


def margins(
    *,
    title_size: float,
    tick_size: float,
    y_digits: int,
    y_label_size: float,
    x_labels: Sequence[str],
    tilted: bool,
    legend: Sequence[str],
    legend_size: float,
    note_size: float | None,
) -> Margins:
    tick_height = tick_size * PT_CM
    longest = max((ems(label) for label in x_labels), default=0) * tick_size * PT_CM
    if tilted:
        below = longest * math.sin(math.radians(TILT)) + tick_height * math.cos(math.radians(TILT))
    else:
        below = tick_height
    note = (note_size * 1.3 + 4) * PT_CM if note_size else 0
    left = (y_digits * 0.6 * tick_size + TICK_ROOM + y_label_size * 1.2 + 4) * PT_CM
    if tilted and x_labels:  # the first label, right-aligned under its tick, reaches left past the axis
        left = max(left, ems(x_labels[0]) * tick_size * PT_CM * math.cos(math.radians(TILT)) - 0.3)
    right = (max(ems(name) for name in legend) + 4) * legend_size * PT_CM if legend else 0.3  # handle, gaps
    return Margins(
        left=AIR + left,
        right=AIR + right,
        top=AIR + (title_size * 1.25 + 6) * PT_CM,
        bottom=AIR + below + TICK_ROOM * PT_CM + note,
    )


class FixedMargins(LayoutEngine):
    """Keeps the margins in cm whatever the figure's size (subplots_adjust at each draw)."""

    _adjust_compatible = True
    _colorbar_gridspec = True

    def __init__(self, room: Margins) -> None:
        super().__init__()
        self.room = room

    def execute(self, fig: Figure) -> None:
        apply_margins(fig, self.room)


def apply_margins(fig: Figure, room: Margins) -> None:
    """The margins in cm as the figure's fractions at its present size."""
    width_in, height_in = fig.get_size_inches()
    width, height = width_in * 2.54, height_in * 2.54
    left = min(room.left / width, 0.4)
    right = max(1 - room.right / width, left + 0.2)  # a tiny figure still shows a plot
    bottom = min(room.bottom / height, 0.45)
    top = max(1 - room.top / height, bottom + 0.2)
    fig.subplots_adjust(left=left, right=right, bottom=bottom, top=top)
