"""设置 → 辅导室建设 as the lead keeps it (功能区 added, edited and removed; a rule put in force and on
the wall; a year's 经费) and as a counselor or the principal reads it, with this term's 使用率."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from counselroom.domain.activities.room_facts import RoomRuleName
from counselroom.domain.school.terms import default_terms
from counselroom.gui.pages.settings_page import SettingsPage
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.settings.room_facts_dialogs import RoomAreaDialog, RoomBudgetDialog
from counselroom.gui.settings.room_facts_tab import RoomFactsTab
from counselroom.services.accounts.session import Session
from counselroom.services.activities import room_facts
from counselroom.services.activities.room_facts import RoomAreaInput
from counselroom.services.school import room_setup, school_calendar
from counselroom.system import clock
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.gui.dialogs import answer_dialog


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW)


def _tab(qtbot: QtBot, session: Session, school: SchoolFixture) -> RoomFactsTab:
    page = SettingsPage(ServiceRunner(session, school.keys))
    qtbot.addWidget(page)
    page.tabs.setCurrentWidget(page.room_facts_tab)
    assert page.tabs.tabText(page.tabs.currentIndex()) == "辅导室建设"
    return page.room_facts_tab


def _click(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def _cells(model: object, row: int) -> list[str]:
    return [str(model.data(model.index(row, c))) for c in range(model.columnCount())]  # type: ignore[attr-defined]


def test_the_lead_keeps_areas_rules_and_budget(qtbot: QtBot, school: SchoolFixture, answers: list[str]) -> None:
    lead = school.sign_in("lead")
    room_setup.save_room(lead.db, lead.actor, name="个别辅导室一", kind="个别辅导室", capacity=2, now=FIXED_NOW)
    tab = _tab(qtbot, lead, school)
    assert tab.add_area_button.isVisibleTo(tab) and not tab.hint.isVisibleTo(tab)
    assert "今天不在校历的学期内" in tab.use.text()

    def add(dialog: RoomAreaDialog) -> None:
        dialog.name.setEditText("个体辅导室")
        dialog.size.setValue(12)
        dialog.room.setCurrentIndex(dialog.room.findText("个别辅导室一"))
        dialog.notes.setText("隔音，配两把沙发")
        dialog.buttons.accepted.emit()

    answer_dialog(RoomAreaDialog, add)
    _click(qtbot, tab.add_area_button)
    assert _cells(tab.areas, 0) == ["个体辅导室", "12", "个别辅导室一", "隔音，配两把沙发"]
    assert tab.total_area.text() == "合计 12 平方米"

    tab.area_view.selectRow(0)
    seen: list[str] = []

    def edit(dialog: RoomAreaDialog) -> None:
        seen.append(dialog.name.currentText())
        dialog.size.setValue(16)
        dialog.buttons.accepted.emit()

    answer_dialog(RoomAreaDialog, edit)
    _click(qtbot, tab.edit_area_button)
    assert seen == ["个体辅导室"] and _cells(tab.areas, 0)[1] == "16"

    confidentiality = tab.rule_rows[list(RoomRuleName).index(RoomRuleName.CONFIDENTIALITY)]
    confidentiality.in_force.setChecked(True)
    confidentiality.posted.setChecked(True)
    confidentiality.adopted.setDate(QDate(2025, 9, 1))
    _click(qtbot, tab.save_rules_button)
    rules = {r.rule: r for r in room_facts.room_facts(lead.db, lead.actor, now=FIXED_NOW).rules}
    assert (rules[RoomRuleName.CONFIDENTIALITY].in_force, rules[RoomRuleName.CONFIDENTIALITY].posted) == (True, True)
    assert rules[RoomRuleName.CONFIDENTIALITY].adopted_on == date(2025, 9, 1)
    assert rules[RoomRuleName.GUIDELINES].adopted_on is None  # left 未填
    saved = lead.db.conn.execute("SELECT count(*) FROM audit_log WHERE detail = '修改制度'").fetchone()[0]
    assert saved == 1  # only the rule that changed

    def budget(dialog: RoomBudgetDialog) -> None:
        assert dialog.year.text() == "2025-2026"  # this school year, offered
        dialog.amount.setValue(20000)
        dialog.notes.setText("含设备更新")
        dialog.buttons.accepted.emit()

    answer_dialog(RoomBudgetDialog, budget)
    _click(qtbot, tab.set_budget_button)
    assert _cells(tab.budgets, 0) == ["2025-2026", "20,000", "含设备更新"]

    tab.area_view.selectRow(0)
    _click(qtbot, tab.remove_area_button)
    assert answers == ["删除功能区"] and tab.areas.rowCount() == 0
    lead.db.close()


def test_a_same_name_is_refused_at_the_name(qtbot: QtBot, school: SchoolFixture) -> None:
    lead = school.sign_in("lead")
    room_facts.save_room_area(lead.db, lead.actor, RoomAreaInput("宣泄室", 10), now=FIXED_NOW)
    tab = _tab(qtbot, lead, school)
    seen: list[tuple[str, bool]] = []

    def again(dialog: RoomAreaDialog) -> None:
        seen.append((dialog.error.text(), bool(dialog.name.property("invalid"))))
        dialog.buttons.rejected.emit()

    def twice(dialog: RoomAreaDialog) -> None:
        dialog.name.setEditText("宣泄室")
        answer_dialog(RoomAreaDialog, again)
        dialog.buttons.accepted.emit()

    answer_dialog(RoomAreaDialog, twice)
    tab.add_area()
    assert seen == [("“名称”：已有名为“宣泄室”的功能区", True)]
    assert tab.areas.rowCount() == 1
    lead.db.close()


@pytest.mark.parametrize("username", ["counselor", "principal"])
def test_others_read_it_with_this_terms_use(qtbot: QtBot, school: SchoolFixture, username: str) -> None:
    first, second = default_terms(2025)
    school_calendar.add_school_year(
        school.admin.db, school.admin.actor, start_year=2025, first=first, second=second, now=FIXED_NOW
    )
    room_facts.save_room_area(school.admin.db, school.admin.actor, RoomAreaInput("放松室", 20), now=FIXED_NOW)
    session = school.sign_in(username)
    tab = _tab(qtbot, session, school)
    assert _cells(tab.areas, 0)[:2] == ["放松室", "20"]
    assert tab.hint.isVisibleTo(tab) and "由心理中心负责人或管理员维护" in tab.hint.text()
    buttons = (tab.add_area_button, tab.edit_area_button, tab.set_budget_button, tab.save_rules_button)
    assert not any(b.isVisibleTo(tab) for b in buttons)
    assert not any(row.in_force.isEnabled() or row.adopted.isEnabled() for row in tab.rule_rows)
    assert tab.use.text().startswith("2025-2026学年第一学期")
    session.db.close()
