"""Room facts (issue #12): 功能区 with sizes, the four rules, 经费 per school year — kept by the lead
or the admin, read by everyone — and the room's use over a term (使用率) from appointment counts
and duty records, the same numbers for the principal as for a counselor."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from counselroom.domain.activities.room_facts import RoomRuleName
from counselroom.domain.errors import AccessDenied, AlreadyExists, NotFound, ValidationError
from counselroom.domain.roles import Role
from counselroom.domain.scheduling.appointments import AppointmentSource, AppointmentStatus, AppointmentType, Channel
from counselroom.services.accounts.session import Session
from counselroom.services.activities import room_facts
from counselroom.services.activities.room_facts import RoomAreaInput, RoomBudget, RoomRule
from counselroom.services.duty import duty_rota
from counselroom.services.scheduling import appointment_views, appointments
from counselroom.services.school import room_setup
from counselroom.store import users
from tests.conftest import FIXED_NOW
from tests.school_data import add_small_school
from tests.services.duty_data import add_duty_school, first_term_id, publish_first_term

WEDNESDAY = datetime(2026, 9, 2)  # the term's second day
FRIDAY_NIGHT = datetime(2026, 9, 4, 20, 0)


def test_areas_rules_and_budgets(sessions: dict[Role, Session]) -> None:
    lead, admin, c, p = (sessions[r] for r in (Role.LEAD, Role.ADMIN, Role.COUNSELOR, Role.PRINCIPAL))
    room_setup.save_room(lead.db, lead.actor, name="个别辅导室一", kind="个别辅导室", capacity=2, now=FIXED_NOW)
    room_id = room_setup.list_rooms(lead.db, lead.actor, now=FIXED_NOW)[0].id
    room_facts.save_room_area(lead.db, lead.actor, RoomAreaInput("个体辅导室", 12, room_id), now=FIXED_NOW)
    room_facts.save_room_area(admin.db, admin.actor, RoomAreaInput("宣泄室", 15, notes="配宣泄人"), now=FIXED_NOW)
    room_facts.set_room_rule(
        lead.db, lead.actor, RoomRule(RoomRuleName.CONFIDENTIALITY, True, date(2025, 9, 1), True), now=FIXED_NOW
    )
    room_facts.set_room_budget(admin.db, admin.actor, RoomBudget("2025-2026", 20000, "含设备更新"), now=FIXED_NOW)
    room_facts.set_room_budget(lead.db, lead.actor, RoomBudget("2024-2025", 15000), now=FIXED_NOW)
    facts = room_facts.room_facts(p.db, p.actor, now=FIXED_NOW)
    assert [(a.name, a.size_m2, a.room_name, a.notes) for a in facts.areas] == [
        ("个体辅导室", 12, "个别辅导室一", ""),
        ("宣泄室", 15, "", "配宣泄人"),
    ]
    assert [(r.rule, r.in_force, r.posted) for r in facts.rules] == [
        (RoomRuleName.GUIDELINES, False, False),
        (RoomRuleName.TEACHER_CODE, False, False),
        (RoomRuleName.CRISIS_REFERRAL, False, False),
        (RoomRuleName.CONFIDENTIALITY, True, True),
    ]
    assert facts.rules[3].adopted_on == date(2025, 9, 1)
    assert [(b.year_name, b.amount) for b in facts.budgets] == [("2025-2026", 20000), ("2024-2025", 15000)]
    area_id = facts.areas[1].id
    room_facts.save_room_area(lead.db, lead.actor, RoomAreaInput("宣泄放松室", 18), area_id=area_id, now=FIXED_NOW)
    room_facts.set_room_budget(lead.db, lead.actor, RoomBudget("2025-2026", 25000), now=FIXED_NOW)
    room_facts.remove_room_budget(lead.db, lead.actor, "2024-2025", now=FIXED_NOW)
    room_facts.remove_room_area(admin.db, admin.actor, facts.areas[0].id, now=FIXED_NOW)
    again = room_facts.room_facts(c.db, c.actor, now=FIXED_NOW)
    assert [(a.name, a.size_m2) for a in again.areas] == [("宣泄放松室", 18)]
    assert [(b.year_name, b.amount, b.notes) for b in again.budgets] == [("2025-2026", 25000, "")]
    details = lead.db.conn.execute(
        "SELECT object_id, detail FROM audit_log WHERE object_type = 'room_facts' ORDER BY seq"
    ).fetchall()
    assert [d for _, d in details] == [
        "新增功能区",
        "新增功能区",
        "修改制度",
        "设置经费",
        "设置经费",
        "修改功能区",
        "设置经费",
        "删除经费",
        "删除功能区",
    ]
    assert details[2][0] == "rule:信息保密制度" and details[3][0] == "budget:2025-2026"


def test_only_the_lead_or_the_admin_edits(sessions: dict[Role, Session]) -> None:
    for role in (Role.COUNSELOR, Role.PRINCIPAL):
        s = sessions[role]
        with pytest.raises(AccessDenied):
            room_facts.save_room_area(s.db, s.actor, RoomAreaInput("放松室", 10), now=FIXED_NOW)
        with pytest.raises(AccessDenied):
            room_facts.set_room_rule(s.db, s.actor, RoomRule(RoomRuleName.GUIDELINES, True), now=FIXED_NOW)
        with pytest.raises(AccessDenied):
            room_facts.set_room_budget(s.db, s.actor, RoomBudget("2025-2026", 1), now=FIXED_NOW)
        assert len(room_facts.room_facts(s.db, s.actor, now=FIXED_NOW).rules) == 4


def test_entries_are_checked(sessions: dict[Role, Session]) -> None:
    lead = sessions[Role.LEAD]
    room_facts.save_room_area(lead.db, lead.actor, RoomAreaInput("放松室", 10), now=FIXED_NOW)
    cases = [
        (lambda: room_facts.save_room_area(lead.db, lead.actor, RoomAreaInput("放松室", 12), now=FIXED_NOW), "已有"),
        (lambda: room_facts.save_room_area(lead.db, lead.actor, RoomAreaInput(" ", 12), now=FIXED_NOW), "名称"),
        (lambda: room_facts.save_room_area(lead.db, lead.actor, RoomAreaInput("沙盘室", 0), now=FIXED_NOW), "面积"),
        (lambda: room_facts.save_room_area(lead.db, lead.actor, RoomAreaInput("沙盘室", 9, 99), now=FIXED_NOW), "辅导室"),
        (lambda: room_facts.set_room_budget(lead.db, lead.actor, RoomBudget("2025", 1), now=FIXED_NOW), "学年"),
        (lambda: room_facts.set_room_budget(lead.db, lead.actor, RoomBudget("2025-2026", -1), now=FIXED_NOW), "经费"),
        (
            lambda: room_facts.set_room_rule(
                lead.db, lead.actor, RoomRule(RoomRuleName.GUIDELINES, True, date(2026, 1, 1)), now=FIXED_NOW
            ),
            "还没有到",
        ),
    ]  # fmt: skip
    for call, message in cases:
        with pytest.raises((ValidationError, AlreadyExists), match=message):
            call()
    with pytest.raises(NotFound):
        room_facts.remove_room_budget(lead.db, lead.actor, "2030-2031", now=FIXED_NOW)
    with pytest.raises(NotFound):
        room_facts.remove_room_area(lead.db, lead.actor, 999, now=FIXED_NOW)


def _book(c: Session, start: datetime, minutes: int, type_: AppointmentType, room_id: int) -> int:
    counselor = users.by_username(c.db.conn, "counselor")
    assert counselor is not None
    appointments.book_appointment(
        c.db,
        c.actor,
        student_ids=[1],
        counselor_id=counselor.id,
        room_id=room_id,
        start=start,
        end=start + timedelta(minutes=minutes),
        type=type_,
        channel=Channel.FACE,
        source=AppointmentSource.SELF,
        note="",
        now=FIXED_NOW,
    )
    monday = start.date() - timedelta(days=start.weekday())
    rows = appointment_views.week_view(c.db, c.actor, start=monday, now=FIXED_NOW).rows
    return next(r.id for r in rows if r.start == start)


def test_room_use_over_the_term_so_far(sessions: dict[Role, Session]) -> None:
    """Tue 1 to Fri 4 September 2026: lunch 12:10–13:30 each day and Wednesday 16:30–18:00 besides,
    410 minutes in one room. Held: a 50-minute individual session and an 80-minute group one."""
    admin, lead, c, p = (sessions[r] for r in (Role.ADMIN, Role.LEAD, Role.COUNSELOR, Role.PRINCIPAL))
    add_small_school(admin)
    add_duty_school(admin)
    term_id = publish_first_term(lead)
    room_setup.save_room(lead.db, lead.actor, name="个别辅导室一", kind="个别辅导室", capacity=12, now=FIXED_NOW)
    room = room_setup.list_rooms(lead.db, lead.actor, now=FIXED_NOW)[0].id
    before = room_facts.room_use(p.db, p.actor, term_id, now=FIXED_NOW)  # the term has not begun
    assert (before.open_hours, before.rate, before.sessions) == (0.0, None, 0)
    lunch = WEDNESDAY.replace(hour=12, minute=10)
    held = [
        _book(c, lunch, 50, AppointmentType.INDIVIDUAL, room),
        _book(c, WEDNESDAY.replace(hour=16, minute=30), 80, AppointmentType.GROUP, room),
    ]
    _book(c, WEDNESDAY.replace(day=3, hour=12, minute=10), 50, AppointmentType.INDIVIDUAL, room)  # not held
    for appointment_id in held:
        appointments.mark_attendance(
            c.db, c.actor, appointment_id, status=AppointmentStatus.ATTENDED, now=WEDNESDAY.replace(hour=19)
        )
    slot = next(
        x
        for x in duty_rota.rota_for_range(c.db, c.actor, lunch.date(), lunch.date(), now=FIXED_NOW)[0].slots
        if x.start == time(12, 10)
    )
    duty_rota.write_duty_log(
        c.db, c.actor, slot.assignment_id, came_staff_id=slot.staff_id, visitors=2, calls=0, events="", handover="",
        now=WEDNESDAY.replace(hour=19),
    )  # fmt: skip
    mine = room_facts.room_use(c.db, c.actor, term_id, now=FRIDAY_NIGHT)
    assert (mine.school_days, mine.rooms, mine.open_hours, mine.booked_hours) == (4, 1, 6.8, 2.2)
    assert mine.rate == pytest.approx(130 / 410)
    assert (mine.sessions, mine.sessions_text, mine.duty_days, mine.duty_logs) == (2, "2", 4, 1)
    theirs = room_facts.room_use(p.db, p.actor, term_id, now=FRIDAY_NIGHT)
    assert (theirs.open_hours, theirs.booked_hours, theirs.rate, theirs.sessions) == (6.8, 2.2, mine.rate, 2)
    assert theirs.sessions_text != "2"  # a small count, shown without the number to the principal
    with pytest.raises(NotFound):
        room_facts.room_use(p.db, p.actor, first_term_id(p) + 99, now=FRIDAY_NIGHT)
