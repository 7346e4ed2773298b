"""Dialogs of the room setup: a room, an opening period, a school day, the room's own contacts."""

from __future__ import annotations

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QWidget,
)

from counselroom.domain.school.hotlines import Hotline
from counselroom.domain.school.school_days import WEEKDAYS, Period, SchoolDay
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.session.account_dialogs import FormDialog
from counselroom.services.school import hotlines
from counselroom.services.school.hotlines import RoomContacts
from counselroom.services.school.room_setup import ROOM_KINDS

# The rows a new dialog offers to fill (S004: 热线电话（或QQ、微信等）公开).
CONTACT_EXAMPLES = (("心理辅导室电话", ""), ("心理辅导室QQ", ""), ("心理辅导室微信", ""), ("心理信箱", ""))


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


def contacts_text(contacts: RoomContacts) -> str:
    """One line for the settings tab: 江西省：12355、966525、12356；本校：心理辅导室电话 0790-…"""
    fixed = "、".join(h.number for h in contacts.profile_lines) or "无"
    own = "；".join(f"{h.label} {h.number}" for h in contacts.own) or "未填写"
    return f"按政策依据（{contacts.profile_name}）印出：{fixed}。本校：{own}"


class ContactsDialog(FormDialog):
    """The room's own 热线电话, QQ, 微信, 心理信箱 (S004: 热线电话（或QQ、微信等）公开), as free text;
    the policy profile's lines are printed before them and are not edited here."""

    def __init__(self, contacts: RoomContacts, parent: QWidget | None = None):
        fixed = "、".join(f"{h.label} {h.number}" for h in contacts.profile_lines)
        hint = f"按政策依据（{contacts.profile_name}），值班表和预约单上印出：{fixed}。" if fixed else ""
        hint += contacts.asks_own + "\n下面填写本校心理辅导室自己的电话、QQ、微信、心理信箱等，会印在它们之后。"
        super().__init__("热线电话与联系方式", hint.strip(), parent)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["名称", "号码、账号或位置"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 160)
        for line in contacts.own:
            self.add_row(line.label, line.number)
        if not contacts.own:
            for label, value in CONTACT_EXAMPLES:
                self.add_row(label, value)
        add = QPushButton("添加一行")
        add.clicked.connect(lambda: self.add_row("", ""))
        self.form.addRow(self.table)
        self.form.addRow("", add)
        self.setMinimumWidth(560)

    def add_row(self, label: str, value: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(label))
        self.table.setItem(row, 1, QTableWidgetItem(value))

    def lines(self) -> list[Hotline]:
        """The filled rows; an example label left without a value is skipped, any other half-filled
        row is kept, so that the service says what is missing."""
        examples = {label for label, _ in CONTACT_EXAMPLES}
        found = []
        for row in range(self.table.rowCount()):
            label, value = (self._text(row, c) for c in (0, 1))
            if value or (label and label not in examples):
                found.append(Hotline(value, label))
        return found

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item else ""


def edit_contacts(runner: ServiceRunner, parent: QWidget) -> bool:
    """Open the dialog with what is kept; True when the contacts were saved."""
    contacts = runner.call(hotlines.room_contacts, parent=parent)
    if contacts is None:
        return False
    dialog = ContactsDialog(contacts, parent)
    while dialog.exec():
        if runner.call(hotlines.set_local_hotlines, dialog.lines(), parent=dialog) is not None:
            return True
    return False
