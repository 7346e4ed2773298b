"""Printing the recovery key on paper. It goes to a printer only — never to a file (SECURITY.md 3)."""

from __future__ import annotations

import re
from datetime import date
from html import escape

import shiboken6
from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QMessageBox, QWidget

GROUPS_PER_LINE = 5
NO_PRINTER = "这台电脑没有连接打印机。请把恢复密钥一组一组抄在纸上，核对一遍，交校领导锁进保险柜。"
NOT_TO_A_FILE = "恢复密钥只能打印在纸上，不能保存为 PDF 或其他文件。请选择一台打印机，或把密钥抄在纸上。"


def key_lines(recovery_key: str) -> list[str]:
    """The key's 10 groups on two lines of five; the first line ends with "-" so it reads on."""
    groups = recovery_key.split("-")
    lines = ["-".join(groups[i : i + GROUPS_PER_LINE]) for i in range(0, len(groups), GROUPS_PER_LINE)]
    return [line + "-" for line in lines[:-1]] + lines[-1:]


def written_date(day: date | str) -> str:
    """2025年9月1日, as teachers write a date — never 2025年09月01日."""
    if isinstance(day, date):
        return f"{day.year}年{day.month}月{day.day}日"
    return re.sub(r"(\d{4})年0?(\d{1,2})月0?(\d{1,2})日", r"\1年\2月\3日", day)


def recovery_sheet(school_name: str, recovery_key: str, created_on: date | str) -> QTextDocument:
    doc = QTextDocument()
    key_html = "<br>".join(escape(line) for line in key_lines(recovery_key))
    doc.setHtml(
        f"<h2>心理辅导室工作台 · 恢复密钥</h2>"
        f"<p>学校：{escape(school_name)}<br>生成日期：{escape(written_date(created_on))}</p>"
        f"<p style='font-size:20pt; font-family:\"WenQuanYi Micro Hei Mono\", monospace'>{key_html}</p>"
        "<p>忘记所有密码、更换电脑或从备份恢复时需要此密钥。"
        "请把本页锁进保险柜或交校领导保管，不要拍照、不要存入电脑或手机。</p>"
    )
    return doc


def printers_available() -> bool:
    return bool(QPrinterInfo.availablePrinters())


def print_recovery_sheet(parent: QWidget, school_name: str, recovery_key: str, created_on: date | str) -> bool:
    """Ask for a printer and print; returns False when the teacher cancels or no paper comes out."""
    if not printers_available():
        QMessageBox.information(parent, "打印恢复密钥", NO_PRINTER)
        return False
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
    dialog = QPrintDialog(printer, parent)
    try:
        dialog.setWindowTitle("打印恢复密钥")
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
        if printer.outputFormat() != QPrinter.OutputFormat.NativeFormat or printer.outputFileName():
            QMessageBox.warning(parent, "打印恢复密钥", NOT_TO_A_FILE)
            return False
        recovery_sheet(school_name, recovery_key, created_on).print_(printer)
        return True
    finally:
        # The dialog keeps a pointer to the printer, which dies when this function returns. Left to
        # its parent, it lived on with that pointer dangling until the wizard was collected — at
        # whatever moment the garbage collector ran, e.g. while 今日 was being built: the crash
        # after finishing the wizard (issue #8 item 12). So the dialog goes first, now.
        shiboken6.delete(dialog)
