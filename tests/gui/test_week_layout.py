"""The week calendar's geometry without a window: slots, snapping, widened hours, lanes, and
which lines of a block's text fit its height (never a third line cut in half)."""

from __future__ import annotations

from datetime import date, datetime

from counselroom.domain.scheduling.appointments import AppointmentSource, AppointmentStatus, AppointmentType, Channel
from counselroom.gui.scheduling.week_layout import (
    BLOCK_PAD_Y,
    GUTTER,
    LINE_PITCH,
    ROW_HEIGHT,
    STEP_MINUTES,
    TOP,
    Grid,
    block_lines,
    hours_for,
    lanes,
    lines_that_fit,
)
from counselroom.services.scheduling.appointment_views import AppointmentItem, StudentRef

MONDAY = date(2025, 10, 13)


def t(hour: int, minute: int = 0, day: int = 14) -> datetime:
    return datetime(2025, 10, day, hour, minute)


def item(start: datetime, end: datetime, *names: str) -> AppointmentItem:
    students = tuple(StudentRef(i, name, "初一(1)班") for i, name in enumerate(names, 1))
    return AppointmentItem(
        1, 2, "王老师", 3, "个别辅导室一", start, end, AppointmentType.INDIVIDUAL, Channel.FACE,
        AppointmentStatus.BOOKED, AppointmentSource.SELF, False, students, "", "", False, False,
    )  # fmt: skip


def block_height(minutes: int) -> float:
    """As the widget draws it: the rows it spans, less a pixel of gap above and below."""
    return minutes * ROW_HEIGHT / STEP_MINUTES - 2


def test_a_point_maps_to_its_half_hour_slot_and_back() -> None:
    grid = Grid(MONDAY, GUTTER + 7 * 100)
    assert grid.slot_at(GUTTER + 150, TOP + 5 * ROW_HEIGHT + 3) == t(10)  # Tuesday, 07:30 + 2.5 h
    assert grid.slot_at(GUTTER - 1, TOP + 10) is None
    assert grid.slot_at(GUTTER + 10, TOP - 1) is None
    assert grid.slot_at(GUTTER + 10, grid.y_of(grid.last) + 1) is None, "below the last hour line"
    assert grid.y_of(10 * 60) == TOP + 5 * ROW_HEIGHT


def test_the_hours_start_at_the_top_the_day_names_are_apart() -> None:
    grid = Grid(MONDAY, 800)
    assert grid.y_of(grid.first) == TOP, "no header band inside the scrolling hours"
    assert grid.height == TOP + grid.rows * ROW_HEIGHT + TOP


def test_a_drag_snaps_to_ten_minutes_inside_the_shown_hours() -> None:
    grid = Grid(MONDAY, 800)
    assert grid.snapped(1, 10 * 60 + 14, 50) == t(10, 10)
    assert grid.snapped(1, 18 * 60 + 20, 50) == t(17, 40), "the block stays inside 18:30"
    assert grid.snapped(9, 7 * 60, 50) == datetime(2025, 10, 19, 7, 30)


def test_hours_widen_for_an_evening_call() -> None:
    assert hours_for([]) == (7 * 60 + 30, 18 * 60 + 30)
    assert hours_for([(t(19), t(19, 40)), (t(6, 50), t(7, 20))]) == (6 * 60 + 30, 20 * 60)


def test_overlapping_appointments_share_the_column_in_lanes() -> None:
    spans = [(t(10), t(10, 50)), (t(10, 30), t(11, 20)), (t(11), t(11, 50)), (t(14), t(14, 50))]
    assert lanes(spans) == [(0, 2), (1, 2), (0, 2), (0, 1)]
    assert lanes([]) == []


def test_a_fifty_minute_block_shows_all_three_lines_whole() -> None:
    height = block_height(50)
    assert lines_that_fit(height) == 3
    assert height >= 3 * LINE_PITCH + 2 * BLOCK_PAD_Y, "the third line is not cut"
    lines = block_lines(item(t(10), t(10, 50), "张晓明"), t(10), t(10, 50), height)
    assert lines == ["10:00–10:50 个别辅导", "张晓明", "个别辅导室一"]


def test_a_shorter_block_drops_the_place_rather_than_clip_it() -> None:
    height = block_height(40)
    assert lines_that_fit(height) == 2
    assert block_lines(item(t(10), t(10, 40), "张晓明"), t(10), t(10, 40), height) == ["10:00–10:40 个别辅导", "张晓明"]


def test_a_half_hour_block_says_time_and_student_on_one_line() -> None:
    height = block_height(30)
    assert lines_that_fit(height) == 1
    assert block_lines(item(t(10), t(10, 30), "张晓明"), t(10), t(10, 30), height) == ["10:00 张晓明"]
    assert lines_that_fit(4) == 1, "however short, a block says something"
