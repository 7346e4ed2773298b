"""心理课 → 一次录入多个班…: one lesson (date, 节次, 课题, teacher, 课时) given to many classes, ticked by
grade — one LessonInput, one record_lessons call, one row per class."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCompleter, QWidget

from counselroom.domain.activities.school_activities import LESSON_TOPICS
from counselroom.gui.activities.directory import SchoolDirectory
from counselroom.gui.activities.entry_fields import NameField, QuickDateEdit, number_field, text_line
from counselroom.gui.activities.lesson_tab import NO_PERIOD
from counselroom.gui.activities.tick_groups import TickDialog, TickGroups
from counselroom.services.activities.lessons import LessonInput

HINT = "同一节课上给多个班（如一个年级的心理课）：填写日期和课题，按年级勾选班级，一次保存，每个班记一节。"


class LessonClassesDialog(TickDialog):
    def __init__(self, directory: SchoolDirectory, today: date, parent: QWidget | None = None):
        groups = [(grade, [(c.id, c.name) for c in classes]) for grade, classes in directory.grades().items()]
        super().__init__("一次录入多个班的心理课", HINT, TickGroups(groups, columns=6), parent)
        self.directory = directory
        self.unit = "个班"
        self.held_on = QuickDateEdit(today)
        self.period = number_field(0, 12, 0, none_text=NO_PERIOD)
        self.topic = text_line("如：情绪管理")
        self.topic.setCompleter(QCompleter(list(LESSON_TOPICS), self.topic))
        self.teacher = NameField("教职工姓名")
        self.teacher.set_choices(directory.staff_choices())
        self.hours = number_field(1, 8, 1)
        for label, field in (
            ("日期", self.held_on),
            ("节次", self.period),
            ("课题", self.topic),
            ("任课教师", self.teacher),
            ("课时", self.hours),
        ):
            self.form.addRow(label, field)
        self._counted()

    def check(self) -> tuple[str, QWidget | None]:
        if self.teacher.text().strip() and self.directory.staff_id(self.teacher.text()) is None:
            return "教职工名单中没有这位任课教师", self.teacher
        return "", None

    def lesson(self) -> LessonInput:
        return LessonInput(
            class_ids=tuple(self.groups.ticked()),
            held_on=self.held_on.day(),
            topic=self.topic.text().strip(),
            teacher_id=self.directory.staff_id(self.teacher.text()),
            hours=self.hours.value(),
            period=self.period.value() or None,
        )
