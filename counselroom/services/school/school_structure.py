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
from counselroom.store import audit_log, migrations
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.opening import export_encrypted_copy
from counselroom.store.students import enrolment


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
    return [ClassSummary(*r) for r in _current_classes(db.conn)]


def _current_classes(conn: Connection) -> list[tuple]:  # type: ignore[type-arg]
    return conn.execute(
        "SELECT c.id, c.name, g.name, g.stage, g.year_in_stage, c.number, coalesce(t.name, ''),"
        " (SELECT count(*) FROM students s WHERE s.class_id = c.id AND s.status IN ('在读', '复学'))"
        " FROM classes c JOIN grades g ON g.id = c.grade_id LEFT JOIN staff t ON t.id = c.head_teacher_id"
        " WHERE c.graduated_on IS NULL ORDER BY g.sort_order, c.number"
    ).fetchall()


def list_staff(db: Database, actor: Actor, *, now: datetime) -> list[StaffSummary]:
    authorize(db, actor, Permission.VIEW_ROSTER, now=now)
    rows = db.conn.execute(
        "SELECT id, name, gender, position, subject, qualifications FROM staff WHERE active = 1 ORDER BY position, name"
    ).fetchall()
    return [StaffSummary(*r) for r in rows]


def preview_rollover(db: Database, actor: Actor, *, now: datetime) -> RolloverPreview:
    authorize(db, actor, Permission.MANAGE_ROSTER, now=now)
    return _plan(db.conn)


def _plan(conn: Connection) -> RolloverPreview:
    moves, graduating, suspended = [], 0, 0
    for cid, name, _grade, stage, year, number, _teacher, count in _current_classes(conn):
        final = is_final_year(stage, year)
        moves.append(ClassMove(cid, name, "" if final else class_name(stage, year + 1, number), count, final))
        if final:
            graduating += count
            suspended += conn.execute(
                "SELECT count(*) FROM students WHERE class_id = ? AND status = '休学'", (cid,)
            ).fetchone()[0]
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
        return -int(
            conn.execute(
                "SELECT g.year_in_stage FROM classes c JOIN grades g ON g.id = c.grade_id WHERE c.id = ?",
                (move.class_id,),
            ).fetchone()[0]
        )

    return key


def _graduate(conn: Connection, class_id: int, on_date: date, actor: Actor, now: datetime) -> None:
    stamp = now.isoformat(timespec="seconds")
    conn.execute(
        "INSERT INTO student_status_changes (student_id, from_status, to_status, on_date, reason,"
        " recorded_by, recorded_at) SELECT id, status, '毕业', ?, '学年升级', ?, ? FROM students"
        " WHERE class_id = ? AND status IN ('在读', '复学')",
        (on_date.isoformat(), actor.user_id, stamp, class_id),
    )
    conn.execute(
        "UPDATE students SET status = '毕业', left_on = ?, updated_at = ? WHERE class_id = ?"
        " AND status IN ('在读', '复学')",
        (on_date.isoformat(), stamp, class_id),
    )
    conn.execute("UPDATE classes SET graduated_on = ? WHERE id = ?", (on_date.isoformat(), class_id))


def _move_up(conn: Connection, class_id: int, new_name: str) -> None:
    stage, year = conn.execute(
        "SELECT g.stage, g.year_in_stage FROM classes c JOIN grades g ON g.id = c.grade_id WHERE c.id = ?", (class_id,)
    ).fetchone()
    grade_id = _grade_id(conn, stage, year + 1)
    conn.execute("UPDATE classes SET grade_id = ?, name = ? WHERE id = ?", (grade_id, new_name, class_id))


def _grade_id(conn: Connection, stage: str, year: int) -> int:
    row = conn.execute("SELECT id FROM grades WHERE stage = ? AND year_in_stage = ?", (stage, year)).fetchone()
    if row:
        return int(row[0])
    cur = conn.execute(
        "INSERT INTO grades (name, stage, year_in_stage, sort_order) VALUES (?, ?, ?, ?)",
        (grade_name(stage, year), stage, year, grade_sort_order(stage, year)),
    )
    return int(cur.lastrowid or 0)


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
