"""Appointments and their students. Times are stored as local YYYY-MM-DDTHH:MM:SS text (see the
migration), so the range queries below compare strings and use the (…, starts_at) indexes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from counselroom.domain.scheduling.appointment_rules import Booked
from counselroom.domain.scheduling.appointments import AppointmentSource, AppointmentStatus, AppointmentType, Channel
from counselroom.store.connection import Connection
from counselroom.store.named_rows import Row, fetch_all, fetch_one


@dataclass(frozen=True)
class AppointmentRow:
    id: int
    counselor_id: int
    counselor_name: str
    room_id: int | None
    room_name: str
    start: datetime
    end: datetime
    type: AppointmentType
    channel: Channel
    status: AppointmentStatus
    source: AppointmentSource
    is_walk_in: bool
    cancel_reason: str
    late_cancel: bool
    note: str
    created_by: int | None


@dataclass(frozen=True)
class StudentRef:
    id: int
    name: str
    class_name: str


@dataclass(frozen=True)
class AppointmentCount:
    type: str
    status: str
    is_walk_in: bool
    late_cancel: bool
    count: int


# Cancelled and missed appointments leave their time free (domain.appointments).
_HOLDING = ", ".join(f"'{s.value}'" for s in AppointmentStatus if s.holds_time)


def stamp(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat(timespec="seconds")


_SELECT = (
    "SELECT a.id, a.counselor_id, u.display_name AS counselor_name, a.room_id, coalesce(r.name, '') AS room_name,"
    " a.starts_at, a.ends_at, a.type, a.channel, a.status, a.source, a.is_walk_in, a.cancel_reason, a.late_cancel,"
    " a.note, a.created_by FROM appointments a JOIN users u ON u.id = a.counselor_id"
    " LEFT JOIN rooms r ON r.id = a.room_id"
)


def _row(r: Row) -> AppointmentRow:
    return AppointmentRow(
        id=int(r["id"]),
        counselor_id=int(r["counselor_id"]),
        counselor_name=str(r["counselor_name"]),
        room_id=_maybe_int(r["room_id"]),
        room_name=str(r["room_name"]),
        start=datetime.fromisoformat(r["starts_at"]),
        end=datetime.fromisoformat(r["ends_at"]),
        type=AppointmentType(r["type"]),
        channel=Channel(r["channel"]),
        status=AppointmentStatus(r["status"]),
        source=AppointmentSource(r["source"]),
        is_walk_in=bool(r["is_walk_in"]),
        cancel_reason=str(r["cancel_reason"]),
        late_cancel=bool(r["late_cancel"]),
        note=str(r["note"]),
        created_by=_maybe_int(r["created_by"]),
    )


def _maybe_int(value: Any) -> int | None:
    return None if value is None else int(value)


def get(conn: Connection, appointment_id: int) -> AppointmentRow | None:
    r = fetch_one(conn, f"{_SELECT} WHERE a.id = ?", (appointment_id,))
    return _row(r) if r else None


def in_range(
    conn: Connection,
    start: datetime,
    end: datetime,
    *,
    counselor_id: int | None = None,
    room_id: int | None = None,
    include_cancelled: bool = False,
) -> list[AppointmentRow]:
    """Appointments starting in [start, end), by counselor or room if given, in time order."""
    where = ["a.starts_at >= ?", "a.starts_at < ?"]
    args: list[str | int] = [stamp(start), stamp(end)]
    if counselor_id is not None:
        where.append("a.counselor_id = ?")
        args.append(counselor_id)
    if room_id is not None:
        where.append("a.room_id = ?")
        args.append(room_id)
    if not include_cancelled:
        where.append("a.status <> '取消'")
    sql = f"{_SELECT} WHERE {' AND '.join(where)} ORDER BY a.starts_at, a.id"
    return [_row(r) for r in fetch_all(conn, sql, args)]


def students_of(conn: Connection, appointment_ids: Iterable[int]) -> dict[int, tuple[StudentRef, ...]]:
    ids = list(appointment_ids)
    found: dict[int, list[StudentRef]] = {i: [] for i in ids}
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):  # SQLite's variable limit
        marks = ",".join("?" * len(chunk))
        rows = fetch_all(
            conn,
            "SELECT x.appointment_id, s.id, s.name, coalesce(c.name, '') AS class_name FROM appointment_students x"
            " JOIN students s ON s.id = x.student_id LEFT JOIN classes c ON c.id = s.class_id"
            f" WHERE x.appointment_id IN ({marks}) ORDER BY s.student_no",
            chunk,
        )
        for r in rows:
            found[int(r["appointment_id"])].append(StudentRef(int(r["id"]), str(r["name"]), str(r["class_name"])))
    return {k: tuple(v) for k, v in found.items()}


def holding_time_around(conn: Connection, start: datetime, end: datetime) -> list[Booked]:
    """Appointments overlapping [start, end) that still hold their time (not 取消 or 未到).
    An appointment lies within one day (domain.appointments.check_times), so anything that
    overlaps starts less than a day before `start`."""
    rows = fetch_all(
        conn,
        f"{_SELECT} WHERE a.starts_at > ? AND a.starts_at < ? AND a.ends_at > ? AND a.status IN ({_HOLDING})",
        (stamp(start - timedelta(days=1)), stamp(end), stamp(start)),
    )
    booked = [_row(r) for r in rows]
    students = students_of(conn, [b.id for b in booked])
    return [
        Booked(
            b.id,
            b.counselor_id,
            b.counselor_name,
            b.room_id,
            b.room_name,
            b.start,
            b.end,
            b.type,
            b.channel,
            frozenset(s.id for s in students[b.id]),
        )
        for b in booked
    ]


def insert(
    conn: Connection,
    *,
    counselor_id: int,
    room_id: int | None,
    start: datetime,
    end: datetime,
    type_: AppointmentType,
    channel: Channel,
    source: AppointmentSource,
    status: AppointmentStatus,
    is_walk_in: bool,
    note: str,
    confirm_reason: str,
    student_ids: Sequence[int],
    user_id: int,
    now: datetime,
) -> int:
    cur = conn.execute(
        "INSERT INTO appointments (counselor_id, room_id, starts_at, ends_at, type, channel, status, source,"
        " is_walk_in, note, confirm_reason, created_by, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            counselor_id,
            room_id,
            stamp(start),
            stamp(end),
            type_.value,
            channel.value,
            status.value,
            source.value,
            int(is_walk_in),
            note,
            confirm_reason,
            user_id,
            stamp(now),
            stamp(now),
        ),
    )
    appointment_id = int(cur.lastrowid or 0)
    conn.executemany(
        "INSERT INTO appointment_students (appointment_id, student_id) VALUES (?, ?)",
        [(appointment_id, sid) for sid in dict.fromkeys(student_ids)],
    )
    return appointment_id


def move(
    conn: Connection,
    appointment_id: int,
    *,
    counselor_id: int,
    room_id: int | None,
    start: datetime,
    end: datetime,
    confirm_reason: str,
    now: datetime,
) -> None:
    conn.execute(
        "UPDATE appointments SET counselor_id = ?, room_id = ?, starts_at = ?, ends_at = ?,"
        " confirm_reason = ?, updated_at = ? WHERE id = ?",
        (counselor_id, room_id, stamp(start), stamp(end), confirm_reason, stamp(now), appointment_id),
    )


def set_status(conn: Connection, appointment_id: int, status: AppointmentStatus, *, now: datetime) -> None:
    conn.execute(
        "UPDATE appointments SET status = ?, updated_at = ? WHERE id = ?", (status.value, stamp(now), appointment_id)
    )


def cancel(conn: Connection, appointment_id: int, *, reason: str, late: bool, now: datetime) -> None:
    conn.execute(
        "UPDATE appointments SET status = '取消', cancel_reason = ?, cancelled_at = ?, late_cancel = ?,"
        " updated_at = ? WHERE id = ?",
        (reason, stamp(now), int(late), stamp(now), appointment_id),
    )


def counts(conn: Connection, start: datetime, end: datetime) -> list[AppointmentCount]:
    """How many appointments starting in [start, end) share a type, status, walk-in and late cancel."""
    rows = fetch_all(
        conn,
        "SELECT type, status, is_walk_in, late_cancel, count(*) AS n FROM appointments"
        " WHERE starts_at >= ? AND starts_at < ? GROUP BY 1, 2, 3, 4",
        (stamp(start), stamp(end)),
    )
    return [
        AppointmentCount(str(r["type"]), str(r["status"]), bool(r["is_walk_in"]), bool(r["late_cancel"]), int(r["n"]))
        for r in rows
    ]


@dataclass(frozen=True)
class DayCount:
    day: str
    type: str
    status: str
    is_walk_in: bool
    late_cancel: bool
    count: int


def counts_by_day(conn: Connection) -> list[DayCount]:
    """Every appointment counted by the day it starts on (the principal's counts, care_counts)."""
    rows = fetch_all(
        conn,
        "SELECT substr(starts_at, 1, 10) AS day, type, status, is_walk_in, late_cancel, count(*) AS n"
        " FROM appointments GROUP BY 1, 2, 3, 4, 5",
    )
    return [
        DayCount(r["day"], r["type"], r["status"], bool(r["is_walk_in"]), bool(r["late_cancel"]), int(r["n"]))
        for r in rows
    ]


def student_events(conn: Connection, student_id: int) -> list[tuple[str, str, str]]:
    """For the 一生一档 chronology: date, 预约, type, channel and status — never the note."""
    rows = fetch_all(
        conn,
        "SELECT a.starts_at, a.type, a.channel, a.status, a.is_walk_in FROM appointments a"
        " JOIN appointment_students x ON x.appointment_id = a.id WHERE x.student_id = ?",
        (student_id,),
    )
    return [
        (
            r["starts_at"][:10],
            "预约",
            f"{r['type']} {r['channel']} {r['status']}" + ("（来访）" if r["is_walk_in"] else ""),
        )
        for r in rows
    ]


# -- a whole calendar at once (the demo's history) ----------------------------------------------


@dataclass(frozen=True)
class AppointmentRecord:
    """An appointment as it stands after whatever happened to it: booked, attended, missed or
    cancelled (with the cancel fields), and when it was made and last changed."""

    counselor_id: int
    room_id: int | None
    start: datetime
    end: datetime
    type: AppointmentType
    channel: Channel
    status: AppointmentStatus
    source: AppointmentSource
    is_walk_in: bool
    cancel_reason: str
    cancelled_at: datetime | None
    late_cancel: bool
    note: str
    created_by: int
    created_at: datetime
    updated_at: datetime
    student_ids: tuple[int, ...]


def insert_records(conn: Connection, records: Sequence[AppointmentRecord]) -> list[int]:
    """Bulk insert, ids given in order after the highest so far; returns them in `records` order."""
    top = fetch_one(conn, "SELECT coalesce(max(id), 0) AS top FROM appointments")
    first = (int(top["top"]) if top else 0) + 1
    ids = list(range(first, first + len(records)))
    conn.executemany(
        "INSERT INTO appointments (id, counselor_id, room_id, starts_at, ends_at, type, channel, status, source,"
        " is_walk_in, cancel_reason, cancelled_at, late_cancel, note, confirm_reason, created_by, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?)",
        [
            (
                appointment_id,
                r.counselor_id,
                r.room_id,
                stamp(r.start),
                stamp(r.end),
                r.type.value,
                r.channel.value,
                r.status.value,
                r.source.value,
                int(r.is_walk_in),
                r.cancel_reason,
                stamp(r.cancelled_at) if r.cancelled_at else None,
                int(r.late_cancel),
                r.note,
                r.created_by,
                stamp(r.created_at),
                stamp(r.updated_at),
            )
            for appointment_id, r in zip(ids, records, strict=True)
        ],
    )
    conn.executemany(
        "INSERT INTO appointment_students (appointment_id, student_id) VALUES (?, ?)",
        [(appointment_id, sid) for appointment_id, r in zip(ids, records, strict=True) for sid in r.student_ids],
    )
    return ids
