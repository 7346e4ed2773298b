"""Small dialogs of the student file."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QWidget

from counselroom.domain.students.student_facts import StudentStatus
from counselroom.gui.session.account_dialogs import _FormDialog
from counselroom.services.students.student_records import ALLOWED_STATUS_CHANGES


class StatusChangeDialog(_FormDialog):
    """休学、复学、转出、毕业 with a date and a reason."""

    def __init__(self, current: str, parent: QWidget | None = None):
        super().__init__("变更学籍状态", f"当前状态：{current}。变动会记入学籍变动记录。", parent)
        self.status = QComboBox()
        for status in sorted(ALLOWED_STATUS_CHANGES[StudentStatus(current)]):
            self.status.addItem(status.value, status)
        self.on_date = QDateEdit(QDate.currentDate())
        self.on_date.setCalendarPopup(True)
        self.on_date.setDisplayFormat("yyyy-MM-dd")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("例如：因病休学，附医院证明")
        self.form.addRow("改为", self.status)
        self.form.addRow("日期", self.on_date)
        self.form.addRow("原因", self.reason)

    def check(self) -> str:
        if self.status.count() == 0:
            return "当前状态不能再变更"
        return "" if self.reason.text().strip() else "请写明原因"

    def chosen(self) -> StudentStatus:
        return StudentStatus(self.status.currentData())
