"""The month grid of the 值班 page: seven columns 一…日, a cell per day with its periods and the
names on duty; closed days greyed with their reason (国庆节, 寒假); today in bold."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from counselroom.domain.school.school_days import WEEKDAYS
from counselroom.gui.duty.duty_models import cell_text
from counselroom.services.duty.duty_slots import DutyDay

CLOSED_BACKGROUND = "#eef2f6"
CLOSED_TEXT = "#7b8794"
UNSTAFFED_TEXT = "#c0392b"
ROW_HEIGHT = 72


class MonthGridWidget(QTableWidget):
    day_selected = Signal(object)  # date
    day_activated = Signal(object)  # date (double-click)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, 7, parent)
        self.days: dict[date, DutyDay] = {}
        self.setHorizontalHeaderLabels([f"周{w}" for w in WEEKDAYS])
        self.verticalHeader().hide()
        # Weeks share the height: five or six rows fill the grid, never below ROW_HEIGHT.
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setMinimumSectionSize(ROW_HEIGHT)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.itemSelectionChanged.connect(self._selection_changed)
        self.cellDoubleClicked.connect(self._double_clicked)

    def show_month(self, year: int, month: int, days: Sequence[DutyDay], today: date) -> None:
        """Lay out the month; keeps the selected day when it is in this month."""
        chosen = self.selected_day()
        self.blockSignals(True)
        self.clearContents()
        self.days = {d.day: d for d in days}
        first = date(year, month, 1)
        weeks = calendar.Calendar().monthdatescalendar(year, month)
        self.setRowCount(len(weeks))
        for row, week in enumerate(weeks):
            for col, day in enumerate(week):
                self.setItem(row, col, self._cell(day, first, today))
        self.blockSignals(False)
        self.select_day(chosen if chosen and chosen.month == month and chosen.year == year else None)

    def _cell(self, day: date, first: date, today: date) -> QTableWidgetItem:
        shown = self.days.get(day)
        if day.month != first.month or shown is None:
            item = QTableWidgetItem("")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            return item
        item = QTableWidgetItem(cell_text(shown))
        item.setData(Qt.ItemDataRole.UserRole, day)
        item.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        item.setToolTip(cell_text(shown).replace("\n", "　", 1))
        if not shown.open:
            item.setBackground(QBrush(QColor(CLOSED_BACKGROUND)))
            item.setForeground(QBrush(QColor(CLOSED_TEXT)))
        elif any(not s.staff_name for s in shown.slots):
            item.setForeground(QBrush(QColor(UNSTAFFED_TEXT)))  # a slot with nobody stands out
        if day == today:
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
        return item

    def cell_of(self, day: date) -> QTableWidgetItem | None:
        for row in range(self.rowCount()):
            for col in range(7):
                item = self.item(row, col)
                if item is not None and item.data(Qt.ItemDataRole.UserRole) == day:
                    return item
        return None

    def select_day(self, day: date | None) -> None:
        item = self.cell_of(day) if day else None
        if item is None:
            self.clearSelection()
            self._selection_changed()
        else:
            self.setCurrentItem(item)

    def selected_day(self) -> date | None:
        items = self.selectedItems()
        found = items[0].data(Qt.ItemDataRole.UserRole) if items else None
        return found if isinstance(found, date) else None

    def _selection_changed(self) -> None:
        self.day_selected.emit(self.selected_day())

    def _double_clicked(self, row: int, col: int) -> None:
        item = self.item(row, col)
        day = item.data(Qt.ItemDataRole.UserRole) if item else None
        if isinstance(day, date):
            self.day_activated.emit(day)

    def clear_month(self) -> None:
        self.days = {}
        self.clearContents()
        self.setRowCount(0)


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def month_title(year: int, month: int) -> str:
    return f"{year}年{month}月"
