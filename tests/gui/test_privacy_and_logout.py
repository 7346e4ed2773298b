"""The privacy screen and the lock reach every window, and signing out clears the screen first
(issue #8 item 13): a student's file open, F12 pressed in it, Ctrl+L pressed in it, 退出登录."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from counselroom.gui.app import AppController
from counselroom.gui.main_window import MainWindow
from counselroom.gui.pages.students_page import StudentsPage
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.session.account_dialogs import ChangePasswordDialog
from counselroom.gui.session.login_dialog import LoginDialog
from counselroom.gui.session.privacy_curtain import PrivacyCurtain
from counselroom.gui.students.student_file_dialog import StudentFileDialog
from tests.conftest import PASSWORD, SchoolFixture
from tests.school_data import add_small_school


def _open_file(qtbot: QtBot, window: MainWindow, student_id: int = 1) -> StudentFileDialog:
    window.find_student()
    page = window.page_titled("学生")
    assert isinstance(page, StudentsPage)
    dialog = page.open_student(student_id)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def _curtain_over(widget: QWidget) -> PrivacyCurtain | None:
    shown = [c for c in widget.findChildren(PrivacyCurtain) if c.isVisible() and c.parentWidget() is widget]
    return shown[0] if shown else None


def _pixels(widget: QWidget) -> QImage:
    return widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


@pytest.fixture
def window(qtbot: QtBot, school: SchoolFixture) -> MainWindow:
    add_small_school(school.admin)
    main = MainWindow(ServiceRunner(school.sign_in("counselor"), school.keys))
    qtbot.addWidget(main)
    main.show()
    yield main
    if main.runner.session.db.is_open:
        main.runner.session.db.close()


def test_f12_in_a_student_file_covers_the_file_and_the_main_window(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _open_file(qtbot, window)
    name = dialog.file.name
    assert name in dialog.windowTitle()
    field = dialog.texts["growth"]
    dialog.tabs.setCurrentIndex(
        next(i for i in range(dialog.tabs.count()) if dialog.tabs.widget(i).isAncestorOf(field))
    )
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    field.setFocus()
    assert field.hasFocus()

    qtbot.keyClick(dialog, Qt.Key.Key_F12)
    curtain = _curtain_over(dialog)
    assert curtain is not None and curtain.geometry() == dialog.rect()
    assert window.curtain.isVisible() and window.curtain.geometry() == window.rect()
    assert _pixels(dialog) == _pixels(curtain), "nothing of the file shows through"
    assert name not in dialog.windowTitle(), "the taskbar shows the title"

    assert not field.hasFocus(), "typing does not go into a hidden field"

    qtbot.keyClick(dialog, Qt.Key.Key_F12)
    assert _curtain_over(dialog) is None and not window.curtain.isVisible()
    assert name in dialog.windowTitle()
    assert field.hasFocus(), "back where the teacher was typing"


def test_a_dialog_that_opens_under_the_privacy_screen_is_covered_and_a_click_lifts_all(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = _open_file(qtbot, window)
    window.privacy_action.trigger()
    box = QMessageBox(QMessageBox.Icon.Information, "提示", "张晓明的预约已改期", parent=dialog)
    qtbot.addWidget(box)
    box.show()
    assert _curtain_over(box) is not None

    qtbot.mouseClick(_curtain_over(box), Qt.MouseButton.LeftButton)
    assert not window.curtain.isVisible() and _curtain_over(box) is None and _curtain_over(dialog) is None


def test_ctrl_l_in_a_student_file_locks_and_keeps_the_typing(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _open_file(qtbot, window)
    dialog.texts["growth"].setPlainText("写了一半的成长史")
    qtbot.keyClick(dialog.texts["growth"], Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked and not window.runner.session.db.is_open
    assert not dialog.isVisible()

    window.unlock(PASSWORD)
    page = window.page_titled("学生")
    assert isinstance(page, StudentsPage) and page.file_dialog is not None
    assert page.file_dialog.texts["growth"].toPlainText() == "写了一半的成长史", "kept as a draft"


def _sign_in_when_asked(username: str, seen: dict[str, object], first: MainWindow | None = None) -> None:
    """Answer the login (and the temporary password's change) — noting what is on screen then."""

    def change_password() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ChangePasswordDialog):
            QTimer.singleShot(20, change_password)
            return
        dialog.old_password.setText(PASSWORD)
        dialog.passwords.password.setText(f"{username}-own-pass-1")
        dialog.passwords.repeat.setText(f"{username}-own-pass-1")
        dialog.buttons.accepted.emit()

    def login() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LoginDialog):
            QTimer.singleShot(20, login)
            return
        if first is not None:
            seen["visible"] = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
            seen["pages alive"] = [p for p in seen["pages"] if shiboken6.isValid(p)]  # type: ignore[attr-defined]
            seen["quits"] = QApplication.instance().quitOnLastWindowClosed()
        dialog.username.setText(username)
        dialog.password.setText(PASSWORD)
        QTimer.singleShot(0, change_password)
        dialog.login_button.click()

    QTimer.singleShot(0, login)


def test_logout_clears_the_screen_before_the_login_shows(qtbot: QtBot, school: SchoolFixture) -> None:
    add_small_school(school.admin)
    school.admin.db.close()
    controller = AppController(school.path, school.keys)
    seen: dict[str, object] = {}
    _sign_in_when_asked("counselor", seen)
    assert controller.start()
    first = controller.window
    assert first is not None
    _open_file(qtbot, first)
    first.open_page("预警")
    seen["pages"] = list(first.pages)
    assert len(seen["pages"]) >= 3

    _sign_in_when_asked("lead", seen, first)
    first.logout_action.trigger()
    login_only = seen["visible"]
    assert len(login_only) == 1 and isinstance(login_only[0], LoginDialog), "nothing behind the login"
    assert seen["pages alive"] == [], "the previous user's pages are destroyed, not just hidden"
    assert seen["quits"] is False, "closing the login must not end the program mid-switch"
    assert QApplication.instance().quitOnLastWindowClosed()
    second = controller.window
    assert second is not first and "李主任" in second.user_label.text()
    second.close()


def test_f12_in_the_main_window_toggles_once_and_not_on_the_lock_screen(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window.sidebar, Qt.Key.Key_F12)
    assert window.privacy.is_on, "the shortcut and the application filter do not both toggle"
    qtbot.keyClick(window.curtain, Qt.Key.Key_F12)
    assert not window.privacy.is_on
    window.lock()
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_F12)
    assert not window.privacy.is_on and window.is_locked


def test_after_an_unlock_a_page_out_of_view_reloads_when_shown(qtbot: QtBot, window: MainWindow) -> None:
    """Unlocking refreshes the page in view; the others were emptied at the lock and load again
    when the teacher opens them (not all at once behind the unlock)."""
    window.find_student()
    students = window.page_titled("学生")
    assert isinstance(students, StudentsPage)
    shown_before = students.model.rowCount()
    assert shown_before > 0
    window.sidebar.setCurrentRow(0)
    window.lock()
    assert students.model.rowCount() == 0  # cleared for the lock
    calls: list[int] = []
    original = students.refresh
    students.refresh = lambda: (calls.append(1), original())[1]  # type: ignore[method-assign]
    window.unlock(PASSWORD)
    assert calls == []  # out of view: not loaded behind the unlock
    window.find_student()
    qtbot.waitUntil(lambda: students.model.rowCount() == shown_before)
    assert calls == [1]
