"""What the exports read (issue #14): the pseudonym secret and each student's care facts over a term
(care store), the students at school by grade and gender (school store).

`students_at_school` and `grade_gender_counts` read the school store only, so a principal's export
can use them; everything else needs the care store attached."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from counselroom.store.connection import Connection
from counselroom.store.named_rows import Row, fetch_all, fetch_one

AT_SCHOOL = "('在读', '复学')"  # attending now: as the 学期自查报告 counts the school's students
_GRADE = (
    "SELECT s.id, s.gender, coalesce(g.stage, '') AS stage, coalesce(g.name, '未分班') AS grade,"
    " coalesce(g.sort_order, 999) AS grade_order"
    " FROM students s LEFT JOIN classes c ON c.id = s.class_id LEFT JOIN grades g ON g.id = c.grade_id"
    f" WHERE s.status IN {AT_SCHOOL}"
)


@dataclass(frozen=True)
class StudentPlace:
    student_id: int
    stage: str
    grade: str
    grade_order: int
    gender: str


@dataclass(frozen=True)
class StudentCareFacts:
    level: str = ""  # an open warning's level ("red" …), "" when not on the list
    screened: bool = False  # a result in a batch held in the term
    positive: bool = False  # a valid positive result among them
    sessions: int = 0  # appointments 已到 in the term that name the student
    case: bool = False  # a case open at some time in the term
    referral: bool = False  # a referral open at some time in the term
    talks: int = 0  # 六谈 talks in the term
    home_visit: bool = False  # a 家访 in the term


def pseudonym_secret(conn: Connection) -> bytes | None:
    """The key of students' pseudonyms (care store; store/care_store.py makes it at the split)."""
    row = fetch_one(conn, "SELECT value FROM care.care_meta WHERE name = 'pseudonym_secret'")
    return bytes.fromhex(str(row["value"])) if row else None


def students_at_school(conn: Connection) -> list[StudentPlace]:
    rows = fetch_all(conn, f"{_GRADE} ORDER BY grade_order, s.id")
    return [
        StudentPlace(int(r["id"]), str(r["stage"]), str(r["grade"]), int(r["grade_order"]), str(r["gender"]))
        for r in rows
    ]


def grade_gender_counts(conn: Connection) -> Counter[tuple[str, str]]:
    """(grade, gender) → students at school; grades in school order as the Counter's keys come."""
    return Counter((p.grade, p.gender) for p in students_at_school(conn))


def care_facts(conn: Connection, start: date, end: date) -> dict[int, StudentCareFacts]:
    """Every student with anything to count in [start, end] (or on the warning list now)."""
    first, last, after = start.isoformat(), end.isoformat(), (end + timedelta(days=1)).isoformat()
    found: dict[int, dict[str, Any]] = {}  # student → StudentCareFacts' fields

    def mark(rows: list[Row], field: str, *, value: bool = False) -> None:
        """Set `field` on each row's student: the row's `v` when `value`, else True."""
        for r in rows:
            found.setdefault(int(r["student_id"]), {})[field] = r["v"] if value else True

    mark(
        fetch_all(conn, "SELECT student_id, level AS v FROM care.warnings WHERE closed_on IS NULL"), "level", value=True
    )
    screening = fetch_all(
        conn,
        "SELECT r.student_id, max(r.positive AND r.invalid_reason = '') AS v FROM care.screening_results r"
        " JOIN care.screening_batches b ON b.id = r.batch_id WHERE b.held_on BETWEEN ? AND ? GROUP BY r.student_id",
        (first, last),
    )
    mark(screening, "screened")
    mark([r for r in screening if r["v"]], "positive")
    sessions = (
        "SELECT x.student_id, count(*) AS v FROM care.appointment_students x"
        " JOIN care.appointments a ON a.id = x.appointment_id"
        " WHERE a.status = '已到' AND a.starts_at >= ? AND a.starts_at < ? GROUP BY x.student_id"
    )
    mark(fetch_all(conn, sessions, (first, after)), "sessions", value=True)
    open_in_term = "{day} <= ? AND (closed_on IS NULL OR closed_on >= ?)"
    cases = f"SELECT DISTINCT student_id FROM care.cases WHERE {open_in_term.format(day='opened_on')}"
    mark(fetch_all(conn, cases, (last, first)), "case")
    referrals = f"SELECT DISTINCT student_id FROM care.referrals WHERE {open_in_term.format(day='suggested_on')}"
    mark(fetch_all(conn, referrals, (last, first)), "referral")
    talks = (
        "SELECT x.student_id, count(*) AS v FROM care.talk_students x JOIN care.talks t ON t.id = x.talk_id"
        " WHERE t.held_on BETWEEN ? AND ? GROUP BY x.student_id"
    )
    mark(fetch_all(conn, talks, (first, last)), "talks", value=True)
    visits = (
        "SELECT DISTINCT x.student_id FROM care.home_visit_students x JOIN care.home_visits v ON v.id = x.visit_id"
        " WHERE v.held_on BETWEEN ? AND ?"
    )
    mark(fetch_all(conn, visits, (first, last)), "home_visit")
    return {sid: StudentCareFacts(**fields) for sid, fields in found.items()}
