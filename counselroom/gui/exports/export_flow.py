"""An export from the program, in four steps, each through the services (issue #14 item 6):

1. the service builds the document on the worker, with a progress window (a school's statistics
   take a moment);
2. the preview dialog shows what will leave — watermark, tables, columns, rows, hidden cells;
3. only then the file dialog asks where (Excel or CSV, as chosen in the preview);
4. the service writes the file and its audit row on the worker, and a notice says where it went.

Cancelling at 2 or 3 writes nothing, not even an audit row of an export. The three dialogs are
module functions so that tests drive them (or replace the file dialog and the notice)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from counselroom.domain.exports.export_document import ExportDocument
from counselroom.gui.exports.export_preview import ExportPreviewDialog
from counselroom.gui.printing.file_names import default_file_name
from counselroom.gui.service_runner import ServiceRunner

PATTERNS = {"xlsx": ("Excel", "Excel 工作簿 (*.xlsx)"), "csv": ("CSV", "CSV 文件 (*.csv)")}
BUILDING = "正在整理导出内容…"
WRITING = "正在写入文件…"


def export_document(
    parent: QWidget | None,
    runner: ServiceRunner,
    build: Callable[..., ExportDocument],
    save: Callable[..., Any],
    **args: Any,
) -> bool:
    """Build, preview, ask where, save; False when anything was cancelled or refused."""
    doc = runner.run_in_worker(build, label=BUILDING, parent=parent, **args)
    if doc is None:
        return False
    fmt = preview_export(parent, doc)
    if not fmt:
        return False
    path = ask_export_path(parent, doc.title, fmt)
    if not path:
        return False
    saved = runner.run_in_worker(save, doc, Path(path), label=WRITING, parent=parent)
    if saved is None:
        return False
    exported_notice(parent, doc, str(saved.path))
    return True


def preview_export(parent: QWidget | None, doc: ExportDocument) -> str | None:
    dialog = ExportPreviewDialog(doc, parent)
    dialog.exec()
    return dialog.chosen


def ask_export_path(parent: QWidget | None, title: str, fmt: str) -> str:
    name, pattern = PATTERNS[fmt]
    suggested = Path(default_file_name(title)).with_suffix(f".{fmt}")
    path, _filter = QFileDialog.getSaveFileName(parent, f"另存为 {name}", str(suggested), pattern)
    if path and not path.lower().endswith(f".{fmt}"):
        path += f".{fmt}"
    return path


def exported_notice(parent: QWidget | None, doc: ExportDocument, path: str) -> None:
    what = "此文件含学生姓名，请妥善保管。" if doc.names_students else "此文件不含学生姓名和文字记录。"
    text = f"已保存到：\n{path}\n\n{what}导出编号 {doc.export_id} 和文件的校验值已记入审计日志。"
    box = QMessageBox(QMessageBox.Icon.Information, "已导出", text, QMessageBox.StandardButton.NoButton, parent)
    open_it = box.addButton("打开文件", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is open_it:
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))
