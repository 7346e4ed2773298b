"""Access checks that leave a trace: a refused request is itself audited."""

from __future__ import annotations

from datetime import datetime

from counselroom.domain.audit import AuditAction, Outcome
from counselroom.domain.errors import AccessDenied
from counselroom.domain.roles import NEEDS_CARE_KEY, Actor, Permission
from counselroom.store import audit_log, users
from counselroom.store.database import Database

CARE_NOT_HELD = "此账号尚未获得心理档案的访问权限，需心理中心负责人在“账号”页确认"


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
    if actor.role_grants(permission) and permission in NEEDS_CARE_KEY and not (actor.holds_care and db.has_care):
        deny(db, actor, CARE_NOT_HELD, now=now, object_type=object_type, object_id=object_id)
    if actor.can(permission):
        return
    deny(db, actor, f"{actor.role.label}无权{permission.value}", now=now, object_type=object_type, object_id=object_id)


def may(db: Database, actor: Actor, permission: Permission) -> bool:
    """Whether this session may use `permission` now — the role grants it and, for care data,
    the session holds the care key. For lists that quietly leave out what the viewer cannot see."""
    return actor.can(permission) and (permission not in NEEDS_CARE_KEY or db.has_care)


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
