"""Putting a report on paper or in a file, for every tab of 报表: the service builds it (on the
worker — charts and tables take a moment on a large school), then
- 打印… hands the PDF to the program's one print path (gui/printing/print_preview.print_job:
  rendered in memory, audited as printed, or 另存为 PDF where this PC cannot print);
- 另存为 PDF / Word / Excel… asks where, and the service writes the file and its audit row in one
  step (services/reports/report_files.save_report). Reports hold counts only, no student, so no
  reason is asked.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from counselroom.gui.printing.file_names import default_file_name
from counselroom.gui.service_runner import ServiceRunner


def report_files() -> ModuleType:
    """The report builders (reportlab, python-docx, openpyxl, matplotlib): loaded at the first
    print or save, not with the 报表 page (they took 0.9 s of its first visit on a school PC)."""
    return importlib.import_module("counselroom.services.reports.report_files")


def builders(kind: str) -> tuple[Callable[..., Any], Callable[..., Any]]:
    """kind → (builds the file, builds the print job)."""
    files = report_files()
    return {
        "self_inspection": (files.self_inspection_file, files.self_inspection_print_job),
        "activity_table": (files.activity_table_file, files.activity_table_print_job),
    }[kind]


FORMATS = {
    "pdf": ("PDF", "PDF 文件 (*.pdf)"),
    "docx": ("Word", "Word 文档 (*.docx)"),
    "xlsx": ("Excel", "Excel 工作簿 (*.xlsx)"),
}
BUILDING = "正在生成报表…"


def print_report(parent: QWidget | None, runner: ServiceRunner, kind: str, **args: Any) -> bool:
    job = runner.run_in_worker(builders(kind)[1], label=BUILDING, parent=parent, **args)
    # The print path (pdfium, the watermark's pypdf and reportlab) loads at the first print, not with
    # the 报表 page: it was 0.3 s of the page's first visit.
    from counselroom.gui.printing import print_preview

    return job is not None and print_preview.print_job(parent, job, runner=runner)


def save_report_as(parent: QWidget | None, runner: ServiceRunner, kind: str, fmt: str, **args: Any) -> bool:
    report = runner.run_in_worker(builders(kind)[0], fmt=fmt, label=BUILDING, parent=parent, **args)
    if report is None:
        return False
    path = ask_report_path(parent, report.title, fmt)
    if not path:
        return False
    saved = runner.call(report_files().save_report, report, Path(path), parent=parent)
    if saved is None:
        return False
    saved_notice(parent, str(saved.path))
    return True


def ask_report_path(parent: QWidget | None, title: str, fmt: str) -> str:
    """Where to save (tests replace this); the suffix is the format's."""
    name, pattern = FORMATS[fmt]
    suggested = Path(default_file_name(title)).with_suffix(f".{fmt}")
    path, _filter = QFileDialog.getSaveFileName(parent, f"另存为 {name}", str(suggested), pattern)
    if path and not path.lower().endswith(f".{fmt}"):
        path += f".{fmt}"
    return path


def saved_notice(parent: QWidget | None, path: str) -> None:
    """Where the file went (tests replace this); it holds counts only, and may be opened from here."""
    text = f"已保存到：\n{path}\n\n此文件只含统计数字，不含学生信息；保存已记入审计日志。"
    box = QMessageBox(QMessageBox.Icon.Information, "已保存", text, QMessageBox.StandardButton.NoButton, parent)
    open_it = box.addButton("打开文件", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is open_it:
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))
