"""Qt's standard dialogs speak Chinese (issue #8 item 20): the file dialog's "Look in" and "Files of
type", message box buttons, the print dialog. Qt's catalogue lacks a few strings of this Qt; a
probe records every string the dialogs ask for and fails on any still in English."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QTimer, QTranslator
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QColorDialog,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

Asked = set[tuple[str, str, str | None]]
NOT_WORDS = {"...", "%p%", "mm"}  # the file browser button, the progress percentage, millimetres
# Key names stay as printed on the keyboard (Ctrl, Del), paper sizes as printed on the ream (JIS B5);
# file types come from the MIME database.
AS_THEY_ARE = {"QShortcut", "QPageSize", "QMimeType"}


class Probe(QTranslator):
    """Asked first (installed last); notes each string and passes it on to the real translators."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: Asked = set()

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        self.asked.add((context, source, disambiguation))
        return None

    def isEmpty(self) -> bool:
        return False


@pytest.fixture
def probe(qapp: QApplication) -> Iterator[Probe]:
    probe = Probe()
    qapp.installTranslator(probe)
    yield probe
    qapp.removeTranslator(probe)


def _english_left(asked: Asked) -> list[tuple[str, str]]:
    left = []
    for context, source, disambiguation in asked:
        if context in AS_THEY_ARE or source in NOT_WORDS or not re.search("[A-Za-z]{2}", source):
            continue
        if QCoreApplication.translate(context, source, disambiguation) == source:
            left.append((context, source))
    return sorted(left)


def _shown(qtbot: QtBot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    QApplication.processEvents()
    return widget


def _file_dialog(qtbot: QtBot, mode: QFileDialog.AcceptMode) -> QFileDialog:
    dialog = QFileDialog(None, "另存为 PDF", "", "PDF 文件 (*.pdf)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(mode)
    _shown(qtbot, dialog)
    return dialog


def test_the_file_dialog_reads_look_in_and_file_type_in_chinese(qtbot: QtBot, probe: Probe) -> None:
    dialog = _file_dialog(qtbot, QFileDialog.AcceptMode.AcceptOpen)
    assert dialog.findChild(QLabel, "lookInLabel").text() == "查找范围(&L)："
    assert dialog.findChild(QLabel, "fileTypeLabel").text() == "文件类型(&T)："
    assert dialog.findChild(QLabel, "fileNameLabel").text() == "文件名称(&N)："
    texts = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QPushButton) if w.text()]
    assert texts and not [t for t in texts if re.search("[A-Za-z]{2}", t)]
    _file_dialog(qtbot, QFileDialog.AcceptMode.AcceptSave)
    assert _english_left(probe.asked) == []


def test_message_box_buttons_read_ok_and_cancel_in_chinese(qtbot: QtBot) -> None:
    buttons = QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel
    box = QMessageBox(QMessageBox.Icon.Question, "提示", "确定要删除吗？", buttons)
    qtbot.addWidget(box)
    assert box.button(QMessageBox.StandardButton.Ok).text() == "确定"
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "取消"


def test_every_standard_dialog_the_program_may_show_is_chinese(qtbot: QtBot, probe: Probe) -> None:
    every_button = QMessageBox.StandardButton(0)
    for button in QMessageBox.StandardButton:
        if button not in (QMessageBox.StandardButton.NoButton, QMessageBox.StandardButton.FlagMask):
            every_button |= button
    _shown(qtbot, QMessageBox(QMessageBox.Icon.Information, "提示", "内容", every_button))
    printer = QPrinter()
    dialog = _shown(qtbot, QPrintDialog(printer))
    for button in dialog.findChildren(QPushButton):
        if "选项" in button.text():
            button.click()  # the options page: page ranges, copies, page set
        if "属性" in button.text():  # paper, layout, pages per sheet: a modal dialog of its own
            QTimer.singleShot(50, lambda: QApplication.activeModalWidget().reject())
            button.click()
    _shown(qtbot, QColorDialog())
    _shown(qtbot, QInputDialog())
    _shown(qtbot, QProgressDialog("正在导入…", "取消", 0, 10))
    assert probe.asked, "the probe heard the dialogs"
    assert _english_left(probe.asked) == []
    dialog.close()
