"""Start-up as a teacher meets it: the login dialog, the main window, switching user."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from counselroom.gui.app import AppController, _ensure_demo
from counselroom.gui.session.account_dialogs import ChangePasswordDialog
from counselroom.gui.session.login_dialog import LoginDialog
from counselroom.services.accounts import accounts
from counselroom.services.accounts.session import KeyPolicy
from counselroom.store import users
from tests.conftest import FIXED_NOW, PASSWORD, SchoolFixture


def _answer_login(username: str, password: str, new_password: str) -> None:
    """Sign in, then (the account has a temporary password) change it when asked."""

    def change_password() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ChangePasswordDialog):
            QTimer.singleShot(20, change_password)
            return
        dialog.old_password.setText(password)
        dialog.passwords.password.setText(new_password)
        dialog.passwords.repeat.setText(new_password)
        dialog.buttons.accepted.emit()

    def login() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LoginDialog):
            QTimer.singleShot(20, login)
            return
        dialog.username.setText(username)
        dialog.password.setText(password)
        QTimer.singleShot(0, change_password)
        dialog.login_button.click()

    QTimer.singleShot(0, login)


def test_login_then_switch_user(qtbot: QtBot, school: SchoolFixture) -> None:
    admin = school.admin
    for username in ("counselor", "lead"):  # temporary passwords again, as for a new colleague
        row = users.by_username(admin.db.conn, username)
        assert row is not None
        accounts.reset_password(
            admin.db, admin.actor, user_id=row.id, new_password=PASSWORD, now=FIXED_NOW, keys=school.keys
        )
    school.admin.db.close()
    controller = AppController(school.path, school.keys, login_hint="提示")
    _answer_login("counselor", PASSWORD, "counselor-own-1")
    assert controller.start()
    first = controller.window
    assert first is not None and first.isVisible()
    assert "王老师" in first.user_label.text()
    assert first.runner.session.must_change_password  # it was asked, and answered:
    assert school.sign_in("counselor", "counselor-own-1").db.close() is None

    _answer_login("lead", PASSWORD, "lead-own-pass-1")
    first.logout_action.trigger()
    second = controller.window
    assert second is not first and not first.isVisible()
    assert not first.runner.session.db.is_open, "the first session was logged out"
    assert "李主任" in second.user_label.text()
    second.close()
    assert not second.runner.session.db.is_open


def test_demo_school_is_generated_once(tmp_path, keys: KeyPolicy, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("COUNSELROOM_PASSWORD", raising=False)
    path = tmp_path / "demo.db"
    assert _ensure_demo(path, keys) == "demo1234"
    stamp = path.stat().st_mtime_ns
    assert _ensure_demo(path, keys) == "demo1234"
    assert path.stat().st_mtime_ns == stamp
