"""The week calendar's geometry without a window: slots, snapping, widened hours, lanes."""

from __future__ import annotations

from datetime import date, datetime

from counselroom.gui.scheduling.week_layout import GUTTER, HEADER, ROW_HEIGHT, Grid, hours_for, lanes

MONDAY = date(2025, 10, 13)


def t(hour: int, minute: int = 0, day: int = 14) -> datetime:
    return datetime(2025, 10, day, hour, minute)


def test_a_point_maps_to_its_half_hour_slot_and_back() -> None:
    grid = Grid(MONDAY, GUTTER + 7 * 100)
    assert grid.slot_at(GUTTER + 150, HEADER + 5 * ROW_HEIGHT + 3) == t(10)  # Tuesday, 07:30 + 2.5 h
    assert grid.slot_at(GUTTER - 1, HEADER + 10) is None
    assert grid.slot_at(GUTTER + 10, HEADER - 1) is None
    assert grid.y_of(10 * 60) == HEADER + 5 * ROW_HEIGHT


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
