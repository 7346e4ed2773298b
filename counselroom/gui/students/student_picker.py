"""Choosing students in a form: type a name, pinyin initials or 学号, click a result to add it;
double-click a chosen one to remove it. One student, or several when `multiple()` says so
(团体辅导)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from counselroom.services.students.student_records import StudentListItem

NOT_FOUND = "没有找到。可输入姓名中的字、拼音首字母或学号"


class StudentPickerWidget(QWidget):
    changed = Signal()

    def __init__(
        self,
        search: Callable[[str], Sequence[StudentListItem]],
        multiple: Callable[[], bool],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._search, self._multiple = search, multiple
        self.search = QLineEdit()
        self.search.setPlaceholderText("输入姓名、拼音首字母或学号，在结果中点选")
        self.results = QListWidget()
        self.results.setMaximumHeight(96)
        self.chosen = QListWidget()
        self.chosen.setMaximumHeight(64)
        self.chosen.setToolTip("已选学生；双击移除")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.search, self.results, self.chosen):
            layout.addWidget(widget)
        self.search.textChanged.connect(self._find)
        self.results.itemClicked.connect(self._pick)
        self.results.itemActivated.connect(self._pick)
        self.chosen.itemDoubleClicked.connect(self._remove)

    def _find(self, text: str) -> None:
        self.results.clear()
        if not text.strip():
            return
        for student in self._search(text):
            item = QListWidgetItem(f"{student.name}　{student.class_name}　{student.student_no}")
            item.setData(Qt.ItemDataRole.UserRole, student)
            self.results.addItem(item)
        if self.results.count() == 0:
            empty = QListWidgetItem(NOT_FOUND)
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(empty)

    def _pick(self, item: QListWidgetItem) -> None:
        student = item.data(Qt.ItemDataRole.UserRole)
        if student is not None:
            self.add_student(student.id, f"{student.name}　{student.class_name}")

    def _remove(self, item: QListWidgetItem) -> None:
        self.chosen.takeItem(self.chosen.row(item))
        self.changed.emit()

    def add_student(self, student_id: int, label: str) -> None:
        if not self._multiple():
            self.chosen.clear()  # one student (or, for 家长咨询, the one concerned)
        if student_id not in self.student_ids():
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, student_id)
            self.chosen.addItem(item)
        self.changed.emit()

    def keep_one(self) -> None:
        """After switching from 团体辅导 to a one-student type."""
        while self.chosen.count() > 1:
            self.chosen.takeItem(self.chosen.count() - 1)

    def fix(self) -> None:
        """The students are given (scheduling from the waitlist): only show them."""
        self.search.hide()
        self.results.hide()
        self.chosen.setEnabled(False)

    def student_ids(self) -> list[int]:
        return [self.chosen.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.chosen.count())]
