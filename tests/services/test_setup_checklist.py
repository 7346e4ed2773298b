"""A new school's set-up, in order (issue 8, item 15): 学年学期 → 辅导室与开放时间 → 教职工 → 名单,
each step saying what is missing and who may do it, for every role."""

from __future__ import annotations

from datetime import date, time

from counselroom.domain.roles import Role
from counselroom.domain.school.school_days import Period
from counselroom.domain.school.setup_steps import SetupStep
from counselroom.domain.school.terms import TermDates, default_terms
from counselroom.services.accounts.session import Session
from counselroom.services.school import room_setup, school_calendar
from counselroom.services.school.setup_checklist import setup_checklist
from tests.conftest import FIXED_NOW
from tests.school_data import add_small_school


def missing(s: Session) -> list[tuple[str, str]]:
    return [(m.step.value, m.missing) for m in setup_checklist(s.db, s.actor, now=FIXED_NOW).missing()]


def test_a_new_school_lists_every_step_in_order(sessions: dict[Role, Session]) -> None:
    assert missing(sessions[Role.ADMIN]) == [
        ("学年学期", "还没有学年学期"),
        ("辅导室与开放时间", "还没有辅导室和开放时间"),
        ("教职工", "还没有教职工"),
        ("名单", "还没有学生名单"),
    ]


def test_each_step_says_who_may_do_it_and_whether_the_viewer_may(sessions: dict[Role, Session]) -> None:
    for role, may in (
        (Role.ADMIN, [True, True, True, True]),
        (Role.LEAD, [False, True, False, False]),
        (Role.COUNSELOR, [False, False, False, False]),
        (Role.PRINCIPAL, [False, False, False, False]),
    ):
        s = sessions[role]
        steps = setup_checklist(s.db, s.actor, now=FIXED_NOW).steps
        assert [step.may_do for step in steps] == may, role
    steps = setup_checklist(sessions[Role.LEAD].db, sessions[Role.LEAD].actor, now=FIXED_NOW).steps
    assert [step.who for step in steps] == ["管理员", "心理中心负责人或管理员", "管理员", "管理员"]


def test_steps_are_done_as_the_school_sets_up(sessions: dict[Role, Session]) -> None:
    admin = sessions[Role.ADMIN]
    first, second = default_terms(2025)
    school_calendar.add_school_year(admin.db, admin.actor, start_year=2025, first=first, second=second, now=FIXED_NOW)
    room_setup.set_opening_hours(admin.db, admin.actor, [Period(0, time(12, 10), time(13, 30))], now=FIXED_NOW)
    assert missing(admin)[:1] == [("辅导室与开放时间", "还没有辅导室")]
    room_setup.save_room(admin.db, admin.actor, name="个别辅导室一", kind="个别辅导室", capacity=2, now=FIXED_NOW)
    add_small_school(admin)  # staff and students
    checklist = setup_checklist(admin.db, admin.actor, now=FIXED_NOW)
    assert checklist.complete and checklist.missing() == ()


def test_terms_that_have_all_ended_ask_for_a_new_year(sessions: dict[Role, Session]) -> None:
    admin = sessions[Role.ADMIN]
    school_calendar.add_school_year(
        admin.db,
        admin.actor,
        start_year=2023,
        first=TermDates(1, date(2023, 9, 1), date(2024, 1, 20)),
        second=TermDates(2, date(2024, 2, 20), date(2024, 7, 5)),
        now=FIXED_NOW,
    )
    checklist = setup_checklist(admin.db, admin.actor, now=FIXED_NOW)
    assert checklist.missing(SetupStep.TERMS)[0].missing == "已有的学期都已结束，还没有新学年"
    assert [s.step for s in checklist.missing(SetupStep.STAFF, SetupStep.TERMS)] == [SetupStep.TERMS, SetupStep.STAFF]
