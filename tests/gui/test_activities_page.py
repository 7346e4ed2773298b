"""活动 as a teacher uses it (issue #12 items 1, 2, 4): a 班主任's talks with a whole class in one
dialog, one talk typed in the quick entry row by keyboard, a lesson for several classes at once, a
bad row that names itself and saves nothing; the principal's read-only page with no student on it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from counselroom.domain.activities.talks import TalkCategory
from counselroom.domain.changes import ChangeKind
from counselroom.gui.activities.class_talks_dialog import ClassTalksDialog
from counselroom.gui.activities.class_visits_dialog import ClassVisitsDialog
from counselroom.gui.activities.lesson_classes_dialog import LessonClassesDialog
from counselroom.gui.activities.lesson_tab import LessonTab
from counselroom.gui.activities.record_tab import RecordTab
from counselroom.gui.activities.staff_trainings_dialog import StaffTrainingsDialog
from counselroom.gui.activities.talk_tab import TalkTab
from counselroom.gui.activities.visit_tab import VisitTab
from counselroom.gui.main_window import MainWindow
from counselroom.gui.pages.activities_page import ActivitiesPage
from counselroom.gui.pages.today_page import TodayPage
from counselroom.gui.service_runner import ServiceRunner
from counselroom.services.accounts.session import Changes
from counselroom.services.activities import lessons, talks
from counselroom.services.activities.lessons import LessonInput
from counselroom.services.activities.talks import TalkInput
from counselroom.services.school import policy
from counselroom.system import clock
from tests.conftest import FIXED_NOW, PASSWORD, SchoolFixture
from tests.gui.activity_data import MORE_NAMES, ActivitySchool, add_activity_school
from tests.gui.dialogs import answer_dialog
from tests.school_data import STUDENTS


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW)


@pytest.fixture
def data(school: SchoolFixture) -> ActivitySchool:
    return add_activity_school(school.admin)


@pytest.fixture
def windows(qtbot: QtBot, school: SchoolFixture, data: ActivitySchool) -> Iterator[Callable[[str], MainWindow]]:
    opened: list[MainWindow] = []

    def window(username: str) -> MainWindow:
        main = MainWindow(ServiceRunner(school.sign_in(username), school.keys))
        qtbot.addWidget(main)
        main.resize(1366, 728)
        main.show()
        opened.append(main)
        return main

    yield window
    for main in opened:
        if main.runner.session.db.is_open:
            main.runner.session.db.close()


def page_of(window: MainWindow) -> ActivitiesPage:
    window.open_page("活动")
    page = window.page_titled("活动")
    assert isinstance(page, ActivitiesPage)
    return page


def button_named(widget: QWidget, text: str) -> QPushButton:
    return next(b for b in widget.findChildren(QPushButton) if b.text() == text and b.isVisible())


def shot(widget: QWidget, name: str) -> None:
    """COUNSELROOM_SCREENSHOTS=DIR keeps a picture for a person to look at."""
    folder = os.environ.get("COUNSELROOM_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        QApplication.processEvents()  # the layout settles before the picture
        if isinstance(widget, MainWindow):  # a school PC's screen less its taskbar; the offscreen
            widget.hide()  # screen (800×800) would clamp a shown window
            widget.resize(1366, 728)
            widget.grab().save(str(Path(folder) / f"{name}.png"))
            widget.show()
        else:
            widget.grab().save(str(Path(folder) / f"{name}.png"))


def focus(qtbot: QtBot, widget: QWidget) -> None:
    """Keys go to the focused widget of the active window, as on a teacher's screen."""
    widget.window().activateWindow()
    qtbot.waitUntil(widget.window().isActiveWindow)
    widget.setFocus()


def talk_tab(page: ActivitiesPage) -> TalkTab:
    page.show_tab("谈心谈话")
    tab = page.tabs.currentWidget()
    assert isinstance(tab, TalkTab)
    return tab


def test_the_counselor_sees_every_tab_and_this_term(windows: Callable[[str], MainWindow]) -> None:
    page = page_of(windows("counselor"))
    assert page.term is not None and page.term.code == "2025-2026-1"
    assert page.tabs.tabText(0) == "谈心谈话"
    shot(page.window(), "activities-talks-empty")


def test_talks_for_a_whole_class_in_one_dialog(qtbot: QtBot, windows: Callable[[str], MainWindow]) -> None:
    page = page_of(windows("counselor"))
    tab = talk_tab(page)
    assert tab.model.rowCount() == 0

    def fill(dialog: ClassTalksDialog) -> None:
        dialog.choose_class("初一(1)班")
        assert dialog.table.rowCount() == 13 and len(dialog.table.ticked_rows()) == 13
        assert dialog.table.tick_row(0).label == "张晓明"
        dialog.category.setCurrentIndex(1)  # 班主任/辅导员全面谈
        dialog.talker.setText("周老师")
        dialog.topic.setText("期中考试后的学习状态")
        dialog.table.tick(12, False)  # one was absent
        dialog.table.set_text(2, "家里的事")
        dialog.table.set_flag(2, True)
        shot(dialog, "activities-class-talks")
        dialog.ok_button.click()

    answer_dialog(ClassTalksDialog, fill)
    qtbot.mouseClick(button_named(tab, "按班级录入…"), Qt.MouseButton.LeftButton)

    assert tab.model.rowCount() == 12
    assert tab.count_label.text() == "本学期 12 次谈话，涉及 12 名学生"
    assert "班主任/辅导员全面谈 12 次" in tab.note.text()
    topics = {tab.model.row_at(r).students[0].name: tab.model.row_at(r) for r in range(12)}
    assert topics["王子轩"].topic == "家里的事" and topics["王子轩"].follow_up
    assert topics["张晓明"].topic == "期中考试后的学习状态" and not topics["张晓明"].follow_up
    assert "韩诗涵" not in topics
    shot(page.window(), "activities-talks-listed")


def test_one_talk_typed_in_the_entry_row_by_keyboard(qtbot: QtBot, windows: Callable[[str], MainWindow]) -> None:
    page = page_of(windows("counselor"))
    tab = talk_tab(page)
    focus(qtbot, tab.category)
    qtbot.keyClick(tab.category, Qt.Key.Key_3)  # 3 心理老师深入谈, as numbered on the 活动记录表
    assert tab.category.currentText() == "3 心理老师深入谈"
    assert "重点关注学生" in tab.strip.message.text()
    qtbot.keyClick(tab.category, Qt.Key.Key_Tab)
    assert tab.talker.hasFocus()
    tab.talker.setText("孙老师")
    qtbot.keyClick(tab.talker, Qt.Key.Key_Tab)
    assert tab.student.hasFocus()
    tab.student.setText("李雨涵")
    qtbot.keyClick(tab.student, Qt.Key.Key_Tab)
    assert tab.held_on.hasFocus()
    qtbot.keyClick(tab.held_on, Qt.Key.Key_Tab)
    assert tab.topic.hasFocus()
    tab.topic.setText("适应新学校")
    qtbot.keyClick(tab.topic, Qt.Key.Key_Return)

    assert tab.model.rowCount() == 1
    talk = tab.model.row_at(0)
    assert (talk.talker, talk.students[0].name, talk.topic) == ("孙老师", "李雨涵", "适应新学校")
    assert talk.held_on == FIXED_NOW.date()
    assert tab.category.hasFocus(), "the cursor is back in the first field for the next talk"
    assert tab.student.text() == "" and tab.topic.text() == "" and tab.talker.text() == "孙老师"
    assert "已记录" in tab.strip.message.text()


def test_an_unknown_student_is_said_next_to_the_row(qtbot: QtBot, windows: Callable[[str], MainWindow]) -> None:
    tab = talk_tab(page_of(windows("counselor")))
    tab.category.setCurrentIndex(2)
    tab.talker.setText("孙老师")
    tab.student.setText("查无此人")
    focus(qtbot, tab.topic)
    qtbot.keyClick(tab.topic, Qt.Key.Key_Return)
    assert tab.model.rowCount() == 0
    assert "没有找到" in tab.strip.message.text() and tab.student.hasFocus()
    assert tab.student.property("invalid") is True


def answer_when(kind: type, ready: Callable[[Any], bool], fill: Callable[[Any], None]) -> None:
    """Like answer_dialog, for a dialog shown again: wait until it is up and `ready` says so."""

    def answer(tries: int = 0) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible() and ready(dialog):
            fill(dialog)
        elif tries < 300:
            QTimer.singleShot(10, lambda: answer(tries + 1))

    QTimer.singleShot(0, answer)


def test_a_bad_row_is_shown_in_the_dialog_and_nothing_is_saved(
    qtbot: QtBot, windows: Callable[[str], MainWindow]
) -> None:
    tab = talk_tab(page_of(windows("counselor")))
    seen: dict[str, object] = {}

    def fill(dialog: ClassTalksDialog) -> None:
        dialog.choose_class("初一(1)班")
        dialog.category.setCurrentIndex(1)
        dialog.talker.setText("周老师")
        dialog.topic.setText("期中考试后的学习状态")
        dialog.table.set_text(4, "很" * 101)  # row 5 (周可欣): longer than a topic may be
        answer_when(ClassTalksDialog, lambda d: bool(d.error.text()), look)
        dialog.ok_button.click()

    def look(dialog: ClassTalksDialog) -> None:
        seen["error"] = dialog.error.text()
        seen["row"] = dialog.table.currentRow()
        seen["kept"] = (dialog.class_box.currentText(), dialog.talker.text(), dialog.table.text(4))
        seen["ticked"] = len(dialog.table.ticked_rows())
        shot(dialog, "activities-class-talks-bad-row")
        dialog.reject()

    answer_dialog(ClassTalksDialog, fill)
    qtbot.mouseClick(button_named(tab, "按班级录入…"), Qt.MouseButton.LeftButton)

    assert str(seen["error"]).startswith("第 5 行（周可欣）“主题”")
    assert seen["row"] == 4
    assert seen["kept"] == ("初一(1)班", "周老师", "很" * 101) and seen["ticked"] == 13
    assert tab.model.rowCount() == 0, "nothing of the class was saved"


def lesson_tab(page: ActivitiesPage) -> LessonTab:
    page.show_tab("心理课")
    tab = page.tabs.currentWidget()
    assert isinstance(tab, LessonTab)
    return tab


def test_one_lesson_for_eight_classes_at_once(qtbot: QtBot, windows: Callable[[str], MainWindow]) -> None:
    window = windows("counselor")
    page = page_of(window)
    tab = lesson_tab(page)

    def fill(dialog: LessonClassesDialog) -> None:
        dialog.groups.tick_group("初一")
        dialog.groups.tick_group("初二")
        dialog.topic.setText("情绪管理")
        dialog.teacher.setText("孙老师")
        assert dialog.count.text() == "已选 8 个班"
        shot(dialog, "activities-lesson-classes")
        dialog.ok_button.click()

    answer_dialog(LessonClassesDialog, fill)
    qtbot.mouseClick(button_named(tab, "一次录入多个班…"), Qt.MouseButton.LeftButton)

    assert tab.model.rowCount() == 8
    assert {tab.model.row_at(r).class_name for r in range(8)} == {
        f"{grade}({n})班" for grade in ("初一", "初二") for n in range(1, 5)
    }
    assert tab.count_label.text() == "本学期 8 节心理课（8 课时），8 个班"
    shot(window, "activities-lessons-listed")


def test_a_lesson_typed_in_the_entry_row(qtbot: QtBot, windows: Callable[[str], MainWindow]) -> None:
    tab = lesson_tab(page_of(windows("counselor")))
    tab.classes.setText("初三(1)班")
    focus(qtbot, tab.period)
    qtbot.keyClicks(tab.period, "3")
    qtbot.keyClick(tab.period, Qt.Key.Key_Tab)
    assert tab.topic.hasFocus()
    tab.topic.setText("压力调节")
    qtbot.keyClick(tab.topic, Qt.Key.Key_Return)
    assert tab.model.rowCount() == 1
    lesson = tab.model.row_at(0)
    assert (lesson.class_name, lesson.period, lesson.topic, lesson.hours) == ("初三(1)班", 3, "压力调节", 1)
    assert tab.classes.hasFocus() and tab.classes.text() == ""

    tab.classes.setText("初三(1)班")  # the same 节次 again: the service says so next to the row
    tab.period.setValue(3)
    focus(qtbot, tab.topic)
    qtbot.keyClick(tab.topic, Qt.Key.Key_Return)
    assert tab.model.rowCount() == 1
    assert "第 3 节已有心理课" in tab.strip.message.text() and tab.strip.message.text().startswith("“节次”")
    assert tab.period.property("invalid") is True and tab.period.hasFocus()
    assert tab.classes.text() == "初三(1)班" and tab.topic.text() == "压力调节", "nothing typed is lost"


def test_a_wrong_entry_is_deleted_after_asking(
    qtbot: QtBot, windows: Callable[[str], MainWindow], answers: list[str]
) -> None:
    tab = lesson_tab(page_of(windows("counselor")))
    tab.classes.setText("初一(1)班、初一(2)班")
    focus(qtbot, tab.topic)
    qtbot.keyClick(tab.topic, Qt.Key.Key_Return)
    assert tab.model.rowCount() == 2
    assert not tab.delete_button.isEnabled()
    tab.table.selectRow(0)
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert answers == ["删除记录"]
    assert tab.model.rowCount() == 1


def columns_of(model: QAbstractItemModel) -> int:
    try:
        return model.columnCount(QModelIndex())
    except TypeError:  # a list model keeps columnCount private: one column
        return 1


def texts_of(window: QWidget) -> list[str]:
    """Every text the window holds: labels, buttons, fields, tooltips, tab titles, and every cell."""
    texts = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        texts.append(widget.toolTip())
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            texts.append(widget.text())
        if isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
    for view in window.findChildren(QAbstractItemView):
        model = view.model()
        for r in range(model.rowCount() if model else 0):
            for c in range(columns_of(model)):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    texts.append(str(model.data(model.index(r, c), role) or ""))
    return texts


def test_the_principal_reads_the_school_work_and_sees_no_student(
    qtbot: QtBot, school: SchoolFixture, windows: Callable[[str], MainWindow], data: ActivitySchool
) -> None:
    counselor = school.sign_in("counselor")
    for service, entry in (
        (
            talks.record_talks,
            TalkInput(TalkCategory.COUNSELOR, FIXED_NOW.date(), (1,), talker_staff_id=4, topic="适应"),
        ),
        (lessons.record_lessons, LessonInput((data.classes["初一(1)班"],), FIXED_NOW.date(), topic="情绪管理")),
    ):
        service(counselor.db, counselor.actor, [entry], now=FIXED_NOW)
    counselor.db.close()

    window = windows("principal")
    page = page_of(window)
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert titles == ["心理课", "班会与活动", "家长学校", "宣传", "培训", "会议", "达标情况"]
    for i in range(page.tabs.count()):
        page.tabs.setCurrentIndex(i)
        tab = page.tabs.currentWidget()
        assert getattr(tab, "strip", None) is None, f"{titles[i]}: read-only"
        assert not any(b.isVisible() for b in tab.findChildren(QPushButton) if b.text() != "达标情况")
    page.show_tab("心理课")
    assert page.tabs.currentWidget().model.rowCount() == 1
    page.show_tab("达标情况")
    shot(window, "activities-principal-coverage")
    names = [s[2] for s in STUDENTS] + list(MORE_NAMES)
    shown = " ".join(texts_of(window))
    assert not [name for name in names if name in shown]


def test_ctrl_n_puts_the_cursor_in_the_entry_row_and_a_lock_clears_the_page(
    qtbot: QtBot, windows: Callable[[str], MainWindow]
) -> None:
    window = windows("counselor")
    page = page_of(window)
    tab = talk_tab(page)
    tab.talker.setText("孙老师")
    tab.student.setText("李雨涵")
    focus(qtbot, tab.topic)
    qtbot.keyClick(tab.topic, Qt.Key.Key_Return)
    focus(qtbot, tab.table)
    qtbot.keyClick(tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert tab.category.hasFocus()
    tab.student.setText("张晓明")

    window.lock()
    assert tab.model.rowCount() == 0 and tab.student.text() == "" and tab.talker.text() == ""
    window.unlock(PASSWORD)
    assert tab.model.rowCount() == 1


def test_one_row_each_for_activities_parents_publicity_trainings_and_meetings(
    qtbot: QtBot, windows: Callable[[str], MainWindow]
) -> None:
    page = page_of(windows("counselor"))

    def enter(title: str, fields: dict[str, str], last: str) -> RecordTab:
        page.show_tab(title)
        tab = page.tabs.currentWidget()
        assert isinstance(tab, RecordTab) and tab.strip is not None
        for label, text in fields.items():
            field = tab.strip.fields[label]
            field.setCurrentText(text) if isinstance(field, QComboBox) else field.setText(text)
        focus(qtbot, tab.strip.fields[last])
        qtbot.keyClick(tab.strip.fields[last], Qt.Key.Key_Return)
        assert tab.strip.message.objectName() == "PageHint", tab.strip.message.text()
        return tab

    meetings = enter(
        "班会与活动", {"类别": "主题班团队会", "活动名称": "学会管理情绪", "范围": "初一(1)班、初一(2)班"}, "活动名称"
    )
    assert meetings.model.row_at(0).scope_text == "初一(1)班、初一(2)班"
    assert meetings.count_label.text().startswith("本学期：主题班团队会 1 次")
    parents = enter("家长学校", {"活动名称": "青春期亲子沟通", "形式": "家庭教育讲座", "范围": "初一"}, "活动名称")
    assert parents.model.row_at(0).form == "家庭教育讲座"
    publicity = enter("宣传", {"活动名称": "阳光心态展板", "主题日": "5·25心理健康日", "形式": "展板"}, "活动名称")
    assert (publicity.model.row_at(0).scope_text, publicity.model.row_at(0).occasion) == ("全校", "5·25心理健康日")
    trainings = enter("培训", {"参训人": "周老师、孙老师", "培训名称": "班主任心理健康教育培训"}, "培训名称")
    assert sorted(trainings.model.row_at(r).staff_name for r in range(2)) == ["周老师", "孙老师"]
    assert trainings.count_label.text() == "本学期 2 人次，2 人，共 16 学时"
    held = enter("会议", {"议题": "部署心理健康月活动"}, "议题")
    assert held.model.row_at(0).body.value == "心理健康教育领导小组"


def visit_tab(page: ActivitiesPage) -> VisitTab:
    page.show_tab("家访")
    tab = page.tabs.currentWidget()
    assert isinstance(tab, VisitTab)
    return tab


def test_a_home_visit_typed_in_the_entry_row(qtbot: QtBot, windows: Callable[[str], MainWindow]) -> None:
    tab = visit_tab(page_of(windows("counselor")))
    tab.student.setText("陈思琪")
    focus(qtbot, tab.student)
    qtbot.keyClick(tab.student, Qt.Key.Key_Tab)
    assert tab.held_on.hasFocus()
    qtbot.keyClick(tab.held_on, Qt.Key.Key_Tab)
    qtbot.keyClick(tab.mode, Qt.Key.Key_Down)  # 电话
    qtbot.keyClick(tab.mode, Qt.Key.Key_Tab)
    assert tab.visitor.hasFocus()
    tab.visitor.setText("吴老师")
    qtbot.keyClick(tab.visitor, Qt.Key.Key_Tab)
    tab.met_with.setText("母亲")
    qtbot.keyClick(tab.met_with, Qt.Key.Key_Tab)
    tab.summary.setText("作业习惯")
    qtbot.keyClick(tab.summary, Qt.Key.Key_Return)
    assert tab.model.rowCount() == 1
    visit = tab.model.row_at(0)
    assert (visit.mode.value, visit.visitor, visit.met_with, visit.students[0].name) == (
        "电话",
        "吴老师",
        "母亲",
        "陈思琪",
    )
    assert tab.student.hasFocus() and tab.student.text() == "" and tab.visitor.text() == "吴老师"


def test_a_visit_to_a_family_covers_the_sister_in_another_class(
    qtbot: QtBot, windows: Callable[[str], MainWindow]
) -> None:
    tab = visit_tab(page_of(windows("counselor")))
    tab.student.setText("张晓明")
    focus(qtbot, tab.student)
    qtbot.keyClick(tab.student, Qt.Key.Key_Tab)
    assert tab.strip.message.text() == "同一家庭：陈思琪（初二(1)班）"
    assert tab.with_siblings.isChecked()
    tab.visitor.setText("周老师")
    focus(qtbot, tab.summary)
    qtbot.keyClick(tab.summary, Qt.Key.Key_Return)
    assert sorted(s.name for s in tab.model.row_at(0).students) == ["张晓明", "陈思琪"]


def test_home_visits_for_a_class_one_row_per_family(qtbot: QtBot, windows: Callable[[str], MainWindow]) -> None:
    window = windows("counselor")
    tab = visit_tab(page_of(window))

    def fill(dialog: ClassVisitsDialog) -> None:
        dialog.choose_class("初一(1)班")
        assert dialog.table.rowCount() == 12, "the twins share a row"
        labels = [dialog.table.tick_row(r).label for r in range(12)]
        assert "孙一鸣、周可欣" in labels
        first = dialog.table.tick_row(0)
        assert (first.label, first.note) == ("张晓明", "另有 陈思琪（初二(1)班）")
        assert dialog.visitor.text() == "周老师", "the 班主任 by default"
        assert dialog.count.text() == "已选 12 户（共 12 户）"
        dialog.summary.setText("了解学生在家学习情况")
        shot(dialog, "activities-class-visits")
        dialog.ok_button.click()

    answer_dialog(ClassVisitsDialog, fill)
    qtbot.mouseClick(button_named(tab, "按班级录入…"), Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == 12
    assert tab.count_label.text() == "本学期 12 次家访，涉及 14 名学生"  # 13 in the class and his sister
    shot(window, "activities-visits-listed")


def class_cells(page: ActivitiesPage, class_name: str) -> dict[str, str]:
    """达标情况's row of one class: header → text."""
    model = page.coverage.class_model
    rows = [r for r in range(model.rowCount()) if model.data(model.index(r, 0)) == class_name]
    assert rows, class_name
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return {header[c]: model.data(model.index(rows[0], c)) for c in range(model.columnCount())}


def test_coverage_follows_what_is_entered_and_the_profile(
    qtbot: QtBot, school: SchoolFixture, windows: Callable[[str], MainWindow]
) -> None:
    admin = school.admin
    policy.set_policy_profile(admin.db, admin.actor, "nanchang", now=FIXED_NOW)
    window = windows("counselor")
    page = page_of(window)
    page.show_tab("达标情况")
    before = class_cells(page, "初一(1)班")
    assert before["家访"] == "0/12 个家庭已家访" and before["第 7–8 周"] == "0 课时"
    gaps_before = page.coverage.gap_list.count()
    assert page.coverage.summary.text().startswith("按南昌市的标准 · 2025-2026学年第一学期 · 截至 2025年10月13日")

    def visits(dialog: ClassVisitsDialog) -> None:
        dialog.choose_class("初一(1)班")
        dialog.ok_button.click()

    def lessons_for_grade(dialog: LessonClassesDialog) -> None:
        dialog.groups.tick_group("初一")
        dialog.ok_button.click()

    visit_page = visit_tab(page)
    answer_dialog(ClassVisitsDialog, visits)
    qtbot.mouseClick(button_named(visit_page, "按班级录入…"), Qt.MouseButton.LeftButton)
    lessons_page = lesson_tab(page)
    answer_dialog(LessonClassesDialog, lessons_for_grade)
    qtbot.mouseClick(button_named(lessons_page, "一次录入多个班…"), Qt.MouseButton.LeftButton)

    page.show_tab("达标情况")
    after = class_cells(page, "初一(1)班")
    assert after["家访"] == "12/12 个家庭已家访" and after["第 7–8 周"] == "1 课时"
    assert class_cells(page, "初二(1)班")["家访"] == "1/1 个家庭已家访", "his sister's family too"
    assert page.coverage.gap_list.count() == gaps_before - 2  # 家访 of 初一(1)班 and of his sister's class
    shot(window, "activities-coverage")

    policy.set_policy_profile(admin.db, admin.actor, "weinan", now=FIXED_NOW)
    window.runner.changed.emit(Changes.of(ChangeKind.SETTINGS))  # as 设置 does when the profile is saved
    assert page.coverage.summary.text().startswith("按渭南市的标准")
    assert class_cells(page, "初一(1)班")["家访"] == "13/13 名学生已家访"


def test_a_today_item_about_lessons_opens_the_page(qtbot: QtBot, windows: Callable[[str], MainWindow]) -> None:
    window = windows("counselor")
    today_page = window.page_titled("今日")
    assert isinstance(today_page, TodayPage)
    items = [today_page.todo_list.item(i) for i in range(today_page.todo_list.count())]
    lessons_item = next(item for item in items if item.text().startswith("【心理课】"))
    today_page.open_todo(lessons_item)
    assert isinstance(window.stack.currentWidget(), ActivitiesPage)


def test_a_training_many_attended_and_another_term_listed(qtbot: QtBot, windows: Callable[[str], MainWindow]) -> None:
    page = page_of(windows("counselor"))
    page.show_tab("培训")
    tab = page.tabs.currentWidget()
    assert isinstance(tab, RecordTab)

    def fill(dialog: StaffTrainingsDialog) -> None:
        dialog.groups.tick_group("班主任")
        dialog.title.setText("班主任心理健康教育专题培训")
        dialog.hours.setValue(12)
        dialog.level.setCurrentText("市级")
        assert dialog.count.text() == "已选 3 人"
        shot(dialog, "activities-staff-trainings")
        dialog.ok_button.click()

    answer_dialog(StaffTrainingsDialog, fill)
    qtbot.mouseClick(button_named(tab, "多人一次录入…"), Qt.MouseButton.LeftButton)
    assert sorted(tab.model.row_at(r).staff_name for r in range(tab.model.rowCount())) == ["吴老师", "周老师", "郑老师"]
    assert tab.count_label.text() == "本学期 3 人次，3 人，共 36 学时"

    page.term_box.setCurrentIndex(1)  # 第二学期: nothing yet
    assert page.term is not None and page.term.code == "2025-2026-2"
    assert tab.model.rowCount() == 0 and not tab.table.isVisible()
    page.term_box.setCurrentIndex(0)
    assert tab.model.rowCount() == 3
