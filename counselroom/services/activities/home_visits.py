"""家访: record visits one at a time or many at once (one transaction: a bad row names its row and
nothing is saved), list them, delete a wrong one, and find a student's siblings at the school — one
visit covers a family (S001 "每学期对每个家庭至少家访 1 次"), so entering it offers them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from counselroom.domain.activities.home_visits import VisitMode, family_key
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import NotFound, ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.services.accounts.session import Changes
from counselroom.services.activities.care_entries import (
    StudentRef,
    audit,
    checked_day,
    checked_students,
    checked_text,
    delete_entry,
    student_refs,
)
from counselroom.services.activities.entry_checks import check_range
from counselroom.services.guard import authorize
from counselroom.store.activities import home_visits as store
from counselroom.store.activities import people
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.school import staff

__all__ = [
    "HomeVisit", "StudentRef", "VisitInput", "delete_home_visit", "list_home_visits", "record_home_visits", "siblings",
]  # fmt: skip

MAX_COMPANIONS = 100
MAX_MET_WITH = 30
MAX_SUMMARY = 2000


@dataclass(frozen=True)
class VisitInput:
    student_ids: tuple[int, ...]
    held_on: date
    mode: VisitMode
    visitor_id: int  # the staff member who visited
    companions: str = ""
    met_with: str = ""  # 母亲, 祖父母 …
    summary: str = ""
    follow_up: bool = False


@dataclass(frozen=True)
class HomeVisit:
    id: int
    held_on: date
    mode: VisitMode
    visitor: str
    students: tuple[StudentRef, ...]
    met_with: str
    summary: str
    follow_up: bool
    companions: str = ""
    recorded_by: str = ""


def record_home_visits(db: Database, actor: Actor, visits: Sequence[VisitInput], *, now: datetime) -> Changes:
    """One visit or many: all saved in one transaction, or none when a row breaks a rule."""
    authorize(db, actor, Permission.WRITE_CARE_RECORDS, now=now, object_type="home_visit")
    if not visits:
        raise ValidationError("没有要保存的家访记录", field="家访")
    checked = [_check(db.conn, entry, now, row) for row, entry in enumerate(visits, start=1)]
    with db.transaction() as conn:
        batch = store.next_batch(conn) if len(checked) > 1 else None
        for v in checked:
            visit_id = store.insert_visit(
                conn, held_on=v.held_on, mode=v.mode.value, visitor_id=v.visitor_id, companions=v.companions,
                met_with=v.met_with, summary=v.summary, follow_up=v.follow_up, batch=batch,
                student_ids=v.student_ids, recorded_by=int(actor.user_id), now=now,
            )  # fmt: skip
            audit(conn, actor, "home_visit", visit_id, "记录", now)
    return Changes.of(ChangeKind.ACTIVITIES, summary=f"已记录 {len(checked)} 次家访")


def _check(conn: Connection, entry: VisitInput, now: datetime, row: int) -> VisitInput:
    """The entry as it will be saved: students once each, texts trimmed."""
    held_on = checked_day(entry.held_on, now, row=row)
    if not isinstance(entry.mode, VisitMode):
        raise ValidationError(f"家访方式请选择：{'、'.join(m.value for m in VisitMode)}", field="方式", row=row)
    if staff.active_name(conn, entry.visitor_id) is None:
        raise ValidationError("家访教师请选择在职教职工", field="家访教师", row=row)
    return VisitInput(
        checked_students(conn, entry.student_ids, held_on, row=row),
        held_on,
        entry.mode,
        entry.visitor_id,
        checked_text(entry.companions, "同行人员", MAX_COMPANIONS, row=row),
        checked_text(entry.met_with, "接待家长", MAX_MET_WITH, row=row),
        checked_text(entry.summary, "家访情况", MAX_SUMMARY, row=row),
        entry.follow_up,
    )


def list_home_visits(
    db: Database, actor: Actor, *, start: date, end: date, class_id: int | None = None, now: datetime
) -> list[HomeVisit]:
    """Visits from `start` to `end` (both included), newest first; with `class_id`, those covering a
    student now in that class."""
    authorize(db, actor, Permission.VIEW_CARE_RECORDS, now=now)
    check_range(start, end)
    rows = store.visits_between(db.conn, start, end, class_id=class_id)
    linked = store.students_of(db.conn, [r.id for r in rows])
    return [_visit(r, student_refs(linked, r.id)) for r in rows]


def _visit(r: store.VisitRow, students: tuple[StudentRef, ...]) -> HomeVisit:
    return HomeVisit(
        r.id,
        date.fromisoformat(r.held_on),
        VisitMode(r.mode),
        r.visitor,
        students,
        r.met_with,
        r.summary,
        r.follow_up,
        r.companions,
        r.recorded_by_name,
    )


def delete_home_visit(db: Database, actor: Actor, visit_id: int, *, now: datetime) -> Changes:
    """A wrong entry: by whoever recorded it, or the lead."""
    return delete_entry(
        db, actor, visit_id, kind="home_visit", word="家访", get=store.get, remove=store.delete, now=now
    )


def siblings(db: Database, actor: Actor, student_id: int, *, now: datetime) -> list[StudentRef]:
    """The other students at school of the same family — whose primary guardian has the same phone
    number — by class and 学号. A student without a phone on file is a family alone."""
    authorize(db, actor, Permission.VIEW_CARE_RECORDS, now=now)
    if not people.students(db.conn, [student_id]):
        raise NotFound("没有这名学生")
    key = family_key(student_id, people.primary_phone(db.conn, student_id))
    return [
        StudentRef(s.id, s.name, s.class_name)
        for s in people.phones_at_school(db.conn)
        if s.id != student_id and family_key(s.id, s.phone) == key
    ]
