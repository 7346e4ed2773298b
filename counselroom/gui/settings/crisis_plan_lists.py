"""One editable list of the crisis plan (队伍, 处置步骤, 联系方式): a titled table the lead types
into, with 添加/删除 and, for the ordered steps, 上移/下移."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

Values = tuple[str, ...]


class EditableListWidget(QWidget):
    edited = Signal()

    def __init__(
        self,
        what: str,
        headers: Sequence[str],
        suffixes: Sequence[str],
        *,
        widths: Sequence[int | None],
        editable: bool,
        ordered: bool = False,
        parent: QWidget | None = None,
    ):
        """`what` and `suffixes` are the words the domain's errors use (“处置步骤第 2 项说明”), so an
        error can point at its cell; a width of None stretches that column."""
        super().__init__(parent)
        self.what, self.suffixes = what, tuple(suffixes)
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        if not editable:
            self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        for column, width in enumerate(widths):
            if width is None:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            else:
                self.table.setColumnWidth(column, width)
        self.add_button, self.remove_button = QPushButton("添加"), QPushButton("删除")
        self.up_button, self.down_button = QPushButton("上移"), QPushButton("下移")
        row = QHBoxLayout()
        row.addWidget(QLabel(f"<b>{what}</b>"))
        row.addStretch(1)
        for button, shown in (
            (self.add_button, editable),
            (self.remove_button, editable),
            (self.up_button, editable and ordered),
            (self.down_button, editable and ordered),
        ):
            button.setVisible(shown)
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.table)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.table.itemChanged.connect(self._changed)

    def _changed(self, item: QTableWidgetItem) -> None:
        blocked = self.table.blockSignals(True)  # the tooltip is not an edit
        item.setToolTip(item.text())  # a long 分工 or 说明 is elided in its cell
        self.table.blockSignals(blocked)
        self.table.resizeRowToContents(item.row())
        self.edited.emit()

    # -- contents ------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Values]) -> None:
        self.table.blockSignals(True)  # loading is not editing
        self.table.setRowCount(0)
        for values in rows:
            self._append(values)
        self.table.blockSignals(False)
        self.table.resizeRowsToContents()

    def rows(self) -> list[Values]:
        """The filled rows; a row left wholly blank (an 添加 not used) is skipped."""
        return [values for _row, values in self._filled()]

    def _filled(self) -> list[tuple[int, Values]]:
        found = []
        for row in range(self.table.rowCount()):
            values = tuple(self._text(row, c) for c in range(self.table.columnCount()))
            if any(values):
                found.append((row, values))
        return found

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item else ""

    def _append(self, values: Values) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column in range(self.table.columnCount()):
            item = QTableWidgetItem(values[column] if column < len(values) else "")
            item.setToolTip(item.text())
            self.table.setItem(row, column, item)
        return row

    # -- the buttons ---------------------------------------------------------------------
    def add_row(self) -> None:
        row = self._append(("",) * self.table.columnCount())
        self.table.setCurrentCell(row, 0)
        self.table.editItem(self.table.item(row, 0))
        self.edited.emit()

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.edited.emit()

    def move_selected(self, delta: int) -> None:
        row = self.table.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        above, below = (self._take(r) for r in (row, target))
        for r, items in ((row, below), (target, above)):
            for column, item in enumerate(items):
                self.table.setItem(r, column, item)
        self.table.resizeRowsToContents()
        self.table.setCurrentCell(target, self.table.currentColumn())
        self.edited.emit()

    def _take(self, row: int) -> list[QTableWidgetItem]:
        return [self.table.takeItem(row, c) or QTableWidgetItem("") for c in range(self.table.columnCount())]

    def point_at(self, number: int | None, suffix: str) -> None:
        """Select the cell an error names: the `number`th filled row, the column of `suffix`."""
        filled = self._filled()
        if number is None or not 1 <= number <= len(filled):
            self.table.setFocus()
            return
        column = self.suffixes.index(suffix) if suffix in self.suffixes else 0
        self.table.setCurrentCell(filled[number - 1][0], column)
        self.table.setFocus()
