"""Printing the recovery key on paper. It goes to the printer only — never to a file."""

from __future__ import annotations

import re
from datetime import date
from html import escape

from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget


def written_date(day: date | str) -> str:
    """2025年9月1日, as teachers write a date — never 2025年09月01日."""
    if isinstance(day, date):
        return f"{day.year}年{day.month}月{day.day}日"
    return re.sub(r"(\d{4})年0?(\d{1,2})月0?(\d{1,2})日", r"\1年\2月\3日", day)


def recovery_sheet(school_name: str, recovery_key: str, created_on: date | str) -> QTextDocument:
    doc = QTextDocument()
    doc.setHtml(
        f"<h2>心理辅导室工作台 · 恢复密钥</h2>"
        f"<p>学校：{escape(school_name)}<br>生成日期：{escape(written_date(created_on))}</p>"
        f"<p style='font-size:20pt; font-family:monospace'>{escape(recovery_key)}</p>"
        "<p>忘记所有密码、更换电脑或从备份恢复时需要此密钥。"
        "请把本页锁进保险柜或交校领导保管，不要拍照、不要存入电脑或手机。</p>"
    )
    return doc


def print_recovery_sheet(parent: QWidget, school_name: str, recovery_key: str, created_on: date | str) -> bool:
    """Ask for a printer and print; returns False when the teacher cancels."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("打印恢复密钥")
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    recovery_sheet(school_name, recovery_key, created_on).print_(printer)
    return True
