"""The demo's appointments other than 个别辅导 cases (part of appointment_plan), one function per
kind, each placing a counselor's appointments of that kind in one week:

- 危机评估 for a red or orange listing in the days after it was made (rare);
- the counselor's 团体辅导 series of the term (4–8 students of one grade, weekly, in 团体活动室);
- 随访 of the listed students the counselor is responsible for — weekly for red, fortnightly for
  orange, monthly for yellow — the most overdue first, then the cases closed a while ago;
- 家长咨询, most in the room after school, some by phone;
- a walk-in (来访, already seen) in the weeks up to today.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from counselroom.demo import schedule_texts as texts
from counselroom.demo.appointment_book import AppointmentBook, Counselor, Group
from counselroom.demo.appointment_facts import Listing, OpenDay
from counselroom.domain.care.warnings import WarningLevel, WarningSource
from counselroom.domain.scheduling.appointments import AppointmentSource, AppointmentType, Channel

T = AppointmentType
SRC = AppointmentSource
_FOLLOW_UP_EVERY = {WarningLevel.RED: 7, WarningLevel.ORANGE: 14, WarningLevel.YELLOW: 28}
_LEVEL_RANK = {WarningLevel.RED: 0, WarningLevel.ORANGE: 1, WarningLevel.YELLOW: 2}
_FROM_WARNING = {
    WarningSource.SCREENING.value: SRC.SCREENING,
    WarningSource.HEAD_TEACHER.value: SRC.HEAD_TEACHER,
    WarningSource.PEER_MONITOR.value: SRC.PEER_MONITOR,
}


# -- 危机评估 ------------------------------------------------------------------------------------


def crises(book: AppointmentBook, c: Counselor, monday: date, week: list[OpenDay]) -> int:
    made = 0
    for listing in book.facts.listings:
        if (
            listing.counselor != c.id
            or listing.level is WarningLevel.YELLOW
            or not monday - timedelta(days=2) <= listing.opened_on < monday + timedelta(days=5)
            or (listing.student, listing.opened_on) in book.crisis_done
            or not book.at_school(listing.student, listing.opened_on)
        ):
            continue
        book.crisis_done.add((listing.student, listing.opened_on))
        if listing.level is WarningLevel.ORANGE and book.rng.random() > 0.4:
            continue  # most orange listings are seen in the usual way
        days = sorted((d for d in week if d.day >= listing.opened_on), key=lambda d: d.day)
        if book.place(
            c,
            T.CRISIS,
            [listing.student],
            days,
            rooms=book.individual_rooms(c),
            source=_FROM_WARNING.get(listing.source, SRC.HEAD_TEACHER),
        ):
            made += 1
    return made


# -- 团体辅导 ------------------------------------------------------------------------------------


def plan_groups(book: AppointmentBook) -> None:
    """A group series for most counselors in most terms: the counselor on Wednesday afternoon,
    the lead after school on Thursday; 6–8 weekly sessions from the term's fourth or fifth week."""
    rng = book.rng
    for first_day in book.term_starts:
        term = 1 if first_day.month >= 8 else 2
        for c, weekday, start in zip(book.counselors, (3, 2), (time(16, 40), time(14, 0)), strict=True):
            if rng.random() > 0.75:
                continue
            themes = [t for t in texts.GROUP_THEMES if t[2] in (0, term)]
            theme, grades, _term = rng.choice(themes)
            begins = first_day + timedelta(days=7 * rng.randint(3, 4))
            begins += timedelta(days=(weekday - begins.weekday()) % 7)
            pool = [
                p.id
                for p in book.pupils
                if book.facts.enrolment.class_of(p).name[:2] in grades and book.at_school(p.id, begins)
            ]
            if len(pool) < 4:
                continue
            members = tuple(sorted(rng.sample(pool, rng.randint(4, min(8, len(pool))))))
            c.groups.append(Group(theme, members, weekday, start, begins, rng.randint(6, 8)))


def group_session(book: AppointmentBook, c: Counselor, week: list[OpenDay]) -> int:
    for group in c.groups:
        day = next((d for d in week if d.day.weekday() == group.weekday and d.day >= group.first), None)
        if day is None or group.held >= group.sessions:
            continue
        members = [
            s for s in group.students if book.at_school(s, day.day) and book.busy.free([("s", s)], *_span(day, group))
        ]
        if len(members) < 3:
            continue
        note = f"{group.theme}（第 {group.held + 1} 次，共 {group.sessions} 次）"
        if book.place(
            c,
            T.GROUP,
            members,
            [day],
            rooms=[book.rooms.group],
            source=SRC.SELF,
            note=note,
            fixed_start=group.period_start,
        ):
            group.held += 1
            return 1
    return 0


def _span(day: OpenDay, group: Group) -> tuple[datetime, datetime]:
    start = datetime.combine(day.day, group.period_start)
    return start, start + timedelta(minutes=T.GROUP.default_minutes)


# -- 随访 ----------------------------------------------------------------------------------------


def follow_ups(book: AppointmentBook, c: Counselor, monday: date, week: list[OpenDay], *, cap: int) -> int:
    """Listed students by level and lateness, then the cases closed a while ago."""
    sunday = monday + timedelta(days=6)
    listings = {}
    for listing in book.facts.listings:
        if listing.counselor == c.id and listing.open_during(monday, sunday):
            listings[listing.student] = listing
            c.due.setdefault(listing.student, listing.opened_on + timedelta(days=book.rng.randint(2, 6)))
    due = sorted(
        (s for s in listings if c.due[s] <= sunday), key=lambda s: (_LEVEL_RANK[listings[s].level], c.due[s], s)
    )
    due += sorted(
        (s for s, (on, _src) in c.after_case.items() if on <= sunday and s not in listings),
        key=lambda s: (c.after_case[s][0], s),
    )
    made = 0
    for sid in due:
        if made >= cap:
            break
        made += _follow_up(book, c, sid, listings.get(sid), week)
    for sid, (on, _src) in list(c.after_case.items()):  # a follow-up never made is let go
        if on < monday - timedelta(days=28):
            del c.after_case[sid]
    return made


def _follow_up(book: AppointmentBook, c: Counselor, sid: int, listing: Listing | None, week: list[OpenDay]) -> int:
    """One 随访 of `sid` this week (1), or none where nothing is free (0); sets when the next is due."""
    rng = book.rng
    if listing is not None:
        low = max(listing.opened_on, c.due[sid] - timedelta(days=3))
        source = SRC.RETURNED if sid in book.facts.returned else _FROM_WARNING.get(listing.source, SRC.SELF)
    else:
        low, source = c.after_case[sid][0] - timedelta(days=3), c.after_case[sid][1]
    note = rng.choice(texts.FOLLOW_UP_NOTES) if rng.random() < 0.15 else ""
    channel = Channel.PHONE if rng.random() < 0.06 else Channel.FACE
    days = [d for d in book.shuffled(week, not_before=low) if book.at_school(sid, d.day)]
    placed = book.place(
        c,
        T.FOLLOW_UP,
        [sid],
        days,
        rooms=None if channel is Channel.PHONE else book.individual_rooms(c),
        channel=channel,
        source=source,
        note=note,
    )
    if placed is None:
        return 0
    if listing is not None:
        c.due[sid] = placed.start.date() + timedelta(days=_FOLLOW_UP_EVERY[listing.level])
    elif sid in c.after_case and rng.random() < 0.4:  # once more, a month on
        c.after_case[sid] = (placed.start.date() + timedelta(days=28), source)
    else:
        c.after_case.pop(sid, None)
    return 1


# -- 家长咨询 and walk-ins --------------------------------------------------------------------------


def parent(book: AppointmentBook, c: Counselor, week: list[OpenDay]) -> int:
    rng = book.rng
    known = [case.student for case in c.cases] + [s for s in c.due]
    roll = rng.random()
    day = week[0].day
    if known and roll < 0.7:
        students = [rng.choice(known)]
    elif roll < 0.92:
        found = book.random_pupil(day, set())
        students = [found] if found is not None else []
    else:
        students = []
    students = [s for s in students if book.at_school(s, week[-1].day)]
    channel = Channel.FACE if rng.random() < 0.75 else Channel.PHONE if rng.random() < 0.9 else Channel.ONLINE
    source = SRC.HEAD_TEACHER if rng.random() < 0.4 else SRC.SELF
    note = rng.choice(texts.PARENT_NOTES) if channel is Channel.FACE and rng.random() < 0.5 else ""
    placed = book.place(
        c,
        T.PARENT,
        students,
        book.shuffled(week),
        rooms=book.individual_rooms(c) if channel is Channel.FACE else None,
        channel=channel,
        source=source,
        note=note,
        after_school_first=True,
    )
    return int(placed is not None)


def walk_in(book: AppointmentBook, c: Counselor, week: list[OpenDay]) -> None:
    days = [d for d in book.shuffled(week) if d.day <= book.now.date()]
    if not days:
        return
    sid = book.random_pupil(days[0].day, set())
    if sid is None:
        return
    roll = book.rng.random()
    source = SRC.SELF if roll < 0.7 else SRC.PEER_MONITOR if roll < 0.9 else SRC.HEAD_TEACHER
    book.place(
        c,
        T.INDIVIDUAL,
        [sid],
        days,
        rooms=book.individual_rooms(c),
        source=source,
        minutes=book.rng.choice((30, 40, 50)),
        walk_in=True,
    )
