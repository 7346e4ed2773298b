"""Access checks that leave a trace: a refused request is itself audited."""

from __future__ import annotations

from datetime import datetime

from counselroom.domain.audit import AuditAction, Outcome
from counselroom.domain.errors import AccessDenied
from counselroom.domain.roles import Actor, Permission
from counselroom.store import audit_log
from counselroom.store.database import Database


def authorize(db: Database, actor: Actor, permission: Permission, *, now: datetime,
              object_type: str = "", object_id: str | int = "") -> None:
    """Raise AccessDenied (after writing an audit row) unless the actor holds the permission."""
    db.conn  # a locked session refuses before anything else  # noqa: B018
    if actor.can(permission):
        return
    deny(db, actor, f"{actor.role.label}无权{permission.value}", now=now,
         object_type=object_type, object_id=object_id)


def deny(db: Database, actor: Actor, message: str, *, now: datetime, object_type: str = "",
         object_id: str | int = "") -> None:
    with db.transaction() as conn:
        audit_log.append(conn, at=now, actor=actor, action=AuditAction.ACCESS_DENIED,
                         outcome=Outcome.DENIED, object_type=object_type, object_id=object_id,
                         reason=message)
    raise AccessDenied(message)
