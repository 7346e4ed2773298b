"""A referral (转介) as a state machine: what may happen next, who may do it, and when it is due.

S004: 必要时可在家长的配合下，转介…并建立跟踪反馈制度; S001: 适时转介、跟踪服务, the 绿色通道, and
the doctors' feedback 在不违反保密伦理的前提下. The program words what was seen and done, never a
diagnosis.

    建议转介 ──记录家长同意──▶ 家长已知情同意 ──转介──▶ 已转介 ──记录反馈──▶ 已收到反馈
        │                          ▲                                          │
        └──记录家长拒绝──▶ 家长拒绝 ─┘ (再次沟通后同意)                       安排随访
                           │ ▲                                                 ▼
                           └─┘ 再次拒绝：新的再沟通日期                      随访中 ◀─┐
                                                                   安排随访 / 记录随访 ─┘
    every state but 已结束 ──结束转介（小结）──▶ 已结束

| state          | next actions                                  | due (the next step's date)           |
| ---            | ---                                           | ---                                  |
| 建议转介       | 记录家长同意 记录家长拒绝 结束转介            | 告知家长、征求同意 (CONSENT_DUE_DAYS) |
| 家长拒绝       | 记录家长同意 记录家长拒绝 结束转介            | 再次与家长沟通 (the re-offer date)    |
| 家长已知情同意 | 转介 结束转介                                 | 完成转介 (REFER_DUE_DAYS)             |
| 已转介         | 记录反馈 结束转介                             | 收到反馈 (FEEDBACK_DUE_DAYS)          |
| 已收到反馈     | 安排随访 结束转介                             | 安排随访 (PLAN_FOLLOW_UP_DAYS)        |
| 随访中         | 安排随访 记录随访 (one is open) 结束转介      | the earliest open 随访, else 安排下次随访或结束 |
| 已结束         | —                                             | —                                    |

Who: every action above is open to whoever may write the referral (domain/referrals/access.py:
its responsible counselor, the linked case's assigned counselors, the lead); a colleague the case
is shared with only reads (查看); the principal and the admin nothing. `allowed_referral_actions`
decides both what the referral services accept and which buttons the page enables — one per action.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from counselroom.domain.cases.access import CaseAccess, may_read_case, may_write_case
from counselroom.domain.roles import Actor

CONSENT_DUE_DAYS = 7  # 告知家长并征求意见: within a week of the suggestion
REFER_DUE_DAYS = 7  # consent given: the referral made within a week (the 绿色通道 is for the urgent ones)
FEEDBACK_DUE_DAYS = 30  # the hospital's or family's feedback asked for within a month
PLAN_FOLLOW_UP_DAYS = 7  # feedback in, or the last 随访 done: the next one planned (or the referral ended)
FEEDBACK_HINT = "只记录与在校支持有关的建议（如作息、课业、陪伴、复诊安排），不必记录诊断；遵守保密伦理"


class ReferralState(enum.StrEnum):
    """The words care.referrals.state keeps (its CHECK constraint lists the same seven)."""

    SUGGESTED = "建议转介"
    CONSENTED = "家长已知情同意"
    REFUSED = "家长拒绝"
    REFERRED = "已转介"
    FEEDBACK = "已收到反馈"
    FOLLOWING = "随访中"
    CLOSED = "已结束"

    @property
    def is_open(self) -> bool:
        return self is not ReferralState.CLOSED


class ReferralAction(enum.StrEnum):
    VIEW = "查看"
    RECORD_CONSENT = "记录家长同意"
    RECORD_REFUSAL = "记录家长拒绝"
    REFER = "转介"
    RECORD_FEEDBACK = "记录反馈"
    SCHEDULE_FOLLOW_UP = "安排随访"
    RECORD_FOLLOW_UP = "记录随访"
    CLOSE = "结束转介"


class InformedHow(enum.StrEnum):
    """How the guardian was informed (告知书 handed over in person, by phone, or in writing)."""

    IN_PERSON = "面谈"
    PHONE = "电话"
    LETTER = "书面告知书"


class SentItem(enum.StrEnum):
    """What may go to the partner — the minimum, from a fixed list (no free text leaves the room)."""

    REFERRAL_FORM = "转介单"
    CONSENT_COPY = "知情同意书复印件"
    SCHOOL_OBSERVATION = "在校表现摘要"
    SCREENING_SUMMARY = "筛查结果摘要"


class FeedbackSource(enum.StrEnum):
    HOSPITAL = "医院反馈"
    AGENCY = "机构反馈"
    GUARDIAN = "家长转述"


_NEXT: dict[ReferralState, tuple[ReferralAction, ...]] = {
    ReferralState.SUGGESTED: (ReferralAction.RECORD_CONSENT, ReferralAction.RECORD_REFUSAL, ReferralAction.CLOSE),
    ReferralState.REFUSED: (ReferralAction.RECORD_CONSENT, ReferralAction.RECORD_REFUSAL, ReferralAction.CLOSE),
    ReferralState.CONSENTED: (ReferralAction.REFER, ReferralAction.CLOSE),
    ReferralState.REFERRED: (ReferralAction.RECORD_FEEDBACK, ReferralAction.CLOSE),
    ReferralState.FEEDBACK: (ReferralAction.SCHEDULE_FOLLOW_UP, ReferralAction.CLOSE),
    ReferralState.FOLLOWING: (
        ReferralAction.SCHEDULE_FOLLOW_UP,
        ReferralAction.RECORD_FOLLOW_UP,
        ReferralAction.CLOSE,
    ),
    ReferralState.CLOSED: (),
}

_TARGET = {
    ReferralAction.RECORD_CONSENT: ReferralState.CONSENTED,
    ReferralAction.RECORD_REFUSAL: ReferralState.REFUSED,
    ReferralAction.REFER: ReferralState.REFERRED,
    ReferralAction.RECORD_FEEDBACK: ReferralState.FEEDBACK,
    ReferralAction.SCHEDULE_FOLLOW_UP: ReferralState.FOLLOWING,
    ReferralAction.RECORD_FOLLOW_UP: ReferralState.FOLLOWING,
    ReferralAction.CLOSE: ReferralState.CLOSED,
}

DUE_LABELS = {
    ReferralState.SUGGESTED: "告知家长、征求同意",
    ReferralState.REFUSED: "再次与家长沟通",
    ReferralState.CONSENTED: "完成转介",
    ReferralState.REFERRED: "收到反馈",
    ReferralState.FEEDBACK: "安排随访",
    ReferralState.FOLLOWING: "随访",
}
NEXT_FOLLOW_UP_OR_CLOSE = "安排下次随访或结束转介"


def allowed_referral_actions(
    state: ReferralState, actor: Actor, access: CaseAccess, now: datetime, *, open_follow_ups: int = 0
) -> tuple[ReferralAction, ...]:
    """What `actor` may do with a referral in `state` now, in button order (see the module's table).
    `open_follow_ups`: 随访 scheduled and not yet done (记录随访 needs one). `now` keeps the shape
    of every allowed_actions — no referral step depends on the hour."""
    if not may_read_case(actor, access):
        return ()
    if not may_write_case(actor, access):
        return (ReferralAction.VIEW,)
    steps = tuple(a for a in _NEXT[state] if a is not ReferralAction.RECORD_FOLLOW_UP or open_follow_ups > 0)
    return (ReferralAction.VIEW, *steps)


def next_state(state: ReferralState, action: ReferralAction) -> ReferralState:
    """Where `action` leads from `state`; a step the table does not have is a ValueError (the
    services ask allowed_referral_actions first and refuse in Chinese)."""
    if action not in _NEXT[state]:
        raise ValueError(f"{state.value} → {action.value}")
    return _TARGET[action]


def refusal(state: ReferralState, action: ReferralAction, allowed: Iterable[ReferralAction]) -> str:
    """The Chinese reason a step is refused: where the referral stands and what it may do instead."""
    steps = [a.value for a in allowed if a is not ReferralAction.VIEW]
    instead = f"，当前可以：{'、'.join(steps)}" if steps else ""
    return f"此转介当前为“{state.value}”，不能“{action.value}”{instead}"


def default_due(state: ReferralState, since: date) -> date | None:
    """The due date a state starts with, counted from the day it was entered."""
    days = {
        ReferralState.SUGGESTED: CONSENT_DUE_DAYS,
        ReferralState.CONSENTED: REFER_DUE_DAYS,
        ReferralState.REFERRED: FEEDBACK_DUE_DAYS,
        ReferralState.FEEDBACK: PLAN_FOLLOW_UP_DAYS,
        ReferralState.FOLLOWING: PLAN_FOLLOW_UP_DAYS,
    }.get(state)
    return since + timedelta(days=days) if days is not None else None


def next_due(state: ReferralState, due_on: date | None, open_follow_ups: Iterable[date]) -> tuple[date | None, str]:
    """The date the next step is due and what it is: in 随访中 the earliest open 随访, else the
    referral's own due date."""
    if not state.is_open:
        return None, ""
    if state is ReferralState.FOLLOWING:
        dues = sorted(open_follow_ups)
        if dues:
            return dues[0], DUE_LABELS[state]
        return due_on, NEXT_FOLLOW_UP_OR_CLOSE
    return due_on, DUE_LABELS[state]


def is_overdue(due: date | None, now: datetime) -> bool:
    """Past due: the due day is over (a step due today is not late yet)."""
    return due is not None and due < now.date()
