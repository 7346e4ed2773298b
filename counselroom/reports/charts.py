"""Charts as matplotlib Figures, drawn the same on screen (FigureCanvasQTAgg) and on paper (PNG).

No pyplot: a Figure owns its state, so charts built in a worker or a report never leak into
each other. Chinese text uses the bundled font, so every PC renders the same glyphs.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.dates import AutoDateLocator, DateFormatter
from matplotlib.figure import Figure

from counselroom.domain.screening.instruments import InstrumentSpec, built_in
from counselroom.system.paths import font_path

TrendPoint = tuple[date, str, float | None]  # (taken on, instrument, total)

LINE_COLOURS = ("#2e86c1", "#8e44ad", "#16a085", "#d35400")
THRESHOLD_COLOUR = "#7f8c8d"
MUTED_TEXT = "#7f8c8d"


@functools.cache
def chart_font_family() -> str:
    """Register the bundled CJK font with matplotlib once and return its family name."""
    path = str(font_path())
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


def screening_trend_figure(points: Iterable[TrendPoint], *, title: str) -> Figure:
    """One student's totals over time, one panel per instrument, band thresholds as faint lines."""
    figure = Figure(figsize=(6.4, 3.8), dpi=100, layout="constrained")
    draw_screening_trend(figure, points, title=title)
    return figure


def draw_screening_trend(figure: Figure, points: Iterable[TrendPoint], *, title: str) -> None:
    """Redraw into an existing figure (the on-screen widget keeps its canvas)."""
    figure.clear()
    family = chart_font_family()
    figure.suptitle(title, fontfamily=family, fontsize=12)
    series = _by_instrument(points)
    if not series:
        axes = figure.add_subplot()
        axes.set_axis_off()
        axes.text(
            0.5,
            0.5,
            "暂无测评记录",
            ha="center",
            va="center",
            color=MUTED_TEXT,
            fontfamily=family,
            transform=axes.transAxes,
        )
        return
    panels = figure.subplots(len(series), 1, sharex=True, squeeze=False)[:, 0]
    for i, (panel, (name, dated)) in enumerate(zip(panels, series.items(), strict=True)):
        _plot_instrument(panel, name, dated, LINE_COLOURS[i % len(LINE_COLOURS)], family)
    _frame_dates(panels[-1], [d for dated in series.values() for d, _ in dated])
    panels[-1].xaxis.set_major_locator(AutoDateLocator(minticks=2, maxticks=6))
    panels[-1].xaxis.set_major_formatter(DateFormatter("%Y-%m-%d"))


def _frame_dates(axes: Axes, days: list[date]) -> None:
    """At least two months around the results: one sitting alone would otherwise sit in a
    span of years chosen by matplotlib."""
    first, last = min(days), max(days)
    margin = max(timedelta(days=30), (last - first) / 10)
    axes.set_xlim(first - margin, last + margin)  # type: ignore[arg-type]  # matplotlib hints omit dates


def _by_instrument(points: Iterable[TrendPoint]) -> dict[str, list[tuple[date, float]]]:
    series: dict[str, list[tuple[date, float]]] = defaultdict(list)
    for taken_on, instrument, total in points:
        if total is not None:  # a result without a total has nothing to plot
            series[instrument].append((taken_on, total))
    return {name: sorted(dated) for name, dated in series.items()}


def _plot_instrument(axes: Axes, name: str, dated: list[tuple[date, float]], colour: str, family: str) -> None:
    days, totals = [d for d, _ in dated], [t for _, t in dated]
    axes.plot(days, totals, marker="o", color=colour, linewidth=1.8)  # type: ignore[arg-type]  # matplotlib hints omit dates
    spec = built_in(name)
    if spec is not None:
        _thresholds(axes, spec, family)
        axes.set_ylim(0, spec.item_count * spec.max_answer + 1)
    else:
        axes.set_ylim(bottom=0, top=max(t for _, t in dated) * 1.15 + 1)
    axes.set_ylabel(f"{name} 总分", fontfamily=family, fontsize=9)
    axes.tick_params(labelfontfamily=family, labelsize=8)
    axes.grid(axis="x", alpha=0.2)


def _thresholds(axes: Axes, spec: InstrumentSpec, family: str) -> None:
    """Faint lines where each band begins (PHQ-9: 5 轻度, 10 中度, 15 中重度, 20 重度)."""
    for band in spec.bands[1:]:
        axes.axhline(band.low, color=THRESHOLD_COLOUR, alpha=0.35, linewidth=0.8, linestyle="--")
        short = band.label.removesuffix("抑郁症状").removesuffix("焦虑症状")
        axes.text(
            1.01,
            band.low,
            f"{band.low} {short}",
            transform=axes.get_yaxis_transform(),
            ha="left",
            va="center",
            fontsize=7,
            color=MUTED_TEXT,
            fontfamily=family,
        )
