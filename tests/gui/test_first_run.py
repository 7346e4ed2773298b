"""First run to the main window as a new school meets it, with the recovery key printed on the way."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from counselroom.gui.app import AppController
from counselroom.gui.pages.today_page import TodayPage
from counselroom.gui.session import recovery_sheet
from counselroom.gui.session.first_run_wizard import FirstRunWizard
from counselroom.services.accounts.session import KeyPolicy
from tests.conftest import PASSWORD
from tests.gui.dialogs import answer_dialog


def _when_shown(kind: type[QDialog], fill: Callable[[QDialog], None], tries: int = 300) -> None:
    """Answer the next modal dialog of `kind` once it is on top (the wizard stays open below it)."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            fill(dialog)
        elif tries:
            _when_shown(kind, fill, tries - 1)

    QTimer.singleShot(10, answer)


def _fill_wizard(printed: list[bool]) -> None:
    """Name the school, create the admin, print the key (to Qt's PDF writer — refused — then
    cancelled), keep the key, finish."""

    def fill(wizard: FirstRunWizard) -> None:
        wizard.next()
        wizard.school_page.school_name.setText("向阳中学")
        wizard.next()
        wizard.admin_page.display_name.setText("刘老师")
        wizard.admin_page.password.setText(PASSWORD)
        wizard.admin_page.repeat.setText(PASSWORD)
        wizard.next()
        refused = lambda box: printed.append("纸上" in box.text()) or box.accept()  # noqa: E731
        # Offscreen the only "printer" is Qt's PDF writer: accepted, then refused as a file.
        _when_shown(QPrintDialog, lambda dialog: _when_shown(QMessageBox, refused) or dialog.accept())
        wizard.key_page.print_button.click()
        _when_shown(QPrintDialog, lambda dialog: dialog.reject())
        wizard.key_page.print_button.click()
        wizard.key_page.confirm.setChecked(True)
        wizard.button(FirstRunWizard.WizardButton.FinishButton).click()

    answer_dialog(FirstRunWizard, fill)


def test_finishing_the_wizard_after_printing_opens_today(
    qtbot: QtBot, db_path: Path, keys: KeyPolicy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue #8 item 12: the print dialog outlived its printer inside a wizard that only the
    garbage collector freed, and the program crashed while 今日 was being built. The collector is
    off here: the wizard and its dialogs must be gone by plain ownership before the main window."""
    monkeypatch.setattr(recovery_sheet, "printers_available", lambda: True)
    printed: list[bool] = []
    _fill_wizard(printed)
    controller = AppController(db_path, keys)
    gc.disable()
    try:
        assert controller.start()
        leftovers = [w for w in QApplication.allWidgets() if isinstance(w, (QPrintDialog, FirstRunWizard))]
        assert leftovers == []
        window = controller.window
        assert window is not None
        qtbot.addWidget(window)
        titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
        window.sidebar.setCurrentRow(titles.index("今日"))
        assert isinstance(window.stack.currentWidget(), TodayPage) and window.stack.currentWidget().isVisible()
    finally:
        gc.enable()
    assert printed == [True], "the key may go to paper only, never to a PDF file"
    assert list(tmp_path.rglob("*.pdf")) == []
    window.close()


def test_the_recovery_key_is_shown_whole_in_a_monospaced_font(qtbot: QtBot, db_path: Path, keys: KeyPolicy) -> None:
    """Issue #8 item 14: the key was cut off ("…GUFI-HI4"). All 10 groups, two lines of five."""
    from PySide6.QtGui import QFontInfo

    wizard = FirstRunWizard(db_path, keys)
    qtbot.addWidget(wizard)
    wizard.resize(wizard.minimumSize())  # the smallest it gets, well inside 1366×768
    wizard.show()
    wizard.next()
    wizard.school_page.school_name.setText("向阳中学")
    wizard.next()
    for field in (wizard.admin_page.password, wizard.admin_page.repeat):
        field.setText(PASSWORD)
    wizard.next()
    label = wizard.key_page.key_label
    key = wizard.recovery_key
    lines = label.text().split("\n")
    assert [len(line.rstrip("-").split("-")) for line in lines] == [5, 5]
    assert "".join(lines) == key
    info = QFontInfo(label.font())
    assert info.family() == "WenQuanYi Micro Hei Mono" and info.pixelSize() >= 18
    assert label.width() >= label.sizeHint().width(), "nothing of the key is clipped"
    assert wizard.key_page.rect().contains(label.geometry())
    assert wizard.width() <= 1366 and wizard.height() <= 768 - 40
    wizard.session.db.close()
