"""Issue #8 items 4 and 9 on the 预警 page as a counselor and the lead use it: 家长告知 shown in the
entry's history, a red proposal's rejection co-signed by the lead in the lead's own session, the
coverage by S003 item 26's groups with 初三/高三 on a line of its own, and the soft limit in 设置."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from counselroom.domain.care.warnings import WarningLevel
from counselroom.gui.care.mentor_limit import MentorLimitRow
from counselroom.gui.care.notice_dialogs import CosignRejectionDialog, GuardianNoticeDialog
from counselroom.gui.care.warning_dialogs import RejectProposalDialog
from counselroom.gui.pages.warnings_page import WarningsPage
from counselroom.gui.service_runner import ServiceRunner
from counselroom.services.accounts.session import Session
from counselroom.services.care import mentoring
from counselroom.system import clock
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.gui.dialogs import answer_dialog
from tests.gui.test_warnings_page import list_student, model_texts, propose
from tests.school_data import add_small_school


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW)


@pytest.fixture
def people(school: SchoolFixture) -> Iterator[dict[str, Session]]:
    add_small_school(school.admin)
    found = {name: school.sign_in(name) for name in ("counselor", "lead")}
    yield found
    for session in found.values():
        session.db.close()


def open_page(qtbot: QtBot, school: SchoolFixture, session: Session) -> WarningsPage:
    page = WarningsPage(ServiceRunner(session, school.keys))
    qtbot.addWidget(page)
    return page


def test_telling_the_parents_shows_in_the_entrys_history(
    qtbot: QtBot, school: SchoolFixture, people: dict[str, Session]
) -> None:
    list_student(people["counselor"], 1, WarningLevel.ORANGE)
    page = open_page(qtbot, school, people["counselor"])
    tab = page.list_tab
    assert not tab.notice_button.isEnabled()
    tab.warning_view.selectRow(0)
    assert tab.notice_button.isEnabled()

    def tell(dialog: GuardianNoticeDialog) -> None:
        assert dialog.told_by.text() == "心理教师 王老师"  # who is signed in, editable
        dialog.channel.setCurrentIndex(dialog.channel.findText("电话"))
        dialog.guardian.setText("祖母 张桂兰")
        dialog.buttons.accepted.emit()
        assert "家长的回应" in dialog.error.text()
        dialog.response.setText("家长表示会多关心孩子，每周与班主任联系")
        dialog.buttons.accepted.emit()

    answer_dialog(GuardianNoticeDialog, tell)
    tab.notice_button.click()
    texts = model_texts(tab.history_model)
    assert "告知家长" in texts
    assert "电话告知祖母 张桂兰；家长表示：家长表示会多关心孩子，每周与班主任联系" in texts
    first, told = (tab.history_model.row_at(i) for i in range(tab.history_model.rowCount()))
    assert first.action == "列入" and told.action == "告知家长"
    assert tab.history_model.data(tab.history_model.index(1, 2)) == ""  # no level changed
    assert told.who == "心理教师 王老师" and told.changed_at == FIXED_NOW.strftime("%Y-%m-%d %H:%M:00")


def test_a_red_rejection_waits_for_the_lead_who_cosigns_it(
    qtbot: QtBot, school: SchoolFixture, people: dict[str, Session]
) -> None:
    propose(school, 3, WarningLevel.RED, "ASQ 筛查阳性（非急性）")
    page = open_page(qtbot, school, people["counselor"])
    tab = page.list_tab
    assert tab.cosign_button.parent() is None  # a counselor has no such button
    tab.proposal_view.selectRow(0)

    def reject(dialog: RejectProposalDialog) -> None:
        assert any("须心理中心负责人确认" in label.text() for label in dialog.findChildren(QLabel))
        dialog.reason.setText("复评访谈未见异常，问卷作答随意")
        dialog.buttons.accepted.emit()

    answer_dialog(RejectProposalDialog, reject)
    tab.reject_button.click()
    assert tab.proposal_title.text() == "待确认的建议（1）"  # still waiting
    model = tab.proposal_model
    assert model.data(model.index(0, model.STATUS)) == "待负责人确认"
    assert "申请不列入：复评访谈未见异常" in model.data(model.index(0, model.STATUS), Qt.ItemDataRole.ToolTipRole)
    tab.proposal_view.selectRow(0)
    assert not tab.reject_button.isEnabled()

    lead_page = open_page(qtbot, school, people["lead"])
    lead_tab = lead_page.list_tab
    assert not lead_tab.cosign_button.isHidden() and not lead_tab.cosign_button.isEnabled()
    lead_tab.proposal_view.selectRow(0)
    assert lead_tab.cosign_button.isEnabled()
    answer_dialog(CosignRejectionDialog, lambda d: (d.note.setText("同意"), d.buttons.accepted.emit()))
    lead_tab.cosign_button.click()
    assert lead_tab.proposal_title.text() == "待确认的建议（0）"


def test_coverage_shows_s003_groups_and_the_exam_years_apart(
    qtbot: QtBot, school: SchoolFixture, people: dict[str, Session]
) -> None:
    page = open_page(qtbot, school, people["counselor"])
    tab = page.coverage_tab
    lines = {tab.group_model.row_at(i).phrase: tab.group_model.row_at(i) for i in range(tab.group_model.rowCount())}
    assert list(lines)[:3] == ["单亲家庭学生", "离异家庭学生", "留守家庭学生"]
    assert "存在心理问题学生" in lines and "学习压力大的学生" in lines
    assert lines["面临升学压力的初三、高三学生"].students == 2
    assert lines["学生人人有导师（全员导师制）"].students == 6
    assert "S003 第26条" in tab.totals.text() and "重点群体学生 3 人" in tab.totals.text()


def test_the_soft_limit_is_set_in_settings_by_the_admin(qtbot: QtBot, school: SchoolFixture, people) -> None:  # type: ignore[no-untyped-def]
    admin_row = MentorLimitRow(ServiceRunner(school.admin, school.keys))
    qtbot.addWidget(admin_row)
    assert admin_row.limit.text() == "不设" and admin_row.limit.isEnabled()
    admin_row.limit.setValue(15)
    admin_row.save.click()
    counselor = people["counselor"]
    assert mentoring.mentor_soft_limit(counselor.db, counselor.actor, now=FIXED_NOW) == 15
    counselor_row = MentorLimitRow(ServiceRunner(counselor, school.keys))
    qtbot.addWidget(counselor_row)
    assert counselor_row.limit.value() == 15 and not counselor_row.limit.isEnabled()
