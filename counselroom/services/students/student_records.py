"""Students: search, the 一生一档 file, family flags, status changes, key-care background."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from operator import attrgetter
from typing import Any

from counselroom.domain.audit import AuditAction
from counselroom.domain.care.key_groups import groups_of
from counselroom.domain.care.warnings import WarningLevel
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import NotFound, ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.students.pinyin_initials import name_initials
from counselroom.domain.students.student_facts import StudentFlag, StudentStatus
from counselroom.services.accounts.session import Changes
from counselroom.services.care.key_group_facts import key_group_facts
from counselroom.services.guard import authorize, may
from counselroom.services.students.file_sections import (
    Background,
    CarePlan,
    Guardian,
    OpenWarning,
    StatusChange,
    background_of,
    care_plan_of,
    guardian_of,
    open_warning_of,
    status_change_of,
)
from counselroom.store import audit_log
from counselroom.store.care import care_records as care
from counselroom.store.care import warnings
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.students import student_records as store

SEARCH_LIMIT = 200
STUDENT_SORTS = ("student_no", "name", "gender", "class_name", "status", "groups", "level")  # StudentListItem fields

# Which status may follow which (休学 → 复学 needs a return assessment: services/students/school_leave).
ALLOWED_STATUS_CHANGES = {
    StudentStatus.ENROLLED: {StudentStatus.SUSPENDED, StudentStatus.TRANSFERRED, StudentStatus.GRADUATED},
    StudentStatus.RESUMED: {StudentStatus.SUSPENDED, StudentStatus.TRANSFERRED, StudentStatus.GRADUATED},
    StudentStatus.SUSPENDED: {StudentStatus.RESUMED, StudentStatus.TRANSFERRED},
    StudentStatus.TRANSFERRED: set(),
    StudentStatus.GRADUATED: set(),
}
# Leaving school (for a while or for good) ends the student's mentorship (kept as history).
LEAVING = frozenset({StudentStatus.SUSPENDED, StudentStatus.TRANSFERRED, StudentStatus.GRADUATED})


@dataclass(frozen=True)
class StudentListItem:
    id: int
    student_no: str
    name: str
    gender: str
    class_name: str
    status: str
    groups: tuple[str, ...]
    level: WarningLevel | None  # only for those who may see the warning list


@dataclass(frozen=True)
class StudentFile:
    id: int
    student_no: str
    name: str
    gender: str
    birth_date: date | None
    class_name: str
    grade_name: str
    status: str
    guardians: tuple[Guardian, ...]
    flags: frozenset[str]
    groups: tuple[str, ...]
    status_history: tuple[StatusChange, ...]
    mentor_name: str
    can_see_care: bool
    background: Background | None
    plan: CarePlan | None
    warning: OpenWarning | None


def search_students(
    db: Database,
    actor: Actor,
    text: str,
    *,
    now: datetime,
    include_left: bool = False,
    sort_by: str = "",
    descending: bool = False,
) -> list[StudentListItem]:
    """Name (any part), pinyin initials, 学号 or class name; at most SEARCH_LIMIT rows. With
    `sort_by` (one of STUDENT_SORTS) every match is sorted before the first SEARCH_LIMIT are kept,
    so a sorted list is the top of the whole list, never a sorted sample of it."""
    authorize(db, actor, Permission.VIEW_ROSTER, now=now)
    if sort_by not in ("", *STUDENT_SORTS):
        raise ValidationError(f"不能按“{sort_by}”排序", field="排序")
    if (sort_by, descending) == ("class_name", False):
        sort_by = ""  # the store's own order already is: grade, class, 学号
    rows = store.search(db.conn, text, limit=-1 if sort_by else SEARCH_LIMIT, include_left=include_left)
    sees_warnings = may(db, actor, Permission.VIEW_WARNINGS)
    levels = warnings.open_levels(db.conn, (r.id for r in rows)) if sees_warnings else {}
    facts = key_group_facts(
        db.conn, rows, with_warnings=sees_warnings, with_flags=db.has_care, open_levels=levels
    )  # the open warnings read once, for the levels and the groups
    items = [
        StudentListItem(
            r.id,
            r.student_no,
            r.name,
            r.gender,
            r.class_name,
            r.status,
            tuple(groups_of(facts[r.id])),
            levels.get(r.id),
        )
        for r in rows
    ]
    return sort_students(items, sort_by, descending=descending)[:SEARCH_LIMIT]


def sort_students(items: list[StudentListItem], sort_by: str, *, descending: bool) -> list[StudentListItem]:
    """Names by pinyin, classes in the school's order (初一(2)班 before 初一(10)班), levels by rank."""
    if not sort_by:
        return items
    order = {s.id: i for i, s in enumerate(items)}  # the store's order: grade, class, 学号
    keys: dict[str, Callable[[StudentListItem], Any]] = {
        "name": lambda s: (name_initials(s.name), s.name),
        "class_name": lambda s: order[s.id],
        "groups": lambda s: "、".join(s.groups),
        "level": lambda s: s.level.rank if s.level else -1,
    }
    return sorted(items, key=keys.get(sort_by, attrgetter(sort_by)), reverse=descending)


def open_student_file(db: Database, actor: Actor, student_id: int, *, now: datetime) -> StudentFile:
    """The whole file as the actor may see it; opening it is audited."""
    authorize(db, actor, Permission.VIEW_ROSTER, now=now, object_type="student", object_id=student_id)
    row = _student(db, student_id)
    care_ok = may(db, actor, Permission.VIEW_CARE_RECORDS)
    sees_warnings = may(db, actor, Permission.VIEW_WARNINGS)
    warning = warnings.open_warning(db.conn, student_id) if sees_warnings else None
    facts = key_group_facts(db.conn, [row], with_warnings=sees_warnings, with_flags=db.has_care)[student_id]
    mentor = care.mentor_of(db.conn, student_id)
    with db.transaction() as conn:
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.STUDENT_FILE_OPENED,
            object_type="student",
            object_id=student_id,
        )
    return StudentFile(
        row.id,
        row.student_no,
        row.name,
        row.gender,
        row.birth_date,
        row.class_name,
        row.grade_name,
        row.status,
        tuple(guardian_of(g) for g in store.guardians(db.conn, student_id)),
        facts.flags,
        tuple(groups_of(facts)),
        tuple(status_change_of(c) for c in store.status_changes(db.conn, student_id, with_reasons=db.has_care)),
        mentor.staff_name if mentor else "",
        care_ok,
        background_of(store.background(db.conn, student_id)) if care_ok else None,
        care_plan_of(care.plan_of(db.conn, student_id)) if care_ok else None,
        open_warning_of(warning),
    )


def _student(db: Database, student_id: int) -> store.StudentRow:
    row = store.get(db.conn, student_id)
    if row is None:
        raise NotFound("没有这名学生")
    return row


def set_student_flags(db: Database, actor: Actor, student_id: int, flags: set[str], *, now: datetime) -> Changes:
    """Family situation, special needs and 六困生 categories, as counselors learn them."""
    authorize(db, actor, Permission.WRITE_CARE_RECORDS, now=now, object_type="student", object_id=student_id)
    _student(db, student_id)
    known = {f.value for f in StudentFlag}
    unknown = set(flags) - known
    if unknown:
        raise ValidationError(f"未知的情况标记：{'、'.join(sorted(unknown))}", field="家庭情况")
    with db.transaction() as conn:
        store.set_flags(conn, student_id, frozenset(flags))
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.STUDENT_UPDATED,
            object_type="student",
            object_id=student_id,
            detail="家庭情况与特殊需要",
        )
    return Changes.of(ChangeKind.STUDENTS, summary="已保存家庭情况与特殊需要")


def change_student_status(
    db: Database, actor: Actor, student_id: int, *, to_status: StudentStatus, on_date: date, reason: str, now: datetime
) -> Changes:
    """转出、毕业, kept as history. 休学 and 复学 have their own workflow (services/students/school_leave:
    the expected return, the 复学评估, the first-month check-ins)."""
    authorize(db, actor, Permission.WRITE_CARE_RECORDS, now=now, object_type="student", object_id=student_id)
    row = _student(db, student_id)
    current = StudentStatus(row.status)
    if to_status not in ALLOWED_STATUS_CHANGES[current]:
        raise ValidationError(f"学生当前为“{current}”，不能改为“{to_status}”", field="学籍状态")
    if to_status in (StudentStatus.SUSPENDED, StudentStatus.RESUMED):
        raise ValidationError(
            f"{to_status}请用“办理{to_status}”：休学要写明预计复学日期，复学要有复学评估和首月随访计划",
            field="学籍状态",
        )
    if not reason.strip():
        raise ValidationError("请写明原因", field="原因")
    with db.transaction() as conn:
        _write_status_change(conn, actor, row, to_status, on_date=on_date, reason=reason.strip(), now=now)
    return Changes.of(ChangeKind.STUDENTS, summary=f"{row.name}：{current} → {to_status}")


def _write_status_change(
    conn: Connection,
    actor: Actor,
    row: store.StudentRow,
    to_status: StudentStatus,
    *,
    on_date: date,
    reason: str,
    now: datetime,
) -> int:
    """The status, its history row (the reason in the care store), the end of a mentorship when the
    student leaves, and the audit row — inside the caller's transaction, after its checks. Returns
    the history row's id."""
    current = StudentStatus(row.status)
    change_id = store.change_status(
        conn,
        row.id,
        from_status=current.value,
        to_status=to_status.value,
        on_date=on_date,
        reason=reason,
        user_id=actor.user_id,
        now=now,
    )
    if to_status in LEAVING:  # a student who leaves school leaves their 成长导师 too
        care.end_mentorship(conn, row.id, on=on_date, reason=to_status.value, user_id=actor.user_id)
    audit_log.append(
        conn,
        at=now,
        actor=actor,
        action=AuditAction.STUDENT_UPDATED,
        object_type="student",
        object_id=row.id,
        detail=f"{current}→{to_status}",
    )
    return change_id


def save_student_background(
    db: Database, actor: Actor, student_id: int, *, growth: str, life: str, support: str, now: datetime
) -> Changes:
    """成长史、生活史、心理支持系统 (S000 心理教师深入谈): counselors only."""
    authorize(db, actor, Permission.WRITE_CARE_RECORDS, now=now, object_type="student", object_id=student_id)
    _student(db, student_id)
    with db.transaction() as conn:
        store.save_background(
            conn,
            student_id,
            growth=growth.strip(),
            life=life.strip(),
            support=support.strip(),
            user_id=actor.user_id,
            now=now,
        )
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.STUDENT_UPDATED,
            object_type="student",
            object_id=student_id,
            detail="关爱背景",
        )
    return Changes.of(ChangeKind.STUDENTS, summary="已保存成长史、生活史与心理支持系统")
