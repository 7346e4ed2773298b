"""候补名单: who is waiting (first come first), add a student, schedule one (through the page's
booking dialog, so the same conflict checks apply), or take one off the list with a reason."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counselroom.gui.care.warning_dialogs import reason_field
from counselroom.gui.models import RowTableModel
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.session.account_dialogs import FormDialog
from counselroom.gui.tables import read_only_table
from counselroom.gui.widgets import hint_label, primary_button
from counselroom.services.scheduling import waitlist
from counselroom.services.scheduling.appointment_views import CounselorChoice
from counselroom.services.scheduling.waitlist import WaitlistEntry
from counselroom.services.students import student_records
from counselroom.services.students.student_records import StudentListItem

EMPTY = "候补名单为空。约不上时间的学生可以先加入候补，有空档时再安排。"


class WaitlistTableModel(RowTableModel[WaitlistEntry]):
    columns = (
        ("学生", lambda e: e.student_name),
        ("班级", lambda e: e.class_name),
        ("希望的老师", lambda e: e.counselor_name or "不限"),
        ("希望的时间", lambda e: e.preferred_times),
        ("原因", lambda e: e.reason),
        ("加入日期", lambda e: e.added_on.isoformat()),
        ("已等（天）", lambda e: e.waited_days),
    )


class AddWaitlistDialog(FormDialog):
    def __init__(
        self,
        search: Callable[[str], Sequence[StudentListItem]],
        counselors: Sequence[CounselorChoice],
        parent: QWidget | None = None,
    ):
        super().__init__("加入候补", "学生暂时约不上时间：记下希望的老师和时间，有空档时从候补名单安排。", parent)
        self._search = search
        self.search = QLineEdit()
        self.search.setPlaceholderText("输入姓名、拼音首字母或学号")
        self.results = QListWidget()
        self.results.setMaximumHeight(110)
        self.counselor = QComboBox()
        self.counselor.addItem("不限", None)
        for c in counselors:
            self.counselor.addItem(c.name, c.id)
        self.times = QLineEdit()
        self.times.setPlaceholderText("例如：周二、周四午休")
        self.reason = reason_field("例如：班主任推荐，近期考试焦虑")
        for label, field in (
            ("学生", self.search),
            ("", self.results),
            ("希望的老师", self.counselor),
            ("希望的时间", self.times),
            ("原因", self.reason),
        ):
            self.form.addRow(label, field)
        self.search.textChanged.connect(self._find)

    def _find(self, text: str) -> None:
        self.results.clear()
        for student in self._search(text) if text.strip() else []:
            item = QListWidgetItem(f"{student.name}　{student.class_name}　{student.student_no}")
            item.setData(Qt.ItemDataRole.UserRole, student.id)
            self.results.addItem(item)
        if self.results.count() == 1:
            self.results.setCurrentRow(0)

    def check(self) -> str:
        item = self.results.currentItem()
        return "" if item is not None and item.isSelected() else "请先搜索并在结果中选定一名学生"

    def values(self) -> dict[str, object]:
        return {
            "student_id": self.results.currentItem().data(Qt.ItemDataRole.UserRole),
            "counselor_id": self.counselor.currentData(),
            "preferred_times": self.times.text(),
            "reason": self.reason.text(),
        }


class RemoveWaitlistDialog(FormDialog):
    def __init__(self, entry: WaitlistEntry, parent: QWidget | None = None):
        super().__init__("移出候补", f"将{entry.student_name}（{entry.class_name}）移出候补名单。", parent)
        self.reason = reason_field("例如：学生表示暂不需要")
        self.form.addRow("原因", self.reason)

    def check(self) -> str:
        return "" if len(self.reason.text().strip()) >= 2 else "请写明移出原因"

    def values(self) -> dict[str, object]:
        return {"reason": self.reason.text()}


class WaitlistDialog(QDialog):
    """`schedule(entry)` opens the page's booking dialog for the entry and returns True once booked."""

    def __init__(
        self,
        runner: ServiceRunner,
        counselors: Sequence[CounselorChoice],
        schedule: Callable[[WaitlistEntry], bool],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("候补名单")
        self.resize(820, 420)
        self.runner, self.counselors, self._schedule = runner, counselors, schedule
        self.model = WaitlistTableModel()
        self.table = read_only_table(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.empty = hint_label(EMPTY)
        self.add_button = primary_button("加入候补…")
        self.schedule_button = QPushButton("安排预约…")
        self.remove_button = QPushButton("移出候补…")
        buttons = QHBoxLayout()
        for button in (self.schedule_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add_entry)
        self.schedule_button.clicked.connect(self.schedule_entry)
        self.remove_button.clicked.connect(self.remove_entry)
        self.table.doubleClicked.connect(lambda _i: self.schedule_entry())
        self.refresh()

    def refresh(self) -> None:
        rows = self.runner.call(waitlist.list_waitlist, parent=self) or []
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        for button in (self.schedule_button, self.remove_button):
            button.setEnabled(bool(rows))
        if rows:
            self.table.selectRow(0)

    def selected(self) -> WaitlistEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def add_entry(self) -> None:
        search = lambda text: self.runner.call(student_records.search_students, text, parent=self) or []  # noqa: E731
        dialog = AddWaitlistDialog(search, self.counselors, self)
        if dialog.exec() and self.runner.call(waitlist.add_to_waitlist, parent=self, **dialog.values()):
            self.refresh()

    def schedule_entry(self) -> None:
        entry = self.selected()
        if entry is not None and self._schedule(entry):
            self.refresh()

    def remove_entry(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        dialog = RemoveWaitlistDialog(entry, self)
        if dialog.exec() and self.runner.call(waitlist.remove_from_waitlist, entry.id, parent=self, **dialog.values()):
            self.refresh()
