"""Who talks and home visits name, read from the school store: the students (with what entering a
record checks — status, 入学 date), the 心理委员 serving now, and each student's primary guardian's
phone, which decides their family (domain/activities/home_visits.py `family_key`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_all, fetch_one

# The link tables of the care store's records that name students, with their record column.
_LINKS = frozenset({("talk_students", "talk_id"), ("home_visit_students", "visit_id")})
_CHUNK = 500  # SQLite caps the number of parameters

# At school and counted in a class (the peer monitors' and coverage's sense): not on leave, not gone.
AT_SCHOOL = ("在读", "复学")


@dataclass(frozen=True)
class StudentFacts:
    id: int
    name: str
    class_id: int | None
    class_name: str
    status: str
    enrolled_on: date | None


@dataclass(frozen=True)
class StudentPhone:
    id: int
    name: str
    class_id: int
    class_name: str
    phone: str  # the primary guardian's, as written; '' when none
    enrolled_on: str = ""  # ISO date; '' when not on file


def students(conn: Connection, student_ids: Iterable[int]) -> dict[int, StudentFacts]:
    ids = sorted(set(student_ids))
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    rows = fetch_all(
        conn,
        "SELECT s.id, s.name, s.class_id, coalesce(c.name, '') AS class_name, s.status, s.enrolled_on"
        f" FROM students s LEFT JOIN classes c ON c.id = s.class_id WHERE s.id IN ({marks})",
        ids,
    )
    return {
        int(r["id"]): StudentFacts(
            int(r["id"]),
            str(r["name"]),
            None if r["class_id"] is None else int(r["class_id"]),
            str(r["class_name"]),
            str(r["status"]),
            date.fromisoformat(str(r["enrolled_on"])[:10]) if r["enrolled_on"] else None,
        )
        for r in rows
    }


def is_peer_monitor(conn: Connection, student_id: int) -> bool:
    """A 心理委员 now: listed for the class they are in, and at school."""
    row = fetch_one(
        conn,
        "SELECT 1 AS yes FROM peer_monitors p JOIN students s ON s.id = p.student_id AND s.class_id = p.class_id"
        f" WHERE p.student_id = ? AND s.status IN {AT_SCHOOL}",
        (student_id,),
    )
    return row is not None


_PRIMARY_PHONE = (
    "coalesce((SELECT g.phone FROM guardians g WHERE g.student_id = s.id AND g.is_primary = 1"
    " ORDER BY g.id LIMIT 1), '')"
)


def phones_at_school(conn: Connection) -> list[StudentPhone]:
    """Every student at school in a class, with their primary guardian's phone, by class and 学号."""
    rows = fetch_all(
        conn,
        f"SELECT s.id, s.name, s.class_id, c.name AS class_name, {_PRIMARY_PHONE} AS phone,"
        " coalesce(s.enrolled_on, '') AS enrolled_on FROM students s"
        f" JOIN classes c ON c.id = s.class_id WHERE s.status IN {AT_SCHOOL} ORDER BY c.id, s.student_no",
    )
    return [
        StudentPhone(
            int(r["id"]),
            str(r["name"]),
            int(r["class_id"]),
            str(r["class_name"]),
            str(r["phone"]),
            str(r["enrolled_on"]),
        )
        for r in rows
    ]


def primary_phone(conn: Connection, student_id: int) -> str:
    row = fetch_one(conn, f"SELECT {_PRIMARY_PHONE} AS phone FROM students s WHERE s.id = ?", (student_id,))
    return str(row["phone"]) if row else ""


@dataclass(frozen=True)
class LinkedStudent:
    student_id: int
    name: str
    class_name: str


def linked_students(
    conn: Connection, link_table: str, record_column: str, record_ids: Sequence[int]
) -> dict[int, list[LinkedStudent]]:
    """Record id → the students its link table names, by 学号 (talks and home visits: care store)."""
    if (link_table, record_column) not in _LINKS:
        raise ValueError(f"not a student link table: {link_table}.{record_column}")
    found: dict[int, list[LinkedStudent]] = {}
    for at in range(0, len(record_ids), _CHUNK):
        chunk = list(record_ids[at : at + _CHUNK])
        marks = ", ".join("?" for _ in chunk)
        rows = fetch_all(
            conn,
            f"SELECT x.{record_column} AS record_id, s.id AS student_id, s.name, coalesce(c.name, '') AS class_name"
            f" FROM {link_table} x JOIN students s ON s.id = x.student_id LEFT JOIN classes c ON c.id = s.class_id"
            f" WHERE x.{record_column} IN ({marks}) ORDER BY x.{record_column}, s.student_no",
            chunk,
        )
        for r in rows:
            found.setdefault(int(r["record_id"]), []).append(
                LinkedStudent(int(r["student_id"]), str(r["name"]), str(r["class_name"]))
            )
    return found
