"""Building blocks of the incident services: one incident as the actor may see it (a refusal is
audited and reads the same for a missing and a forbidden incident), its access and its facts."""

from __future__ import annotations

from datetime import datetime

from counselroom.domain.audit import AuditAction
from counselroom.domain.crisis.incident_rules import (
    EventKind,
    IncidentAccess,
    IncidentAction,
    IncidentFacts,
    IncidentStatus,
    allowed_incident_actions,
    closing_problems,
    may_read_incident,
)
from counselroom.domain.errors import ValidationError
from counselroom.domain.roles import CARE_ROLES, Actor, Permission, UserId
from counselroom.services.guard import deny
from counselroom.store import audit_log, users
from counselroom.store.connection import Connection
from counselroom.store.crisis import aftercare
from counselroom.store.crisis import incidents as store
from counselroom.store.database import Database

NO_ACCESS = "无权查看此危机事件（只有负责或参与处置的心理教师和心理中心负责人可以查看）"


def access_of(conn: Connection, row: store.IncidentRow) -> IncidentAccess:
    return IncidentAccess(UserId(row.responsible_id), frozenset(UserId(u) for u in store.team(conn, row.id)))


def facts_of(conn: Connection, row: store.IncidentRow) -> IncidentFacts:
    return IncidentFacts(
        IncidentStatus(row.status),
        UserId(row.opened_by),
        UserId(row.submitted_by) if row.submitted_by is not None else None,
        leader_notified=store.first_event_at(conn, row.id, EventKind.LEADER_NOTIFIED.value) is not None,
        open_followups=aftercare.open_count(conn, row.id),
    )


def _readable_incident(
    db: Database, actor: Actor, incident_id: int, now: datetime
) -> tuple[store.IncidentRow, IncidentAccess]:
    row = store.get_incident(db.conn, incident_id)
    access = access_of(db.conn, row) if row else IncidentAccess(UserId(0))
    if row is None or not may_read_incident(actor, access):
        deny(db, actor, NO_ACCESS, now=now, object_type="incident", object_id=incident_id)
    assert row is not None
    return row, access


def _require_incident_action(
    db: Database, actor: Actor, incident_id: int, action: IncidentAction, now: datetime
) -> tuple[store.IncidentRow, IncidentFacts]:
    """The incident, when `action` is among allowed_incident_actions now; else an audited refusal
    that says why in Chinese."""
    row, access = _readable_incident(db, actor, incident_id, now)
    facts = facts_of(db.conn, row)
    if action not in allowed_incident_actions(facts, actor, access, now):
        deny(db, actor, _why_not(facts, action), now=now, object_type="incident", object_id=incident_id)
    return row, facts


def _why_not(facts: IncidentFacts, action: IncidentAction) -> str:
    if facts.status is IncidentStatus.CLOSED:
        return "此危机事件已结案，不能再更改"
    if action is IncidentAction.SUBMIT and facts.status is IncidentStatus.OPEN and closing_problems(facts):
        return "还不能提交会签：" + "；".join(closing_problems(facts))
    if action is IncidentAction.COSIGN and facts.status is IncidentStatus.AWAITING_COSIGN:
        return "会签须由另一位心理中心负责人进行（不能会签本人填写或提交的危机事件）"
    return f"此危机事件当前（{facts.status.value}）不能{action.value}"


def readable_incident_ids(db: Database, actor: Actor) -> set[int] | None:
    """The incidents the actor may read; None for every one (the lead). Inside an authorised call."""
    if not actor.can(Permission.READ_ASSIGNED_CASES):
        return set()
    if actor.can(Permission.READ_ALL_CASES):
        return None
    return store.incident_ids_of_user(db.conn, actor.user_id)


def audit_change(conn: Connection, actor: Actor, incident_id: int, detail: str, now: datetime) -> None:
    """`detail` is a fixed word (记录 通知家长 提交会签 …) and ids: never free text or a name."""
    audit_log.append(
        conn,
        at=now,
        actor=actor,
        action=AuditAction.INCIDENT_CHANGED,
        object_type="incident",
        object_id=incident_id,
        detail=detail,
    )


def require_counselor(db: Database, user_id: int) -> None:
    """A building block: `user_id` is an active counselor or lead account."""
    row = users.by_id(db.conn, user_id)
    if row is None or not row.active or row.role not in CARE_ROLES:
        raise ValidationError("只能选择在用的心理教师或心理中心负责人", field="老师")
