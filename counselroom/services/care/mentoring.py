"""成长导师 and 一人一案: assigning mentors, plans, and the coverage of the key groups (S003)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counselroom.domain.audit import AuditAction
from counselroom.domain.care.key_groups import StudentFacts, groups_of
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import NotFound, ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.students.student_facts import StaffPosition
from counselroom.services.accounts.session import Changes
from counselroom.services.guard import authorize
from counselroom.store import audit_log
from counselroom.store.care import care_records as care
from counselroom.store.care import warnings
from counselroom.store.database import Database
from counselroom.store.school import staff as staff_store
from counselroom.store.screening import screening_results as screening
from counselroom.store.students import student_records as student_store

MAX_MENTEES = 12  # a mentor with many more cannot really know each student


@dataclass(frozen=True)
class MentorChoice:
    staff_id: int
    name: str
    position: str
    mentees: int


@dataclass(frozen=True)
class CoverageRow:
    student_id: int
    student_no: str
    name: str
    class_name: str
    groups: tuple[str, ...]
    on_warning_list: bool
    mentor: str
    has_plan: bool


@dataclass(frozen=True)
class Coverage:
    rows: tuple[CoverageRow, ...]  # key-group students missing a mentor or a plan
    key_students: int  # all students in a key group or on the warning list
    with_mentor: int
    with_plan: int


def mentor_choices(db: Database, actor: Actor, *, now: datetime) -> list[MentorChoice]:
    authorize(db, actor, Permission.MANAGE_MENTORS, now=now)
    counts = care.mentee_counts(db.conn)
    return [
        MentorChoice(s.id, s.name, s.position, counts.get(s.id, 0))
        for s in staff_store.active_staff(db.conn)
        if s.position != StaffPosition.LEADER.value  # 校领导 are not mentors
    ]


def assign_mentor(db: Database, actor: Actor, student_id: int, *, staff_id: int, now: datetime) -> Changes:
    authorize(db, actor, Permission.MANAGE_MENTORS, now=now, object_type="student", object_id=student_id)
    student = student_store.get(db.conn, student_id)
    staff_name = staff_store.active_name(db.conn, staff_id)
    if student is None or staff_name is None:
        raise NotFound("学生或教师不存在")
    if care.mentee_counts(db.conn).get(staff_id, 0) >= MAX_MENTEES:
        raise ValidationError(f"{staff_name}已担任 {MAX_MENTEES} 名学生的成长导师，请另选一位老师", field="成长导师")
    with db.transaction() as conn:
        care.assign_mentor(conn, student_id, staff_id, since=now.date(), user_id=actor.user_id)
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.MENTOR_ASSIGNED,
            object_type="student",
            object_id=student_id,
            detail=f"staff {staff_id}",
        )
    return Changes.of(ChangeKind.MENTORS, summary=f"已为{student.name}安排成长导师{staff_name}")


def save_care_plan(db: Database, actor: Actor, student_id: int, *, goals: str, measures: str, now: datetime) -> Changes:
    """一人一案: goals and measures for a key-care student. Confidential like notes."""
    authorize(db, actor, Permission.WRITE_CARE_RECORDS, now=now, object_type="student", object_id=student_id)
    if student_store.get(db.conn, student_id) is None:
        raise NotFound("没有这名学生")
    if not goals.strip() or not measures.strip():
        raise ValidationError("请写明帮扶目标和措施", field="一人一案")
    with db.transaction() as conn:
        care.save_plan(conn, student_id, goals=goals.strip(), measures=measures.strip(), user_id=actor.user_id, now=now)
        audit_log.append(
            conn, at=now, actor=actor, action=AuditAction.CARE_PLAN_SAVED, object_type="student", object_id=student_id
        )
    return Changes.of(ChangeKind.MENTORS, summary="已保存一人一案")


def mentor_coverage(db: Database, actor: Actor, *, now: datetime) -> Coverage:
    """Key-group and warning-list students, listing those with no mentor or no plan."""
    authorize(db, actor, Permission.MANAGE_MENTORS, now=now)
    flags = student_store.all_flags(db.conn)
    listed = {w.student_id for w in warnings.all_open(db.conn)}
    positives = screening.positive_student_ids(db.conn)
    mentors, plans = care.all_mentors(db.conn), care.students_with_plans(db.conn)
    rows, key_students, with_mentor, with_plan = [], 0, 0, 0
    for s in student_store.all_current(db.conn):
        facts = StudentFacts(flags.get(s.id, frozenset()), s.stage, s.year_in_stage, s.id in listed, s.id in positives)
        groups = tuple(groups_of(facts))
        if not groups:
            continue
        key_students += 1
        mentor = mentors.get(s.id)
        with_mentor += mentor is not None
        with_plan += s.id in plans
        if mentor is None or s.id not in plans:
            rows.append(
                CoverageRow(
                    s.id,
                    s.student_no,
                    s.name,
                    s.class_name,
                    groups,
                    s.id in listed,
                    mentor.staff_name if mentor else "",
                    s.id in plans,
                )
            )
    rows.sort(key=lambda r: (not r.on_warning_list, r.mentor != "", r.class_name, r.student_no))
    return Coverage(tuple(rows), key_students, with_mentor, with_plan)
