"""What every record tab of the 活动 page shares: the quick entry row (for those who record), a line
that counts the term's records, the bulk-entry and 删除 buttons, and the term's records as a table
(newest first) with 删除 on its right-click menu. Subclasses say what is listed and how it is saved."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from counselroom.gui.activities.directory import SchoolDirectory
from counselroom.gui.activities.entry_strip import EntryStrip
from counselroom.gui.models import RowTableModel
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.tables import read_only_table
from counselroom.gui.widgets import hint_label
from counselroom.services.school.school_calendar import Term
from counselroom.system import clock


class RecordTab(QWidget):
    empty_text = ""  # what to do first when the term has no record yet
    record_word = "记录"  # 谈话, 家访 … in "删除这条谈话记录"

    def __init__(
        self,
        runner: ServiceRunner,
        directory: Callable[[], SchoolDirectory],
        model: RowTableModel[Any],
        *,
        may_write: bool,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.runner = runner
        self.directory = directory
        self.model = model
        self.may_write = may_write
        self.term: Term | None = None
        self.table = read_only_table(model)
        wide = getattr(model, "WIDE", None)  # the free-text column takes the room left, not the last
        if wide is not None:
            header = self.table.horizontalHeader()
            header.setStretchLastSection(False)
            header.setSectionResizeMode(wide, QHeaderView.ResizeMode.Stretch)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._menu)
        self.count_label = QLabel("")
        self.count_label.setObjectName("Muted")
        read_only = f"这个学期还没有{self.record_word}记录。"
        self.empty = hint_label(self.empty_text if may_write else read_only)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)  # takes the table's room
        self.delete_button = QPushButton("删除…")
        self.delete_button.setToolTip("删除选中的记录（录错时用）")
        self.delete_button.setVisible(may_write)
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self.delete_selected)
        delete_key = QAction(self.table)
        delete_key.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete_key.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.triggered.connect(self.delete_selected)
        self.table.addAction(delete_key)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.note = QLabel("")  # a line under the counts (the 六谈 numbers per category)
        self.note.setObjectName("Muted")
        self.note.setWordWrap(True)
        self.note.hide()
        self.strip: EntryStrip | None = None
        if may_write:
            self.strip = EntryStrip()
            self.fill_strip(self.strip)
            self.strip.finish()
        self._lay_out()

    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.setSpacing(8)
        if self.strip is not None:
            layout.addWidget(self.strip)
            self.strip.submitted.connect(self.save_entry)
        actions = QHBoxLayout()
        actions.addWidget(self.count_label, 1)
        for button in self.extra_buttons() if self.may_write else []:
            actions.addWidget(button)
        actions.addWidget(self.delete_button)
        layout.addLayout(actions)
        layout.addWidget(self.note)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)

    # -- for subclasses ------------------------------------------------------------------
    def fill_strip(self, strip: EntryStrip) -> None:
        """Add the quick entry fields, first to last (only for those who may record)."""

    def extra_buttons(self) -> Sequence[QPushButton]:
        return ()

    def load(self, term: Term) -> list[Any] | None:
        """The term's records, newest first; None when the service refused (it said why)."""
        return []

    def count_text(self, rows: Sequence[Any]) -> str:
        return f"本学期 {len(rows)} 条"

    def save_entry(self) -> None:
        """The quick entry row's Enter."""

    def delete_call(self, row: Any) -> object:
        """Ask the service to delete one record; its result (None when refused)."""
        return None

    def describe(self, row: Any) -> str:
        """The record in a few words for the 删除 question."""
        return f"{row.held_on.isoformat()} 的{self.record_word}"

    def run_dialog(self, dialog: QDialog, save: Callable[[Any], object]) -> bool:
        """Show a bulk dialog until its one service call is taken or the teacher cancels: a refusal
        keeps it open with everything typed. Then it goes, and the names it held with it."""
        try:
            while dialog.exec():
                if save(dialog) is not None:
                    return True
            return False
        finally:
            dialog.deleteLater()

    # -- shared ----------------------------------------------------------------------------
    def show_term(self, term: Term | None) -> None:
        self.term = term
        self.refresh()

    def refresh(self) -> None:
        rows = self.load(self.term) if self.term is not None else []
        self.model.set_rows(rows or [])
        self.count_label.setText(self.count_text(rows or []) if self.term is not None else "")
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))
        self._selection_changed()

    def set_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def clear(self) -> None:
        """Locked: nothing shown stays on screen, nothing typed stays in the entry row."""
        self.model.clear()
        self.count_label.setText("")
        self.set_note("")
        if self.strip is not None:
            for field in self.strip.fields.values():
                if isinstance(field, QLineEdit):
                    field.clear()
            self.strip.forget()

    def today(self):  # type: ignore[no-untyped-def]
        return clock.now().date()

    def selected_row(self) -> Any | None:
        index = self.table.currentIndex()
        chosen = self.table.selectionModel().selectedRows()
        if not chosen or not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row_at(index.row())

    def selected_rows(self) -> list[Any]:
        """Every row selected (Shift/Ctrl+click): a whole wrong class entry is deleted at once."""
        chosen = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(r) for r in chosen if r < self.model.rowCount()]

    def _selection_changed(self) -> None:
        count = len(self.selected_rows())
        self.delete_button.setEnabled(count > 0)
        self.delete_button.setText(f"删除 {count} 条…" if count > 1 else "删除…")

    def _menu(self, point: QPoint) -> None:
        index = self.table.indexAt(point)
        if not self.may_write or not index.isValid():
            return
        self.table.selectRow(index.row())
        menu = QMenu(self)
        menu.addAction(f"删除这条{self.record_word}记录…", self.delete_selected)
        menu.exec(self.table.viewport().mapToGlobal(point))

    def delete_selected(self) -> None:
        rows = self.selected_rows()
        if not rows or not self.may_write:
            return
        what = self.describe(rows[0]) if len(rows) == 1 else f"选中的 {len(rows)} 条{self.record_word}记录"
        answer = QMessageBox.question(
            self,
            "删除记录",
            f"删除{what}吗？\n删除后不能恢复；录错的记录删除后可重新录入。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        done = 0
        for row in rows:  # each through the one deletion service; a refusal is shown and stops here
            if self.delete_call(row) is None:
                break
            done += 1
        if len(rows) > 1 and self.strip is not None:
            left = f"，其余 {len(rows) - done} 条未删除" if done < len(rows) else ""
            self.strip.show_done(f"已删除 {done} 条{self.record_word}记录{left}")
