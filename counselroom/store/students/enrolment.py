"""Grades, classes, staff, students, guardians and flags: bulk writes and counts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_one


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
        classes=one("SELECT count(*) AS n FROM classes"),
        students=one("SELECT count(*) AS n FROM students WHERE status IN ('在读', '复学')"),
        staff=one("SELECT count(*) AS n FROM staff WHERE active = 1"),
    )
