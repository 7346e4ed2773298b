"""The shell as a teacher meets it: first run → login → lock → unlock, privacy screen, idle lock."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from counselroom.gui.main_window import MainWindow
from counselroom.gui.pages.base import Page
from counselroom.gui.pages.registry import MODULES
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.session.first_run_wizard import FirstRunWizard
from counselroom.gui.session.login_dialog import LoginDialog
from counselroom.services.accounts.session import KeyPolicy
from tests.conftest import PASSWORD, SchoolFixture


def test_bundled_font_draws_chinese(qapp: QApplication) -> None:
    font = qapp.font()
    assert "WenQuanYi" in font.family()
    metrics = QFontMetrics(font)
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "心理辅导室工作台预约值班转介随访")


def test_first_run_wizard_creates_the_school_and_shows_the_key_once(
    qtbot: QtBot, db_path: Path, keys: KeyPolicy
) -> None:
    wizard = FirstRunWizard(db_path, keys)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    wizard.school_page.school_name.setText("向阳中学")
    wizard.next()
    page = wizard.admin_page
    page.display_name.setText("刘老师")
    page.password.setText(PASSWORD)
    page.repeat.setText("not-the-same")
    wizard.next()
    assert "不一致" in page.error.text() and not db_path.exists()

    page.repeat.setText(PASSWORD)
    wizard.next()
    assert db_path.exists() and wizard.session is not None
    key_text = wizard.key_page.key_label.text()
    assert len(key_text.split("-")) == 10
    finish = wizard.button(wizard.WizardButton.FinishButton)
    assert not finish.isEnabled(), "the key must be confirmed as kept"
    wizard.reject()
    assert wizard.isVisible(), "after creation the wizard cannot be cancelled"
    qtbot.mouseClick(wizard.key_page.confirm, Qt.MouseButton.LeftButton)
    assert finish.isEnabled()
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert wizard.recovery_key == ""
    assert wizard.session.actor.display_name == "刘老师"
    wizard.session.db.close()


def test_login_says_wrong_password_next_to_the_field(qtbot: QtBot, school: SchoolFixture) -> None:
    school.admin.db.close()
    dialog = LoginDialog(school.path, school.keys, username="counselor")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.password, "wrong-password")
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "用户名或密码错误"
    assert dialog.session is None

    dialog.password.clear()
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.session is not None and dialog.session.actor.username == "counselor"
    assert dialog.password.text() == ""
    dialog.session.db.close()


class DraftPage(Page):
    """A page with unsaved text, to show that an idle lock keeps it (encrypted) and gives it back."""

    title = "草稿"

    def __init__(self, runner: ServiceRunner):
        super().__init__(runner)
        self.text = "写了一半的辅导记录"
        self.restored: dict[str, str] = {}

    def collect_drafts(self) -> dict[str, str]:
        return {"note-editor": self.text}

    def clear_for_lock(self) -> None:
        self.text = ""

    def restore_drafts(self, drafts: dict[str, str]) -> None:
        self.restored = drafts


@pytest.fixture
def window(qtbot: QtBot, school: SchoolFixture) -> MainWindow:
    runner = ServiceRunner(school.sign_in("counselor"), school.keys)
    main = MainWindow(runner)
    qtbot.addWidget(main)
    main.show()
    yield main
    if runner.session.db.is_open:
        runner.session.db.close()


def test_counselor_sees_the_modules_and_lands_on_today(window: MainWindow) -> None:
    titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert titles[0] == "今日" and titles[-1] == "设置" and "个案" in titles and "报表" in titles
    assert window.current_title() == "今日"
    assert not [m for m in MODULES if not m.page], "every module has its page"
    assert "王老师（心理教师）" in window.user_label.text()


def test_principal_sees_no_case_or_roster_modules(qtbot: QtBot, school: SchoolFixture) -> None:
    main = MainWindow(ServiceRunner(school.sign_in("principal"), school.keys))
    qtbot.addWidget(main)
    titles = [main.sidebar.item(i).text() for i in range(main.sidebar.count())]
    assert "个案" not in titles and "学生" not in titles and "转介与随访" not in titles
    assert "报表" in titles
    main.runner.session.db.close()


def test_lock_and_unlock_keep_drafts_and_clear_the_clipboard(qtbot: QtBot, window: MainWindow) -> None:
    draft_page = DraftPage(window.runner)
    window.pages.append(draft_page)
    QGuiApplication.clipboard().setText("复制的记录内容")

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked
    assert not window.runner.session.db.is_open, "the database is closed and its key dropped"
    assert draft_page.text == ""
    assert QGuiApplication.clipboard().text() == ""

    window.lock_screen.password.setText("wrong-password")
    qtbot.mouseClick(window.lock_screen.unlock_button, Qt.MouseButton.LeftButton)
    assert window.is_locked and "密码错误" in window.lock_screen.error.text()

    qtbot.keyClicks(window.lock_screen.password, PASSWORD)
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
    assert not window.is_locked
    assert draft_page.restored == {"note-editor": "写了一半的辅导记录"}
    actions = [
        r[0] for r in window.runner.session.db.conn.execute("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 2")
    ]
    assert actions == ["unlock", "lock"] or "unlock" in actions


def test_idle_lock_fires_after_the_idle_time(qtbot: QtBot, window: MainWindow) -> None:
    window.idle.set_interval_ms(50)
    qtbot.waitUntil(lambda: window.is_locked, timeout=3000)


def test_privacy_screen_toggles_with_f12(qtbot: QtBot, window: MainWindow) -> None:
    assert not window.curtain.isVisible()
    window.privacy_action.trigger()
    assert window.curtain.isVisible()
    assert window.curtain.geometry() == window.rect(), "toolbar and status bar too: a message may name a student"
    qtbot.mouseClick(window.curtain, Qt.MouseButton.LeftButton)
    assert not window.curtain.isVisible()
    assert window.privacy_action.shortcut().toString() == "F12"


def test_lock_closes_open_dialogs(qtbot: QtBot, window: MainWindow) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, "提示", "学生信息", parent=window)
    box.show()
    window.lock()
    assert not box.isVisible()


def test_standard_dialogs_speak_chinese(qtbot: QtBot) -> None:
    """Qt's own qtbase_zh_CN translation is loaded for standard buttons and dialogs."""
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Save)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    assert box.button(QDialogButtonBox.StandardButton.Save).text() == "保存"


def test_text_kept_through_a_lock_never_reaches_disk_in_plaintext(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from tests.canary import files_containing

    draft_page = DraftPage(window.runner)
    draft_page.text = "锁屏草稿金丝雀Zr8"
    window.pages.append(draft_page)
    window.lock()
    assert files_containing(tmp_path, ["锁屏草稿金丝雀Zr8"]) == []
    window.unlock(PASSWORD)
    assert draft_page.restored == {"note-editor": "锁屏草稿金丝雀Zr8"}


def test_ctrl_number_switches_modules(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.sidebar.currentItem().text() == "预约"
    assert window.stack.currentIndex() == 2


def test_pages_are_built_when_first_shown(window: MainWindow) -> None:
    """Signing in on a large school must not wait for pages nobody opened."""
    built = {type(p).__name__ for p in window.pages}
    assert "SettingsPage" not in built and "StudentsPage" not in built
    window.find_student()
    assert "StudentsPage" in {type(p).__name__ for p in window.pages}


def test_a_full_disk_is_told_in_chinese_not_a_crash(qtbot: QtBot, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import errno

    from counselroom.gui import service_runner

    shown: list[str] = []
    monkeypatch.setattr(service_runner, "show_error", lambda parent, error: shown.append(str(error)))

    def full(*_a: object, **_k: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", "school.db.keys")

    assert window.runner.call(full) is None
    assert shown == ["磁盘空间不足，本次操作未保存，之前的数据完好。"]
