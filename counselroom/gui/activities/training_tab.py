"""培训: the quick entry row — 姓名 (one, or several separated by 、), 培训, 日期, 学时, 级别, 类型, 主办 —
多人一次录入… for a training many attended, and the term's trainings, one row per person."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QPushButton

from counselroom.domain.activities.trainings import TrainingKind, TrainingLevel
from counselroom.gui.activities.activity_models import TrainingTableModel
from counselroom.gui.activities.entry_fields import (
    DATE_WIDTH,
    NameField,
    QuickDateEdit,
    choice_box,
    number_field,
    text_line,
)
from counselroom.gui.activities.entry_strip import EntryStrip
from counselroom.gui.activities.record_tab import RecordTab
from counselroom.services.activities import trainings
from counselroom.services.activities.trainings import TrainingInput
from counselroom.services.school.school_calendar import Term


def level_box() -> Any:
    return choice_box([level.value for level in TrainingLevel])


def kind_box() -> Any:
    return choice_box([kind.value for kind in TrainingKind])


class TrainingTab(RecordTab):
    empty_text = "这个学期还没有培训记录。在上面一行录入一人一次培训，或点“多人一次录入…”。"
    record_word = "培训"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, model=TrainingTableModel(), **kwargs)

    def fill_strip(self, strip: EntryStrip) -> None:
        self.strip = strip
        self.people = strip.add("参训人", NameField("教职工姓名，多人用“、”隔开"), width=150)
        self.title = strip.add("培训名称", text_line("如：中小学心理健康教育骨干教师培训"), stretch=1)
        self.held_on = strip.add("日期", QuickDateEdit(self.today()), width=DATE_WIDTH)
        self.hours = strip.add("学时", number_field(0, 500, 8), width=70)
        self.level = strip.add("级别", level_box(), width=90)
        self.kind = strip.add("类型", kind_box(), width=110)
        self.organizer = strip.add("主办单位", text_line("如：市教育局"), width=120)
        self.refresh_names()

    def refresh_names(self) -> None:
        if self.strip is not None:
            self.people.set_choices(self.directory().staff_choices())

    def entry(self) -> TrainingInput | None:
        strip = self.strip
        assert strip is not None
        staff_ids, unknown = self.directory().staff_ids(self.people.text())
        if unknown or not staff_ids:
            strip.complain(f"教职工名单中没有：{'、'.join(unknown)}" if unknown else "请填写参训人", "参训人")
            return None
        if not self.title.text().strip():
            strip.complain("请填写培训名称", "培训名称")
            return None
        return TrainingInput(
            staff_ids=tuple(staff_ids),
            title=self.title.text().strip(),
            held_on=self.held_on.day(),
            hours=self.hours.value(),
            level=TrainingLevel(self.level.currentText()),
            kind=TrainingKind(self.kind.currentText()),
            organizer=self.organizer.text().strip(),
        )

    def save_entry(self) -> None:
        training = self.entry()
        strip = self.strip
        if training is None or strip is None:
            return
        done = self.runner.call_in_form(strip.show_error, trainings.record_trainings, [training], parent=self)
        if done is not None:
            strip.show_done(f"已记录 {len(training.staff_ids)} 人参加“{training.title}”")
            self.people.clear()

    def extra_buttons(self) -> Sequence[QPushButton]:
        button = QPushButton("多人一次录入…")
        button.setToolTip("同一次培训多人参加：勾选参加的人，一次保存")
        button.clicked.connect(self.enter_for_many)
        return [button]

    def enter_for_many(self) -> None:
        from counselroom.gui.activities.staff_trainings_dialog import StaffTrainingsDialog

        dialog = StaffTrainingsDialog(self.directory(), self.today(), self)
        self.run_dialog(
            dialog,
            lambda d: self.runner.call_in_form(d.show_error, trainings.record_trainings, [d.training()], parent=d),
        )

    def load(self, term: Term) -> list[Any] | None:
        return self.runner.call(trainings.list_trainings, start=term.start, end=term.end, parent=self)

    def count_text(self, rows: Sequence[Any]) -> str:
        people = {t.staff_id for t in rows}
        return f"本学期 {len(rows)} 人次，{len(people)} 人，共 {sum(t.hours for t in rows)} 学时"

    def describe(self, row: Any) -> str:
        return f"{row.staff_name} {row.held_on.isoformat()} 的“{row.title}”培训记录"

    def delete_call(self, row: Any) -> object:
        return self.runner.call(trainings.delete_training, row.id, parent=self)
