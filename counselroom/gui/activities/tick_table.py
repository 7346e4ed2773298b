"""The students of a class as ticked rows, for entering one thing for many at once (按班级录入):
the name ticked (all who are at school, by default), what the row adds (siblings), a text the
teacher may type per row (主题, 情况) and 需跟进. Rows are numbered as the error messages count."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget


@dataclass(frozen=True)
class TickRow:
    """One row: the students it is about (a family may be two), shown as `label`."""

    student_ids: tuple[int, ...]
    label: str
    number: str = ""  # 学号
    note: str = ""  # e.g. 同一家庭：李四（初二(3)班）
    ticked: bool = True


class TickTable(QTableWidget):
    ticks_changed = Signal()

    NAME, NUMBER, NOTE = 0, 1, 2

    def __init__(self, text_header: str, *, note_header: str = "", parent: QWidget | None = None):
        headers = ["学生", "学号", note_header, text_header, "需跟进"]
        super().__init__(0, len(headers), parent)
        self.TEXT, self.FLAG = 3, 4
        self.setHorizontalHeaderLabels(headers)
        self.setColumnHidden(self.NOTE, not note_header)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.TEXT, QHeaderView.ResizeMode.Stretch)
        self._rows: list[TickRow] = []
        self.itemChanged.connect(lambda item: self.ticks_changed.emit() if item.column() == self.NAME else None)

    def set_rows(self, rows: Sequence[TickRow]) -> None:
        self.blockSignals(True)
        self._rows = list(rows)
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            self._put(r, row)
        self.blockSignals(False)
        self.ticks_changed.emit()

    def _put(self, r: int, row: TickRow) -> None:
        name = QTableWidgetItem(row.label)
        name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
        name.setCheckState(Qt.CheckState.Checked if row.ticked else Qt.CheckState.Unchecked)
        self.setItem(r, self.NAME, name)
        for column, text in ((self.NUMBER, row.number), (self.NOTE, row.note)):
            item = QTableWidgetItem(text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.setItem(r, column, item)
        self.setItem(r, self.TEXT, QTableWidgetItem(""))
        flag = QTableWidgetItem("")
        flag.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
        flag.setCheckState(Qt.CheckState.Unchecked)
        self.setItem(r, self.FLAG, flag)

    def tick_row(self, r: int) -> TickRow:
        return self._rows[r]

    def is_ticked(self, r: int) -> bool:
        return self.item(r, self.NAME).checkState() == Qt.CheckState.Checked

    def tick(self, r: int, on: bool) -> None:
        self.item(r, self.NAME).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def tick_all(self, on: bool) -> None:
        self.blockSignals(True)
        for r in range(self.rowCount()):
            self.tick(r, on)
        self.blockSignals(False)
        self.ticks_changed.emit()

    def ticked_rows(self) -> list[int]:
        return [r for r in range(self.rowCount()) if self.is_ticked(r)]

    def text(self, r: int) -> str:
        item = self.item(r, self.TEXT)
        return item.text().strip() if item is not None else ""

    def set_text(self, r: int, text: str) -> None:
        self.item(r, self.TEXT).setText(text)

    def flagged(self, r: int) -> bool:
        return self.item(r, self.FLAG).checkState() == Qt.CheckState.Checked

    def set_flag(self, r: int, on: bool) -> None:
        self.item(r, self.FLAG).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def point_at(self, r: int) -> None:
        """The row a complaint is about: selected, scrolled to, its text cell current."""
        self.selectRow(r)
        self.setCurrentCell(r, self.TEXT)
        self.scrollToItem(self.item(r, self.NAME))
