"""Classes and staff as lists, and the term rollover at the end of a school year:
every class moves up a grade and final-year classes graduate — previewed, and applied after an
encrypted copy of the database is taken, so it can be undone by restoring that copy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.school.school_structure import class_name, grade_name, grade_sort_order, is_final_year
from counselroom.domain.students.student_facts import StaffPosition
from counselroom.services.accounts.session import Changes
from counselroom.services.guard import authorize
from counselroom.services.school.class_naming import name_form_of
from counselroom.store import audit_log, migrations
from counselroom.store.care import care_records
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.opening import export_encrypted_copy
from counselroom.store.school import classes, staff
from counselroom.store.students import enrolment
from counselroom.store.students import student_records as students


@dataclass(frozen=True)
class ClassSummary:
    id: int
    name: str
    grade_name: str
    stage: str
    year_in_stage: int
    number: int
    head_teacher: str
    students: int
    grade_id: int | None = None  # for an activity held for a whole grade


@dataclass(frozen=True)
class StaffSummary:
    id: int
    name: str
    gender: str
    position: str
    subject: str
    qualifications: str


@dataclass(frozen=True)
class ClassMove:
    class_id: int
    old_name: str
    new_name: str  # '' for a graduating class
    students: int
    graduating: bool


@dataclass(frozen=True)
class RolloverPreview:
    moves: tuple[ClassMove, ...]
    graduating_students: int
    suspended_left_behind: int  # 休学 students in graduating classes keep their status

    @property
    def graduating_classes(self) -> int:
        return sum(m.graduating for m in self.moves)


def list_classes(db: Database, actor: Actor, *, now: datetime) -> list[ClassSummary]:
    authorize(db, actor, Permission.VIEW_ROSTER, now=now)
    return [
        ClassSummary(
            c.id, c.name, c.grade_name, c.stage, c.year_in_stage, c.number, c.head_teacher, c.students, c.grade_id
        )
        for c in classes.current_classes(db.conn)
    ]


def list_staff(db: Database, actor: Actor, *, now: datetime) -> list[StaffSummary]:
    authorize(db, actor, Permission.VIEW_ROSTER, now=now)
    return [
        StaffSummary(s.id, s.name, s.gender, s.position, s.subject, s.qualifications)
        for s in staff.active_staff(db.conn)
    ]


def preview_rollover(db: Database, actor: Actor, *, now: datetime) -> RolloverPreview:
    authorize(db, actor, Permission.MANAGE_ROSTER, now=now)
    return _plan(db.conn)


def _plan(conn: Connection) -> RolloverPreview:
    moves, graduating, suspended = [], 0, 0
    form = name_form_of(conn)  # the school's own form: 初二(3)班 or 八年级（3）班
    for c in classes.current_classes(conn):
        final = is_final_year(c.stage, c.year_in_stage)
        new_name = "" if final else class_name(c.stage, c.year_in_stage + 1, c.number, form)
        moves.append(ClassMove(c.id, c.name, new_name, c.students, final))
        if final:
            graduating += c.students
            suspended += students.count_in_class(conn, c.id, "休学")
    return RolloverPreview(tuple(moves), graduating, suspended)


def apply_rollover(db: Database, actor: Actor, *, on_date: date, now: datetime) -> Changes:
    """Graduate final-year classes, move the others up, after an encrypted copy."""
    authorize(db, actor, Permission.MANAGE_ROSTER, now=now)
    plan = _plan(db.conn)
    if not plan.moves:
        raise ValidationError("还没有班级，无需升级")
    backup = _copy_before_rollover(db, now)
    with db.transaction() as conn:
        for move in sorted(plan.moves, key=lambda m: not m.graduating):
            if move.graduating:
                _graduate(conn, move.class_id, on_date, actor, now)
        for move in sorted((m for m in plan.moves if not m.graduating), key=_year_desc(conn)):
            _move_up(conn, move.class_id, move.new_name)
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.TERM_ROLLOVER,
            detail=f"毕业 {plan.graduating_students} 人，升级 {len(plan.moves)} 个班",
            reason=f"升级前副本：{backup.name}",
        )
    return Changes.of(ChangeKind.STUDENTS, ChangeKind.CLASSES, summary=f"已完成升年级；升级前的加密副本：{backup.name}")


def _copy_before_rollover(db: Database, now: datetime) -> Path:
    target = db.path.with_name(f"{db.path.name}.before-rollover-{now.strftime('%Y%m%d-%H%M%S')}.bak")
    export_encrypted_copy(db.conn, target, db.key, migrations.schema_version(db.conn))
    return target


def _year_desc(conn: Connection):  # type: ignore[no-untyped-def]
    """Move the highest years first, so 初二 leaves before 初一 arrives."""

    def key(move: ClassMove) -> int:
        return -classes.grade_of(conn, move.class_id).year_in_stage

    return key


def _graduate(conn: Connection, class_id: int, on_date: date, actor: Actor, now: datetime) -> None:
    students.graduate_class(conn, class_id, on_date=on_date, user_id=actor.user_id, now=now)
    care_records.end_mentorships_of_graduates(conn, class_id, on=on_date, user_id=actor.user_id)
    classes.mark_graduated(conn, class_id, on_date)


def _move_up(conn: Connection, class_id: int, new_name: str) -> None:
    grade = classes.grade_of(conn, class_id)
    grade_id = _grade_id(conn, grade.stage, grade.year_in_stage + 1)
    classes.move_class(conn, class_id, grade_id=grade_id, name=new_name)


def _grade_id(conn: Connection, stage: str, year: int) -> int:
    found = classes.grade_id(conn, stage, year)
    if found is not None:
        return found
    name = grade_name(stage, year, name_form_of(conn))
    return enrolment.insert_grade(
        conn, name=name, stage=stage, year_in_stage=year, sort_order=grade_sort_order(stage, year)
    )


def add_staff(
    db: Database,
    actor: Actor,
    *,
    name: str,
    gender: str,
    position: StaffPosition,
    subject: str = "",
    qualifications: str = "",
    phone: str = "",
    now: datetime,
) -> Changes:
    """A teacher or leader: 专职/兼职心理教师, 班主任, 科任教师, 校领导."""
    authorize(db, actor, Permission.MANAGE_ROSTER, now=now)
    if not name.strip():
        raise ValidationError("请填写姓名", field="姓名")
    if gender not in ("男", "女"):
        raise ValidationError("性别应为 男 或 女", field="性别")
    with db.transaction() as conn:
        staff_id = enrolment.insert_staff(
            conn,
            name=name.strip(),
            gender=gender,
            staff_no=None,
            position=position.value,
            subject=subject.strip(),
            qualifications=qualifications.strip(),
            phone=phone.strip(),
        )
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.STAFF_CHANGED,
            object_type="staff",
            object_id=staff_id,
            detail=position.value,
        )
    return Changes.of(ChangeKind.CLASSES, summary=f"已添加{position.value}{name.strip()}")
