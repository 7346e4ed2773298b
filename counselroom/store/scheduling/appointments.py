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


# Cancelled and missed appointments leave their time free (domain.appointments).
_HOLDING = ", ".join(f"'{s.value}'" for s in AppointmentStatus if s.holds_time)


def stamp(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat(timespec="seconds")


_SELECT = (
    "SELECT a.id, a.counselor_id, u.display_name, a.room_id, coalesce(r.name, ''), a.starts_at,"
    " a.ends_at, a.type, a.channel, a.status, a.source, a.is_walk_in, a.cancel_reason, a.late_cancel,"
    " a.note, a.created_by FROM appointments a JOIN users u ON u.id = a.counselor_id"
    " LEFT JOIN rooms r ON r.id = a.room_id"
)


def _row(r: Sequence[Any]) -> AppointmentRow:
    return AppointmentRow(
        int(r[0]),
        int(r[1]),
        str(r[2]),
        _maybe_int(r[3]),
        str(r[4]),
        datetime.fromisoformat(r[5]),
        datetime.fromisoformat(r[6]),
        AppointmentType(r[7]),
        Channel(r[8]),
        AppointmentStatus(r[9]),
        AppointmentSource(r[10]),
        bool(r[11]),
        str(r[12]),
        bool(r[13]),
        str(r[14]),
        _maybe_int(r[15]),
    )


def _maybe_int(value: Any) -> int | None:
    return None if value is None else int(value)


def get(conn: Connection, appointment_id: int) -> AppointmentRow | None:
    r = conn.execute(f"{_SELECT} WHERE a.id = ?", (appointment_id,)).fetchone()
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
    where, args = ["a.starts_at >= ?", "a.starts_at < ?"], [stamp(start), stamp(end)]
    if counselor_id is not None:
        where.append("a.counselor_id = ?")
        args.append(counselor_id)
    if room_id is not None:
        where.append("a.room_id = ?")
        args.append(room_id)
    if not include_cancelled:
        where.append("a.status <> '取消'")
    sql = f"{_SELECT} WHERE {' AND '.join(where)} ORDER BY a.starts_at, a.id"
    return [_row(r) for r in conn.execute(sql, args)]


def students_of(conn: Connection, appointment_ids: Iterable[int]) -> dict[int, tuple[StudentRef, ...]]:
    ids = list(appointment_ids)
    found: dict[int, list[StudentRef]] = {i: [] for i in ids}
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):  # SQLite's variable limit
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            "SELECT x.appointment_id, s.id, s.name, coalesce(c.name, '') FROM appointment_students x"
            " JOIN students s ON s.id = x.student_id LEFT JOIN classes c ON c.id = s.class_id"
            f" WHERE x.appointment_id IN ({marks}) ORDER BY s.student_no",
            chunk,
        )
        for appointment_id, sid, name, class_name in rows:
            found[int(appointment_id)].append(StudentRef(int(sid), str(name), str(class_name)))
    return {k: tuple(v) for k, v in found.items()}


def holding_time_around(conn: Connection, start: datetime, end: datetime) -> list[Booked]:
    """Appointments overlapping [start, end) that still hold their time (not 取消 or 未到).
    An appointment lies within one day (domain.appointments.check_times), so anything that
    overlaps starts less than a day before `start`."""
    rows = conn.execute(
        f"{_SELECT} WHERE a.starts_at > ? AND a.starts_at < ? AND a.ends_at > ? AND a.status IN ({_HOLDING})",
        (stamp(start - timedelta(days=1)), stamp(end), stamp(start)),
    ).fetchall()
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


def counts(conn: Connection, start: datetime, end: datetime) -> list[tuple[str, str, bool, bool, int]]:
    """(type, status, walk-in, late cancel, count) for appointments starting in [start, end)."""
    rows = conn.execute(
        "SELECT type, status, is_walk_in, late_cancel, count(*) FROM appointments"
        " WHERE starts_at >= ? AND starts_at < ? GROUP BY 1, 2, 3, 4",
        (stamp(start), stamp(end)),
    )
    return [(str(r[0]), str(r[1]), bool(r[2]), bool(r[3]), int(r[4])) for r in rows]


def student_events(conn: Connection, student_id: int) -> list[tuple[str, str, str]]:
    """For the 一生一档 chronology: date, 预约, type, channel and status — never the note."""
    rows = conn.execute(
        "SELECT a.starts_at, a.type, a.channel, a.status, a.is_walk_in FROM appointments a"
        " JOIN appointment_students x ON x.appointment_id = a.id WHERE x.student_id = ?",
        (student_id,),
    )
    return [(r[0][:10], "预约", f"{r[1]} {r[2]} {r[3]}" + ("（来访）" if r[4] else "")) for r in rows]


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
    first = int(conn.execute("SELECT coalesce(max(id), 0) FROM appointments").fetchone()[0]) + 1
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
