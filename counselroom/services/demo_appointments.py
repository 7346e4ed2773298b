"""The demo's appointments: a counselor's week as it goes in a school counseling room, planned in
memory for every generated school year up to a fortnight after today.

Each counselor account (lead, counselor: only users can be booked) sees 6–12 students a week in
term time, inside the room's opening periods and never on a closed day. In each week, in order:
- 危机评估 for a red or orange listing in the days after it was made (rare);
- the counselor's 团体辅导 series of the term (4–8 students of one grade, weekly, in 团体活动室);
- 随访 of the listed students the counselor is responsible for — weekly for red, fortnightly for
  orange, monthly for yellow — the most overdue first, up to about two fifths of the week;
- 家长咨询, most in the room after school, some by phone;
- 个别辅导: each open case once a week (a case runs 2–8 sessions), new cases taken on to fill the
  week, from 自主预约, 班主任推荐, 心理委员发现 (their reports first), 筛查 (a positive screen)
  and 转回 (back from 休学 or from a referral);
- a walk-in or two (来访, already seen) in the weeks up to today.

Everything is placed by construction: a counselor, a room and a student each hold a list of
taken spans per day, and a booking goes only where all three are free, so no two appointments
overlap whatever their status. Then each gets a status: past ones mostly 已到, some 未到 or 取消
(some of those late cancellations), the ones to come 已预约; one past appointment of 'counselor'
is left unmarked, so 今日 asks for its attendance.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from counselroom.domain.appointments import (
    AppointmentSource,
    AppointmentStatus,
    AppointmentType,
    Channel,
    is_late_cancel,
)
from counselroom.domain.warnings import WarningLevel, WarningSource
from counselroom.services import demo_schedule_texts as texts
from counselroom.services.demo_rooms import RoomIds
from counselroom.services.demo_roster import Roster
from counselroom.services.room_setup import days_between
from counselroom.store import school
from counselroom.store.connection import Connection

T = AppointmentType
SRC = AppointmentSource
STEP = timedelta(minutes=10)
LOOK_AHEAD = timedelta(days=14)
_FOLLOW_UP_EVERY = {WarningLevel.RED: 7, WarningLevel.ORANGE: 14, WarningLevel.YELLOW: 28}
_LEVEL_RANK = {WarningLevel.RED: 0, WarningLevel.ORANGE: 1, WarningLevel.YELLOW: 2}
_INTAKE_SOURCES = {SRC.SELF: 45, SRC.HEAD_TEACHER: 20, SRC.PEER_MONITOR: 12, SRC.SCREENING: 15, SRC.RETURNED: 8}
_FROM_WARNING = {WarningSource.SCREENING.value: SRC.SCREENING, WarningSource.HEAD_TEACHER.value: SRC.HEAD_TEACHER,
                 WarningSource.PEER_MONITOR.value: SRC.PEER_MONITOR}


@dataclass(frozen=True)
class OpenDay:
    day: date
    periods: tuple[tuple[datetime, datetime], ...]


@dataclass
class Planned:
    counselor: int
    room: int | None
    start: datetime
    end: datetime
    type: AppointmentType
    channel: Channel
    source: AppointmentSource
    students: tuple[int, ...]
    note: str = ""
    walk_in: bool = False
    status: AppointmentStatus = AppointmentStatus.BOOKED
    cancel_reason: str = ""
    cancelled_at: datetime | None = None
    late_cancel: bool = False
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Listing:
    student: int
    level: WarningLevel
    source: str
    counselor: int
    opened_on: date
    closed_on: date | None

    def open_during(self, low: date, high: date) -> bool:
        return self.opened_on <= high and (self.closed_on is None or self.closed_on >= low)


@dataclass
class _Case:
    student: int
    source: AppointmentSource
    left: int
    room: int
    weekday: int | None = None


@dataclass
class _Group:
    theme: str
    students: tuple[int, ...]
    weekday: int
    period_start: time
    first: date
    sessions: int
    held: int = 0


@dataclass
class _Counselor:
    id: int
    own_room: int
    load: tuple[int, int]  # students a week, low and high
    cases: list[_Case] = field(default_factory=list)
    due: dict[int, date] = field(default_factory=dict)  # listed student → next 随访
    after_case: dict[int, tuple[date, AppointmentSource]] = field(default_factory=dict)  # closed case → 随访
    groups: list[_Group] = field(default_factory=list)


class _Busy:
    """Taken spans per (what, id, day): a counselor, a room or a student."""

    def __init__(self) -> None:
        self.spans: dict[tuple[str, int, date], list[tuple[datetime, datetime]]] = {}

    def free(self, keys: Iterable[tuple[str, int]], start: datetime, end: datetime) -> bool:
        day = start.date()
        return all(not (s < end and start < e) for what, key in keys for s, e in self.spans.get((what, key, day), ()))

    def take(self, keys: Iterable[tuple[str, int]], start: datetime, end: datetime) -> None:
        for what, key in keys:
            self.spans.setdefault((what, key, start.date()), []).append((start, end))


@dataclass(frozen=True)
class Facts:
    """What the roster and the care records say about who may come, and why."""

    roster: Roster
    listings: tuple[Listing, ...]
    positives: dict[int, date]               # student → first positive screen (proposal filed)
    reports: tuple[tuple[int, str, date], ...]  # (student, 心理委员/班主任, reported on)
    away: dict[int, list[tuple[date, date]]]   # 休学 spans
    returned: dict[int, date]                 # 复学 on


def load_facts(conn: Connection, roster: Roster) -> Facts:
    listings = tuple(
        Listing(int(r[0]), WarningLevel(r[1]), str(r[2]), int(r[3]), date.fromisoformat(r[4]),
                date.fromisoformat(r[5]) if r[5] else None)
        for r in conn.execute("SELECT student_id, level, source, counselor_id, opened_on, closed_on FROM warnings"
                              " WHERE counselor_id IS NOT NULL ORDER BY id"))
    positives: dict[int, date] = {}
    for sid, created in conn.execute("SELECT student_id, min(created_at) FROM warning_proposals"
                                     " WHERE result_id IS NOT NULL GROUP BY student_id ORDER BY student_id"):
        positives[int(sid)] = datetime.fromisoformat(created).date()
    reports = tuple((int(r[0]), "心理委员" if str(r[1]).startswith("心理委员") else "班主任", date.fromisoformat(r[2]))
                    for r in conn.execute("SELECT student_id, reporter, reported_on FROM peer_reports"
                                          " WHERE student_id IS NOT NULL ORDER BY id"))
    away: dict[int, list[tuple[date, date]]] = {}
    returned: dict[int, date] = {}
    for sid, to_status, on in conn.execute("SELECT student_id, to_status, on_date FROM student_status_changes"
                                           " ORDER BY student_id, on_date, id"):
        day = date.fromisoformat(on)
        if to_status == "休学":
            away.setdefault(int(sid), []).append((day, date.max))
        elif to_status == "复学" and away.get(int(sid)):
            away[int(sid)][-1] = (away[int(sid)][-1][0], day)
            returned[int(sid)] = day
    return Facts(roster, listings, positives, reports, away, returned)


def open_days(conn: Connection, low: date, high: date) -> list[OpenDay]:
    """The open days in [low, high] with their periods, from the room's own calendar."""
    found = []
    for term in school.all_terms(conn):
        start, end = max(term.start_date, low), min(term.end_date, high)
        if start > end:
            continue
        for d in days_between(conn, start, end):
            if d.status.open and d.status.periods:
                found.append(OpenDay(d.day, tuple((datetime.combine(d.day, p.start), datetime.combine(d.day, p.end))
                                                  for p in d.status.periods)))
    return found


class Planner:
    """One pass over the weeks, each counselor in turn; `plan` returns the appointments in time order."""

    def __init__(self, rng: random.Random, facts: Facts, rooms: RoomIds, *, lead: int, counselor: int,
                 now: datetime, days: Sequence[OpenDay], term_starts: Sequence[date]) -> None:
        self.rng, self.facts, self.rooms, self.now = rng, facts, rooms, now
        self.days = list(days)
        self.term_starts = list(term_starts)
        self.busy = _Busy()
        self.appointments: list[Planned] = []
        self.counselors = [_Counselor(lead, rooms.individual[0], (6, 9)),
                           _Counselor(counselor, rooms.individual[1], (8, 12))]
        self.pupils = list(facts.roster.pupils)
        self.pupil = {p.id: p for p in self.pupils}
        self.in_case: set[int] = set()
        self.crisis_done: set[tuple[int, date]] = set()

    # -- who may come -----------------------------------------------------------------------
    def at_school(self, sid: int, day: date) -> bool:
        pupil = self.pupil.get(sid)
        if pupil is None or pupil.enrolled_on > day:
            return False
        return not any(left <= day < back for left, back in self.facts.away.get(sid, ()))

    def grade(self, sid: int) -> str:
        return self.facts.roster.class_of(self.pupil[sid]).name[:2]

    def random_pupil(self, day: date, avoid: set[int]) -> int | None:
        for _ in range(30):
            pupil = self.rng.choice(self.pupils)
            if pupil.id not in avoid and self.at_school(pupil.id, day):
                return pupil.id
        return None

    # -- the weeks --------------------------------------------------------------------------
    def plan(self) -> list[Planned]:
        if not self.days:
            return []
        weeks: dict[date, list[OpenDay]] = {}
        for d in self.days:
            weeks.setdefault(d.day - timedelta(days=d.day.weekday()), []).append(d)
        self._plan_groups()
        first_pupil = min((p.enrolled_on for p in self.pupils), default=date.max)
        for monday in sorted(weeks):
            if monday + timedelta(days=6) < first_pupil:
                continue  # before the oldest class came: the students of then are not in the demo
            first_week = any(monday <= s < monday + timedelta(days=7) for s in self.term_starts)
            for c in self.counselors:
                self._week(c, monday, weeks[monday], first_week=first_week)
        self._make_sure_of_today()
        return sorted(self.appointments, key=lambda a: (a.start, a.counselor))

    def _week(self, c: _Counselor, monday: date, week: list[OpenDay], *, first_week: bool) -> None:
        rng = self.rng
        target = rng.randint(*c.load) * len(week) / 5
        if first_week:
            target *= 0.5
        if monday > self.now.date() + timedelta(days=7 - self.now.weekday()):
            target *= 0.5  # the week after next: fewer booked so far
        target = round(target)
        made = self._crises(c, monday, week)
        made += self._group_session(c, week)
        made += self._follow_ups(c, monday, week, cap=max(1, round(target * 0.4)))
        for _ in range(rng.choice((0, 0, 1, 1, 1, 2))):
            made += self._parent(c, week)
        made += self._cases(c, week, want=target - made)
        if monday <= self.now.date():
            for _ in range(rng.choice((0, 1, 1, 1, 2))):
                self._walk_in(c, week)

    # -- placing ----------------------------------------------------------------------------
    def place(self, c: _Counselor, type_: AppointmentType, students: Sequence[int], days: Sequence[OpenDay], *,
              rooms: Sequence[int] | None, channel: Channel = Channel.FACE, source: AppointmentSource = SRC.SELF,
              note: str = "", minutes: int | None = None, walk_in: bool = False, after_school_first: bool = False,
              fixed_start: time | None = None) -> Planned | None:
        """The first free start (10-minute steps) on the given days, in a room if `rooms` is given."""
        length = timedelta(minutes=minutes or type_.default_minutes)
        people = [("c", c.id), *(("s", s) for s in students)]
        for d in days:
            periods = list(d.periods)
            self.rng.shuffle(periods)
            if after_school_first:
                periods.sort(key=lambda p: p[0].time() < time(16))
            for low, high in periods:
                if fixed_start is not None and low.time() != fixed_start:
                    continue
                start = low
                while start + length <= high:
                    end = start + length
                    if walk_in and end > self.now:
                        break
                    if self.busy.free(people, start, end):
                        room = self._free_room(rooms, start, end)
                        if rooms is None or room is not None:
                            keys = people + ([("r", room)] if room is not None else [])
                            self.busy.take(keys, start, end)
                            made = Planned(c.id, room, start, end, type_, channel, source, tuple(students), note,
                                           walk_in)
                            self.appointments.append(made)
                            return made
                    start += STEP
        return None

    def _free_room(self, rooms: Sequence[int] | None, start: datetime, end: datetime) -> int | None:
        return next((r for r in rooms or () if self.busy.free([("r", r)], start, end)), None)

    def _shuffled(self, week: Sequence[OpenDay], *, not_before: date | None = None) -> list[OpenDay]:
        days = [d for d in week if not_before is None or d.day >= not_before]
        self.rng.shuffle(days)
        return days

    def _individual_rooms(self, c: _Counselor) -> list[int]:
        return [c.own_room, *(r for r in self.rooms.individual if r != c.own_room)]

    # -- the kinds of appointment -----------------------------------------------------------
    def _crises(self, c: _Counselor, monday: date, week: list[OpenDay]) -> int:
        made = 0
        for listing in self.facts.listings:
            if (listing.counselor != c.id or listing.level is WarningLevel.YELLOW
                    or not monday - timedelta(days=2) <= listing.opened_on < monday + timedelta(days=5)
                    or (listing.student, listing.opened_on) in self.crisis_done
                    or not self.at_school(listing.student, listing.opened_on)):
                continue
            self.crisis_done.add((listing.student, listing.opened_on))
            if listing.level is WarningLevel.ORANGE and self.rng.random() > 0.4:
                continue  # most orange listings are seen in the usual way
            days = sorted((d for d in week if d.day >= listing.opened_on), key=lambda d: d.day)
            if self.place(c, T.CRISIS, [listing.student], days, rooms=self._individual_rooms(c),
                          source=_FROM_WARNING.get(listing.source, SRC.HEAD_TEACHER)):
                made += 1
        return made

    def _plan_groups(self) -> None:
        """A group series for most counselors in most terms: the counselor on Wednesday afternoon,
        the lead after school on Thursday; 6–8 weekly sessions from the term's fourth or fifth week."""
        for first_day in self.term_starts:
            term = 1 if first_day.month >= 8 else 2
            for c, weekday, start in zip(self.counselors, (3, 2), (time(16, 40), time(14, 0)), strict=True):
                if self.rng.random() > 0.75:
                    continue
                themes = [t for t in texts.GROUP_THEMES if t[2] in (0, term)]
                theme, grades, _term = self.rng.choice(themes)
                begins = first_day + timedelta(days=7 * self.rng.randint(3, 4))
                begins += timedelta(days=(weekday - begins.weekday()) % 7)
                pool = [p.id for p in self.pupils if self.facts.roster.class_of(p).name[:2] in grades
                        and self.at_school(p.id, begins)]
                if len(pool) < 4:
                    continue
                members = tuple(sorted(self.rng.sample(pool, self.rng.randint(4, min(8, len(pool))))))
                c.groups.append(_Group(theme, members, weekday, start, begins, self.rng.randint(6, 8)))

    def _group_session(self, c: _Counselor, week: list[OpenDay]) -> int:
        for group in c.groups:
            day = next((d for d in week if d.day.weekday() == group.weekday and d.day >= group.first), None)
            if day is None or group.held >= group.sessions:
                continue
            members = [s for s in group.students
                       if self.at_school(s, day.day) and self.busy.free([("s", s)], *self._span(day, group))]
            if len(members) < 3:
                continue
            note = f"{group.theme}（第 {group.held + 1} 次，共 {group.sessions} 次）"
            if self.place(c, T.GROUP, members, [day], rooms=[self.rooms.group], source=SRC.SELF, note=note,
                          fixed_start=group.period_start):
                group.held += 1
                return 1
        return 0

    @staticmethod
    def _span(day: OpenDay, group: _Group) -> tuple[datetime, datetime]:
        start = datetime.combine(day.day, group.period_start)
        return start, start + timedelta(minutes=T.GROUP.default_minutes)

    def _follow_ups(self, c: _Counselor, monday: date, week: list[OpenDay], *, cap: int) -> int:
        """Listed students by level and lateness, then the cases closed a while ago."""
        sunday = monday + timedelta(days=6)
        listings = {}
        for listing in self.facts.listings:
            if listing.counselor == c.id and listing.open_during(monday, sunday):
                listings[listing.student] = listing
                c.due.setdefault(listing.student, listing.opened_on + timedelta(days=self.rng.randint(2, 6)))
        due = sorted((s for s in listings if c.due[s] <= sunday),
                     key=lambda s: (_LEVEL_RANK[listings[s].level], c.due[s], s))
        due += sorted((s for s, (on, _src) in c.after_case.items() if on <= sunday and s not in listings),
                      key=lambda s: (c.after_case[s][0], s))
        made = 0
        for sid in due:
            if made >= cap:
                break
            listing = listings.get(sid)
            if listing is not None:
                low = max(listing.opened_on, c.due[sid] - timedelta(days=3))
                source = SRC.RETURNED if sid in self.facts.returned else _FROM_WARNING.get(listing.source, SRC.SELF)
            else:
                low, source = c.after_case[sid][0] - timedelta(days=3), c.after_case[sid][1]
            note = self.rng.choice(texts.FOLLOW_UP_NOTES) if self.rng.random() < 0.15 else ""
            channel = Channel.PHONE if self.rng.random() < 0.06 else Channel.FACE
            days = [d for d in self._shuffled(week, not_before=low) if self.at_school(sid, d.day)]
            placed = self.place(c, T.FOLLOW_UP, [sid], days,
                                rooms=None if channel is Channel.PHONE else self._individual_rooms(c),
                                channel=channel, source=source, note=note)
            if placed is None:
                continue
            made += 1
            if listing is not None:
                c.due[sid] = placed.start.date() + timedelta(days=_FOLLOW_UP_EVERY[listing.level])
            elif sid in c.after_case and self.rng.random() < 0.4:  # once more, a month on
                c.after_case[sid] = (placed.start.date() + timedelta(days=28), source)
            else:
                c.after_case.pop(sid, None)
        for sid, (on, _src) in list(c.after_case.items()):  # a follow-up never made is let go
            if on < monday - timedelta(days=28):
                del c.after_case[sid]
        return made

    def _parent(self, c: _Counselor, week: list[OpenDay]) -> int:
        rng = self.rng
        known = [case.student for case in c.cases] + [s for s in c.due]
        roll = rng.random()
        day = week[0].day
        if known and roll < 0.7:
            students = [rng.choice(known)]
        elif roll < 0.92:
            found = self.random_pupil(day, set())
            students = [found] if found is not None else []
        else:
            students = []
        students = [s for s in students if self.at_school(s, week[-1].day)]
        channel = Channel.FACE if rng.random() < 0.75 else Channel.PHONE if rng.random() < 0.9 else Channel.ONLINE
        source = SRC.HEAD_TEACHER if rng.random() < 0.4 else SRC.SELF
        note = rng.choice(texts.PARENT_NOTES) if channel is Channel.FACE and rng.random() < 0.5 else ""
        placed = self.place(c, T.PARENT, students, self._shuffled(week),
                            rooms=self._individual_rooms(c) if channel is Channel.FACE else None, channel=channel,
                            source=source, note=note, after_school_first=True)
        return int(placed is not None)

    def _cases(self, c: _Counselor, week: list[OpenDay], *, want: int) -> int:
        rng = self.rng
        made = 0
        for case in list(c.cases):
            if made >= want:
                break
            if rng.random() < 0.04:  # stopped coming: the case is closed
                self._close(c, case)
                continue
            days = self._shuffled(week)
            days.sort(key=lambda d: d.day.weekday() != case.weekday)
            if self._session(c, case, days):
                made += 1
        tries = 0
        while made < want and tries < want * 3:
            tries += 1
            made += self._new_case(c, week)
        return made

    def _new_case(self, c: _Counselor, week: list[OpenDay]) -> int:
        """Take on a student and see them for the first time this week (or not take them on)."""
        case = self._intake(c, week)
        if case is None:
            return 0
        if not self._session(c, case, self._shuffled(week)):
            self._close(c, case)
            return 0
        return 1

    def _session(self, c: _Counselor, case: _Case, days: list[OpenDay]) -> bool:
        rng = self.rng
        days = [d for d in days if self.at_school(case.student, d.day)]
        note = ""
        if case.source is SRC.RETURNED and rng.random() < 0.4:
            note = rng.choice(texts.RETURNED_NOTES)
        elif rng.random() < 0.1:
            note = rng.choice(texts.INDIVIDUAL_NOTES)
        rooms = [case.room, *(r for r in self._individual_rooms(c) if r != case.room)]
        placed = self.place(c, T.INDIVIDUAL, [case.student], days, rooms=rooms, source=case.source, note=note)
        if placed is None:
            return False
        case.weekday = placed.start.weekday()
        case.left -= 1
        if case.left <= 0:
            self._close(c, case)
            if rng.random() < 0.85:  # a follow-up a fortnight after the last session
                c.after_case[case.student] = (placed.start.date() + timedelta(days=14), case.source)
        return True

    def _close(self, c: _Counselor, case: _Case) -> None:
        c.cases.remove(case)
        self.in_case.discard(case.student)

    def _intake(self, c: _Counselor, week: list[OpenDay]) -> _Case | None:
        rng = self.rng
        day = week[0].day
        source = rng.choices(tuple(_INTAKE_SOURCES), weights=tuple(_INTAKE_SOURCES.values()))[0]
        sid = self._intake_student(source, day)
        if sid is None:
            source, sid = SRC.SELF, self.random_pupil(day, self.in_case)
        if sid is None:
            return None
        young = self.grade(sid).startswith("初")
        room = self.rooms.sandplay if young and rng.random() < 0.25 else c.own_room
        case = _Case(sid, source, rng.choices((2, 3, 4, 5, 6, 8), weights=(15, 25, 25, 15, 12, 8))[0], room)
        c.cases.append(case)
        self.in_case.add(sid)
        return case

    def _intake_student(self, source: AppointmentSource, day: date) -> int | None:
        """Someone the source fits: a recent report, a positive screen, a return from 休学 or a
        referral; for a plain 自主预约 (or a 班主任 who noticed it himself) anyone."""
        facts, month = self.facts, timedelta(days=35)
        if source in (SRC.PEER_MONITOR, SRC.HEAD_TEACHER):
            who = "心理委员" if source is SRC.PEER_MONITOR else "班主任"
            pool = [s for s, by, on in facts.reports if by == who and day - month <= on <= day]
        elif source is SRC.SCREENING:
            pool = [s for s, on in facts.positives.items() if day - 4 * month <= on <= day]
        elif source is SRC.RETURNED:
            pool = [s for s, back in facts.returned.items() if back <= day <= back + 4 * month]
            pool += [x.student for x in facts.listings if x.level is not WarningLevel.YELLOW
                     and x.opened_on + month <= day and x.open_during(day, day)]
        else:
            return None
        pool = [s for s in dict.fromkeys(pool) if s not in self.in_case and self.at_school(s, day)]
        if pool:
            return self.rng.choice(pool)
        if source in (SRC.PEER_MONITOR, SRC.HEAD_TEACHER):  # noticed without a written report
            return self.random_pupil(day, self.in_case)
        return None

    def _walk_in(self, c: _Counselor, week: list[OpenDay]) -> None:
        days = [d for d in self._shuffled(week) if d.day <= self.now.date()]
        if not days:
            return
        sid = self.random_pupil(days[0].day, set())
        if sid is None:
            return
        roll = self.rng.random()
        source = SRC.SELF if roll < 0.7 else SRC.PEER_MONITOR if roll < 0.9 else SRC.HEAD_TEACHER
        self.place(c, T.INDIVIDUAL, [sid], days, rooms=self._individual_rooms(c), source=source,
                   minutes=self.rng.choice((30, 40, 50)), walk_in=True)

    def _make_sure_of_today(self) -> None:
        """Two of 'counselor''s appointments today and one of the lead's, when today is open."""
        today = next((d for d in self.days if d.day == self.now.date()), None)
        if today is None:
            return
        for c, wanted in zip(self.counselors, (1, 2), strict=True):
            have = sum(a.counselor == c.id and a.start.date() == today.day for a in self.appointments)
            for _ in range(10):
                if have >= wanted:
                    break
                have += self._new_case(c, [today])


# -- statuses ---------------------------------------------------------------------------------

def settle(rng: random.Random, planned: Sequence[Planned], *, now: datetime, counselor: int) -> None:
    """Booked some days before; past ones 已到 (most), 未到 or 取消; to come 已预约 (a few already
    cancelled); walk-ins 已到 as they happened. The latest of 'counselor''s ended appointments is
    left unmarked: attendance is set by a person, and 今日 reminds of it."""
    for a in planned:
        if a.walk_in:
            a.status, a.created_at, a.updated_at = AppointmentStatus.ATTENDED, a.start, a.end
            continue
        a.created_at = a.updated_at = _booked_at(rng, a, now)
        roll = rng.random()
        sure = a.type in (T.CRISIS, T.GROUP)  # not cancelled, and nobody misses them
        if a.end > now:
            if a.start > now and not sure and roll < 0.03:
                _cancel(rng, a, now)
        elif sure or not (roll < 0.07 and _cancel(rng, a, now)):
            missed = not sure and roll > 0.95
            a.status = AppointmentStatus.NO_SHOW if missed else AppointmentStatus.ATTENDED
            a.updated_at = _marked_at(rng, a, now)
    mine = [a for a in planned if a.counselor == counselor and a.end <= now and not a.walk_in
            and a.status in (AppointmentStatus.ATTENDED, AppointmentStatus.NO_SHOW)]
    if mine:
        last = max(mine, key=lambda a: a.start)
        last.status, last.updated_at = AppointmentStatus.BOOKED, last.created_at


def _office_time(rng: random.Random, day: date, *, until: time = time(18, 0)) -> datetime:
    """A moment of the working day (from 07:30 until `until`) on `day`."""
    first = datetime.combine(day, time(7, 30))
    span = max(1, int((datetime.combine(day, until) - first).total_seconds() // 60))
    return first + timedelta(minutes=rng.randrange(span))


def _booked_at(rng: random.Random, a: Planned, now: datetime) -> datetime:
    """A crisis is booked within the hour or two before; the rest a day to a week ahead."""
    if a.type is T.CRISIS:
        at = a.start - timedelta(minutes=rng.randint(20, 120))
    else:
        at = min(_office_time(rng, a.start.date() - timedelta(days=rng.choice((1, 1, 2, 3, 4, 6, 7)))),
                 a.start - timedelta(minutes=30))
    return at if at < now else now - timedelta(minutes=rng.randint(5, 60))


def _marked_at(rng: random.Random, a: Planned, now: datetime) -> datetime:
    return min(a.end + timedelta(minutes=rng.randint(1, 90)), now)


def _cancel(rng: random.Random, a: Planned, now: datetime) -> bool:
    """Cancelled a few days before, or on the day (临时取消, which is never a 未到)."""
    assert a.created_at is not None
    if rng.random() < 0.35:
        at = _office_time(rng, a.start.date(), until=(a.start - timedelta(minutes=15)).time())
    else:
        at = _office_time(rng, a.start.date() - timedelta(days=rng.randint(1, 4)))
    at = max(at, a.created_at + timedelta(minutes=rng.randint(1, 30)))
    if at >= min(a.start, now):  # booked at the last minute: no time to cancel, so it stands
        return False
    late = is_late_cancel(a.start, at)
    a.status, a.cancelled_at, a.late_cancel, a.updated_at = AppointmentStatus.CANCELLED, at, late, at
    a.cancel_reason = rng.choice(texts.LATE_CANCEL_REASONS if late else texts.CANCEL_REASONS)
    return True

