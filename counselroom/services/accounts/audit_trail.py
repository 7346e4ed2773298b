"""Reading the audit log (admin and lead); reading it is itself audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counselroom.domain.audit import OBJECT_LABELS, AuditAction, AuditEntry, Outcome
from counselroom.domain.roles import ROLE_LABELS, Actor, Permission, Role
from counselroom.services.guard import authorize
from counselroom.store import audit_log
from counselroom.store.database import Database


@dataclass(frozen=True)
class AuditLine:
    seq: int
    at: str
    who: str
    role_label: str
    action_label: str
    object: str
    outcome_label: str
    reason: str


def recent_audit(db: Database, actor: Actor, *, now: datetime, limit: int = 200) -> list[AuditLine]:
    authorize(db, actor, Permission.VIEW_AUDIT, now=now)
    with db.transaction() as conn:
        audit_log.append(conn, at=now, actor=actor, action=AuditAction.AUDIT_VIEWED)
        records = audit_log.recent(conn, limit=limit)
    return [_line(r.entry) for r in records]


def _line(e: AuditEntry) -> AuditLine:
    role = ROLE_LABELS.get(Role(e.role), e.role) if e.role else ""
    action = AuditAction(e.action).label if e.action in AuditAction._value2member_map_ else e.action
    obj = f"{OBJECT_LABELS.get(e.object_type, e.object_type)} {e.object_id}".strip()
    return AuditLine(e.seq, e.at.replace("T", " "), e.username, role, action, obj, Outcome(e.outcome).label, e.reason)
