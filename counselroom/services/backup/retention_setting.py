"""设置 → 到期清除: how many years the records of a student who left are kept (issue #14 item 5).

A school setting in the school store, shown with its default and what the default rests on
(domain/retention.py); the lead or the admin changes it, audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counselroom.domain import retention
from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.roles import Actor, Permission
from counselroom.services.accounts.session import Changes
from counselroom.services.guard import authorize
from counselroom.store import audit_log, settings
from counselroom.store.connection import Connection
from counselroom.store.database import Database

SETTING_KEY = "retention_years"


@dataclass(frozen=True)
class RetentionSetting:
    years: int
    default_years: int
    is_default: bool  # nobody has set it: the default applies
    source: str  # what the default rests on
    school_decides: str  # that the school sets its own period, and when to wait


def kept_years(conn: Connection) -> int:
    """The school's period, or the default (also for a stored value no longer in range)."""
    return retention.parse_years(settings.get_setting(conn, SETTING_KEY, str(retention.DEFAULT_YEARS)))


def retention_setting(db: Database, actor: Actor, *, now: datetime) -> RetentionSetting:
    authorize(db, actor, Permission.VIEW_SCHOOL, now=now)
    stored = settings.get_setting(db.conn, SETTING_KEY, "")
    return RetentionSetting(
        years=kept_years(db.conn),
        default_years=retention.DEFAULT_YEARS,
        is_default=stored == "",
        source=retention.SOURCE,
        school_decides=retention.SCHOOL_DECIDES,
    )


def set_retention_years(db: Database, actor: Actor, years: int, *, now: datetime) -> Changes:
    authorize(db, actor, Permission.SET_RETENTION, now=now, object_type="setting", object_id=SETTING_KEY)
    retention.check_years(years)
    with db.transaction() as conn:
        before = kept_years(conn)
        settings.set_setting(conn, SETTING_KEY, str(years))
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.SETTINGS_CHANGED,
            object_type="setting",
            object_id=SETTING_KEY,
            detail=f"学生档案保存年限 {before} 年 → {years} 年",
        )
    return Changes.of(ChangeKind.SETTINGS, summary=f"已保存：学生离校满 {years} 年后列入到期清除")
