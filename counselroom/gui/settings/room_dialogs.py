"""Dialogs of the room setup: a room, an opening period, a school day."""

from __future__ import annotations

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QSpinBox, QTimeEdit, QWidget

from counselroom.domain.school.school_days import WEEKDAYS, Period, SchoolDay
from counselroom.gui.session.account_dialogs import FormDialog
from counselroom.services.school.room_setup import ROOM_KINDS


def _weekday_combo() -> QComboBox:
    combo = QComboBox()
    for i, name in enumerate(WEEKDAYS):
        combo.addItem(f"周{name}", i)
    return combo


class RoomDialog(FormDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__("辅导室", "个别辅导室、团体活动室、沙盘室等；预约时会检查同一房间是否冲突。", parent)
        self.name = QLineEdit()
        self.kind = QComboBox()
        self.kind.addItems(list(ROOM_KINDS))
        self.capacity = QSpinBox()
        self.capacity.setRange(1, 200)
        self.capacity.setValue(2)
        self.form.addRow("名称", self.name)
        self.form.addRow("类型", self.kind)
        self.form.addRow("容纳人数", self.capacity)

    def check(self) -> str:
        return "" if self.name.text().strip() else "请填写名称"


class PeriodDialog(FormDialog):
    """One weekly opening period; each period is one 值班时段."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("添加开放时段", "每个开放时段就是一个值班时段，如 周一 12:10–13:30。", parent)
        self.weekday = _weekday_combo()
        self.start, self.end = QTimeEdit(QTime(12, 10)), QTimeEdit(QTime(13, 30))
        for edit in (self.start, self.end):
            edit.setDisplayFormat("HH:mm")
        self.form.addRow("星期", self.weekday)
        self.form.addRow("开始", self.start)
        self.form.addRow("结束", self.end)

    def check(self) -> str:
        return "" if self.end.time() > self.start.time() else "结束时间应晚于开始时间"

    def period(self) -> Period:
        return Period(int(self.weekday.currentData()), self.start.time().toPython(), self.end.time().toPython())


class SchoolDayDialog(FormDialog):
    """A day the school closes (寒假、运动会、考试) or opens (调休上课)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("校历调整", "国家法定节假日已自动识别（有数据的年份）；这里登记学校自己的安排。", parent)
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.kind = QComboBox()
        self.kind.addItem("停开（假期、活动）", False)
        self.kind.addItem("开放（调休上课）", True)
        self.name = QLineEdit()
        self.name.setPlaceholderText("如 寒假、春季运动会、调休上课")
        self.follows = _weekday_combo()
        self.form.addRow("日期", self.day)
        self.form.addRow("安排", self.kind)
        self.form.addRow("名称", self.name)
        self.form.addRow("调休时按", self.follows)

    def check(self) -> str:
        return "" if self.name.text().strip() else "请填写名称"

    def entry(self) -> SchoolDay:
        is_open = bool(self.kind.currentData())
        return SchoolDay(
            self.day.date().toPython(),
            is_open,
            self.name.text().strip(),
            int(self.follows.currentData()) if is_open else None,
        )
