"""The per-student screening trend chart: Agg only, bundled font, no missing glyphs."""

from __future__ import annotations

import io
import subprocess
import sys
import warnings
from datetime import date
from pathlib import Path

from matplotlib.figure import Figure

from counselroom.reports.charts import chart_font_family, screening_trend_figure

POINTS = [
    (date(2025, 3, 10), "PHQ-9", 12.0),
    (date(2024, 10, 9), "PHQ-9", 6.0),
    (date(2025, 10, 9), "PHQ-9", 4.0),
    (date(2025, 3, 10), "GAD-7", 9.0),
    (date(2025, 10, 9), "SCL-90", 180.0),
    (date(2025, 10, 1), "MHT", None),  # no total: nothing to plot
]


def _png_and_warnings(figure: Figure) -> tuple[bytes, list[str]]:
    buffer = io.BytesIO()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.savefig(buffer, format="png")
    return buffer.getvalue(), [str(w.message) for w in caught]


def test_trend_renders_to_png_without_missing_glyphs() -> None:
    figure = screening_trend_figure(POINTS, title="张晓明 测评趋势（筛查结果，仅供参考）")
    png, caught = _png_and_warnings(figure)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5000
    assert caught == []
    assert figure.get_suptitle().startswith("张晓明")
    assert figure._suptitle.get_fontfamily() == [chart_font_family()]


def test_the_glyph_check_can_fail_with_a_font_lacking_chinese() -> None:
    figure = Figure()
    figure.suptitle("轻度抑郁症状", fontfamily="DejaVu Sans")
    _png, caught = _png_and_warnings(figure)
    assert any("missing from font" in message for message in caught)


def test_one_panel_per_instrument_with_band_thresholds() -> None:
    figure = screening_trend_figure(POINTS, title="趋势")
    panels = figure.axes
    assert [p.get_ylabel() for p in panels] == ["PHQ-9 总分", "GAD-7 总分", "SCL-90 总分"]
    phq = panels[0]
    line, *thresholds = phq.lines
    assert [d.isoformat() for d in line.get_xdata()] == ["2024-10-09", "2025-03-10", "2025-10-09"]
    assert list(line.get_ydata()) == [6.0, 12.0, 4.0]
    assert [t.get_ydata()[0] for t in thresholds] == [5, 10, 15, 20]
    assert all(t.get_alpha() < 0.5 for t in thresholds)  # faint
    assert [t.get_text() for t in phq.texts] == ["5 轻度", "10 中度", "15 中重度", "20 重度"]
    assert [t.get_ydata()[0] for t in panels[1].lines[1:]] == [5, 10, 15]
    assert panels[2].lines[1:] == []  # a hand-scored scale has no published bands here
    assert phq.get_ylim() == (0, 28)


def test_a_single_point_and_no_points_render() -> None:
    one = screening_trend_figure([(date(2025, 10, 9), "GAD-7", 3.0)], title="单次")
    assert _png_and_warnings(one)[1] == []
    empty = screening_trend_figure([], title="暂无")
    png, caught = _png_and_warnings(empty)
    assert png and caught == []
    assert [t.get_text() for t in empty.axes[0].texts] == ["暂无测评记录"]


def test_charts_import_neither_pyplot_nor_qt() -> None:
    code = (
        "import sys, counselroom.reports.charts as c; c.screening_trend_figure([], title='x');"
        "bad = [m for m in sys.modules if m.startswith(('matplotlib.pyplot', 'PySide6'))];"
        "sys.exit(1 if bad else 0)"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr


def test_a_single_result_is_shown_within_a_few_months() -> None:
    from datetime import date

    from matplotlib.dates import num2date

    from counselroom.reports.charts import screening_trend_figure

    figure = screening_trend_figure([(date(2026, 10, 26), "PHQ-9", 12.0)], title="趋势")
    left, right = (num2date(x).date() for x in figure.axes[-1].get_xlim())
    assert (right - left).days <= 70 and left < date(2026, 10, 26) < right
