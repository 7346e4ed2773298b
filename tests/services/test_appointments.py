"""预约 as the counselors use it: booking, clashes named in Chinese, closed days confirmed with a
reason, moving, cancelling early and late, attendance only by a person, walk-ins; the principal
sees counts and never a name."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from counselroom.domain.errors import AccessDenied, ValidationError
from counselroom.domain.roles import Role
from counselroom.domain.scheduling.appointment_rules import AppointmentConflict, ConflictKind
from counselroom.domain.scheduling.appointments import AppointmentStatus, AppointmentType, Channel
from counselroom.services.accounts.session import Session
from counselroom.services.registry import build_registry
from counselroom.services.scheduling import appointment_views, appointments
from counselroom.services.students import timeline
from tests.conftest import FIXED_NOW
from tests.services.appointment_data import TUESDAY, Scheduling, at, book, only_id, set_up_scheduling

TIMELINE = build_registry().timeline_sources

MONDAY = FIXED_NOW.date()


@pytest.fixture
def setup(sessions: dict[Role, Session]) -> Scheduling:
    return set_up_scheduling(sessions)


def week(s: Session, start: date = MONDAY, **filters: object) -> appointment_views.WeekView:
    return appointment_views.week_view(s.db, s.actor, start=start, now=FIXED_NOW, **filters)  # type: ignore[arg-type]


def last_audit(s: Session) -> tuple[str, str, str, str]:
    row = s.db.conn.execute("SELECT action, object_type, reason, detail FROM audit_log ORDER BY seq DESC LIMIT 1")
    return tuple(row.fetchone())  # type: ignore[return-value]


def test_booking_shows_in_the_week_with_names_and_room(sessions: dict[Role, Session], setup: Scheduling) -> None:
    c = sessions[Role.COUNSELOR]
    changes = book(c, setup, at(10), note="带上周记本")
    assert "appointments" in changes.kinds and "10月14日 10:00–10:50" in changes.summary
    view = week(c)
    assert [d.day for d in view.days] == [MONDAY + timedelta(days=i) for i in range(7)]
    assert view.days[5].reason == "周末" and not view.days[5].open
    (item,) = view.rows
    assert (item.student_names, item.room_name, item.counselor_name, item.status) == (
        "张晓明",
        "个别辅导室一",
        "王老师",
        AppointmentStatus.BOOKED,
    )
    assert item.note == "带上周记本"
    action, object_type, _reason, detail = last_audit(c)
    assert (action, object_type) == ("appointment_changed", "appointment")
    assert "张晓明" not in detail, "the admin reads the audit log: ids only"


def test_a_counselor_booked_twice_in_an_overlapping_hour_is_refused_naming_the_other(
    sessions: dict[Role, Session], setup: Scheduling
) -> None:
    c = sessions[Role.COUNSELOR]
    book(c, setup, at(10))
    with pytest.raises(AppointmentConflict) as caught:
        book(c, setup, at(10, 30), student_ids=[2], room_id=setup.group_room)
    assert caught.value.message == "王老师 在 10月14日 10:00–10:50 已有预约（个别辅导，个别辅导室一）"
    assert [k.kind for k in caught.value.conflicts] == [ConflictKind.COUNSELOR]
    with pytest.raises(AppointmentConflict):  # confirming does not help with a hard clash
        book(
            c,
            setup,
            at(10, 30),
            student_ids=[2],
            room_id=setup.group_room,
            confirm_conflicts=True,
            confirm_reason="很急",
        )
    assert len(week(c).rows) == 1
    book(c, setup, at(10, 50), student_ids=[2])  # back to back is fine


def test_a_room_already_taken_is_refused_naming_the_other(sessions: dict[Role, Session], setup: Scheduling) -> None:
    book(sessions[Role.COUNSELOR], setup, at(10))
    lead = sessions[Role.LEAD]
    with pytest.raises(AppointmentConflict) as caught:
        book(lead, setup, at(10, 20), student_ids=[3], counselor_id=setup.lead)
    assert caught.value.message == "个别辅导室一 在 10月14日 10:00–10:50 已被占用（王老师，个别辅导）"


def test_a_group_room_holds_one_group_at_a_time(sessions: dict[Role, Session], setup: Scheduling) -> None:
    c, lead = sessions[Role.COUNSELOR], sessions[Role.LEAD]
    book(c, setup, at(14), student_ids=[1, 2, 3], room_id=setup.group_room, type=AppointmentType.GROUP, end=at(15, 20))
    with pytest.raises(AppointmentConflict, match="团体活动室 在 10月14日 14:00–15:20 已被占用"):
        book(
            lead,
            setup,
            at(15),
            student_ids=[4, 5],
            counselor_id=setup.lead,
            room_id=setup.group_room,
            type=AppointmentType.GROUP,
        )


def test_a_student_booked_twice_is_refused(sessions: dict[Role, Session], setup: Scheduling) -> None:
    book(sessions[Role.COUNSELOR], setup, at(10), note="只有本人可见的安排")
    lead = sessions[Role.LEAD]
    with pytest.raises(AppointmentConflict) as caught:
        book(
            lead,
            setup,
            at(10, 20),
            counselor_id=setup.lead,
            room_id=None,
            channel=Channel.PHONE,
            type=AppointmentType.FOLLOW_UP,
        )
    assert caught.value.message == "张晓明 在 10月14日 10:00–10:50 已有预约（王老师，个别辅导）"
    assert "只有本人可见" not in caught.value.message


def test_a_holiday_is_refused_unless_confirmed_with_a_reason(sessions: dict[Role, Session], setup: Scheduling) -> None:
    c = sessions[Role.COUNSELOR]
    national_day = datetime(2025, 10, 3, 10)
    with pytest.raises(AppointmentConflict) as caught:
        book(c, setup, national_day)
    assert "10月3日（周五）辅导室不开放：国庆节" in caught.value.message and "仍然安排" in caught.value.message
    with pytest.raises(ValidationError, match="说明原因"):
        book(c, setup, national_day, confirm_conflicts=True)
    book(c, setup, national_day, confirm_conflicts=True, confirm_reason="家长假期才能陪同来校")
    _action, _type, reason, detail = last_audit(c)
    assert reason == "家长假期才能陪同来校" and "国庆节" in detail
    assert len(week(c, date(2025, 9, 29)).rows) == 1


def test_outside_opening_hours_is_refused_unless_confirmed(sessions: dict[Role, Session], setup: Scheduling) -> None:
    c = sessions[Role.COUNSELOR]
    with pytest.raises(AppointmentConflict, match="12:30–13:20 不在10月14日（周二）的开放时间内"):
        book(c, setup, at(12, 30))
    book(c, setup, at(12, 30), confirm_conflicts=True, confirm_reason="学生只有午休有空")
    conflicts = appointments.find_booking_conflicts(
        c.db,
        c.actor,
        student_ids=[2],
        counselor_id=setup.lead,
        room_id=setup.group_room,
        start=at(18),
        end=at(18, 50),
        type=AppointmentType.INDIVIDUAL,
        now=FIXED_NOW,
    )
    assert [k.kind for k in conflicts] == [ConflictKind.OUTSIDE_HOURS]


def test_moving_keeps_the_length_and_runs_the_same_checks(sessions: dict[Role, Session], setup: Scheduling) -> None:
    c = sessions[Role.COUNSELOR]
    book(c, setup, at(10))
    book(c, setup, at(14), student_ids=[2])
    first = only_id(c, at(10))
    appointments.move_appointment(c.db, c.actor, first, start=at(10, 20), now=FIXED_NOW)  # overlaps only itself
    with pytest.raises(AppointmentConflict, match="王老师 在 10月14日 14:00–14:50 已有预约"):
        appointments.move_appointment(c.db, c.actor, first, start=at(14, 30), now=FIXED_NOW)
    changes = appointments.move_appointment(c.db, c.actor, first, start=at(9) + timedelta(days=1), now=FIXED_NOW)
    assert "10月15日 09:00–09:50" in changes.summary
    moved = appointment_views.get_appointment(c.db, c.actor, first, now=FIXED_NOW)
    assert (moved.start, moved.end) == (at(9) + timedelta(days=1), at(9, 50) + timedelta(days=1))
    assert "改期" in last_audit(c)[3]


def test_cancelling_early_and_late(sessions: dict[Role, Session], setup: Scheduling) -> None:
    c = sessions[Role.COUNSELOR]
    book(c, setup, at(10))
    book(c, setup, at(8) + timedelta(days=3), student_ids=[2])
    tomorrow, friday = only_id(c, at(10)), only_id(c, at(8) + timedelta(days=3))
    with pytest.raises(ValidationError, match="取消原因"):
        appointments.cancel_appointment(c.db, c.actor, tomorrow, reason="", now=FIXED_NOW)
    late = appointments.cancel_appointment(
        c.db, c.actor, tomorrow, reason="学生临时考试", now=FIXED_NOW + timedelta(hours=1)
    )  # 23.5 h before
    assert "临时取消" in late.summary
    appointments.cancel_appointment(c.db, c.actor, friday, reason="班主任来电改期", now=FIXED_NOW)
    shown = {r.id: r for r in week(c, include_cancelled=True).rows}
    assert (shown[tomorrow].status, shown[tomorrow].late_cancel) == (AppointmentStatus.CANCELLED, True)
    assert (shown[friday].status, shown[friday].late_cancel) == (AppointmentStatus.CANCELLED, False)
    assert shown[tomorrow].cancel_reason == "学生临时考试"
    assert week(c).rows == (), "cancelled ones leave the calendar"
    book(c, setup, at(10), student_ids=[3])  # and free the time
    with pytest.raises(ValidationError, match="不能再取消"):
        appointments.cancel_appointment(c.db, c.actor, tomorrow, reason="再取消", now=FIXED_NOW)


def test_attendance_is_never_automatic(sessions: dict[Role, Session], setup: Scheduling) -> None:
    c = sessions[Role.COUNSELOR]
    book(c, setup, at(10))
    book(c, setup, at(14), student_ids=[2])
    first, second = only_id(c, at(10)), only_id(c, at(14))
    with pytest.raises(ValidationError, match="还没有开始"):
        appointments.mark_attendance(c.db, c.actor, first, status=AppointmentStatus.NO_SHOW, now=FIXED_NOW)
    a_week_later = FIXED_NOW + timedelta(days=7)
    later = appointment_views.week_view(c.db, c.actor, start=MONDAY, now=a_week_later)
    assert {r.status for r in later.rows} == {AppointmentStatus.BOOKED}, "time passing marks nothing"
    assert all(r.awaiting_attendance for r in later.rows)
    appointments.mark_attendance(c.db, c.actor, first, status=AppointmentStatus.ATTENDED, now=a_week_later)
    appointments.cancel_appointment(c.db, c.actor, second, reason="学生请假", now=at(13))
    with pytest.raises(ValidationError, match="取消不算未到"):
        appointments.mark_attendance(c.db, c.actor, second, status=AppointmentStatus.NO_SHOW, now=a_week_later)
    statuses = {r.id: r.status for r in week(c, include_cancelled=True).rows}
    assert statuses == {first: AppointmentStatus.ATTENDED, second: AppointmentStatus.CANCELLED}
    assert (
        "出勤 已预约 → 已到"
        in c.db.conn.execute(
            "SELECT group_concat(detail) FROM audit_log WHERE object_id = ?", (str(first),)
        ).fetchone()[0]
    )


def test_a_missed_appointment_frees_the_slot(sessions: dict[Role, Session], setup: Scheduling) -> None:
    c = sessions[Role.COUNSELOR]
    book(c, setup, at(10))
    appointments.mark_attendance(c.db, c.actor, only_id(c, at(10)), status=AppointmentStatus.NO_SHOW, now=at(10, 15))
    appointments.register_walk_in(
        c.db,
        c.actor,
        student_ids=[2],
        counselor_id=setup.counselor,
        room_id=setup.room,
        type=AppointmentType.INDIVIDUAL,
        channel=Channel.FACE,
        now=at(10, 15),
    )


def test_a_walk_in_is_recorded_as_attended_even_outside_opening_hours(
    sessions: dict[Role, Session], setup: Scheduling
) -> None:
    c = sessions[Role.COUNSELOR]
    saturday_noon = datetime(2025, 10, 18, 12, 7, 31)
    appointments.register_walk_in(
        c.db,
        c.actor,
        student_ids=[4],
        counselor_id=setup.counselor,
        room_id=setup.room,
        type=AppointmentType.CRISIS,
        channel=Channel.FACE,
        now=saturday_noon,
    )
    (item,) = week(c).rows
    assert (item.start, item.end) == (datetime(2025, 10, 18, 12, 7), datetime(2025, 10, 18, 13, 7))
    assert item.status is AppointmentStatus.ATTENDED and item.is_walk_in
    with pytest.raises(AppointmentConflict, match="王老师"):  # hard clashes still refuse a walk-in
        appointments.register_walk_in(
            c.db,
            c.actor,
            student_ids=[5],
            counselor_id=setup.counselor,
            room_id=None,
            type=AppointmentType.INDIVIDUAL,
            channel=Channel.PHONE,
            now=saturday_noon + timedelta(minutes=10),
        )


def test_filters_by_counselor_and_by_room(sessions: dict[Role, Session], setup: Scheduling) -> None:
    c = sessions[Role.COUNSELOR]
    book(c, setup, at(10))
    book(c, setup, at(10), counselor_id=setup.lead, student_ids=[2], room_id=setup.group_room)
    assert [r.counselor_name for r in week(c, counselor_id=setup.lead).rows] == ["李主任"]
    assert [r.room_name for r in week(c, room_id=setup.room).rows] == ["个别辅导室一"]
    assert len(week(c).rows) == 2
    day = appointment_views.day_view(c.db, c.actor, day=TUESDAY.date(), now=FIXED_NOW, room_id=setup.group_room)
    assert [r.student_names for r in day.rows] == ["李雨涵"] and day.day.open
    with pytest.raises(ValidationError, match="周一"):
        week(c, MONDAY + timedelta(days=1))
    names = [x.name for x in appointment_views.list_counselors(c.db, c.actor, now=FIXED_NOW)]
    assert sorted(names) == ["李主任", "王老师"]


def test_notes_are_for_the_counselor_the_author_and_the_lead(sessions: dict[Role, Session], setup: Scheduling) -> None:
    lead = sessions[Role.LEAD]
    book(lead, setup, at(10), counselor_id=setup.lead, note="家长陪同")
    assert week(lead).rows[0].note == "家长陪同"
    assert week(sessions[Role.COUNSELOR]).rows[0].note == "", "a colleague's note stays with its author"


def test_timeline_lists_appointments_without_notes(sessions: dict[Role, Session], setup: Scheduling) -> None:
    c = sessions[Role.COUNSELOR]
    book(c, setup, at(10), note="不应出现在时间线")
    events = timeline.student_timeline(c.db, c.actor, 1, sources=TIMELINE, now=FIXED_NOW)
    found = [(e.on, e.kind, e.text) for e in events if e.kind == "预约"]
    assert found == [(TUESDAY.date(), "预约", "个别辅导 面谈 已预约")]
    admin = sessions[Role.ADMIN]
    assert all(
        e.kind != "预约" for e in timeline.student_timeline(admin.db, admin.actor, 1, sources=TIMELINE, now=FIXED_NOW)
    )


def test_the_principal_gets_counts_and_nothing_that_names_a_student(
    sessions: dict[Role, Session], setup: Scheduling
) -> None:
    c, p = sessions[Role.COUNSELOR], sessions[Role.PRINCIPAL]
    book(c, setup, at(10))
    appointments.register_walk_in(
        c.db,
        c.actor,
        student_ids=[2],
        counselor_id=setup.lead,
        room_id=setup.group_room,
        type=AppointmentType.INDIVIDUAL,
        channel=Channel.FACE,
        now=FIXED_NOW,
    )
    reads = (
        lambda: week(p),
        lambda: appointment_views.day_view(p.db, p.actor, day=TUESDAY.date(), now=FIXED_NOW),
        lambda: appointment_views.get_appointment(p.db, p.actor, only_id(c, at(10)), now=FIXED_NOW),
        lambda: appointment_views.list_counselors(p.db, p.actor, now=FIXED_NOW),
        lambda: appointments.find_booking_conflicts(
            p.db,
            p.actor,
            student_ids=[1],
            counselor_id=setup.counselor,
            room_id=None,
            start=at(10),
            end=at(11),
            type=AppointmentType.INDIVIDUAL,
            now=FIXED_NOW,
        ),
    )
    for read in reads:
        with pytest.raises(AccessDenied):
            read()
    counts = appointment_views.appointment_counts(
        p.db, p.actor, start=MONDAY, end=MONDAY + timedelta(days=6), now=FIXED_NOW
    )
    assert counts.total_text == "<5"  # what the principal's screen shows: 1–4 is a small count
    assert (counts.walk_ins, counts.by_type["个别辅导"], counts.by_type["危机评估"]) == ("<5", "<5", "0")
    assert counts.by_status == {"已预约": "<5", "已到": "<5", "未到": "0", "取消": "0"}
    mine = appointment_views.appointment_counts(
        c.db, c.actor, start=MONDAY, end=MONDAY + timedelta(days=6), now=FIXED_NOW
    )
    assert (mine.total_text, mine.walk_ins, mine.by_type["个别辅导"]) == ("2", "1", "2")
    assert mine.by_status == {"已预约": "1", "已到": "1", "未到": "0", "取消": "0"}
    assert "张晓明" not in repr(counts) and "李雨涵" not in repr(counts)


def test_bad_input_is_refused_in_chinese(sessions: dict[Role, Session], setup: Scheduling) -> None:
    c = sessions[Role.COUNSELOR]
    with pytest.raises(ValidationError, match="面谈请选择辅导室"):
        book(c, setup, at(10), room_id=None)
    with pytest.raises(ValidationError, match="在岗的心理教师"):
        book(c, setup, at(10), counselor_id=1)  # the admin account
    with pytest.raises(ValidationError, match="个别辅导请选择一名学生"):
        book(c, setup, at(10), student_ids=[1, 2])
    with pytest.raises(ValidationError, match="同一天"):
        book(c, setup, at(23), end=at(23) + timedelta(hours=2))
    assert week(c).rows == ()
