"""The demo school's counseling room at work: what a teacher trying the demo should find.

Written after the enrolment, in the same transaction, from the same `random.Random`:

- 学籍: the 休学 and 复学 students get their status changes, with reasons (here);
- 心理普查: the sittings of screening_sittings, with the proposals the import filed;
- 三级预警: about 2.5% of the students on the list (红 0.2%, 橙 0.8%, 黄 1.5%), each with a
  responsible counselor, a reason, a source, history from 列入 through 复评 and 调整 up to a review
  date around today (a few overdue); a handful of entries closed (解除) earlier — planned in
  warning_plan, written in warning_rows;
- proposals: the screens' proposals decided (confirmed for the students listed from them, else
  rejected with a reason), 10–20 still waiting for a counselor (warning_rows);
- 心理委员: one boy and one girl in every class, and 20–40 reports over the term from them or
  from 班主任, some of which became proposals (class_reports);
- 成长导师 for most listed students and about half of the other key-group students (a 班主任 or
  科任教师, no cap; a few changed mentor, the ended mentorship kept); 一人一案 plans and
  成长史/生活史/心理支持系统 for most listed (mentors).

The steps share a `CareRoom` (care_ground) and draw from the dice in a fixed order, so a seed
gives the same records. Rows go through the store modules the services use, in the shapes the
services write. Nothing is audited row by row: the one audit row of the demo records the whole
generation.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date, datetime, timedelta

from counselroom.demo import care_texts as texts
from counselroom.demo.care_ground import CareRoom
from counselroom.demo.class_reports import (
    MIN_OTHER_REPORTS,
    PERSONAL_REPORTS_PENDING,
    other_reports,
    peer_monitors,
    write_report,
)
from counselroom.demo.enrolment_facts import Pupil, SchoolDays, load_enrolment, stamp
from counselroom.demo.mentors import mentors_plans_backgrounds
from counselroom.demo.screening_sittings import latent_distress, write_screening
from counselroom.demo.warning_plan import plan_listings
from counselroom.demo.warning_rows import decide_proposals, write_entry
from counselroom.domain.students.student_facts import StudentStatus
from counselroom.store.connection import Connection
from counselroom.store.students import student_records as student_store


def add_care_records(conn: Connection, rng: random.Random, *, user_ids: Mapping[str, int], now: datetime) -> None:
    """Everything of issue #3 beyond the enrolment, for the enrolment just written to `conn`."""
    enrolment = load_enrolment(conn)
    room = CareRoom(
        conn, rng, enrolment, SchoolDays.of_school(conn, now.date()), user_ids["lead"], user_ids["counselor"]
    )
    away = _status_changes(room)
    room.distress = latent_distress(rng, enrolment)
    sittings = write_screening(
        conn, rng, enrolment, room.days, distress=room.distress, away=away, importer_id=room.lead
    )
    room.monitors = peer_monitors(room)
    entries = plan_listings(room, sittings)
    reports = [e.report for e in entries if e.report is not None]
    for entry in entries:
        write_entry(room, entry)
    students = len(enrolment.pupils)
    pending = min(20, max(10, round(students / 250)))
    decide_proposals(room, sittings, entries, pending=pending - PERSONAL_REPORTS_PENDING)
    wanted = min(40, max(20, round(students / 125)))
    reports += other_reports(room, entries, count=max(wanted - len(reports), MIN_OTHER_REPORTS))
    for report in sorted(reports, key=lambda r: r.recorded_at):
        write_report(room, report)
    mentors_plans_backgrounds(room, entries, away)


# -- 学籍 -------------------------------------------------------------------------------------


def _status_changes(room: CareRoom) -> dict[int, tuple[date, date]]:
    """休学 and 复学 with their history; returns when each was away (not screened then)."""
    days, rng = room.days, room.rng
    away = {}
    back = days.on_or_after(days.current_term().start)
    if back > days.last:
        back = days.on_or_after(days.last - timedelta(days=150))
    for pupil in room.enrolment.pupils:
        if pupil.status == StudentStatus.SUSPENDED:
            left = days.pick(rng, room.year_start() + timedelta(days=10), days.last)
            _change_status(
                room, pupil, StudentStatus.ENROLLED, StudentStatus.SUSPENDED, left, rng.choice(texts.SUSPEND_REASONS)
            )
            away[pupil.id] = (left, date.max)
        elif pupil.status == StudentStatus.RESUMED:
            left = days.pick(rng, back - timedelta(days=330), back - timedelta(days=120))
            _change_status(
                room, pupil, StudentStatus.ENROLLED, StudentStatus.SUSPENDED, left, rng.choice(texts.SUSPEND_REASONS)
            )
            _change_status(
                room, pupil, StudentStatus.SUSPENDED, StudentStatus.RESUMED, back, rng.choice(texts.RESUME_REASONS)
            )
            away[pupil.id] = (left, back)
    return away


def _change_status(
    room: CareRoom, pupil: Pupil, before: StudentStatus, after: StudentStatus, on: date, reason: str
) -> None:
    student_store.change_status(
        room.conn,
        pupil.id,
        from_status=before.value,
        to_status=after.value,
        on_date=on,
        reason=reason,
        user_id=room.lead,
        now=stamp(room.rng, on),
    )
