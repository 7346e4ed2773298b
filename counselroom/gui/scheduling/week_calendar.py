"""The week calendar of the 预约 page, drawn with QPainter: days Monday–Sunday as columns, 30-minute
rows, closed days greyed, opening periods lightly tinted, appointments as blocks coloured by type.
A click on an empty slot asks to book there, a double-click on a block asks for its details, and
a drag asks to move it; the page decides (through the services) and calls `snap_back()` when the
move is refused. The day names and closing reasons are in `header` (week_header.py), which the
page puts above the scroll area so they stay in sight. Geometry lives in week_layout.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from counselroom.domain.scheduling.appointments import AppointmentStatus
from counselroom.gui.scheduling.week_header import WeekHeaderWidget
from counselroom.gui.scheduling.week_layout import (
    BLOCK_FONT_PX,
    BLOCK_PAD_X,
    BLOCK_PAD_Y,
    LINE_PITCH,
    Grid,
    block_lines,
    hours_for,
    lanes,
    minutes_of,
    tooltip_text,
)
from counselroom.services.scheduling.appointment_views import AppointmentItem, CalendarDay

CLOSED = QColor("#eceff3")
OPEN_TINT = QColor("#eef7f1")
LINE, HOUR_LINE, MUTED, NOW = QColor("#e4e7eb"), QColor("#cbd2d9"), QColor("#7b8794"), QColor("#c0392b")
DRAG_THRESHOLD = 4


@dataclass(frozen=True)
class Block:
    item: AppointmentItem
    rect: QRectF


class WeekCalendarWidget(QWidget):
    slot_clicked = Signal(object)  # datetime: the start of the empty slot
    block_activated = Signal(int)  # appointment id (double-click)
    move_requested = Signal(int, object)  # appointment id, new start (datetime)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.days: tuple[CalendarDay, ...] = ()
        self.items: tuple[AppointmentItem, ...] = ()
        self.blocks: list[Block] = []
        self.grid = Grid(date.today() - timedelta(days=date.today().weekday()), 800)
        self.now: datetime | None = None
        self._press: QPointF | None = None
        self._dragged: Block | None = None
        self._drag_start: datetime | None = None
        self.header = WeekHeaderWidget()  # placed by the page, above the scroll area
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(Grid.GUTTER + 7 * 90)
        self.header.setMinimumWidth(self.minimumWidth())

    # -- data ----------------------------------------------------------------------------
    def set_week(self, monday: date, days: Sequence[CalendarDay], *, now: datetime | None = None) -> None:
        self.days, self.now = tuple(days), now
        self.grid = Grid(monday, self.width())
        self._grid_changed()

    def set_appointments(self, items: Sequence[AppointmentItem]) -> None:
        self.items = tuple(items)
        self._dragged = self._drag_start = self._press = None
        first, last = hours_for([(i.start, i.end) for i in self.items])
        self.grid = Grid(self.grid.monday, max(self.width(), self.minimumWidth()), first, last)
        self.setFixedHeight(int(self.grid.height) + 1)
        self._layout_blocks()
        self._grid_changed()
        self.update()

    def _grid_changed(self) -> None:
        self.header.show_week(self.grid, self.days, self.now)

    def first_open_minute(self) -> int:
        """Where the week's opening hours begin (to scroll to), else 08:00."""
        starts = [minutes_of(p.start) for d in self.days if d.open for p in d.periods]
        return min(starts, default=8 * 60)

    def clear(self) -> None:
        self.days, self.items, self.blocks = (), (), []
        self._dragged = self._drag_start = self._press = None
        self._grid_changed()
        self.update()

    def snap_back(self) -> None:
        """A refused move: the block returns to where the data says it is."""
        self._dragged = self._drag_start = self._press = None
        self._layout_blocks()
        self.update()

    def block_rect(self, appointment_id: int) -> QRectF:
        return next(b.rect for b in self.blocks if b.item.id == appointment_id)

    def slot_point(self, moment: datetime) -> QPointF:
        """The middle of the first slot row at `moment` (for tests and keyboard use)."""
        day = (moment.date() - self.grid.monday).days
        return QPointF(
            self.grid.x_of(day) + self.grid.column_width / 2, self.grid.y_of(minutes_of(moment)) + Grid.ROW_HEIGHT / 2
        )

    def _layout_blocks(self) -> None:
        by_day: dict[int, list[AppointmentItem]] = {}
        for item in self.items:
            by_day.setdefault((item.start.date() - self.grid.monday).days, []).append(item)
        self.blocks = []
        width = self.grid.column_width - 4
        for day, items in by_day.items():
            if not 0 <= day < 7:
                continue
            for item, (lane, count) in zip(items, lanes([(i.start, i.end) for i in items]), strict=True):
                top, bottom = self.grid.y_of(minutes_of(item.start)), self.grid.y_of(minutes_of(item.end))
                rect = QRectF(
                    self.grid.x_of(day) + 2 + lane * width / count,
                    top + 1,
                    width / count - 2,
                    max(bottom - top - 2, 12),
                )
                self.blocks.append(Block(item, rect))

    def resizeEvent(self, event: object) -> None:  # type: ignore[override]
        self.grid = Grid(self.grid.monday, self.width(), self.grid.first, self.grid.last)
        self._layout_blocks()
        self._grid_changed()
        super().resizeEvent(event)  # type: ignore[arg-type]

    def sizeHint(self) -> QSize:
        return QSize(Grid.GUTTER + 7 * 130, int(self.grid.height) + 1)

    # -- painting ------------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        self._paint_days(painter)
        self._paint_lines(painter)
        for block in self.blocks:
            self._paint_block(painter, block, block.rect)
        if self._dragged is not None and self._drag_start is not None:
            self._paint_block(painter, self._dragged, self._ghost_rect(), ghost=True)
        self._paint_now(painter)
        painter.end()

    def _paint_days(self, painter: QPainter) -> None:
        """Closed days greyed, opening periods tinted (the day names are in the header)."""
        g = self.grid
        for index in range(7):
            info = self.days[index] if index < len(self.days) else None
            column = QRectF(g.x_of(index), 0, g.column_width, g.height)
            if info is not None and not info.open:
                painter.fillRect(column, CLOSED)
            elif info is not None:
                for p in info.periods:
                    top, bottom = g.y_of(minutes_of(p.start)), g.y_of(minutes_of(p.end))
                    painter.fillRect(QRectF(column.x(), top, column.width(), bottom - top), OPEN_TINT)

    def _paint_lines(self, painter: QPainter) -> None:
        g = self.grid
        small = QFont(self.font())
        small.setPixelSize(12)
        painter.setFont(small)
        for row in range(g.rows + 1):
            minute = g.first + row * Grid.STEP_MINUTES
            y = g.y_of(minute)
            painter.setPen(HOUR_LINE if minute % 60 == 0 else LINE)
            painter.drawLine(QPointF(Grid.GUTTER, y), QPointF(g.x_of(7), y))
            if minute % 60 == 0 or row == 0:
                painter.setPen(MUTED)
                painter.drawText(
                    QRectF(0, y - 8, Grid.GUTTER - 6, 16),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                    f"{minute // 60:02d}:{minute % 60:02d}",
                )
        painter.setPen(HOUR_LINE)
        for index in range(8):
            painter.drawLine(QPointF(g.x_of(index), 0), QPointF(g.x_of(index), g.height))

    def _paint_block(self, painter: QPainter, block: Block, rect: QRectF, *, ghost: bool = False) -> None:
        item = block.item
        colour = QColor(item.type.colour)
        if item.status is AppointmentStatus.NO_SHOW or ghost:
            colour.setAlpha(110)
        painter.setPen(
            QPen(QColor("#102a43"), 1.5, Qt.PenStyle.DashLine)
            if item.awaiting_attendance or ghost
            else Qt.PenStyle.NoPen
        )
        painter.setBrush(colour)
        painter.drawRoundedRect(rect, 4, 4)
        painter.setPen(QColor("#ffffff"))
        font = QFont(self.font())
        font.setPixelSize(BLOCK_FONT_PX)
        painter.setFont(font)
        start = self._drag_start if ghost and self._drag_start else item.start
        end = start + (item.end - item.start)
        width = rect.width() - 2 * BLOCK_PAD_X
        metrics = painter.fontMetrics()
        for row, line in enumerate(block_lines(item, start, end, rect.height())):
            shown = metrics.elidedText(line, Qt.TextElideMode.ElideRight, int(width))
            line_rect = QRectF(rect.x() + BLOCK_PAD_X, rect.y() + BLOCK_PAD_Y + row * LINE_PITCH, width, LINE_PITCH)
            painter.drawText(line_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown)

    def _paint_now(self, painter: QPainter) -> None:
        if self.now is None or not 0 <= (self.now.date() - self.grid.monday).days < 7:
            return
        minute = minutes_of(self.now)
        if self.grid.first <= minute <= self.grid.last:
            x = self.grid.x_of((self.now.date() - self.grid.monday).days)
            painter.setPen(QPen(NOW, 2))
            y = self.grid.y_of(minute)
            painter.drawLine(QPointF(x, y), QPointF(x + self.grid.column_width, y))

    # -- pointer -------------------------------------------------------------------------
    def block_at(self, point: QPointF) -> Block | None:
        return next((b for b in reversed(self.blocks) if b.rect.contains(point)), None)

    def _ghost_rect(self) -> QRectF:
        assert self._dragged is not None and self._drag_start is not None
        g, item = self.grid, self._dragged.item
        day = (self._drag_start.date() - g.monday).days
        top = g.y_of(minutes_of(self._drag_start))
        height = (item.end - item.start).total_seconds() / 60 * Grid.ROW_HEIGHT / Grid.STEP_MINUTES
        return QRectF(g.x_of(day) + 2, top + 1, g.column_width - 4, max(height - 2, 12))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position()
            self._dragged = self.block_at(self._press)
            self._drag_start = None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None or self._dragged is None:
            return
        delta = event.position() - self._press
        if self._drag_start is None and abs(delta.x()) + abs(delta.y()) < DRAG_THRESHOLD:
            return
        item = self._dragged.item
        day = self.grid.day_at(event.position().x())
        minute = minutes_of(item.start) + delta.y() * Grid.STEP_MINUTES / Grid.ROW_HEIGHT
        length = int((item.end - item.start).total_seconds() // 60)
        original = (item.start.date() - self.grid.monday).days
        self._drag_start = self.grid.snapped(original if day is None else day, minute, length)
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        dragged, new_start = self._dragged, self._drag_start
        self._press = None
        if dragged is not None and new_start is not None and new_start != dragged.item.start:
            self.move_requested.emit(dragged.item.id, new_start)  # the ghost stays until refresh or snap_back
            return
        self._dragged = self._drag_start = None
        if dragged is None and (slot := self.grid.slot_at(event.position().x(), event.position().y())):
            self.slot_clicked.emit(slot)
        self.update()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        block = self.block_at(event.position())
        if block is not None:
            self.block_activated.emit(block.item.id)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            block = self.block_at(event.pos())  # type: ignore[attr-defined]
            if block is not None:
                QToolTip.showText(event.globalPos(), tooltip_text(block.item), self)  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
