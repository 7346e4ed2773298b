"""谈心谈话 (六谈, S000): the quick entry row — 类别, 谈话人, 学生, 日期, 主题, 需跟进 — with the
category's suggested targets under it, 按班级录入… for a whole class, the term's talks, and the
活动记录表's numbers per category (talk_tally)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QCheckBox, QPushButton

from counselroom.domain.activities.talks import SUGGESTED_TARGETS, TalkCategory, TalkerKind, talker_kind
from counselroom.gui.activities.activity_models import TalkTableModel, students_text
from counselroom.gui.activities.directory import student_problem
from counselroom.gui.activities.entry_fields import DATE_WIDTH, NameField, QuickDateEdit, choice_box, text_line
from counselroom.gui.activities.entry_strip import EntryStrip
from counselroom.gui.activities.record_tab import RecordTab
from counselroom.services.activities import talks
from counselroom.services.activities.talks import TalkInput
from counselroom.services.school.school_calendar import Term

TALKER_HINTS = {
    TalkerKind.STAFF: "教职工姓名",
    TalkerKind.PEER: "心理委员姓名",
    TalkerKind.GUARDIAN: "如：张XX（母亲）",
}


def category_box() -> Any:
    """The six in S000's order, numbered as on the 活动记录表 (typing 3 picks 心理老师深入谈)."""
    return choice_box([f"{c.number} {c.value}" for c in TalkCategory], data=list(TalkCategory))


def talker_fields(category: TalkCategory, talker: NameField, staff_id: int | None) -> dict[str, Any]:
    """The TalkInput fields that name the talker: a staff member, a 心理委员, or a guardian's words."""
    kind = talker_kind(category)
    text = talker.text().strip()
    if kind is TalkerKind.STAFF and staff_id is not None:
        return {"talker_staff_id": staff_id}
    if kind is TalkerKind.PEER:
        found = talker.chosen_id()
        if found is not None:
            return {"talker_student_id": found}
    return {"talker_name": text}


class TalkTab(RecordTab):
    empty_text = "这个学期还没有谈心谈话记录。在上面一行录入一次谈话，或点“按班级录入…”为全班一次录入。"
    record_word = "谈话"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, model=TalkTableModel(), **kwargs)

    # -- quick entry -----------------------------------------------------------------------
    def fill_strip(self, strip: EntryStrip) -> None:
        self.strip = strip
        self.category = strip.add("类别", category_box(), width=190)
        self.talker = strip.add("谈话人", NameField(), width=110)
        self.student = strip.add("学生", NameField("姓名或拼音首字母"), width=170)
        self.held_on = strip.add("日期", QuickDateEdit(self.today()), width=DATE_WIDTH)
        self.topic = strip.add("主题", text_line("如：学习压力、同伴关系"), stretch=1)
        self.follow_up = strip.add("跟进", QCheckBox("需跟进"))
        self.student.set_lookup(lambda text: self.directory().student_choices(text))
        self.category.currentIndexChanged.connect(lambda _i: self._category_changed())
        self._category_changed()

    def _category_changed(self) -> None:
        category = TalkCategory(self.category.currentData())
        kind = talker_kind(category)
        self.talker.setPlaceholderText(TALKER_HINTS[kind])
        if kind is TalkerKind.STAFF:
            self.talker.set_choices(self.directory().staff_choices())
        elif kind is TalkerKind.PEER:
            self.talker.set_choices(self.directory().monitor_choices())
        else:
            self.talker.set_lookup(None)
        if self.strip is not None:
            self.strip.set_hint(f"建议对象：{SUGGESTED_TARGETS[category]}", standing=True)

    def refresh_names(self) -> None:
        """Staff or classes changed: complete from the new lists."""
        if self.strip is not None:
            self._category_changed()

    def entry(self) -> TalkInput | None:
        strip = self.strip
        assert strip is not None
        category = TalkCategory(self.category.currentData())
        staff_id = self.directory().staff_id(self.talker.text())
        if not self.talker.text().strip():
            strip.complain("请填写谈话人", "谈话人")
            return None
        if talker_kind(category) is TalkerKind.STAFF and staff_id is None:
            strip.complain(f"教职工名单中没有“{self.talker.text().strip()}”，请从提示中选择", "谈话人")
            return None
        student_id = self.student.chosen_id()
        if student_id is None:
            strip.complain(student_problem(self.student.text()), "学生")
            return None
        return TalkInput(
            category=category,
            held_on=self.held_on.day(),
            student_ids=(student_id,),
            topic=self.topic.text().strip(),
            follow_up=self.follow_up.isChecked(),
            **talker_fields(category, self.talker, staff_id),
        )

    def save_entry(self) -> None:
        talk = self.entry()
        strip = self.strip
        if talk is None or strip is None:
            return
        done = self.runner.call_in_form(strip.show_error, talks.record_talks, [talk], parent=self)
        if done is not None:
            strip.show_done(f"已记录：{self.student.text().strip()}，{talk.held_on:%m月%d日}")
            for field in (self.student, self.topic):
                field.clear()
            self.follow_up.setChecked(False)

    # -- bulk entry and the list -----------------------------------------------------------
    def extra_buttons(self) -> Sequence[QPushButton]:
        button = QPushButton("按班级录入…")
        button.setToolTip("选一个班，勾选学生，一次录入全班的谈话")
        button.clicked.connect(self.enter_for_class)
        return [button]

    def enter_for_class(self) -> None:
        from counselroom.gui.activities.class_talks_dialog import ClassTalksDialog

        category = TalkCategory(self.category.currentData())
        dialog = ClassTalksDialog(self.directory(), self.today(), self, category=category)
        self.run_dialog(
            dialog, lambda d: self.runner.call_in_form(d.show_error, talks.record_talks, d.talks(), parent=d)
        )

    def load(self, term: Term) -> list[Any] | None:
        found = self.runner.call(talks.list_talks, start=term.start, end=term.end, parent=self)
        tally = self.runner.call(talks.talk_tally, start=term.start, end=term.end, parent=self) or []
        said = [f"{t.category.value} {t.talks} 次" for t in tally if t.talks]
        self.set_note("六谈：" + "；".join(said) if said else "")
        return found

    def count_text(self, rows: Sequence[Any]) -> str:
        students = {s.id for talk in rows for s in talk.students}
        return f"本学期 {len(rows)} 次谈话，涉及 {len(students)} 名学生"

    def describe(self, row: Any) -> str:
        return f"{row.held_on.isoformat()} 与 {students_text(row.students)} 的谈话记录"

    def delete_call(self, row: Any) -> object:
        return self.runner.call(talks.delete_talk, row.id, parent=self)
