"""Classes and grades as the school structure sees them: the current list and the term rollover's
moves (a class changes grade and name; a final-year class is marked graduated)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_all, fetch_one


@dataclass(frozen=True)
class ClassRow:
    id: int
    name: str
    grade_name: str
    stage: str
    year_in_stage: int
    number: int
    head_teacher: str  # '' without one
    students: int  # 在读 and 复学 only
    grade_id: int = 0


@dataclass(frozen=True)
class ClassGrade:
    stage: str
    year_in_stage: int


def current_classes(conn: Connection) -> list[ClassRow]:
    """Classes still at school, in grade and class order, with their current students."""
    rows = fetch_all(
        conn,
        "SELECT c.id, c.name, c.grade_id, g.name AS grade_name, g.stage, g.year_in_stage, c.number,"
        " coalesce(t.name, '') AS head_teacher,"
        " (SELECT count(*) FROM students s WHERE s.class_id = c.id AND s.status IN ('在读', '复学')) AS students"
        " FROM classes c JOIN grades g ON g.id = c.grade_id LEFT JOIN staff t ON t.id = c.head_teacher_id"
        " WHERE c.graduated_on IS NULL ORDER BY g.sort_order, c.number",
    )
    return [
        ClassRow(
            id=r["id"],
            name=r["name"],
            grade_name=r["grade_name"],
            stage=r["stage"],
            year_in_stage=r["year_in_stage"],
            number=r["number"],
            head_teacher=r["head_teacher"],
            students=r["students"],
            grade_id=r["grade_id"],
        )
        for r in rows
    ]


def class_exists(conn: Connection, class_id: int) -> bool:
    return fetch_one(conn, "SELECT 1 FROM classes WHERE id = ?", (class_id,)) is not None


def grade_of(conn: Connection, class_id: int) -> ClassGrade:
    row = fetch_one(
        conn,
        "SELECT g.stage, g.year_in_stage FROM classes c JOIN grades g ON g.id = c.grade_id WHERE c.id = ?",
        (class_id,),
    )
    if row is None:
        raise LookupError(f"no class {class_id}")
    return ClassGrade(row["stage"], int(row["year_in_stage"]))


def grade_id(conn: Connection, stage: str, year_in_stage: int) -> int | None:
    row = fetch_one(conn, "SELECT id FROM grades WHERE stage = ? AND year_in_stage = ?", (stage, year_in_stage))
    return int(row["id"]) if row else None


def move_class(conn: Connection, class_id: int, *, grade_id: int, name: str) -> None:
    conn.execute("UPDATE classes SET grade_id = ?, name = ? WHERE id = ?", (grade_id, name, class_id))


def mark_graduated(conn: Connection, class_id: int, on_date: date) -> None:
    conn.execute("UPDATE classes SET graduated_on = ? WHERE id = ?", (on_date.isoformat(), class_id))


@dataclass(frozen=True)
class NamedGrade:
    id: int
    stage: str
    year_in_stage: int


@dataclass(frozen=True)
class NamedClass:
    id: int
    stage: str
    year_in_stage: int
    number: int


def all_grades(conn: Connection) -> list[NamedGrade]:
    rows = fetch_all(conn, "SELECT id, stage, year_in_stage FROM grades ORDER BY sort_order")
    return [NamedGrade(int(r["id"]), r["stage"], int(r["year_in_stage"])) for r in rows]


def all_classes(conn: Connection) -> list[NamedClass]:
    """Every class, graduated ones too (they keep the school's form of name in the record)."""
    rows = fetch_all(
        conn,
        "SELECT c.id, g.stage, g.year_in_stage, c.number FROM classes c JOIN grades g ON g.id = c.grade_id"
        " ORDER BY g.sort_order, c.number, c.id",
    )
    return [NamedClass(int(r["id"]), r["stage"], int(r["year_in_stage"]), int(r["number"])) for r in rows]


def rename_grade(conn: Connection, grade_id: int, name: str) -> None:
    conn.execute("UPDATE grades SET name = ? WHERE id = ?", (name, grade_id))


def rename_class(conn: Connection, class_id: int, name: str) -> None:
    conn.execute("UPDATE classes SET name = ? WHERE id = ?", (name, class_id))


def head_teacher_of(conn: Connection, class_id: int) -> int | None:
    """The staff id of the class's 班主任; None without one."""
    row = fetch_one(conn, "SELECT head_teacher_id FROM classes WHERE id = ?", (class_id,))
    return int(row["head_teacher_id"]) if row and row["head_teacher_id"] is not None else None
