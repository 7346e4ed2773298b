"""The rules of 休学 → 复学 (domain/students/leave_return.py), without a database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from counselroom.domain.errors import ValidationError
from counselroom.domain.roles import Actor, Role, UserId
from counselroom.domain.students import leave_return as rules
from counselroom.domain.students.leave_return import (
    Assessment,
    CheckinAction,
    LeaveAction,
    LeaveReason,
    ReturnDocument,
)
from counselroom.domain.students.student_facts import StudentStatus

TODAY = date(2025, 10, 13)  # a Monday
LEFT, BACK = date(2025, 3, 3), date(2025, 9, 15)


def actor(role: Role, *, holds_care: bool = True) -> Actor:
    return Actor(UserId(10), "u", "某老师", role, holds_care)


def test_leave_and_return_are_offered_by_status_to_care_key_holders_only() -> None:
    counselor = actor(Role.COUNSELOR)
    assert rules.allowed_leave_actions(StudentStatus.ENROLLED, counselor) == {LeaveAction.TAKE_LEAVE}
    assert rules.allowed_leave_actions(StudentStatus.RESUMED, counselor) == {LeaveAction.TAKE_LEAVE}
    assert rules.allowed_leave_actions(StudentStatus.SUSPENDED, counselor) == {LeaveAction.RECORD_RETURN}
    assert rules.allowed_leave_actions(StudentStatus.GRADUATED, counselor) == frozenset()
    for nobody in (actor(Role.PRINCIPAL), actor(Role.ADMIN), actor(Role.COUNSELOR, holds_care=False)):
        assert rules.allowed_leave_actions(StudentStatus.SUSPENDED, nobody) == frozenset()


@pytest.mark.parametrize(
    ("left", "expected", "reason", "message"),
    [
        (LEFT, LEFT, "家庭变故", "之后"),
        (LEFT, LEFT + timedelta(days=800), "家庭变故", "两年"),
        (TODAY + timedelta(days=40), TODAY + timedelta(days=200), "家庭变故", "提前一个月"),
        (LEFT, BACK, "  ", "休学原因"),
        (LEFT, BACK, "长" * 501, "500"),
    ],
)
def test_a_leave_is_checked(left: date, expected: date, reason: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        rules.check_leave(left_on=left, expected_return=expected, reason=reason, today=TODAY)


def _assessment(**kw: object) -> Assessment:
    base: dict[str, object] = {
        "template": "return", "student_ids": frozenset({1}), "held_on": date(2025, 9, 10), "signed": True,
        "conclusion": "建议复学",
    }  # fmt: skip
    return Assessment(**{**base, **kw})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("assessment", "message"),
    [
        (None, "须有已签名的复学评估"),
        (_assessment(signed=False), "草稿"),
        (_assessment(template="individual"), "不是这名学生的复学评估"),
        (_assessment(student_ids=frozenset({2})), "不是这名学生的复学评估"),
        (_assessment(held_on=date(2025, 2, 1)), "休学之后"),
        (_assessment(held_on=date(2025, 9, 16)), "复学之日或之前"),
        (_assessment(conclusion=rules.NOT_YET), "暂缓"),
    ],
)
def test_a_return_after_a_mental_health_leave_rests_on_a_signed_supporting_assessment(
    assessment: Assessment | None, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        rules.check_assessment(
            assessment, student_id=1, left_on=LEFT, returned_on=BACK, reason=LeaveReason.MENTAL_HEALTH
        )
    rules.check_assessment(
        _assessment(conclusion="建议复学并重点关注"), student_id=1, left_on=LEFT, returned_on=BACK,
        reason=LeaveReason.MENTAL_HEALTH,
    )  # fmt: skip


def test_other_leaves_need_no_assessment_but_a_linked_one_is_still_checked() -> None:
    for reason in (LeaveReason.ILLNESS, LeaveReason.FAMILY, LeaveReason.OTHER):
        rules.check_assessment(None, student_id=1, left_on=LEFT, returned_on=BACK, reason=reason)
        with pytest.raises(ValidationError, match="草稿"):
            rules.check_assessment(
                _assessment(signed=False), student_id=1, left_on=LEFT, returned_on=BACK, reason=reason
            )


def test_expected_and_missing_documents() -> None:
    assert rules.expected_documents(LeaveReason.FAMILY) == (ReturnDocument.PARENT_APPLICATION,)
    assert rules.missing_documents(LeaveReason.MENTAL_HEALTH, [ReturnDocument.PARENT_APPLICATION]) == (
        ReturnDocument.HOSPITAL_CERTIFICATE,
    )
    assert rules.missing_documents(LeaveReason.ILLNESS, list(ReturnDocument)) == ()


def test_the_default_plan_is_week_1_2_and_4_on_school_days() -> None:
    assert rules.default_checkin_dates(BACK) == (date(2025, 9, 22), date(2025, 9, 29), date(2025, 10, 13))
    friday = date(2025, 9, 19)
    saturday_plus = rules.default_checkin_dates(date(2025, 9, 20))  # a Saturday return: Mondays after
    assert all(d.weekday() == 0 for d in saturday_plus)
    assert rules.to_school_day(friday) == friday


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        ([], "至少"),
        ([BACK], "以内"),
        ([BACK + timedelta(days=43)], "以内"),
        ([BACK + timedelta(days=3)] * 2, "重复"),
        ([BACK + timedelta(days=i) for i in range(1, 10)], "最多"),
    ],
)
def test_a_check_in_plan_is_checked(dates: list[date], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        rules.check_checkin_dates(BACK, dates)


def test_a_plan_is_returned_in_order() -> None:
    later, sooner = BACK + timedelta(days=20), BACK + timedelta(days=5)
    assert rules.check_checkin_dates(BACK, [later, sooner]) == (sooner, later)


def test_a_check_in_is_done_once_from_a_week_before_its_day() -> None:
    counselor = actor(Role.COUNSELOR)
    due = date(2025, 10, 20)
    assert rules.allowed_checkin_actions(done=False, due_on=due, today=TODAY, actor=counselor) == frozenset()
    soon = due - timedelta(days=6)
    assert rules.allowed_checkin_actions(done=False, due_on=due, today=soon, actor=counselor) == {
        CheckinAction.COMPLETE
    }
    assert rules.allowed_checkin_actions(done=True, due_on=due, today=due, actor=counselor) == frozenset()
    assert rules.allowed_checkin_actions(done=False, due_on=due, today=due, actor=actor(Role.PRINCIPAL)) == frozenset()


def test_overdue_means_past_its_day_and_not_done() -> None:
    assert rules.checkin_overdue(due_on=TODAY - timedelta(days=1), done=False, today=TODAY)
    assert not rules.checkin_overdue(due_on=TODAY, done=False, today=TODAY)
    assert not rules.checkin_overdue(due_on=TODAY - timedelta(days=1), done=True, today=TODAY)


@pytest.mark.parametrize(
    ("done_on", "note", "message"),
    [(TODAY, " ", "简要记录"), (TODAY + timedelta(days=1), "好", "晚于今天"), (BACK - timedelta(days=1), "好", "早于")],
)
def test_a_done_check_in_is_checked(done_on: date, note: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        rules.check_checkin_done(returned_on=BACK, done_on=done_on, note=note, today=TODAY)
