"""`.ics` export of one counselor's appointments (issue #4 item 3), built with the maintained
`icalendar` library. The file leaves the encrypted store — to a phone or a school calendar — so
it carries no student and not even the kind of appointment (危机评估 at an exact time says too
much about someone): only "预约", the channel, the room and the time. The service
writes the file itself and audits it with the SHA-256 of the bytes written, so a file found later
can be matched to its export (one path for the GUI and, later, the command line)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from counselroom.domain.errors import ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.services.guard import authorize
from counselroom.services.printing.saved_files import SavedFile, save_exported
from counselroom.services.scheduling.appointments import SCHEDULING_ROLES
from counselroom.store import users
from counselroom.store.database import Database
from counselroom.store.scheduling import appointments as store

SCHOOL_ZONE = ZoneInfo("Asia/Shanghai")  # times in the store are the school's wall clock
MAX_DAYS = 400


def save_ics(
    db: Database, actor: Actor, path: Path, *, counselor_id: int, start: date, end: date, now: datetime
) -> SavedFile:
    """Every appointment of the counselor in [start, end] except the cancelled ones, written to
    `path` and audited with the SHA-256 of the bytes written (saved_files.save_audited)."""
    authorize(db, actor, Permission.SCHEDULE_APPOINTMENTS, now=now)
    if end < start or (end - start).days > MAX_DAYS:
        raise ValidationError(f"导出范围应为 1 到 {MAX_DAYS} 天", field="日期")
    counselor = users.by_id(db.conn, counselor_id)
    if counselor is None or counselor.role not in SCHEDULING_ROLES:
        raise ValidationError("请选择一位心理教师", field="老师")
    rows = store.in_range(
        db.conn,
        datetime.combine(start, time()),
        datetime.combine(end + timedelta(days=1), time()),
        counselor_id=counselor_id,
    )
    data = _ics_bytes(f"{counselor.display_name} 的预约", rows, db.db_id, now)
    about = f"日历(.ics) {start}–{end}，{len(rows)} 项，"
    return save_exported(
        db, actor, path, data, object_type="appointments", object_id=counselor_id, about=about, now=now
    )


def _ics_bytes(name: str, rows: Sequence[store.AppointmentRow], db_id: str, now: datetime) -> bytes:
    calendar = _calendar(name)
    stamp = now.replace(tzinfo=SCHOOL_ZONE).astimezone(UTC)
    for row in rows:
        calendar.add_component(_event(row, db_id, stamp))
    calendar.add_missing_timezones()  # the VTIMEZONE for Asia/Shanghai that TZID points to
    data: bytes = calendar.to_ical()
    return data


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//CounselRoom//心理辅导室工作台//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    return calendar


def _event(row: store.AppointmentRow, db_id: str, stamp: datetime) -> Event:
    """No student, no note, no type: a calendar on a phone is not the encrypted store."""
    event = Event()
    event.add("uid", f"appointment-{row.id}@{db_id}.counselroom")  # stable: re-imports update, not duplicate
    event.add("dtstamp", stamp)
    event.add("dtstart", row.start.replace(tzinfo=SCHOOL_ZONE))
    event.add("dtend", row.end.replace(tzinfo=SCHOOL_ZONE))
    event.add("summary", f"预约（{row.channel.value}）")
    event.add("location", row.room_name or row.channel.value)
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event
