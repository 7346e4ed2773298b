"""Dialogs of the 危机事件 tab: 登记, 记录处置, 调整风险等级, 加入处置小组, 事后安抚 (a person, a
随访 planned or recorded), 提交会签 / 退回, and 保密例外. Like the referral dialogs they check the
input and give `values()` for the service call; the page keeps a dialog open on a refusal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from counselroom.domain.crisis.confidentiality import ExceptionCategory, Recipient
from counselroom.domain.crisis.incident_rules import EventKind, IncidentKind, RiskLevel
from counselroom.gui.care.warning_dialogs import date_field, picked_date
from counselroom.gui.referrals.referral_dialogs import Search, text_box
from counselroom.gui.session.account_dialogs import FormDialog
from counselroom.gui.students.student_picker import StudentPickerWidget
from counselroom.services.cases.case_views import Colleague
from counselroom.services.school.school_structure import StaffSummary

RECIPIENT_ROWS = 4


def moment_field(now: datetime) -> QDateTimeEdit:
    """A day and minute, not after now (what happened is recorded afterwards)."""
    field = QDateTimeEdit(QDateTime(now.replace(second=0, microsecond=0)))
    field.setDisplayFormat("yyyy年M月d日 HH:mm")
    field.setCalendarPopup(True)
    field.setMaximumDateTime(QDateTime(now))
    return field


def picked_moment(field: QDateTimeEdit) -> datetime:
    moment: datetime = field.dateTime().toPython()  # type: ignore[assignment]
    return moment.replace(second=0, microsecond=0)


def _colleague_box(colleagues: Sequence[Colleague], first: str = "由我负责") -> QComboBox:
    box = QComboBox()
    box.addItem(first, None)
    for colleague in colleagues:
        box.addItem(f"{colleague.name}（{colleague.role}）", colleague.user_id)
    return box


class OpenIncidentDialog(FormDialog):
    """登记危机事件: what happened (facts, no diagnosis), when, where, who; the risk level now."""

    def __init__(self, search: Search, colleagues: Sequence[Colleague], now: datetime, parent: QWidget | None = None):
        super().__init__(
            "登记危机事件",
            "立即启动学校危机干预预案。登记后在处置记录中逐条记录通知、陪护、转介等处置。",
            parent,
        )
        self.setMinimumWidth(580)
        self.kind = QComboBox()
        self.kind.addItems([k.value for k in IncidentKind])
        self.form.addRow("类型", self.kind)
        self.risk = QComboBox()
        self.risk.addItems([r.label for r in RiskLevel])
        self.form.addRow("风险等级", self.risk)
        self.occurred_at = moment_field(now)
        self.form.addRow("发生时间", self.occurred_at)
        self.place = QLineEdit()
        self.place.setPlaceholderText("如：教学楼三楼走廊")
        self.form.addRow("地点", self.place)
        self.picker = StudentPickerWidget(search, lambda: True)
        self.form.addRow("当事学生", self.picker)
        self.summary = text_box("只写事实：何时、何地、发生了什么、谁发现并报告")
        self.form.addRow("事件经过", self.summary)
        self.responsible = _colleague_box(colleagues)
        self.form.addRow("负责老师", self.responsible)

    def check(self) -> str:
        if not self.picker.student_ids():
            return "请选择当事学生"
        return "" if self.summary.toPlainText().strip() else "请写明事件经过"

    def values(self) -> dict[str, object]:
        return {
            "kind": self.kind.currentText(),
            "risk_level": list(RiskLevel)[self.risk.currentIndex()].value,
            "occurred_at": picked_moment(self.occurred_at),
            "place": self.place.text(),
            "student_ids": self.picker.student_ids(),
            "summary": self.summary.toPlainText(),
            "responsible_id": self.responsible.currentData(),
        }


class EventDialog(FormDialog):
    """记录处置: one time-line entry — a notification names whom (班主任、家长、分管校领导)."""

    def __init__(self, now: datetime, parent: QWidget | None = None):
        super().__init__("记录处置", "处置记录只增不改：记错了请再记一条更正。", parent)
        self.setMinimumWidth(520)
        self.kind = QComboBox()
        self.kind.addItems([k.value for k in EventKind if k is not EventKind.REPORTED])
        self.form.addRow("处置类型", self.kind)
        self.at = moment_field(now)
        self.form.addRow("时间", self.at)
        self.whom = QLineEdit()
        self.whom.setPlaceholderText("通知对象，如：班主任 周老师、母亲 李红、分管副校长 王校长")
        self.form.addRow("对象", self.whom)
        self.detail = text_box("说明，如：电话告知，家长 20 分钟后到校接孩子", 70)
        self.form.addRow("说明", self.detail)

    def check(self) -> str:
        if EventKind(self.kind.currentText()).is_notice and not self.whom.text().strip():
            return "请写明通知了谁"
        return ""

    def values(self) -> dict[str, object]:
        return {
            "kind": self.kind.currentText(),
            "at": picked_moment(self.at),
            "whom": self.whom.text(),
            "detail": self.detail.toPlainText(),
        }


class RiskDialog(FormDialog):
    def __init__(self, current: str, parent: QWidget | None = None):
        super().__init__("调整风险等级", f"当前：{current}风险。写明重新评估的依据。", parent)
        self.level = QComboBox()
        self.level.addItems([r.label for r in RiskLevel])
        self.form.addRow("风险等级", self.level)
        self.reason = text_box("如：已由家长接回并陪护，本人承诺不伤害自己，明日复评", 70)
        self.form.addRow("评估依据", self.reason)

    def check(self) -> str:
        return "" if self.reason.toPlainText().strip() else "请写明评估依据"

    def values(self) -> dict[str, object]:
        return {"risk_level": list(RiskLevel)[self.level.currentIndex()].value, "reason": self.reason.toPlainText()}


class TeamDialog(FormDialog):
    def __init__(self, colleagues: Sequence[Colleague], parent: QWidget | None = None):
        super().__init__("加入处置小组", "小组成员可查看并记录此事件。", parent)
        self.colleague = QComboBox()
        for colleague in colleagues:
            self.colleague.addItem(f"{colleague.name}（{colleague.role}）", colleague.user_id)
        self.form.addRow("老师", self.colleague)

    def check(self) -> str:
        return "" if self.colleague.count() else "没有可加入的心理教师"

    def user_id(self) -> int:
        return int(self.colleague.currentData())


class AftercareDialog(FormDialog):
    """事后安抚: a student or a staff member the incident may have affected, their counselor, and
    the first 随访 (S001: 帮助可能受事件影响的师生渡过心理难关)."""

    def __init__(
        self,
        search: Search,
        staff: Sequence[StaffSummary],
        colleagues: Sequence[Colleague],
        today: date,
        parent: QWidget | None = None,
    ):
        super().__init__("事后安抚", "加入事后安抚名单的人，由负责老师按随访日期跟进。", parent)
        self.setMinimumWidth(560)
        self.is_student = QRadioButton("学生")
        self.is_staff = QRadioButton("教职工")
        self.is_student.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.is_student)
        group.addButton(self.is_staff)
        row = QHBoxLayout()
        row.addWidget(self.is_student)
        row.addWidget(self.is_staff)
        row.addStretch(1)
        holder = QWidget()
        holder.setLayout(row)
        self.form.addRow("对象", holder)
        self.picker = StudentPickerWidget(search, lambda: False)
        self.form.addRow("学生", self.picker)
        self.staff = QComboBox()
        for member in staff:
            self.staff.addItem(f"{member.name}（{member.position or '教职工'}）", member.id)
        self.staff.setEnabled(False)
        self.form.addRow("教职工", self.staff)
        self.is_staff.toggled.connect(self._switch)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("如：目睹、同班好友、参与处置的教师")
        self.form.addRow("原因", self.reason)
        self.counselor = _colleague_box(colleagues)
        self.form.addRow("负责老师", self.counselor)
        self.plan_first = QCheckBox("安排首次随访")
        self.plan_first.setChecked(True)
        self.first_due = date_field(today, earliest=today)
        self.plan_first.toggled.connect(self.first_due.setEnabled)
        self.form.addRow(self.plan_first, self.first_due)

    def _switch(self, staff: bool) -> None:
        self.picker.setEnabled(not staff)
        self.staff.setEnabled(staff)

    def check(self) -> str:
        if self.is_student.isChecked() and not self.picker.student_ids():
            return "请选择学生"
        if self.is_staff.isChecked() and self.staff.count() == 0:
            return "还没有教职工名单：请先在“设置 → 学校”中添加"
        return ""

    def values(self) -> dict[str, object]:
        person = (
            {"student_id": self.picker.student_ids()[0]}
            if self.is_student.isChecked()
            else {"staff_id": self.staff.currentData()}
        )
        return {
            **person,
            "reason": self.reason.text(),
            "counselor_id": self.counselor.currentData(),
            "first_due": picked_date(self.first_due) if self.plan_first.isChecked() else None,
        }


class PlanFollowupDialog(FormDialog):
    def __init__(self, people: Sequence[tuple[int, str]], today: date, parent: QWidget | None = None):
        super().__init__("安排随访", "到期未记录的随访会出现在负责老师的“今日”待办中。", parent)
        self.person = QComboBox()
        for person_id, label in people:
            self.person.addItem(label, person_id)
        self.form.addRow("对象", self.person)
        self.due_on = date_field(today, earliest=today)
        self.form.addRow("随访日期", self.due_on)

    def check(self) -> str:
        return "" if self.person.count() else "事后安抚名单还是空的"

    def person_id(self) -> int:
        return int(self.person.currentData())

    def values(self) -> dict[str, object]:
        return {"due_on": picked_date(self.due_on)}


class RecordFollowupDialog(FormDialog):
    def __init__(self, open_ones: Sequence[tuple[int, str]], today: date, parent: QWidget | None = None):
        super().__init__("记录随访", "写明情况，如：情绪平稳、继续关注、建议转介。", parent)
        self.setMinimumWidth(480)
        self.which = QComboBox()
        for followup_id, label in open_ones:
            self.which.addItem(label, followup_id)
        self.form.addRow("随访", self.which)
        self.done_on = date_field(today, latest=today)
        self.form.addRow("完成日期", self.done_on)
        self.outcome = text_box("如：面谈 20 分钟，睡眠恢复，情绪平稳，继续关注两周", 70)
        self.form.addRow("随访情况", self.outcome)

    def check(self) -> str:
        if self.which.count() == 0:
            return "没有待完成的随访"
        return "" if self.outcome.toPlainText().strip() else "请写明随访情况"

    def followup_id(self) -> int:
        return int(self.which.currentData())

    def values(self) -> dict[str, object]:
        return {"done_on": picked_date(self.done_on), "outcome": self.outcome.toPlainText()}


class TextStepDialog(FormDialog):
    """提交会签 (the closing summary) and 退回 (why): one text, required."""

    def __init__(self, title: str, hint: str, label: str, placeholder: str, parent: QWidget | None = None):
        super().__init__(title, hint, parent)
        self.setMinimumWidth(520)
        self.label = label
        self.text = text_box(placeholder, 110)
        self.form.addRow(label, self.text)

    def check(self) -> str:
        return "" if self.text.toPlainText().strip() else f"请填写{self.label}"

    def value(self) -> str:
        return self.text.toPlainText()


class ExceptionDialog(FormDialog):
    """保密例外: only for a risk to life, abuse or a legal demand; whom, why, and only what they
    must know. The printed notice carries the student, the category, whom, what and when."""

    def __init__(self, students: Sequence[tuple[int, str]], now: datetime, parent: QWidget | None = None):
        super().__init__(
            "保密例外",
            "只有在生命安全风险、虐待/性侵犯或法律要求时才可突破保密；只告知对方必须知道的内容。",
            parent,
        )
        self.setMinimumWidth(600)
        self.student = QComboBox()
        for student_id, label in students:
            self.student.addItem(label, student_id)
        self.form.addRow("学生", self.student)
        self.category = QComboBox()
        for category in ExceptionCategory:
            self.category.addItem(category.value)
            self.category.setItemData(self.category.count() - 1, category.basis, Qt.ItemDataRole.ToolTipRole)
        self.form.addRow("类别", self.category)
        self.recipients = QTableWidget(RECIPIENT_ROWS, 2)
        self.recipients.setHorizontalHeaderLabels(["姓名", "身份（如 母亲、班主任）"])
        self.recipients.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.recipients.verticalHeader().hide()
        self.recipients.setMaximumHeight(150)
        self.form.addRow("告知对象", self.recipients)
        self.justification = text_box("为何必须突破保密（只存于加密的心理档案，不打印）", 70)
        self.form.addRow("理由", self.justification)
        self.disclosed = text_box("告知的内容：只写对方必须知道的", 70)
        self.form.addRow("告知内容", self.disclosed)
        self.disclosed_at = moment_field(now)
        self.form.addRow("告知时间", self.disclosed_at)

    def recipient_list(self) -> list[Recipient]:
        found = []
        for row in range(self.recipients.rowCount()):
            name, relation = (self._cell(row, 0), self._cell(row, 1))
            if name or relation:
                found.append(Recipient(name, relation))
        return found

    def _cell(self, row: int, column: int) -> str:
        item: QTableWidgetItem | None = self.recipients.item(row, column)
        return item.text().strip() if item is not None else ""

    def check(self) -> str:
        if self.student.count() == 0:
            return "没有可选的学生"
        people = self.recipient_list()
        if not people or any(not r.name or not r.relation for r in people):
            return "请写明告知对象的姓名和身份"
        if not self.justification.toPlainText().strip():
            return "请写明理由"
        return "" if self.disclosed.toPlainText().strip() else "请写明告知内容"

    def student_id(self) -> int:
        return int(self.student.currentData())

    def values(self) -> dict[str, object]:
        return {
            "category": self.category.currentText(),
            "recipients": self.recipient_list(),
            "justification": self.justification.toPlainText(),
            "disclosed": self.disclosed.toPlainText(),
            "disclosed_at": picked_moment(self.disclosed_at),
        }
