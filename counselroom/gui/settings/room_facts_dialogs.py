"""Dialogs of 设置 → 辅导室建设: one 功能区 (name, size, the bookable room it is) and one school year's
经费. The service checks the input; its error is shown next to the field it names, the typing kept."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QWidget

from counselroom.domain.activities.room_facts import AREA_SIZE, AREA_SUGGESTIONS, MAX_AMOUNT
from counselroom.domain.errors import CounselRoomError
from counselroom.gui.session.account_dialogs import FormDialog
from counselroom.services.activities.room_facts import RoomArea, RoomAreaInput, RoomBudget
from counselroom.services.school.room_setup import Room

AREA_HINT = "如个体辅导室、团体辅导室、宣泄室、放松室。可预约的房间请选择对应的辅导室。"
BUDGET_HINT = "每学年的心理健康教育专项经费。同一学年再次填写会替换原来的金额。"
NO_ROOM = "（不对应可预约的辅导室）"


def school_year_of(day: date) -> str:
    """2025-2026 for a day from 1 July 2025 to 30 June 2026."""
    start = day.year if day.month >= 7 else day.year - 1
    return f"{start}-{start + 1}"


class _FieldErrors(FormDialog):
    fields: dict[str, QWidget]

    def show_field_error(self, error: CounselRoomError) -> bool:
        """Put the service's complaint under the form and the cursor in the field it names."""
        for widget in self.fields.values():
            _mark(widget, False)
        self.error.setText(str(error))
        field = self.fields.get(error.field or "")
        if field is not None:
            _mark(field, True)
            field.setFocus()
        return True


class RoomAreaDialog(_FieldErrors):
    def __init__(self, area: RoomArea | None, rooms: list[Room], parent: QWidget | None = None):
        super().__init__("编辑功能区" if area else "新增功能区", AREA_HINT, parent)
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.addItems(list(AREA_SUGGESTIONS))
        self.name.setCurrentIndex(-1)
        self.size = QSpinBox()
        self.size.setRange(*AREA_SIZE)
        self.size.setValue(15)
        self.size.setSuffix(" 平方米")
        self.room = QComboBox()
        self.room.addItem(NO_ROOM, None)
        for room in rooms:
            self.room.addItem(room.name, room.id)
        self.notes = QLineEdit()
        self.notes.setPlaceholderText("如 配备沙盘、放松椅")
        self.form.addRow("名称", self.name)
        self.form.addRow("面积", self.size)
        self.form.addRow("对应辅导室", self.room)
        self.form.addRow("备注", self.notes)
        self.fields = {"名称": self.name, "面积（平方米）": self.size, "对应辅导室": self.room, "备注": self.notes}
        if area is not None:
            self.name.setEditText(area.name)
            self.size.setValue(area.size_m2)
            self.room.setCurrentIndex(max(0, self.room.findData(area.room_id)))
            self.notes.setText(area.notes)

    def check(self) -> str:
        return "" if self.name.currentText().strip() else "请填写功能区名称"

    def entry(self) -> RoomAreaInput:
        room_id = self.room.currentData()
        return RoomAreaInput(
            self.name.currentText(), self.size.value(), None if room_id is None else int(room_id), self.notes.text()
        )


class RoomBudgetDialog(_FieldErrors):
    def __init__(self, budget: RoomBudget | None, today: date, parent: QWidget | None = None):
        super().__init__("设置经费", BUDGET_HINT, parent)
        self.year = QLineEdit(budget.year_name if budget else school_year_of(today))
        self.year.setPlaceholderText("如 2025-2026")
        self.amount = QSpinBox()
        self.amount.setRange(0, MAX_AMOUNT)
        self.amount.setSingleStep(1000)
        self.amount.setSuffix(" 元")
        self.amount.setGroupSeparatorShown(True)
        self.notes = QLineEdit()
        self.notes.setPlaceholderText("如 含设备更新、心理健康月活动")
        self.form.addRow("学年", self.year)
        self.form.addRow("金额", self.amount)
        self.form.addRow("说明", self.notes)
        self.fields = {"学年": self.year, "经费": self.amount, "说明": self.notes}
        if budget is not None:
            self.amount.setValue(budget.amount)
            self.notes.setText(budget.notes)

    def check(self) -> str:
        return "" if self.year.text().strip() else "请填写学年"

    def entry(self) -> RoomBudget:
        return RoomBudget(self.year.text().strip(), self.amount.value(), self.notes.text())


def _mark(widget: QWidget, invalid: bool) -> None:
    """A red border (style.qss [invalid="true"]) on the field the error is about."""
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
