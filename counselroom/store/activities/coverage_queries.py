"""Counts for the coverage view (services/activities/coverage.py), each one set-based query over the
school store: lesson 课时 per class and two-week window, activities per class or grade and term,
meetings per term, trainings per person and school year. No student is read here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from counselroom.store.connection import Connection
from counselroom.store.named_rows import Row, fetch_all, fetch_one

WINDOW_DAYS = 14
_LEVEL_PROVINCE = "('省级', '国家级')"
_LEVEL_CITY = "('市级', '省级', '国家级')"


@dataclass(frozen=True)
class TermSpan:
    id: int
    year_name: str  # 2025-2026
    number: int
    start: date
    end: date
    year_start: date  # the school year's (学年) dates
    year_end: date


@dataclass(frozen=True)
class CoveredClass:
    id: int
    name: str
    grade_id: int
    grade_name: str
    stage: str
    year_in_stage: int


@dataclass(frozen=True)
class GradeRow:
    id: int
    name: str
    stage: str
    year_in_stage: int


@dataclass(frozen=True)
class StaffRow:
    id: int
    name: str
    position: str
    leads_a_class: bool  # head teacher of a class at school now


@dataclass(frozen=True)
class TrainingTotals:
    staff_id: int
    hours: int
    sessions: int
    courses: int
    provincial_recent: int
    city_ever: int


_TERM_SQL = (
    "SELECT t.id, y.name AS year_name, t.number, t.start_date, t.end_date, y.start_date AS year_start,"
    " y.end_date AS year_end FROM terms t JOIN academic_years y ON y.id = t.year_id"
)


def term_span(conn: Connection, term_id: int) -> TermSpan | None:
    r = fetch_one(conn, f"{_TERM_SQL} WHERE t.id = ?", (term_id,))
    return _term(r) if r else None


def term_on(conn: Connection, day: date) -> TermSpan | None:
    """The term a day falls in; None in the holidays."""
    r = fetch_one(conn, f"{_TERM_SQL} WHERE ? BETWEEN t.start_date AND t.end_date", (day.isoformat(),))
    return _term(r) if r else None


def _term(r: Row) -> TermSpan:
    return TermSpan(
        int(r["id"]),
        str(r["year_name"]),
        int(r["number"]),
        date.fromisoformat(r["start_date"]),
        date.fromisoformat(r["end_date"]),
        date.fromisoformat(r["year_start"]),
        date.fromisoformat(r["year_end"]),
    )


def classes_during(conn: Connection, start: date, end: date) -> list[CoveredClass]:
    """Classes at school during the term [start, end], in order: not graduated before it, and with a
    student enrolled by its end — a class's rows exist before its students came (a past term of
    today's 初一 is not theirs) and a class set up before its 名单 is imported has no one to teach."""
    rows = fetch_all(
        conn,
        "SELECT c.id, c.name, c.grade_id, g.name AS grade_name, g.stage, g.year_in_stage"
        " FROM classes c JOIN grades g ON g.id = c.grade_id"
        " WHERE (c.graduated_on IS NULL OR c.graduated_on > :start) AND EXISTS (SELECT 1 FROM students s"
        " WHERE s.class_id = c.id AND (s.enrolled_on IS NULL OR s.enrolled_on <= :end))"
        " ORDER BY g.sort_order, c.number, c.id",
        {"start": start.isoformat(), "end": end.isoformat()},
    )
    return [
        CoveredClass(r["id"], r["name"], r["grade_id"], r["grade_name"], r["stage"], r["year_in_stage"]) for r in rows
    ]


def lesson_hours_by_window(conn: Connection, start: date, end: date) -> dict[tuple[int, int], int]:
    """(class id, window index) → 课时, window i being the term's days [14·i, 14·i + 14)."""
    rows = fetch_all(
        conn,
        "SELECT class_id, CAST(julianday(held_on) - julianday(:start) AS INTEGER) / :days AS window,"
        " sum(hours) AS hours FROM lessons WHERE held_on BETWEEN :start AND :end GROUP BY class_id, window",
        {"start": start.isoformat(), "end": end.isoformat(), "days": WINDOW_DAYS},
    )
    return {(int(r["class_id"]), int(r["window"])): int(r["hours"]) for r in rows}


def lesson_hours_per_class(conn: Connection, start: date, end: date) -> dict[int, int]:
    """Class id → 课时 in [start, end]; classes without a lesson are absent."""
    rows = fetch_all(
        conn,
        "SELECT class_id, sum(hours) AS hours FROM lessons WHERE held_on BETWEEN ? AND ? GROUP BY class_id",
        (start.isoformat(), end.isoformat()),
    )
    return {int(r["class_id"]): int(r["hours"]) for r in rows}


# An activity covers a class when it is 全校, for the class's grade, or lists the class.
_COVERS_CLASS = (
    "(a.scope = '全校' OR (a.scope = '年级' AND a.grade_id = c.grade_id) OR (a.scope = '班级' AND EXISTS"
    " (SELECT 1 FROM school_activity_classes x WHERE x.activity_id = a.id AND x.class_id = c.id)))"
)
# …and a grade when it is 全校, for that grade, or lists one of its classes.
_COVERS_GRADE = (
    "(a.scope = '全校' OR (a.scope = '年级' AND a.grade_id = g.id) OR (a.scope = '班级' AND EXISTS"
    " (SELECT 1 FROM school_activity_classes x JOIN classes k ON k.id = x.class_id"
    " WHERE x.activity_id = a.id AND k.grade_id = g.id)))"
)


def activities_per_class(conn: Connection, kind: str, start: date, end: date) -> dict[int, int]:
    """Class id → activities of `kind` in [start, end] that cover it; classes with none are absent."""
    rows = fetch_all(
        conn,
        "SELECT c.id AS class_id, count(DISTINCT a.id) AS n FROM classes c JOIN school_activities a"
        f" ON a.kind = ? AND a.held_on BETWEEN ? AND ? AND {_COVERS_CLASS} GROUP BY c.id",
        (kind, start.isoformat(), end.isoformat()),
    )
    return {int(r["class_id"]): int(r["n"]) for r in rows}


def activities_per_grade(conn: Connection, kind: str, start: date, end: date) -> dict[int, int]:
    """Grade id → activities of `kind` in [start, end] that reach it; grades with none are absent."""
    rows = fetch_all(
        conn,
        "SELECT g.id AS grade_id, count(DISTINCT a.id) AS n FROM grades g JOIN school_activities a"
        f" ON a.kind = ? AND a.held_on BETWEEN ? AND ? AND {_COVERS_GRADE} GROUP BY g.id",
        (kind, start.isoformat(), end.isoformat()),
    )
    return {int(r["grade_id"]): int(r["n"]) for r in rows}


def activity_count(conn: Connection, kind: str, start: date, end: date) -> int:
    r = fetch_one(
        conn,
        "SELECT count(*) AS n FROM school_activities WHERE kind = ? AND held_on BETWEEN ? AND ?",
        (kind, start.isoformat(), end.isoformat()),
    )
    return int(r["n"]) if r else 0


def meetings_per_body(conn: Connection, start: date, end: date) -> dict[str, int]:
    rows = fetch_all(
        conn,
        "SELECT body, count(*) AS n FROM meetings WHERE held_on BETWEEN ? AND ? GROUP BY body",
        (start.isoformat(), end.isoformat()),
    )
    return {str(r["body"]): int(r["n"]) for r in rows}


def staff_for_training(conn: Connection) -> list[StaffRow]:
    """Active staff, with whether they lead a class at school now."""
    rows = fetch_all(
        conn,
        "SELECT s.id, s.name, s.position, EXISTS (SELECT 1 FROM classes c WHERE c.head_teacher_id = s.id"
        " AND c.graduated_on IS NULL) AS leads FROM staff s WHERE s.active = 1 ORDER BY s.id",
    )
    return [StaffRow(r["id"], r["name"], r["position"], bool(r["leads"])) for r in rows]


def training_totals(
    conn: Connection, *, year_start: date, year_end: date, recent_start: date
) -> dict[int, TrainingTotals]:
    """Staff id → their trainings counted for a school year [year_start, year_end]: 学时, 次 and
    选修课程 in it, 省级以上 since `recent_start`, 市级以上 up to its end. Staff with none are absent."""
    rows = fetch_all(
        conn,
        "SELECT staff_id,"
        " sum(CASE WHEN held_on >= :ys THEN hours ELSE 0 END) AS hours,"
        " sum(held_on >= :ys) AS sessions,"
        " sum(held_on >= :ys AND kind = '选修课程') AS courses,"
        f" sum(held_on >= :rs AND level IN {_LEVEL_PROVINCE}) AS provincial,"
        f" sum(level IN {_LEVEL_CITY}) AS city"
        " FROM trainings WHERE held_on <= :ye GROUP BY staff_id",
        {"ys": year_start.isoformat(), "ye": year_end.isoformat(), "rs": recent_start.isoformat()},
    )
    return {
        int(r["staff_id"]): TrainingTotals(
            int(r["staff_id"]),
            int(r["hours"]),
            int(r["sessions"]),
            int(r["courses"]),
            int(r["provincial"]),
            int(r["city"]),
        )
        for r in rows
    }
