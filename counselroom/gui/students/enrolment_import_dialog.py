"""导入学生名单: pick the school's sheet, see what would change and what is wrong, then import.

The frame (nothing written until 导入, the service re-reading the file, the worker and its
progress window — reading 5,000 rows takes a second or two) is gui/file_import_dialog.py's.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from counselroom.gui.file_import_dialog import FileImportDialog
from counselroom.gui.models import RowTableModel
from counselroom.gui.service_runner import ServiceRunner
from counselroom.services.students.enrolment_import import (
    EnrolmentPreview,
    RowChange,
    apply_enrolment_import,
    preview_enrolment_import,
)

HINT = (
    "选择学校导出的名单（Excel .xlsx 或 CSV）。程序先逐行检查并列出将新增、"
    "更新的学生；只要有一行有误，就不会导入任何内容，改正后重新选择文件即可。"
    "按学号对应已有学生，重复导入同一份名单不会改变任何数据。"
)


class EnrolmentChangeTableModel(RowTableModel[RowChange]):
    columns = (
        ("行", lambda c: c.row),
        ("学号", lambda c: c.student_no),
        ("姓名", lambda c: c.name),
        ("班级", lambda c: c.class_name),
        ("变化", lambda c: c.kind if not c.changed else f"{c.kind}：{'、'.join(c.changed)}"),
    )


class EnrolmentImportDialog(FileImportDialog):
    def __init__(self, runner: ServiceRunner, parent: QWidget | None = None):
        self.changes_model = EnrolmentChangeTableModel()
        self.preview: EnrolmentPreview | None = None
        super().__init__(
            runner,
            parent,
            title="导入学生名单",
            hint=HINT,
            file_label="名单文件",
            file_filter="学生名单 (*.xlsx *.csv);;所有文件 (*)",
            tables=[(self.changes_model, "新增与更新")],
        )

    def check(self) -> None:
        if self.path is None:
            return
        self.preview = self.run_check(preview_enrolment_import, self.path, label="正在读取并检查名单…")
        if self.preview is not None:
            preview = self.preview
            can_import = bool(preview.new or preview.updated)
            self.show_tables(_summary(preview), [preview.changes, preview.errors], can_import=can_import)

    def import_file(self) -> None:
        if self.path is not None and self.preview is not None and self.preview.ok:
            self.run_import(apply_enrolment_import, self.path, label="正在导入名单…", checked=self.preview)


def _summary(preview: EnrolmentPreview) -> str:
    text = f"“{preview.file_name}”：{preview.counts}。"
    if preview.new_classes:
        text += f"将新建班级：{'、'.join(preview.new_classes)}。"
    if preview.ignored_columns:
        text += f"以下列不会导入：{'、'.join(preview.ignored_columns)}。"
    if preview.ok and not (preview.new or preview.updated):
        text += "名单与现有数据一致，无需导入。"
    return text
