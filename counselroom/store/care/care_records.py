"""成长导师, 一人一案 plans, 心理委员 and the reports they raise."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from counselroom.store.connection import Connection
from counselroom.store.named_rows import Row, fetch_all, fetch_one


@dataclass(frozen=True)
class MentorRow:
    student_id: int
    staff_id: int
    staff_name: str
    since: str
    ended_on: str  # '' while it lasts
    end_reason: str


@dataclass(frozen=True)
class PlanRow:
    goals: str
    measures: str
    updated_at: str


@dataclass(frozen=True)
class PeerReportRow:
    id: int
    class_id: int
    class_name: str
    student_id: int | None
    reporter: str
    reported_on: str
    concern: str
    status: str


_MENTOR = (
    "SELECT m.student_id, m.staff_id, s.name AS staff_name, m.started_on, m.ended_on, m.end_reason"
    " FROM mentorships m JOIN staff s ON s.id = m.staff_id"
)


def _mentor(r: Row) -> MentorRow:
    return MentorRow(
        int(r["student_id"]),
        int(r["staff_id"]),
        str(r["staff_name"]),
        str(r["started_on"]),
        str(r["ended_on"] or ""),
        str(r["end_reason"]),
    )


def mentor_of(conn: Connection, student_id: int) -> MentorRow | None:
    """The student's current 成长导师, if any."""
    r = fetch_one(conn, f"{_MENTOR} WHERE m.student_id = ? AND m.ended_on IS NULL", (student_id,))
    return _mentor(r) if r else None


def all_mentors(conn: Connection) -> dict[int, MentorRow]:
    """Student → current mentorship."""
    return {int(r["student_id"]): _mentor(r) for r in fetch_all(conn, f"{_MENTOR} WHERE m.ended_on IS NULL")}


def mentorships_of(conn: Connection, student_id: int) -> list[MentorRow]:
    """Every mentorship of the student, the ended ones too, oldest first."""
    rows = fetch_all(conn, f"{_MENTOR} WHERE m.student_id = ? ORDER BY m.started_on, m.id", (student_id,))
    return [_mentor(r) for r in rows]


def start_mentorship(conn: Connection, student_id: int, staff_id: int, *, since: date, user_id: int) -> None:
    conn.execute(
        "INSERT INTO mentorships (student_id, staff_id, started_on, assigned_by) VALUES (?, ?, ?, ?)",
        (student_id, staff_id, since.isoformat(), user_id),
    )


def end_mentorship(conn: Connection, student_id: int, *, on: date, reason: str, user_id: int | None) -> bool:
    """End the student's current mentorship, if any; True when one was ended."""
    cur = conn.execute(
        "UPDATE mentorships SET ended_on = ?, end_reason = ?, ended_by = ? WHERE student_id = ? AND ended_on IS NULL",
        (on.isoformat(), reason, user_id, student_id),
    )
    return bool(cur.rowcount)


def end_mentorships_of_graduates(conn: Connection, class_id: int, *, on: date, user_id: int | None) -> None:
    """At the rollover: the class's students who just graduated leave their mentors."""
    conn.execute(
        "UPDATE mentorships SET ended_on = ?, end_reason = '毕业', ended_by = ? WHERE ended_on IS NULL"
        " AND student_id IN (SELECT id FROM students WHERE class_id = ? AND status = '毕业')",
        (on.isoformat(), user_id, class_id),
    )


def mentee_counts(conn: Connection) -> dict[int, int]:
    """Staff → how many students they mentor now."""
    rows = fetch_all(
        conn, "SELECT staff_id, count(*) AS mentees FROM mentorships WHERE ended_on IS NULL GROUP BY staff_id"
    )
    return {int(r["staff_id"]): int(r["mentees"]) for r in rows}


def plan_of(conn: Connection, student_id: int) -> PlanRow | None:
    r = fetch_one(conn, "SELECT goals, measures, updated_at FROM care_plans WHERE student_id = ?", (student_id,))
    return PlanRow(r["goals"], r["measures"], r["updated_at"]) if r else None


def students_with_plans(conn: Connection) -> set[int]:
    return {int(r["student_id"]) for r in fetch_all(conn, "SELECT student_id FROM care_plans")}


def save_plan(conn: Connection, student_id: int, *, goals: str, measures: str, user_id: int, now: datetime) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO care_plans (student_id, goals, measures, updated_by, updated_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (student_id, goals, measures, user_id, now.isoformat(timespec="seconds")),
    )


def peer_monitors(conn: Connection, class_id: int) -> list[tuple[int, str, str]]:
    """(student id, name, gender) of the class's 心理委员."""
    rows = fetch_all(
        conn,
        "SELECT s.id, s.name, s.gender FROM peer_monitors p JOIN students s"
        " ON s.id = p.student_id WHERE p.class_id = ? ORDER BY s.gender",
        (class_id,),
    )
    return [(int(r["id"]), r["name"], r["gender"]) for r in rows]


def set_peer_monitors(conn: Connection, class_id: int, student_ids: list[int], *, since: date) -> None:
    conn.execute("DELETE FROM peer_monitors WHERE class_id = ?", (class_id,))
    conn.executemany(
        "INSERT INTO peer_monitors (class_id, student_id, since) VALUES (?, ?, ?)",
        [(class_id, s, since.isoformat()) for s in student_ids],
    )


@dataclass(frozen=True)
class MonitorCountRow:
    class_id: int
    class_name: str
    stage: str
    boys: int
    girls: int


def classes_with_monitor_counts(conn: Connection) -> list[MonitorCountRow]:
    """How many boy and girl 心理委员 each current class has, counting only those still at school
    (在读, 复学): one on 休学 or gone is no help to the class."""
    rows = fetch_all(
        conn,
        "SELECT c.id, c.name, g.stage,"
        " coalesce(sum(s.gender = '男'), 0) AS boys, coalesce(sum(s.gender = '女'), 0) AS girls"
        " FROM classes c JOIN grades g ON g.id = c.grade_id LEFT JOIN peer_monitors p ON p.class_id = c.id"
        " LEFT JOIN students s ON s.id = p.student_id AND s.class_id = c.id AND s.status IN ('在读', '复学')"
        " WHERE c.graduated_on IS NULL GROUP BY c.id ORDER BY g.sort_order, c.number",
    )
    return [MonitorCountRow(int(r["id"]), r["name"], r["stage"], int(r["boys"]), int(r["girls"])) for r in rows]


_REPORT = (
    "SELECT r.id, r.class_id, c.name AS class_name, r.student_id, r.reporter, r.reported_on, r.concern, r.status"
    " FROM peer_reports r JOIN classes c ON c.id = r.class_id"
)


def _report(r: Row) -> PeerReportRow:
    return PeerReportRow(
        int(r["id"]),
        int(r["class_id"]),
        str(r["class_name"]),
        int(r["student_id"]) if r["student_id"] is not None else None,
        str(r["reporter"]),
        str(r["reported_on"]),
        str(r["concern"]),
        str(r["status"]),
    )


def insert_peer_report(
    conn: Connection,
    *,
    class_id: int,
    student_id: int | None,
    reporter: str,
    reported_on: date,
    concern: str,
    user_id: int,
    now: datetime,
) -> int:
    cur = conn.execute(
        "INSERT INTO peer_reports (class_id, student_id, reporter, reported_on, concern, recorded_by,"
        " recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (class_id, student_id, reporter, reported_on.isoformat(), concern, user_id, now.isoformat(timespec="seconds")),
    )
    return int(cur.lastrowid or 0)


def peer_reports(conn: Connection, *, status: str | None = None, student_id: int | None = None) -> list[PeerReportRow]:
    where: list[str] = []
    args: list[str | int] = []
    if status:
        where.append("r.status = ?")
        args.append(status)
    if student_id is not None:
        where.append("r.student_id = ?")
        args.append(student_id)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    return [_report(r) for r in fetch_all(conn, f"{_REPORT}{clause} ORDER BY r.reported_on DESC, r.id DESC", args)]


def set_peer_report_status(conn: Connection, report_id: int, status: str) -> None:
    conn.execute("UPDATE peer_reports SET status = ? WHERE id = ?", (status, report_id))


def peer_report_reporter(conn: Connection, report_id: int) -> str:
    row = fetch_one(conn, "SELECT reporter FROM peer_reports WHERE id = ?", (report_id,))
    return str(row["reporter"]) if row else ""
