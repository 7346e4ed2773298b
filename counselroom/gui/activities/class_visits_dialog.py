"""家访 → 按班级录入…: a class's families ticked (brothers and sisters in the class share one row; those
in other classes are named and, by default, recorded with the same visit), one way, visitor and
date for all, 情况 per row — saved as ONE record_home_visits call, all or nothing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtWidgets import QCheckBox, QWidget

from counselroom.domain.activities.home_visits import VisitMode
from counselroom.gui.activities.class_entry_dialog import ClassEntryDialog
from counselroom.gui.activities.directory import AT_SCHOOL, SchoolDirectory
from counselroom.gui.activities.entry_fields import NameField, QuickDateEdit, text_line
from counselroom.gui.activities.tick_table import TickRow, TickTable
from counselroom.gui.activities.visit_tab import Siblings, mode_box, siblings_text, visitor_problem
from counselroom.services.activities.home_visits import VisitInput
from counselroom.services.students.student_records import StudentListItem

HINT = (
    "选一个班，勾选家访过的家庭（默认全班），填写方式、家访教师和日期后一次保存。"
    "同一家庭的兄弟姐妹在同一行；在其他班的，会在“同一家庭”列里列出。"
)


class ClassVisitsDialog(ClassEntryDialog):
    unit = "户"

    def __init__(self, directory: SchoolDirectory, siblings: Siblings, today: date, parent: QWidget | None = None):
        self.siblings = siblings
        self.elsewhere: list[tuple[int, ...]] = []  # per row: the family's students in other classes
        table = TickTable("家访情况（不填用上面的）", note_header="同一家庭")
        super().__init__("按班级录入家访", HINT, directory, today, table, parent)
        self.mode = mode_box()
        self.visitor = NameField("教职工姓名（默认班主任）")
        self.visitor.set_choices(directory.staff_choices())
        self.held_on = QuickDateEdit(today)
        self.companions = text_line("如：李老师（科任教师）")
        self.met_with = text_line("如：家长")
        self.summary = text_line("如：了解学生在家学习和生活情况，交流在校表现")
        self.with_elsewhere = QCheckBox("同一家庭在其他班的兄弟姐妹一并记为已家访")
        self.with_elsewhere.setChecked(True)
        for label, field in (
            ("方式", self.mode),
            ("家访教师", self.visitor),
            ("日期", self.held_on),
            ("同行人员", self.companions),
            ("接待家长", self.met_with),
            ("家访情况", self.summary),
            ("", self.with_elsewhere),
        ):
            self.form.addRow(label, field)
        self.class_box.currentTextChanged.connect(self._head_teacher)

    def _head_teacher(self, name: str) -> None:
        """The 班主任 usually visits: offered until the teacher types someone else."""
        found = self.directory.class_named(name)
        if found is not None and found.head_teacher and not self.visitor.isModified():
            self.visitor.setText(found.head_teacher)

    def rows_for(self, students: Sequence[StudentListItem]) -> list[TickRow]:
        """One row per family: brothers and sisters in the class together."""
        in_class = {s.id: s for s in students}
        placed: set[int] = set()
        rows: list[TickRow] = []
        self.elsewhere = []
        for student in students:
            if student.id in placed:
                continue
            family = list(self.siblings(student.id))
            here = [in_class[s.id] for s in family if s.id in in_class and s.id not in placed]
            away = [s for s in family if s.id not in in_class]
            ids = (student.id, *(s.id for s in here))
            placed.update(ids)
            self.elsewhere.append(tuple(s.id for s in away))
            rows.append(_family_row(student, here, away, ids))
        return rows

    def form_fields(self) -> list[QWidget]:
        return [self.class_box, self.visitor]

    def check(self) -> tuple[str, QWidget | None]:
        if self.table.rowCount() == 0:
            return "请先选择班级", self.class_box
        if self.directory.staff_id(self.visitor.text()) is None:
            return visitor_problem(self.visitor.text()), self.visitor
        return "", None

    def visits(self) -> list[VisitInput]:
        """One visit per ticked family, in table order; `sent_rows` remembers which row each is."""
        visitor_id = self.directory.staff_id(self.visitor.text())
        assert visitor_id is not None
        self.sent_rows = self.table.ticked_rows()
        return [
            VisitInput(
                student_ids=self.table.tick_row(r).student_ids + self._away(r),
                held_on=self.held_on.day(),
                mode=VisitMode(self.mode.currentText()),
                visitor_id=visitor_id,
                companions=self.companions.text().strip(),
                met_with=self.met_with.text().strip(),
                summary=self.table.text(r) or self.summary.text().strip(),
                follow_up=self.table.flagged(r),
            )
            for r in self.sent_rows
        ]

    def _away(self, row: int) -> tuple[int, ...]:
        return self.elsewhere[row] if self.with_elsewhere.isChecked() else ()


def _family_row(first: StudentListItem, here: list[StudentListItem], away: list[Any], ids: tuple[int, ...]) -> TickRow:
    note = f"另有 {siblings_text(away)}" if away else ("" if first.status in AT_SCHOOL else first.status)
    return TickRow(ids, "、".join(s.name for s in (first, *here)), first.student_no, note, first.status in AT_SCHOOL)
