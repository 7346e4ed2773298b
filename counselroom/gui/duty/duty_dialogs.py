"""Dialogs of the 值班 page: 调班 (or 申请调班), 不批准 a request, and the 值班记录 of a slot (the
热线电话 dialog is gui/settings/room_dialogs.ContactsDialog). They only collect and check input;
the page calls the services."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from counselroom.gui.care.warning_dialogs import reason_field
from counselroom.gui.duty.duty_models import day_label
from counselroom.gui.session.account_dialogs import FormDialog
from counselroom.services.duty.duty_rota import DutyLogEntry, DutySlot, DutyTeacher, SwapLine

NOBODY = "无人到岗"


def slot_title(slot: DutySlot) -> str:
    return f"{day_label(slot.day)} {slot.time_label}"


class SwapDialog(FormDialog):
    """调班 (the lead, at once) or 申请调班 (a counselor; the lead approves)."""

    def __init__(self, slot: DutySlot, teachers: Sequence[DutyTeacher], *, direct: bool, parent: QWidget | None = None):
        hint = "调班后值班表立即更新，原因记入调班记录。" if direct else "申请提交后，由心理中心负责人批准后生效。"
        super().__init__("调班" if direct else "申请调班", hint, parent)
        self.direct = direct
        self.form.addRow("班次", QLabel(slot_title(slot)))
        self.form.addRow("现在值班", QLabel(slot.staff_name))
        self.to = QComboBox()
        for t in teachers:
            if t.staff_id != slot.staff_id:
                self.to.addItem(t.name + ("" if t.on_duty else f"（{t.position}）"), t.staff_id)
        self.form.addRow("调给", self.to)
        self.reason = reason_field("例如：外出参加培训，与李老师对调")
        self.form.addRow("原因", self.reason)
        self.override = QCheckBox("超出限制仍调班（对方自愿多值）")
        if direct:
            self.form.addRow("", self.override)

    def check(self) -> str:
        if self.to.currentData() is None:
            return "没有可以调给的老师"
        return "" if self.reason.text().strip() else "请写明调班原因"

    def values(self) -> dict[str, object]:
        chosen: dict[str, object] = {"to_staff_id": int(self.to.currentData()), "reason": self.reason.text()}
        if self.direct:
            chosen["override"] = self.override.isChecked()
        return chosen


def request_text(request: SwapLine) -> str:
    return (
        f"{request.requested_by}申请：{day_label(request.day)} {request.start:%H:%M} "
        f"由{request.from_name}调给{request.to_name}，原因：{request.reason}"
    )


class ApproveSwapDialog(FormDialog):
    def __init__(self, line_text: str, parent: QWidget | None = None):
        super().__init__("批准调班", line_text, parent)
        self.override = QCheckBox("超出限制仍调班（对方自愿多值）")
        self.form.addRow("", self.override)

    def values(self) -> dict[str, object]:
        return {"override": self.override.isChecked()}


class DeclineSwapDialog(FormDialog):
    def __init__(self, line_text: str, parent: QWidget | None = None):
        super().__init__("不批准调班", line_text, parent)
        self.reason = reason_field("例如：当天人手不足，请另找老师")
        self.form.addRow("原因", self.reason)

    def check(self) -> str:
        return "" if self.reason.text().strip() else "请写明不批准的原因"

    def values(self) -> dict[str, object]:
        return {"reason": self.reason.text()}


class DutyLogDialog(FormDialog):
    """值班记录: who came, visitors, calls, what happened, and what the next teacher should know."""

    def __init__(
        self,
        slot: DutySlot,
        teachers: Sequence[DutyTeacher],
        existing: DutyLogEntry | None,
        parent: QWidget | None = None,
    ):
        super().__init__(
            f"值班记录　{slot_title(slot)}", "记录中如涉及学生，只写必要信息；本记录按辅导记录保密。", parent
        )
        self.setMinimumWidth(520)
        self.came = QComboBox()
        for t in teachers:
            self.came.addItem(t.name, t.staff_id)
        self.came.addItem(NOBODY, None)
        wanted = existing.came_staff_id if existing else slot.staff_id
        self.came.setCurrentIndex(max(0, self.came.findData(wanted)) if wanted is not None else self.came.count() - 1)
        self.visitors, self.calls = _count_field(), _count_field()
        self.events, self.handover = _text_field("来访、来电和处理情况"), _text_field("下一班需要留意的事")
        for label, field in (
            ("实际到岗", self.came),
            ("来访人数", self.visitors),
            ("来电次数", self.calls),
            ("值班情况", self.events),
            ("交接事项", self.handover),
        ):
            self.form.addRow(label, field)
        if existing:
            self.visitors.setValue(existing.visitors)
            self.calls.setValue(existing.calls)
            self.events.setPlainText(existing.events)
            self.handover.setPlainText(existing.handover)
            self.form.addRow("", QLabel(f"上次由{existing.written_by}写于 {existing.written_at}"))

    def values(self) -> dict[str, object]:
        came = self.came.currentData()
        return {
            "came_staff_id": None if came is None else int(came),
            "visitors": self.visitors.value(),
            "calls": self.calls.value(),
            "events": self.events.toPlainText(),
            "handover": self.handover.toPlainText(),
        }


def _count_field() -> QSpinBox:
    field = QSpinBox()
    field.setRange(0, 9999)
    return field


def _text_field(placeholder: str) -> QPlainTextEdit:
    field = QPlainTextEdit()
    field.setPlaceholderText(placeholder)
    field.setFixedHeight(80)
    return field
