"""The demo's appointment book (part of appointment_plan): what a planned appointment is, what each
counselor carries from week to week (open cases, 随访 due, group series), and `AppointmentBook`,
the planner's state with the one way an appointment is made.

Everything is placed by construction: a counselor, a room and a student each hold a list of taken
spans per day, and `AppointmentBook.place` books only where all three are free, so no two
appointments overlap whatever their status.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from counselroom.demo.appointment_facts import Facts, OpenDay
from counselroom.demo.rooms import RoomIds
from counselroom.domain.scheduling.appointments import AppointmentSource, AppointmentStatus, AppointmentType, Channel

STEP = timedelta(minutes=10)


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


@dataclass
class Case:
    student: int
    source: AppointmentSource
    left: int
    room: int
    weekday: int | None = None


@dataclass
class Group:
    theme: str
    students: tuple[int, ...]
    weekday: int
    period_start: time
    first: date
    sessions: int
    held: int = 0


@dataclass
class Counselor:
    id: int
    own_room: int
    load: tuple[int, int]  # students a week, low and high
    cases: list[Case] = field(default_factory=list)
    due: dict[int, date] = field(default_factory=dict)  # listed student → next 随访
    after_case: dict[int, tuple[date, AppointmentSource]] = field(default_factory=dict)  # closed case → 随访
    groups: list[Group] = field(default_factory=list)


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


class AppointmentBook:
    """The planner's state — the dice, the facts, the rooms, the open days, the two counselors, the
    taken spans and the appointments so far — with who may come and where an appointment fits."""

    def __init__(
        self,
        rng: random.Random,
        facts: Facts,
        rooms: RoomIds,
        *,
        lead: int,
        counselor: int,
        now: datetime,
        days: Sequence[OpenDay],
        term_starts: Sequence[date],
    ) -> None:
        self.rng, self.facts, self.rooms, self.now = rng, facts, rooms, now
        self.days = list(days)
        self.term_starts = list(term_starts)
        self.busy = _Busy()
        self.appointments: list[Planned] = []
        self.counselors = [
            Counselor(lead, rooms.individual[0], (6, 9)),
            Counselor(counselor, rooms.individual[1], (8, 12)),
        ]
        self.pupils = list(facts.enrolment.pupils)
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
        return self.facts.enrolment.class_of(self.pupil[sid]).name[:2]

    def random_pupil(self, day: date, avoid: set[int]) -> int | None:
        for _ in range(30):
            pupil = self.rng.choice(self.pupils)
            if pupil.id not in avoid and self.at_school(pupil.id, day):
                return pupil.id
        return None

    # -- placing ----------------------------------------------------------------------------
    def place(
        self,
        c: Counselor,
        type_: AppointmentType,
        students: Sequence[int],
        days: Sequence[OpenDay],
        *,
        rooms: Sequence[int] | None,
        channel: Channel = Channel.FACE,
        source: AppointmentSource = AppointmentSource.SELF,
        note: str = "",
        minutes: int | None = None,
        walk_in: bool = False,
        after_school_first: bool = False,
        fixed_start: time | None = None,
    ) -> Planned | None:
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
                            made = Planned(
                                c.id, room, start, end, type_, channel, source, tuple(students), note, walk_in
                            )
                            self.appointments.append(made)
                            return made
                    start += STEP
        return None

    def _free_room(self, rooms: Sequence[int] | None, start: datetime, end: datetime) -> int | None:
        return next((r for r in rooms or () if self.busy.free([("r", r)], start, end)), None)

    def shuffled(self, week: Sequence[OpenDay], *, not_before: date | None = None) -> list[OpenDay]:
        days = [d for d in week if not_before is None or d.day >= not_before]
        self.rng.shuffle(days)
        return days

    def individual_rooms(self, c: Counselor) -> list[int]:
        return [c.own_room, *(r for r in self.rooms.individual if r != c.own_room)]
