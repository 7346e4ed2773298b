"""The report's charts: every kind drawn in the bundled font with no missing glyph, legends and value
labels where they help, empty data and a single label drawn without failing, margins kept in cm."""

from __future__ import annotations

import struct
import subprocess
import sys
import warnings
from dataclasses import replace
from pathlib import Path

import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from counselroom.reports import report_charts
from counselroom.reports.charts import chart_font_family
from counselroom.reports.report_charts import ALL_HIDDEN_TEXT, EMPTY_TEXT, draw_into, figure, png
from counselroom.reports.self_inspection_data import ChartKind, ChartSeries, ChartSpec
from tests.reports import self_inspection_sample as sample

GRADES = ("初一", "初二", "初三")
TWO_SERIES = (ChartSeries("计划", (80, 80, 60)), ChartSeries("已上", (76, 0, 52)))


def _spec(kind: ChartKind, labels: tuple[str, ...] = GRADES, series: tuple[ChartSeries, ...] = TWO_SERIES) -> ChartSpec:
    return ChartSpec(kind, "心理健康活动课课时（按年级）", labels, series, "课时", "人数少于 5 的格按 0 画出")


def _png_and_warnings(spec: ChartSpec, **kwargs: object) -> tuple[bytes, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = png(spec, **kwargs)  # type: ignore[arg-type]
    return data, [str(w.message) for w in caught]


def _png_size(data: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk follows the 8-byte signature
    return width, height


def _texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.axes[0].texts if t.get_text()]


@pytest.mark.parametrize("kind", list(ChartKind))
def test_each_kind_draws_in_the_bundled_font_without_missing_glyphs(kind: ChartKind) -> None:
    data, caught = _png_and_warnings(_spec(kind))
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert caught == []
    fig = figure(_spec(kind))
    axes = fig.axes[0]
    assert axes.get_title() == "心理健康活动课课时（按年级）"
    assert axes.title.get_fontfamily() == [chart_font_family()]
    assert [t.get_text() for t in axes.get_xticklabels()] == list(GRADES)
    assert axes.get_ylabel() == "课时"
    legend = axes.get_legend()
    assert legend is not None and [t.get_text() for t in legend.get_texts()] == ["计划", "已上"]
    assert fig.get_supxlabel() == "人数少于 5 的格按 0 画出"


def test_bars_side_by_side_carry_their_numbers_and_a_zero_stays_blank() -> None:
    fig = figure(_spec(ChartKind.BAR))
    heights = [round(p.get_height()) for p in fig.axes[0].patches]
    assert heights == [80, 80, 60, 76, 0, 52]
    assert _texts(fig) == ["80", "80", "60", "76", "52"]  # a hidden small count is drawn as 0: no "0" label


def test_stacked_bars_sit_on_each_other_with_the_total_on_top() -> None:
    fig = figure(_spec(ChartKind.STACKED))
    patches = fig.axes[0].patches
    assert [round(p.get_y()) for p in patches[3:]] == [80, 80, 60]  # the second series starts on the first
    assert _texts(fig) == ["156", "80", "112"]


def test_a_line_marks_each_point_with_its_value() -> None:
    spec = ChartSpec(
        ChartKind.LINE, "辅导与咨询已到人次（按月）", ("9月", "10月", "11月"), (ChartSeries("已到", (40, 85.5, 92)),)
    )
    fig = figure(spec)
    line = fig.axes[0].lines[0]
    assert list(line.get_ydata()) == [40, 85.5, 92]
    assert _texts(fig) == ["40", "85.5", "92"]
    assert fig.axes[0].get_legend() is None  # one series: its name is the title's business


def test_warning_levels_keep_their_colours() -> None:
    spec = ChartSpec(
        ChartKind.STACKED,
        "预警名单",
        GRADES,
        (ChartSeries("红色预警", (1, 2, 3)), ChartSeries("橙色预警", (1, 2, 3)), ChartSeries("黄色预警", (1, 2, 3))),
    )
    patches = figure(spec).axes[0].patches
    assert [to_hex(patches[i].get_facecolor()) for i in (0, 3, 6)] == ["#d62728", "#ff7f0e", "#f2c12e"]


@pytest.mark.parametrize("kind", list(ChartKind))
@pytest.mark.parametrize("labels, series", [((), TWO_SERIES), (GRADES, ()), ((), ())])
def test_empty_data_says_so(kind: ChartKind, labels: tuple[str, ...], series: tuple[ChartSeries, ...]) -> None:
    spec = _spec(kind, labels, series)
    data, caught = _png_and_warnings(spec)
    assert data and caught == []
    assert _texts(figure(spec)) == [EMPTY_TEXT]


@pytest.mark.parametrize("kind", list(ChartKind))
def test_a_chart_whose_every_bar_is_hidden_says_why(kind: ChartKind) -> None:
    spec = replace(
        _spec(kind, GRADES, (ChartSeries("在册", (0.0,) * len(GRADES)),)), note="“<5”的格为保护学生隐私按 0 画出"
    )
    data, caught = _png_and_warnings(spec)
    assert data and caught == []
    assert ALL_HIDDEN_TEXT in _texts(figure(spec))
    plain = replace(spec, note="")  # real zeros, nothing hidden: drawn as a chart
    assert ALL_HIDDEN_TEXT not in _texts(figure(plain))


@pytest.mark.parametrize("kind", list(ChartKind))
def test_one_label_draws(kind: ChartKind) -> None:
    spec = _spec(kind, ("初一",), (ChartSeries("课时", (4,)),))
    data, caught = _png_and_warnings(spec)
    assert data and caught == []
    axes = figure(spec).axes[0]
    assert [t.get_text() for t in axes.get_xticklabels()] == ["初一"]
    assert axes.get_ylim()[1] >= 4


def test_a_series_shorter_or_longer_than_the_labels_still_draws() -> None:
    spec = _spec(ChartKind.BAR, GRADES, (ChartSeries("短", (1,)), ChartSeries("长", (1, 2, 3, 4, 5))))
    heights = [p.get_height() for p in figure(spec).axes[0].patches]
    assert heights == [1, 0, 0, 1, 2, 3]


def test_all_zero_counts_have_an_axis_with_whole_numbers() -> None:
    spec = replace(_spec(ChartKind.BAR, GRADES, (ChartSeries("人数", (0, 0, 0)),)), note="")  # real zeros
    axes = figure(spec).axes[0]
    assert axes.get_ylim() == (0, 1)
    assert all(float(t).is_integer() for t in axes.get_yticks())


def test_png_has_the_size_asked_for() -> None:
    assert _png_size(png(_spec(ChartKind.BAR))) == (944, 472)  # 16 × 8 cm at 150 dpi, rounded down
    assert _png_size(png(_spec(ChartKind.BAR), dpi=100, size_cm=(17, 8))) == (669, 314)


def test_crowded_labels_are_tilted_and_fit() -> None:
    labels = tuple(f"{m}月" for m in (9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10))
    spec = _spec(ChartKind.LINE, labels, (ChartSeries("已到", tuple(range(14))),))
    _data, caught = _png_and_warnings(spec)
    assert caught == []
    fig = figure(spec)
    assert all(t.get_rotation() == 30 for t in fig.axes[0].get_xticklabels())
    assert _outside(fig) == []


def _outside(fig: Figure) -> list[str]:
    """Texts drawn (partly) beyond the figure's edge — margins estimated too small."""
    fig.draw_without_rendering()
    axes = fig.axes[0]
    legend = axes.get_legend()
    low, high = axes.get_ylim()
    drawn_y = [t for t, y in zip(axes.get_yticklabels(), axes.get_yticks(), strict=True) if low <= y <= high]
    texts = [axes.title, axes.yaxis.label, *axes.get_xticklabels(), *drawn_y, *axes.texts]
    texts += [*(legend.get_texts() if legend else ()), *([fig._supxlabel] if fig._supxlabel else [])]
    width, height = fig.bbox.width, fig.bbox.height
    outside = []
    for text in (t for t in texts if t.get_text() and t.get_visible()):
        box = text.get_window_extent()
        if box.x0 < 0 or box.y0 < 0 or box.x1 > width or box.y1 > height:
            outside.append(text.get_text())
    return outside


@pytest.mark.parametrize("size_cm", [(16, 8), (17, 8), (12, 7), (30, 14)])
def test_no_text_falls_off_the_figure(size_cm: tuple[float, float]) -> None:
    for spec in (c for area in sample.report().areas for c in area.charts):
        assert _outside(figure(spec, size_cm=size_cm)) == [], spec.title


def test_margins_stay_in_cm_when_the_figure_is_drawn_bigger() -> None:
    """On screen the canvas resizes the figure: the plot grows, the room for the labels does not."""
    spec = _spec(ChartKind.BAR)
    small, big = figure(spec, size_cm=(16, 8)), figure(spec, size_cm=(32, 16))
    for fig in (small, big):
        fig.draw_without_rendering()  # runs the layout engine, as a canvas draw does
    left_cm = [fig.axes[0].get_position().x0 * fig.get_size_inches()[0] * 2.54 for fig in (small, big)]
    assert left_cm[0] == pytest.approx(left_cm[1])
    assert big.axes[0].get_position().width > small.axes[0].get_position().width


def test_draw_into_redraws_an_existing_figure() -> None:
    fig = figure(_spec(ChartKind.BAR))
    draw_into(fig, _spec(ChartKind.LINE, ("9月",), (ChartSeries("已到", (3,)),)))
    assert len(fig.axes) == 1 and len(fig.axes[0].lines) == 1 and not fig.axes[0].patches
    assert report_charts.draw is figure  # the design's name


def test_every_chart_of_the_sample_report_draws() -> None:
    for spec in (c for area in sample.report().areas for c in area.charts):
        data, caught = _png_and_warnings(spec)
        assert data and caught == [], spec.title


def test_report_charts_import_neither_pyplot_nor_qt() -> None:
    code = (
        "import sys, counselroom.reports.report_charts as c, tests.reports.self_inspection_sample as s;"
        "[c.png(x) for a in s.report().areas for x in a.charts];"
        "bad = [m for m in sys.modules if m.startswith(('matplotlib.pyplot', 'PySide6'))];"
        "sys.exit(1 if bad else 0)"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
