"""预警 → 给班主任的名单…: a counselor or the lead picks a class and states the purpose; the list
is built, previewed, then saved where they choose (export_flow.py) — watermarked and audited by
the service (services/exports/class_list.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from counselroom.gui.exports.export_flow import export_document
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.session.account_dialogs import FormDialog
from counselroom.services.exports import class_list
from counselroom.services.exports.class_list import ClassChoice

HINT = (
    "名单只含该班在预警名单上的学生：学号、姓名、性别、关注等级、负责心理教师和下次复评日期，"
    "不含列入原因、辅导记录或测评结果。文件带有导出人、时间、用途和导出编号的水印，导出记入审计日志。"
)


class ClassListDialog(FormDialog):
    def __init__(self, choices: list[ClassChoice], parent: QWidget | None = None):
        super().__init__("给班主任的关注名单", HINT, parent)
        self.setMinimumWidth(520)
        self.class_box = QComboBox()
        for c in choices:
            teacher = f"班主任 {c.head_teacher}" if c.head_teacher else "未填班主任"
            self.class_box.addItem(f"{c.name}（{teacher}，预警名单 {c.on_list} 人）", c.class_id)
        first_listed = next((i for i, c in enumerate(choices) if c.on_list), 0)
        self.class_box.setCurrentIndex(first_listed)
        self.choices = choices
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("例如：请班主任日常关注；期中家长会前沟通")
        self.form.addRow("班级", self.class_box)
        self.form.addRow("用途", self.reason)

    def check(self) -> str:
        chosen = self.choices[self.class_box.currentIndex()] if self.choices else None
        if chosen is None:
            return "还没有班级"
        if not chosen.on_list:
            return f"{chosen.name}没有学生在预警名单上，无需导出"
        return "" if len(self.reason.text().strip()) >= 2 else "请写明用途（至少 2 个字）"

    def values(self) -> dict[str, Any]:
        return {"class_id": self.class_box.currentData(), "reason": self.reason.text().strip()}


def ask_class_list(parent: QWidget | None, choices: list[ClassChoice]) -> dict[str, Any] | None:
    dialog = ClassListDialog(choices, parent)
    return dialog.values() if dialog.exec() else None


def export_class_list(parent: QWidget | None, runner: ServiceRunner) -> bool:
    choices = runner.call(class_list.class_list_choices, parent=parent)
    if choices is None:
        return False
    values = ask_class_list(parent, choices)
    if values is None:
        return False
    return export_document(parent, runner, class_list.class_list, class_list.save_class_list, **values)
