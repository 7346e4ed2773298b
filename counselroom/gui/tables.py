"""One way to make a read-only table, so every list sorts, selects and sizes alike."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from counselroom.gui.models import RowTableModel

# Sizing columns to their contents reads every row; for a school of thousands that took seconds.
# Qt can look at only the first rows, which is enough to fit the widths.
SIZING_ROWS = 60


def fit_columns(view: QTableView, *, stretch_last: bool = True) -> None:
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setResizeContentsPrecision(SIZING_ROWS)
    header.setStretchLastSection(stretch_last)


def read_only_table(model: RowTableModel) -> QTableView:  # type: ignore[type-arg]
    view = QTableView()
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().hide()
    fit_columns(view)
    return view
