"""按班级录入: what the class dialogs of 谈心谈话 and 家访 share — a class chosen, its students ticked
(all at school by default), the common fields in a form above, one text per row, and a save that
is one service call. A refusal about row N selects the dialog's row that made it and keeps
everything typed; the dialog stays open (the page calls exec() again)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counselroom.domain.errors import CounselRoomError
from counselroom.gui.activities.directory import AT_SCHOOL, SchoolDirectory
from counselroom.gui.activities.discard_guard import AsksBeforeDiscarding
from counselroom.gui.activities.entry_strip import mark_invalid
from counselroom.gui.activities.tick_table import TickRow, TickTable
from counselroom.gui.widgets import error_label, hint_label
from counselroom.services.students.student_records import StudentListItem


class ClassEntryDialog(AsksBeforeDiscarding):
    unit = "人"  # what a row is, in the count under the table

    def __init__(
        self,
        title: str,
        hint: str,
        directory: SchoolDirectory,
        today: date,
        table: TickTable,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumSize(760, 560)
        self.resize(880, 680)  # room for a class of rows; fits 1366×768 with a taskbar
        self.directory = directory
        self.today = today
        self.table = table
        self.sent_rows: list[int] = []  # the table row of each entry sent, in order: row N of an error
        self.form = QFormLayout()
        self.class_box = QComboBox()
        self.class_box.setEditable(True)
        self.class_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.class_box.addItems(list(directory.class_choices()))
        self.class_box.setCurrentIndex(-1)
        self.class_box.lineEdit().setPlaceholderText("输入或选择班级，如 初一(1)班")
        self.form.addRow("班级", self.class_box)
        self.count = QLabel("")
        self.count.setObjectName("Muted")
        self.error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self._lay_out(hint)
        self.class_box.currentTextChanged.connect(self._class_chosen)
        self.table.ticks_changed.connect(self._counted)
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.cancel)
        self._counted()

    def _lay_out(self, hint: str) -> None:
        all_on, all_off = QPushButton("全选"), QPushButton("全不选")
        all_on.clicked.connect(lambda: self.table.tick_all(True))
        all_off.clicked.connect(lambda: self.table.tick_all(False))
        ticks = QHBoxLayout()
        ticks.addWidget(self.count, 1)
        ticks.addWidget(all_on)
        ticks.addWidget(all_off)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(hint))
        layout.addLayout(self.form)
        layout.addLayout(ticks)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def has_entry(self) -> bool:
        return bool(self.table.ticked_rows())

    # -- the class ---------------------------------------------------------------------------
    def choose_class(self, name: str) -> None:
        self.class_box.setCurrentText(name)

    def _class_chosen(self, name: str) -> None:
        found = self.directory.class_named(name)
        self.table.set_rows(self.rows_for(self.directory.students_in(found.name)) if found else [])
        self.error.setText(self._unknown_class(name) if found is None else "")
        mark_invalid(self.class_box, bool(self.error.text()))

    def _unknown_class(self, typed: str) -> str:
        """Said once the typing can no longer become a class: no class, no rows, and why."""
        typed = typed.strip()
        if not typed or any(c.startswith(typed) for c in self.directory.class_choices()):
            return ""
        return f"没有“{typed}”这个班级：请从列表中选择，或按 初一(1)班 的写法输入"

    def rows_for(self, students: Sequence[StudentListItem]) -> list[TickRow]:
        """One row per student; 休学 ones listed but not ticked."""
        return [TickRow((s.id,), s.name, s.student_no, note=_away(s), ticked=s.status in AT_SCHOOL) for s in students]

    def _counted(self) -> None:
        ticked = len(self.table.ticked_rows())
        self.count.setText(f"已选 {ticked} {self.unit}（共 {self.table.rowCount()} {self.unit}）")
        self.ok_button.setText(f"保存 {ticked} 条记录" if ticked else "保存")
        self.ok_button.setEnabled(ticked > 0)

    # -- saving ------------------------------------------------------------------------------
    def check(self) -> tuple[str, QWidget | None]:
        """A complaint about the common fields and the field, or ("", None)."""
        return "", None

    def _try_accept(self) -> None:
        problem, where = self.check()
        for widget in self.form_fields():
            mark_invalid(widget, widget is where)
        if problem:
            self.error.setText(problem)
            if where is not None:
                where.setFocus()
            return
        self.error.setText("")
        self.accept()

    def form_fields(self) -> list[QWidget]:
        return [self.class_box]

    def show_error(self, error: CounselRoomError) -> bool:
        """The service refused: row N is the Nth entry sent, shown with its name and selected."""
        if error.row is not None and 0 < error.row <= len(self.sent_rows):
            table_row = self.sent_rows[error.row - 1]
            self.table.point_at(table_row)
            where = f"第 {table_row + 1} 行（{self.table.tick_row(table_row).label}）"
            self.error.setText(f"{where}{'“' + error.field + '”' if error.field else ''}：{error.message}")
        else:
            self.error.setText(str(error))
        return True


def _away(student: StudentListItem) -> str:
    return student.status if student.status not in AT_SCHOOL else ""
