"""休学 → 复学 (S001: 健全精神或心理健康问题学生的休、复学机制; issue #11 item 3): the rules, once.

What a school psychology teacher expects, and so what the program asks:

- **休学** is recorded with its kind of reason (心理健康, 身体疾病, 家庭原因, 其他), the reason in the
  teacher's words (never a diagnosis) and the expected return date (休学期满): a leave is one term
  or one school year, so the date is known when the leave is granted, and is at most two years on.
- **复学** rests on a **signed 复学评估** (the `return` note template of the cases issue) written
  for this student since the leave began, whose 评估意见 is not 暂缓复学: a draft can still change,
  and a return decided on a draft that later says 暂缓 would leave the record contradicting itself.
  After a leave for 心理健康 the assessment is required; after any other leave it is recommended
  and linked when there is one (a broken leg does not need the counseling room's permission).
- **Documents received** are a checklist (家长复学申请, 医院复学证明, 诊断证明或病历, 其他材料), each
  ticked with the day it came and, optionally, the scanned file among the case's attachments.
  Missing ones do not block the return (the 复学评估 template itself allows 未提供): they are listed
  as 待补 where the teacher sees the return, so she chases them.
- **A first-month check-in plan**: by default week 1, 2 and 4 after the return day (a weekend moves
  to the Monday), each a date within the first six weeks; each is done with a short note. A date
  past due and not done reaches the responsible counselor's 今日 board.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from counselroom.domain.errors import ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.students.student_facts import StudentStatus

RETURN_TEMPLATE = "return"  # resources/note_templates/return.toml: 复学评估
CONCLUSION_FIELD = "conclusion"
NOT_YET = "建议暂缓复学，再次评估"  # the one 评估意见 that does not support a return
DEFAULT_CHECKIN_WEEKS = (1, 2, 4)
CHECKIN_WINDOW_DAYS = 42  # "first month", with room for a holiday week
MAX_CHECKINS = 8
MAX_LEAVE_DAYS = 2 * 366
MAX_REASON = 500
MAX_CHECKIN_NOTE = 500
MAX_DOCUMENT_NOTE = 100


class LeaveReason(enum.StrEnum):
    MENTAL_HEALTH = "心理健康原因"
    ILLNESS = "身体疾病"
    FAMILY = "家庭原因"
    OTHER = "其他"

    @property
    def needs_assessment(self) -> bool:
        """After a leave for mental health, 复学 needs a signed 复学评估 (S001 休、复学机制)."""
        return self is LeaveReason.MENTAL_HEALTH


class ReturnDocument(enum.StrEnum):
    PARENT_APPLICATION = "家长复学申请"
    HOSPITAL_CERTIFICATE = "医院复学证明"
    DIAGNOSIS = "诊断证明或病历"
    OTHER = "其他材料"


def expected_documents(reason: LeaveReason) -> tuple[ReturnDocument, ...]:
    """What the school asks for before a return: the parents' application always; a hospital's
    certificate after a leave for illness of either kind."""
    if reason in (LeaveReason.MENTAL_HEALTH, LeaveReason.ILLNESS):
        return (ReturnDocument.PARENT_APPLICATION, ReturnDocument.HOSPITAL_CERTIFICATE)
    return (ReturnDocument.PARENT_APPLICATION,)


def missing_documents(reason: LeaveReason, received: Iterable[ReturnDocument]) -> tuple[ReturnDocument, ...]:
    """待补: expected and not received (shown, never blocking)."""
    have = set(received)
    return tuple(d for d in expected_documents(reason) if d not in have)


class LeaveAction(enum.StrEnum):
    TAKE_LEAVE = "办理休学"
    RECORD_RETURN = "办理复学"


def allowed_leave_actions(status: StudentStatus, actor: Actor) -> frozenset[LeaveAction]:
    """休学 from 在读 or 复学; 复学 from 休学; both only for a counselor or lead holding the care key."""
    if not actor.can(Permission.WRITE_CARE_RECORDS):
        return frozenset()
    if status in (StudentStatus.ENROLLED, StudentStatus.RESUMED):
        return frozenset({LeaveAction.TAKE_LEAVE})
    if status is StudentStatus.SUSPENDED:
        return frozenset({LeaveAction.RECORD_RETURN})
    return frozenset()


def check_leave(*, left_on: date, expected_return: date, reason: str, today: date) -> None:
    if not reason.strip():
        raise ValidationError("请写明休学原因（按家长和医疗机构提供的材料如实记录，不下诊断）", field="休学原因")
    if len(reason) > MAX_REASON:
        raise ValidationError(f"休学原因请控制在 {MAX_REASON} 字以内", field="休学原因")
    if left_on > today + timedelta(days=31):
        raise ValidationError("休学日期最多提前一个月登记", field="休学日期")
    if expected_return <= left_on:
        raise ValidationError("预计复学日期应在休学日期之后", field="预计复学")
    if (expected_return - left_on).days > MAX_LEAVE_DAYS:
        raise ValidationError("休学一般不超过两年，请核对预计复学日期", field="预计复学")


@dataclass(frozen=True)
class Assessment:
    """What the rule needs to know of the linked 复学评估 note (never its text)."""

    template: str
    student_ids: frozenset[int]
    held_on: date
    signed: bool
    conclusion: str


def check_assessment(
    assessment: Assessment | None, *, student_id: int, left_on: date, returned_on: date, reason: LeaveReason
) -> None:
    if assessment is None:
        if reason.needs_assessment:
            raise ValidationError("因心理健康原因休学的学生，复学前须有已签名的复学评估", field="复学评估")
        return
    if assessment.template != RETURN_TEMPLATE or student_id not in assessment.student_ids:
        raise ValidationError("所选记录不是这名学生的复学评估", field="复学评估")
    if not assessment.signed:
        raise ValidationError("复学评估还是草稿：签名后才能据此办理复学", field="复学评估")
    if not left_on <= assessment.held_on <= returned_on:
        raise ValidationError("复学评估应在休学之后、复学之日或之前完成", field="复学评估")
    if assessment.conclusion == NOT_YET:
        raise ValidationError("复学评估的意见是暂缓复学：请再次评估后再办理", field="复学评估")


def check_return_day(*, left_on: date, returned_on: date, today: date) -> None:
    if returned_on <= left_on:
        raise ValidationError("复学日期应在休学日期之后", field="复学日期")
    if returned_on > today + timedelta(days=31):
        raise ValidationError("复学日期最多提前一个月登记", field="复学日期")


def to_school_day(day: date) -> date:
    """A Saturday or Sunday moves to the Monday after."""
    return day + timedelta(days=7 - day.weekday()) if day.weekday() >= 5 else day


def default_checkin_dates(returned_on: date) -> tuple[date, ...]:
    """Week 1, 2 and 4 after the return day, on school days."""
    return tuple(to_school_day(returned_on + timedelta(weeks=w)) for w in DEFAULT_CHECKIN_WEEKS)


def check_checkin_dates(returned_on: date, dates: Sequence[date]) -> tuple[date, ...]:
    """At least one, at most MAX_CHECKINS, each after the return day and within its first six
    weeks, no day twice; returned in order."""
    if not dates:
        raise ValidationError("请至少安排一次复学后随访", field="随访计划")
    if len(dates) > MAX_CHECKINS:
        raise ValidationError(f"首月随访最多安排 {MAX_CHECKINS} 次", field="随访计划")
    if len(set(dates)) != len(dates):
        raise ValidationError("随访日期有重复", field="随访计划")
    last = returned_on + timedelta(days=CHECKIN_WINDOW_DAYS)
    for day in dates:
        if not returned_on < day <= last:
            raise ValidationError(
                f"随访日期 {day.isoformat()} 应在复学之后 {CHECKIN_WINDOW_DAYS} 天以内", field="随访计划"
            )
    return tuple(sorted(dates))


def check_extra_checkin(returned_on: date, planned: Iterable[date], day: date) -> None:
    """One more check-in, added after a check-in showed the need: the same window, not a day twice."""
    check_checkin_dates(returned_on, [*planned, day])


class CheckinAction(enum.StrEnum):
    COMPLETE = "完成"


def allowed_checkin_actions(*, done: bool, due_on: date, today: date, actor: Actor) -> frozenset[CheckinAction]:
    """完成 once, from a week before its day (a talk that happened a little early counts), by a
    counselor or lead."""
    if done or due_on > today + timedelta(days=6) or not actor.can(Permission.WRITE_CARE_RECORDS):
        return frozenset()
    return frozenset({CheckinAction.COMPLETE})


def check_checkin_done(*, returned_on: date, done_on: date, note: str, today: date) -> None:
    if not note.strip():
        raise ValidationError("请简要记录这次随访（如：情绪平稳，能跟上课程）", field="随访记录")
    if len(note) > MAX_CHECKIN_NOTE:
        raise ValidationError(f"随访记录请控制在 {MAX_CHECKIN_NOTE} 字以内", field="随访记录")
    if done_on > today:
        raise ValidationError("随访日期不能晚于今天", field="随访日期")
    if done_on < returned_on:
        raise ValidationError("随访日期不能早于复学日期", field="随访日期")


def checkin_overdue(*, due_on: date, done: bool, today: date) -> bool:
    """Past its day and not done: on the responsible counselor's 今日 board, in red."""
    return not done and due_on < today
