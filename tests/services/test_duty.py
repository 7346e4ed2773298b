"""值班表 over real dates: the 2026-2027 first term with 中秋节, 国庆节 and its 调休 Saturday;
every open slot covered, nobody beyond a limit, counts within one slot; republishing keeps the
slots already begun; the door roster's data and hotlines."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest

from counselroom.domain.errors import AccessDenied, ValidationError
from counselroom.domain.roles import Role
from counselroom.domain.school.hotlines import Hotline
from counselroom.services.accounts.session import Session
from counselroom.services.duty import duty_rota as duty
from counselroom.services.duty.duty_slots import DutyDay
from counselroom.services.school import room_setup
from tests.conftest import FIXED_NOW
from tests.services.duty_data import TERM_END, TERM_START, add_duty_school, first_term_id, publish_first_term

NATIONAL_DAY = [date(2026, 10, 1) + timedelta(days=i) for i in range(7)]


@pytest.fixture
def room(sessions: dict[Role, Session]) -> dict[Role, Session]:
    add_duty_school(sessions[Role.ADMIN])
    return sessions


def term_days(s: Session) -> list[DutyDay]:
    return duty.rota_for_range(s.db, s.actor, TERM_START, TERM_END, now=FIXED_NOW)


def test_a_published_term_roster_covers_every_open_slot_evenly(room: dict[Role, Session]) -> None:
    term_id = publish_first_term(room[Role.LEAD])
    c = room[Role.COUNSELOR]
    days = {d.day: d for d in term_days(c)}
    slots = [s for d in days.values() for s in d.slots]
    assert slots and all(s.staff_name for s in slots), "every open slot has someone on duty"
    assert all(not days[d].open and days[d].reason == "国庆节" and not days[d].slots for d in NATIONAL_DAY)
    assert days[date(2026, 9, 25)].reason == "中秋节" and not days[date(2026, 9, 25)].slots
    saturday = days[date(2026, 10, 10)]  # 调休上班: Monday's opening hours
    assert saturday.open and [s.start for s in saturday.slots] == [time(12, 10)] and saturday.slots[0].staff_name
    assert not days[date(2026, 10, 17)].open  # an ordinary Saturday
    lines = duty.balance(c.db, c.actor, term_id, now=FIXED_NOW)
    counts = [line.slots for line in lines]
    assert sum(counts) == len(slots) and max(counts) - min(counts) <= 1
    assert {line.name for line in lines} == {"王老师", "李老师", "赵老师"}
    assert all(line.hours == round(line.minutes / 60, 1) for line in lines)


def test_same_teacher_is_not_on_duty_twice_on_a_wednesday(room: dict[Role, Session]) -> None:
    publish_first_term(room[Role.LEAD])
    for day in term_days(room[Role.COUNSELOR]):
        names = [s.staff_name for s in day.slots]
        assert len(names) == len(set(names)), day


def test_limits_and_availability_are_respected(room: dict[Role, Session]) -> None:
    lead = room[Role.LEAD]
    teachers = {t.name: t for t in duty.list_duty_staff(lead.db, lead.actor, now=FIXED_NOW)}
    wang = replace(teachers["王老师"], max_per_week=1, max_per_term=10)
    li = replace(teachers["李老师"], available=frozenset({(2, time(16, 30))}))
    duty.set_duty_staff(lead.db, lead.actor, [wang, li], now=FIXED_NOW)
    preview = duty.preview_rota(lead.db, lead.actor, first_term_id(lead), now=FIXED_NOW)
    by_name = {line.name: line for line in preview.balance}
    assert by_name["王老师"].slots == 10
    assert all(p.start == time(16, 30) for p in preview.assignments if p.staff_name == "李老师")
    assert not preview.uncovered  # 赵老师 is unrestricted and takes the rest


def test_preview_names_the_slots_nobody_can_take(room: dict[Role, Session]) -> None:
    lead = room[Role.LEAD]
    only_lunch = frozenset((d, time(12, 10)) for d in range(5))
    teachers = [
        replace(t, available=only_lunch) for t in duty.list_duty_staff(lead.db, lead.actor, now=FIXED_NOW) if t.on_duty
    ]
    duty.set_duty_staff(lead.db, lead.actor, teachers, now=FIXED_NOW)
    preview = duty.preview_rota(lead.db, lead.actor, first_term_id(lead), now=FIXED_NOW)
    assert preview.uncovered and all(u.start == time(16, 30) for u in preview.uncovered)
    assert preview.uncovered[0].reason == "2026-09-02 周三 16:30–18:00：没有可值班的老师"


def test_republishing_keeps_the_slots_already_begun(room: dict[Role, Session]) -> None:
    term_id = publish_first_term(room[Role.LEAD])
    lead = room[Role.LEAD]
    later = datetime(2026, 11, 2, 12, 30)  # a Monday, lunch period under way
    before = {(s.day, s.start): s.staff_name for d in term_days(lead) for s in d.slots}
    teachers = [replace(t, on_duty=True) for t in duty.list_duty_staff(lead.db, lead.actor, now=later)]
    duty.set_duty_staff(lead.db, lead.actor, teachers, now=later)  # 钱老师 joins
    duty.publish_rota(lead.db, lead.actor, term_id, now=later)
    after = {(s.day, s.start): s.staff_name for d in term_days(lead) for s in d.slots}
    begun = {k for k in before if datetime.combine(*k) <= later}
    assert {k: after[k] for k in begun} == {k: before[k] for k in begun}
    assert "钱老师" in after.values() and all(after.values())
    counts = [line.slots for line in duty.balance(lead.db, lead.actor, term_id, now=later)]
    assert max(counts) - min(counts) <= 1  # the newcomer catches up over the rest of the term


def test_generating_needs_teachers_hours_and_a_term_not_over(room: dict[Role, Session]) -> None:
    lead = room[Role.LEAD]
    term_id = first_term_id(lead)
    with pytest.raises(ValidationError, match="已经结束"):
        duty.preview_rota(lead.db, lead.actor, term_id, now=datetime(2027, 2, 1, 9, 0))
    room_setup.set_opening_hours(lead.db, lead.actor, [], now=FIXED_NOW)
    with pytest.raises(ValidationError, match="开放时间"):
        duty.preview_rota(lead.db, lead.actor, term_id, now=FIXED_NOW)
    teachers = [replace(t, on_duty=False) for t in duty.list_duty_staff(lead.db, lead.actor, now=FIXED_NOW)]
    duty.set_duty_staff(lead.db, lead.actor, teachers, now=FIXED_NOW)
    with pytest.raises(ValidationError, match="还没有值班教师"):
        duty.publish_rota(lead.db, lead.actor, term_id, now=FIXED_NOW)


def test_duty_settings_are_checked(room: dict[Role, Session]) -> None:
    lead = room[Role.LEAD]
    wang = next(t for t in duty.list_duty_staff(lead.db, lead.actor, now=FIXED_NOW) if t.name == "王老师")
    with pytest.raises(ValidationError, match="不是开放时段"):
        duty.set_duty_staff(lead.db, lead.actor, [replace(wang, available=frozenset({(5, time(9, 0))}))], now=FIXED_NOW)
    with pytest.raises(ValidationError, match="至少选择一个"):
        duty.set_duty_staff(lead.db, lead.actor, [replace(wang, available=frozenset())], now=FIXED_NOW)
    with pytest.raises(ValidationError, match="每周上限"):
        duty.set_duty_staff(lead.db, lead.actor, [replace(wang, max_per_week=0)], now=FIXED_NOW)
    with pytest.raises(AccessDenied):
        c = room[Role.COUNSELOR]
        duty.set_duty_staff(c.db, c.actor, [wang], now=FIXED_NOW)


def test_on_duty_now_and_the_next_slot(room: dict[Role, Session]) -> None:
    publish_first_term(room[Role.LEAD])
    c = room[Role.COUNSELOR]
    wednesday = {
        s.start: s
        for s in duty.rota_for_range(c.db, c.actor, date(2026, 10, 14), date(2026, 10, 14), now=FIXED_NOW)[0].slots
    }
    now = duty.on_duty_now(c.db, c.actor, now=datetime(2026, 10, 14, 12, 30))
    assert now.current == replace(wednesday[time(12, 10)], ended=False)
    assert now.next is not None and (now.next.day, now.next.start) == (date(2026, 10, 14), time(16, 30))
    holiday = duty.on_duty_now(c.db, c.actor, now=datetime(2026, 10, 3, 10, 0))
    assert holiday.current is None
    assert holiday.next is not None and holiday.next.day == date(2026, 10, 8)


def test_the_month_view_and_the_principal(room: dict[Role, Session]) -> None:
    publish_first_term(room[Role.LEAD])
    p = room[Role.PRINCIPAL]
    october = duty.rota_for_month(p.db, p.actor, 2026, 10, now=FIXED_NOW)
    assert [d.day for d in october] == [date(2026, 10, 1) + timedelta(days=i) for i in range(31)]
    assert october[0].reason == "国庆节"
    assert all(s.staff_name for d in october for s in d.slots)


def test_door_roster_data_with_hotlines(room: dict[Role, Session]) -> None:
    term_id = publish_first_term(room[Role.LEAD])
    lead = room[Role.LEAD]
    duty.set_local_hotlines(lead.db, lead.actor, [Hotline("0791-88330120", "南昌市心理援助热线")], now=FIXED_NOW)
    door = duty.door_rota_data(lead.db, lead.actor, term_id=term_id, now=FIXED_NOW)
    assert door.school_name == "测试中学" and door.title == "心理辅导室值班表"
    assert door.period_label == "2026-2027学年第一学期"
    assert [h.number for h in door.hotlines] == ["12355", "12356", "966525", "0791-88330120"]
    assert door.opening_hours[0] == "周一 12:10–13:30"
    national = next(d for d in door.days if d.day == date(2026, 10, 1))
    assert (national.weekday, national.open, national.reason, national.slots) == ("周四", False, "国庆节", ())
    assert all(s.name for d in door.days for s in d.slots)
    month = duty.door_rota_data(lead.db, lead.actor, year=2026, month=11, now=FIXED_NOW)
    assert month.period_label == "2026年11月" and month.end == date(2026, 11, 30)
    with pytest.raises(ValidationError):
        duty.door_rota_data(lead.db, lead.actor, now=FIXED_NOW)


def test_local_hotlines_are_checked_and_the_public_ones_stay(room: dict[Role, Session]) -> None:
    """The room's own contacts are free text (a QQ number, where the 心理信箱 is) but not empty;
    the profile's lines (江西省 by default) are printed anyway and cannot be typed again."""
    lead = room[Role.LEAD]
    with pytest.raises(ValidationError, match="号码、账号或位置") as caught:
        duty.set_local_hotlines(
            lead.db, lead.actor, [Hotline("QQ 123456", "心理辅导室QQ"), Hotline("", "微信")], now=FIXED_NOW
        )
    assert caught.value.row == 2
    with pytest.raises(ValidationError, match="请写明这是什么"):
        duty.set_local_hotlines(lead.db, lead.actor, [Hotline("教学楼一楼大厅", "")], now=FIXED_NOW)
    with pytest.raises(ValidationError, match="已按政策依据（江西省）印出"):
        duty.set_local_hotlines(lead.db, lead.actor, [Hotline("12355", "青少年热线")], now=FIXED_NOW)
    duty.set_local_hotlines(lead.db, lead.actor, [Hotline("教学楼一楼大厅东侧", "心理信箱")], now=FIXED_NOW)
    assert duty.list_hotlines(lead.db, lead.actor, now=FIXED_NOW)[-1] == Hotline("教学楼一楼大厅东侧", "心理信箱")
    duty.set_local_hotlines(lead.db, lead.actor, [], now=FIXED_NOW)
    c = room[Role.COUNSELOR]
    assert [h.label for h in duty.list_hotlines(c.db, c.actor, now=FIXED_NOW)] == [
        "共青团青少年服务热线",
        "全国统一心理援助热线",
        "江西省心理服务热线",
    ]
