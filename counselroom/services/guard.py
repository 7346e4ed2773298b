"""Access checks that leave a trace: a refused request is itself audited."""

from __future__ import annotations

from datetime import datetime

from counselroom.domain.audit import AuditAction, Outcome
from counselroom.domain.errors import AccessDenied
from counselroom.domain.roles import Actor, Permission
from counselroom.store import audit_log, users
from counselroom.store.database import Database


def authorize(
    db: Database,
    actor: Actor,
    permission: Permission,
    *,
    now: datetime,
    object_type: str = "",
    object_id: str | int = "",
) -> None:
    """Raise AccessDenied (after writing an audit row) unless the actor holds the permission."""
    row = users.by_id(db.conn, actor.user_id)  # a locked session refuses here first
    if row is None or not row.active or row.role != actor.role:
        # An account stopped (or changed) by an admin loses its open sessions' rights too.
        deny(db, actor, "此账号已停用或角色已变更，请重新登录", now=now, object_type=object_type, object_id=object_id)
    if actor.can(permission):
        return
    deny(db, actor, f"{actor.role.label}无权{permission.value}", now=now, object_type=object_type, object_id=object_id)


def deny(
    db: Database, actor: Actor, message: str, *, now: datetime, object_type: str = "", object_id: str | int = ""
) -> None:
    with db.transaction() as conn:
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.ACCESS_DENIED,
            outcome=Outcome.DENIED,
            object_type=object_type,
            object_id=object_id,
            reason=message,
        )
    raise AccessDenied(message)
