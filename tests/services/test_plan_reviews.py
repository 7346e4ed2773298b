"""一人一案 reviews: each review updates the plan and is kept, so the plan's history reads in order."""

from __future__ import annotations

from datetime import date

import pytest

from counselroom.domain.errors import AccessDenied, ValidationError
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.care import mentoring
from counselroom.services.cases import plan_reviews
from counselroom.services.students import student_records
from tests.conftest import FIXED_NOW
from tests.school_data import add_small_school


def test_reviews_update_the_plan_and_keep_its_history(sessions: dict[Role, Session]) -> None:
    add_small_school(sessions[Role.ADMIN])
    c = sessions[Role.COUNSELOR]
    mentoring.save_care_plan(c.db, c.actor, 3, goals="按时到校", measures="每周谈话一次", now=FIXED_NOW)
    with pytest.raises(ValidationError, match="效果"):
        plan_reviews.review_plan(
            c.db, c.actor, 3, reviewed_on=date(2025, 10, 10), what_worked=" ", changes="", next_review=None,
            goals="按时到校", measures="每周谈话一次", now=FIXED_NOW,
        )  # fmt: skip
    plan_reviews.review_plan(
        c.db, c.actor, 3, reviewed_on=date(2025, 10, 10), what_worked="本月迟到减少到 2 次", changes="改为两周谈一次",
        next_review=date(2025, 11, 10), goals="按时到校，参加一项社团", measures="两周谈话一次；班主任每周反馈", now=FIXED_NOW,
    )  # fmt: skip
    history = plan_reviews.plan_history(c.db, c.actor, 3, now=FIXED_NOW)
    assert [(h.reviewed_on, h.next_review, h.reviewed_by) for h in history] == [("2025-10-10", "2025-11-10", "王老师")]
    plan = student_records.open_student_file(c.db, c.actor, 3, now=FIXED_NOW).plan
    assert plan is not None and plan.goals == "按时到校，参加一项社团"  # the plan itself now reads as reviewed
    for role in (Role.PRINCIPAL, Role.ADMIN):
        s = sessions[role]
        with pytest.raises(AccessDenied):
            plan_reviews.plan_history(s.db, s.actor, 3, now=FIXED_NOW)
