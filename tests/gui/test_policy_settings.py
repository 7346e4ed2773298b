"""设置 as a teacher uses it for the policy profile (政策依据), the room's own contacts, the
school's form of class names and 心理委员 — what shows changes with the profile chosen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from counselroom.gui.pages.settings_page import SettingsPage
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.settings.policy_tab import PolicyRuleTableModel
from counselroom.gui.settings.room_dialogs import ContactsDialog
from counselroom.gui.settings.school_dialogs import PeerMonitorDialog
from counselroom.services.care import peer_reports
from counselroom.services.school import policy
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.gui.dialogs import answer_dialog
from tests.school_data import add_small_school


def _column(model: PolicyRuleTableModel, header: str) -> list[str]:
    col = [name for name, _ in model.columns].index(header)
    return [str(model.data(model.index(row, col))) for row in range(model.rowCount())]


def _choose(qtbot: QtBot, page: SettingsPage, name: str) -> None:
    tab = page.policy_tab
    tab.choice.setCurrentIndex(next(i for i in range(tab.choice.count()) if tab.choice.itemText(i).startswith(name)))
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)


def test_the_admin_switches_from_nanchang_to_weinan_and_sees_the_rules_change(
    qtbot: QtBot, school: SchoolFixture, answers: list[str]
) -> None:
    page = SettingsPage(ServiceRunner(school.admin, school.keys))
    qtbot.addWidget(page)
    tab = page.policy_tab
    assert tab.choice.count() == 3 and "暂按江西省执行" in tab.state.text()
    assert "966525" in tab.hotlines.text()

    _choose(qtbot, page, "南昌市")
    assert tab.state.text().startswith("当前：南昌市") and answers == []  # the first choice is not a change
    assert "每年不低于 40 学时职后专题培训" in _column(tab.model, "要求")
    assert set(_column(tab.model, "依据")) == {"S001"}
    assert any("男、女委员各1名" in quote for quote in _column(tab.model, "原文"))
    assert "0791-88330120" in tab.hotlines.text() and "966525" in tab.hotlines.text()
    tip = tab.model.data(tab.model.index(0, PolicyRuleTableModel.QUOTE), Qt.ItemDataRole.ToolTipRole)
    assert "南昌市委教育工作领导小组" in str(tip)

    _choose(qtbot, page, "渭南市")
    assert answers == ["更改政策依据"] and tab.state.text().startswith("当前：渭南市")
    required = _column(tab.model, "要求")
    assert "每年至少 30 学时" in required and "每年不低于 40 学时职后专题培训" not in required
    assert set(_column(tab.model, "依据")) == {"S004"}
    assert "966525" not in tab.hotlines.text() and "未列出热线号码" in tab.hotlines.text()
    page.refresh()
    assert "按政策依据（渭南市）印出：无" in page.room_tab.contacts.text()


def test_another_profile_is_previewed_and_a_switch_can_be_declined(
    qtbot: QtBot, school: SchoolFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy.set_policy_profile(school.admin.db, school.admin.actor, "nanchang", now=FIXED_NOW)
    page = SettingsPage(ServiceRunner(school.admin, school.keys))
    qtbot.addWidget(page)
    tab = page.policy_tab
    tab.choice.setCurrentIndex(tab.choice.findData("weinan"))  # picked, not saved: its rules shown
    assert tab.state.text().startswith("预览：渭南市（尚未保存，本校仍按南昌市执行）")
    assert set(_column(tab.model, "依据")) == {"S004"}
    asked: list[str] = []

    def no(_parent: object, title: str, text: str, *args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", no)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert "从南昌市改为渭南市" in asked[0] and "达标情况" in asked[0]
    assert policy.school_policy(school.admin.db, school.admin.actor, now=FIXED_NOW).id == "nanchang"
    tab.choice.setCurrentIndex(tab.choice.findData("nanchang"))
    assert tab.state.text().startswith("当前：南昌市")


def test_a_counselor_reads_the_profile_but_cannot_change_it(qtbot: QtBot, school: SchoolFixture) -> None:
    session = school.sign_in("counselor")
    page = SettingsPage(ServiceRunner(session, school.keys))
    qtbot.addWidget(page)
    assert not page.policy_tab.choice.isEnabled() and not page.policy_tab.save_button.isVisibleTo(page)
    assert page.policy_tab.model.rowCount() > 0
    session.db.close()


def test_the_lead_writes_the_rooms_own_contacts(qtbot: QtBot, school: SchoolFixture) -> None:
    session = school.sign_in("lead")
    page = SettingsPage(ServiceRunner(session, school.keys))
    qtbot.addWidget(page)
    tab = page.room_tab
    assert "本校：未填写" in tab.contacts.text()

    def fill(dialog: ContactsDialog) -> None:
        assert dialog.table.rowCount() == 4  # 电话, QQ, 微信, 心理信箱 offered
        dialog.table.item(1, 1).setText("2851736409")
        dialog.table.item(3, 1).setText("教学楼一楼大厅东侧")
        dialog.buttons.accepted.emit()

    answer_dialog(ContactsDialog, fill)
    qtbot.mouseClick(tab.edit_contacts_button, Qt.MouseButton.LeftButton)
    text = tab.contacts.text()
    assert "心理辅导室QQ 2851736409" in text and "心理信箱 教学楼一楼大厅东侧" in text and "12355" in text
    session.db.close()


def test_the_admin_sets_the_schools_form_of_class_names(qtbot: QtBot, school: SchoolFixture) -> None:
    add_small_school(school.admin)
    page = SettingsPage(ServiceRunner(school.admin, school.keys))
    qtbot.addWidget(page)
    tab = page.classes_tab
    assert tab is not None and tab.name_form.currentText() == "初一(3)班"
    tab.name_form.setCurrentText("七年级（3）班")
    qtbot.mouseClick(tab.save_form_button, Qt.MouseButton.LeftButton)
    assert [tab.model.row_at(i).name for i in range(tab.model.rowCount())] == [
        "七年级（1）班",
        "八年级（1）班",
        "九年级（1）班",
    ]


def test_the_monitor_dialog_states_the_profiles_rule(qtbot: QtBot, school: SchoolFixture) -> None:
    add_small_school(school.admin)
    admin_page = SettingsPage(ServiceRunner(school.admin, school.keys))
    qtbot.addWidget(admin_page)
    _choose(qtbot, admin_page, "南昌市")
    session = school.sign_in("counselor")
    page = SettingsPage(ServiceRunner(session, school.keys))
    qtbot.addWidget(page)
    tab = page.classes_tab
    assert tab is not None
    tab.view.selectRow(0)
    seen: list[str] = []

    def pick(dialog: QDialog) -> None:
        assert isinstance(dialog, PeerMonitorDialog)
        seen.append(" ".join(label.text() for label in dialog.findChildren(type(dialog.error))))
        dialog.tick("张晓明", "李雨涵")
        dialog.buttons.accepted.emit()

    answer_dialog(PeerMonitorDialog, pick)
    tab.set_monitors()
    assert "初中、普通高中每班男、女心理委员各 1 名（S001，鼓励）" in seen[0]
    coverage = peer_reports.monitor_coverage(session.db, session.actor, now=FIXED_NOW)
    assert [m.state for m in coverage] == ["齐全", "缺男生、女生心理委员", "缺男生、女生心理委员"]
    session.db.close()


def test_the_principals_counts_name_the_profiles_rule(qtbot: QtBot, school: SchoolFixture) -> None:
    from counselroom.gui.pages.warnings_page import WarningsPage

    add_small_school(school.admin)
    session = school.sign_in("principal")
    page = WarningsPage(ServiceRunner(session, school.keys))
    qtbot.addWidget(page)
    page.refresh()
    assert page.counts.monitor_title.text() == "心理委员配备：初中、高中每班不少于 2 名心理委员（S003，鼓励）"
    model = page.counts.monitor_model
    assert [model.data(model.index(r, model.STATE)) for r in range(model.rowCount())] == ["还差 2 名"] * 3
    session.db.close()
