"""Reading and changing students' records (一生一档 basics, background, status history)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from counselroom.store.connection import Connection
from counselroom.store.id_sets import IN_IDS, id_set, within
from counselroom.store.named_rows import Row, fetch_all, fetch_one


@dataclass(frozen=True)
class StudentRow:
    id: int
    student_no: str
    name: str
    gender: str
    birth_date: date | None
    status: str
    class_id: int | None
    class_name: str
    grade_name: str
    stage: str
    year_in_stage: int


@dataclass(frozen=True)
class GuardianRow:
    name: str
    relation: str
    phone: str
    is_primary: bool


@dataclass(frozen=True)
class BackgroundRow:
    growth_history: str
    life_history: str
    support_system: str
    updated_at: str


@dataclass(frozen=True)
class StatusChangeRow:
    from_status: str
    to_status: str
    on_date: str
    reason: str
    recorded_at: str


_SELECT = (
    "SELECT s.id, s.student_no, s.name, s.gender, s.birth_date, s.status, s.class_id,"
    " coalesce(c.name, '') AS class_name, coalesce(g.name, '') AS grade_name, coalesce(g.stage, '') AS stage,"
    " coalesce(g.year_in_stage, 0) AS year_in_stage"
    " FROM students s LEFT JOIN classes c ON c.id = s.class_id LEFT JOIN grades g ON g.id = c.grade_id"
)
_ORDER = " ORDER BY g.sort_order, c.number, s.student_no"


def _row(r: Row) -> StudentRow:
    return StudentRow(
        int(r["id"]),
        str(r["student_no"]),
        str(r["name"]),
        str(r["gender"]),
        date.fromisoformat(str(r["birth_date"])) if r["birth_date"] else None,
        str(r["status"]),
        int(r["class_id"]) if r["class_id"] is not None else None,
        str(r["class_name"]),
        str(r["grade_name"]),
        str(r["stage"]),
        int(r["year_in_stage"]),
    )


def get(conn: Connection, student_id: int) -> StudentRow | None:
    r = fetch_one(conn, f"{_SELECT} WHERE s.id = ?", (student_id,))
    return _row(r) if r else None


def search(conn: Connection, text: str, *, limit: int, include_left: bool = False) -> list[StudentRow]:
    """By name (any part), pinyin initials or 学号 (prefix), or class name."""
    needle = text.strip()
    status = "" if include_left else " AND s.status IN ('在读', '休学', '复学')"
    if not needle:
        rows = fetch_all(conn, f"{_SELECT} WHERE 1 = 1{status}{_ORDER} LIMIT ?", (limit,))
    else:
        rows = fetch_all(
            conn,
            f"{_SELECT} WHERE (s.name LIKE ? OR s.name_initials LIKE ? OR s.student_no LIKE ?"
            f" OR c.name = ?){status}{_ORDER} LIMIT ?",
            (f"%{needle}%", f"{needle.lower()}%", f"{needle}%", needle, limit),
        )
    return [_row(r) for r in rows]


def names_of(conn: Connection, student_ids: Iterable[int]) -> dict[int, str]:
    """These students' names (at school or not), by id: a note names a few, not the whole roll."""
    rows = fetch_all(conn, f"SELECT id, name FROM students WHERE id {IN_IDS}", (id_set(student_ids),))
    return {int(r["id"]): str(r["name"]) for r in rows}


def at_school_in_class(conn: Connection, class_id: int) -> list[StudentRow]:
    """The class's students still at school (在读, 复学), by 学号."""
    rows = fetch_all(conn, f"{_SELECT} WHERE s.class_id = ? AND s.status IN ('在读', '复学'){_ORDER}", (class_id,))
    return [_row(r) for r in rows]


def all_current(conn: Connection) -> list[StudentRow]:
    return [_row(r) for r in fetch_all(conn, f"{_SELECT} WHERE s.status IN ('在读', '休学', '复学'){_ORDER}")]


def student_names_in(conn: Connection, text: str) -> list[str]:
    """Students' names (of two characters or more, at school or not) that stand in `text`, less any
    a staff member also bears: free text meant to name no student is checked with it."""
    staff = {str(r["name"]) for r in fetch_all(conn, "SELECT name FROM staff")}
    names = {str(r["name"]) for r in fetch_all(conn, "SELECT DISTINCT name FROM students")}
    return sorted((n for n in names - staff if len(n) >= 2 and n in text), key=text.index)


def guardians(conn: Connection, student_id: int) -> list[GuardianRow]:
    rows = fetch_all(
        conn,
        "SELECT name, relation, phone, is_primary FROM guardians WHERE student_id = ? ORDER BY is_primary DESC, id",
        (student_id,),
    )
    return [GuardianRow(r["name"], r["relation"], r["phone"], bool(r["is_primary"])) for r in rows]


def flags(conn: Connection, student_id: int) -> frozenset[str]:
    rows = fetch_all(conn, "SELECT flag FROM student_flags WHERE student_id = ?", (student_id,))
    return frozenset(r["flag"] for r in rows)


def all_flags(conn: Connection, student_ids: Iterable[int] | None = None) -> dict[int, frozenset[str]]:
    """Every student's flags, or only those of `student_ids` (the rows a search shows)."""
    scope, params = within("student_id", student_ids)
    found: dict[int, set[str]] = {}
    for r in fetch_all(conn, f"SELECT student_id, flag FROM student_flags WHERE {scope}", params):
        found.setdefault(int(r["student_id"]), set()).add(r["flag"])
    return {k: frozenset(v) for k, v in found.items()}


def set_flags(conn: Connection, student_id: int, new_flags: frozenset[str]) -> None:
    conn.execute("DELETE FROM student_flags WHERE student_id = ?", (student_id,))
    conn.executemany(
        "INSERT INTO student_flags (student_id, flag) VALUES (?, ?)", [(student_id, f) for f in sorted(new_flags)]
    )


def background(conn: Connection, student_id: int) -> BackgroundRow | None:
    r = fetch_one(
        conn,
        "SELECT growth_history, life_history, support_system, updated_at FROM student_background WHERE student_id = ?",
        (student_id,),
    )
    return BackgroundRow(r["growth_history"], r["life_history"], r["support_system"], r["updated_at"]) if r else None


def save_background(
    conn: Connection, student_id: int, *, growth: str, life: str, support: str, user_id: int, now: datetime
) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO student_background (student_id, growth_history, life_history,"
        " support_system, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        (student_id, growth, life, support, user_id, now.isoformat(timespec="seconds")),
    )


def change_status(
    conn: Connection,
    student_id: int,
    *,
    from_status: str,
    to_status: str,
    on_date: date,
    reason: str,
    user_id: int,
    now: datetime,
) -> int:
    """The new status and its history row; returns the history row's id."""
    left_on = on_date.isoformat() if to_status in ("转出", "毕业") else None
    conn.execute(
        "UPDATE students SET status = ?, left_on = ?, updated_at = ? WHERE id = ?",
        (to_status, left_on, now.isoformat(timespec="seconds"), student_id),
    )
    cur = conn.execute(
        "INSERT INTO student_status_changes (student_id, from_status, to_status, on_date,"
        " recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
        (student_id, from_status, to_status, on_date.isoformat(), user_id, now.isoformat(timespec="seconds")),
    )
    if reason:  # the reason is care data: the care store must be attached (the caller holds the care key)
        conn.execute("INSERT INTO status_change_reasons (change_id, reason) VALUES (?, ?)", (cur.lastrowid, reason))
    return int(cur.lastrowid or 0)


# The reason comes from the care store; without it (a school-key session) it reads as ''.
_CHANGE_COLUMNS = "c.student_id, c.from_status, c.to_status, c.on_date, c.recorded_at"
_WITH_REASON = (
    f"SELECT {_CHANGE_COLUMNS}, coalesce(r.reason, '') AS reason FROM student_status_changes c"
    " LEFT JOIN status_change_reasons r ON r.change_id = c.id"
)
_WITHOUT_REASON = f"SELECT {_CHANGE_COLUMNS}, '' AS reason FROM student_status_changes c"


def status_changes(conn: Connection, student_id: int, *, with_reasons: bool) -> list[StatusChangeRow]:
    rows = fetch_all(
        conn,
        f"{_WITH_REASON if with_reasons else _WITHOUT_REASON} WHERE c.student_id = ? ORDER BY c.on_date, c.id",
        (student_id,),
    )
    return [
        StatusChangeRow(r["from_status"], r["to_status"], r["on_date"], r["reason"], r["recorded_at"]) for r in rows
    ]


def count_in_class(conn: Connection, class_id: int, status: str) -> int:
    row = fetch_one(conn, "SELECT count(*) AS n FROM students WHERE class_id = ? AND status = ?", (class_id, status))
    return int(row["n"]) if row else 0


def graduate_class(conn: Connection, class_id: int, *, on_date: date, user_id: int, now: datetime) -> None:
    """Every 在读 and 复学 student of the class becomes 毕业, each with a status-change record."""
    stamp = now.isoformat(timespec="seconds")
    conn.execute(
        "INSERT INTO student_status_changes (student_id, from_status, to_status, on_date,"
        " recorded_by, recorded_at) SELECT id, status, '毕业', ?, ?, ? FROM students"
        " WHERE class_id = ? AND status IN ('在读', '复学')",
        (on_date.isoformat(), user_id, stamp, class_id),
    )
    conn.execute(
        "UPDATE students SET status = '毕业', left_on = ?, updated_at = ? WHERE class_id = ?"
        " AND status IN ('在读', '复学')",
        (on_date.isoformat(), stamp, class_id),
    )


def all_status_changes(conn: Connection) -> dict[int, list[StatusChangeRow]]:
    """Every student's status changes, by student id and then as status_changes orders them."""
    found: dict[int, list[StatusChangeRow]] = {}
    for r in fetch_all(conn, f"{_WITH_REASON} ORDER BY c.student_id, c.on_date, c.id"):
        change = StatusChangeRow(r["from_status"], r["to_status"], r["on_date"], r["reason"], r["recorded_at"])
        found.setdefault(int(r["student_id"]), []).append(change)
    return found
