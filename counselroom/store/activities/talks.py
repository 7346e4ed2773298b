"""六谈 talks (谈心谈话): a talk, its students, and the 活动记录表's tally. Care store: every function
here needs the care store attached (names come from the school store's students, staff and users)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from counselroom.store.activities import people
from counselroom.store.activities.people import LinkedStudent
from counselroom.store.connection import Connection
from counselroom.store.named_rows import Row, fetch_all, fetch_one

# Who a talk's talker is, for counting 参与人数: a staff member by id, a 心理委员 by student id
# (negated, so the two never meet), a guardian by the name as told together with the student talked
# about (guardians have no id of their own; two mothers written "母亲" are two people). Used by the
# tally here and by the school store's counts (store/activities/activity_counts.py), so both count alike.
PERSON_KEY = "coalesce(t.talker_staff_id, -t.talker_student_id)"  # staff and 心理委员: the talks row alone
GUARDIAN_KEY = "t.talker_name || '|' || ts.student_id"  # needs talk_students ts
PARTICIPANT_KEY = f"CASE t.talker_kind WHEN '家长' THEN {GUARDIAN_KEY} ELSE {PERSON_KEY} END"


@dataclass(frozen=True)
class TalkRow:
    id: int
    category: str
    talker_kind: str
    talker: str  # the staff member's or 心理委员's name, or the guardian as told
    held_on: str
    topic: str
    follow_up: bool
    recorded_by: int
    recorded_by_name: str


@dataclass(frozen=True)
class TallyRow:
    category: str
    participants: int
    talks: int
    students: int


_SELECT = (
    "SELECT t.id, t.category, t.talker_kind, coalesce(st.name, ps.name, t.talker_name) AS talker, t.held_on,"
    " t.topic, t.follow_up, t.recorded_by, coalesce(u.display_name, '') AS recorded_by_name FROM talks t"
    " LEFT JOIN staff st ON st.id = t.talker_staff_id LEFT JOIN students ps ON ps.id = t.talker_student_id"
    " LEFT JOIN users u ON u.id = t.recorded_by"
)


def _talk(r: Row) -> TalkRow:
    return TalkRow(
        int(r["id"]),
        str(r["category"]),
        str(r["talker_kind"]),
        str(r["talker"]),
        str(r["held_on"]),
        str(r["topic"]),
        bool(r["follow_up"]),
        int(r["recorded_by"]),
        str(r["recorded_by_name"]),
    )


def next_batch(conn: Connection) -> int:
    row = fetch_one(conn, "SELECT coalesce(max(batch), 0) + 1 AS batch FROM talks")
    return int(row["batch"]) if row else 1


def insert_talk(
    conn: Connection,
    *,
    category: str,
    talker_kind: str,
    talker_staff_id: int | None,
    talker_student_id: int | None,
    talker_name: str,
    held_on: date,
    topic: str,
    follow_up: bool,
    batch: int | None,
    student_ids: Sequence[int],
    recorded_by: int,
    now: datetime,
) -> int:
    cur = conn.execute(
        "INSERT INTO talks (category, talker_kind, talker_staff_id, talker_student_id, talker_name, held_on, topic,"
        " follow_up, batch, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            category, talker_kind, talker_staff_id, talker_student_id, talker_name, held_on.isoformat(), topic,
            int(follow_up), batch, recorded_by, now.isoformat(timespec="seconds"),
        ),
    )  # fmt: skip
    talk_id = int(cur.lastrowid or 0)
    conn.executemany(
        "INSERT INTO talk_students (talk_id, student_id) VALUES (?, ?)", [(talk_id, s) for s in student_ids]
    )
    return talk_id


def get(conn: Connection, talk_id: int) -> TalkRow | None:
    r = fetch_one(conn, f"{_SELECT} WHERE t.id = ?", (talk_id,))
    return _talk(r) if r else None


def delete(conn: Connection, talk_id: int) -> None:
    conn.execute("DELETE FROM talk_students WHERE talk_id = ?", (talk_id,))
    conn.execute("DELETE FROM talks WHERE id = ?", (talk_id,))


def _filters(start: date, end: date, category: str | None, class_id: int | None) -> tuple[str, list[object]]:
    where = "t.held_on BETWEEN ? AND ?"
    params: list[object] = [start.isoformat(), end.isoformat()]
    if category is not None:
        where += " AND t.category = ?"
        params.append(category)
    if class_id is not None:  # a talk with a student now in that class
        where += (
            " AND t.id IN (SELECT x.talk_id FROM talk_students x JOIN students xs ON xs.id = x.student_id"
            " WHERE xs.class_id = ?)"
        )
        params.append(class_id)
    return where, params


def talks_between(
    conn: Connection, start: date, end: date, *, category: str | None = None, class_id: int | None = None
) -> list[TalkRow]:
    """Talks held from `start` to `end` (both included), newest first."""
    where, params = _filters(start, end, category, class_id)
    rows = fetch_all(conn, f"{_SELECT} WHERE {where} ORDER BY t.held_on DESC, t.id DESC", params)
    return [_talk(r) for r in rows]


def students_of(conn: Connection, talk_ids: Sequence[int]) -> dict[int, list[LinkedStudent]]:
    """The students of these records, by 学号 within each."""
    return people.linked_students(conn, "talk_students", "talk_id", talk_ids)


def tally(conn: Connection, start: date, end: date) -> list[TallyRow]:
    """Per category with any talk from `start` to `end`: distinct talkers (PARTICIPANT_KEY), talks,
    distinct students."""
    rows = fetch_all(
        conn,
        f"SELECT t.category, count(DISTINCT {PARTICIPANT_KEY}) AS participants, count(DISTINCT t.id) AS talks,"
        " count(DISTINCT ts.student_id) AS students FROM talks t JOIN talk_students ts ON ts.talk_id = t.id"
        " WHERE t.held_on BETWEEN ? AND ? GROUP BY t.category",
        (start.isoformat(), end.isoformat()),
    )
    return [TallyRow(str(r["category"]), int(r["participants"]), int(r["talks"]), int(r["students"])) for r in rows]


def student_events(conn: Connection, student_id: int) -> list[TalkRow]:
    """The talks about one student (the 一生一档 timeline), oldest first."""
    rows = fetch_all(
        conn,
        f"{_SELECT} WHERE t.id IN (SELECT talk_id FROM talk_students WHERE student_id = ?) ORDER BY t.held_on, t.id",
        (student_id,),
    )
    return [_talk(r) for r in rows]
