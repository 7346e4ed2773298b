"""One dialog per 转介 step: 建议转介, 记录家长同意 / 拒绝, 转介, 记录反馈, 安排随访, 记录随访 and
结束转介. Each collects and checks its input and gives `values()` — the keyword arguments of the
matching service call; the page calls the service and keeps the dialog open on a refusal, so
nothing typed is lost."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLineEdit, QPlainTextEdit, QWidget

from counselroom.domain.referrals.referral_rules import (
    CONSENT_DUE_DAYS,
    FEEDBACK_DUE_DAYS,
    FEEDBACK_HINT,
    REFER_DUE_DAYS,
    FeedbackSource,
    InformedHow,
    SentItem,
)
from counselroom.gui.care.warning_dialogs import date_field, picked_date
from counselroom.gui.session.account_dialogs import FormDialog
from counselroom.gui.students.student_picker import StudentPickerWidget
from counselroom.services.cases.case_views import Colleague
from counselroom.services.referrals.partners import Partner
from counselroom.services.referrals.referral_views import FollowUpView
from counselroom.services.students.student_records import StudentListItem

Search = Callable[[str], Sequence[StudentListItem]]
DEFAULT_SENT = (SentItem.REFERRAL_FORM, SentItem.CONSENT_COPY)  # the minimum a hospital asks for
CONSENT_FORM_MISSING = "记录家长同意时，知情同意书尚未收回"
REOFFER_DAYS = 14  # 家长拒绝: talk with the family again in two weeks unless the teacher says otherwise


def text_box(placeholder: str, height: int = 90) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setMinimumHeight(height)
    box.setTabChangesFocus(True)
    return box


def _line(placeholder: str) -> QLineEdit:
    field = QLineEdit()
    field.setPlaceholderText(placeholder)
    return field


def _choices(values: Sequence[str]) -> QComboBox:
    box = QComboBox()
    box.addItems(list(values))
    return box


class SuggestReferralDialog(FormDialog):
    """建议转介: the student, why (what was seen — never a diagnosis), by when the family is told."""

    def __init__(
        self,
        search: Search,
        colleagues: Sequence[Colleague],
        today: date,
        parent: QWidget | None = None,
        *,
        student: tuple[int, str] | None = None,
    ):
        super().__init__(
            "建议转介",
            "建议转介到医院或专业机构前，须告知家长并征得同意。原因只写观察到的情况，不写诊断。",
            parent,
        )
        self.setMinimumWidth(560)
        self.picker = StudentPickerWidget(search, lambda: False)
        if student is not None:  # from a student's file or a case: that student only
            self.picker.add_student(*student)
            self.picker.fix()
        self.form.addRow("学生", self.picker)
        self.reason = text_box("例如：近一月持续失眠、情绪低落，校内辅导 6 次后仍无明显改善，本人表示有时不想活")
        self.form.addRow("转介原因", self.reason)
        self.consent_due = date_field(today + timedelta(days=CONSENT_DUE_DAYS), earliest=today)
        self.form.addRow("告知家长截止", self.consent_due)
        self.counselor = QComboBox()
        self.counselor.addItem("由我负责", None)
        for colleague in colleagues:
            self.counselor.addItem(f"{colleague.name}（{colleague.role}）", colleague.user_id)
        if colleagues:  # only the lead names another counselor (the page passes none otherwise)
            self.form.addRow("负责老师", self.counselor)

    def check(self) -> str:
        if not self.picker.student_ids():
            return "请先选择学生"
        return "" if self.reason.toPlainText().strip() else "请写明建议转介的原因"

    def student_id(self) -> int:
        return self.picker.student_ids()[0]

    def values(self) -> dict[str, object]:
        return {
            "reason": self.reason.toPlainText(),
            "consent_due": picked_date(self.consent_due),
            "counselor_id": self.counselor.currentData(),
        }


class _GuardianDialog(FormDialog):
    """What 记录家长同意 and 记录家长拒绝 share: who was told, when and how."""

    def __init__(self, title: str, hint: str, today: date, guardian: str, parent: QWidget | None):
        super().__init__(title, hint, parent)
        self.setMinimumWidth(520)
        self.guardian = _line("如：母亲 李红")
        self.guardian.setText(guardian)
        self.form.addRow("告知家长", self.guardian)
        self.informed_on = date_field(today, latest=today)
        self.form.addRow("告知日期", self.informed_on)
        self.informed_how = _choices([h.value for h in InformedHow])
        self.form.addRow("告知方式", self.informed_how)

    def check(self) -> str:
        return "" if self.guardian.text().strip() else "请写明告知的家长（如：母亲 李红）"

    def guardian_values(self) -> dict[str, object]:
        return {
            "guardian": self.guardian.text(),
            "informed_on": picked_date(self.informed_on),
            "informed_how": self.informed_how.currentText(),
        }


class ConsentDialog(_GuardianDialog):
    def __init__(self, today: date, guardian: str = "", parent: QWidget | None = None):
        super().__init__("记录家长同意", "家长已阅读《家长告知书》并同意转介。", today, guardian, parent)
        self.consent_form = QCheckBox("已收回家长签字的知情同意书")
        self.form.addRow("", self.consent_form)
        self.refer_due = date_field(today + timedelta(days=REFER_DUE_DAYS), earliest=today - timedelta(days=366))
        self.form.addRow("转介截止", self.refer_due)

    def values(self) -> dict[str, object]:
        return {
            **self.guardian_values(),
            "consent_form": self.consent_form.isChecked(),
            "refer_due": picked_date(self.refer_due),
        }


class RefusalDialog(_GuardianDialog):
    def __init__(self, today: date, guardian: str = "", parent: QWidget | None = None):
        super().__init__(
            "记录家长拒绝", "家长暂不同意转介：写明学校的后续安排和再次沟通的日期。", today, guardian, parent
        )
        self.plan = text_box("例如：继续每周一次校内辅导，班主任加强关注，两周后再与家长沟通", 70)
        self.form.addRow("后续安排", self.plan)
        self.reoffer_on = date_field(today + timedelta(days=REOFFER_DAYS), earliest=today - timedelta(days=366))
        self.form.addRow("再次沟通日期", self.reoffer_on)

    def check(self) -> str:
        return super().check() or ("" if self.plan.toPlainText().strip() else "请写明后续安排")

    def values(self) -> dict[str, object]:
        return {**self.guardian_values(), "plan": self.plan.toPlainText(), "reoffer_on": picked_date(self.reoffer_on)}


def partner_choice_label(partner: Partner) -> str:
    if not partner.designated:
        return partner.name
    contact = "、".join(x for x in (partner.green_channel_name, partner.green_channel_phone) if x)
    return f"{partner.name}（定点合作" + (f"，绿色通道 {contact}）" if contact else "）")


class ReferDialog(FormDialog):
    """转介: to which partner (the 定点合作 hospital first), when, and what goes with the student —
    chosen from a fixed list: the minimum, no free text leaves the room."""

    def __init__(
        self, partners: Sequence[Partner], today: date, parent: QWidget | None = None, *, consent_form: bool = False
    ):
        """`consent_form`: the signed 知情同意书 came back (ConsentDialog) — only then is its copy ticked."""
        super().__init__("转介", "只提供对方必需的材料。", parent)
        self.setMinimumWidth(520)
        self.partner = QComboBox()
        for partner in sorted(partners, key=lambda p: (not p.designated, p.name)):
            self.partner.addItem(partner_choice_label(partner), partner.id)
        self.form.addRow("合作机构", self.partner)
        self.referred_on = date_field(today, latest=today)
        self.form.addRow("转介日期", self.referred_on)
        self.sent: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        for i, item in enumerate(SentItem):
            box = QCheckBox(item.value)
            box.setChecked(item in DEFAULT_SENT and (item is not SentItem.CONSENT_COPY or consent_form))
            if item is SentItem.CONSENT_COPY and not consent_form:
                box.setToolTip(CONSENT_FORM_MISSING)
            self.sent[item.value] = box
            grid.addWidget(box, i // 2, i % 2)
        holder = QWidget()
        holder.setLayout(grid)
        self.form.addRow("提供材料", holder)
        self.feedback_due = date_field(today + timedelta(days=FEEDBACK_DUE_DAYS), earliest=today - timedelta(days=366))
        self.form.addRow("反馈截止", self.feedback_due)

    def check(self) -> str:
        if self.partner.count() == 0:
            return "还没有合作机构：请先在“设置 → 合作机构”中添加"
        return "" if any(b.isChecked() for b in self.sent.values()) else "请至少选择一项提供的材料"

    def values(self) -> dict[str, object]:
        return {
            "partner_id": self.partner.currentData(),
            "referred_on": picked_date(self.referred_on),
            "sent_items": [name for name, box in self.sent.items() if box.isChecked()],
            "feedback_due": picked_date(self.feedback_due),
        }


class FeedbackDialog(FormDialog):
    def __init__(self, today: date, parent: QWidget | None = None):
        super().__init__("记录反馈", FEEDBACK_HINT, parent)
        self.setMinimumWidth(520)
        self.received_on = date_field(today, latest=today)
        self.form.addRow("收到日期", self.received_on)
        self.source = _choices([s.value for s in FeedbackSource])
        self.form.addRow("来源", self.source)
        self.text = text_box("例如：医生建议保证睡眠，每两周复诊一次；在校可减轻作业量，安排同伴陪伴")
        self.form.addRow("反馈内容", self.text)

    def check(self) -> str:
        return "" if self.text.toPlainText().strip() else "请写明反馈内容"

    def values(self) -> dict[str, object]:
        return {
            "received_on": picked_date(self.received_on),
            "source": self.source.currentText(),
            "text": self.text.toPlainText(),
        }


class ScheduleFollowUpDialog(FormDialog):
    def __init__(self, today: date, parent: QWidget | None = None):
        super().__init__("安排随访", "随访到期未记录时，会出现在负责老师的“今日”待办中。", parent)
        self.due_on = date_field(today + timedelta(days=7), earliest=today)
        self.form.addRow("随访日期", self.due_on)

    def values(self) -> dict[str, object]:
        return {"due_on": picked_date(self.due_on)}


class RecordFollowUpDialog(FormDialog):
    """记录随访: which planned one (the earliest first), when, how it went; optionally the next."""

    def __init__(self, open_ones: Sequence[FollowUpView], today: date, parent: QWidget | None = None):
        super().__init__("记录随访", "写明与谁、怎么样、下一步。", parent)
        self.setMinimumWidth(520)
        self.which = QComboBox()
        for f in sorted(open_ones, key=lambda f: f.due_on):
            self.which.addItem(f"{f.due_on} 的随访" + ("（已逾期）" if f.overdue else ""), f.id)
        self.form.addRow("随访", self.which)
        self.done_on = date_field(today, latest=today)
        self.form.addRow("完成日期", self.done_on)
        self.note = text_box("例如：与学生面谈，睡眠好转，按时复诊；家长反馈情绪较稳定")
        self.form.addRow("随访情况", self.note)
        self.plan_next = QCheckBox("同时安排下次随访")
        self.next_due = date_field(today + timedelta(days=30), earliest=today)
        self.next_due.setEnabled(False)
        self.plan_next.toggled.connect(self.next_due.setEnabled)
        self.form.addRow(self.plan_next, self.next_due)

    def check(self) -> str:
        return "" if self.note.toPlainText().strip() else "请写明随访情况"

    def values(self) -> dict[str, object]:
        return {
            "follow_up_id": self.which.currentData(),
            "done_on": picked_date(self.done_on),
            "note": self.note.toPlainText(),
            "next_due": picked_date(self.next_due) if self.plan_next.isChecked() else None,
        }


class CloseReferralDialog(FormDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__("结束转介", "写一段小结：转介的结果、学生现状和校内后续安排。结束后不能再修改。", parent)
        self.setMinimumWidth(520)
        self.summary = text_box("例如：已在医院规律复诊三个月，情绪平稳，回归校内常规关注")
        self.form.addRow("小结", self.summary)

    def check(self) -> str:
        return "" if self.summary.toPlainText().strip() else "请写明小结"

    def values(self) -> dict[str, object]:
        return {"summary": self.summary.toPlainText()}
