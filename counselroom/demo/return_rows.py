"""Demo 休学 and 复学 (issue #11 item 3), from their own dice after the cases (so everything before
stays as it was):

- every 休学 student gets the counseling room's leave record (kind of reason, expected return);
- every 复学 student gets the leave and the return: a case with a signed 复学评估, the documents
  received and the week 1, 2, 4 check-ins;
- a school with fewer than three returns (a small demo) gets more: quiet students (nothing dated
  while they were away) took a leave in the spring and came back lately, one of them a few weeks
  ago;
- check-ins past their day are done with a short note on the day — all but the latest returner's
  last past one, left overdue, so the counselor's 今日 board shows a 复学随访 in red.

Rows go through the store modules the services use."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from counselroom.demo import care_texts as texts
from counselroom.demo.enrolment_facts import SchoolDays, load_enrolment
from counselroom.domain.students import leave_return as rules
from counselroom.domain.students.leave_return import LeaveReason, ReturnDocument
from counselroom.domain.students.student_facts import StudentStatus
from counselroom.services.cases import search_documents
from counselroom.store.cases import cases, notes
from counselroom.store.connection import Connection
from counselroom.store.scheduling import appointments
from counselroom.store.students import leave_return as store
from counselroom.store.students import student_records as student_store
from counselroom.store.students import timeline

MIN_RETURNS = 3
BACK_DAYS_AGO = (33, 19, 9)  # the top-up returns: how long ago each came back
CHECKIN_NOTES = (
    "到校正常，课间和同桌有说有笑；说作业有点跟不上，约好下周再聊。",
    "班主任反映出勤正常，上课能参与讨论；学生说睡眠还可以。",
    "情绪平稳，已加入学习小组；家长电话反馈在家作息规律。",
)
ASSESSMENT = {
    "medical_letter": "已提供复学证明",
    "current": "睡眠和饮食规律，情绪平稳，能按时完成作业，愿意回到班级",
    "support": "母亲陪伴，班主任每周联系，有两位要好的同学",
    "conclusion": "建议复学并重点关注",
    "plan": "班主任留意出勤和课堂状态，成长导师每周谈一次，心理教师首月三次随访",
}


@dataclass(frozen=True)
class _Away:
    student_id: int
    left_on: date
    back_on: date | None
    reason: str


def add_returns(conn: Connection, rng: random.Random, *, user_ids: Mapping[str, int], now: datetime) -> None:
    counselor, lead = user_ids["counselor"], user_ids["lead"]
    days = SchoolDays.of_school(conn, now.date())
    aways = _existing(conn) + _top_up(conn, rng, days, lead, now)
    returns = [a for a in aways if a.back_on is not None]
    latest = max(returns, key=lambda a: (a.back_on, a.student_id)) if returns else None
    for away in aways:
        kind = _kind(away.reason)
        change = store.latest_change(conn, away.student_id, StudentStatus.SUSPENDED.value)
        assert change is not None
        left_stamp = datetime.combine(away.left_on, time(10, 0))
        leave_id = store.insert_leave(
            conn, away.student_id, change_id=change[0], reason_kind=kind.value, left_on=away.left_on,
            expected_return=rules.to_school_day(away.left_on + timedelta(days=180)), counselor_id=counselor,
            by=lead, now=left_stamp,
        )  # fmt: skip
        if away.back_on is not None:
            _return(conn, rng, away, leave_id, kind, counselor, lead, now, leave_overdue=away == latest)


def _existing(conn: Connection) -> list[_Away]:
    """The 休学 and 复学 students care_records wrote, with their dates and reasons."""
    found = []
    for student in student_store.all_current(conn):
        if student.status not in (StudentStatus.SUSPENDED, StudentStatus.RESUMED):
            continue
        history = student_store.status_changes(conn, student.id, with_reasons=True)
        left = next(c for c in reversed(history) if c.to_status == StudentStatus.SUSPENDED)
        back = next((c for c in reversed(history) if c.to_status == StudentStatus.RESUMED), None)
        found.append(
            _Away(student.id, date.fromisoformat(left.on_date), date.fromisoformat(back.on_date) if back else None,
                  left.reason)
        )  # fmt: skip
    return found


def _top_up(conn: Connection, rng: random.Random, days: SchoolDays, lead: int, now: datetime) -> list[_Away]:
    have = sum(1 for s in student_store.all_current(conn) if s.status == StudentStatus.RESUMED)
    wanted = BACK_DAYS_AGO[: max(0, MIN_RETURNS - have)]
    candidates = [s.id for s in load_enrolment(conn).pupils if s.status == StudentStatus.ENROLLED]
    rng.shuffle(candidates)
    made = []
    for ago in wanted:
        back = days.on_or_before(now.date() - timedelta(days=ago))
        left = days.on_or_before(back - timedelta(days=rng.randint(120, 200)))
        student_id = next((s for s in candidates if _quiet(conn, s, left, back)), None)
        if student_id is None:
            break
        candidates.remove(student_id)
        reason = rng.choice((texts.SUSPEND_REASONS[2], texts.SUSPEND_REASONS[1], texts.SUSPEND_REASONS[3]))
        _status(conn, rng, student_id, StudentStatus.ENROLLED, StudentStatus.SUSPENDED, left, reason, lead)
        _status(conn, rng, student_id, StudentStatus.SUSPENDED, StudentStatus.RESUMED, back,
                rng.choice(texts.RESUME_REASONS), lead)  # fmt: skip
        made.append(_Away(student_id, left, back, reason))
    return made


def _quiet(conn: Connection, student_id: int, left: date, back: date) -> bool:
    """Nothing of the student is dated while they were away, and nothing ties them to a counselor."""
    if cases.cases_of_student(conn, student_id):
        return False
    events = [
        *timeline.status_events(conn, student_id), *timeline.warning_events(conn, student_id),
        *timeline.screening_events(conn, student_id), *timeline.peer_report_events(conn, student_id),
        *timeline.mentor_events(conn, student_id), *appointments.student_events(conn, student_id),
    ]  # fmt: skip
    return not any(left.isoformat() <= e[0][:10] <= back.isoformat() for e in events)


def _status(conn: Connection, rng: random.Random, student_id: int, before: StudentStatus, after: StudentStatus,
            on: date, reason: str, by: int) -> None:  # fmt: skip
    at = datetime.combine(on, time(rng.randint(8, 16), rng.randint(0, 59)))
    student_store.change_status(
        conn, student_id, from_status=before.value, to_status=after.value, on_date=on, reason=reason, user_id=by,
        now=at,
    )  # fmt: skip


def _kind(reason: str) -> LeaveReason:
    if "情绪" in reason:
        return LeaveReason.MENTAL_HEALTH
    if "家庭" in reason:
        return LeaveReason.FAMILY
    return LeaveReason.ILLNESS


def _return(
    conn: Connection, rng: random.Random, away: _Away, leave_id: int, kind: LeaveReason, counselor: int, lead: int,
    now: datetime, *, leave_overdue: bool,
) -> None:  # fmt: skip
    assert away.back_on is not None
    back = away.back_on
    assessed = rules.to_school_day(back - timedelta(days=5))
    note_id = _assessment(conn, away, assessed, counselor, lead)
    change = store.latest_change(conn, away.student_id, StudentStatus.RESUMED.value)
    assert change is not None
    return_id = store.insert_return(
        conn, leave_id, change_id=change[0], returned_on=back, assessment_note_id=note_id, counselor_id=counselor,
        by=counselor, now=datetime.combine(back, time(8, 30)),
    )  # fmt: skip
    received = (ReturnDocument.PARENT_APPLICATION, *rules.expected_documents(kind)[1:][: rng.randint(0, 1)])
    for doc in received:
        issuer = "市第九医院" if doc is ReturnDocument.HOSPITAL_CERTIFICATE else ""
        store.set_document(conn, return_id, kind=doc.value, received_on=assessed, issuer=issuer, attachment_id=None)
    past = [d for d in rules.default_checkin_dates(back) if d < now.date()]
    for day in rules.default_checkin_dates(back):
        checkin_id = store.add_checkin(conn, return_id, day)
        if day in past and not (leave_overdue and day == past[-1]):
            store.mark_checkin_done(conn, checkin_id, done_on=day, note=rng.choice(CHECKIN_NOTES), by=counselor)


def _assessment(conn: Connection, away: _Away, day: date, counselor: int, lead: int) -> int:
    """A case opened for the return, assigned to the counselor, with the signed 复学评估."""
    at = datetime.combine(day, time(14, 0))
    case_id = cases.insert_case(
        conn, student_id=away.student_id, reason="休学后申请复学，复学评估与首月随访", issue_types=["情绪"],
        opened_on=day, opened_by=counselor, now=at,
    )  # fmt: skip
    cases.set_person(conn, case_id, counselor, cases.ASSIGNED, by=lead, now=at)
    cases.add_event(conn, case_id, by=counselor, action="开案", detail="情绪", now=at)
    fields = {"leave": f"{away.left_on.year}年{away.left_on.month}月起休学：{away.reason}", **ASSESSMENT}
    note_id = notes.insert_draft(
        conn, case_id=case_id, template=rules.RETURN_TEMPLATE, needs_cosign=False, held_on=day, fields=fields,
        author_id=counselor, students=[notes.NoteStudent(away.student_id, "")], now=at,
    )  # fmt: skip
    notes.sign(conn, note_id, by=counselor, now=at + timedelta(minutes=50))
    search_documents.index_note(conn, note_id)
    search_documents.index_case(conn, case_id)
    return note_id
