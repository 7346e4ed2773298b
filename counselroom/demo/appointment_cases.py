"""The demo's 个别辅导 cases (part of appointment_plan): each open case seen once a week (a case
runs 2–8 sessions, a few stop coming), and new cases taken on to fill the week, from 自主预约,
班主任推荐, 心理委员发现 (their reports first), 筛查 (a positive screen) and 转回 (back from 休学
or from a referral). Most closed cases get a 随访 a fortnight after the last session.
"""

from __future__ import annotations

from datetime import date, timedelta

from counselroom.demo import schedule_texts as texts
from counselroom.demo.appointment_book import AppointmentBook, Case, Counselor
from counselroom.demo.appointment_facts import OpenDay
from counselroom.domain.care.warnings import WarningLevel
from counselroom.domain.scheduling.appointments import AppointmentSource, AppointmentType

SRC = AppointmentSource
_INTAKE_SOURCES = {SRC.SELF: 45, SRC.HEAD_TEACHER: 20, SRC.PEER_MONITOR: 12, SRC.SCREENING: 15, SRC.RETURNED: 8}


def cases(book: AppointmentBook, c: Counselor, week: list[OpenDay], *, want: int) -> int:
    rng = book.rng
    made = 0
    for case in list(c.cases):
        if made >= want:
            break
        if rng.random() < 0.04:  # stopped coming: the case is closed
            _close(book, c, case)
            continue
        days = book.shuffled(week)
        days.sort(key=lambda d: d.day.weekday() != case.weekday)
        if _session(book, c, case, days):
            made += 1
    tries = 0
    while made < want and tries < want * 3:
        tries += 1
        made += new_case(book, c, week)
    return made


def new_case(book: AppointmentBook, c: Counselor, week: list[OpenDay]) -> int:
    """Take on a student and see them for the first time this week (or not take them on)."""
    case = _intake(book, c, week)
    if case is None:
        return 0
    if not _session(book, c, case, book.shuffled(week)):
        _close(book, c, case)
        return 0
    return 1


def _session(book: AppointmentBook, c: Counselor, case: Case, days: list[OpenDay]) -> bool:
    rng = book.rng
    days = [d for d in days if book.at_school(case.student, d.day)]
    note = ""
    if case.source is SRC.RETURNED and rng.random() < 0.4:
        note = rng.choice(texts.RETURNED_NOTES)
    elif rng.random() < 0.1:
        note = rng.choice(texts.INDIVIDUAL_NOTES)
    rooms = [case.room, *(r for r in book.individual_rooms(c) if r != case.room)]
    placed = book.place(c, AppointmentType.INDIVIDUAL, [case.student], days, rooms=rooms, source=case.source, note=note)
    if placed is None:
        return False
    case.weekday = placed.start.weekday()
    case.left -= 1
    if case.left <= 0:
        _close(book, c, case)
        if rng.random() < 0.85:  # a follow-up a fortnight after the last session
            c.after_case[case.student] = (placed.start.date() + timedelta(days=14), case.source)
    return True


def _close(book: AppointmentBook, c: Counselor, case: Case) -> None:
    c.cases.remove(case)
    book.in_case.discard(case.student)


def _intake(book: AppointmentBook, c: Counselor, week: list[OpenDay]) -> Case | None:
    rng = book.rng
    day = week[0].day
    source = rng.choices(tuple(_INTAKE_SOURCES), weights=tuple(_INTAKE_SOURCES.values()))[0]
    sid = _intake_student(book, source, day)
    if sid is None:
        source, sid = SRC.SELF, book.random_pupil(day, book.in_case)
    if sid is None:
        return None
    young = book.grade(sid).startswith("初")
    room = book.rooms.sandplay if young and rng.random() < 0.25 else c.own_room
    case = Case(sid, source, rng.choices((2, 3, 4, 5, 6, 8), weights=(15, 25, 25, 15, 12, 8))[0], room)
    c.cases.append(case)
    book.in_case.add(sid)
    return case


def _intake_student(book: AppointmentBook, source: AppointmentSource, day: date) -> int | None:
    """Someone the source fits: a recent report, a positive screen, a return from 休学 or a
    referral; for a plain 自主预约 (or a 班主任 who noticed it himself) anyone."""
    facts, month = book.facts, timedelta(days=35)
    if source in (SRC.PEER_MONITOR, SRC.HEAD_TEACHER):
        who = "心理委员" if source is SRC.PEER_MONITOR else "班主任"
        pool = [s for s, by, on in facts.reports if by == who and day - month <= on <= day]
    elif source is SRC.SCREENING:
        pool = [s for s, on in facts.positives.items() if day - 4 * month <= on <= day]
    elif source is SRC.RETURNED:
        pool = [s for s, back in facts.returned.items() if back <= day <= back + 4 * month]
        pool += [
            x.student
            for x in facts.listings
            if x.level is not WarningLevel.YELLOW and x.opened_on + month <= day and x.open_during(day, day)
        ]
    else:
        return None
    pool = [s for s in dict.fromkeys(pool) if s not in book.in_case and book.at_school(s, day)]
    if pool:
        return book.rng.choice(pool)
    if source in (SRC.PEER_MONITOR, SRC.HEAD_TEACHER):  # noticed without a written report
        return book.random_pupil(day, book.in_case)
    return None
