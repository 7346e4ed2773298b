"""The demo school's room at work (issue #4): rooms and opening hours, appointments for every
generated school year, the 候补名单, and the current term's duty roster with swaps and logs.

Called by demo.generate_demo_school inside its one transaction, after care_records (the
appointments follow the warning list, the screens and the reports it wrote), from the same
`random.Random`, so a seed gives the same calendar. Rows are written in bulk through the store's
repositories, in the shapes the services write; nothing is audited row by row.

- rooms: rooms, opening hours, the school's own closed days;
- appointment_plan: the weeks of each counselor, and the statuses;
- here: writing the appointments, and the waitlist;
- duty_year: duty teachers, the enrolment, 调班 and 值班记录.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import datetime, time, timedelta

from counselroom.demo import duty_year, rooms
from counselroom.demo import schedule_texts as texts
from counselroom.demo.appointment_plan import LOOK_AHEAD, Planned, Planner, load_facts, open_days, settle
from counselroom.demo.enrolment_facts import load_enrolment
from counselroom.domain.scheduling.appointments import (
    AppointmentSource,
    AppointmentStatus,
    AppointmentType,
    WaitlistStatus,
)
from counselroom.store.connection import Connection
from counselroom.store.scheduling import appointments as appointment_store
from counselroom.store.scheduling import waitlist as waitlist_store
from counselroom.store.school import school

WAITING = (3, 6)
SCHEDULED_FROM_WAITLIST = 2


def add_schedule(conn: Connection, rng: random.Random, *, user_ids: Mapping[str, int], now: datetime) -> None:
    room_ids = rooms.set_up_rooms(conn, rng)
    terms = school.all_terms(conn)
    if not terms:
        return
    enrolment = load_enrolment(conn)
    high = min(now.date() + LOOK_AHEAD, terms[-1].end_date)
    planner = Planner(
        rng,
        load_facts(conn, enrolment),
        room_ids,
        lead=user_ids["lead"],
        counselor=user_ids["counselor"],
        now=now,
        days=open_days(conn, terms[0].start_date, high),
        term_starts=[t.start_date for t in terms if t.start_date <= high],
    )
    planned = planner.plan()
    settle(rng, planned, now=now, counselor=user_ids["counselor"])
    ids = _write_appointments(conn, planned)
    _waitlist(conn, rng, planner, planned, ids, now=now)
    pupils = {p.id: p for p in enrolment.pupils}
    duty_year.add_duty(
        conn,
        rng,
        user_ids=user_ids,
        now=now,
        appointments=planned,
        grade_of=lambda sid: (planner.grade(sid), pupils[sid].gender),
    )


def _write_appointments(conn: Connection, planned: Sequence[Planned]) -> dict[int, int]:
    """Bulk insert; returns id(planned) → appointment id."""
    ids = appointment_store.insert_records(conn, [_record(a) for a in planned])
    return {id(a): appointment_id for a, appointment_id in zip(planned, ids, strict=True)}


def _record(a: Planned) -> appointment_store.AppointmentRecord:
    return appointment_store.AppointmentRecord(
        counselor_id=a.counselor,
        room_id=a.room,
        start=a.start,
        end=a.end,
        type=a.type,
        channel=a.channel,
        status=a.status,
        source=a.source,
        is_walk_in=a.walk_in,
        cancel_reason=a.cancel_reason,
        cancelled_at=a.cancelled_at,
        late_cancel=a.late_cancel,
        note=a.note,
        created_by=a.counselor,
        created_at=a.created_at or a.start,
        updated_at=a.updated_at or a.created_at or a.start,
        student_ids=tuple(a.students),
    )


def _waitlist(
    conn: Connection,
    rng: random.Random,
    planner: Planner,
    planned: Sequence[Planned],
    ids: Mapping[int, int],
    *,
    now: datetime,
) -> None:
    """3–6 students waiting (added over the last fortnight), and a couple already given a time."""
    today = now.date()
    recent = [d.day for d in planner.days if today - timedelta(days=16) <= d.day <= today] or [today]
    coming = {sid for a in planned if a.end > now for sid in a.students}
    counselors = [c.id for c in planner.counselors]
    taken: set[int] = set()
    for _ in range(rng.randint(*WAITING)):
        sid = planner.random_pupil(today, planner.in_case | coming | taken)
        if sid is None:
            continue
        taken.add(sid)
        added = datetime.combine(rng.choice(recent), time(12, 10)) + timedelta(minutes=rng.randint(0, 330))
        waitlist_store.insert(
            conn,
            student_id=sid,
            counselor_id=rng.choice(counselors) if rng.random() < 0.5 else None,
            preferred_times=rng.choice(texts.WAIT_TIMES),
            reason=rng.choice(texts.WAIT_REASONS),
            user_id=rng.choice(counselors),
            now=min(added, now),
        )
    booked = [
        a
        for a in planned
        if a.start > now
        and a.status is AppointmentStatus.BOOKED
        and a.created_at
        and a.type is AppointmentType.INDIVIDUAL
        and a.source is AppointmentSource.SELF
    ]
    for a in rng.sample(booked, min(len(booked), SCHEDULED_FROM_WAITLIST)):
        assert a.created_at is not None
        added = a.created_at - timedelta(days=rng.randint(2, 6), minutes=rng.randint(0, 300))
        entry = waitlist_store.insert(
            conn,
            student_id=a.students[0],
            counselor_id=None,
            preferred_times=rng.choice(texts.WAIT_TIMES),
            reason=rng.choice(texts.WAIT_REASONS),
            user_id=a.counselor,
            now=added,
        )
        waitlist_store.close(conn, entry, WaitlistStatus.SCHEDULED, appointment_id=ids[id(a)], now=a.created_at)
