"""What talks and home visits share: the student reference they return, the checks every entered
row gets (students on the school's list, a date neither in the future nor before the student's
入学 year, texts within their length), and their audit row — by id and action word only."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from counselroom.domain.activities.recording import may_delete
from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import NotFound, ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.visible_text import visible
from counselroom.services.accounts.session import Changes
from counselroom.services.guard import authorize, deny
from counselroom.store import audit_log
from counselroom.store.activities import people
from counselroom.store.connection import Connection
from counselroom.store.database import Database

# On the school's list: a student on leave (休学) may still be talked with, or their family visited.
ON_THE_LIST = ("在读", "休学", "复学")
MAX_STUDENTS = 60  # one talk or visit; a class is entered as one talk per student


@dataclass(frozen=True)
class StudentRef:
    id: int
    name: str
    class_name: str


def student_refs(linked: dict[int, list[people.LinkedStudent]], record_id: int) -> tuple[StudentRef, ...]:
    """One record's students from the store's record id → students map (store `students_of`)."""
    return tuple(StudentRef(s.student_id, s.name, s.class_name) for s in linked.get(record_id, ()))


def checked_students(conn: Connection, student_ids: Sequence[int], held_on: date, *, row: int) -> tuple[int, ...]:
    """The students of one entered row, each once, in the order given."""
    ids = tuple(dict.fromkeys(student_ids))
    if not ids:
        raise ValidationError("请选择学生", field="学生", row=row)
    if len(ids) > MAX_STUDENTS:
        raise ValidationError(f"一条记录最多 {MAX_STUDENTS} 名学生，全班请逐人录入", field="学生", row=row)
    found = people.students(conn, ids)
    for student_id in ids:
        student = found.get(student_id)
        if student is None or student.status not in ON_THE_LIST:
            raise ValidationError("所选学生不在本校在籍名单中", field="学生", row=row)
        if student.enrolled_on is not None and held_on.year < student.enrolled_on.year:
            when = f"{student.enrolled_on.year} 年"
            raise ValidationError(f"日期早于{student.name}的入学年份（{when}）", field="日期", row=row)
    return ids


def checked_day(held_on: date, now: datetime, *, row: int) -> date:
    if held_on > now.date():
        raise ValidationError("日期不能晚于今天", field="日期", row=row)
    return held_on


def checked_text(text: str, field: str, limit: int, *, row: int) -> str:
    value = visible(text.strip())
    if len(value) > limit:
        raise ValidationError(f"{field}请控制在 {limit} 字以内", field=field, row=row)
    return value


def audit(conn: Connection, actor: Actor, object_type: str, object_id: int, detail: str, now: datetime) -> None:
    """One audit row per record: which record and what happened, never a student or a text."""
    audit_log.append(
        conn,
        at=now,
        actor=actor,
        action=AuditAction.ACTIVITY_CHANGED,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
    )


class Recorded(Protocol):
    @property
    def recorded_by(self) -> int: ...


def delete_entry(
    db: Database,
    actor: Actor,
    entry_id: int,
    *,
    kind: str,
    word: str,
    get: Callable[[Connection, int], Recorded | None],
    remove: Callable[[Connection, int], None],
    now: datetime,
) -> Changes:
    """A wrong talk or home visit deleted — by its recorder or the lead (recording.may_delete) —
    and audited by its id: `kind` talk/home_visit, `word` 谈话/家访."""
    authorize(db, actor, Permission.WRITE_CARE_RECORDS, now=now, object_type=kind, object_id=entry_id)
    row = get(db.conn, entry_id)
    if row is None:
        raise NotFound(f"这条{word}记录不存在或已删除")
    if not may_delete(actor, row.recorded_by):
        deny(
            db,
            actor,
            f"只有记录人或心理中心负责人可以删除这条{word}记录",
            now=now,
            object_type=kind,
            object_id=entry_id,
        )
    with db.transaction() as conn:
        remove(conn, entry_id)
        audit(conn, actor, kind, entry_id, "删除", now)
    return Changes.of(ChangeKind.ACTIVITIES, summary=f"已删除{word}记录")
