"""The chosen 转介 beside the table: its record in reading order (why, the family, the partner, the
feedback, the 随访, the history) and one button per step. The steps the service allows now — the
same `actions` the state machine gives — are enabled; the others stay in their places, disabled,
their tooltips saying why (a button that moved with the state invited a mis-click). A colleague who
only reads sees no step buttons. The print buttons make the 家长告知书 and the 转介单."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from counselroom.domain.referrals.referral_rules import ReferralAction, ReferralState, refusal
from counselroom.gui.referrals.button_grid import button_grid, offer
from counselroom.gui.text_format import minute_text
from counselroom.gui.widgets import hint_label
from counselroom.services.referrals.referral_views import FollowUpView, ReferralDetail

STEP_ACTIONS = tuple(a for a in ReferralAction if a is not ReferralAction.VIEW)
NOTHING_CHOSEN = "在左侧选择一项转介，查看经过并办理下一步。"
# The 告知书 is for the family before they decide; the 转介单 once they agreed.
NOTICE_STATES = frozenset({ReferralState.SUGGESTED, ReferralState.REFUSED})
SLIP_STATES = frozenset(ReferralState) - NOTICE_STATES - {ReferralState.CLOSED}


def _section(title: str, lines: list[str]) -> str:
    body = "".join(f"<div>{line}</div>" for line in lines if line)
    return f"<h4 style='margin:10px 0 4px 0'>{escape(title)}</h4>{body}" if body else ""


def _pair(label: str, value: str) -> str:
    return f"<span style='color:#555'>{escape(label)}：</span>{escape(value)}" if value else ""


def _follow_up_state(f: FollowUpView) -> str:
    if f.done_on:
        return f"{escape(f.done_on)} 完成（{escape(f.done_by)}）：{escape(f.note)}"
    late = "<span style='color:#c0392b'>已逾期</span>" if f.overdue else "待随访"
    return f"{escape(f.due_on)} {late}"


def detail_html(d: ReferralDetail) -> str:
    s = d.summary
    due = f"{s.due_label}（{s.due_on}{'，已逾期' if s.overdue else ''}）" if s.due_on else ""
    parts = [
        f"<h3 style='margin:0'>{escape(s.student_name)}　{escape(s.class_name)}　"
        f"<span style='color:#2c6e9b'>{escape(s.state)}</span></h3>",
        _section(
            "转介",
            [
                _pair("建议日期", s.suggested_on),
                _pair("负责", s.counselor_name),
                _pair("下一步", due),
                _pair("转介原因", d.reason),
            ],
        ),
        _section(
            "家长知情",
            [
                _pair("家长", d.guardian),
                _pair("告知", f"{d.informed_on} {d.informed_how}" if d.informed_on else ""),
                _pair("知情同意书", "已收回" if d.consent_form else ("未收回" if d.informed_on else "")),
                # Only while the family's refusal stands: after a later consent it is history (经过).
                _pair("拒绝后的安排", d.refusal_plan if s.state == ReferralState.REFUSED.value else ""),
            ],
        ),
        _section(
            "转介机构",
            [
                _pair("机构", d.partner_label),
                _pair("转介日期", d.referred_on),
                _pair("提供材料", "、".join(d.sent_items)),
            ],
        ),
        _section(
            "反馈",
            [_pair("收到", f"{d.feedback_on} {d.feedback_source}" if d.feedback_on else ""), _pair("内容", d.feedback)],
        ),
        _section("随访", [_follow_up_state(f) for f in d.follow_ups]),
        _section("结束", [_pair("日期", d.closed_on), _pair("小结", d.close_summary)]),
        _section(
            "经过",
            [
                f"{escape(minute_text(when))}　{escape(who)}　{escape(what)}"
                + (f"：{escape(detail)}" if detail else "")
                for when, who, what, detail in d.history
            ],
        ),
    ]
    return "".join(parts)


def step_why_not(detail: ReferralDetail, action: ReferralAction) -> str:
    """Empty when the step is offered now, else why not — the disabled button's tooltip."""
    allowed = detail.summary.actions
    if action in allowed:
        return ""
    state = ReferralState(detail.summary.state)
    if action is ReferralAction.RECORD_FOLLOW_UP and state is ReferralState.FOLLOWING:
        return "没有待记录的随访：请先安排随访"
    return refusal(state, action, allowed)


class ReferralPanel(QWidget):
    step_chosen = Signal(object)  # ReferralAction
    print_notice = Signal()
    print_slip = Signal()
    record_exception = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.detail: ReferralDetail | None = None
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.empty = hint_label(NOTHING_CHOSEN)
        self.step_buttons: dict[ReferralAction, QPushButton] = {}
        for action in STEP_ACTIONS:
            button = QPushButton(action.value + ("" if action is ReferralAction.CLOSE else "…"), self)
            button.clicked.connect(lambda _=False, a=action: self.step_chosen.emit(a))
            self.step_buttons[action] = button
        # Three a row: 结束转介, the last, alone on its own row.
        self.step_grid = button_grid(list(self.step_buttons.values()), 3)
        self.notice_button = QPushButton("打印家长告知书…")
        self.slip_button = QPushButton("打印转介单…")
        self.exception_button = QPushButton("保密例外…")
        self.notice_button.clicked.connect(self.print_notice.emit)
        self.slip_button.clicked.connect(self.print_slip.emit)
        self.exception_button.clicked.connect(self.record_exception.emit)
        prints = QGridLayout()
        for i, button in enumerate((self.notice_button, self.slip_button, self.exception_button)):
            prints.addWidget(button, 0, i)
        self.steps_title = QLabel("办理")
        self.steps_title.setStyleSheet("font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.text, 1)
        self.spacer = QWidget()  # keeps the hint at the top while nothing is chosen
        layout.addWidget(self.spacer, 1)
        layout.addWidget(self.steps_title)
        layout.addLayout(self.step_grid)
        layout.addLayout(prints)
        self.show_referral(None)

    def show_referral(self, detail: ReferralDetail | None) -> None:
        self.detail = detail
        self.empty.setVisible(detail is None)
        self.text.setVisible(detail is not None)
        self.spacer.setVisible(detail is None)
        self.text.setHtml(detail_html(detail) if detail else "")
        allowed = detail.summary.actions if detail else ()
        # Whoever may write it sees every step in its place; a reader (only 查看) and an ended
        # referral none.
        writes = any(a is not ReferralAction.VIEW for a in allowed)
        self.steps_title.setVisible(writes)
        for action, button in self.step_buttons.items():
            button.setVisible(writes)
            if detail is not None:
                offer(button, step_why_not(detail, action))
        state = ReferralState(detail.summary.state) if detail else None
        self.notice_button.setVisible(writes and state in NOTICE_STATES)
        self.slip_button.setVisible(writes and state in SLIP_STATES)
        self.exception_button.setVisible(writes)
