"""Conflict rules of a booking, as pure functions over plain data.

Hard conflicts — the same counselor, the same room (a 团体活动室 holds one group at a time, so
capacity never lets two sessions share a room) or the same student twice at once — are refused.
Soft ones — a closed day, a time outside the day's opening periods, more students than the room
holds — are refused unless the counselor confirms with a reason. Every message names the clash
in Chinese; a student clash names only the time, counselor and type, never another counselor's
note."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time

from counselroom.domain.errors import ValidationError
from counselroom.domain.scheduling.appointments import AppointmentType, Channel, day_text, span_text
from counselroom.domain.school.school_days import WEEKDAYS, DayStatus, Period


class ConflictKind(enum.Enum):
    COUNSELOR = "同一老师"
    ROOM = "同一辅导室"
    STUDENT = "同一学生"
    CLOSED_DAY = "不开放日"
    OUTSIDE_HOURS = "开放时间外"
    OVER_CAPACITY = "超出容纳人数"

    @property
    def hard(self) -> bool:
        return self in (ConflictKind.COUNSELOR, ConflictKind.ROOM, ConflictKind.STUDENT)


@dataclass(frozen=True)
class Conflict:
    kind: ConflictKind
    message: str
    other_id: int | None = None  # the appointment it clashes with, if any

    @property
    def hard(self) -> bool:
        return self.kind.hard


@dataclass(frozen=True)
class Booked:
    """An appointment already in the calendar that still holds its time."""

    id: int
    counselor_id: int
    counselor_name: str
    room_id: int | None
    room_name: str
    start: datetime
    end: datetime
    type: AppointmentType
    channel: Channel
    student_ids: frozenset[int]

    @property
    def place(self) -> str:
        return self.room_name or self.channel.value


@dataclass(frozen=True)
class Booking:
    """What is being asked for (a new appointment, or a move of `exclude_id`)."""

    counselor_id: int
    counselor_name: str
    room_id: int | None
    room_name: str
    room_capacity: int
    start: datetime
    end: datetime
    type: AppointmentType
    students: tuple[tuple[int, str], ...]  # (id, name)
    exclude_id: int | None = None


class AppointmentConflict(ValidationError):
    """A booking that clashes; `conflicts` lists each clash with its message."""

    def __init__(self, conflicts: Sequence[Conflict]):
        hard = any(c.hard for c in conflicts)
        tail = "" if hard else "。如确需安排，请勾选“仍然安排”并说明原因"
        super().__init__("；".join(c.message for c in conflicts) + tail, field="时间")
        self.conflicts = tuple(conflicts)


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Half-open intervals: 10:00–10:50 and 10:50–11:40 do not clash."""
    return a_start < b_end and b_start < a_end


def clashes(booking: Booking, others: Sequence[Booked]) -> list[Conflict]:
    """Same counselor, same room, same student — each clash once, in that order."""
    found: list[Conflict] = []
    names = dict(booking.students)
    for other in sorted(others, key=lambda o: o.start):
        if other.id == booking.exclude_id or not overlaps(booking.start, booking.end, other.start, other.end):
            continue
        when = span_text(other.start, other.end)
        if other.counselor_id == booking.counselor_id:
            found.append(
                Conflict(
                    ConflictKind.COUNSELOR,
                    f"{other.counselor_name} 在 {when} 已有预约（{other.type.value}，{other.place}）",
                    other.id,
                )
            )
        if booking.room_id is not None and other.room_id == booking.room_id:
            found.append(
                Conflict(
                    ConflictKind.ROOM,
                    f"{other.room_name} 在 {when} 已被占用（{other.counselor_name}，{other.type.value}）",
                    other.id,
                )
            )
        for student_id in sorted(other.student_ids & names.keys()):
            found.append(
                Conflict(
                    ConflictKind.STUDENT,
                    f"{names[student_id]} 在 {when} 已有预约（{other.counselor_name}，{other.type.value}）",
                    other.id,
                )
            )
    return found


def opening_conflicts(booking: Booking, day: DayStatus, *, hours_configured: bool) -> list[Conflict]:
    """A closed day, with its reason; else a time outside the day's opening periods. Before the
    school has set any opening hours only real closures (holidays, vacations, weekends) count."""
    start, end = booking.start, booking.end
    label = f"{day_text(start)}（周{WEEKDAYS[start.weekday()]}）"
    if not day.open and (hours_configured or day.reason != "不开放"):
        return [Conflict(ConflictKind.CLOSED_DAY, f"{label}辅导室不开放：{day.reason or '不开放'}")]
    if not hours_configured or not day.open or _within(start.time(), end.time(), day.periods):
        return []
    periods = "、".join(f"{p.start:%H:%M}–{p.end:%H:%M}" for p in day.periods)
    return [Conflict(ConflictKind.OUTSIDE_HOURS, f"{start:%H:%M}–{end:%H:%M} 不在{label}的开放时间内（{periods}）")]


def _within(start: time, end: time, periods: Sequence[Period]) -> bool:
    """Inside one period, or inside periods that follow each other without a gap."""
    return any(first <= start and end <= last for first, last in merged_periods(periods))


def merged_periods(periods: Sequence[Period]) -> list[tuple[time, time]]:
    """A day's periods as blocks of time, periods that follow each other without a gap joined."""
    blocks: list[tuple[time, time]] = []
    for p in sorted(periods, key=lambda p: p.start):
        if blocks and p.start <= blocks[-1][1]:
            blocks[-1] = (blocks[-1][0], max(blocks[-1][1], p.end))
        else:
            blocks.append((p.start, p.end))
    return blocks


def capacity_conflicts(booking: Booking) -> list[Conflict]:
    count = len(booking.students)
    if booking.room_id is None or count <= booking.room_capacity:
        return []
    return [
        Conflict(
            ConflictKind.OVER_CAPACITY, f"{booking.room_name} 可容纳 {booking.room_capacity} 人，本次有 {count} 名学生"
        )
    ]


def find_conflicts(
    booking: Booking, others: Sequence[Booked], day: DayStatus, *, hours_configured: bool
) -> list[Conflict]:
    """Hard clashes first, then the soft ones."""
    return (
        clashes(booking, others)
        + opening_conflicts(booking, day, hours_configured=hours_configured)
        + capacity_conflicts(booking)
    )


def require_no_conflicts(conflicts: Sequence[Conflict], *, confirmed: bool, reason: str) -> str:
    """Raise AppointmentConflict unless there are none, or only soft ones confirmed with a reason.
    Returns the reason to keep ('' when nothing needed confirming)."""
    if not conflicts:
        return ""
    if any(c.hard for c in conflicts) or not confirmed:
        raise AppointmentConflict(conflicts)
    text = reason.strip()
    if len(text) < 2:
        raise ValidationError("仍然安排时请说明原因（例如：家长只能周六来校）", field="原因")
    return text
