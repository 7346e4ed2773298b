"""Grades, classes, staff, students, guardians and flags: bulk writes and counts."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_all, fetch_one


@dataclass(frozen=True)
class EnrolmentCounts:
    grades: int
    classes: int
    students: int
    staff: int


def insert_grade(conn: Connection, *, name: str, stage: str, year_in_stage: int, sort_order: int) -> int:
    cur = conn.execute(
        "INSERT INTO grades (name, stage, year_in_stage, sort_order) VALUES (?, ?, ?, ?)",
        (name, stage, year_in_stage, sort_order),
    )
    return int(cur.lastrowid or 0)


def insert_class(conn: Connection, *, grade_id: int, number: int, name: str, head_teacher_id: int | None) -> int:
    cur = conn.execute(
        "INSERT INTO classes (grade_id, number, name, head_teacher_id) VALUES (?, ?, ?, ?)",
        (grade_id, number, name, head_teacher_id),
    )
    return int(cur.lastrowid or 0)


def insert_staff(
    conn: Connection,
    *,
    name: str,
    gender: str,
    staff_no: str | None,
    position: str,
    subject: str = "",
    phone: str = "",
    qualifications: str = "",
    user_id: int | None = None,
) -> int:
    cur = conn.execute(
        "INSERT INTO staff (name, gender, staff_no, position, subject, phone, qualifications, user_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (name, gender, staff_no, position, subject, phone, qualifications, user_id),
    )
    return int(cur.lastrowid or 0)


def insert_students(conn: Connection, rows: Iterable[tuple[object, ...]]) -> None:
    """rows: (id, student_no, name, gender, birth_date, class_id, status, enrolled_on, created, updated)."""
    conn.executemany(
        "INSERT INTO students (id, student_no, name, gender, birth_date, class_id, status,"
        " enrolled_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def insert_guardians(conn: Connection, rows: Iterable[tuple[object, ...]]) -> None:
    """rows: (student_id, name, relation, phone, is_primary)."""
    conn.executemany(
        "INSERT INTO guardians (student_id, name, relation, phone, is_primary) VALUES (?, ?, ?, ?, ?)",
        rows,
    )


def insert_flags(conn: Connection, rows: Iterable[tuple[int, str]]) -> None:
    conn.executemany("INSERT INTO student_flags (student_id, flag) VALUES (?, ?)", rows)


def counts(conn: Connection) -> EnrolmentCounts:
    def one(sql: str) -> int:
        row = fetch_one(conn, sql)
        return int(row["n"]) if row else 0

    return EnrolmentCounts(
        grades=one("SELECT count(*) AS n FROM grades"),
        classes=one("SELECT count(*) AS n FROM classes WHERE graduated_on IS NULL"),  # at school now
        students=one("SELECT count(*) AS n FROM students WHERE status IN ('在读', '复学')"),
        staff=one("SELECT count(*) AS n FROM staff WHERE active = 1"),
    )


# -- the enrolment read back whole (the demo plans its care records from it) --------------------


@dataclass(frozen=True)
class PlacedStudent:
    id: int
    name: str
    gender: str
    status: str
    class_id: int
    enrolled_on: date


@dataclass(frozen=True)
class CurrentClass:
    id: int
    name: str
    stage: str
    year_in_stage: int
    head_teacher_id: int | None


@dataclass(frozen=True)
class ActiveStaff:
    id: int
    name: str
    position: str
    user_id: int | None


def students_in_classes(conn: Connection, statuses: Collection[str]) -> list[PlacedStudent]:
    """Students with one of `statuses` who are in a class, by id."""
    marks = ", ".join("?" * len(statuses))
    rows = fetch_all(
        conn,
        "SELECT id, name, gender, status, class_id, enrolled_on FROM students"
        f" WHERE status IN ({marks}) AND class_id IS NOT NULL ORDER BY id",
        tuple(statuses),
    )
    return [
        PlacedStudent(
            int(r["id"]),
            str(r["name"]),
            str(r["gender"]),
            str(r["status"]),
            int(r["class_id"]),
            date.fromisoformat(str(r["enrolled_on"])),
        )
        for r in rows
    ]


def current_classes(conn: Connection) -> list[CurrentClass]:
    """Classes not yet graduated, in grade order then by number."""
    rows = fetch_all(
        conn,
        "SELECT c.id, c.name, g.stage, g.year_in_stage, c.head_teacher_id FROM classes c"
        " JOIN grades g ON g.id = c.grade_id WHERE c.graduated_on IS NULL ORDER BY g.sort_order, c.number",
    )
    return [
        CurrentClass(
            int(r["id"]),
            str(r["name"]),
            str(r["stage"]),
            int(r["year_in_stage"]),
            int(r["head_teacher_id"]) if r["head_teacher_id"] is not None else None,
        )
        for r in rows
    ]


def active_staff(conn: Connection) -> list[ActiveStaff]:
    """Active staff by id, with the account each is linked to (None without one)."""
    rows = fetch_all(conn, "SELECT id, name, position, user_id FROM staff WHERE active = 1 ORDER BY id")
    return [
        ActiveStaff(int(r["id"]), str(r["name"]), str(r["position"]), int(r["user_id"]) if r["user_id"] else None)
        for r in rows
    ]
