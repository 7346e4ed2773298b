"""The demo's 成长导师, 一人一案 plans and backgrounds (part of care_records).

- 成长导师: a 班主任 or 科任教师 (the class's own 班主任 about half the time; no cap, as the seeds
  set none) for most listed students, most 复学 students (since they came back), about half of
  the other students in an S003 item 26 group and a quarter of those only in an exam year; none
  for 休学 students (leaving ends a mentorship); a few changed mentor, the first one ended
  (更换导师) and kept as history;
- 一人一案 plans for most listed students, more often the higher their level;
- 成长史/生活史/心理支持系统 for most listed students and most 复学 students.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta

from counselroom.demo import care_texts as texts
from counselroom.demo.care_ground import CareRoom, Entry
from counselroom.demo.enrolment_facts import Enrolment, Pupil, stamp
from counselroom.domain.care.key_groups import StudentFacts, exam_year, mentor_groups_of
from counselroom.domain.care.warnings import WarningLevel
from counselroom.domain.students.student_facts import StaffPosition, StudentStatus
from counselroom.services.care.mentoring import CHANGED_MENTOR
from counselroom.store.care import care_records, warnings
from counselroom.store.students import student_records as student_store

CHANGED_SHARE = 0.08  # mentorships that began with another teacher (a 班主任 who moved on …)


def mentors_plans_backgrounds(room: CareRoom, entries: Sequence[Entry], away: Mapping[int, tuple[date, date]]) -> None:
    """A mentor for some students (listed or in a key group), and for the listed ones a plan and
    a background; a background for some of the 复学 students besides. `away`: 休学 spans."""
    rng, days, enrolment = room.rng, room.days, room.enrolment
    entry_of = {e.pupil.id: e for e in entries}
    decisions = warnings.screen_decisions(room.conn)  # the same facts the coverage view reads
    mentors = _Mentors(rng, enrolment)
    settled = days.pick(rng, room.year_start() + timedelta(days=14), room.year_start() + timedelta(days=45))
    for pupil in enrolment.pupils:
        entry = entry_of.get(pupil.id)
        cls = enrolment.class_of(pupil)
        listed = entry is not None and not entry.closes
        facts = StudentFacts(pupil.flags, cls.stage, cls.year_in_stage, listed, decisions.get(pupil.id, frozenset()))
        if entry is not None:
            chance = 0.6 if entry.closes else 0.95
            since = days.pick(
                rng, entry.opened_at.date() + timedelta(days=1), entry.opened_at.date() + timedelta(days=14)
            )
        else:
            chance = (
                0.8
                if pupil.status == StudentStatus.RESUMED
                else 0.5
                if mentor_groups_of(facts)
                else 0.25
                if exam_year(facts)
                else 0.0
            )
            since = max(settled, days.on_or_after(pupil.enrolled_on))
        if pupil.status == StudentStatus.RESUMED and pupil.id in away:
            since = max(since, away[pupil.id][1])  # a new mentorship since they came back
        if pupil.status != StudentStatus.SUSPENDED and chance and rng.random() < chance:
            _mentor(room, mentors, pupil, cls.head_id, min(since, days.last))
        if entry is not None:
            _plan_and_background(room, pupil, entry)
        elif pupil.status == StudentStatus.RESUMED and rng.random() < 0.7:
            _write_background(room, pupil, room.someone(), days.pick(rng, pupil.enrolled_on, days.last))


def _mentor(room: CareRoom, mentors: _Mentors, pupil: Pupil, head_id: int | None, since: date) -> None:
    """A mentorship since `since`; now and then an earlier one with another teacher, ended then."""
    staff_id = mentors.choose(head_id)
    if staff_id is None:
        return
    earliest = max(pupil.enrolled_on, since - timedelta(days=300)) + timedelta(days=14)
    if room.rng.random() < CHANGED_SHARE and earliest < since - timedelta(days=30):
        first = mentors.choose(head_id)
        if first is not None and first != staff_id:
            began = room.days.pick(room.rng, earliest, since - timedelta(days=30))
            care_records.start_mentorship(room.conn, pupil.id, first, since=began, user_id=room.lead)
            care_records.end_mentorship(room.conn, pupil.id, on=since, reason=CHANGED_MENTOR, user_id=room.lead)
    care_records.start_mentorship(room.conn, pupil.id, staff_id, since=since, user_id=room.lead)


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
    stage = room.enrolment.class_of(pupil).stage
    growth, life, support = texts.background(room.rng, pupil.flags, pupil.guardians, stage)
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
    """班主任 and 科任教师: the class's own 班主任 about half the time, else any of them."""

    def __init__(self, rng: random.Random, enrolment: Enrolment) -> None:
        self.rng = rng
        self.teachers = [t.id for t in enrolment.teachers(StaffPosition.HEAD_TEACHER, StaffPosition.SUBJECT_TEACHER)]

    def choose(self, head_id: int | None) -> int | None:
        if head_id in self.teachers and self.rng.random() < 0.45:
            return head_id
        return self.rng.choice(self.teachers) if self.teachers else None
