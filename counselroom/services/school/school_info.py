"""The school's name, size and settings as the shell and the settings page show them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.services.accounts.session import Changes
from counselroom.services.guard import authorize
from counselroom.store import audit_log, settings
from counselroom.store.database import Database
from counselroom.store.school import school
from counselroom.store.students import enrolment

IDLE_LOCK_KEY = "idle_lock_minutes"
DEFAULT_IDLE_MINUTES = 5
MIN_IDLE_MINUTES, MAX_IDLE_MINUTES = 1, 60


@dataclass(frozen=True)
class SchoolOverview:
    name: str
    students: int
    classes: int
    staff: int
    idle_lock_minutes: int


def school_overview(db: Database, actor: Actor, *, now: datetime) -> SchoolOverview:
    authorize(db, actor, Permission.VIEW_SCHOOL, now=now)
    row = school.get_school(db.conn)
    counts = enrolment.counts(db.conn)
    return SchoolOverview(
        name=row.name if row else "",
        students=counts.students,
        classes=counts.classes,
        staff=counts.staff,
        idle_lock_minutes=_idle_minutes(db),
    )


def _idle_minutes(db: Database) -> int:
    return int(settings.get_setting(db.conn, IDLE_LOCK_KEY, str(DEFAULT_IDLE_MINUTES)))


def set_idle_lock_minutes(db: Database, actor: Actor, *, minutes: int, now: datetime) -> Changes:
    authorize(db, actor, Permission.MANAGE_SETTINGS, now=now)
    if not MIN_IDLE_MINUTES <= minutes <= MAX_IDLE_MINUTES:
        raise ValidationError(f"自动锁定时间应在 {MIN_IDLE_MINUTES} 到 {MAX_IDLE_MINUTES} 分钟之间", field="自动锁定")
    with db.transaction() as conn:
        settings.set_setting(conn, IDLE_LOCK_KEY, str(minutes))
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.SETTINGS_CHANGED,
            object_type="setting",
            object_id=IDLE_LOCK_KEY,
            detail=str(minutes),
        )
    return Changes.of(ChangeKind.SETTINGS, summary=f"空闲 {minutes} 分钟后自动锁定")
