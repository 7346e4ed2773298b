"""Small dialogs of the student file."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QLabel, QLineEdit, QPlainTextEdit, QWidget

from counselroom.domain.students.student_facts import StudentStatus
from counselroom.gui.care.warning_dialogs import date_field, picked_date
from counselroom.gui.session.account_dialogs import _FormDialog
from counselroom.services.students.student_records import ALLOWED_STATUS_CHANGES


class StatusChangeDialog(_FormDialog):
    """休学、复学、转出、毕业 with a date and a reason. 休学 and 复学 go on to their own dialog (the
    expected return; the 复学评估, documents and check-in plan): gui/students/leave_return_tab."""

    def __init__(self, current: str, parent: QWidget | None = None):
        super().__init__("变更学籍状态", f"当前状态：{current}。变动会记入学籍变动记录。", parent)
        self.status = QComboBox()
        for status in sorted(ALLOWED_STATUS_CHANGES[StudentStatus(current)]):
            self.status.addItem(status.value, status)
        self.on_date = QDateEdit(QDate.currentDate())
        self.on_date.setCalendarPopup(True)
        self.on_date.setDisplayFormat("yyyy-MM-dd")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("例如：随父母迁居外省")
        self.next_step = QLabel("")
        self.form.addRow("改为", self.status)
        self.form.addRow("日期", self.on_date)
        self.form.addRow("原因", self.reason)
        self.form.addRow(self.next_step)
        self.status.currentIndexChanged.connect(self._show_next_step)
        self._show_next_step()

    def has_own_dialog(self) -> bool:
        return self.status.count() > 0 and self.chosen() in (StudentStatus.SUSPENDED, StudentStatus.RESUMED)

    def _show_next_step(self) -> None:
        own = self.has_own_dialog()
        self.on_date.setEnabled(not own)
        self.reason.setEnabled(not own)
        self.next_step.setText(f"点“确定”后填写{self.chosen()}信息。" if own else "")

    def check(self) -> str:
        if self.status.count() == 0:
            return "当前状态不能再变更"
        return "" if self.has_own_dialog() or self.reason.text().strip() else "请写明原因"

    def chosen(self) -> StudentStatus:
        return StudentStatus(self.status.currentData())


class PlanReviewDialog(_FormDialog):
    """一人一案复查: what this stage did, what changes, the plan as it now is, the next review."""

    def __init__(self, goals: str, measures: str, today: date, parent: QWidget | None = None):
        super().__init__("一人一案复查", "根据帮扶效果动态调整一人一案；每次复查都会保留在复查记录中。", parent)
        self.setMinimumWidth(560)
        self.reviewed_on = date_field(today, latest=today)
        self.what_worked = _box("这一阶段做了什么、学生有什么变化（如：每周谈话一次，作业按时交了）")
        self.changes = _box("要调整什么（可不填）")
        self.goals = _box("")
        self.goals.setPlainText(goals)
        self.measures = _box("")
        self.measures.setPlainText(measures)
        self.has_next = QCheckBox("安排下次复查")
        self.has_next.setChecked(True)
        self.next_review = date_field(today + timedelta(days=30), earliest=today + timedelta(days=1))
        self.has_next.toggled.connect(self.next_review.setEnabled)
        self.form.addRow("复查日期", self.reviewed_on)
        self.form.addRow("效果", self.what_worked)
        self.form.addRow("调整", self.changes)
        self.form.addRow("帮扶目标", self.goals)
        self.form.addRow("帮扶措施", self.measures)
        self.form.addRow(self.has_next, self.next_review)

    def check(self) -> str:
        if not self.what_worked.toPlainText().strip():
            return "请写明这一阶段的效果"
        if not self.goals.toPlainText().strip() or not self.measures.toPlainText().strip():
            return "请写明调整后的帮扶目标和措施"
        return ""

    def values(self) -> dict[str, object]:
        return {
            "reviewed_on": picked_date(self.reviewed_on),
            "what_worked": self.what_worked.toPlainText(),
            "changes": self.changes.toPlainText(),
            "next_review": picked_date(self.next_review) if self.has_next.isChecked() else None,
            "goals": self.goals.toPlainText(),
            "measures": self.measures.toPlainText(),
        }


def _box(placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setMinimumHeight(56)
    box.setTabChangesFocus(True)
    return box
