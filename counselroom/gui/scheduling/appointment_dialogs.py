"""Small dialogs of the 预约 page: an appointment's details with its actions (已到/未到/取消/改期/打印),
the cancel reason, and the `.ics` export range. They collect input; the page calls the services."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLabel, QPushButton, QWidget

from counselroom.domain.scheduling.appointments import AppointmentStatus, is_late_cancel
from counselroom.gui.care.warning_dialogs import date_field, picked_date, reason_field
from counselroom.gui.session.account_dialogs import FormDialog
from counselroom.gui.text_format import long_date
from counselroom.services.scheduling.appointment_views import AppointmentItem, CounselorChoice


def when_text(item: AppointmentItem) -> str:
    return f"{long_date(item.start.date())} {item.start:%H:%M}–{item.end:%H:%M}"


class AppointmentDetailsDialog(FormDialog):
    """Details, and the next step as a button: `action` is set to 已到, 未到, 取消, 改期 or 打印预约单."""

    ACTIONS = ("已到", "未到", "取消预约…", "改期…", "打印预约单…")

    def __init__(self, item: AppointmentItem, now: datetime, parent: QWidget | None = None):
        super().__init__("预约详情", "", parent)
        self.item, self.action = item, ""
        status = "待记出勤（已开始，尚未记录）" if item.awaiting_attendance else item.status.value
        if item.status is AppointmentStatus.CANCELLED:
            status += f"（{item.cancel_reason}）" + ("，临时取消" if item.late_cancel else "")
        rows = (
            ("时间", when_text(item)),
            ("类型", f"{item.type.value}（{item.channel.value}）"),
            ("学生", "、".join(f"{s.name}（{s.class_name}）" for s in item.students) or "—"),
            ("老师", item.counselor_name),
            ("地点", item.place),
            ("来源", item.source.value + ("，来访登记" if item.is_walk_in else "")),
            ("状态", status),
            ("备注", item.note or "—"),
        )
        for label, text in rows:
            value = QLabel(text)
            value.setWordWrap(True)
            self.form.addRow(label, value)
        self.buttons.clear()
        self.action_buttons: dict[str, QPushButton] = {}
        for name in self.ACTIONS:
            button = self.buttons.addButton(name, QDialogButtonBox.ButtonRole.ActionRole)
            button.clicked.connect(lambda _=False, chosen=name: self._choose(chosen))
            self.action_buttons[name] = button
        close = self.buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        self._enable(now)

    def _enable(self, now: datetime) -> None:
        item = self.item
        begun, booked = item.start <= now, item.status is AppointmentStatus.BOOKED
        marks_allowed = begun and item.status is not AppointmentStatus.CANCELLED
        self.action_buttons["已到"].setEnabled(marks_allowed and item.status is not AppointmentStatus.ATTENDED)
        self.action_buttons["未到"].setEnabled(marks_allowed and item.status is not AppointmentStatus.NO_SHOW)
        self.action_buttons["取消预约…"].setEnabled(booked)
        self.action_buttons["改期…"].setEnabled(booked)
        self.action_buttons["打印预约单…"].setEnabled(item.status is not AppointmentStatus.CANCELLED)
        if not begun and booked:
            self.action_buttons["已到"].setToolTip("预约开始后才能记录出勤")

    def _choose(self, name: str) -> None:
        self.action = name.rstrip("…").removesuffix("预约")
        self.accept()


class CancelAppointmentDialog(FormDialog):
    def __init__(self, item: AppointmentItem, now: datetime, parent: QWidget | None = None):
        late = is_late_cancel(item.start, now)
        hint = f"{when_text(item)}，{item.student_names or item.type.value}。"
        hint += "距开始已不足 24 小时，将记为“临时取消”（不算未到）。" if late else "取消后这段时间可另作安排。"
        super().__init__("取消预约", hint, parent)
        self.reason = reason_field("例如：学生考试；家长来电改期")
        self.form.addRow("取消原因", self.reason)

    def check(self) -> str:
        return "" if len(self.reason.text().strip()) >= 2 else "请写明取消原因（至少 2 个字）"

    def values(self) -> dict[str, object]:
        return {"reason": self.reason.text()}


class ExportIcsDialog(FormDialog):
    """Which counselor and which days; the file has no student names (say so, so it is trusted)."""

    def __init__(
        self,
        counselors: Sequence[CounselorChoice],
        counselor_id: int | None,
        start: date,
        end: date,
        parent: QWidget | None = None,
    ):
        super().__init__(
            "导出日历（.ics）", "导出的日历文件只含时间、类型和地点，不含学生姓名和备注，可导入手机或电脑日历。", parent
        )
        self.counselor = QComboBox()
        for c in counselors:
            self.counselor.addItem(c.name, c.id)
        if counselor_id is not None and self.counselor.findData(counselor_id) >= 0:
            self.counselor.setCurrentIndex(self.counselor.findData(counselor_id))
        self.first = date_field(start)
        self.last = date_field(end)
        self.form.addRow("老师", self.counselor)
        self.form.addRow("从", self.first)
        self.form.addRow("到", self.last)

    def check(self) -> str:
        return "" if picked_date(self.first) <= picked_date(self.last) else "结束日期不能早于开始日期"

    def values(self) -> dict[str, object]:
        return {
            "counselor_id": self.counselor.currentData(),
            "start": picked_date(self.first),
            "end": picked_date(self.last),
        }
