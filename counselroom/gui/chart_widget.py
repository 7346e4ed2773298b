"""A chart on screen: the same matplotlib Figure the reports print, on a Qt canvas.

matplotlib is imported by the first chart widget made (chart_loading), never at start-up.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from counselroom.gui.chart_loading import load_charts

if TYPE_CHECKING:
    from counselroom.reports.charts import TrendPoint


class TrendChartWidget(QWidget):
    """A student's screening totals over time; `show_points` redraws, `clear` empties (on lock)."""

    def __init__(self, parent: QWidget | None = None, *, title: str = "测评趋势", points: Iterable[TrendPoint] = ()):
        super().__init__(parent)
        load_charts()
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        from counselroom.reports.charts import screening_trend_figure

        self.title = title
        self.points: list[TrendPoint] = list(points)
        self._stale = False  # changed while hidden: draw when next shown
        # Built once with its points; the canvas renders it when first shown (a constrained-layout
        # render is ~150 ms: building empty, redrawing and rendering while hidden cost three).
        self.canvas = FigureCanvasQTAgg(screening_trend_figure(self.points, title=title))
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.canvas.setMinimumHeight(240)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)

    def show_points(self, points: Iterable[TrendPoint], *, title: str | None = None) -> None:
        from counselroom.reports.charts import draw_screening_trend

        self.points = list(points)
        if title is not None:
            self.title = title
        draw_screening_trend(self.canvas.figure, self.points, title=self.title)
        if self.canvas.isVisible():
            self.canvas.draw_idle()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.canvas.draw_idle()

    def clear(self) -> None:
        self.show_points([])
