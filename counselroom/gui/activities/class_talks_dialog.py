"""谈心谈话 → 按班级录入…: a 班主任's talks with a whole class in one dialog — one talker, date and
topic for all (or a topic per row), 需跟进 per row — saved as ONE record_talks call: one talk per
ticked student, all or nothing."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget

from counselroom.domain.activities.talks import SUGGESTED_TARGETS, TalkCategory, TalkerKind, talker_kind
from counselroom.gui.activities.class_entry_dialog import ClassEntryDialog
from counselroom.gui.activities.directory import SchoolDirectory
from counselroom.gui.activities.entry_fields import NameField, QuickDateEdit, text_line
from counselroom.gui.activities.talk_tab import TALKER_HINTS, category_box, talker_fields
from counselroom.gui.activities.tick_table import TickTable
from counselroom.services.activities.talks import TalkInput

HINT = (
    "选一个班，勾选谈过话的学生（默认全班），填写谈话人、日期和主题后一次保存。"
    "某个学生的主题不同，在表格“主题”列里改；需要跟进的学生勾选“需跟进”。"
)


class ClassTalksDialog(ClassEntryDialog):
    def __init__(
        self,
        directory: SchoolDirectory,
        today: date,
        parent: QWidget | None = None,
        *,
        category: TalkCategory = TalkCategory.HEAD_TEACHER,
    ):
        super().__init__("按班级录入谈心谈话", HINT, directory, today, TickTable("主题（不填用上面的主题）"), parent)
        self.category = category_box()
        self.category.setCurrentIndex(list(TalkCategory).index(category))
        self.talker = NameField()
        self.held_on = QuickDateEdit(today)
        self.topic = text_line("如：期中考试后的学习状态")
        self.form.addRow("类别", self.category)
        self.form.addRow("谈话人", self.talker)
        self.form.addRow("日期", self.held_on)
        self.form.addRow("主题", self.topic)
        self.category.currentIndexChanged.connect(lambda _i: self._category_changed())
        self._category_changed()

    def _category_changed(self) -> None:
        category = TalkCategory(self.category.currentData())
        kind = talker_kind(category)
        self.talker.setPlaceholderText(TALKER_HINTS[kind])
        if kind is TalkerKind.STAFF:
            self.talker.set_choices(self.directory.staff_choices())
        elif kind is TalkerKind.PEER:
            self.talker.set_choices(self.directory.monitor_choices())
        else:
            self.talker.set_lookup(None)
        self.category.setToolTip(f"建议对象：{SUGGESTED_TARGETS[category]}")

    def form_fields(self) -> list[QWidget]:
        return [self.class_box, self.talker]

    def check(self) -> tuple[str, QWidget | None]:
        if self.table.rowCount() == 0:
            return "请先选择班级", self.class_box
        if not self.talker.text().strip():
            return "请填写谈话人", self.talker
        category = TalkCategory(self.category.currentData())
        if talker_kind(category) is TalkerKind.STAFF and self.directory.staff_id(self.talker.text()) is None:
            return f"教职工名单中没有“{self.talker.text().strip()}”，请从提示中选择", self.talker
        return "", None

    def talks(self) -> list[TalkInput]:
        """One talk per ticked student, in table order; `sent_rows` remembers which row each is."""
        category = TalkCategory(self.category.currentData())
        talker = talker_fields(category, self.talker, self.directory.staff_id(self.talker.text()))
        self.sent_rows = self.table.ticked_rows()
        return [
            TalkInput(
                category=category,
                held_on=self.held_on.day(),
                student_ids=self.table.tick_row(r).student_ids,
                topic=self.table.text(r) or self.topic.text().strip(),
                follow_up=self.table.flagged(r),
                **talker,
            )
            for r in self.sent_rows
        ]
