"""Building blocks of every referral service, called after its permission check: the referral if
the actor may read it (domain/referrals/access.py), the step check against the state machine
(domain/referrals/referral_rules.py), and the audit row — by id and action word only, since the
audit log is in the school store and carries no student name or free text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from counselroom.domain.audit import AuditAction
from counselroom.domain.cases.access import CaseAccess, may_read_case
from counselroom.domain.changes import ChangeKind
from counselroom.domain.referrals.access import referral_access
from counselroom.domain.referrals.referral_rules import (
    ReferralAction,
    ReferralState,
    allowed_referral_actions,
    refusal,
)
from counselroom.domain.roles import Actor, UserId
from counselroom.services.accounts.session import Changes
from counselroom.services.guard import deny
from counselroom.store import audit_log
from counselroom.store.cases import cases as case_store
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.referrals import referrals as store

NO_ACCESS = "无权查看此转介（只有负责的心理教师、个案的负责或共享老师和心理中心负责人可以查看）"


@dataclass(frozen=True)
class ReferralChanges(Changes):
    """What changed, and which referral (a new one's id, for the page to select it)."""

    referral_id: int = 0

    @classmethod
    def of_referral(cls, referral_id: int, summary: str) -> ReferralChanges:
        return cls(frozenset({ChangeKind.REFERRALS}), summary, referral_id)


def case_access(db: Database, case_id: int) -> CaseAccess:
    people = case_store.people(db.conn, case_id)
    return CaseAccess(
        assigned=frozenset(UserId(p.user_id) for p in people if p.part == case_store.ASSIGNED),
        shared=frozenset(UserId(p.user_id) for p in people if p.part == case_store.SHARED),
    )


def access_of(db: Database, row: store.ReferralRow) -> CaseAccess:
    linked = case_access(db, row.case_id) if row.case_id is not None else None
    return referral_access(UserId(row.counselor_id), linked)


def readable_referral(db: Database, actor: Actor, referral_id: int, now: datetime) -> CaseAccess:
    """The referral's access, if the actor may read it; otherwise an audited refusal that says no
    more (a missing referral and a forbidden one read the same). Callers then read the row."""
    row = store.get(db.conn, referral_id)
    access = access_of(db, row) if row else CaseAccess(frozenset())
    if row is None or not may_read_case(actor, access):
        deny(db, actor, NO_ACCESS, now=now, object_type="referral", object_id=referral_id)
    return access


def actions_now(
    db: Database, actor: Actor, row: store.ReferralRow, access: CaseAccess, now: datetime
) -> tuple[ReferralAction, ...]:
    open_count = len(store.open_follow_up_dues(db.conn).get(row.id, []))
    return allowed_referral_actions(ReferralState(row.state), actor, access, now, open_follow_ups=open_count)


def require_step(db: Database, actor: Actor, referral_id: int, action: ReferralAction, now: datetime) -> None:
    """Returns once the state machine allows `action` to this actor now; else an audited refusal
    with the Chinese reason (where the referral stands, what it may do instead)."""
    access = readable_referral(db, actor, referral_id, now)
    row = store.get(db.conn, referral_id)
    assert row is not None
    allowed = actions_now(db, actor, row, access, now)
    if action not in allowed:
        reason = refusal(ReferralState(row.state), action, allowed)
        deny(db, actor, reason, now=now, object_type="referral", object_id=referral_id)


def audit_step(conn: Connection, actor: Actor, referral_id: int, word: str, now: datetime) -> None:
    audit_log.append(
        conn,
        at=now,
        actor=actor,
        action=AuditAction.REFERRAL_CHANGED,
        object_type="referral",
        object_id=referral_id,
        detail=word,
    )


def day_label(day: date) -> str:
    return f"{day.month}月{day.day}日"
