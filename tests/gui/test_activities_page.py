"""活动 as a teacher uses it (issue #12 items 1, 2, 4), the care side: a 班主任's talks with a whole
class in one dialog, one talk typed in the entry row by keyboard, a bad row that names itself and
saves nothing, home visits by family; the principal's read-only page with no student on it; the
lock, Ctrl+N and the 今日 link."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from counselroom.domain.activities.talks import TalkCategory
from counselroom.gui.activities.class_talks_dialog import ClassTalksDialog
from counselroom.gui.activities.class_visits_dialog import ClassVisitsDialog
from counselroom.gui.activities.lesson_tab import LessonTab
from counselroom.gui.main_window import MainWindow
from counselroom.gui.pages.activities_page import ActivitiesPage
from counselroom.gui.pages.today_page import TodayPage
from counselroom.services.activities import lessons, talks
from counselroom.services.activities.lessons import LessonInput
from counselroom.services.activities.talks import TalkInput
from counselroom.system import clock
from tests.conftest import FIXED_NOW, PASSWORD, SchoolFixture
from tests.gui.activity_data import MORE_NAMES, ActivitySchool, add_activity_school
from tests.gui.activity_screens import (
    answer_when,
    button_named,
    focus,
    page_of,
    shot,
    signed_in_windows,
    talk_tab,
    texts_of,
    visit_tab,
)
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
    yield from signed_in_windows(qtbot, school)


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


def test_a_wrong_class_entry_is_deleted_in_one_go(
    qtbot: QtBot, windows: Callable[[str], MainWindow], answers: list[str]
) -> None:
    tab = talk_tab(page_of(windows("counselor")))

    def fill(dialog: ClassTalksDialog) -> None:
        dialog.choose_class("初一(1)班")
        dialog.category.setCurrentIndex(1)
        dialog.talker.setText("周老师")
        dialog.topic.setText("录错了班")
        dialog.ok_button.click()

    answer_dialog(ClassTalksDialog, fill)
    qtbot.mouseClick(button_named(tab, "按班级录入…"), Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == 13
    tab.table.selectAll()  # Ctrl+A, or Shift+click the first and the last
    assert tab.delete_button.text() == "删除 13 条…"
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert answers == ["删除记录"] and tab.model.rowCount() == 0
    assert tab.strip.message.text().startswith("已删除 13 条谈话记录")


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


def test_the_complaint_goes_once_the_field_is_mended(qtbot: QtBot, windows: Callable[[str], MainWindow]) -> None:
    tab = talk_tab(page_of(windows("counselor")))
    tab.category.setCurrentIndex(2)
    tab.student.setText("李雨涵")
    focus(qtbot, tab.topic)
    qtbot.keyClick(tab.topic, Qt.Key.Key_Return)
    assert tab.strip.message.text() == "请填写谈话人" and tab.talker.property("invalid") is True
    qtbot.keyClicks(tab.topic, "x")  # another field: the complaint stands
    assert tab.strip.message.text() == "请填写谈话人"
    qtbot.keyClicks(tab.talker, "s")  # the field it was about (拼音 typed): it goes
    assert "请填写谈话人" not in tab.strip.message.text() and tab.talker.property("invalid") is False
    assert "重点关注学生" in tab.strip.message.text(), "the category's hint is back"


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

    assert "李雨涵" in tab.strip.message.text()  # 已记录：李雨涵…
    window.lock()
    assert tab.model.rowCount() == 0 and tab.student.text() == "" and tab.talker.text() == ""
    assert tab.strip.message.text().startswith("建议对象："), "no name stays under the row"
    window.unlock(PASSWORD)
    assert tab.model.rowCount() == 1


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


def test_a_today_item_about_lessons_opens_the_page(qtbot: QtBot, windows: Callable[[str], MainWindow]) -> None:
    window = windows("counselor")
    today_page = window.page_titled("今日")
    assert isinstance(today_page, TodayPage)
    items = [today_page.todo_list.item(i) for i in range(today_page.todo_list.count())]
    lessons_item = next(item for item in items if item.text().startswith("【心理课】"))
    today_page.open_todo(lessons_item)
    assert isinstance(window.stack.currentWidget(), ActivitiesPage)


def test_the_lesson_tab_is_built_when_first_opened_with_the_services_rows(
    windows: Callable[[str], MainWindow], data: ActivitySchool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """活动 opens on 谈心谈话: 心理课 is built, and the term's lessons read, when the tab is chosen —
    with what was recorded after the page was built — and only once."""
    window = windows("counselor")
    page = page_of(window)
    holder = page.holders["心理课"]
    assert holder.content is None  # the page loaded without it
    session = window.runner.session
    entry = LessonInput((data.classes["初一(1)班"],), FIXED_NOW.date(), topic="情绪管理")
    lessons.record_lessons(session.db, session.actor, [entry], now=FIXED_NOW)
    page.refresh()  # as after a save: the built tabs are out of date, 心理课 is still not built
    assert holder.content is None
    reads: list[object] = []
    read = lessons.list_lessons
    monkeypatch.setattr(lessons, "list_lessons", lambda *a, **k: reads.append(k) or read(*a, **k))
    page.tabs.setCurrentIndex(page.tabs.indexOf(holder))  # the teacher clicks the tab
    tab = page.tabs.currentWidget()
    assert isinstance(tab, LessonTab) and holder.content is tab
    assert page.tabs.tabText(page.tabs.currentIndex()) == "心理课" and len(reads) == 1
    term = page.term
    assert term is not None
    expected = read(session.db, session.actor, start=term.start, end=term.end, now=FIXED_NOW)
    assert [tab.model.row_at(i) for i in range(tab.model.rowCount())] == expected and len(expected) == 1
    assert tab.count_label.text().startswith("本学期 1 节心理课")
    page.show_tab("谈心谈话")
    page.show_tab("心理课")
    assert page.tabs.currentWidget() is tab and len(reads) == 1  # built once, read once
