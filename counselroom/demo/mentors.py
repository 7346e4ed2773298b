"""The demo's 成长导师, 一人一案 plans and backgrounds (part of care_records).

- 成长导师: a 班主任 or 科任教师 (at most MAX_MENTEES students each, the class's own 班主任
  about half the time) for most listed students, most 复学 students, about half of the other
  key-group students and a quarter of those only in an exam year;
- 一人一案 plans for most listed students, more often the higher their level;
- 成长史/生活史/心理支持系统 for most listed students and most 复学 students.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from counselroom.demo import care_texts as texts
from counselroom.demo.care_ground import CareRoom, Entry
from counselroom.demo.enrolment_facts import Enrolment, Pupil, stamp
from counselroom.demo.screening_sittings import Sitting
from counselroom.domain.care.key_groups import StudentFacts, groups_of
from counselroom.domain.care.warnings import WarningLevel
from counselroom.domain.students.student_facts import StaffPosition, StudentStatus
from counselroom.services.care.mentoring import MAX_MENTEES
from counselroom.store.care import care_records
from counselroom.store.students import student_records as student_store

EXAM_YEAR_GROUP = "初三/高三升学压力"  # every 初三/高三 student: by itself, a mentor for a quarter of them


def mentors_plans_backgrounds(room: CareRoom, entries: Sequence[Entry], sittings: Sequence[Sitting]) -> None:
    """A mentor for some students (listed or in a key group), and for the listed ones a plan and
    a background; a background for some of the 复学 students besides."""
    rng, days, enrolment = room.rng, room.days, room.enrolment
    entry_of = {e.pupil.id: e for e in entries}
    positives = {p.student_id for s in sittings for p in s.proposals}
    mentors = _Mentors(rng, enrolment)
    settled = days.pick(rng, room.year_start() + timedelta(days=14), room.year_start() + timedelta(days=45))
    for pupil in enrolment.pupils:
        entry = entry_of.get(pupil.id)
        cls = enrolment.class_of(pupil)
        facts = StudentFacts(pupil.flags, cls.stage, cls.year_in_stage, False, pupil.id in positives)
        groups = set(groups_of(facts))
        if entry is not None:
            chance = 0.6 if entry.closes else 0.9
            since = days.pick(
                rng, entry.opened_at.date() + timedelta(days=1), entry.opened_at.date() + timedelta(days=14)
            )
        else:
            chance = (
                0.8
                if pupil.status == StudentStatus.RESUMED
                else 0.5
                if groups - {EXAM_YEAR_GROUP}
                else 0.25
                if groups
                else 0.0
            )
            since = max(settled, days.on_or_after(pupil.enrolled_on))
        if chance and rng.random() < chance:
            staff_id = mentors.choose(cls.head_id)
            if staff_id is not None:
                care_records.assign_mentor(
                    room.conn, pupil.id, staff_id, since=min(since, days.last), user_id=room.lead
                )
        if entry is not None:
            _plan_and_background(room, pupil, entry)
        elif pupil.status == StudentStatus.RESUMED and rng.random() < 0.7:
            _write_background(room, pupil, room.someone(), days.pick(rng, pupil.enrolled_on, days.last))


def _plan_and_background(room: CareRoom, pupil: Pupil, entry: Entry) -> None:
    rng, days = room.rng, room.days
    opened = entry.opened_at.date()
    wants_plan = 0.5 if entry.closes else 1.0 if entry.level is not WarningLevel.YELLOW else 0.8
    if rng.random() < wants_plan:
        goals, measures = texts.plan(rng, entry.level, pupil.flags, room.enrolment.exam_year(pupil))
        day = days.pick(rng, opened + timedelta(days=1), opened + timedelta(days=10))
        care_records.save_plan(
            room.conn,
            pupil.id,
            goals=goals,
            measures=measures,
            user_id=entry.counselor,
            now=stamp(rng, day, earliest=entry.opened_at),
        )
    if rng.random() < (0.5 if entry.closes else 0.8):
        day = days.pick(rng, opened, opened + timedelta(days=14))
        _write_background(room, pupil, entry.counselor, day, earliest=entry.opened_at)


def _write_background(room: CareRoom, pupil: Pupil, by: int, day: date, *, earliest: datetime | None = None) -> None:
    growth, life, support = texts.background(room.rng, pupil.flags, pupil.guardians)
    student_store.save_background(
        room.conn,
        pupil.id,
        growth=growth,
        life=life,
        support=support,
        user_id=by,
        now=stamp(room.rng, day, earliest=earliest),
    )


class _Mentors:
    """班主任 and 科任教师 with room for another mentee (at most MAX_MENTEES each): the class's own
    班主任 about half the time, else any teacher with room."""

    def __init__(self, rng: random.Random, enrolment: Enrolment) -> None:
        self.rng = rng
        self.free = [t.id for t in enrolment.teachers(StaffPosition.HEAD_TEACHER, StaffPosition.SUBJECT_TEACHER)]
        self.count: dict[int, int] = {}

    def choose(self, head_id: int | None) -> int | None:
        if head_id in self.free and self.rng.random() < 0.45:
            staff_id: int | None = head_id
        else:
            staff_id = self.rng.choice(self.free) if self.free else None
        if staff_id is not None:
            self.count[staff_id] = self.count.get(staff_id, 0) + 1
            if self.count[staff_id] >= MAX_MENTEES:
                self.free.remove(staff_id)
        return staff_id
