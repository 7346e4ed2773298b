"""成长导师 and 一人一案: assigning mentors, plans, and the coverage of the key groups.

S003 item 26 names the groups each to get a mentor; S001 asks for 全员导师制. Neither sets a
number of students per mentor, so the program sets none: a school may set a soft limit in 设置,
which only warns. A mentorship starts and ends (a new mentor, or the student leaves school);
ended ones are kept, counts use the current ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counselroom.domain.audit import AuditAction
from counselroom.domain.care.key_groups import EXAM_YEAR_GROUP, MENTOR_GROUPS, KeyGroup, groups_of
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import NotFound, ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.students.student_facts import StaffPosition, StudentStatus
from counselroom.services.accounts.session import Changes
from counselroom.services.care.key_group_facts import key_group_facts
from counselroom.services.cases import search_documents
from counselroom.services.guard import authorize
from counselroom.store import audit_log, settings
from counselroom.store.care import care_records as care
from counselroom.store.care import warnings
from counselroom.store.database import Database
from counselroom.store.school import staff as staff_store
from counselroom.store.students import student_records as student_store

MENTOR_LIMIT_SETTING = "mentor_soft_limit"  # students per mentor before a warning; '' = none
MAX_MENTOR_LIMIT = 200
CHANGED_MENTOR = "更换导师"


@dataclass(frozen=True)
class MentorChoice:
    staff_id: int
    name: str
    position: str
    mentees: int
    at_limit: bool  # already at the school's soft limit (a warning, not a refusal)


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
class GroupCoverage:
    """One line of the coverage: a group in its seed's words, how many, how many with a mentor."""

    name: str
    phrase: str
    source: str
    students: int
    with_mentor: int


@dataclass(frozen=True)
class Coverage:
    rows: tuple[CoverageRow, ...]  # S003 item 26 students missing a mentor or a plan
    key_students: int  # students in at least one S003 item 26 group
    with_mentor: int
    with_plan: int
    groups: tuple[GroupCoverage, ...]  # each S003 item 26 group
    exam_year: GroupCoverage  # 初三/高三 升学压力 (S004), its own line
    everyone: GroupCoverage  # every student at school (S001 全员导师制)
    soft_limit: int | None


def _soft_limit(db: Database) -> int | None:
    text = settings.get_setting(db.conn, MENTOR_LIMIT_SETTING, "")
    return int(text) if text.isdigit() and int(text) > 0 else None


def mentor_soft_limit(db: Database, actor: Actor, *, now: datetime) -> int | None:
    """The school's soft limit of students per mentor, or None (no limit: the seeds set none)."""
    authorize(db, actor, Permission.VIEW_SCHOOL, now=now)
    return _soft_limit(db)


def set_mentor_soft_limit(db: Database, actor: Actor, limit: int | None, *, now: datetime) -> Changes:
    """设置: a number of students per mentor past which assigning one more warns; None for none."""
    authorize(db, actor, Permission.MANAGE_SETTINGS, now=now)
    if limit is not None and not 1 <= limit <= MAX_MENTOR_LIMIT:
        raise ValidationError(f"提醒人数应在 1 到 {MAX_MENTOR_LIMIT} 之间，或不设", field="成长导师人数提醒")
    with db.transaction() as conn:
        settings.set_setting(conn, MENTOR_LIMIT_SETTING, str(limit or ""))
        audit_log.append(
            conn, at=now, actor=actor, action=AuditAction.SETTINGS_CHANGED, detail=f"成长导师人数提醒 {limit or '不设'}"
        )
    text = f"每位导师超过 {limit} 名学生时提醒" if limit else "不设成长导师人数提醒"
    return Changes.of(ChangeKind.SETTINGS, ChangeKind.MENTORS, summary=f"已保存：{text}")


def mentor_choices(db: Database, actor: Actor, *, now: datetime) -> list[MentorChoice]:
    authorize(db, actor, Permission.MANAGE_MENTORS, now=now)
    counts, limit = care.mentee_counts(db.conn), _soft_limit(db)
    return [
        MentorChoice(s.id, s.name, s.position, counts.get(s.id, 0), limit is not None and counts.get(s.id, 0) >= limit)
        for s in staff_store.active_staff(db.conn)
        if s.position != StaffPosition.LEADER.value  # 校领导 are not mentors
    ]


def assign_mentor(db: Database, actor: Actor, student_id: int, *, staff_id: int, now: datetime) -> Changes:
    """Start a mentorship today; a current one with another teacher ends today (更换导师)."""
    authorize(db, actor, Permission.MANAGE_MENTORS, now=now, object_type="student", object_id=student_id)
    student = student_store.get(db.conn, student_id)
    staff_name = staff_store.active_name(db.conn, staff_id)
    if student is None or staff_name is None:
        raise NotFound("学生或教师不存在")
    if student.status not in (StudentStatus.ENROLLED, StudentStatus.RESUMED):
        raise ValidationError(f"{student.name}现为“{student.status}”，不在校期间不安排成长导师", field="成长导师")
    current = care.mentor_of(db.conn, student_id)
    if current is not None and current.staff_id == staff_id:
        raise ValidationError(f"{staff_name}已是{student.name}的成长导师", field="成长导师")
    mentees = care.mentee_counts(db.conn).get(staff_id, 0) + 1
    with db.transaction() as conn:
        if current is not None:
            care.end_mentorship(conn, student_id, on=now.date(), reason=CHANGED_MENTOR, user_id=actor.user_id)
        care.start_mentorship(conn, student_id, staff_id, since=now.date(), user_id=actor.user_id)
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.MENTOR_ASSIGNED,
            object_type="student",
            object_id=student_id,
            detail=f"staff {staff_id}" + (f"，原导师 staff {current.staff_id} 结束" if current else ""),
        )
    summary = f"已为{student.name}安排成长导师{staff_name}"
    if current is not None:
        summary += f"（原导师{current.staff_name}的导师关系已结束，记录保留）"
    limit = _soft_limit(db)
    if limit is not None and mentees > limit:
        summary += f"。提醒：{staff_name}现带 {mentees} 名学生，超过学校设定的 {limit} 人"
    return Changes.of(ChangeKind.MENTORS, summary=summary)


def save_care_plan(db: Database, actor: Actor, student_id: int, *, goals: str, measures: str, now: datetime) -> Changes:
    """一人一案: goals and measures for a key-care student. Confidential like notes."""
    authorize(db, actor, Permission.WRITE_CARE_RECORDS, now=now, object_type="student", object_id=student_id)
    if student_store.get(db.conn, student_id) is None:
        raise NotFound("没有这名学生")
    if not goals.strip() or not measures.strip():
        raise ValidationError("请写明帮扶目标和措施", field="一人一案")
    with db.transaction() as conn:
        care.save_plan(conn, student_id, goals=goals.strip(), measures=measures.strip(), user_id=actor.user_id, now=now)
        search_documents.index_plan(conn, student_id)
        audit_log.append(
            conn, at=now, actor=actor, action=AuditAction.CARE_PLAN_SAVED, object_type="student", object_id=student_id
        )
    return Changes.of(ChangeKind.MENTORS, summary="已保存一人一案")


def mentor_coverage(db: Database, actor: Actor, *, now: datetime) -> Coverage:
    """S003 item 26's groups with their mentors, listing the students with no mentor or no plan;
    初三/高三 (S004) and all students (S001 全员导师制) as lines of their own."""
    authorize(db, actor, Permission.MANAGE_MENTORS, now=now)
    students = student_store.all_current(db.conn)
    facts = key_group_facts(db.conn, students, with_warnings=True)
    mentors, plans = care.all_mentors(db.conn), care.students_with_plans(db.conn)
    listed = {w.student_id for w in warnings.all_open(db.conn)}
    at_school = [s for s in students if s.status != StudentStatus.SUSPENDED.value]
    rows, key_ids = [], []
    for s in at_school:
        if not any(g.applies(facts[s.id]) for g in MENTOR_GROUPS):
            continue
        key_ids.append(s.id)
        mentor = mentors.get(s.id)
        if mentor is None or s.id not in plans:
            rows.append(
                CoverageRow(
                    s.id,
                    s.student_no,
                    s.name,
                    s.class_name,
                    tuple(groups_of(facts[s.id])),
                    s.id in listed,
                    mentor.staff_name if mentor else "",
                    s.id in plans,
                )
            )
    rows.sort(key=lambda r: (not r.on_warning_list, r.mentor != "", r.class_name, r.student_no))

    def line(group: KeyGroup, ids: list[int]) -> GroupCoverage:
        return GroupCoverage(group.name, group.phrase, group.source, len(ids), sum(i in mentors for i in ids))

    def members(group: KeyGroup) -> list[int]:
        return [s.id for s in at_school if group.applies(facts[s.id])]

    everyone = KeyGroup("全体学生", "学生人人有导师（全员导师制）", "S001/S003", lambda _facts: True)
    return Coverage(
        tuple(rows),
        len(key_ids),
        sum(i in mentors for i in key_ids),
        sum(i in plans for i in key_ids),
        tuple(line(g, members(g)) for g in MENTOR_GROUPS),
        line(EXAM_YEAR_GROUP, members(EXAM_YEAR_GROUP)),
        line(everyone, [s.id for s in at_school]),
        _soft_limit(db),
    )
