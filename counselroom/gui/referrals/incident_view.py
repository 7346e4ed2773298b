"""One 危机事件 (一校一案): its facts, the 处置记录 time line, the 事后安抚 list with each person's
随访, and its 保密例外. The buttons are the incident's `actions` from the service
(domain/crisis/incident_rules.allowed_incident_actions): each keeps its place whatever the state —
one not allowed now is disabled, its tooltip saying why (why_not) — and the closing ones (提交会签,
会签, 退回) have a row of their own, apart from the daily work. Why 提交会签 is not offered yet is
also said under them (closing_problems), so a teacher knows what is missing."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counselroom.domain.crisis.incident_rules import IncidentAction, IncidentStatus
from counselroom.gui.referrals.button_grid import button_grid, offer
from counselroom.gui.referrals.referral_models import stamp_text
from counselroom.gui.text_format import signed_text
from counselroom.gui.widgets import hint_label
from counselroom.services.crisis.confidentiality import ExceptionListed
from counselroom.services.crisis.incidents import IncidentDetail

# The buttons, in the order a teacher works: record, people, print; then, on their own row, closing.
BUTTONS = (
    ("record", "记录处置…", IncidentAction.RECORD),
    ("risk", "调整风险等级…", IncidentAction.RECORD),
    ("team", "加入处置小组…", IncidentAction.RECORD),
    ("aftercare", "事后安抚…", IncidentAction.AFTERCARE),
    ("plan", "安排随访…", IncidentAction.AFTERCARE),
    ("followup", "记录随访…", IncidentAction.FOLLOW_UP),
    ("exception", "保密例外…", IncidentAction.RECORD),
    ("print", "打印处置记录…", IncidentAction.VIEW),
    ("submit", "提交会签…", IncidentAction.SUBMIT),
    ("cosign", "会签", IncidentAction.COSIGN),
    ("send_back", "退回…", IncidentAction.RETURN),
)
CLOSING = ("submit", "cosign", "send_back")
WORK_COLUMNS = 4
WORK_STEPS = frozenset(
    {IncidentAction.RECORD, IncidentAction.AFTERCARE, IncidentAction.FOLLOW_UP, IncidentAction.SUBMIT}
)


def why_not(key: str, action: IncidentAction, d: IncidentDetail) -> str:
    """Empty when the button is offered now, else why not — the disabled button's tooltip."""
    if action in d.actions:
        if key == "plan" and not d.aftercare:
            return "请先用“事后安抚…”加入需要安抚的人"
        if key == "followup" and not any(f.done_on is None for p in d.aftercare for f in p.followups):
            return "没有待记录的随访"
        return ""
    status = IncidentStatus(d.status)
    if status is IncidentStatus.CLOSED:
        return "事件已结案，只能查看和打印"
    if status is IncidentStatus.AWAITING_COSIGN:
        if action in WORK_STEPS:
            return "事件已提交会签：等待心理中心负责人会签；需要补充时由负责人退回"
        if action is IncidentAction.COSIGN and IncidentAction.RETURN in d.actions:
            return "登记或提交此事件的负责人不能自己会签，请另一位心理中心负责人会签"
        return "只有心理中心负责人可以会签或退回"
    if action in (IncidentAction.COSIGN, IncidentAction.RETURN):
        return "提交会签后，由心理中心负责人会签或退回"
    if action is IncidentAction.SUBMIT and IncidentAction.RECORD in d.actions and d.closing_problems:
        return "提交会签前还需：" + "；".join(d.closing_problems)
    return "只有负责此事件或处置小组中的老师可以办理"


def _section(title: str) -> QLabel:
    label = QLabel(title)
    label.setStyleSheet("font-weight: bold;")
    return label


def facts_html(d: IncidentDetail) -> str:
    students = "、".join(f"{s.name}（{s.class_name}）" for s in d.students)
    lines = [
        ("当事学生", students),
        ("发生", f"{stamp_text(d.occurred_at)}　{d.place}".strip()),
        ("登记", f"{stamp_text(d.opened_at)}　{d.author}"),
        ("负责", d.responsible),
        ("处置小组", "、".join(d.team)),
        ("事件经过", d.summary),
        ("处置小结", d.closing_summary),
        ("提交会签", signed_text(d.submitted)),
        ("会签", signed_text(d.cosigned)),
    ]
    body = "".join(
        f"<div><span style='color:#555'>{escape(label)}：</span>{escape(value)}</div>"
        for label, value in lines
        if value
    )
    events = "".join(
        f"<tr><td style='padding-right:8px;white-space:nowrap'>{escape(stamp_text(e.at))}</td>"
        f"<td style='padding-right:8px;white-space:nowrap'><b>{escape(e.kind)}</b></td>"
        f"<td>{escape('　'.join(x for x in (e.whom, e.detail) if x))}"
        f"<span style='color:#777'>（{escape(e.recorded_by)}记录）</span></td></tr>"
        for e in d.events
    )
    return f"{body}<h4 style='margin:10px 0 4px 0'>处置记录</h4><table>{events}</table>"


class IncidentView(QWidget):
    back = Signal()
    clicked = Signal(str)  # the button's key from BUTTONS

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.detail: IncidentDetail | None = None
        self.exceptions: list[ExceptionListed] = []
        self.back_button = QPushButton("← 返回列表")
        self.back_button.clicked.connect(self.back.emit)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 16px; font-weight: bold;")
        header = QHBoxLayout()
        header.addWidget(self.back_button)
        header.addWidget(self.title, 1)
        self.buttons: dict[str, QPushButton] = {}
        for key, text, _action in BUTTONS:
            button = QPushButton(text, self)
            button.clicked.connect(lambda _=False, k=key: self.clicked.emit(k))
            self.buttons[key] = button
        self.grid = button_grid([b for k, b in self.buttons.items() if k not in CLOSING], WORK_COLUMNS)
        self.closing_row = QHBoxLayout()
        self.closing_row.addWidget(_section("结案"))
        for key in CLOSING:
            self.closing_row.addWidget(self.buttons[key])
        self.closing_row.addStretch(1)
        self.problems = hint_label("")
        self.problems.setStyleSheet("color: #a0522d;")
        self.facts = QTextBrowser()
        self.aftercare = QTreeWidget()
        self.aftercare.setHeaderLabels(["事后安抚对象", "原因 / 随访情况", "负责老师", "随访"])
        self.aftercare.setColumnWidth(0, 200)
        self.exception_list = QListWidget()
        self.exception_list.setToolTip("双击打印保密例外告知书")
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(_section("事后安抚"))
        column.addWidget(self.aftercare, 3)
        column.addWidget(_section("保密例外"))
        column.addWidget(self.exception_list, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.facts)
        split.addWidget(right)
        split.setSizes([560, 440])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addLayout(self.grid)
        layout.addLayout(self.closing_row)
        layout.addWidget(self.problems)
        layout.addWidget(split, 1)

    def show_incident(self, d: IncidentDetail, exceptions: list[ExceptionListed]) -> None:
        self.detail, self.exceptions = d, exceptions
        self.title.setText(f"危机事件 #{d.id}　{d.kind}　{d.risk_level}风险　{d.status}")
        for key, _text, action in BUTTONS:
            offer(self.buttons[key], why_not(key, action, d))
        missing = "；".join(d.closing_problems)
        self.problems.setText(f"提交会签前还需：{missing}" if missing else "")
        self.problems.setVisible(bool(missing))
        self.facts.setHtml(facts_html(d))
        self.aftercare.clear()
        for person in d.aftercare:
            done = sum(1 for f in person.followups if f.done_on)
            top = QTreeWidgetItem(
                [f"{person.name}（{person.where}）", person.reason, person.counselor, f"{done}/{len(person.followups)}"]
            )
            top.setToolTip(1, person.reason)
            for f in person.followups:
                state = f"{f.done_on} 完成" if f.done_on else ("已逾期" if f.overdue else "待随访")
                child = QTreeWidgetItem([f"{f.due_on} 随访", f.outcome, "", state])
                child.setToolTip(1, f.outcome)
                top.addChild(child)
            self.aftercare.addTopLevelItem(top)
        self.aftercare.expandAll()
        self.exception_list.clear()
        for e in exceptions:
            when = stamp_text(e.disclosed_at)
            item = QListWidgetItem(f"第 {e.id} 号　{e.category}　{e.student_name}　{when}　{e.decided_by}")
            item.setData(Qt.ItemDataRole.UserRole, e.id)
            self.exception_list.addItem(item)

    def people(self) -> list[tuple[int, str]]:
        return [(p.id, f"{p.name}（{p.where}）") for p in self.detail.aftercare] if self.detail else []

    def open_followups(self) -> list[tuple[int, str]]:
        if self.detail is None:
            return []
        return [
            (f.id, f"{p.name}　{f.due_on}" + ("（已逾期）" if f.overdue else ""))
            for p in self.detail.aftercare
            for f in p.followups
            if f.done_on is None
        ]

    def clear(self) -> None:
        self.detail, self.exceptions = None, []
        self.title.clear()
        self.facts.clear()
        self.aftercare.clear()
        self.exception_list.clear()
