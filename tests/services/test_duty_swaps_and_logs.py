"""调班 with its history, and 值班记录: written by the room's teachers, read like a care record
(audited, never by the principal), and the slots over without a log listed for 今日."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

import pytest

from counselroom.domain.errors import AccessDenied, AlreadyExists, NotFound, ValidationError
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.duty import duty_rota
from counselroom.services.duty.duty_slots import DutySlot
from tests.conftest import FIXED_NOW
from tests.services.duty_data import add_duty_school, first_term_id, publish_first_term

WEDNESDAY = date(2026, 10, 14)
EVENING = datetime(2026, 10, 14, 19, 0)


@pytest.fixture
def room(sessions: dict[Role, Session]) -> dict[Role, Session]:
    add_duty_school(sessions[Role.ADMIN])
    publish_first_term(sessions[Role.LEAD])
    return sessions


def slot_on(s: Session, day: date, start: time) -> DutySlot:
    found = duty_rota.rota_for_range(s.db, s.actor, day, day, now=FIXED_NOW)[0].slots
    return next(x for x in found if x.start == start)


def staff_id(s: Session, name: str) -> int:
    return next(t.staff_id for t in duty_rota.list_duty_staff(s.db, s.actor, now=FIXED_NOW) if t.name == name)


def other_teacher(s: Session, slot: DutySlot, *, on_duty: bool = True) -> int:
    return next(
        t.staff_id
        for t in duty_rota.list_duty_staff(s.db, s.actor, now=FIXED_NOW)
        if t.on_duty == on_duty and t.staff_id != slot.staff_id
    )


# -- 调班 ------------------------------------------------------------------------------------------
def test_the_lead_swaps_a_slot_and_the_history_keeps_it(room: dict[Role, Session]) -> None:
    lead = room[Role.LEAD]
    slot = slot_on(lead, WEDNESDAY, time(12, 10))
    to = other_teacher(lead, slot)
    duty_rota.swap_duty(lead.db, lead.actor, slot.assignment_id, to_staff_id=to, reason="外出参加培训", now=FIXED_NOW)
    swapped = slot_on(lead, WEDNESDAY, time(12, 10))
    assert swapped.staff_id == to and swapped.swapped
    history = duty_rota.duty_swaps_history(lead.db, lead.actor, assignment_id=slot.assignment_id, now=FIXED_NOW)
    assert [(h.from_name, h.reason, h.status, h.decided_by) for h in history] == [
        (slot.staff_name, "外出参加培训", "已批准", "李主任")
    ]


def test_a_swap_beyond_a_limit_needs_the_override_and_says_so(room: dict[Role, Session]) -> None:
    lead = room[Role.LEAD]
    slot = slot_on(lead, WEDNESDAY, time(12, 10))
    qian = staff_id(lead, "钱老师")
    teachers = {t.name: t for t in duty_rota.list_duty_staff(lead.db, lead.actor, now=FIXED_NOW)}
    duty_rota.set_duty_staff(
        lead.db, lead.actor, [replace(teachers["钱老师"], on_duty=True, max_per_term=1)], now=FIXED_NOW
    )  # joins after publication, with room for one slot
    duty_rota.swap_duty(lead.db, lead.actor, slot.assignment_id, to_staff_id=qian, reason="自愿代班", now=FIXED_NOW)
    second = slot_on(lead, WEDNESDAY, time(16, 30))
    with pytest.raises(ValidationError, match="学期上限 1 次"):
        duty_rota.swap_duty(
            lead.db, lead.actor, second.assignment_id, to_staff_id=qian, reason="再代一次", now=FIXED_NOW
        )
    duty_rota.swap_duty(
        lead.db, lead.actor, second.assignment_id, to_staff_id=qian, reason="再代一次", now=FIXED_NOW, override=True
    )
    line = duty_rota.duty_swaps_history(lead.db, lead.actor, assignment_id=second.assignment_id, now=FIXED_NOW)[0]
    assert line.override and "学期上限" in line.decision_note


def test_a_counselor_asks_and_the_lead_decides(room: dict[Role, Session]) -> None:
    c, lead = room[Role.COUNSELOR], room[Role.LEAD]
    slot = slot_on(c, WEDNESDAY, time(12, 10))
    to = other_teacher(c, slot)
    with pytest.raises(AccessDenied):
        duty_rota.swap_duty(c.db, c.actor, slot.assignment_id, to_staff_id=to, reason="家中有事", now=FIXED_NOW)
    duty_rota.request_duty_swap(c.db, c.actor, slot.assignment_id, to_staff_id=to, reason="家中有事", now=FIXED_NOW)
    with pytest.raises(AlreadyExists):
        duty_rota.request_duty_swap(c.db, c.actor, slot.assignment_id, to_staff_id=to, reason="家中有事", now=FIXED_NOW)
    [pending] = duty_rota.pending_duty_swaps(lead.db, lead.actor, now=FIXED_NOW)
    assert (pending.requested_by, pending.status) == ("王老师", "待批准")
    assert slot_on(c, WEDNESDAY, time(12, 10)).staff_id == slot.staff_id  # nothing moves before approval
    duty_rota.approve_duty_swap(lead.db, lead.actor, pending.id, now=FIXED_NOW)
    assert slot_on(c, WEDNESDAY, time(12, 10)).staff_id == to
    later = slot_on(c, date(2026, 10, 15), time(12, 10))
    duty_rota.request_duty_swap(
        c.db, c.actor, later.assignment_id, to_staff_id=other_teacher(c, later), reason="临时会议", now=FIXED_NOW
    )
    request = duty_rota.pending_duty_swaps(lead.db, lead.actor, now=FIXED_NOW)[0]
    duty_rota.decline_duty_swap(lead.db, lead.actor, request.id, reason="当天人手不足", now=FIXED_NOW)
    with pytest.raises(NotFound):
        duty_rota.approve_duty_swap(lead.db, lead.actor, request.id, now=FIXED_NOW)
    statuses = [
        h.status for h in duty_rota.duty_swaps_history(lead.db, lead.actor, term_id=first_term_id(lead), now=FIXED_NOW)
    ]
    assert statuses == ["已批准", "未批准"]


def test_a_slot_already_over_is_not_swapped(room: dict[Role, Session]) -> None:
    lead = room[Role.LEAD]
    slot = slot_on(lead, WEDNESDAY, time(12, 10))
    with pytest.raises(ValidationError, match="值班记录"):
        duty_rota.swap_duty(
            lead.db, lead.actor, slot.assignment_id, to_staff_id=other_teacher(lead, slot), reason="补登", now=EVENING
        )


# -- 值班记录 ----------------------------------------------------------------------------------------
def test_a_log_is_written_read_and_audited(room: dict[Role, Session]) -> None:
    c = room[Role.COUNSELOR]
    slot = slot_on(c, WEDNESDAY, time(12, 10))
    came = other_teacher(c, slot)
    duty_rota.write_duty_log(
        c.db,
        c.actor,
        slot.assignment_id,
        came_staff_id=came,
        visitors=3,
        calls=1,
        events="初二学生一人情绪低落，已约周五面谈",
        handover="周五 12:10 面谈请留意",
        now=EVENING,
    )
    entry = duty_rota.duty_log(c.db, c.actor, slot.assignment_id, now=EVENING)
    assert entry is not None
    assert (entry.came_staff_id, entry.visitors, entry.calls, entry.written_by) == (came, 3, 1, "王老师")
    assert entry.handover == "周五 12:10 面谈请留意"
    audited = c.db.conn.execute(
        "SELECT count(*) FROM audit_log WHERE action IN ('duty_log_written', 'duty_log_viewed')"
    ).fetchone()[0]
    assert audited == 2
    duty_rota.write_duty_log(
        c.db, c.actor, slot.assignment_id, came_staff_id=None, visitors=0, calls=0, events="", handover="", now=EVENING
    )  # corrected: nobody came
    corrected = duty_rota.duty_log(c.db, c.actor, slot.assignment_id, now=EVENING)
    assert corrected is not None and corrected.came_staff_id is None and corrected.came_name == ""


def test_the_principal_sees_the_roster_but_never_the_log(room: dict[Role, Session]) -> None:
    p = room[Role.PRINCIPAL]
    slot = slot_on(p, WEDNESDAY, time(12, 10))
    assert slot.staff_name
    with pytest.raises(AccessDenied):
        duty_rota.duty_log(p.db, p.actor, slot.assignment_id, now=EVENING)
    with pytest.raises(AccessDenied):
        duty_rota.missing_duty_logs(p.db, p.actor, now=EVENING)


def test_a_log_is_not_written_before_the_slot_or_with_bad_counts(room: dict[Role, Session]) -> None:
    c = room[Role.COUNSELOR]
    slot = slot_on(c, WEDNESDAY, time(16, 30))
    with pytest.raises(ValidationError, match="还没开始"):
        duty_rota.write_duty_log(
            c.db,
            c.actor,
            slot.assignment_id,
            came_staff_id=slot.staff_id,
            visitors=0,
            calls=0,
            events="",
            handover="",
            now=datetime(2026, 10, 14, 13, 0),
        )
    with pytest.raises(ValidationError, match="来访人数"):
        duty_rota.write_duty_log(
            c.db,
            c.actor,
            slot.assignment_id,
            came_staff_id=slot.staff_id,
            visitors=-1,
            calls=0,
            events="",
            handover="",
            now=EVENING,
        )


def test_missing_logs_list_the_slots_over_without_a_log(room: dict[Role, Session]) -> None:
    c = room[Role.COUNSELOR]
    missing = duty_rota.missing_duty_logs(c.db, c.actor, now=EVENING)
    assert missing[0].day == date(2026, 9, 1)  # from the start of the term
    assert missing[-1].day == WEDNESDAY and missing[-1].start == time(16, 30)
    assert not any(s.day in (date(2026, 10, 1), date(2026, 10, 5)) for s in missing)  # 国庆节
    first = missing[0]
    duty_rota.write_duty_log(
        c.db,
        c.actor,
        first.assignment_id,
        came_staff_id=first.staff_id,
        visitors=0,
        calls=0,
        events="无来访",
        handover="",
        now=EVENING,
    )
    after = duty_rota.missing_duty_logs(c.db, c.actor, now=EVENING)
    assert len(after) == len(missing) - 1 and first.assignment_id not in {s.assignment_id for s in after}
    assert duty_rota.missing_duty_logs(c.db, c.actor, now=EVENING, since=WEDNESDAY)[0].day == WEDNESDAY
