"""培训 (S001: 专职 ≥40 学时/年, 班主任 ≥10; S004: 专职 30, 兼职 12, 省级/市级 at least once): one
row per person, so a training several colleagues attended is entered once for all of them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from counselroom.domain.activities.recording import MAX_NAME, MAX_TITLE, TRAINING_HOURS, may_delete
from counselroom.domain.activities.trainings import TrainingKind, TrainingLevel
from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import NotFound, ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.services.accounts.session import Changes
from counselroom.services.activities import entry_checks as check
from counselroom.services.activities.lessons import NOT_YOURS
from counselroom.services.guard import authorize, deny
from counselroom.store import audit_log
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.school import trainings as store


@dataclass(frozen=True)
class TrainingInput:
    """One training as entered; attended by several staff, it makes one row per person."""

    staff_ids: tuple[int, ...]
    title: str
    held_on: date
    hours: int
    level: TrainingLevel
    kind: TrainingKind = TrainingKind.TOPIC
    organizer: str = ""


@dataclass(frozen=True)
class Training:
    id: int
    staff_id: int
    staff_name: str
    position: str
    title: str
    held_on: date
    hours: int
    level: TrainingLevel
    kind: TrainingKind
    organizer: str


def record_trainings(db: Database, actor: Actor, trainings: Sequence[TrainingInput], *, now: datetime) -> Changes:
    """All the entries in one transaction; a bad entry raises ValidationError(row=N) and none is saved."""
    authorize(db, actor, Permission.RECORD_ACTIVITIES, now=now)
    if not trainings:
        raise ValidationError("没有要记录的培训", field="参训人")
    rows = [f for n, t in enumerate(trainings, start=1) for f in _checked(db.conn, t, now.date(), row=n)]
    with db.transaction() as conn:
        for fields in rows:
            training_id = store.insert(conn, fields, by=int(actor.user_id), now=now)
            _audit(conn, actor, training_id, "记录", now)
    return Changes.of(ChangeKind.ACTIVITIES, summary=f"已记录 {len(rows)} 人次培训")


def list_trainings(
    db: Database, actor: Actor, *, start: date, end: date, staff_id: int | None = None, now: datetime
) -> list[Training]:
    """Trainings held in [start, end] (one person's when given), newest first."""
    authorize(db, actor, Permission.VIEW_ACTIVITIES, now=now)
    check.check_range(start, end)
    return [_view(r) for r in store.between(db.conn, start, end, staff_id=staff_id)]


def delete_training(db: Database, actor: Actor, training_id: int, *, now: datetime) -> Changes:
    """A wrong entry: by its recorder or the lead."""
    authorize(db, actor, Permission.RECORD_ACTIVITIES, now=now, object_type="training", object_id=training_id)
    row = store.get(db.conn, training_id)
    if row is None:
        raise NotFound("没有这条培训记录，可能已被删除")
    if not may_delete(actor, row.recorded_by):
        deny(db, actor, NOT_YOURS, now=now, object_type="training", object_id=training_id)
    with db.transaction() as conn:
        store.delete(conn, training_id)
        _audit(conn, actor, training_id, "删除", now)
    return Changes.of(ChangeKind.ACTIVITIES, summary=f"已删除{row.staff_name}的培训：{row.title}")


def _checked(conn: Connection, t: TrainingInput, today: date, *, row: int) -> list[store.TrainingFields]:
    if not t.staff_ids:
        raise ValidationError("请选择参训人", field="参训人", row=row)
    if len(set(t.staff_ids)) != len(t.staff_ids):
        raise ValidationError("同一位参训人选了两次", field="参训人", row=row)
    for staff_id in t.staff_ids:
        check.staff_name(conn, staff_id, field="参训人", row=row)
    title = check.text(t.title, field="培训名称", row=row, limit=MAX_TITLE, required=True)
    check.check_calendar_day(conn, t.held_on, today, row=row)
    hours = check.whole_number(t.hours, TRAINING_HOURS, field="学时", row=row)
    level = _level(t.level, row)
    kind = _kind(t.kind, row)
    organizer = check.text(t.organizer, field="主办单位", row=row, limit=MAX_NAME)
    return [
        store.TrainingFields(staff_id, title, t.held_on, hours, level.value, kind.value, organizer)
        for staff_id in t.staff_ids
    ]


def _level(value: str, row: int) -> TrainingLevel:
    try:
        return TrainingLevel(value)
    except ValueError:
        words = "、".join(TrainingLevel)
        raise ValidationError(f"级别应为：{words}", field="级别", row=row) from None


def _kind(value: str, row: int) -> TrainingKind:
    try:
        return TrainingKind(value)
    except ValueError:
        raise ValidationError("类型应为：专题培训、选修课程", field="类型", row=row) from None


def _view(r: store.TrainingRow) -> Training:
    return Training(
        r.id,
        r.staff_id,
        r.staff_name,
        r.position,
        r.title,
        r.held_on,
        r.hours,
        TrainingLevel(r.level),
        TrainingKind(r.kind),
        r.organizer,
    )


def _audit(conn: Connection, actor: Actor, training_id: int, word: str, now: datetime) -> None:
    audit_log.append(
        conn,
        at=now,
        actor=actor,
        action=AuditAction.ACTIVITY_CHANGED,
        object_type="training",
        object_id=training_id,
        detail=word,
    )
