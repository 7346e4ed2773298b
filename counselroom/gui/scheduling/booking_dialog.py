"""新建预约 / 登记来访 / 改期: one form. Students are found by name, pinyin initials or 学号 (several
for 团体辅导); conflicts are explained under the time as the form is filled, and only soft ones
(a closed day, outside opening hours, a full room) offer “仍然安排（说明原因）”.

The dialog only collects input: `check(values)` lists the conflicts, `submit(values)` books and
returns an error text ('' when done), so a refused booking keeps the dialog open with the message
next to the fields."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QDate, QTime, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from counselroom.domain.scheduling.appointment_rules import Conflict
from counselroom.domain.scheduling.appointments import (
    MAX_MINUTES,
    MIN_MINUTES,
    NOTE_MAX,
    AppointmentSource,
    AppointmentType,
    Channel,
)
from counselroom.domain.school.school_days import Period
from counselroom.gui.care.warning_dialogs import date_field, picked_date
from counselroom.gui.scheduling.time_field import TimeField
from counselroom.gui.session.account_dialogs import FormDialog
from counselroom.gui.students.student_picker import StudentPickerWidget
from counselroom.gui.widgets import error_label
from counselroom.services.scheduling.appointment_views import CounselorChoice
from counselroom.services.school.room_setup import Room
from counselroom.services.students.student_records import StudentListItem

NO_ROOM = "不用辅导室（电话、网络）"
CHECK_DELAY_MS = 150
Values = dict[str, Any]
PeriodsOf = Callable[[date], Sequence[Period]]  # a day's opening periods, for the start list


def enum_combo(members: Sequence[Any], chosen: Any = None) -> QComboBox:
    combo = QComboBox()
    for member in members:
        combo.addItem(member.value, member)
    if chosen is not None:
        combo.setCurrentIndex(list(members).index(chosen))
    return combo


class BookingDialog(FormDialog):
    """`mode` is "book", "walk_in" (now, 已到) or "move" (time, counselor and room only)."""

    def __init__(
        self,
        *,
        counselors: Sequence[CounselorChoice],
        rooms: Sequence[Room],
        start: datetime,
        counselor_id: int | None,
        search: Callable[[str], Sequence[StudentListItem]],
        check: Callable[[Values], Sequence[Conflict] | None],
        submit: Callable[[Values], str],
        mode: str = "book",
        periods_of: PeriodsOf | None = None,
        parent: QWidget | None = None,
    ):
        titles = {"book": "新建预约", "walk_in": "登记来访", "move": "改期"}
        hints = {
            "book": "选学生、老师、辅导室和时间。有冲突会在时间下方说明。",
            "walk_in": "学生未预约直接来访：从现在开始计时，记为“已到”。",
            "move": "改到新的时间（也可换老师或辅导室），检查与新建预约相同。",
        }
        super().__init__(titles[mode], hints[mode], parent)
        self.setMinimumWidth(560)
        self.mode, self._search, self._check, self._submit = mode, search, check, submit
        self._periods_of = periods_of
        self.conflicts: list[Conflict] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.refresh_conflicts)
        self._student_fields()
        self._session_fields(counselors, rooms, counselor_id)
        self._time_fields(start)
        self._conflict_fields()
        self.form.addRow("来源", self.source)  # after the conflicts: they explain the time above
        self.form.addRow("备注", self.note)
        for row, hide in (
            (self.students, mode == "move"),
            (self.type, mode == "move"),
            (self.channel, mode == "move"),
            (self.source, mode == "move"),
            (self.note, mode == "move"),
            (self.day, mode == "walk_in"),
            (self.start, mode == "walk_in"),
        ):
            self._show_row(row, not hide)
        self._follow_type()

    # -- building ------------------------------------------------------------------------
    def _show_row(self, field: QWidget, shown: bool) -> None:
        field.setVisible(shown)
        label = self.form.labelForField(field)
        if label is not None:
            label.setVisible(shown)

    def _student_fields(self) -> None:
        self.students = StudentPickerWidget(self._search, lambda: self.chosen_type() is AppointmentType.GROUP)
        self.search, self.results, self.chosen = self.students.search, self.students.results, self.students.chosen
        self.form.addRow("学生", self.students)
        self.students.changed.connect(self._changed)

    def _session_fields(
        self, counselors: Sequence[CounselorChoice], rooms: Sequence[Room], counselor_id: int | None
    ) -> None:
        self.type = enum_combo(list(AppointmentType))
        self.channel = enum_combo(list(Channel))
        self.counselor = QComboBox()
        for c in counselors:
            self.counselor.addItem(c.name, c.id)
        if counselor_id is not None and self.counselor.findData(counselor_id) >= 0:
            self.counselor.setCurrentIndex(self.counselor.findData(counselor_id))
        self.room = QComboBox()
        for r in rooms:
            self.room.addItem(f"{r.name}（{r.kind}，{r.capacity} 人）", r.id)
        self.room.addItem(NO_ROOM, None)
        self.source = enum_combo(list(AppointmentSource))
        self.note = QLineEdit()
        self.note.setMaxLength(NOTE_MAX)
        self.note.setPlaceholderText("只写安排事项，如：家长陪同；辅导内容请写在个案记录里")
        for label, field in (
            ("类型", self.type),
            ("方式", self.channel),
            ("老师", self.counselor),
            ("辅导室", self.room),
        ):
            self.form.addRow(label, field)
        self.type.currentIndexChanged.connect(self._follow_type)
        self.channel.currentIndexChanged.connect(self._follow_channel)
        for combo in (self.counselor, self.room):
            combo.currentIndexChanged.connect(self._changed)

    def _time_fields(self, start: datetime) -> None:
        self.day = date_field(start.date())
        self.start = TimeField(QTime(start.hour, start.minute))
        self._offer_times()
        self.minutes = QSpinBox()
        self.minutes.setRange(MIN_MINUTES, MAX_MINUTES)
        self.minutes.setSingleStep(5)
        self.minutes.setSuffix(" 分钟")
        self.form.addRow("日期", self.day)
        self.form.addRow("开始", self.start)
        self.form.addRow("时长", self.minutes)
        self.day.dateChanged.connect(self._changed)
        self.day.dateChanged.connect(self._offer_times)
        self.start.timeChanged.connect(self._changed)
        self.minutes.valueChanged.connect(self._changed)

    def _offer_times(self) -> None:
        """The start list follows the chosen day's opening periods."""
        if self._periods_of is not None:
            self.start.set_periods(self._periods_of(picked_date(self.day)))

    def _conflict_fields(self) -> None:
        self.conflict_label = error_label()
        self.confirm = QCheckBox("仍然安排（说明原因）")
        self.confirm_reason = QLineEdit()
        self.confirm_reason.setPlaceholderText("例如：家长只能周六来校")
        self.form.addRow("", self.conflict_label)
        self.form.addRow("", self.confirm)
        self.form.addRow("", self.confirm_reason)
        self.confirm.toggled.connect(self.confirm_reason.setEnabled)
        self._show_conflicts([])

    # -- students ------------------------------------------------------------------------
    def add_student(self, student_id: int, label: str) -> None:
        self.students.add_student(student_id, label)

    def fix_students(self) -> None:
        self.students.fix()

    def student_ids(self) -> list[int]:
        return self.students.student_ids()

    # -- values --------------------------------------------------------------------------
    def chosen_type(self) -> AppointmentType:
        return AppointmentType(self.type.currentData())

    def start_at(self) -> datetime:
        picked = self.start.time()
        return datetime.combine(picked_date(self.day), time(picked.hour(), picked.minute()))

    def set_start(self, moment: datetime) -> None:
        self.day.setDate(QDate(moment.year, moment.month, moment.day))
        self.start.setTime(QTime(moment.hour, moment.minute))

    def values(self) -> Values:
        start = self.start_at()
        return {
            "student_ids": self.student_ids(),
            "counselor_id": self.counselor.currentData(),
            "room_id": self.room.currentData(),
            "start": start,
            "end": start + timedelta(minutes=self.minutes.value()),
            "type": self.chosen_type(),
            "channel": Channel(self.channel.currentData()),
            "source": AppointmentSource(self.source.currentData()),
            "note": self.note.text(),
            "confirm_conflicts": not self.confirm.isHidden() and self.confirm.isChecked(),
            "confirm_reason": self.confirm_reason.text(),
        }

    def _follow_type(self) -> None:
        self.minutes.setValue(self.chosen_type().default_minutes)
        if self.chosen_type() is not AppointmentType.GROUP:
            self.students.keep_one()
        self._changed()

    def _follow_channel(self) -> None:
        if Channel(self.channel.currentData()) is not Channel.FACE:
            self.room.setCurrentIndex(self.room.findData(None))
        self._changed()

    # -- conflicts -----------------------------------------------------------------------
    def _changed(self) -> None:
        self._timer.start()

    def refresh_conflicts(self) -> None:
        self._timer.stop()
        found = self._check(self.values()) if self.mode != "walk_in" else []
        self._show_conflicts(list(found or []))

    def _show_conflicts(self, conflicts: list[Conflict]) -> None:
        self.conflicts = conflicts
        self.conflict_label.setText("\n".join(f"冲突：{c.message}" for c in conflicts))
        self.conflict_label.setVisible(bool(conflicts))
        soft_only = bool(conflicts) and not any(c.hard for c in conflicts)
        for field in (self.confirm, self.confirm_reason):
            self._show_row(field, soft_only)
        self.confirm_reason.setEnabled(self.confirm.isChecked())
        self.adjustSize()  # room for the explanation, so no clash is cut off

    def check(self) -> str:
        problem = self.chosen_type().student_count_problem(len(self.student_ids()))
        if problem and self.mode != "move":
            return problem + "：请在“学生”一栏输入姓名、拼音首字母或学号，再从列表中点选"
        if self.counselor.currentData() is None:
            return "请选择老师"
        return ""

    def _try_accept(self) -> None:
        problem = self.check() or self._submit(self.values())
        if problem:
            self.error.setText(problem)
            self.refresh_conflicts()
            return
        self.accept()
