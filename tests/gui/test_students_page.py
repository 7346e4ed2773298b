"""学生 as a counselor uses it: find a student, open the file, record what was learned."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QHeaderView
from pytestqt.qtbot import QtBot

from counselroom.domain.school.setup_steps import SetupStep
from counselroom.gui.main_window import MainWindow
from counselroom.gui.pages.students_page import StudentsPage
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.students.leave_return_tab import LeaveDialog
from counselroom.gui.students.student_dialogs import StatusChangeDialog
from counselroom.gui.students.student_models import StudentTableModel
from counselroom.services.students import student_records
from tests.conftest import FIXED_NOW, PASSWORD, SchoolFixture
from tests.gui.dialogs import answer_dialog
from tests.school_data import add_small_school


@pytest.fixture
def counselor_page(qtbot: QtBot, school: SchoolFixture) -> StudentsPage:
    add_small_school(school.admin)
    session = school.sign_in("counselor")
    page = StudentsPage(ServiceRunner(session, school.keys))
    qtbot.addWidget(page)
    page.show()
    yield page
    session.db.close()


def _shown_names(page: StudentsPage) -> list[str]:
    return [page.model.row_at(i).name for i in range(page.model.rowCount())]


def test_typing_initials_finds_the_student(qtbot: QtBot, counselor_page: StudentsPage) -> None:
    assert len(_shown_names(counselor_page)) == 6
    assert "全校在读 6 人" in counselor_page.count_label.text()
    assert not counselor_page.guide.isVisible()
    qtbot.keyClicks(counselor_page.search_box, "zxm")
    qtbot.waitUntil(lambda: _shown_names(counselor_page) == ["张晓明"], timeout=2000)
    assert not counselor_page.import_button.isVisible(), "only the admin imports the roster"


def test_opening_a_file_and_recording_background(
    qtbot: QtBot, counselor_page: StudentsPage, school: SchoolFixture
) -> None:
    dialog = counselor_page.open_student(1)
    qtbot.waitUntil(dialog.isVisible)
    tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert tabs == ["基本信息", "家庭情况", "时间线", "测评", "预警与关爱", "导师与计划", "休学与复学", "个案"]
    assert "留守" in dialog.subtitle.text()
    assert dialog.flag_boxes["留守"].isChecked()

    dialog.texts["growth"].setPlainText("父母在外打工，由奶奶照顾")
    qtbot.mouseClick(dialog.save_background_button, Qt.MouseButton.LeftButton)
    session = counselor_page.runner.session
    file = student_records.open_student_file(session.db, session.actor, 1, now=FIXED_NOW)
    assert file.background is not None and file.background.growth_history == "父母在外打工，由奶奶照顾"

    dialog.flag_boxes["学习压力大"].setChecked(True)
    qtbot.mouseClick(dialog.save_flags_button, Qt.MouseButton.LeftButton)
    assert "学习压力大" in student_records.open_student_file(session.db, session.actor, 1, now=FIXED_NOW).flags
    assert "学习压力大" in dialog.subtitle.text()


def test_status_change_through_the_dialog(qtbot: QtBot, counselor_page: StudentsPage) -> None:
    dialog = counselor_page.open_student(4)

    def leave(box: LeaveDialog) -> None:  # 休学 goes on to ask for the kind of reason and the expected return
        box.reason.setText("因病休学，附医院证明")
        box.kind.setCurrentText("身体疾病")
        box.buttons.accepted.emit()

    def answer(box: StatusChangeDialog) -> None:
        box.status.setCurrentText("休学")
        answer_dialog(LeaveDialog, leave)  # type: ignore[arg-type]
        box.buttons.accepted.emit()

    answer_dialog(StatusChangeDialog, answer)
    dialog.change_status()
    assert "休学" in dialog.subtitle.text()
    timeline_texts = [dialog.timeline_model.row_at(i).text for i in range(dialog.timeline_model.rowCount())]
    assert any("在读 → 休学" in t for t in timeline_texts)


def test_admin_sees_the_roster_but_no_care_tabs(qtbot: QtBot, school: SchoolFixture) -> None:
    add_small_school(school.admin)
    page = StudentsPage(ServiceRunner(school.admin, school.keys))
    qtbot.addWidget(page)
    assert page.import_button.isVisibleTo(page)
    dialog = page.open_student(1)
    tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert tabs == ["基本信息", "家庭情况", "时间线"]
    assert not dialog.flag_boxes["留守"].isEnabled()


def test_empty_school_says_what_to_do_first(qtbot: QtBot, school: SchoolFixture) -> None:
    page = StudentsPage(ServiceRunner(school.admin, school.keys))
    qtbot.addWidget(page)
    page.show()
    assert page.guide.isVisible()
    lines = [line.text() for line in page.guide.lines]
    assert [line.split("：")[0] for line in lines] == [
        "第1步 学年学期",
        "第2步 辅导室与开放时间",
        "第3步 教职工",
        "第4步 名单",
    ]
    assert "从 Excel 导入" in lines[3]
    opened: list[tuple[str, str]] = []
    page.open_page.connect(lambda title, action: opened.append((title, action)))
    page.guide.buttons[SetupStep.ENROLMENT].click()
    assert opened == [("学生", "import")]


def test_unsaved_background_survives_an_idle_lock(qtbot: QtBot, school: SchoolFixture) -> None:
    add_small_school(school.admin)
    window = MainWindow(ServiceRunner(school.sign_in("counselor"), school.keys))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    page = window.stack.currentWidget()
    assert isinstance(page, StudentsPage) and page.search_box.hasFocus()

    dialog = page.open_student(3)
    dialog.texts["life"].setPlainText("放学后独自在家，写了一半")
    window.lock()
    assert not dialog.isVisible() and page.model.rowCount() == 0
    window.unlock(PASSWORD)
    assert page.file_dialog is not None and page.file_dialog.student_id == 3
    assert page.file_dialog.texts["life"].toPlainText() == "放学后独自在家，写了一半"
    tabs = page.file_dialog.tabs
    assert tabs.tabText(tabs.currentIndex()) == "预警与关爱", "it reopens where the kept text is"
    window.runner.session.db.close()


def test_screening_tab_shows_results_chart_and_audited_answers(qtbot: QtBot, counselor_page: StudentsPage) -> None:
    from counselroom.services.screening import screening_results

    session = counselor_page.runner.session
    screening_results.enter_screening(
        session.db,
        session.actor,
        2,
        instrument="PHQ-9",
        answers=[1, 1, 1, 0, 1, 0, 0, 0, 1],
        taken_on=FIXED_NOW.date(),
        now=FIXED_NOW,
    )
    dialog = counselor_page.open_student(2)
    tab = dialog.screening_tab
    assert tab is not None and tab.model.rowCount() == 1
    row = tab.model.row_at(0)
    assert row.total == 5 and tab.model.data(tab.model.index(0, 5)) == "风险题有作答，需复核"
    before = session.db.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'screening_viewed'").fetchone()[0]
    answers = tab.show_answers()
    assert answers is not None and answers._model.rowCount() == 9
    after = session.db.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'screening_viewed'").fetchone()[0]
    assert after == before + 1


def test_the_screening_tab_and_its_chart_are_built_when_first_opened(
    qtbot: QtBot, counselor_page: StudentsPage
) -> None:
    """The trend chart (matplotlib) is the dearest part of a file: a file opened on 基本信息 does not
    build it; opening 测评 shows the same results and a chart built once, with them."""
    from counselroom.services.screening import screening_results

    session = counselor_page.runner.session
    for day, answers in ((FIXED_NOW.date().replace(day=1), [1] * 9), (FIXED_NOW.date(), [2] * 8 + [0])):
        screening_results.enter_screening(
            session.db, session.actor, 2, instrument="PHQ-9", answers=answers, taken_on=day, now=FIXED_NOW
        )
    dialog = counselor_page.open_student(2)
    holder = dialog.screening_holder
    assert holder is not None and holder.content is None
    dialog.show_tab("测评")
    tab = holder.content
    assert tab is not None and tab.model.rowCount() == 2
    assert [tab.model.row_at(i).taken_on for i in range(2)] == [FIXED_NOW.date(), FIXED_NOW.date().replace(day=1)]
    assert len(tab.chart.points) == 2
    assert [a.get_ylabel() for a in tab.chart.canvas.figure.axes] == ["PHQ-9 总分"]
    dialog.show_tab("基本信息")
    dialog.show_tab("测评")
    assert holder.content is tab


@pytest.mark.parametrize(
    ("answers", "seconds", "shown"),
    [
        ([0] * 9, None, "未见异常（全部 9 题都选择了同一答案（规律作答），请核实是否认真作答）"),
        ([3] * 9, None, "筛查阳性，风险题有作答（全部 9 题都选择了同一答案（规律作答），请核实是否认真作答）"),
        ([0] * 8 + [2], 5, "无效问卷：作答过快（用时 5 秒，9 题至少应 18 秒）；风险题有作答，需面谈核实"),
    ],
)
def test_screening_tab_shows_review_notes_and_risk_on_invalid_sheets(
    qtbot: QtBot, counselor_page: StudentsPage, answers: list[int], seconds: int | None, shown: str
) -> None:
    from counselroom.services.screening import screening_results

    session = counselor_page.runner.session
    screening_results.enter_screening(
        session.db,
        session.actor,
        2,
        instrument="PHQ-9",
        answers=answers,
        taken_on=FIXED_NOW.date(),
        duration_seconds=seconds,
        now=FIXED_NOW,
    )
    tab = counselor_page.open_student(2).screening_tab
    assert tab is not None and tab.model.data(tab.model.index(0, 5)) == shown


def test_sorting_a_column_covers_every_match_not_only_the_rows_shown(
    qtbot: QtBot, counselor_page: StudentsPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(student_records, "SEARCH_LIMIT", 3)
    counselor_page.refresh()
    assert _shown_names(counselor_page) == ["张晓明", "李雨涵", "王子轩"]
    assert "只列出前 3 人" in counselor_page.count_label.text()
    header = counselor_page.table.horizontalHeader()
    header.setSortIndicator(StudentTableModel.NAME, Qt.SortOrder.AscendingOrder)  # as a click on 姓名 does
    assert _shown_names(counselor_page) == ["陈思琪", "刘浩然", "李雨涵"], "by pinyin, over all six"
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section_centre(header, StudentTableModel.NAME))
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert _shown_names(counselor_page) == ["赵欣怡", "张晓明", "王子轩"]


def _section_centre(header: QHeaderView, section: int) -> QPoint:
    return QPoint(header.sectionViewportPosition(section) + header.sectionSize(section) // 2, header.height() // 2)
