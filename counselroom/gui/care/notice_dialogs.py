"""Dialogs of the 预警 page for telling parents (家长告知) and for the lead's co-signature on a
counselor's rejection of a red proposal. They only collect and check input."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QHBoxLayout, QLineEdit, QTimeEdit, QWidget

from counselroom.domain.care.warnings import NoticeChannel
from counselroom.gui.care.warning_dialogs import date_field, picked_date, reason_field
from counselroom.gui.session.account_dialogs import FormDialog
from counselroom.services.care.proposals import ProposalItem
from counselroom.services.care.warning_list import WarningEntry

GUARDIAN_HINT = "例如：母亲 王丽"


class GuardianNoticeDialog(FormDialog):
    """家长告知 (S004 及时与家长进行密切沟通): when, how and by whom, and what the guardian said."""

    def __init__(self, entry: WarningEntry, told_by: str, now: datetime, parent: QWidget | None = None):
        super().__init__(
            "家长告知",
            f"{entry.student_name}（{entry.class_name}），{entry.level.label}预警。记下何时、以何种方式、由谁告知了"
            "哪位家长，以及家长的回应；记录会出现在这条预警的历史记录中。",
            parent,
        )
        self.now = now
        self.day = date_field(now.date(), earliest=entry.opened_on, latest=now.date())
        self.time = QTimeEdit(QTime(now.hour, now.minute))
        self.time.setDisplayFormat("HH:mm")
        when = QHBoxLayout()
        when.addWidget(self.day)
        when.addWidget(self.time)
        self.channel = QComboBox()
        for channel in NoticeChannel:
            self.channel.addItem(channel.value, channel)
        self.told_by = QLineEdit(told_by)
        self.guardian = QLineEdit()
        self.guardian.setPlaceholderText(GUARDIAN_HINT)
        self.response = reason_field("例如：家长同意带孩子到专科医院评估，在家安排人陪伴")
        self.form.addRow("告知时间", when)
        self.form.addRow("方式", self.channel)
        self.form.addRow("告知人", self.told_by)
        self.form.addRow("告知的家长", self.guardian)
        self.form.addRow("家长回应", self.response)

    def told_at(self) -> datetime:
        day: date = picked_date(self.day)
        moment = self.time.time()
        return datetime(day.year, day.month, day.day, moment.hour(), moment.minute())

    def check(self) -> str:
        if self.told_at() > self.now:
            return "告知时间不能晚于现在"
        if not self.told_by.text().strip() or not self.guardian.text().strip():
            return "请写明由谁告知、告知了哪位家长"
        if len(self.response.text().strip()) < 2:
            return "请记下家长的回应"
        return ""

    def values(self) -> dict[str, object]:
        return {
            "told_at": self.told_at(),
            "channel": NoticeChannel(self.channel.currentData()),
            "told_by": self.told_by.text(),
            "guardian": self.guardian.text(),
            "response": self.response.text(),
        }


class CosignRejectionDialog(FormDialog):
    """The lead confirms a counselor's rejection of a red proposal, in the lead's own session."""

    def __init__(self, proposal: ProposalItem, parent: QWidget | None = None):
        super().__init__(
            "确认不列入（红色预警建议）",
            f"{proposal.student_name}（{proposal.class_name}）：{proposal.awaiting_lead}。"
            "确认后这条红色预警建议不列入，申请人与负责人的签名都会保留；如不同意，请改用“确认列入…”。",
            parent,
        )
        self.note = reason_field("可写下负责人的意见（可不填）")
        self.form.addRow("负责人意见", self.note)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确认不列入")

    def values(self) -> dict[str, object]:
        return {"note": self.note.text()}
