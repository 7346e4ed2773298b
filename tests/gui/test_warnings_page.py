"""预警 as a counselor uses it: list a student, see the history, change the level, decide
proposals, arrange a 成长导师, log a 心理委员 report; the principal sees counts and no names."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from counselroom.domain.care.warnings import WarningLevel, WarningSource
from counselroom.gui.care.warning_dialogs import (
    AddWarningDialog,
    AssignMentorDialog,
    ChangeLevelDialog,
    ConfirmProposalDialog,
    PeerReportDialog,
    RejectProposalDialog,
)
from counselroom.gui.main_window import MainWindow
from counselroom.gui.models import RowTableModel
from counselroom.gui.pages.warnings_page import EMPTY_LIST, WarningsPage
from counselroom.gui.service_runner import ServiceRunner
from counselroom.services.accounts.session import Session
from counselroom.services.care import mentoring, warning_list
from counselroom.store.care.warnings import insert_proposal
from counselroom.system import clock
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.full_access import both_stores
from tests.gui.dialogs import answer_dialog
from tests.school_data import STUDENTS, add_small_school

TODAY = FIXED_NOW.date()
NAMES = [row[2] for row in STUDENTS]


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW)


@pytest.fixture
def counselor(school: SchoolFixture) -> Iterator[Session]:
    add_small_school(school.admin)
    session = school.sign_in("counselor")
    yield session
    session.db.close()


def open_page(qtbot: QtBot, school: SchoolFixture, session: Session) -> WarningsPage:
    page = WarningsPage(ServiceRunner(session, school.keys))
    qtbot.addWidget(page)
    return page


def list_student(s: Session, student_id: int, level: WarningLevel) -> None:
    warning_list.add_to_warning_list(
        s.db,
        s.actor,
        student_id,
        level=level,
        reason="班主任反映情绪低落",
        source=WarningSource.HEAD_TEACHER,
        now=FIXED_NOW,
    )


def propose(school: SchoolFixture, student_id: int, level: WarningLevel, reason: str) -> None:
    with both_stores(school.admin) as db, db.transaction() as conn:
        insert_proposal(conn, student_id=student_id, level=level, reason=reason, now=FIXED_NOW)


def model_texts(model: RowTableModel) -> list[str]:  # type: ignore[type-arg]
    return [str(model.data(model.index(r, c))) for r in range(model.rowCount()) for c in range(model.columnCount())]


def test_counselor_lists_a_student_and_changes_the_level(
    qtbot: QtBot, school: SchoolFixture, counselor: Session
) -> None:
    page = open_page(qtbot, school, counselor)
    tab = page.list_tab
    assert tab.list_area.currentWidget() is tab.list_area.hint
    assert tab.list_area.hint.text() == EMPTY_LIST

    def add(dialog: AddWarningDialog) -> None:
        qtbot.keyClicks(dialog.search, "zxm")  # pinyin initials of 张晓明
        assert dialog.results.count() == 1
        dialog.results.setCurrentRow(0)
        dialog.levels.level.setCurrentIndex(dialog.levels.level.findText("橙色"))
        assert dialog.levels.review_on() == TODAY + timedelta(days=14)
        dialog.reason.setText("班主任反映近两周情绪低落，不愿与同学交往")
        dialog.buttons.accepted.emit()

    answer_dialog(AddWarningDialog, add)
    page.add_button.click()
    model = tab.warning_model
    assert model.rowCount() == 1
    assert model.data(model.index(0, model.STUDENT)) == "张晓明"
    assert model.data(model.index(0, model.LEVEL)) == "橙色"
    background = model.data(model.index(0, model.LEVEL), Qt.ItemDataRole.BackgroundRole)
    assert background.color().name() == WarningLevel.ORANGE.colour
    assert model.data(model.index(0, model.REVIEW)) == "2025-10-27"
    assert tab.selected_entry() is not None and tab.history_model.rowCount() == 1
    assert tab.history_model.row_at(0).action == "列入"

    def raise_to_red(dialog: ChangeLevelDialog) -> None:
        dialog.levels.level.setCurrentIndex(dialog.levels.level.findText("红色"))
        dialog.reason.setText("谈话中流露轻生念头，立即上调")
        dialog.buttons.accepted.emit()

    answer_dialog(ChangeLevelDialog, raise_to_red)
    tab.change_button.click()
    assert model.data(model.index(0, model.LEVEL)) == "红色"
    assert tab.history_model.rowCount() == 2, "the entry stays selected and its history grows"
    assert model_texts(tab.history_model).count("橙色 → 红色") == 1


def test_dialogs_say_what_is_missing(qtbot: QtBot, school: SchoolFixture, counselor: Session) -> None:
    page = open_page(qtbot, school, counselor)
    dialog = AddWarningDialog(lambda text: page._search(text, page), TODAY)
    qtbot.addWidget(dialog)
    dialog.buttons.accepted.emit()
    assert dialog.error.text() == "请先搜索并在结果中选定一名学生"
    dialog.search.setText("李雨涵")
    dialog.buttons.accepted.emit()
    assert "请写明原因" in dialog.error.text() and dialog.result() == 0


def test_proposals_are_confirmed_or_rejected_with_a_reason(
    qtbot: QtBot, school: SchoolFixture, counselor: Session
) -> None:
    propose(school, 3, WarningLevel.RED, "PHQ-9 第9题选择“好几天”，筛查阳性")
    propose(school, 4, WarningLevel.YELLOW, "GAD-7 总分 11")
    page = open_page(qtbot, school, counselor)
    tab = page.list_tab
    assert tab.proposal_title.text() == "待确认的建议（2）"
    assert not tab.confirm_button.isEnabled()

    tab.proposal_view.selectRow(0)  # red first: 王子轩
    assert tab.selected_proposal().student_name == "王子轩"
    answer_dialog(ConfirmProposalDialog, lambda d: d.buttons.accepted.emit())  # as proposed
    tab.confirm_button.click()
    assert tab.proposal_title.text() == "待确认的建议（1）"
    assert [tab.warning_model.row_at(i).student_name for i in range(tab.warning_model.rowCount())] == ["王子轩"]
    assert tab.warning_model.row_at(0).level is WarningLevel.RED

    tab.proposal_view.selectRow(0)

    def reject(dialog: RejectProposalDialog) -> None:
        dialog.reason.setText("否")
        dialog.buttons.accepted.emit()
        assert "至少 4 个字" in dialog.error.text()
        dialog.reason.setText("复评访谈未见异常，问卷作答随意")
        dialog.buttons.accepted.emit()

    answer_dialog(RejectProposalDialog, reject)
    tab.reject_button.click()
    assert tab.proposal_title.text() == "待确认的建议（0）"
    assert tab.proposal_view.isHidden()
    assert tab.warning_model.rowCount() == 1


def test_coverage_shows_a_left_behind_student_and_the_mentor_once_arranged(
    qtbot: QtBot, school: SchoolFixture, counselor: Session
) -> None:
    page = open_page(qtbot, school, counselor)
    tab = page.coverage_tab
    tab.group_filter.setCurrentIndex(tab.group_filter.findText("留守家庭学生"))  # S003 item 26's words
    assert [tab.model.row_at(i).name for i in range(tab.model.rowCount())] == ["张晓明"]
    assert tab.model.data(tab.model.index(0, tab.model.MENTOR)) == "未安排"
    assert "已有导师 0 人" in tab.totals.text()
    tab.view.selectRow(0)

    def choose(dialog: AssignMentorDialog) -> None:
        assert "已带 0 人" in dialog.mentor.currentText()
        dialog.mentor.setCurrentIndex(dialog.mentor.findText("周老师", Qt.MatchFlag.MatchStartsWith))
        dialog.buttons.accepted.emit()

    answer_dialog(AssignMentorDialog, choose)
    tab.assign_button.click()
    # Still listed (no 一人一案 yet), now with the mentor's name.
    assert tab.model.data(tab.model.index(0, tab.model.MENTOR)) == "周老师"
    assert tab.model.data(tab.model.index(0, 6)) == "无"
    assert "已有导师 1 人" in tab.totals.text()


def test_a_peer_report_can_propose_a_level(qtbot: QtBot, school: SchoolFixture, counselor: Session) -> None:
    page = open_page(qtbot, school, counselor)
    assert page.reports_tab.area.currentWidget() is page.reports_tab.area.hint

    def report(dialog: PeerReportDialog) -> None:
        dialog.class_box.setCurrentIndex(dialog.class_box.findText("初一(1)班"))
        assert dialog.student.count() == 4  # （不指定学生） and the class's three students
        dialog.student.setCurrentIndex(dialog.student.findText("李雨涵", Qt.MatchFlag.MatchStartsWith))
        dialog.reporter.setText("心理委员 王子轩")
        dialog.concern.setText("最近常一个人待着，饭量明显减少")
        dialog.level.setCurrentIndex(dialog.level.findText("黄色预警"))
        dialog.buttons.accepted.emit()

    answer_dialog(PeerReportDialog, report)
    page.reports_tab.add_button.click()
    reports = page.reports_tab.model
    assert reports.rowCount() == 1 and reports.row_at(0).student_name == "李雨涵"
    proposal = page.list_tab.proposal_model.row_at(0)
    assert (proposal.student_name, proposal.source) == ("李雨涵", "心理委员报告")


def test_a_report_followed_up_is_marked_handled(qtbot: QtBot, school: SchoolFixture, counselor: Session) -> None:
    """A report needing no warning proposal leaves the 今日 待办 when marked 已处理 (issue 8, item 10)."""
    from datetime import date

    from counselroom.services.care import peer_reports

    class_id = counselor.db.conn.execute("SELECT id FROM classes WHERE name = '初一(1)班'").fetchone()[0]
    peer_reports.record_peer_report(
        counselor.db, counselor.actor, class_id=class_id, student_id=2, reporter="班主任 周老师",
        reported_on=date(2025, 10, 10), concern="上课走神", now=FIXED_NOW,
    )  # fmt: skip
    page = open_page(qtbot, school, counselor)
    tab = page.reports_tab
    tab.refresh()
    assert not tab.close_button.isEnabled()  # nothing chosen yet
    tab.view.selectRow(0)
    assert tab.close_button.isEnabled()
    qtbot.mouseClick(tab.close_button, Qt.MouseButton.LeftButton)
    assert tab.model.row_at(0).status == "已处理" and not tab.close_button.isEnabled()
    tab.view.selectRow(0)
    assert not tab.close_button.isEnabled()


def test_principal_sees_counts_and_no_names(qtbot: QtBot, school: SchoolFixture, counselor: Session) -> None:
    list_student(counselor, 1, WarningLevel.RED)
    list_student(counselor, 2, WarningLevel.YELLOW)
    list_student(counselor, 5, WarningLevel.ORANGE)
    session = school.sign_in("principal")
    page = open_page(qtbot, school, session)
    assert not hasattr(page, "list_tab") and not hasattr(page, "add_button")
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == ["预警人数", "危机事件"]
    counts = page.counts.count_model
    rows = [(g.grade, g.counts, g.total) for g in map(counts.row_at, range(counts.rowCount()))]
    # Small counts are hidden from the principal (1–4 read "<5"), zeros stay.
    assert rows == [
        ("初一", ("<5", "0", "<5"), "<5"),
        ("初三", ("0", "<5", "0"), "<5"),
        ("合计", ("<5", "<5", "<5"), "<5"),
    ]
    assert "<5" in page.counts.count_title.text() and "表示 1–4 人" in page.counts.count_title.text()
    assert page.counts.monitor_model.rowCount() == 3
    shown = model_texts(page.counts.count_model) + model_texts(page.counts.monitor_model)
    shown += [label.text() for label in page.findChildren(QLabel)]
    assert not [name for name in NAMES if any(name in text for text in shown)]
    session.db.close()


def test_the_coverage_tab_is_built_when_first_opened_with_the_services_rows(
    qtbot: QtBot, school: SchoolFixture, counselor: Session
) -> None:
    """导师覆盖 reads every student's key groups: the page must not pay for it until the tab is opened."""
    page = open_page(qtbot, school, counselor)
    holder = page.coverage_holder
    assert holder.content is None  # the page loaded without it
    page.refresh()
    assert holder.content is None
    page.tabs.setCurrentWidget(holder)  # the teacher clicks the tab
    tab = holder.content
    assert tab is not None
    expected = mentoring.mentor_coverage(counselor.db, counselor.actor, now=FIXED_NOW)
    assert [tab.model.row_at(i) for i in range(tab.model.rowCount())] == list(expected.rows)
    assert tab.model.rowCount() > 0 and "重点群体学生" in tab.totals.text()
    page.tabs.setCurrentIndex(0)
    page.tabs.setCurrentWidget(holder)
    assert holder.content is tab  # built once


def test_lock_empties_every_model(qtbot: QtBot, school: SchoolFixture, counselor: Session) -> None:
    list_student(counselor, 1, WarningLevel.RED)
    propose(school, 3, WarningLevel.ORANGE, "GAD-7 总分 12")
    page = open_page(qtbot, school, counselor)
    page.list_tab.warning_view.selectRow(0)
    models = (
        page.list_tab.proposal_model,
        page.list_tab.warning_model,
        page.list_tab.history_model,
        page.coverage_tab.model,
    )
    assert all(m.rowCount() for m in models)
    page.clear_for_lock()
    assert not any(m.rowCount() for m in (*models, page.reports_tab.model))
    assert page.coverage_tab.totals.text() == ""


def test_ctrl_n_opens_the_add_dialog(qtbot: QtBot, school: SchoolFixture, counselor: Session) -> None:
    page = open_page(qtbot, school, counselor)
    page.show()
    qtbot.waitExposed(page)
    page.windowHandle().requestActivate()  # a shortcut only fires in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    page.list_tab.level_filter.setFocus()
    seen: list[str] = []
    answer_dialog(AddWarningDialog, lambda d: (seen.append(d.windowTitle()), d.reject()))
    qtbot.keyClick(page.list_tab.level_filter, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen == ["列入预警"]


def test_the_page_is_hidden_from_the_admin_only(qtbot: QtBot, school: SchoolFixture) -> None:
    principal = school.sign_in("principal")
    assert not WarningsPage.visible_to(school.admin.actor)
    assert WarningsPage.visible_to(principal.actor)
    principal.db.close()
    window = MainWindow(ServiceRunner(school.admin, school.keys))
    qtbot.addWidget(window)
    titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert "预警" not in titles and "报表" in titles
