"""设置 → 危机干预预案 as the lead keeps it (team, ordered steps, contacts, 保存) and a counselor reads it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from counselroom.domain.crisis.crisis_plan import DEFAULT_STEPS, Contact, PlanStep, TeamMember
from counselroom.gui.pages.settings_page import SettingsPage
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.settings.crisis_plan_lists import EditableListWidget
from counselroom.gui.settings.crisis_plan_tab import CrisisPlanTab
from counselroom.services.accounts.session import Session
from counselroom.services.crisis import crisis_plan
from tests.conftest import FIXED_NOW, SchoolFixture


def _page(qtbot: QtBot, session: Session, school: SchoolFixture) -> SettingsPage:
    page = SettingsPage(ServiceRunner(session, school.keys))
    qtbot.addWidget(page)
    assert page.crisis_plan_tab is not None
    page.tabs.setCurrentWidget(page.crisis_plan_tab)
    return page


def _type_row(qtbot: QtBot, part: EditableListWidget, *texts: str) -> None:
    """添加 a line and type into its cells, as a teacher double-clicking each one would."""
    qtbot.mouseClick(part.add_button, Qt.MouseButton.LeftButton)
    row = part.table.rowCount() - 1
    for column, text in enumerate(texts):
        part.table.item(row, column).setText(text)


def _click(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def test_the_lead_fills_the_plan_saves_it_and_a_counselor_reads_it(qtbot: QtBot, school: SchoolFixture) -> None:
    lead = school.sign_in("lead")
    tab = _page(qtbot, lead, school).crisis_plan_tab
    assert isinstance(tab, CrisisPlanTab)
    assert tab.saved.text().startswith("尚未保存过")
    assert tab.steps.rows() == [(s.title, s.detail) for s in DEFAULT_STEPS]
    assert "还缺：危机干预小组成员" in tab.checklist.text()

    _type_row(qtbot, tab.team, "李主任", "副组长（心理教师）", "13800000000")
    _type_row(qtbot, tab.steps, "保护现场", "疏散围观学生")
    assert tab.dirty and tab.discard_button.isEnabled()
    # 保护现场 goes up to be the second step, after 发现与报告.
    tab.steps.table.setCurrentCell(len(DEFAULT_STEPS), 0)
    for _ in range(len(DEFAULT_STEPS) - 1):
        _click(qtbot, tab.steps.up_button)
    _click(qtbot, tab.steps.down_button)
    _click(qtbot, tab.steps.up_button)
    _type_row(qtbot, tab.contacts, "南昌市第九医院 绿色通道", "0791-88888888", "定点医院")
    _click(qtbot, tab.team.add_button)  # an extra line left blank is not saved
    _click(qtbot, tab.save_button)

    assert tab.error.text() == "" and not tab.dirty
    assert tab.saved.text().startswith("上次保存：") and tab.saved.text().endswith("，李主任")
    assert tab.checklist.text().endswith("四项齐全")
    plan = crisis_plan.get_crisis_plan(lead.db, lead.actor, now=FIXED_NOW)
    assert plan.team == (TeamMember("李主任", "副组长（心理教师）", "13800000000"),)
    assert [s.title for s in plan.steps][:3] == ["发现与报告", "保护现场", "评估"]
    assert plan.steps[1] == PlanStep("保护现场", "疏散围观学生")
    assert plan.contacts == (Contact("南昌市第九医院 绿色通道", "0791-88888888", "定点医院"),)
    lead.db.close()

    counselor = school.sign_in("counselor")
    read = _page(qtbot, counselor, school).crisis_plan_tab
    assert isinstance(read, CrisisPlanTab)
    assert read.team.rows() == [("李主任", "副组长（心理教师）", "13800000000")]
    assert read.steps.rows()[1] == ("保护现场", "疏散围观学生")
    assert read.saved.text().endswith("，李主任")
    assert not read.save_button.isVisibleTo(read) and not read.steps.up_button.isVisibleTo(read)
    assert not any(p.add_button.isVisibleTo(read) for p in (read.team, read.steps, read.contacts))
    assert read.team.table.editTriggers() == read.team.table.EditTrigger.NoEditTriggers
    counselor.db.close()


def test_before_the_first_save_a_counselor_is_not_asked_to_save(qtbot: QtBot, school: SchoolFixture) -> None:
    counselor = school.sign_in("counselor")
    read = _page(qtbot, counselor, school).crisis_plan_tab
    assert isinstance(read, CrisisPlanTab)
    assert read.saved.text().startswith("尚未保存过") and "心理中心负责人" in read.saved.text()
    assert "后保存" not in read.saved.text()
    counselor.db.close()


def test_a_missing_role_points_at_its_cell_and_keeps_the_lists(qtbot: QtBot, school: SchoolFixture) -> None:
    lead = school.sign_in("lead")
    tab = _page(qtbot, lead, school).crisis_plan_tab
    assert isinstance(tab, CrisisPlanTab)
    _type_row(qtbot, tab.team, "王老师", "", "13900000000")
    _click(qtbot, tab.save_button)
    assert tab.error.text() == "“小组成员第 1 项职责”：不能为空"
    assert (tab.team.table.currentRow(), tab.team.table.currentColumn()) == (0, 1)
    assert tab.team.rows() == [("王老师", "", "13900000000")] and tab.dirty
    assert crisis_plan.get_crisis_plan(lead.db, lead.actor, now=FIXED_NOW).updated_at == ""
    lead.db.close()


def test_unsaved_typing_survives_a_refresh_and_a_lock(qtbot: QtBot, school: SchoolFixture) -> None:
    lead = school.sign_in("lead")
    page = _page(qtbot, lead, school)
    tab = page.crisis_plan_tab
    assert isinstance(tab, CrisisPlanTab)
    _type_row(qtbot, tab.contacts, "派出所", "110")
    page.refresh()  # e.g. the idle-lock minutes saved on the first tab
    assert tab.contacts.rows() == [("派出所", "110", "")]
    kept = page.collect_drafts()
    page.clear_for_lock()
    assert tab.contacts.rows() == [] and tab.steps.rows() == []
    page.refresh()
    page.restore_drafts(kept)
    assert tab.contacts.rows() == [("派出所", "110", "")] and tab.dirty
    assert "锁定前未保存的修改已恢复" in tab.error.text()
    _click(qtbot, tab.discard_button)
    assert tab.contacts.rows() == [] and not tab.dirty
    lead.db.close()


def test_the_principal_has_no_crisis_plan_tab(qtbot: QtBot, school: SchoolFixture) -> None:
    principal = school.sign_in("principal")
    page = SettingsPage(ServiceRunner(principal, school.keys))
    qtbot.addWidget(page)
    assert "危机干预预案" not in [page.tabs.tabText(i) for i in range(page.tabs.count())]
    principal.db.close()
