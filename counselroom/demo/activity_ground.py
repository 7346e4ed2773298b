"""What the parts of the demo's activity records share (activity_records.py): the enrolment read
back, the school days, the terms begun by today with the classes the coverage view counts in each,
and the dice."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import cycle

from counselroom.demo.enrolment_facts import Enrolment, Pupil, SchoolDays, Teacher, load_enrolment
from counselroom.domain.students.student_facts import StaffPosition, StudentStatus
from counselroom.store.connection import Connection
from counselroom.store.school import classes, school
from counselroom.store.students import enrolment, enrolment_sync
from counselroom.store.students import student_records as student_store


@dataclass(frozen=True)
class TermClass:
    id: int
    grade_id: int


@dataclass(frozen=True)
class DemoTerm:
    year_name: str  # 2025-2026
    number: int
    start: date
    end: date
    last: date  # the last day records may carry: the term's end, or yesterday in the current term
    classes: tuple[TermClass, ...]  # at school during the term, as the coverage view (达标情况) counts them
    current: bool  # today is in it

    @property
    def elapsed(self) -> float:
        """How much of the term lies behind today (1.0 for a past term)."""
        if not self.current:
            return 1.0
        return min(1.0, max(0.0, (self.last - self.start).days / max(1, (self.end - self.start).days)))


@dataclass
class ActivityGround:
    conn: Connection
    rng: random.Random
    enrolment: Enrolment
    days: SchoolDays
    terms: tuple[DemoTerm, ...]  # begun by today, oldest first
    recorders: tuple[int, int]  # the lead's and the counselor's accounts: they keep the 台账
    today: date

    def __post_init__(self) -> None:
        self._recorder = cycle(self.recorders)
        self.guardians = enrolment_sync.guardians_by_student(self.conn)  # the primary guardian first
        self.pupils_by_class: dict[int, list[Pupil]] = {}
        for pupil in self.enrolment.pupils:
            if pupil.status != StudentStatus.SUSPENDED.value:
                self.pupils_by_class.setdefault(pupil.class_id, []).append(pupil)

    def recorder(self) -> int:
        return next(self._recorder)

    def staff(self, *positions: StaffPosition) -> list[Teacher]:
        return self.enrolment.teachers(*positions)

    def counselors(self) -> list[Teacher]:
        return self.staff(StaffPosition.FULL_TIME_COUNSELOR, StaffPosition.PART_TIME_COUNSELOR)

    def pupils(self, class_id: int, term: DemoTerm) -> list[Pupil]:
        """The class's students at school during the term (a later intake is not)."""
        return [p for p in self.pupils_by_class.get(class_id, ()) if p.enrolled_on <= term.last]

    def day(self, term: DemoTerm, low: date | None = None, high: date | None = None) -> date:
        """A school day of the term (within [low, high] when given), never today or later."""
        return self.days.pick(self.rng, max(term.start, low or term.start), min(term.last, high or term.last))

    def stamp(self, day: date) -> datetime:
        """When a record of that day was typed in: that afternoon or evening."""
        return datetime.combine(day, time(16)) + timedelta(minutes=self.rng.randrange(240))


def load_ground(conn: Connection, rng: random.Random, user_ids: Mapping[str, int], now: datetime) -> ActivityGround:
    today = now.date()
    days = SchoolDays.of_school(conn, today)
    during = _classes_and_graduation(conn)
    terms = tuple(
        DemoTerm(
            t.year_name,
            t.number,
            t.start_date,
            t.end_date,
            min(t.end_date, days.last),
            tuple(c for c, left in during if left is None or left > t.start_date),
            current=today <= t.end_date,
        )
        for t in school.all_terms(conn)
        if t.start_date < today and days.between(t.start_date, t.end_date)
    )
    return ActivityGround(
        conn, rng, load_enrolment(conn), days, terms, (user_ids["lead"], user_ids["counselor"]), today
    )


def _classes_and_graduation(conn: Connection) -> list[tuple[TermClass, date | None]]:
    """Every class in school order with the day it graduated (None: at school now). A class counts
    in every term it had not graduated before, as the coverage view counts classes, so the view of a
    past term finds each of its classes with lessons and 班会 (the gaps being the planned ones)."""
    grades = {(g.stage, g.year_in_stage): g.id for g in classes.all_grades(conn)}
    graduates = {s.id: s.class_id for s in enrolment.students_in_classes(conn, (StudentStatus.GRADUATED.value,))}
    left: dict[int, date] = {}
    for student_id, changes in student_store.all_status_changes(conn).items():
        if student_id in graduates:
            days = [date.fromisoformat(c.on_date[:10]) for c in changes if c.to_status == StudentStatus.GRADUATED.value]
            left.setdefault(graduates[student_id], min(days, default=date.max))
    current = {c.id for c in classes.current_classes(conn)}
    return [
        (TermClass(c.id, grades[(c.stage, c.year_in_stage)]), None if c.id in current else left.get(c.id, date.min))
        for c in classes.all_classes(conn)
    ]
