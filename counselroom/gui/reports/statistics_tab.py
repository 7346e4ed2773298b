"""报表 → 统计: the room's work in charts for a date range (this term so far by default) — sessions
and cases by month, warnings and screening positives by grade, cases by issue type, warnings by
level, sessions per counselor per month. The charts are the report's own (reports/report_charts.py
draws the same ChartSpecs into the PDF), drawn here on Qt canvases. Counts only; the small ones
are drawn as 0 and said so under the chart."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from counselroom.gui.chart_loading import load_charts
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.widgets import error_label
from counselroom.services.reports import statistics
from counselroom.services.reports.statistics import Statistics
from counselroom.services.school import school_calendar
from counselroom.system import clock

PER_ROW = 2
CHART_HEIGHT = 300  # px: two charts side by side fit a 1366-wide screen


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def summary_text(found: Statistics) -> str:
    months = f"{found.months[0]} 至 {found.months[-1]}，共 {len(found.months)} 个月"
    if not found.threshold:
        return f"{found.start} 至 {found.end}（按月：{months}），确切人数。"
    return (
        f"校领导和管理员账号按整学期查看：{found.term_label}（{found.start} 至 {found.end}，按月：{months}）。"
        f"人数少于 {found.threshold + 1} 的格及可由合计推算出它们的格按 0 画出，与学期自查报告一致。"
    )


class StatisticsTab(QWidget):
    def __init__(self, runner: ServiceRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.found: Statistics | None = None
        self.start_field = QDateEdit()
        self.end_field = QDateEdit()
        for field in (self.start_field, self.end_field):
            field.setDisplayFormat("yyyy-MM-dd")
            field.setCalendarPopup(True)
        self.build_button = QPushButton("生成")
        self.summary = QLabel("")
        self.summary.setObjectName("PageHint")
        self.summary.setWordWrap(True)  # a year's months must not widen the window past the screen
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.problem = error_label()
        self.canvases: list[Any] = []  # FigureCanvasQTAgg, imported with matplotlib on first use
        self.grid = QGridLayout()
        body = QWidget()
        body.setLayout(self.grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        top = QHBoxLayout()
        top.addWidget(QLabel("从"))
        top.addWidget(self.start_field)
        top.addWidget(QLabel("到"))
        top.addWidget(self.end_field)
        top.addWidget(self.build_button)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.problem)
        layout.addWidget(scroll, 1)
        self.build_button.clicked.connect(self.build)
        self._default_range()

    @property
    def drawn(self) -> bool:
        return self.found is not None

    def _default_range(self) -> None:
        """This term's first day to today (the school year's, when no term holds today)."""
        today = clock.now().date()
        terms = self.runner.call(school_calendar.list_terms, parent=self) or []
        current = next((t for t in terms if t.current), None)
        self.start_field.setDate(_qdate(current.start if current else date(today.year, 1, 1)))
        self.end_field.setDate(_qdate(today))

    def set_range(self, start: date, end: date) -> None:
        self.start_field.setDate(_qdate(start))
        self.end_field.setDate(_qdate(end))

    def build(self) -> None:
        start = self.start_field.date().toPython()
        end = self.end_field.date().toPython()
        found = self.runner.run_in_worker(statistics.statistics, start=start, end=end, label="正在统计…", parent=self)
        self._show(found)

    def _show(self, found: Statistics | None) -> None:
        self.found = found
        self._drop_canvases()
        if found is None:
            self.summary.setText("")
            return
        self.summary.setText(summary_text(found))
        load_charts(self)  # a first run builds matplotlib's font cache behind a message
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        from counselroom.reports import report_charts

        for i, spec in enumerate(found.charts):
            canvas = FigureCanvasQTAgg(report_charts.figure(spec))
            canvas.setMinimumHeight(CHART_HEIGHT)
            self.grid.addWidget(canvas, i // PER_ROW, i % PER_ROW)
            self.canvases.append(canvas)

    def _drop_canvases(self) -> None:
        for canvas in self.canvases:
            self.grid.removeWidget(canvas)
            canvas.figure.clear()
            canvas.deleteLater()
        self.canvases = []

    def clear(self) -> None:
        self._show(None)
