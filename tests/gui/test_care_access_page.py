"""确认心理档案访问 as the lead and the admin use it: a new colleague's account works on the school
store only until the lead checks its fingerprint and confirms it; the first lead is confirmed
with the printed recovery key."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from counselroom.domain.roles import Permission
from counselroom.gui.pages.settings_page import SettingsPage
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.session.care_access_dialogs import RecoveryKeyConfirmDialog
from counselroom.services.accounts import accounts
from counselroom.services.accounts.session import Session
from tests.conftest import FIXED_NOW, PASSWORD, SchoolFixture
from tests.gui.dialogs import answer_dialog

NEW = "zhao"
OWN = "zhao-own-pass-1"


def _new_colleague(school: SchoolFixture) -> None:
    """The admin adds 赵老师; 赵老师 signs in and sets a password of her own."""
    admin = school.admin
    accounts.add_account(
        admin.db, admin.actor, username=NEW, display_name="赵老师", role=accounts.Role.COUNSELOR,
        password=PASSWORD, now=FIXED_NOW, keys=school.keys,
    )  # fmt: skip
    own = school.sign_in(NEW)
    accounts.change_own_password(
        own.db, own.actor, old_password=PASSWORD, new_password=OWN, now=FIXED_NOW, keys=school.keys
    )
    own.db.close()


def _select(page: SettingsPage, username: str) -> accounts.Account:
    model = page.account_model
    row = next(i for i in range(model.rowCount()) if model.row_at(i).username == username)
    page.accounts_view.selectRow(row)
    return model.row_at(row)


def _accounts_tab(page: SettingsPage) -> None:
    page.tabs.setCurrentIndex(next(i for i in range(page.tabs.count()) if page.tabs.tabText(i) == "账号"))


def test_the_lead_confirms_a_colleague_after_reading_the_fingerprint(
    qtbot: QtBot, school: SchoolFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    _new_colleague(school)
    before = school.sign_in(NEW, OWN)
    assert not before.db.has_care and not before.actor.can(Permission.VIEW_WARNINGS)
    before.db.close()
    lead = school.sign_in("lead")
    page = SettingsPage(ServiceRunner(lead, school.keys))
    qtbot.addWidget(page)
    _accounts_tab(page)
    assert page.add_account_button.isHidden() and not page.confirm_button.isHidden()
    colleague = _select(page, NEW)
    assert colleague.care_access == "待确认" and colleague.fingerprint
    shown: list[str] = []

    def answer(_parent: object, _title: str, text: str, *_rest: object) -> QMessageBox.StandardButton:
        shown.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    page.confirm_button.click()
    assert colleague.fingerprint in shown[0]
    assert _select(page, NEW).care_access == "已确认"
    after = school.sign_in(NEW, OWN)
    try:
        assert after.db.has_care and after.actor.can(Permission.VIEW_WARNINGS)
    finally:
        after.db.close()
    page.revoke_button.click()
    assert _select(page, NEW).care_access == "待确认"
    lead.db.close()


def test_the_admin_confirms_the_first_lead_with_the_recovery_key(qtbot: QtBot, school: SchoolFixture) -> None:
    admin: Session = school.admin
    row = accounts.users.by_username(admin.db.conn, "lead")
    assert row is not None
    accounts.reset_password(
        admin.db, admin.actor, user_id=row.id, new_password=PASSWORD, now=FIXED_NOW, keys=school.keys
    )
    fresh = school.sign_in("lead")  # a temporary password again: no care access
    accounts.change_own_password(
        fresh.db, fresh.actor, old_password=PASSWORD, new_password=OWN, now=FIXED_NOW, keys=school.keys
    )
    fresh.db.close()
    page = SettingsPage(ServiceRunner(admin, school.keys))
    qtbot.addWidget(page)
    _accounts_tab(page)
    assert page.confirm_button.isHidden() and not page.recovery_confirm_button.isHidden()
    assert _select(page, "lead").care_access == "待确认"

    def fill(dialog: RecoveryKeyConfirmDialog) -> None:
        dialog.recovery_key.setText(school.recovery_key)
        dialog.buttons.accepted.emit()

    answer_dialog(RecoveryKeyConfirmDialog, fill)
    page.recovery_confirm_button.click()
    assert _select(page, "lead").care_access == "已确认"
    assert page.account_model.row_at(0).care_access == "—"  # the admin's own row: never care
    lead = school.sign_in("lead", OWN)
    try:
        assert lead.db.has_care
    finally:
        lead.db.close()


def test_the_new_recovery_key_after_the_upgrade_is_shown_until_its_keeping_is_confirmed(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from counselroom.gui.session.new_recovery_key_dialog import NewRecoveryKeyDialog

    key = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567-ABCD-EFGH"
    dialog = NewRecoveryKeyDialog("测试中学", key)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert "ABCD-EFGH-IJKL-MNOP-QRST" in dialog.key_label.text() and not ok.isEnabled()
    dialog.reject()  # Esc before confirming keeps it open
    assert dialog.result() == 0
    dialog.confirm.setChecked(True)
    assert ok.isEnabled()
