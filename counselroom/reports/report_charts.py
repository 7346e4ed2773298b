"""The report's charts (a ChartSpec from self_inspection_data.py) as matplotlib Figures: the same
figure in the PDF, in the Word file and on the 统计 tab (FigureCanvasQTAgg).

No pyplot: each Figure owns its state (charts.py says why), the bundled font is charts.py's
chart_font_family. figure() makes no choice that only paper needs; png() adds the size in cm and the
resolution. The margins are estimated from the chart's texts (chart_margins.py says why: speed) and
kept in cm at any size. A count hidden as small comes in as 0 and is drawn as 0 — so a zero gets no value label
(it may stand for "<5"), and the spec's note says so under the chart.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from counselroom.reports.chart_margins import FixedMargins, Margins, apply_margins, margins
from counselroom.reports.charts import MUTED_TEXT, chart_font_family
from counselroom.reports.self_inspection_data import ChartKind, ChartSpec

# Distinct on screen and still apart on a greyscale printer (light to dark).
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f")
# The warning levels keep their own colours where the series are levels (红色预警, 橙色预警, 黄色预警).
LEVEL_COLOURS = (("红色", "#d62728"), ("橙色", "#ff7f0e"), ("黄色", "#f2c12e"))
DEFAULT_SIZE_CM = (16.0, 8.0)
MAX_LABELLED_BARS = 36  # more bars than this and the numbers overlap at 16 cm
MAX_LABELLED_POINTS = 12  # per series, on a line chart
ALL_HIDDEN_TEXT = "各项人数都较少，为保护学生隐私不画出"
EMPTY_TEXT = "暂无数据"
CM = 1 / 2.54
TITLE_SIZE, TICK_SIZE, Y_LABEL_SIZE, LEGEND_SIZE, NOTE_SIZE, VALUE_SIZE = 11, 8, 9, 8, 8, 7


def figure(spec: ChartSpec, *, size_cm: tuple[float, float] = DEFAULT_SIZE_CM) -> Figure:
    """A new Figure holding the chart."""
    fig = Figure(figsize=(size_cm[0] * CM, size_cm[1] * CM))
    draw_into(fig, spec)
    return fig


draw = figure  # docs/reports-design.md §3 calls it draw(spec)


def png(spec: ChartSpec, *, dpi: int = 150, size_cm: tuple[float, float] = DEFAULT_SIZE_CM) -> bytes:
    """The chart as PNG bytes, never a file. Compression is left low: reportlab and Word re-compress the
    pixels they embed, so a tighter PNG would only cost time."""
    fig = Figure(figsize=(size_cm[0] * CM, size_cm[1] * CM))
    # One size: the margins are set once. With a layout engine on the figure savefig would first draw it
    # without output to lay it out, which cost a fifth of the 学期自查报告 PDF.
    apply_margins(fig, _draw_chart(fig, spec))
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def draw_into(fig: Figure, spec: ChartSpec) -> None:
    """Redraw into an existing Figure (a widget keeps its canvas and calls this again); the margins stay
    in cm whatever size the widget gives it."""
    fig.set_layout_engine(FixedMargins(_draw_chart(fig, spec)))


def _draw_chart(fig: Figure, spec: ChartSpec) -> Margins:
    """Draw the chart into `fig`; the margins its texts need."""
    fig.clear()
    family = chart_font_family()
    axes = fig.add_subplot()
    axes.set_title(spec.title, fontfamily=family, fontsize=TITLE_SIZE)
    if spec.note:
        fig.supxlabel(spec.note, fontfamily=family, fontsize=NOTE_SIZE, color=MUTED_TEXT, y=0.02, va="bottom")
    if not spec.labels or not spec.series:
        _empty(axes, family)
    elif _all_hidden(spec):
        _empty(axes, family, ALL_HIDDEN_TEXT)  # every bar hidden: say so rather than draw an empty frame
    elif spec.kind is ChartKind.LINE:
        _lines(axes, spec, family)
        _frame(axes, spec, family)
    else:
        _bars(axes, spec, family, stacked=spec.kind is ChartKind.STACKED)
        _frame(axes, spec, family)
    return _margins(spec, axes)


def _margins(spec: ChartSpec, axes: Axes) -> Margins:
    drawn = bool(spec.labels and spec.series) and not _all_hidden(spec)
    top = axes.get_ylim()[1]
    return margins(
        title_size=TITLE_SIZE,
        tick_size=TICK_SIZE,
        y_digits=len(f"{top:g}") if drawn else 0,
        y_label_size=Y_LABEL_SIZE if drawn else 0,
        x_labels=spec.labels if drawn else (),
        tilted=_crowded(spec.labels),
        legend=[s.name for s in spec.series] if drawn and len(spec.series) > 1 else [],
        legend_size=LEGEND_SIZE,
        note_size=NOTE_SIZE if spec.note else None,
    )


def _all_hidden(spec: ChartSpec) -> bool:
    """Small counts are drawn as 0 and the note says so: with every bar hidden there is nothing to draw."""
    return bool(spec.note) and not any(v for series in spec.series for v in series.values)


def _empty(axes: Axes, family: str, text: str = "") -> None:
    axes.set_axis_off()
    size = TITLE_SIZE - 1
    axes.text(
        0.5, 0.5, text or EMPTY_TEXT, ha="center", va="center", color=MUTED_TEXT, fontfamily=family, fontsize=size
    )


def _colour(index: int, name: str) -> str:
    level = next((colour for word, colour in LEVEL_COLOURS if name.startswith(word)), None)
    return level or PALETTE[index % len(PALETTE)]


def _bars(axes: Axes, spec: ChartSpec, family: str, *, stacked: bool) -> None:
    groups, count = len(spec.labels), len(spec.series)
    width = 0.8 if stacked else 0.8 / count
    bottoms = [0.0] * groups
    labelled = groups * (1 if stacked else count) <= MAX_LABELLED_BARS
    for i, series in enumerate(spec.series):
        values = _fitted(series.values, groups)
        offset = 0.0 if stacked else (i - (count - 1) / 2) * width
        x = [g + offset for g in range(groups)]
        bars = axes.bar(x, values, width, bottom=bottoms if stacked else None, label=series.name)
        for bar in bars:
            bar.set_color(_colour(i, series.name))
        if labelled and not stacked:
            numbers = [_number(v) for v in values]
            axes.bar_label(bars, labels=numbers, fontsize=VALUE_SIZE, padding=1.5, fontfamily=family)
        if stacked:
            bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    if stacked and labelled:  # the total on top of each stack; segments stay unlabelled (too small to read)
        for g, total in enumerate(bottoms):
            axes.text(g, total, _number(total), ha="center", va="bottom", fontsize=VALUE_SIZE, fontfamily=family)
    axes.set_xticks(range(groups), spec.labels)


def _lines(axes: Axes, spec: ChartSpec, family: str) -> None:
    points = len(spec.labels)
    labelled = points <= MAX_LABELLED_POINTS and len(spec.series) <= 3
    for i, series in enumerate(spec.series):
        values = _fitted(series.values, points)
        colour = _colour(i, series.name)
        axes.plot(range(points), values, marker="o", markersize=4, linewidth=1.8, color=colour, label=series.name)
        for x, v in enumerate(values):
            if labelled and v:
                axes.annotate(
                    _number(v),
                    (x, v),
                    textcoords="offset points",
                    xytext=(0, 4),
                    ha="center",
                    fontsize=VALUE_SIZE,
                    fontfamily=family,
                )
    axes.set_xticks(range(points), spec.labels)
    axes.set_xlim(-0.5, points - 0.5)  # the end points' labels inside the frame; a single point centred


def _frame(axes: Axes, spec: ChartSpec, family: str) -> None:
    axes.set_ylabel(spec.y_label, fontfamily=family, fontsize=Y_LABEL_SIZE)
    axes.set_ylim(bottom=0, top=_top(axes.get_ylim()[1]))
    if all(float(v).is_integer() for s in spec.series for v in s.values):
        axes.yaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))  # counts: no 0.5 人次 on the axis
    axes.tick_params(labelfontfamily=family, labelsize=TICK_SIZE)
    if _crowded(spec.labels):
        axes.tick_params(axis="x", labelrotation=30)
        for tick in axes.get_xticklabels():
            tick.set_horizontalalignment("right")
    axes.grid(axis="y", alpha=0.25)
    axes.set_axisbelow(True)
    axes.spines[["top", "right"]].set_visible(False)
    if len(spec.series) > 1:  # beside the plot, where it never covers a bar (and no costly "best" search)
        legend = {"family": family, "size": LEGEND_SIZE}
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), prop=legend, frameon=False, borderaxespad=0)


def _top(drawn_top: float) -> float:
    """Room above the highest bar for its number (and at least 1, so an all-zero chart has an axis)."""
    return max(drawn_top * 1.08, 1.0)


def _crowded(labels: Sequence[str]) -> bool:
    """Tilt the x labels when they would run into each other at 16 cm."""
    return sum(len(label) for label in labels) > 40 or len(labels) > 12


def _fitted(values: Sequence[float], length: int) -> list[float]:
    """One value per label: a short series is padded with 0, a long one cut (data from a service should
    already match; drawing must not fail on a slip)."""
    return [float(v) for v in values[:length]] + [0.0] * (length - len(values))


def _number(value: float) -> str:
    """The value as a label: whole numbers without a decimal point, zero left blank (it may be hidden)."""
    if not value:
        return ""
    return f"{value:g}" if value != int(value) else str(int(value))
