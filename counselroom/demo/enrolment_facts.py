"""What the demo's care records stand on: the enrolment just written, read back in a few queries,
and the school calendar (the days on which a counselor is at school to do anything).

Everything here is plain data for screening_sittings and care_records; nothing is written.
"""

from __future__ import annotations

import random
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from counselroom.domain.students.student_facts import StaffPosition, StudentStatus
from counselroom.store.connection import Connection
from counselroom.store.school import school
from counselroom.store.students import enrolment, enrolment_sync
from counselroom.store.students import student_records as student_store

AT_SCHOOL = (StudentStatus.ENROLLED.value, StudentStatus.SUSPENDED.value, StudentStatus.RESUMED.value)


@dataclass(frozen=True)
class Pupil:
    id: int
    name: str
    gender: str
    status: str
    class_id: int
    enrolled_on: date
    flags: frozenset[str]
    guardians: tuple[str, ...]  # relations, the primary guardian first


@dataclass(frozen=True)
class SchoolClass:
    id: int
    name: str
    stage: str
    year_in_stage: int
    head_id: int | None


@dataclass(frozen=True)
class Teacher:
    id: int
    name: str
    position: str


@dataclass(frozen=True)
class Enrolment:
    pupils: tuple[Pupil, ...]  # at school (在读, 休学, 复学), by id
    classes: dict[int, SchoolClass]
    staff: tuple[Teacher, ...]

    def class_of(self, pupil: Pupil) -> SchoolClass:
        return self.classes[pupil.class_id]

    def exam_year(self, pupil: Pupil) -> bool:
        """初三 or 高三: the year of 中考 / 高考."""
        cls = self.class_of(pupil)
        return cls.stage in ("初中", "高中") and cls.year_in_stage == 3

    def staff_named(self, staff_id: int | None) -> str:
        return next((t.name for t in self.staff if t.id == staff_id), "")

    def teachers(self, *positions: StaffPosition) -> list[Teacher]:
        wanted = {p.value for p in positions}
        return [t for t in self.staff if t.position in wanted]


def load_enrolment(conn: Connection) -> Enrolment:
    flags = student_store.all_flags(conn)
    guardians = enrolment_sync.guardians_by_student(conn)
    pupils = tuple(
        Pupil(
            s.id,
            s.name,
            s.gender,
            s.status,
            s.class_id,
            s.enrolled_on,
            flags.get(s.id, frozenset()),
            tuple(g.relation for g in guardians.get(s.id, ())),
        )
        for s in enrolment.students_in_classes(conn, AT_SCHOOL)
    )
    classes = {
        c.id: SchoolClass(c.id, c.name, c.stage, c.year_in_stage, c.head_teacher_id)
        for c in enrolment.current_classes(conn)
    }
    staff = tuple(Teacher(t.id, t.name, t.position) for t in enrolment.active_staff(conn))
    return Enrolment(pupils, classes, staff)


# -- the calendar -----------------------------------------------------------------------------

# Days off inside a term, fixed by month and day (the lunar holidays move too much to bother).
_HOLIDAYS = {(10, d) for d in range(1, 8)} | {(1, 1), (4, 4), (4, 5)} | {(5, d) for d in range(1, 6)}


@dataclass(frozen=True)
class Term:
    start: date
    end: date


class SchoolDays:
    """Weekdays in term, minus the holidays. `last` is the last school day before today: the
    generated history ends there, so nothing is dated today or later except review dates."""

    def __init__(self, terms: Sequence[Term], today: date) -> None:
        self.terms = tuple(sorted(terms, key=lambda t: t.start))
        days = []
        for term in self.terms:
            day = term.start
            while day <= term.end:
                if day.weekday() < 5 and (day.month, day.day) not in _HOLIDAYS:
                    days.append(day)
                day += timedelta(days=1)
        self.days = days
        self.today = today
        past = bisect_left(days, today)
        self.last = days[past - 1] if past else today - timedelta(days=1)

    @classmethod
    def of_school(cls, conn: Connection, today: date) -> SchoolDays:
        """The school's terms, with a year more on either side (for a history that began before
        the first generated year, and reviews that fall after the last term)."""
        stored = [Term(t.start_date, t.end_date) for t in school.all_terms(conn)]
        first, last = stored[:2], stored[-2:]
        before = [Term(_shift(t.start, -1), _shift(t.end, -1)) for t in first]
        after = [Term(_shift(t.start, 1), _shift(t.end, 1)) for t in last]
        return cls([*before, *stored, *after], today)

    def current_term(self) -> Term:
        """The term today is in, or the last one before it (in the holidays)."""
        started = [t for t in self.terms if t.start <= self.today]
        return started[-1] if started else self.terms[0]

    def between(self, low: date, high: date) -> list[date]:
        """School days in [low, high], never later than `last`."""
        high = min(high, self.last)
        return self.days[bisect_left(self.days, low) : bisect_right(self.days, high)]

    def pick(self, rng: random.Random, low: date, high: date) -> date:
        """A random school day in [low, high] (capped at `last`); the nearest one if none."""
        choices = self.between(low, high)
        if choices:
            return rng.choice(choices)
        return self.on_or_before(min(high, self.last))

    def on_or_before(self, day: date) -> date:
        i = bisect_right(self.days, day)
        return self.days[i - 1] if i else day

    def on_or_after(self, day: date) -> date:
        i = bisect_left(self.days, day)
        return self.days[i] if i < len(self.days) else day

    def later(self, day: date, school_days: int) -> date:
        """The school day `school_days` after `day` (a date in the future is fine)."""
        i = bisect_right(self.days, day) + school_days - 1
        return self.days[min(i, len(self.days) - 1)] if self.days else day


def stamp(rng: random.Random, day: date, *, earliest: datetime | None = None) -> datetime:
    """A time in the working day (08:00–17:30), after `earliest` when that is the same day."""
    moment = datetime.combine(day, time(8)) + timedelta(minutes=rng.randrange(9 * 60 + 30))
    if earliest is not None and moment <= earliest:
        moment = earliest + timedelta(minutes=rng.randint(5, 90))
    return moment


def _shift(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
