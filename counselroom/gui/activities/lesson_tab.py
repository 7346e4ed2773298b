"""心理课: the quick entry row — 班级 (one, or several separated by 、), 日期, 节次, 课题, 任课教师, 课时 —
一次录入多个班… (a lesson for 8 classes: ticked by grade), 从课表导入… and the term's lessons."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QCompleter, QPushButton

from counselroom.domain.activities.school_activities import LESSON_TOPICS
from counselroom.gui.activities.activity_models import LessonTableModel
from counselroom.gui.activities.entry_fields import DATE_WIDTH, NameField, QuickDateEdit, number_field, text_line
from counselroom.gui.activities.entry_strip import EntryStrip
from counselroom.gui.activities.record_tab import RecordTab
from counselroom.services.activities import lessons
from counselroom.services.activities.lessons import LessonInput
from counselroom.services.school.school_calendar import Term

NO_PERIOD = "—"


class LessonTab(RecordTab):
    empty_text = "这个学期还没有心理课记录。在上面一行录入一节课，点“一次录入多个班…”，或从课表导入整个学期的课。"
    record_word = "心理课"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, model=LessonTableModel(), **kwargs)

    def fill_strip(self, strip: EntryStrip) -> None:
        self.strip = strip
        self.classes = strip.add("班级", NameField("如：初一(1)班"), width=150)
        self.held_on = strip.add("日期", QuickDateEdit(self.today()), width=DATE_WIDTH)
        self.period = strip.add("节次", number_field(0, 12, 0, none_text=NO_PERIOD), width=70)
        self.topic = strip.add("课题", text_line("如：情绪管理"), stretch=1)
        self.teacher = strip.add("任课教师", NameField("教职工姓名"), width=110)
        self.hours = strip.add("课时", number_field(1, 8, 1), width=60)
        topics = QCompleter(list(LESSON_TOPICS), self.topic)
        self.topic.setCompleter(topics)
        self.refresh_names()
        strip.set_hint("几个班上同一节课：班级之间用“、”隔开，或点“一次录入多个班…”。", standing=True)

    def refresh_names(self) -> None:
        if self.strip is not None:
            self.classes.set_choices(self.directory().class_choices())
            self.teacher.set_choices(self.directory().staff_choices())

    def entry(self) -> LessonInput | None:
        strip = self.strip
        assert strip is not None
        class_ids, unknown = self.directory().class_ids(self.classes.text())
        if unknown or not class_ids:
            strip.complain(f"没有这个班级：{'、'.join(unknown)}" if unknown else "请填写班级", "班级")
            return None
        teacher_id = self.directory().staff_id(self.teacher.text())
        if self.teacher.text().strip() and teacher_id is None:
            strip.complain("教职工名单中没有这位任课教师", "任课教师")
            return None
        return LessonInput(
            class_ids=tuple(class_ids),
            held_on=self.held_on.day(),
            topic=self.topic.text().strip(),
            teacher_id=teacher_id,
            hours=self.hours.value(),
            period=self.period.value() or None,
        )

    def save_entry(self) -> None:
        lesson = self.entry()
        strip = self.strip
        if lesson is None or strip is None:
            return
        done = self.runner.call_in_form(strip.show_error, lessons.record_lessons, [lesson], parent=self)
        if done is not None:
            strip.show_done(f"已记录 {len(lesson.class_ids)} 个班 {lesson.held_on:%m月%d日} 的心理课")
            self.classes.clear()
            self.period.setValue(0)

    def extra_buttons(self) -> Sequence[QPushButton]:
        many = QPushButton("一次录入多个班…")
        many.setToolTip("同一节课上给多个班：按年级勾选班级，一次保存")
        many.clicked.connect(self.enter_for_classes)
        buttons = [many]
        timetable = timetable_button(self)
        if timetable is not None:
            buttons.append(timetable)
        return buttons

    def enter_for_classes(self) -> None:
        from counselroom.gui.activities.lesson_classes_dialog import LessonClassesDialog

        dialog = LessonClassesDialog(self.directory(), self.today(), self)
        self.run_dialog(
            dialog, lambda d: self.runner.call_in_form(d.show_error, lessons.record_lessons, [d.lesson()], parent=d)
        )

    def load(self, term: Term) -> list[Any] | None:
        return self.runner.call(lessons.list_lessons, start=term.start, end=term.end, parent=self)

    def count_text(self, rows: Sequence[Any]) -> str:
        classes = {lesson.class_id for lesson in rows}
        hours = sum(lesson.hours for lesson in rows)
        return f"本学期 {len(rows)} 节心理课（{hours} 课时），{len(classes)} 个班"

    def describe(self, row: Any) -> str:
        return f"{row.held_on.isoformat()} {row.class_name}的心理课"

    def delete_call(self, row: Any) -> object:
        return self.runner.call(lessons.delete_lesson, row.id, parent=self)


def timetable_button(tab: LessonTab) -> QPushButton | None:
    """从课表导入… once its dialog (gui/activities/timetable_import_dialog.py) is in the program."""
    try:
        from counselroom.gui.activities import timetable_import_dialog
    except ImportError:
        return None
    button = QPushButton("从课表导入…")
    button.setToolTip("从学校的 Excel 课表导入本学期每周的心理课")

    def open_import() -> None:
        dialog = timetable_import_dialog.TimetableImportDialog(tab, tab.runner)
        dialog.exec()  # its import broadcasts ACTIVITIES through the runner: the page reloads
        dialog.deleteLater()

    button.clicked.connect(open_import)
    return button
