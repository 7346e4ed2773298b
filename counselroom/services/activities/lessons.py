"""心理课 (S003 item 10, S004 "每班每两周至少 1 个课时"): one lesson entered for several classes makes
one row per class. Counselors and the lead record; the principal reads them for the 自查."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from counselroom.domain.activities.recording import LESSON_HOURS, LESSON_PERIODS, MAX_TITLE, day_text, may_delete
from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import NotFound, ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.services.accounts.session import Changes
from counselroom.services.activities import entry_checks as check
from counselroom.services.guard import authorize, deny
from counselroom.store import audit_log
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.school import lessons as store

NOT_YOURS = "只有记录人或心理中心负责人可以删除这条记录"


@dataclass(frozen=True)
class LessonInput:
    """One lesson as entered; given to several classes at once, it makes one row per class."""

    class_ids: tuple[int, ...]
    held_on: date
    topic: str = ""
    teacher_id: int | None = None
    hours: int = 1
    period: int | None = None  # 节次, when known


@dataclass(frozen=True)
class Lesson:
    id: int
    class_id: int
    class_name: str
    held_on: date
    period: int | None
    topic: str
    teacher: str  # '' without one
    hours: int
    source: str  # 录入 / 课表导入


def record_lessons(db: Database, actor: Actor, lessons: Sequence[LessonInput], *, now: datetime) -> Changes:
    """All the entries in one transaction; a bad entry raises ValidationError(row=N) and none is saved."""
    authorize(db, actor, Permission.RECORD_ACTIVITIES, now=now)
    rows = _checked(db.conn, lessons, now.date())
    with db.transaction() as conn:
        for fields in rows:
            lesson_id = store.insert(conn, fields, by=int(actor.user_id), now=now)
            _audit(conn, actor, lesson_id, "记录", now)
    return Changes.of(ChangeKind.ACTIVITIES, summary=f"已记录 {len(rows)} 节心理课")


def list_lessons(
    db: Database, actor: Actor, *, start: date, end: date, class_id: int | None = None, now: datetime
) -> list[Lesson]:
    """Lessons held in [start, end] (one class's when given), newest first."""
    authorize(db, actor, Permission.VIEW_ACTIVITIES, now=now)
    check.check_range(start, end)
    return [_view(r) for r in store.between(db.conn, start, end, class_id=class_id)]


def delete_lesson(db: Database, actor: Actor, lesson_id: int, *, now: datetime) -> Changes:
    """A wrong entry: by its recorder or the lead."""
    authorize(db, actor, Permission.RECORD_ACTIVITIES, now=now, object_type="lesson", object_id=lesson_id)
    row = store.get(db.conn, lesson_id)
    if row is None:
        raise NotFound("没有这节心理课的记录，可能已被删除")
    if not may_delete(actor, row.recorded_by):
        deny(db, actor, NOT_YOURS, now=now, object_type="lesson", object_id=lesson_id)
    with db.transaction() as conn:
        store.delete(conn, lesson_id)
        _audit(conn, actor, lesson_id, "删除", now)
    return Changes.of(ChangeKind.ACTIVITIES, summary=f"已删除{row.class_name}{day_text(row.held_on)}的心理课")


def _checked(conn: Connection, lessons: Sequence[LessonInput], today: date) -> list[store.LessonFields]:
    if not lessons:
        raise ValidationError("没有要记录的心理课", field="班级")
    rows: list[store.LessonFields] = []
    taken: set[tuple[int, date, int]] = set()
    for n, lesson in enumerate(lessons, start=1):
        names = check.current_classes(conn, lesson.class_ids, row=n)
        check.check_term_day(conn, lesson.held_on, today, row=n)
        topic = check.text(lesson.topic, field="课题", row=n, limit=MAX_TITLE)
        if lesson.teacher_id is not None:
            check.staff_name(conn, lesson.teacher_id, field="任课教师", row=n)
        hours = check.whole_number(lesson.hours, LESSON_HOURS, field="课时", row=n)
        period = None
        if lesson.period is not None:
            period = check.whole_number(lesson.period, LESSON_PERIODS, field="节次", row=n)
        for class_id, name in zip(lesson.class_ids, names, strict=True):
            if period is not None:
                _check_period_free(conn, taken, (class_id, lesson.held_on, period), name, row=n)
            rows.append(store.LessonFields(class_id, lesson.held_on, period, topic, lesson.teacher_id, hours))
    return rows


def _check_period_free(
    conn: Connection, taken: set[tuple[int, date, int]], key: tuple[int, date, int], class_name: str, *, row: int
) -> None:
    class_id, day, period = key
    if key in taken or store.period_taken(conn, class_id, day, period):
        raise ValidationError(f"{class_name} {day_text(day)} 第 {period} 节已有心理课", field="节次", row=row)
    taken.add(key)


def _view(r: store.LessonRow) -> Lesson:
    return Lesson(r.id, r.class_id, r.class_name, r.held_on, r.period, r.topic, r.teacher_name, r.hours, r.source)


def _audit(conn: Connection, actor: Actor, lesson_id: int, word: str, now: datetime) -> None:
    audit_log.append(
        conn,
        at=now,
        actor=actor,
        action=AuditAction.ACTIVITY_CHANGED,
        object_type="lesson",
        object_id=lesson_id,
        detail=word,
    )
