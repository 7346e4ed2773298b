"""设置's 成长导师人数提醒: a soft limit of students per mentor that only warns (the seeds set none)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSpinBox, QWidget

from counselroom.domain.roles import Permission
from counselroom.gui.service_runner import ServiceRunner
from counselroom.services.care import mentoring

NO_LIMIT = "不设"


class MentorLimitRow(QWidget):
    """0 (shown as 不设) or a number of students per mentor past which assigning one warns."""

    def __init__(self, runner: ServiceRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.limit = QSpinBox()
        self.limit.setRange(0, mentoring.MAX_MENTOR_LIMIT)
        self.limit.setSpecialValueText(NO_LIMIT)
        self.limit.setSuffix(" 名学生")
        self.limit.setToolTip("每位成长导师所带学生超过这个人数时，安排导师会给出提醒（不会拒绝）。0 为不设。")
        self.save = QPushButton("保存")
        can_edit = runner.actor.can(Permission.MANAGE_SETTINGS)
        self.limit.setEnabled(can_edit)
        self.save.setEnabled(can_edit)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.limit)
        row.addWidget(self.save)
        row.addStretch(1)
        self.save.clicked.connect(self._save)
        self.refresh()

    def refresh(self) -> None:
        self.limit.setValue(self.runner.call(mentoring.mentor_soft_limit, parent=self) or 0)

    def _save(self) -> None:
        self.runner.call(mentoring.set_mentor_soft_limit, self.limit.value() or None, parent=self)
