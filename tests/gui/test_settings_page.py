"""设置 as an admin uses it: add an account, set a temporary password, view the audit log."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from counselroom.domain.roles import Role
from counselroom.gui.account_dialogs import AddAccountDialog
from counselroom.gui.pages.settings_page import SettingsPage
from counselroom.gui.service_runner import ServiceRunner
from counselroom.services.sign_in import sign_in
from tests.conftest import FIXED_NOW, SchoolFixture


def _fill_when_open(fill) -> None:  # type: ignore[no-untyped-def]
    """Answer the next modal dialog as a teacher would, once it is on screen."""
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, answer)
            return
        fill(dialog)
    QTimer.singleShot(0, answer)


def test_admin_adds_an_account_that_can_sign_in(qtbot: QtBot, school: SchoolFixture) -> None:
    page = SettingsPage(ServiceRunner(school.admin, school.keys))
    qtbot.addWidget(page)
    assert page.account_model.rowCount() == 4

    def fill(dialog: AddAccountDialog) -> None:
        dialog.username.setText("zhao")
        dialog.display_name.setText("赵老师")
        dialog.role.setCurrentIndex(list(Role).index(Role.COUNSELOR))
        dialog.passwords.password.setText("zhao-pass-1")
        dialog.passwords.repeat.setText("zhao-pass-1")
        dialog.buttons.accepted.emit()

    _fill_when_open(fill)
    page.add_account()
    assert page.account_model.rowCount() == 5
    names = [page.account_model.row_at(i).display_name for i in range(5)]
    assert "赵老师" in names
    session = sign_in(school.path, "zhao", "zhao-pass-1", now=FIXED_NOW, keys=school.keys)
    assert session.must_change_password
    session.db.close()


def test_add_account_form_says_what_is_wrong(qtbot: QtBot) -> None:
    dialog = AddAccountDialog()
    qtbot.addWidget(dialog)
    dialog.passwords.password.setText("abcdefgh1")
    dialog.passwords.repeat.setText("abcdefgh2")
    dialog.buttons.accepted.emit()
    assert dialog.error.text() == "两次输入的密码不一致"
    assert dialog.result() == 0


def test_counselor_has_no_accounts_or_audit_tab(qtbot: QtBot, school: SchoolFixture) -> None:
    session = school.sign_in("counselor")
    page = SettingsPage(ServiceRunner(session, school.keys))
    qtbot.addWidget(page)
    tabs = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert tabs == ["学校与锁定", "我的账号"]
    assert not page.idle_minutes.isEnabled()
    assert page.school_name.text() == "测试中学"
    session.db.close()


def test_lead_views_the_audit_log_and_runs_the_check(qtbot: QtBot, school: SchoolFixture) -> None:
    session = school.sign_in("lead")
    page = SettingsPage(ServiceRunner(session, school.keys))
    qtbot.addWidget(page)
    qtbot.mouseClick(page.load_audit_button, Qt.MouseButton.LeftButton)
    assert page.audit_model.rowCount() > 5
    actions = {page.audit_model.row_at(i).action_label for i in range(page.audit_model.rowCount())}
    assert {"创建学校", "新建账号", "登录"} <= actions
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    assert page.check_result.text().startswith("检查通过")
    session.db.close()


def test_admin_changes_idle_minutes(qtbot: QtBot, school: SchoolFixture) -> None:
    runner = ServiceRunner(school.admin, school.keys)
    page = SettingsPage(runner)
    qtbot.addWidget(page)
    page.idle_minutes.setValue(12)
    with qtbot.waitSignal(runner.changed):
        qtbot.mouseClick(page.save_idle, Qt.MouseButton.LeftButton)
    page.refresh()
    assert page.idle_minutes.value() == 12
