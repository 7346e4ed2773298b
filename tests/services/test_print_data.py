"""The printouts' data from the services: the slip names no student anywhere (data or PDF), the
day sheet lists one counselor's day in time order with their duty, the door roster adapter
turns the duty calendar into the report's types (国庆节 a closed day, the profile's hotlines first);
the principal may print the door roster but not the slip or the day sheet."""

from __future__ import annotations

import dataclasses
from datetime import date, time

import pytest

from counselroom.domain.errors import AccessDenied, NotFound, ValidationError
from counselroom.domain.roles import Role
from counselroom.domain.scheduling.appointments import AppointmentType, Channel
from counselroom.domain.school.hotlines import Hotline
from counselroom.domain.school.terms import TermDates
from counselroom.reports.appointment_slip import build_slip
from counselroom.reports.day_sheet import DutyLine, build_day_sheet
from counselroom.reports.door_rota import build_door_rota
from counselroom.services.accounts.session import Session
from counselroom.services.printing import print_data
from counselroom.services.scheduling import appointments
from counselroom.services.school import hotlines, school_calendar
from counselroom.store.duty import duty_rota as duty_store
from counselroom.store.students import enrolment
from counselroom.system.policy_files import load_profiles
from tests.conftest import FIXED_NOW
from tests.reports.pdf_checks import page_texts, unembedded
from tests.services.appointment_data import TUESDAY, Scheduling, at, book, only_id, set_up_scheduling
from tests.services.duty_data import HOURS as DUTY_HOURS
from tests.services.duty_data import add_duty_school, publish_first_term

SECRET_NAME = "测试同学甲"
LOCAL = Hotline("0791-88330120", "南昌市心理援助热线")
JIANGXI = next(tuple(h.hotline for h in p.hotlines) for p in load_profiles() if p.id == "jiangxi")  # the default


@pytest.fixture
def setup(sessions: dict[Role, Session]) -> Scheduling:
    return set_up_scheduling(sessions)


def add_secret_student(admin: Session) -> int:
    """A student whose name must never reach a slip; in 初二(1)班."""
    with admin.db.transaction() as conn:
        class_id = int(conn.execute("SELECT id FROM classes WHERE name = '初二(1)班'").fetchone()[0])
        enrolment.insert_students(
            conn,
            [
                (
                    7,
                    "2024101007",
                    SECRET_NAME,
                    "女",
                    "2011-04-04",
                    class_id,
                    "在读",
                    "2025-09-01",
                    "2025-09-01",
                    "2025-09-01",
                )
            ],
        )
    return 7


# --- 预约单 --------------------------------------------------------------------------------------


def test_the_slip_shows_when_and_where_and_nothing_of_the_student(
    sessions: dict[Role, Session], setup: Scheduling
) -> None:
    student = add_secret_student(sessions[Role.ADMIN])
    counselor, lead = sessions[Role.COUNSELOR], sessions[Role.LEAD]
    hotlines.set_local_hotlines(lead.db, lead.actor, [LOCAL], now=FIXED_NOW)
    book(
        counselor, setup, at(10), student_ids=[student], type=AppointmentType.CRISIS, note=f"{SECRET_NAME}由班主任陪同"
    )
    slip = print_data.slip_data(counselor.db, counselor.actor, only_id(counselor, at(10)), now=FIXED_NOW)
    assert (slip.school_name, slip.start, slip.end) == ("测试中学", at(10), at(10, 50))
    assert slip.room_label == "心理辅导室（个别辅导室一）"
    assert slip.hotlines == (*JIANGXI, LOCAL)
    everything = repr(dataclasses.asdict(slip))
    for secret in (SECRET_NAME, "初二", "危机评估", "陪同", "王老师"):
        assert secret not in everything, secret
    pdf = build_slip(slip)
    text = "".join(page_texts(pdf))
    for expected in ("2025年10月14日 周二", "10:00–10:50", "心理辅导室（个别辅导室一）", "12356", LOCAL.number):
        assert expected in text, expected
    for secret in (SECRET_NAME, "初二", "危机评估", "陪同", "王老师"):
        assert secret not in text, secret
    assert unembedded(pdf) == []


def test_the_slip_uses_the_room_location_and_says_phone_for_a_phone_session(
    sessions: dict[Role, Session], setup: Scheduling
) -> None:
    counselor, lead = sessions[Role.COUNSELOR], sessions[Role.LEAD]
    print_data.set_room_location(lead.db, lead.actor, "  行政楼三楼东侧   心理辅导室 ", now=FIXED_NOW)
    book(counselor, setup, at(10))
    book(counselor, setup, at(14), student_ids=[2], channel=Channel.PHONE, room_id=None)
    face = print_data.slip_data(counselor.db, counselor.actor, only_id(counselor, at(10)), now=FIXED_NOW)
    phone = print_data.slip_data(counselor.db, counselor.actor, only_id(counselor, at(14)), now=FIXED_NOW)
    assert face.room_label == "行政楼三楼东侧 心理辅导室（个别辅导室一）"
    assert phone.room_label == "电话"
    print_data.set_room_location(lead.db, lead.actor, "行政楼三楼 心理辅导室（阳光驿站）", now=FIXED_NOW)
    face = print_data.slip_data(counselor.db, counselor.actor, only_id(counselor, at(10)), now=FIXED_NOW)
    assert face.room_label == "行政楼三楼 心理辅导室（阳光驿站） 个别辅导室一", "no nested brackets"


def test_a_cancelled_appointment_has_no_slip(sessions: dict[Role, Session], setup: Scheduling) -> None:
    counselor = sessions[Role.COUNSELOR]
    book(counselor, setup, at(10))
    appointment_id = only_id(counselor, at(10))
    appointments.cancel_appointment(counselor.db, counselor.actor, appointment_id, reason="学生考试", now=FIXED_NOW)
    with pytest.raises(ValidationError, match="已取消"):
        print_data.slip_data(counselor.db, counselor.actor, appointment_id, now=FIXED_NOW)


# --- 日程表 --------------------------------------------------------------------------------------


def _duty_on_tuesday(sessions: dict[Role, Session], setup: Scheduling) -> None:
    """The 2025-2026 year, a staff row for 王老师's account, and two slots on TUESDAY."""
    admin = sessions[Role.ADMIN]
    school_calendar.add_school_year(
        admin.db,
        admin.actor,
        start_year=2025,
        first=TermDates(1, date(2025, 9, 1), date(2026, 1, 16)),
        second=TermDates(2, date(2026, 2, 23), date(2026, 7, 10)),
        now=FIXED_NOW,
    )
    with admin.db.transaction() as conn:
        mine = enrolment.insert_staff(
            conn, name="王老师", gender="女", staff_no="W1", position="专职心理教师", user_id=setup.counselor
        )
        other = int(conn.execute("SELECT id FROM staff WHERE name = '孙老师'").fetchone()[0])
        term_id = int(conn.execute("SELECT min(id) FROM terms").fetchone()[0])
        roster_id = duty_store.insert_rota(conn, term_id=term_id, by=admin.actor.user_id, now=FIXED_NOW, note="")
        duty_store.insert_assignments(
            conn,
            roster_id,
            [(TUESDAY.date(), time(8), time(12), mine), (TUESDAY.date(), time(13, 30), time(17, 30), other)],
        )


def test_the_day_sheet_lists_the_counselors_day_in_time_order(sessions: dict[Role, Session], setup: Scheduling) -> None:
    counselor, lead = sessions[Role.COUNSELOR], sessions[Role.LEAD]
    _duty_on_tuesday(sessions, setup)
    book(counselor, setup, at(14), student_ids=[1])
    book(counselor, setup, at(8, 30), student_ids=[2], type=AppointmentType.FOLLOW_UP)
    book(counselor, setup, at(10), student_ids=[3, 4], type=AppointmentType.GROUP, room_id=setup.group_room)
    book(counselor, setup, at(11), student_ids=[6])
    for cancelled in (at(11), at(8, 30)):  # 08:30 is less than 24 hours away: 临时取消
        appointments.cancel_appointment(
            counselor.db, counselor.actor, only_id(counselor, cancelled), reason="学生考试", now=FIXED_NOW
        )
    book(lead, setup, at(15), student_ids=[5], counselor_id=setup.lead)  # another counselor's: not listed
    book(counselor, setup, at(10).replace(day=15), student_ids=[5])  # another day: not listed

    sheet = print_data.day_sheet_data(
        lead.db, lead.actor, day=TUESDAY.date(), counselor_id=setup.counselor, now=FIXED_NOW
    )
    assert (sheet.school_name, sheet.day, sheet.counselor) == ("测试中学", TUESDAY.date(), "王老师")
    assert sheet.printed_by == "李主任（心理中心负责人）" and sheet.printed_at == FIXED_NOW
    assert [(f"{r.start:%H:%M}", r.status) for r in sheet.appointments] == [
        ("08:30", "临时取消"),
        ("10:00", "已预约"),
        ("11:00", "已取消"),
        ("14:00", "已预约"),
    ]
    assert [r.students for r in sheet.appointments if r.kind != "团体辅导"] == ["李雨涵", "赵欣怡", "张晓明"]
    group = sheet.appointments[1]
    assert set(group.students.split("、")) == {"王子轩", "陈思琪"}
    assert set(group.class_name.split("、")) == {"初一（1）班", "初二（1）班"}  # full-width in Chinese print
    assert (group.kind, group.channel, group.place) == ("团体辅导", "面谈", "团体活动室")
    assert sheet.duty == (DutyLine(time(8), time(12), "王老师"),)

    pdf = build_day_sheet(sheet)
    text = "".join(page_texts(pdf))
    assert "2025年10月14日 周二" in text and "李主任（心理中心负责人）" in text and "08:00–12:00 王老师" in text
    positions = [text.index(name) for name in ("李雨涵", "陈思琪", "赵欣怡", "张晓明")]
    assert positions == sorted(positions), "rows in time order"
    assert "刘浩然" not in text
    assert unembedded(pdf) == []


def test_a_day_sheet_of_someone_who_is_not_a_counselor_is_refused(
    sessions: dict[Role, Session], setup: Scheduling
) -> None:
    lead = sessions[Role.LEAD]
    with pytest.raises(NotFound):
        print_data.day_sheet_data(
            lead.db, lead.actor, day=TUESDAY.date(), counselor_id=lead.actor.user_id + 99, now=FIXED_NOW
        )
    principal_id = sessions[Role.PRINCIPAL].actor.user_id
    with pytest.raises(NotFound):
        print_data.day_sheet_data(lead.db, lead.actor, day=TUESDAY.date(), counselor_id=principal_id, now=FIXED_NOW)


def test_an_empty_day_still_gives_a_sheet(sessions: dict[Role, Session], setup: Scheduling) -> None:
    counselor = sessions[Role.COUNSELOR]
    sheet = print_data.day_sheet_data(
        counselor.db, counselor.actor, day=TUESDAY.date(), counselor_id=setup.counselor, now=FIXED_NOW
    )
    assert sheet.appointments == () and sheet.duty == ()
    assert "当天没有预约" in "".join(page_texts(build_day_sheet(sheet)))


# --- 值班表（门贴） --------------------------------------------------------------------------------


@pytest.fixture
def duty_school(sessions: dict[Role, Session]) -> int:
    add_duty_school(sessions[Role.ADMIN])
    lead = sessions[Role.LEAD]
    hotlines.set_local_hotlines(lead.db, lead.actor, [LOCAL], now=FIXED_NOW)
    return publish_first_term(lead)


def test_the_door_roster_adapter_gives_the_reports_types(sessions: dict[Role, Session], duty_school: int) -> None:
    principal = sessions[Role.PRINCIPAL]
    data = print_data.door_rota_pdf_data(principal.db, principal.actor, term_id=duty_school, now=FIXED_NOW)
    assert (data.school_name, data.period_label) == ("测试中学", "2026-2027学年第一学期")
    assert (data.first_day, data.last_day) == (date(2026, 9, 1), date(2027, 1, 22))
    assert data.room_location == "心理辅导室"
    assert data.opening_hours == tuple(sorted(DUTY_HOURS, key=lambda p: (p.weekday, p.start)))
    closed = {c.day: c.reason for c in data.closed_days}
    assert closed[date(2026, 10, 1)] == "国庆节" and closed[date(2026, 9, 25)] == "中秋节"
    assert not {"周末", "", "不开放"} & set(closed.values())
    assert date(2026, 10, 17) not in closed  # an ordinary Saturday is not a closure
    assert data.hotlines == JIANGXI and data.local_numbers == (LOCAL,)
    wednesday = sorted((s for s in data.slots if s.day == date(2026, 9, 2)), key=lambda s: s.start)
    assert [(s.start, s.end) for s in wednesday] == [(time(12, 10), time(13, 30)), (time(16, 30), time(18))]
    assert all(len(s.staff) == 1 and s.staff[0].endswith("老师") for s in data.slots)
    assert not any(s.day in closed for s in data.slots)

    pdf = build_door_rota(data)
    text = "".join(page_texts(pdf))
    assert "国庆节" in text and "心理辅导室" in text
    order = [text.index(number) for number in ("12355", "12356", "966525", LOCAL.number)]
    assert order == sorted(order), "the profile's hotlines first, then the local number"
    assert unembedded(pdf) == []


def test_a_month_door_roster_uses_the_room_location(sessions: dict[Role, Session], duty_school: int) -> None:
    lead = sessions[Role.LEAD]
    print_data.set_room_location(lead.db, lead.actor, "行政楼三楼东侧 心理辅导室（阳光驿站）", now=FIXED_NOW)
    data = print_data.door_rota_pdf_data(lead.db, lead.actor, year=2026, month=10, now=FIXED_NOW)
    assert data.period_label == "2026年10月" and (data.first_day, data.last_day) == (
        date(2026, 10, 1),
        date(2026, 10, 31),
    )
    assert [c.day.day for c in data.closed_days] == [1, 2, 3, 4, 5, 6, 7]
    assert data.room_location == "行政楼三楼东侧 心理辅导室（阳光驿站）"
    assert "行政楼三楼东侧" in "".join(page_texts(build_door_rota(data)))
    with pytest.raises(ValidationError):
        print_data.door_rota_pdf_data(lead.db, lead.actor, now=FIXED_NOW)


def test_the_room_location_is_checked_and_audited(sessions: dict[Role, Session]) -> None:
    lead, counselor = sessions[Role.LEAD], sessions[Role.COUNSELOR]
    assert print_data.get_room_location(counselor.db, counselor.actor, now=FIXED_NOW) == "心理辅导室"
    for bad in ("   ", "很" * 41):
        with pytest.raises(ValidationError, match="位置"):
            print_data.set_room_location(lead.db, lead.actor, bad, now=FIXED_NOW)
    print_data.set_room_location(lead.db, lead.actor, "行政楼三楼", now=FIXED_NOW)
    assert print_data.get_room_location(counselor.db, counselor.actor, now=FIXED_NOW) == "行政楼三楼"
    row = lead.db.conn.execute("SELECT action, object_id, detail FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    assert tuple(row) == ("settings_changed", "room_location", "行政楼三楼")
    with pytest.raises(AccessDenied):
        print_data.set_room_location(counselor.db, counselor.actor, "别处", now=FIXED_NOW)


def test_time_ranges_are_read_back_strictly() -> None:
    assert print_data.parse_time_range("12:10–13:30") == (time(12, 10), time(13, 30))
    for bad in ("12:10-13:30", "13:30–12:10", "午间"):
        with pytest.raises(ValueError):
            print_data.parse_time_range(bad)


# --- who may print what ------------------------------------------------------------------------


def test_the_principal_prints_the_door_roster_but_no_slip_or_day_sheet(
    sessions: dict[Role, Session], setup: Scheduling
) -> None:
    counselor, principal = sessions[Role.COUNSELOR], sessions[Role.PRINCIPAL]
    book(counselor, setup, at(10))
    appointment_id = only_id(counselor, at(10))
    with pytest.raises(AccessDenied):
        print_data.slip_data(principal.db, principal.actor, appointment_id, now=FIXED_NOW)
    with pytest.raises(AccessDenied):
        print_data.day_sheet_data(
            principal.db, principal.actor, day=TUESDAY.date(), counselor_id=setup.counselor, now=FIXED_NOW
        )
    add_duty_school(sessions[Role.ADMIN])
    data = print_data.door_rota_pdf_data(principal.db, principal.actor, year=2026, month=11, now=FIXED_NOW)
    assert data.period_label == "2026年11月"
    denied = principal.db.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'access_denied'").fetchone()
    assert denied[0] == 2
