"""Demo 危机事件 (issue #11 item 8): two incidents with after-care — one handled and closed weeks ago
(co-signed by the lead), one this week still 处置中 with a follow-up due. Written through the store's
repositories, as the services write them; the principal's status rows follow in the same
transaction (store/crisis/incident_status.py). Written as a counselor records: what happened and
what was done, never a diagnosis."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import datetime, time, timedelta

from counselroom.domain.care.warnings import WarningLevel
from counselroom.domain.crisis.incident_rules import EventKind
from counselroom.store.care import warnings
from counselroom.store.connection import Connection
from counselroom.store.crisis import aftercare, incidents
from counselroom.store.school import classes
from counselroom.store.school import staff as staff_store
from counselroom.store.students import student_records

SUMMARIES = (
    "午休时同学发现该生在厕所内用小刀划手臂，立即报告班主任，伤口浅，已由校医处理。",
    "课间与同学发生争执后情绪激动，扬言要报复对方，被值班教师带离现场。",
)
PLACES = ("教学楼三楼厕所", "初二走廊")
WITNESS_REASONS = ("当时在场，事后说害怕", "同桌，关系要好", "同寝室")


def add_incidents(conn: Connection, rng: random.Random, *, user_ids: Mapping[str, int], now: datetime) -> None:
    lead, counselor = user_ids["lead"], user_ids["counselor"]
    subjects = _subjects(conn, rng)
    if len(subjects) < 2:
        return
    for number, (subject, days_ago) in enumerate(zip(subjects[:2], (40, 2), strict=True)):
        closed = number == 0
        start = datetime.combine((now - timedelta(days=days_ago)).date(), time(12, 20 + rng.randrange(20)))
        incident_id = incidents.insert_incident(
            conn, kind=("自伤", "他伤")[number], risk_level=("高", "中")[number], summary=SUMMARIES[number],
            place=PLACES[number], occurred_at=start, opened_by=counselor, responsible_id=counselor,
            now=start + timedelta(minutes=5),
        )  # fmt: skip
        incidents.set_students(conn, incident_id, [subject])
        student = student_records.get(conn, subject)
        heads = _head_teacher(conn, student)
        _time_line(
            conn, incident_id, start, counselor, teacher=staff_store.name_of(conn, heads[0]) or "" if heads else ""
        )
        _aftercare(conn, rng, incident_id, subject, start, user_ids, now=now, closed=closed)
        if closed:
            done = start + timedelta(days=21)
            incidents.set_submitted(
                conn, incident_id, summary="当事学生已转介并复学，事后安抚随访均已完成。", by=counselor, now=done
            )
            incidents.set_cosigned(conn, incident_id, by=lead, now=done + timedelta(hours=3))


def _head_teacher(conn: Connection, student: student_records.StudentRow | None) -> list[int]:
    if student is None or student.class_id is None:
        return []
    head = classes.head_teacher_of(conn, student.class_id)
    return [head] if head is not None else []


def _subjects(conn: Connection, rng: random.Random) -> list[int]:
    """Students on the red list first, then orange."""
    entries = warnings.all_open(conn)
    red = sorted(e.student_id for e in entries if e.level is WarningLevel.RED)
    orange = sorted(e.student_id for e in entries if e.level is WarningLevel.ORANGE)
    rng.shuffle(red)
    rng.shuffle(orange)
    return red + orange


def _time_line(conn: Connection, incident_id: int, start: datetime, counselor: int, *, teacher: str) -> None:
    steps = (
        (EventKind.REPORTED, 0, "", "值班教师报告心理辅导室"),
        (EventKind.ESCORTED, 5, "心理教师", "陪同学生到心理辅导室，全程有人陪伴"),
        (EventKind.ASSESSED, 20, "", "面谈评估，填写危机评估记录"),
        (EventKind.HEAD_TEACHER_NOTIFIED, 30, f"班主任 {teacher}".strip(), "电话告知"),
        (EventKind.GUARDIAN_NOTIFIED, 35, "母亲", "电话告知，家长当天来校接回"),
        (EventKind.LEADER_NOTIFIED, 45, "分管副校长", "当面报告"),
    )
    for kind, minutes, whom, detail in steps:
        at = start + timedelta(minutes=minutes)
        incidents.add_event(
            conn, incident_id, kind=kind.value, at=at, whom=whom, detail=detail, referral_id=None, by=counselor, now=at
        )


def _aftercare(
    conn: Connection,
    rng: random.Random,
    incident_id: int,
    subject: int,
    start: datetime,
    user_ids: Mapping[str, int],
    *,
    now: datetime,
    closed: bool,
) -> None:
    counselor = user_ids["counselor"]
    student = student_records.get(conn, subject)
    in_class = student_records.at_school_in_class(conn, student.class_id) if student and student.class_id else []
    classmates = [s.id for s in in_class if s.id != subject]
    rng.shuffle(classmates)
    when = start + timedelta(hours=3)
    people: list[tuple[int | None, int | None, str]] = [
        (None, staff_id, "处置时在场的班主任") for staff_id in _head_teacher(conn, student)
    ]
    people += [(classmate, None, reason) for reason, classmate in zip(WITNESS_REASONS, classmates[:2], strict=False)]
    for student_id, staff_id, reason in people:
        person = aftercare.add_person(
            conn, incident_id, student_id=student_id, staff_id=staff_id, reason=reason, counselor_id=counselor,
            by=counselor, now=when,
        )  # fmt: skip
        for days in (1, 7):
            due = (start + timedelta(days=days)).date()
            followup = aftercare.plan_followup(conn, person, due_on=due, by=counselor, now=when)
            if closed or due < now.date():
                aftercare.mark_done(conn, followup, on=due, outcome="情绪平稳，已能正常上课", by=counselor)
