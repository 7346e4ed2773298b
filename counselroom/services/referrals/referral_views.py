"""转介 as the page shows them: "my referrals" (overdue first, then by due date, each with its next
actions — one button each) and one referral in full. What a user sees and may do comes from the
one access rule and the one state machine; opening a referral and listing them are audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from counselroom.domain.audit import AuditAction
from counselroom.domain.cases.access import CaseAccess, may_read_case
from counselroom.domain.referrals.partners import partner_label
from counselroom.domain.referrals.referral_rules import (
    FEEDBACK_HINT,
    ReferralAction,
    ReferralState,
    allowed_referral_actions,
    is_overdue,
    next_due,
)
from counselroom.domain.roles import Actor, Permission, UserId
from counselroom.services.guard import authorize
from counselroom.services.referrals.referral_access import access_of, readable_referral
from counselroom.store import audit_log, users
from counselroom.store.database import Database
from counselroom.store.referrals import referrals as store
from counselroom.store.school import partners as partner_store
from counselroom.store.students import student_records as student_store


@dataclass(frozen=True)
class ReferralSummary:
    id: int
    student_id: int
    student_name: str
    class_name: str
    case_id: int | None
    state: str
    counselor_name: str  # 负责
    partner_name: str  # "" until referred
    suggested_on: str
    due_on: str  # the next step's date, "" when none (已结束)
    due_label: str  # what is due: 告知家长、征求同意 / 收到反馈 / 随访 …
    overdue: bool
    actions: tuple[ReferralAction, ...]  # what this user may do now, in button order
    my_part: str  # 负责 / 个案负责 / 共享 / "" (the lead reading all)


@dataclass(frozen=True)
class FollowUpView:
    id: int
    due_on: str
    done_on: str  # "" while open
    note: str
    done_by: str
    overdue: bool


@dataclass(frozen=True)
class ReferralDetail:
    summary: ReferralSummary
    reason: str
    guardian: str
    informed_on: str
    informed_how: str
    consent_form: bool
    refusal_plan: str
    partner_label: str  # with 定点合作 and the 绿色通道 contact
    referred_on: str
    sent_items: tuple[str, ...]
    feedback_on: str
    feedback_source: str
    feedback: str
    feedback_hint: str
    closed_on: str
    close_summary: str
    follow_ups: tuple[FollowUpView, ...]
    history: tuple[tuple[str, str, str, str], ...]  # when, who, what, detail


def my_referrals(
    db: Database,
    actor: Actor,
    *,
    now: datetime,
    include_closed: bool = True,
    student_id: int | None = None,
    case_id: int | None = None,
) -> list[ReferralSummary]:
    """The lead: every referral; a counselor: those they are responsible for, and those of the cases
    assigned or shared to them. Overdue first, then by due date; ended ones last."""
    authorize(db, actor, Permission.READ_ASSIGNED_CASES, now=now)
    names = _user_names(db)
    dues = store.open_follow_up_dues(db.conn)
    found = []
    for row in store.all_referrals(db.conn):
        if (student_id is not None and row.student_id != student_id) or (
            case_id is not None and row.case_id != case_id
        ):
            continue
        if not include_closed and row.state == ReferralState.CLOSED.value:
            continue
        access = access_of(db, row)
        if may_read_case(actor, access):
            found.append(_summary(db, actor, row, access, dues.get(row.id, []), names, now))
    with db.transaction() as conn:
        audit_log.append(conn, at=now, actor=actor, action=AuditAction.REFERRALS_VIEWED, detail=f"{len(found)} 条")
    return sorted(found, key=_order)


def get_referral(db: Database, actor: Actor, referral_id: int, *, now: datetime) -> ReferralDetail:
    """One referral as the actor may see it; opening it is audited (打开转介)."""
    authorize(db, actor, Permission.READ_ASSIGNED_CASES, now=now, object_type="referral", object_id=referral_id)
    access = readable_referral(db, actor, referral_id, now)
    row = store.get(db.conn, referral_id)
    assert row is not None
    names = _user_names(db)
    follow_ups = store.follow_ups_of(db.conn, referral_id)
    open_dues = [f.due_on for f in follow_ups if f.done_on is None]
    partner = partner_store.get(db.conn, row.partner_id) if row.partner_id is not None else None
    with db.transaction() as conn:
        audit_log.append(
            conn, at=now, actor=actor, action=AuditAction.REFERRAL_OPENED, object_type="referral", object_id=referral_id
        )
    return ReferralDetail(
        _summary(db, actor, row, access, open_dues, names, now),
        row.reason,
        row.guardian,
        row.informed_on or "",
        row.informed_how,
        row.consent_form,
        row.refusal_plan,
        _partner_label(partner) if partner else "",
        row.referred_on or "",
        row.sent_items,
        row.feedback_on or "",
        row.feedback_source,
        row.feedback,
        FEEDBACK_HINT,
        row.closed_on or "",
        row.close_summary,
        tuple(
            FollowUpView(
                f.id,
                f.due_on,
                f.done_on or "",
                f.note,
                names.get(UserId(f.done_by), "") if f.done_by is not None else "",
                f.done_on is None
                and row.state != ReferralState.CLOSED.value
                and is_overdue(date.fromisoformat(f.due_on), now),
            )
            for f in follow_ups
        ),
        tuple(
            (e.changed_at, names.get(UserId(e.changed_by), ""), e.action, e.detail)
            for e in store.history(db.conn, referral_id)
        ),
    )


def _summary(
    db: Database,
    actor: Actor,
    row: store.ReferralRow,
    access: CaseAccess,
    open_dues: list[str],
    names: dict[UserId, str],
    now: datetime,
) -> ReferralSummary:
    state = ReferralState(row.state)
    student = student_store.get(db.conn, row.student_id)
    partner = partner_store.get(db.conn, row.partner_id) if row.partner_id is not None else None
    due, label = next_due(state, date.fromisoformat(row.due_on) if row.due_on else None,
                          [date.fromisoformat(d) for d in open_dues])  # fmt: skip
    return ReferralSummary(
        row.id,
        row.student_id,
        student.name if student else "",
        student.class_name if student else "",
        row.case_id,
        row.state,
        names.get(UserId(row.counselor_id), ""),
        partner.name if partner else "",
        row.suggested_on,
        due.isoformat() if due else "",
        label,
        is_overdue(due, now),
        allowed_referral_actions(state, actor, access, now, open_follow_ups=len(open_dues)),
        _my_part(actor, row, access),
    )


def _my_part(actor: Actor, row: store.ReferralRow, access: CaseAccess) -> str:
    if row.counselor_id == actor.user_id:
        return "负责"
    if access.is_assigned(actor.user_id):
        return "个案负责"
    if access.is_shared(actor.user_id):
        return "共享"
    return ""  # the lead, reading every referral


def _order(s: ReferralSummary) -> tuple[bool, bool, str, int]:
    return (not s.overdue, s.state == ReferralState.CLOSED.value, s.due_on or "9999-12-31", s.id)


def _partner_label(p: partner_store.PartnerRow) -> str:
    return partner_label(p.name, designated=p.designated, contact=p.green_channel_name, phone=p.green_channel_phone)


def _user_names(db: Database) -> dict[UserId, str]:
    return {u.id: u.display_name for u in users.all_users(db.conn)}
