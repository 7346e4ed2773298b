"""家访: the quick entry row — 学生, 日期, 方式, 家访人, 见到, 情况, 需跟进 — where a student's brothers
and sisters at the school are named and, by default, recorded with the same visit (one family, one
visit: S001 counts families); 按班级录入… for a class's families; the term's visits."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QCheckBox, QPushButton

from counselroom.domain.activities.home_visits import VisitMode
from counselroom.gui.activities.activity_models import HomeVisitTableModel, students_text
from counselroom.gui.activities.entry_fields import DATE_WIDTH, NameField, QuickDateEdit, choice_box, text_line
from counselroom.gui.activities.entry_strip import EntryStrip
from counselroom.gui.activities.record_tab import RecordTab
from counselroom.services.activities import home_visits
from counselroom.services.activities.home_visits import VisitInput
from counselroom.services.school.school_calendar import Term

Siblings = Callable[[int], Sequence[Any]]  # student id → StudentRef of the same family


def visitor_problem(typed: str) -> str:
    return "教职工名单中没有这位家访教师" if typed.strip() else "请填写家访教师"


def mode_box() -> Any:
    return choice_box([m.value for m in VisitMode])


def siblings_text(siblings: Sequence[Any]) -> str:
    return "、".join(f"{s.name}（{s.class_name}）" for s in siblings)


class VisitTab(RecordTab):
    empty_text = "这个学期还没有家访记录。在上面一行录入一次家访，或点“按班级录入…”为一个班的家庭一次录入。"
    record_word = "家访"

    def __init__(self, *args: Any, siblings: Siblings, **kwargs: Any):
        self.siblings = siblings
        self.found_siblings: list[Any] = []
        self._siblings_of: int | None = None  # whose family found_siblings is
        super().__init__(*args, model=HomeVisitTableModel(), **kwargs)

    def fill_strip(self, strip: EntryStrip) -> None:
        self.strip = strip
        self.student = strip.add("学生", NameField("姓名或拼音首字母"), width=170)
        self.held_on = strip.add("日期", QuickDateEdit(self.today()), width=DATE_WIDTH)
        self.mode = strip.add("方式", mode_box(), width=80)
        self.visitor = strip.add("家访教师", NameField("教职工姓名"), width=110)
        self.met_with = strip.add("接待家长", text_line("如：母亲"), width=90)
        self.summary = strip.add("家访情况", text_line("如：学习习惯、亲子沟通"), stretch=1)
        self.with_siblings = strip.add("兄弟姐妹", QCheckBox("一并记"))
        self.follow_up = strip.add("跟进", QCheckBox("需跟进"))
        self.with_siblings.setToolTip("同一家庭在本校的兄弟姐妹一并记为这次家访")
        self.student.set_lookup(lambda text: self.directory().student_choices(text))
        self.student.editingFinished.connect(self._student_chosen)
        self.refresh_names()
        self._show_siblings([])

    def refresh_names(self) -> None:
        if self.strip is not None:
            self.visitor.set_choices(self.directory().staff_choices())

    def _student_chosen(self) -> None:
        student_id = self.student.chosen_id()
        if student_id != self._siblings_of:
            self._siblings_of = student_id
            self._show_siblings(list(self.siblings(student_id)) if student_id is not None else [])

    def _show_siblings(self, found: list[Any]) -> None:
        self.found_siblings = found
        self.with_siblings.setEnabled(bool(found))
        self.with_siblings.setChecked(bool(found))
        if self.strip is not None:
            self.strip.set_hint(f"同一家庭：{siblings_text(found)}" if found else "")

    def entry(self) -> VisitInput | None:
        strip = self.strip
        assert strip is not None
        student_id = self.student.chosen_id()
        if student_id is None:
            typed = self.student.text().strip()
            strip.complain(
                f"没有找到唯一的学生“{typed}”：请从提示中选择（带班级）" if typed else "请填写学生姓名", "学生"
            )
            return None
        visitor_id = self.directory().staff_id(self.visitor.text())
        if visitor_id is None:
            strip.complain(visitor_problem(self.visitor.text()), "家访教师")
            return None
        siblings = [s.id for s in self.found_siblings] if self.with_siblings.isChecked() else []
        return VisitInput(
            student_ids=(student_id, *siblings),
            held_on=self.held_on.day(),
            mode=VisitMode(self.mode.currentText()),
            visitor_id=visitor_id,
            met_with=self.met_with.text().strip(),
            summary=self.summary.text().strip(),
            follow_up=self.follow_up.isChecked(),
        )

    def save_entry(self) -> None:
        self._student_chosen()  # Enter pressed in the 学生 field itself: its family, now
        visit = self.entry()
        strip = self.strip
        if visit is None or strip is None:
            return
        done = self.runner.call_in_form(strip.show_error, home_visits.record_home_visits, [visit], parent=self)
        if done is not None:
            for field in (self.student, self.met_with, self.summary):
                field.clear()
            self.follow_up.setChecked(False)
            self._siblings_of = None
            self._show_siblings([])
            strip.show_done(f"已记录 {visit.held_on:%m月%d日} 的家访")

    def clear(self) -> None:
        super().clear()
        if self.strip is not None:
            self._siblings_of = None
            self._show_siblings([])

    def extra_buttons(self) -> Sequence[QPushButton]:
        button = QPushButton("按班级录入…")
        button.setToolTip("选一个班，勾选家访过的家庭，一次录入")
        button.clicked.connect(self.enter_for_class)
        return [button]

    def enter_for_class(self) -> None:
        from counselroom.gui.activities.class_visits_dialog import ClassVisitsDialog

        dialog = ClassVisitsDialog(self.directory(), self.siblings, self.today(), self)
        self.run_dialog(
            dialog,
            lambda d: self.runner.call_in_form(d.show_error, home_visits.record_home_visits, d.visits(), parent=d),
        )

    def load(self, term: Term) -> list[Any] | None:
        return self.runner.call(home_visits.list_home_visits, start=term.start, end=term.end, parent=self)

    def count_text(self, rows: Sequence[Any]) -> str:
        students = {s.id for visit in rows for s in visit.students}
        return f"本学期 {len(rows)} 次家访，涉及 {len(students)} 名学生"

    def describe(self, row: Any) -> str:
        return f"{row.held_on.isoformat()} 对 {students_text(row.students)} 的家访记录"

    def delete_call(self, row: Any) -> object:
        return self.runner.call(home_visits.delete_home_visit, row.id, parent=self)
