"""导入学生名单: pick the school's sheet, see what would change and what is wrong, then import.

Nothing is written until 导入; 导入 stays disabled while any row is wrong, and the service
re-checks the file itself, so a sheet edited after the preview cannot slip through. Both steps
run on a worker thread with a progress window: reading 5,000 rows takes a second or two, and
the window must keep repainting. The check may be cancelled; the import (one transaction) not.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counselroom.domain.students.enrolment_rules import RowError
from counselroom.gui.models import Index, RowTableModel
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.tables import read_only_table
from counselroom.gui.widgets import error_label, hint_label, primary_button, title_label
from counselroom.services.accounts.session import Changes
from counselroom.services.students.enrolment_import import (
    EnrolmentPreview,
    RowChange,
    apply_enrolment_import,
    preview_enrolment_import,
)

ERROR_RED = QColor("#c0392b")


class EnrolmentChangeTableModel(RowTableModel[RowChange]):
    columns = (
        ("行", lambda c: c.row),
        ("学号", lambda c: c.student_no),
        ("姓名", lambda c: c.name),
        ("班级", lambda c: c.class_name),
        ("变化", lambda c: c.kind if not c.changed else f"{c.kind}：{'、'.join(c.changed)}"),
    )


class RowErrorTableModel(RowTableModel[RowError]):
    columns = (("行", lambda e: e.row), ("列", lambda e: e.column), ("原因", lambda e: e.message))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if index.isValid() and role == Qt.ItemDataRole.ForegroundRole:
            return ERROR_RED
        return super().data(index, role)


class EnrolmentImportDialog(QDialog):
    def __init__(self, runner: ServiceRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.path: Path | None = None
        self.preview: EnrolmentPreview | None = None
        self.imported: Changes | None = None
        self.setWindowTitle("导入学生名单")
        self.resize(820, 560)
        self.changes_model = EnrolmentChangeTableModel()
        self.errors_model = RowErrorTableModel()
        self._build()

    def _build(self) -> None:
        self.path_field = QLineEdit()
        self.path_field.setReadOnly(True)
        self.path_field.setPlaceholderText("尚未选择文件")
        self.choose_button = QPushButton("选择文件…")
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.problem = error_label()
        self.tabs = QTabWidget()
        self.tabs.addTab(read_only_table(self.changes_model), "新增与更新")
        self.tabs.addTab(read_only_table(self.errors_model), "错误")
        self.import_button = primary_button("导入")
        self.import_button.setEnabled(False)
        self.close_button = QPushButton("关闭")
        self.close_button.setAutoDefault(False)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_field, 1)
        file_row.addWidget(self.choose_button)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label("导入学生名单"))
        layout.addWidget(
            hint_label(
                "选择学校导出的名单（Excel .xlsx 或 CSV）。程序先逐行检查并列出将新增、"
                "更新的学生；只要有一行有误，就不会导入任何内容，改正后重新选择文件即可。"
                "按学号对应已有学生，重复导入同一份名单不会改变任何数据。"
            )
        )
        layout.addLayout(file_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.problem)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.choose_button.clicked.connect(self.choose_file)
        self.import_button.clicked.connect(self.import_roster)
        self.close_button.clicked.connect(self.reject)

    # -- steps ---------------------------------------------------------------------------
    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, "选择名单文件", "", "学生名单 (*.xlsx *.csv);;所有文件 (*)")
        if name:
            self.set_path(Path(name))

    def set_path(self, path: Path) -> None:
        """Preview `path` (also how tests choose a file without the file dialog)."""
        self.path = path
        self.imported = None
        self.path_field.setText(str(path))
        self._check(path)

    def import_roster(self) -> None:
        if self.path is None or self.preview is None or not self.preview.ok:
            return
        changes = self.runner.run_in_worker(apply_enrolment_import, self.path, label="正在导入名单…", parent=self)
        if changes is None:  # the file changed since the preview: show what it says now
            self._check(self.path)
            return
        self.imported = changes
        self.import_button.setEnabled(False)
        self.summary.setText(f"导入完成。{changes.summary}。可以关闭此窗口。")

    def _check(self, path: Path) -> None:
        preview = self.runner.run_in_worker(
            preview_enrolment_import, path, label="正在读取并检查名单…", cancellable=True, parent=self
        )
        self._show(preview)
        if preview is None and self.runner.last_job_cancelled:
            self.problem.setText("已取消检查，未导入任何内容。可以重新选择文件。")

    def _show(self, preview: EnrolmentPreview | None) -> None:
        self.preview = preview
        self.changes_model.set_rows(preview.changes if preview else [])
        self.errors_model.set_rows(preview.errors if preview else [])
        self.tabs.setTabText(0, f"新增与更新（{len(preview.changes) if preview else 0}）")
        self.tabs.setTabText(1, f"错误（{len(preview.errors) if preview else 0}）")
        self.summary.setText(_summary(preview) if preview else "")
        self.problem.setText(_problem(preview) if preview else "无法读取此文件，请选择其他文件。")
        self.tabs.setCurrentIndex(1 if preview and not preview.ok else 0)  # errors first, if any
        self.import_button.setEnabled(bool(preview and preview.ok and (preview.new or preview.updated)))

    def done(self, result: int) -> None:
        self.changes_model.clear()  # names must not outlive the dialog (or a lock)
        self.errors_model.clear()
        super().done(result)


def _summary(preview: EnrolmentPreview) -> str:
    text = f"“{preview.file_name}”：{preview.counts}。"
    if preview.new_classes:
        text += f"将新建班级：{'、'.join(preview.new_classes)}。"
    if preview.ignored_columns:
        text += f"以下列不会导入：{'、'.join(preview.ignored_columns)}。"
    if preview.ok and not (preview.new or preview.updated):
        text += "名单与现有数据一致，无需导入。"
    return text


def _problem(preview: EnrolmentPreview) -> str:
    if preview.ok:
        return ""
    return f"有 {len(preview.errors)} 处错误（见“错误”页），未导入任何内容。请在 Excel 中改正后重新选择文件。"
