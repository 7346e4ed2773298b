"""The booking rules without a database: clashes, opening hours, closed days, late cancellation,
attendance only by a person."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from counselroom.domain.errors import ValidationError
from counselroom.domain.scheduling.appointment_rules import (
    AppointmentConflict,
    Booked,
    Booking,
    ConflictKind,
    clashes,
    find_conflicts,
    opening_conflicts,
    overlaps,
    require_no_conflicts,
)
from counselroom.domain.scheduling.appointments import (
    AppointmentStatus,
    AppointmentType,
    Channel,
    awaiting_attendance,
    check_attendance,
    check_cancel,
    check_shape,
    check_times,
    is_late_cancel,
)
from counselroom.domain.school.school_days import DayStatus, Period

MON = datetime(2025, 10, 13)
OPEN = DayStatus(
    True,
    "",
    (Period(0, time(8, 0), time(12, 0)), Period(0, time(12, 0), time(13, 30)), Period(0, time(16, 30), time(18, 0))),
)


def at(hour: int, minute: int = 0) -> datetime:
    return MON.replace(hour=hour, minute=minute)


def booking(
    start: datetime,
    minutes: int = 50,
    *,
    counselor: int = 1,
    room: int | None = 1,
    students: tuple[tuple[int, str], ...] = ((1, "张晓明"),),
    capacity: int = 2,
    type_: AppointmentType = AppointmentType.INDIVIDUAL,
    exclude: int | None = None,
) -> Booking:
    return Booking(
        counselor,
        "王老师",
        room,
        "个别辅导室一" if room else "",
        capacity,
        start,
        start + timedelta(minutes=minutes),
        type_,
        students,
        exclude,
    )


def booked(
    id_: int,
    start: datetime,
    minutes: int = 50,
    *,
    counselor: int = 1,
    room: int | None = 1,
    students: frozenset[int] = frozenset({1}),
    type_: AppointmentType = AppointmentType.INDIVIDUAL,
) -> Booked:
    return Booked(
        id_,
        counselor,
        "王老师" if counselor == 1 else "李主任",
        room,
        {1: "个别辅导室一", 2: "团体活动室"}.get(room or 0, ""),
        start,
        start + timedelta(minutes=minutes),
        type_,
        Channel.FACE if room else Channel.PHONE,
        students,
    )


def test_intervals_are_half_open() -> None:
    assert overlaps(at(10), at(10, 50), at(10, 30), at(11))
    assert not overlaps(at(10), at(10, 50), at(10, 50), at(11, 40))
    assert overlaps(at(10), at(12), at(10, 20), at(10, 30))


def test_same_counselor_names_the_other_appointment() -> None:
    other = booked(7, at(10), students=frozenset({9}), room=None)
    found = clashes(booking(at(10, 30), room=None, students=((2, "李雨涵"),)), [other])
    assert [(c.kind, c.other_id) for c in found] == [(ConflictKind.COUNSELOR, 7)]
    assert found[0].message == "王老师 在 10月13日 10:00–10:50 已有预约（个别辅导，电话）"


def test_same_room_with_another_counselor() -> None:
    other = booked(3, at(10), counselor=2, students=frozenset({9}))
    found = clashes(booking(at(10, 30), students=((2, "李雨涵"),)), [other])
    assert [c.kind for c in found] == [ConflictKind.ROOM]
    assert found[0].message == "个别辅导室一 在 10月13日 10:00–10:50 已被占用（李主任，个别辅导）"


def test_a_group_room_holds_one_group_at_a_time_whatever_its_capacity() -> None:
    group = booked(4, at(16, 30), counselor=2, room=2, students=frozenset({5, 6}), type_=AppointmentType.GROUP)
    wanted = Booking(
        1, "王老师", 2, "团体活动室", 40, at(17), at(17, 50), AppointmentType.GROUP, ((1, "张晓明"), (2, "李雨涵"))
    )
    assert [c.kind for c in clashes(wanted, [group])] == [ConflictKind.ROOM]


def test_student_clash_names_time_counselor_and_type_only() -> None:
    other = booked(5, at(10), counselor=2, room=2, students=frozenset({1}))
    found = clashes(booking(at(10, 10), students=((1, "张晓明"),)), [other])
    assert [c.kind for c in found] == [ConflictKind.STUDENT]
    assert found[0].message == "张晓明 在 10月13日 10:00–10:50 已有预约（李主任，个别辅导）"


def test_moving_an_appointment_does_not_clash_with_itself() -> None:
    itself = booked(8, at(10))
    assert clashes(booking(at(10, 20), exclude=8), [itself]) == []
    assert len(clashes(booking(at(10, 20)), [itself])) == 3  # counselor, room and student


def test_inside_adjacent_periods_is_open_a_gap_is_not() -> None:
    assert opening_conflicts(booking(at(11, 30)), OPEN, hours_configured=True) == []  # 11:30–12:20 spans two
    found = opening_conflicts(booking(at(13, 0)), OPEN, hours_configured=True)
    assert [c.kind for c in found] == [ConflictKind.OUTSIDE_HOURS]
    assert found[0].message == "13:00–13:50 不在10月13日（周一）的开放时间内（08:00–12:00、12:00–13:30、16:30–18:00）"
    assert not found[0].hard


def test_closed_day_names_its_reason() -> None:
    holiday = DayStatus(False, "国庆节", ())
    day = datetime(2025, 10, 1, 10)
    found = opening_conflicts(booking(day), holiday, hours_configured=True)
    assert [c.message for c in found] == ["10月1日（周三）辅导室不开放：国庆节"]


def test_without_opening_hours_only_real_closures_count() -> None:
    assert opening_conflicts(booking(at(10)), DayStatus(False, "不开放", ()), hours_configured=False) == []
    weekend = opening_conflicts(
        booking(at(10) + timedelta(days=5)), DayStatus(False, "周末", ()), hours_configured=False
    )
    assert [c.kind for c in weekend] == [ConflictKind.CLOSED_DAY]


def test_over_capacity_is_soft_and_listed_after_hard_ones() -> None:
    crowd = tuple((i, f"学生{i}") for i in range(1, 5))
    wanted = booking(at(10), students=crowd, capacity=2, type_=AppointmentType.GROUP)
    found = find_conflicts(wanted, [booked(1, at(10))], OPEN, hours_configured=True)
    assert [c.kind for c in found] == [
        ConflictKind.COUNSELOR,
        ConflictKind.ROOM,
        ConflictKind.STUDENT,
        ConflictKind.OVER_CAPACITY,
    ]
    assert found[-1].message == "个别辅导室一 可容纳 2 人，本次有 4 名学生"


def test_hard_conflicts_cannot_be_confirmed_soft_ones_need_a_reason() -> None:
    hard = clashes(booking(at(10)), [booked(1, at(10))])
    with pytest.raises(AppointmentConflict) as caught:
        require_no_conflicts(hard, confirmed=True, reason="很急")
    assert caught.value.conflicts == tuple(hard) and "王老师 在 10月13日" in caught.value.message
    soft = opening_conflicts(booking(at(19)), OPEN, hours_configured=True)
    with pytest.raises(AppointmentConflict, match="仍然安排"):
        require_no_conflicts(soft, confirmed=False, reason="")
    with pytest.raises(ValidationError, match="说明原因"):
        require_no_conflicts(soft, confirmed=True, reason=" ")
    assert require_no_conflicts(soft, confirmed=True, reason=" 家长只能傍晚来 ") == "家长只能傍晚来"
    assert require_no_conflicts([], confirmed=False, reason="") == ""


def test_times_and_shape() -> None:
    check_times(at(10), at(10, 50))
    for start, end in ((at(10), at(10)), (at(10), at(10, 5)), (at(8), at(13)), (at(23), at(23) + timedelta(hours=2))):
        with pytest.raises(ValidationError):
            check_times(start, end)
    check_shape(AppointmentType.PARENT, Channel.PHONE, room_id=None, students=0, note="")
    check_shape(AppointmentType.GROUP, Channel.FACE, room_id=2, students=8, note="")
    for type_, channel, room, count in (
        (AppointmentType.INDIVIDUAL, Channel.FACE, 1, 2),
        (AppointmentType.PARENT, Channel.PHONE, None, 2),
        (AppointmentType.INDIVIDUAL, Channel.FACE, None, 1),
        (AppointmentType.GROUP, Channel.FACE, 2, 0),
    ):
        with pytest.raises(ValidationError):
            check_shape(type_, channel, room_id=room, students=count, note="")
    with pytest.raises(ValidationError, match="个案记录"):
        check_shape(AppointmentType.INDIVIDUAL, Channel.FACE, room_id=1, students=1, note="长" * 201)


def test_late_cancellation_is_less_than_24_hours_before() -> None:
    start = at(10)
    assert not is_late_cancel(start, start - timedelta(hours=24))
    assert is_late_cancel(start, start - timedelta(hours=23, minutes=59))
    assert is_late_cancel(start, start + timedelta(minutes=5))
    assert check_cancel(AppointmentStatus.BOOKED, " 学生考试 ") == "学生考试"
    for status in (AppointmentStatus.ATTENDED, AppointmentStatus.NO_SHOW, AppointmentStatus.CANCELLED):
        with pytest.raises(ValidationError):
            check_cancel(status, "原因")
    with pytest.raises(ValidationError, match="取消原因"):
        check_cancel(AppointmentStatus.BOOKED, "")


def test_attendance_is_set_by_a_person_after_the_start_and_never_on_a_cancelled_one() -> None:
    start, before, after = at(10), at(9), at(11)
    assert awaiting_attendance(AppointmentStatus.BOOKED, start, after)
    assert not awaiting_attendance(AppointmentStatus.BOOKED, start, before)
    assert not awaiting_attendance(AppointmentStatus.CANCELLED, start, after)
    check_attendance(AppointmentStatus.BOOKED, AppointmentStatus.NO_SHOW, start=start, now=after)
    check_attendance(AppointmentStatus.NO_SHOW, AppointmentStatus.ATTENDED, start=start, now=after)  # a correction
    with pytest.raises(ValidationError, match="还没有开始"):
        check_attendance(AppointmentStatus.BOOKED, AppointmentStatus.ATTENDED, start=start, now=before)
    with pytest.raises(ValidationError, match="取消不算未到"):
        check_attendance(AppointmentStatus.CANCELLED, AppointmentStatus.NO_SHOW, start=start, now=after)
    with pytest.raises(ValidationError):
        check_attendance(AppointmentStatus.BOOKED, AppointmentStatus.CANCELLED, start=start, now=after)


def test_cancelled_and_missed_appointments_free_their_time() -> None:
    assert AppointmentStatus.BOOKED.holds_time and AppointmentStatus.ATTENDED.holds_time
    assert not AppointmentStatus.CANCELLED.holds_time and not AppointmentStatus.NO_SHOW.holds_time


def test_every_type_has_a_default_length_and_colour() -> None:
    assert AppointmentType.INDIVIDUAL.default_minutes == 50
    assert len({t.colour for t in AppointmentType}) == len(AppointmentType)
