"""Where things go on the week calendar, and what a block says, without Qt: the hours shown,
time ↔ y, day ↔ x, snapping a drag to the grid, lanes for appointments that overlap on one day
(two counselors at once in the all-counselor view) so that neither hides the other, and which
lines of a block's text fit its height.

The day names sit in a header of their own (HEADER high, outside the scrolling hours), so the
hours' y starts at TOP, a little room for the first time label."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import ClassVar

from counselroom.domain.scheduling.appointments import AppointmentStatus
from counselroom.services.scheduling.appointment_views import AppointmentItem

FIRST_MINUTE = 7 * 60 + 30  # 07:30: before the first class
LAST_MINUTE = 18 * 60 + 30  # 18:30: after the last activity
STEP_MINUTES = 30  # one grid row
SNAP_MINUTES = 10  # a drag lands on :00, :10, :20 … (school periods start at :10 too)
GUTTER = 56  # the time column on the left
HEADER = 44  # the fixed row of day names and closing reasons, above the scrolling hours
TOP = 8  # above the first hour line: room for its time label
ROW_HEIGHT = 30  # a 50-minute block holds three lines of 12 px text
BLOCK_FONT_PX = 12
LINE_PITCH = 15  # a block's text lines: 12 px glyphs with a little leading
BLOCK_PAD_X, BLOCK_PAD_Y = 4, 1


def minutes_of(moment: time | datetime) -> int:
    return moment.hour * 60 + moment.minute


@dataclass(frozen=True)
class Grid:
    """The calendar's geometry for a widget of `width` pixels."""

    monday: date
    width: float
    first: int = FIRST_MINUTE
    last: int = LAST_MINUTE

    # The constants again, so the widget needs only this class.
    GUTTER: ClassVar[int] = GUTTER
    HEADER: ClassVar[int] = HEADER
    TOP: ClassVar[int] = TOP
    ROW_HEIGHT: ClassVar[int] = ROW_HEIGHT
    STEP_MINUTES: ClassVar[int] = STEP_MINUTES

    @property
    def rows(self) -> int:
        return (self.last - self.first) // STEP_MINUTES

    @property
    def height(self) -> float:
        """The hours' part (the header is apart): TOP, the rows, and TOP again below the last line."""
        return TOP + self.rows * ROW_HEIGHT + TOP

    @property
    def column_width(self) -> float:
        return max(40.0, (self.width - GUTTER) / 7)

    def x_of(self, day_index: int) -> float:
        return GUTTER + day_index * self.column_width

    def y_of(self, minute: int) -> float:
        return TOP + (minute - self.first) * ROW_HEIGHT / STEP_MINUTES

    def day_at(self, x: float) -> int | None:
        if x < GUTTER:
            return None
        index = int((x - GUTTER) // self.column_width)
        return index if 0 <= index < 7 else None

    def minute_at(self, y: float) -> int | None:
        if y < TOP or y >= self.y_of(self.last):
            return None
        return self.first + int((y - TOP) * STEP_MINUTES / ROW_HEIGHT)

    def slot_at(self, x: float, y: float) -> datetime | None:
        """The start of the 30-minute slot under the pointer (for a click on an empty slot)."""
        day, minute = self.day_at(x), self.minute_at(y)
        if day is None or minute is None:
            return None
        minute -= (minute - self.first) % STEP_MINUTES
        return self.moment(day, minute)

    def moment(self, day_index: int, minute: int) -> datetime:
        return datetime.combine(self.monday + timedelta(days=day_index), time()) + timedelta(minutes=minute)

    def snapped(self, day_index: int, minute: float, length: int) -> datetime:
        """A dragged block's new start: to the SNAP_MINUTES grid, kept inside the shown hours."""
        rounded = int(round(minute / SNAP_MINUTES) * SNAP_MINUTES)
        rounded = max(self.first, min(rounded, self.last - length))
        return self.moment(max(0, min(day_index, 6)), rounded)


def hours_for(starts_ends: Sequence[tuple[datetime, datetime]]) -> tuple[int, int]:
    """07:30–18:30, widened to the half hour around any appointment outside it (a 19:00 parent call)."""
    first, last = FIRST_MINUTE, LAST_MINUTE
    for start, end in starts_ends:
        first = min(first, minutes_of(start) // STEP_MINUTES * STEP_MINUTES)
        end_minute = minutes_of(end) if end.date() == start.date() else 24 * 60
        last = max(last, -(-end_minute // STEP_MINUTES) * STEP_MINUTES)
    return first, last


def lanes(spans: Sequence[tuple[datetime, datetime]]) -> list[tuple[int, int]]:
    """For spans of one day: (lane, lanes in its overlapping cluster) each, in the given order."""
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], spans[i][1]))
    result: list[tuple[int, int]] = [(0, 1)] * len(spans)
    cluster: list[int] = []
    lane_ends: list[datetime] = []
    cluster_end: datetime | None = None
    for i in order:
        start, end = spans[i]
        if cluster_end is not None and start >= cluster_end:
            _close(cluster, result, len(lane_ends))
            cluster, lane_ends = [], []
        lane = next((n for n, busy_until in enumerate(lane_ends) if busy_until <= start), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(end)
        else:
            lane_ends[lane] = end
        result[i] = (lane, 0)
        cluster.append(i)
        cluster_end = end if cluster_end is None or start >= cluster_end else max(cluster_end, end)
    _close(cluster, result, len(lane_ends))
    return result


def _close(cluster: list[int], result: list[tuple[int, int]], count: int) -> None:
    for i in cluster:
        result[i] = (result[i][0], count)


def lines_that_fit(height: float) -> int:
    """How many text lines a block of `height` pixels shows (always one, however short)."""
    return max(1, int((height - 2 * BLOCK_PAD_Y) // LINE_PITCH))


def block_lines(item: AppointmentItem, start: datetime, end: datetime, height: float) -> list[str]:
    """Time and type, students, place — as many as fit, most important first; a one-line block (a
    30-minute 随访) says the time and the student. Each line is then elided to the width, never
    cut through the middle of a line."""
    status = "" if item.status is AppointmentStatus.BOOKED else f"（{item.status.value}）"
    fit = lines_that_fit(height)
    if fit == 1:
        return [f"{start:%H:%M} {item.student_names or item.type.value}{status}"]
    lines = [f"{start:%H:%M}–{end:%H:%M} {item.type.value}{status}", item.student_names, item.place]
    return [line for line in lines if line][:fit]


def tooltip_text(item: AppointmentItem) -> str:
    lines = [
        f"{item.start:%H:%M}–{item.end:%H:%M} {item.type.value}（{item.channel.value}）",
        f"学生：{item.student_names or '—'}",
        f"老师：{item.counselor_name}",
        f"地点：{item.place}",
        f"状态：{'待记出勤' if item.awaiting_attendance else item.status.value}",
    ]
    return "\n".join(lines)
