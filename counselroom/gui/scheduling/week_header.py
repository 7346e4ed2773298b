"""The week calendar's day row — 周一 10/13 and why a day is closed (国庆节, 周末) — kept above the
scrolling hours, so the dates stay in sight however far the hours are scrolled. It shares the
hours' Grid, so its columns line up with theirs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from counselroom.domain.school.school_days import WEEKDAYS
from counselroom.gui.scheduling.week_layout import Grid
from counselroom.services.scheduling.appointment_views import CalendarDay

BACKGROUND, LINE = QColor("#f7f9fb"), QColor("#cbd2d9")
TEXT, MUTED, TODAY = QColor("#1f2933"), QColor("#7b8794"), QColor("#c0392b")


def day_title(day: date) -> str:
    return f"周{WEEKDAYS[day.weekday()]} {day.month}/{day.day}"


def closing_text(info: CalendarDay) -> str:
    """Under the date: an open day's note (调休上班), or why it is closed."""
    if not info.reason:
        return ""
    return info.reason if info.open else f"不开放：{info.reason}"


class WeekHeaderWidget(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.grid = Grid(date.today() - timedelta(days=date.today().weekday()), 800)
        self.days: tuple[CalendarDay, ...] = ()
        self.now: datetime | None = None
        self.offset = 0  # the hours' horizontal scroll, followed here
        self.setFixedHeight(Grid.HEADER)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def show_week(self, grid: Grid, days: Sequence[CalendarDay], now: datetime | None) -> None:
        self.grid, self.days, self.now = grid, tuple(days), now
        self.update()

    def set_offset(self, offset: int) -> None:
        self.offset = offset
        self.update()

    def texts(self) -> list[tuple[str, str]]:
        """(date, note) per column, as painted (for tests)."""
        found = []
        for index in range(7):
            day = self.grid.monday + timedelta(days=index)
            info = self.days[index] if index < len(self.days) else None
            found.append((day_title(day), closing_text(info) if info else ""))
        return found

    def sizeHint(self) -> QSize:
        return QSize(Grid.GUTTER + 7 * 130, Grid.HEADER)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKGROUND)
        painter.translate(-self.offset, 0)
        small = QFont(self.font())
        small.setPixelSize(12)
        g = self.grid
        for index, (title, note) in enumerate(self.texts()):
            day = g.monday + timedelta(days=index)
            today = self.now is not None and day == self.now.date()
            painter.setPen(TODAY if today else TEXT)
            painter.setFont(self.font())
            painter.drawText(QRectF(g.x_of(index), 2, g.column_width, 22), Qt.AlignmentFlag.AlignCenter, title)
            if note:
                painter.setPen(MUTED)
                painter.setFont(small)
                shown = painter.fontMetrics().elidedText(note, Qt.TextElideMode.ElideRight, int(g.column_width) - 4)
                painter.drawText(QRectF(g.x_of(index), 22, g.column_width, 20), Qt.AlignmentFlag.AlignCenter, shown)
        painter.setPen(LINE)
        for index in range(8):
            painter.drawLine(int(g.x_of(index)), 0, int(g.x_of(index)), self.height())
        painter.drawLine(0, self.height() - 1, int(g.x_of(7)), self.height() - 1)
        painter.end()
