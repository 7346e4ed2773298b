"""The frame every 导入 dialog shares (学生名单, 课表, and those to come): choose a file, read the
preview's summary and its tables — errors in red on their own tab — then 导入, or 关闭.

Nothing is written until 导入, which stays disabled while any row is wrong; the service re-reads
the file itself, so a sheet edited after the preview cannot slip through. Both steps run on the
worker with a progress window; the check may be cancelled, the import (one transaction) not. The
tables are emptied when the dialog closes: names must not outlive it (or a lock).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counselroom.gui.models import Index, RowTableModel
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.tables import read_only_table
from counselroom.gui.widgets import error_label, hint_label, primary_button, title_label
from counselroom.services.accounts.session import Changes

ERROR_RED = QColor("#c0392b")
UNREADABLE = "无法读取此文件，请选择其他文件。"
CANCELLED = "已取消检查，未导入任何内容。可以重新选择文件。"


class RowProblem(Protocol):
    """What every import's row error has (enrolment, timetable, screening)."""

    @property
    def row(self) -> int | None: ...  # None: the file as a whole
    @property
    def column(self) -> str: ...
    @property
    def message(self) -> str: ...


class RowErrorTableModel(RowTableModel[RowProblem]):
    columns = (("行", lambda e: e.row or ""), ("列", lambda e: e.column), ("原因", lambda e: e.message))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if index.isValid() and role == Qt.ItemDataRole.ForegroundRole:
            return ERROR_RED
        return super().data(index, role)


def errors_problem(count: int) -> str:
    """The red line under the summary when any row is wrong."""
    return f"有 {count} 处错误（见“错误”页），未导入任何内容。请在 Excel 中改正后重新选择文件。"


class FileImportDialog(QDialog):
    """Subclasses give the texts and tables, add their own fields to `form`, and implement
    `check` (preview the chosen file) and `import_file`; `show_tables` fills the tabs."""

    def __init__(
        self,
        runner: ServiceRunner,
        parent: QWidget | None,
        *,
        title: str,
        hint: str,
        file_label: str,
        file_filter: str,
        tables: Sequence[tuple[RowTableModel[Any], str]],
    ):
        super().__init__(parent)
        self.runner = runner
        self.path: Path | None = None
        self.imported: Changes | None = None
        self.file_label, self.file_filter = file_label, file_filter
        self.errors_model = RowErrorTableModel()
        self.tables = [*tables, (self.errors_model, "错误")]
        self.setWindowTitle(title)
        self.resize(820, 580)
        self._build(title, hint)

    def _build(self, title: str, hint: str) -> None:
        self.path_field = QLineEdit()
        self.path_field.setReadOnly(True)
        self.path_field.setPlaceholderText("尚未选择文件")
        self.choose_button = QPushButton("选择文件…")
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.problem = error_label()
        self.tabs = QTabWidget()
        for model, name in self.tables:
            self.tabs.addTab(read_only_table(model), name)
        self.import_button = primary_button("导入")
        self.import_button.setEnabled(False)
        self.close_button = QPushButton("关闭")
        self.close_button.setAutoDefault(False)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_field, 1)
        file_row.addWidget(self.choose_button)
        self.form = QFormLayout()
        self.form.addRow(self.file_label, file_row)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(title))
        layout.addWidget(hint_label(hint))
        layout.addLayout(self.form)
        layout.addWidget(self.summary)
        layout.addWidget(self.problem)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.choose_button.clicked.connect(self.choose_file)
        self.import_button.clicked.connect(self.import_file)
        self.close_button.clicked.connect(self.reject)

    @property
    def errors_tab(self) -> int:
        return len(self.tables) - 1

    # -- steps ---------------------------------------------------------------------------
    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, f"选择{self.file_label}", "", self.file_filter)
        if name:
            self.set_path(Path(name))

    def set_path(self, path: Path) -> None:
        """Preview `path` (also how tests choose a file without the file dialog)."""
        self.path = path
        self.imported = None
        self.path_field.setText(str(path))
        self.check()

    def check(self) -> None:
        raise NotImplementedError

    def import_file(self) -> None:
        raise NotImplementedError

    def run_check(self, preview: Callable[..., Any], *args: Any, label: str, **kwargs: Any) -> Any:
        """The preview on the worker, cancellable; None when it failed or was cancelled (said so)."""
        found = self.runner.run_in_worker(preview, *args, label=label, cancellable=True, parent=self, **kwargs)
        if found is None:
            self.show_tables(None, [[] for _ in self.tables])
            self.problem.setText(CANCELLED if self.runner.last_job_cancelled else UNREADABLE)
        return found

    def run_import(self, apply: Callable[..., Any], *args: Any, label: str, **kwargs: Any) -> None:
        changes = self.runner.run_in_worker(apply, *args, label=label, parent=self, **kwargs)
        if changes is None:  # the file changed since the preview: show what it says now
            self.check()
            return
        self.imported = changes
        self.import_button.setEnabled(False)
        self.summary.setText(f"导入完成。{changes.summary}。可以关闭此窗口。")

    def show_tables(self, summary: str | None, rows: Sequence[Sequence[Any]], *, can_import: bool = False) -> None:
        """Fill each tab (the errors last) with its rows and count; errors first when there are any."""
        for i, ((model, name), found) in enumerate(zip(self.tables, rows, strict=True)):
            model.set_rows(found)
            self.tabs.setTabText(i, f"{name}（{len(found)}）")
        errors = len(rows[-1])
        self.summary.setText(summary or "")
        self.problem.setText(errors_problem(errors) if errors else "")
        self.tabs.setCurrentIndex(self.errors_tab if errors else 0)
        self.import_button.setEnabled(can_import and not errors)

    def done(self, result: int) -> None:
        for model, _name in self.tables:
            model.clear()
        super().done(result)
