"""设置 → 辅导室与开放时间: rooms, the weekly opening periods (值班时段), the school's own days, where the
room is and its own contacts (热线电话、QQ、微信、心理信箱) printed after the policy profile's hotlines."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from counselroom.domain.roles import Permission
from counselroom.domain.school.school_days import WEEKDAYS, Period, SchoolDay
from counselroom.gui.models import RowTableModel
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.settings.room_dialogs import (
    PeriodDialog,
    RoomDialog,
    SchoolDayDialog,
    contacts_text,
    edit_contacts,
)
from counselroom.gui.tables import read_only_table
from counselroom.services.printing import print_data
from counselroom.services.school import hotlines, room_setup


class RoomModel(RowTableModel[room_setup.Room]):
    columns = (("名称", lambda r: r.name), ("类型", lambda r: r.kind), ("容纳人数", lambda r: r.capacity))


class PeriodModel(RowTableModel[Period]):
    columns = (
        ("星期", lambda p: f"周{WEEKDAYS[p.weekday]}"),
        ("时段", lambda p: f"{p.start:%H:%M}–{p.end:%H:%M}"),
        ("时长", lambda p: f"{p.minutes} 分钟"),
    )


class DayModel(RowTableModel[SchoolDay]):
    columns = (
        ("日期", lambda d: d.day.isoformat()),
        ("安排", lambda d: "开放" if d.open else "停开"),
        ("名称", lambda d: d.name),
        ("调休时按", lambda d: f"周{WEEKDAYS[d.follows_weekday]}" if d.follows_weekday is not None else ""),
    )


def _section(title: str, table: QWidget, *buttons: QPushButton) -> QVBoxLayout:
    row = QHBoxLayout()
    row.addWidget(QLabel(title))
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    box = QVBoxLayout()
    box.addLayout(row)
    box.addWidget(table)
    return box


class RoomSetupTab(QWidget):
    def __init__(self, runner: ServiceRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.rooms, self.periods, self.days = RoomModel(), PeriodModel(), DayModel()
        self.room_view, self.period_view, self.day_view = (
            read_only_table(m) for m in (self.rooms, self.periods, self.days)
        )
        can_edit = runner.actor.can(Permission.MANAGE_ROOM_SETUP)
        self.add_room_button, self.add_period_button = QPushButton("添加辅导室…"), QPushButton("添加时段…")
        self.remove_period_button, self.add_day_button = QPushButton("删除时段"), QPushButton("登记校历调整…")
        self.remove_day_button = QPushButton("删除")
        for button in (
            self.add_room_button,
            self.add_period_button,
            self.remove_period_button,
            self.add_day_button,
            self.remove_day_button,
        ):
            button.setVisible(can_edit)
        self.location = QLineEdit()
        self.location.setPlaceholderText("如 行政楼三楼东侧 心理辅导室（阳光驿站）")
        self.location.setEnabled(can_edit)
        self.save_location_button = QPushButton("保存地点")
        self.save_location_button.setVisible(can_edit)
        self.save_location_button.clicked.connect(self.save_location)
        where = QHBoxLayout()
        where.addWidget(QLabel("辅导室地点（印在门贴和预约单上）"))
        where.addWidget(self.location, 1)
        where.addWidget(self.save_location_button)
        self.contacts = QLabel()
        self.contacts.setWordWrap(True)
        self.edit_contacts_button = QPushButton("热线电话与联系方式…")
        self.edit_contacts_button.setVisible(can_edit)
        self.edit_contacts_button.clicked.connect(self.edit_contacts)
        reach = QHBoxLayout()
        reach.addWidget(QLabel("热线与联系方式（印在门贴和预约单上）"))
        reach.addWidget(self.contacts, 1)
        reach.addWidget(self.edit_contacts_button)
        grid = QGridLayout(self)
        grid.addLayout(where, 2, 0, 1, 2)
        grid.addLayout(reach, 3, 0, 1, 2)
        grid.addLayout(_section("辅导室", self.room_view, self.add_room_button), 0, 0)
        grid.addLayout(
            _section("每周开放时段（即值班时段）", self.period_view, self.add_period_button, self.remove_period_button),
            0,
            1,
        )
        grid.addLayout(
            _section(
                "学校自定的停开与调休（法定节假日自动识别）", self.day_view, self.add_day_button, self.remove_day_button
            ),
            1,
            0,
            1,
            2,
        )
        self.add_room_button.clicked.connect(self.add_room)
        self.add_period_button.clicked.connect(self.add_period)
        self.remove_period_button.clicked.connect(self.remove_period)
        self.add_day_button.clicked.connect(self.add_day)
        self.remove_day_button.clicked.connect(self.remove_day)

    def refresh(self) -> None:
        call = self.runner.call
        self.rooms.set_rows(call(room_setup.list_rooms, parent=self) or [])
        self.periods.set_rows(call(room_setup.get_opening_hours, parent=self) or [])
        self.days.set_rows(call(room_setup.list_school_days, parent=self) or [])
        self.location.setText(call(print_data.get_room_location, parent=self) or "")
        contacts = call(hotlines.room_contacts, parent=self)
        self.contacts.setText(contacts_text(contacts) if contacts is not None else "")

    def edit_contacts(self) -> None:
        if edit_contacts(self.runner, self):
            self.refresh()

    def save_location(self) -> None:
        self.runner.call(print_data.set_room_location, self.location.text(), parent=self)

    def clear(self) -> None:
        for model in (self.rooms, self.periods, self.days):
            model.clear()
        self.location.clear()
        self.contacts.clear()

    def add_room(self) -> None:
        dialog = RoomDialog(self)
        while dialog.exec():
            if (
                self.runner.call(
                    room_setup.save_room,
                    name=dialog.name.text(),
                    kind=dialog.kind.currentText(),
                    capacity=dialog.capacity.value(),
                    parent=dialog,
                )
                is not None
            ):
                self.refresh()
                return

    def _save_periods(self, periods: list[Period], parent: QWidget) -> bool:
        done = self.runner.call(room_setup.set_opening_hours, periods, parent=parent) is not None
        if done:
            self.refresh()
        return done

    def add_period(self) -> None:
        dialog = PeriodDialog(self)
        current = [self.periods.row_at(i) for i in range(self.periods.rowCount())]
        while dialog.exec():
            if self._save_periods([*current, dialog.period()], dialog):
                return

    def remove_period(self) -> None:
        rows = {i.row() for i in self.period_view.selectionModel().selectedRows()}
        if rows:
            kept = [self.periods.row_at(i) for i in range(self.periods.rowCount()) if i not in rows]
            self._save_periods(kept, self)

    def add_day(self) -> None:
        dialog = SchoolDayDialog(self)
        while dialog.exec():
            if self.runner.call(room_setup.set_school_day, dialog.entry(), parent=dialog) is not None:
                self.refresh()
                return

    def remove_day(self) -> None:
        rows = self.day_view.selectionModel().selectedRows()
        if rows:
            self.runner.call(room_setup.remove_school_day, self.days.row_at(rows[0].row()).day, parent=self)
            self.refresh()
