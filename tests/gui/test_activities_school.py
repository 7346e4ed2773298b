"""活动 as a teacher uses it (issue #12 items 1, 2, 4), the school side: a lesson for eight classes at
once and one typed by keyboard, one row each of 班会与活动, 家长学校, 宣传, 培训 and 会议, a training
many attended, deleting a wrong entry, and 达标情况 following what is entered and the profile."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from counselroom.domain.changes import ChangeKind
from counselroom.gui.activities.class_visits_dialog import ClassVisitsDialog
from counselroom.gui.activities.lesson_classes_dialog import LessonClassesDialog
from counselroom.gui.activities.record_tab import RecordTab
from counselroom.gui.activities.staff_trainings_dialog import StaffTrainingsDialog
from counselroom.gui.main_window import MainWindow
from counselroom.services.accounts.session import Changes
from counselroom.services.school import policy
from counselroom.system import clock
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.gui.activity_data import ActivitySchool, add_activity_school
from tests.gui.activity_screens import (
    button_named,
    class_cells,
    focus,
    lesson_tab,
    page_of,
    shot,
    signed_in_windows,
    visit_tab,
)
from tests.gui.dialogs import answer_dialog


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW)


@pytest.fixture
def data(school: SchoolFixture) -> ActivitySchool:
    return add_activity_school(school.admin)


@pytest.fixture
def windows(qtbot: QtBot, school: SchoolFixture, data: ActivitySchool) -> Iterator[Callable[[str], MainWindow]]:
    yield from signed_in_windows(qtbot, school)


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


def test_esc_asks_before_a_multi_class_lesson_is_thrown_away(
    qtbot: QtBot, windows: Callable[[str], MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = lesson_tab(page_of(windows("counselor")))
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]

    def reply(_parent: object, title: str, _text: str, *args: object) -> QMessageBox.StandardButton:
        asked.append(title)
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", reply)
    seen: dict[str, bool] = {}

    def fill(dialog: LessonClassesDialog) -> None:
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing entered: closes at once
        seen["closed empty"] = not dialog.isVisible()

    answer_dialog(LessonClassesDialog, fill)
    qtbot.mouseClick(button_named(tab, "一次录入多个班…"), Qt.MouseButton.LeftButton)
    assert seen == {"closed empty": True} and asked == []

    def fill_then_escape(dialog: LessonClassesDialog) -> None:
        dialog.groups.tick_group("初一")
        dialog.topic.setText("情绪管理")
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        seen["kept"] = dialog.isVisible() and dialog.topic.text() == "情绪管理"  # answered 否
        answer[0] = QMessageBox.StandardButton.Yes
        dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
        seen["gone"] = not dialog.isVisible()

    answer_dialog(LessonClassesDialog, fill_then_escape)
    qtbot.mouseClick(button_named(tab, "一次录入多个班…"), Qt.MouseButton.LeftButton)
    assert asked == ["放弃录入", "放弃录入"] and seen["kept"] and seen["gone"]
    assert tab.model.rowCount() == 0


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
    assert parents.model.row_at(0).scope_text == "初一"  # a grade, kept as the grade (ClassSummary.grade_id)
    publicity = enter("宣传", {"活动名称": "阳光心态展板", "主题日": "5·25心理健康日", "形式": "展板"}, "活动名称")
    assert (publicity.model.row_at(0).scope_text, publicity.model.row_at(0).occasion) == ("全校", "5·25心理健康日")
    trainings = enter("培训", {"参训人": "周老师、孙老师", "培训名称": "班主任心理健康教育培训"}, "培训名称")
    assert sorted(trainings.model.row_at(r).staff_name for r in range(2)) == ["周老师", "孙老师"]
    assert trainings.count_label.text() == "本学期 2 人次，2 人，共 16 学时"
    held = enter("会议", {"议题": "部署心理健康月活动"}, "议题")
    assert held.model.row_at(0).body.value == "心理健康教育领导小组"
    for tab in (meetings, held):  # school records: the principal reads them
        tab.strip.forget()
        assert "校长也能看到" in tab.strip.message.text() and "不要写学生姓名" in tab.strip.message.text()


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
        dialog.choose_class("初一(")  # still typing: no complaint yet
        assert dialog.error.text() == ""
        dialog.choose_class("初一(9)班")  # no such class: said, not silently left empty
        assert "没有“初一(9)班”这个班级" in dialog.error.text() and dialog.table.rowCount() == 0
        dialog.choose_class("初一(1)班")
        assert dialog.error.text() == "" and dialog.table.rowCount() > 0
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
    policy.set_policy_profile(admin.db, admin.actor, "jiangxi", now=FIXED_NOW)
    window.runner.changed.emit(Changes.of(ChangeKind.SETTINGS))
    assert page.coverage.training_model.rowCount() == 0
    assert page.coverage.inner.tabText(2) == "培训（江西省的标准未作要求）"  # an empty tab says why


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


def test_the_timetable_import_opens_from_the_lessons_tab(qtbot: QtBot, windows: Callable[[str], MainWindow]) -> None:
    dialogs = pytest.importorskip("counselroom.gui.activities.timetable_import_dialog")
    tab = lesson_tab(page_of(windows("counselor")))
    opened: list[str] = []

    def close(dialog: QDialog) -> None:
        opened.append(dialog.windowTitle())
        dialog.reject()

    answer_dialog(dialogs.TimetableImportDialog, close)
    qtbot.mouseClick(button_named(tab, "从课表导入…"), Qt.MouseButton.LeftButton)
    assert opened == ["从课表导入心理课"]
