"""设置 → 合作机构 as the lead keeps it (add the 定点合作 hospital with its 绿色通道, edit, stop, restore)
and as a counselor reads it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from counselroom.gui.pages.settings_page import SettingsPage
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.settings.partners_dialogs import PartnerDialog
from counselroom.gui.settings.partners_tab import PartnersTab
from counselroom.services.accounts.session import Session
from counselroom.services.referrals import partners
from counselroom.services.referrals.partners import PartnerInput
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.gui.dialogs import answer_dialog

HOSPITAL = "南昌市第九医院"


def _tab(qtbot: QtBot, session: Session, school: SchoolFixture) -> PartnersTab:
    page = SettingsPage(ServiceRunner(session, school.keys))
    qtbot.addWidget(page)
    assert page.partners_tab is not None
    page.tabs.setCurrentWidget(page.partners_tab)
    return page.partners_tab


def _cells(tab: PartnersTab, row: int) -> list[str]:
    model = tab.model
    return [str(model.data(model.index(row, c))) for c in range(model.columnCount())]


def _click(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def test_the_lead_adds_edits_stops_and_restores_the_designated_hospital(
    qtbot: QtBot, school: SchoolFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    lead = school.sign_in("lead")
    tab = _tab(qtbot, lead, school)
    assert tab.add_button.isVisibleTo(tab)
    assert tab.hint.text().startswith("还没有合作机构")
    assert not tab.edit_button.isEnabled() and not tab.deactivate_button.isEnabled()

    def add(dialog: PartnerDialog) -> None:
        dialog.name.setText(HOSPITAL)
        dialog.designated.setChecked(True)
        dialog.contact.setText("李医生（心理科）")
        dialog.phone.setText("0791-88888888")
        dialog.address.setText("南昌市青山湖区")
        dialog.buttons.accepted.emit()

    answer_dialog(PartnerDialog, add)
    _click(qtbot, tab.add_button)
    assert tab.model.rowCount() == 1
    assert _cells(tab, 0)[:4] == [HOSPITAL, "医院", "是", "李医生（心理科） 0791-88888888"]
    assert tab.selected() is not None and tab.edit_button.isEnabled()

    opened: list[tuple[str, str]] = []

    def edit(dialog: PartnerDialog) -> None:
        opened.append((dialog.windowTitle(), dialog.contact.text()))
        dialog.phone.setText("0791-88880000")
        dialog.buttons.accepted.emit()

    answer_dialog(PartnerDialog, edit)
    _click(qtbot, tab.edit_button)
    assert opened == [("编辑合作机构", "李医生（心理科）")]
    kept = partners.list_partners(lead.db, lead.actor, now=FIXED_NOW)
    assert [(p.name, p.designated, p.green_channel_phone) for p in kept] == [(HOSPITAL, True, "0791-88880000")]
    assert "绿色通道：李医生（心理科） 0791-88880000" in kept[0].label

    asked: list[str] = []

    def yes(*args: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    _click(qtbot, tab.deactivate_button)
    assert "新的转介不能再选择它" in asked[0]
    assert _cells(tab, 0)[5] == "已停用"
    assert partners.list_partners(lead.db, lead.actor, now=FIXED_NOW) == []  # gone from the referral choices
    assert tab.reactivate_button.isEnabled() and not tab.deactivate_button.isEnabled()
    _click(qtbot, tab.reactivate_button)
    assert _cells(tab, 0)[5] == "在用"
    lead.db.close()


def test_a_wrong_phone_is_said_next_to_the_field_and_nothing_typed_is_lost(qtbot: QtBot, school: SchoolFixture) -> None:
    lead = school.sign_in("lead")
    tab = _tab(qtbot, lead, school)
    seen: list[tuple[str, str, str, bool]] = []

    def second_try(dialog: PartnerDialog) -> None:
        seen.append(
            (dialog.error.text(), dialog.name.text(), dialog.phone.text(), bool(dialog.phone.property("invalid")))
        )
        dialog.phone.setText("0791-88888888")
        dialog.buttons.accepted.emit()

    def first_try(dialog: PartnerDialog) -> None:
        dialog.name.setText("市心理咨询中心")
        dialog.kind.setCurrentIndex(dialog.kind.findData("机构"))
        dialog.phone.setText("找前台")
        answer_dialog(PartnerDialog, second_try)  # the dialog comes back with the error
        dialog.buttons.accepted.emit()

    answer_dialog(PartnerDialog, first_try)
    tab.add_partner()
    assert seen == [("“绿色通道电话”：电话只能包含数字、空格和“-”", "市心理咨询中心", "找前台", True)]
    assert _cells(tab, 0)[:2] == ["市心理咨询中心", "机构"]
    lead.db.close()


def test_a_same_name_is_refused_at_the_name(qtbot: QtBot, school: SchoolFixture) -> None:
    lead = school.sign_in("lead")
    partners.add_partner(lead.db, lead.actor, PartnerInput(HOSPITAL), now=FIXED_NOW)
    tab = _tab(qtbot, lead, school)
    seen: list[str] = []

    def again(dialog: PartnerDialog) -> None:
        seen.append(dialog.error.text())
        dialog.buttons.rejected.emit()

    def twice(dialog: PartnerDialog) -> None:
        dialog.name.setText(HOSPITAL)
        answer_dialog(PartnerDialog, again)
        dialog.buttons.accepted.emit()

    answer_dialog(PartnerDialog, twice)
    tab.add_partner()
    assert seen == [f"“名称”：已有名为“{HOSPITAL}”的合作机构"]
    assert tab.model.rowCount() == 1
    lead.db.close()


def test_a_counselor_reads_the_list_without_buttons(qtbot: QtBot, school: SchoolFixture) -> None:
    lead = school.sign_in("lead")
    partners.add_partner(lead.db, lead.actor, PartnerInput(HOSPITAL, designated=True), now=FIXED_NOW)
    partners.add_partner(lead.db, lead.actor, PartnerInput("旧机构", kind="机构"), now=FIXED_NOW)
    old = next(p for p in partners.list_partners(lead.db, lead.actor, now=FIXED_NOW) if p.name == "旧机构")
    partners.deactivate_partner(lead.db, lead.actor, old.id, now=FIXED_NOW)
    lead.db.close()
    counselor = school.sign_in("counselor")
    tab = _tab(qtbot, counselor, school)
    assert [tab.model.row_at(i).name for i in range(tab.model.rowCount())] == [HOSPITAL]
    buttons = (tab.add_button, tab.edit_button, tab.deactivate_button, tab.reactivate_button)
    assert not any(b.isVisibleTo(tab) for b in buttons)
    assert "由心理中心负责人维护" in tab.hint.text()
    counselor.db.close()


@pytest.mark.parametrize("username", ["principal", "admin"])
def test_roles_without_the_permission_have_no_tab(qtbot: QtBot, school: SchoolFixture, username: str) -> None:
    session = school.admin if username == "admin" else school.sign_in(username)
    page = SettingsPage(ServiceRunner(session, school.keys))
    qtbot.addWidget(page)
    tabs = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert "合作机构" not in tabs and "危机干预预案" not in tabs
    assert page.partners_tab is None and page.crisis_plan_tab is None
    if session is not school.admin:
        session.db.close()
