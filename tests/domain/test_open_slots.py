"""Where a new booking starts (issue 8, item 18): a click on the 12:00 row when the room opens at
12:10 starts at 12:10, never before the period; 新建预约 opens on the next time that is inside the
opening hours of an open day and free for the counselor and the room."""

from __future__ import annotations

from datetime import date, datetime, time

from counselroom.domain.scheduling.open_slots import first_free_start, round_up, snap_into_period
from counselroom.domain.school.school_days import Period

MONDAY = date(2025, 10, 13)
LUNCH = Period(0, time(12, 10), time(13, 30))
AFTER_SCHOOL = Period(0, time(16, 30), time(18, 0))


def at(hour: int, minute: int = 0, day: date = MONDAY) -> datetime:
    return datetime.combine(day, time(hour, minute))


def test_a_click_on_the_row_before_the_period_starts_at_the_period() -> None:
    assert snap_into_period(at(12), [LUNCH, AFTER_SCHOOL], 30) == at(12, 10)
    assert snap_into_period(at(16, 30), [LUNCH, AFTER_SCHOOL], 30) == at(16, 30)


def test_a_click_inside_the_period_keeps_its_row() -> None:
    assert snap_into_period(at(12, 30), [LUNCH], 30) == at(12, 30)
    assert snap_into_period(at(13), [LUNCH], 30) == at(13)


def test_a_click_outside_opening_hours_is_left_alone() -> None:
    assert snap_into_period(at(10), [LUNCH], 30) == at(10)
    assert snap_into_period(at(11, 40), [LUNCH], 30) == at(11, 40), "the row ends exactly at 12:10"
    assert snap_into_period(at(13, 30), [LUNCH], 30) == at(13, 30)
    assert snap_into_period(at(12), [], 30) == at(12)


def test_times_worked_out_from_now_round_up_to_five_minutes() -> None:
    assert round_up(at(9, 32)) == at(9, 35)
    assert round_up(at(9, 35)) == at(9, 35)
    assert round_up(datetime(2025, 10, 13, 9, 35, 1)) == at(9, 40)


def test_the_first_free_start_is_the_period_start_when_nothing_is_booked() -> None:
    days = [(MONDAY, [LUNCH, AFTER_SCHOOL])]
    assert first_free_start(days, [], earliest=at(7, 30), minutes=50) == at(12, 10)


def test_it_starts_now_inside_a_period_and_after_a_booking() -> None:
    days = [(MONDAY, [LUNCH, AFTER_SCHOOL])]
    assert first_free_start(days, [], earliest=at(12, 32), minutes=50) == at(12, 35)
    busy = [(at(12, 10), at(13, 0))]
    assert first_free_start(days, busy, earliest=at(7, 30), minutes=20) == at(13, 0)
    assert first_free_start(days, busy, earliest=at(7, 30), minutes=50) == at(16, 30), "50 minutes do not fit"


def test_a_closed_day_is_skipped_and_nothing_free_is_none() -> None:
    tuesday = date(2025, 10, 14)
    days = [(MONDAY, []), (tuesday, [Period(1, time(12, 10), time(13, 30))])]
    assert first_free_start(days, [], earliest=at(7), minutes=50) == at(12, 10, tuesday)
    assert first_free_start([(MONDAY, [])], [], earliest=at(7), minutes=50) is None
    assert first_free_start(days, [], earliest=at(7), minutes=120) is None, "longer than any period"


def test_periods_that_follow_each_other_make_one_block() -> None:
    days = [(MONDAY, [Period(0, time(8), time(8, 45)), Period(0, time(8, 45), time(10))])]
    busy = [(at(8), at(8, 30))]
    assert first_free_start(days, busy, earliest=at(7), minutes=50) == at(8, 30)
