"""培训 → 多人一次录入…: one training many attended, the people ticked by position — one
TrainingInput, one record_trainings call, one row per person."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget

from counselroom.domain.activities.trainings import TrainingKind, TrainingLevel
from counselroom.gui.activities.directory import SchoolDirectory
from counselroom.gui.activities.entry_fields import QuickDateEdit, number_field, text_line
from counselroom.gui.activities.tick_groups import TickDialog, TickGroups
from counselroom.gui.activities.training_tab import kind_box, level_box
from counselroom.services.activities.trainings import TrainingInput

HINT = "同一次培训多人参加：填写培训名称、日期和学时，勾选参加的人，一次保存，每人记一条。"


def by_position(directory: SchoolDirectory) -> list[tuple[str, list[tuple[int, str]]]]:
    groups: dict[str, list[tuple[int, str]]] = {}
    for person in directory.staff:
        groups.setdefault(person.position or "其他", []).append((person.id, person.name))
    return list(groups.items())


class StaffTrainingsDialog(TickDialog):
    def __init__(self, directory: SchoolDirectory, today: date, parent: QWidget | None = None):
        super().__init__("多人一次录入培训", HINT, TickGroups(by_position(directory), columns=6), parent)
        self.unit = "人"
        self.title = text_line("如：中小学心理健康教育骨干教师培训")
        self.held_on = QuickDateEdit(today)
        self.hours = number_field(0, 500, 8)
        self.level = level_box()
        self.kind = kind_box()
        self.organizer = text_line("如：市教育局")
        for label, field in (
            ("培训名称", self.title),
            ("日期", self.held_on),
            ("学时", self.hours),
            ("级别", self.level),
            ("类型", self.kind),
            ("主办单位", self.organizer),
        ):
            self.form.addRow(label, field)
        self._counted()

    def check(self) -> tuple[str, QWidget | None]:
        return ("", None) if self.title.text().strip() else ("请填写培训名称", self.title)

    def training(self) -> TrainingInput:
        return TrainingInput(
            staff_ids=tuple(self.groups.ticked()),
            title=self.title.text().strip(),
            held_on=self.held_on.day(),
            hours=self.hours.value(),
            level=TrainingLevel(self.level.currentText()),
            kind=TrainingKind(self.kind.currentText()),
            organizer=self.organizer.text().strip(),
        )
