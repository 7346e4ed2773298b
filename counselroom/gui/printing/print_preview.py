"""Putting a report PDF (slip, day sheet, door roster, 个案分析报告) on paper — without a plaintext copy on disk.

Qt cannot hand PDF bytes to a printer, so each page is rendered to a QImage in memory by pdfium
(pypdfium2, which the attachment viewer needs anyway; gui/pdf_pages.py) and painted onto the
printer picked in QPrintDialog. Nothing is written by us (the OS spooler does what it does for
any print job). Where this PC cannot print — a page cannot be rendered (a broken PDF), no printer
is set up (QPrinterInfo lists none: the teacher is told so before any print dialog), or the chosen
printer cannot be reached (QPainter.begin fails: 无法连接打印机…) — or no printer is wanted, the
teacher can **另存为 PDF…**: the service writes the file (printouts.save_pdf: beside its target,
atomically, audited as EXPORTED with the SHA-256 of the bytes written, the file name and a
reason). A day sheet or a case report names students, so the teacher is warned the file is NOT
encrypted and must give the reason; slips and door rosters hold no student data.

The document itself comes from the service (a PrintJob); nothing here builds or writes one.
The printed row is written only once painting can start — after QPainter.begin succeeded on the
printer, so a print that never reached a printer is not recorded as 已打印 — and *before* the
pages are painted; a saved file exists only with its row. If the audit fails, nothing goes out
(SECURITY.md 9): the painter is ended without painting a page. printer.abort() is asked first,
but Qt's Windows and PDF/CUPS engines cannot abort a begun job, so a driver may still feed one
blank sheet — never any content. The pieces below the dialogs are plain functions, tested offscreen.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import shiboken6
from PySide6.QtCore import QRect, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPageSize, QPainter
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from counselroom.gui.pdf_pages import RenderedPage, render_document
from counselroom.gui.printing.file_names import default_file_name
from counselroom.gui.service_runner import ServiceRunner
from counselroom.services.printing import printouts
from counselroom.services.printing.print_jobs import PrintJob

RENDER_DPI = 300
# What the reason box offers for a document that names students (the teacher may change it).
SUGGESTED_REASONS = {"day_sheet": "打印当日日程", "case": "个案研讨/专家会诊材料"}
# Why the 另存为 PDF route is offered (the first line of confirm_save).
CANNOT_RENDER = "本机不能直接打印 PDF。可以另存为 PDF 文件，再用 WPS 或浏览器打开并打印。"
NO_PRINTER = (
    "这台电脑还没有设置打印机，不能直接打印。请先在 Windows 的“设置 → 打印机和扫描仪”中添加打印机；"
    "也可以另存为 PDF 文件，再用 WPS 或浏览器打开并打印。"
)


def print_job(parent: QWidget | None, job: PrintJob, *, runner: ServiceRunner) -> bool:
    """Print, or save for printing where this PC cannot print a PDF; False when cancelled."""
    pages = render_pages(job.pdf)
    if pages:
        return _print_rendered(parent, pages, job, runner=runner)
    return _save_for_printing(parent, job, runner=runner)


def render_pages(pdf: bytes, dpi: int = RENDER_DPI) -> list[RenderedPage] | None:
    """Every page as an in-memory image, or None when the document cannot be rendered."""
    return render_document(pdf, dpi)


def printers_available() -> bool:
    """Whether this PC has any printer set up (offscreen and a PC without one: none)."""
    return bool(QPrinterInfo.availablePrinters())


def begin_painting(printer: QPrinter) -> QPainter | None:
    """A painter begun on the printer, or None when the printer cannot be reached (begin failed)."""
    painter = QPainter()
    return painter if painter.begin(printer) else None


def paint_pages(painter: QPainter, printer: QPrinter, images: Sequence[QImage]) -> None:
    """Each image on its own sheet, scaled to the printable area with its proportions kept; then the
    painter is ended (the job goes to the spooler). `painter` was begun on `printer`."""
    try:
        for number, image in enumerate(images):
            if number:
                printer.newPage()
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(area.x(), area.y(), size.width(), size.height()), image)
    finally:
        painter.end()


def discard_painting(painter: QPainter, printer: QPrinter) -> None:
    """End a begun job without painting anything: aborted where the print engine can (Qt's Windows
    and PDF engines cannot — then at most a blank sheet comes out)."""
    printer.abort()
    painter.end()


def _print_rendered(parent: QWidget | None, pages: list[RenderedPage], job: PrintJob, *, runner: ServiceRunner) -> bool:
    if not printers_available():
        return _save_for_printing(parent, job, runner=runner, why=NO_PRINTER)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(pages[0][1], QPageSize.Unit.Point))  # A6 slip, A4 sheets
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"打印 — {job.title}")
    # Qt's "print to file" would write a plaintext PDF past the audited export (reason, digest):
    # a file goes out only through 另存为 PDF.
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)
    accepted = dialog.exec() == QPrintDialog.DialogCode.Accepted
    shiboken6.delete(dialog)  # it points at the printer, which dies with this function (issue #8 item 12)
    if not accepted:
        return False
    if printer.outputFileName():  # a file chosen after all (a PC whose only "printer" is a file)
        return _save_for_printing(parent, job, runner=runner)
    painter = begin_painting(printer)
    if painter is None:  # not recorded as printed: nothing reached a printer
        return _save_for_printing(parent, job, runner=runner, why=unreachable_printer(printer.printerName()))
    if not _recorded_or_discarded(parent, job, runner, painter, printer):
        return False
    paint_pages(painter, printer, [image for image, _points in pages])
    return True


def _recorded_or_discarded(
    parent: QWidget | None, job: PrintJob, runner: ServiceRunner, painter: QPainter, printer: QPrinter
) -> bool:
    """The printed row, written with the painter begun; without it (refused, failed) the job is
    discarded unpainted."""
    recorded = None
    try:
        recorded = runner.call(printouts.record_printed, job, parent=parent)
    finally:
        if recorded is None:
            discard_painting(painter, printer)
    return recorded is not None


def unreachable_printer(name: str) -> str:
    shown = f"“{name}”" if name else ""
    return (
        f"无法连接打印机{shown}，没有打印。请检查打印机是否已开机、连好线、装好驱动，再试一次；"
        "也可以另存为 PDF 文件，再用 WPS 或浏览器打开并打印。"
    )


def _save_for_printing(
    parent: QWidget | None, job: PrintJob, *, runner: ServiceRunner, why: str = CANNOT_RENDER
) -> bool:
    if not confirm_save(parent, job.names_students, why):
        return False
    # The service fills in the standard reason for a document without student data.
    reason = ask_reason(parent, SUGGESTED_REASONS.get(job.object_type, "")) if job.names_students else ""
    if job.names_students and not reason:
        return False
    path = ask_path(parent, default_file_name(job.title))
    if not path:
        return False
    saved = runner.call(printouts.save_pdf, job, Path(path), reason=reason, parent=parent)
    if saved is None:
        return False
    saved_notice(parent, str(saved.path))
    return True


# --- the dialogs (tests replace these) ---------------------------------------------------------


def confirm_save(parent: QWidget | None, names_students: bool, why: str = CANNOT_RENDER) -> bool:
    """Why this PC cannot print it, the 另存为 PDF route, and for a document naming students the warning."""
    text = why
    if names_students:
        text += (
            "\n\n注意：此文件含学生姓名，保存后不加密。请不要存到 U 盘、网盘或共享文件夹，"
            "打印后请立即删除。另存将记入审计日志。"
        )
    else:
        text += "\n\n此文件不含学生信息。"
    box = QMessageBox(QMessageBox.Icon.Information, "无法直接打印", text, QMessageBox.StandardButton.NoButton, parent)
    save = box.addButton("另存为 PDF…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is save


def ask_reason(parent: QWidget | None, suggested: str) -> str:
    text, ok = QInputDialog.getText(parent, "另存原因", "为什么需要保存为文件？（记入审计日志）", text=suggested)
    return text.strip() if ok else ""


def ask_path(parent: QWidget | None, suggested: str) -> str:
    path, _filter = QFileDialog.getSaveFileName(parent, "另存为 PDF", suggested, "PDF 文件 (*.pdf)")
    if path and not path.lower().endswith(".pdf"):
        path += ".pdf"
    return path


def saved_notice(parent: QWidget | None, path: str) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Information,
        "已保存",
        f"已保存到：\n{path}\n\n请用 PDF 阅读器打开后打印。",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    open_it = box.addButton("打开文件", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is open_it:
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))
