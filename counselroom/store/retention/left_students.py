"""Students who left (毕业, 转出), and how many records of each kind each of them has in each store:
what the lead reads before deciding on a purge. Counts only, never the records' text."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_all

SCHOOL_STORE, CARE_STORE = "学校数据", "心理档案"
_LISTED = "(SELECT id FROM temp.retention_listed)"


@dataclass(frozen=True)
class LeftStudent:
    id: int
    name: str
    class_name: str  # the class they were in when they left
    status: str  # 毕业 or 转出
    left_on: str


def left_students(conn: Connection, statuses: Collection[str]) -> list[LeftStudent]:
    marks = ", ".join("?" for _ in statuses)
    rows = fetch_all(
        conn,
        "SELECT s.id, s.name, coalesce(c.name, '') AS class_name, s.status, s.left_on FROM main.students s"
        f" LEFT JOIN main.classes c ON c.id = s.class_id WHERE s.status IN ({marks}) AND s.left_on IS NOT NULL"
        " ORDER BY s.left_on, class_name, s.name, s.id",
        tuple(statuses),
    )
    return [
        LeftStudent(int(r["id"]), str(r["name"]), str(r["class_name"]), str(r["status"]), str(r["left_on"]))
        for r in rows
    ]


def _by_student(table: str, column: str = "student_id") -> str:
    return f"SELECT {column} AS sid, count(*) AS n FROM {table} WHERE {column} IN {_LISTED} GROUP BY {column}"


# (store, kind as a teacher names it, per-student counts) in the order the list shows them.
COUNTERS: tuple[tuple[str, str, str], ...] = (
    (SCHOOL_STORE, "家长联系人", _by_student("main.guardians")),
    (SCHOOL_STORE, "学籍变动", _by_student("main.student_status_changes")),
    (SCHOOL_STORE, "成长导师", _by_student("main.mentorships")),
    (SCHOOL_STORE, "心理委员任职", _by_student("main.peer_monitors")),
    (CARE_STORE, "个案", _by_student("care.cases")),
    (CARE_STORE, "辅导记录", _by_student("care.note_students")),
    (
        CARE_STORE,
        "附件",
        "SELECT c.student_id AS sid, count(*) AS n FROM care.attachments a JOIN care.cases c ON c.id = a.case_id"
        f" WHERE c.student_id IN {_LISTED} GROUP BY c.student_id",
    ),
    (CARE_STORE, "预警", _by_student("care.warnings")),
    (CARE_STORE, "预警建议", _by_student("care.warning_proposals")),
    (CARE_STORE, "测评结果", _by_student("care.screening_results")),
    (CARE_STORE, "心理委员报告", _by_student("care.peer_reports")),
    (CARE_STORE, "预约", _by_student("care.appointment_students")),
    (CARE_STORE, "候补", _by_student("care.waitlist")),
    (CARE_STORE, "转介", _by_student("care.referrals")),
    (CARE_STORE, "危机事件", _by_student("care.incident_students")),
    (CARE_STORE, "事后安抚", _by_student("care.aftercare_people")),
    (CARE_STORE, "保密例外", _by_student("care.confidentiality_exceptions")),
    (CARE_STORE, "休学", _by_student("care.student_leaves")),
    (CARE_STORE, "谈心谈话", _by_student("care.talk_students")),
    (CARE_STORE, "谈心谈话（作为心理委员）", _by_student("care.talks", "talker_student_id")),
    (CARE_STORE, "家访", _by_student("care.home_visit_students")),
    (CARE_STORE, "一人一案", _by_student("care.care_plans")),
    (CARE_STORE, "一人一案复查", _by_student("care.plan_reviews")),
    (CARE_STORE, "成长史等背景", _by_student("care.student_background")),
    (CARE_STORE, "家庭情况与特殊需要", _by_student("care.student_flags")),
)


def record_counts(conn: Connection, student_ids: Collection[int]) -> dict[int, dict[tuple[str, str], int]]:
    """student id → (store, kind) → records, for each kind the student has any of."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS retention_listed (id INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM temp.retention_listed")
    conn.executemany("INSERT INTO temp.retention_listed (id) VALUES (?)", [(int(i),) for i in student_ids])
    found: dict[int, dict[tuple[str, str], int]] = {int(i): {} for i in student_ids}
    try:
        for store, kind, sql in COUNTERS:
            for r in fetch_all(conn, sql):
                found[int(r["sid"])][(store, kind)] = int(r["n"])
    finally:
        conn.execute("DELETE FROM temp.retention_listed")
    return found
