"""个案 as the room uses them: opened, assigned, shared, closed and reopened — and read only by those
the one access rule lets through (the lead; an assigned or shared counselor; nobody else)."""

from __future__ import annotations

import pytest

from counselroom.domain.errors import AccessDenied, ValidationError
from counselroom.domain.roles import Role
from counselroom.services.accounts import accounts
from counselroom.services.accounts.session import Session
from counselroom.services.cases import cases
from tests.conftest import FIXED_NOW, PASSWORD, SchoolFixture
from tests.services.case_data import counselors_case, user_id
from tests.services.matrix_care_access import colleague_with_own_password


def _second_counselor(school: SchoolFixture, sessions: dict[Role, Session]) -> Session:
    """Another confirmed counselor: neither assigned nor shared to begin with."""
    other = colleague_with_own_password(sessions, school.keys)
    lead = sessions[Role.LEAD]
    from counselroom.services.accounts import care_access

    care_access.confirm_care_access(lead.db, lead.actor, user_id=other, now=FIXED_NOW)  # type: ignore[arg-type]
    name = next(a.username for a in accounts.list_accounts(lead.db, lead.actor, now=FIXED_NOW) if a.user_id == other)
    return school.sign_in(name, PASSWORD + "-own")


def test_the_assigned_counselor_and_the_lead_read_it_others_do_not(
    school: SchoolFixture, sessions: dict[Role, Session]
) -> None:
    case_id = counselors_case(sessions)
    counselor, lead = sessions[Role.COUNSELOR], sessions[Role.LEAD]
    mine = cases.my_cases(counselor.db, counselor.actor, now=FIXED_NOW)
    assert [(c.id, c.student_name, c.my_part) for c in mine] == [(case_id, "张晓明", "负责")]
    detail = cases.get_case(counselor.db, counselor.actor, case_id, now=FIXED_NOW)
    assert detail.reason.startswith("考试前失眠") and detail.issue_types == ("学业", "情绪")
    assert cases.get_case(lead.db, lead.actor, case_id, now=FIXED_NOW).student_name == "张晓明"
    other = _second_counselor(school, sessions)
    try:
        assert cases.my_cases(other.db, other.actor, now=FIXED_NOW) == []
        with pytest.raises(AccessDenied):
            cases.get_case(other.db, other.actor, case_id, now=FIXED_NOW)
        # shared: reads, writes nothing
        cases.share_case(counselor.db, counselor.actor, case_id, int(other.actor.user_id), now=FIXED_NOW)
        assert cases.get_case(other.db, other.actor, case_id, now=FIXED_NOW).reason.startswith("考试前失眠")
        with pytest.raises(AccessDenied):
            cases.close_case(other.db, other.actor, case_id, summary="结", now=FIXED_NOW)
        cases.unshare_case(counselor.db, counselor.actor, case_id, int(other.actor.user_id), now=FIXED_NOW)
        with pytest.raises(AccessDenied):
            cases.get_case(other.db, other.actor, case_id, now=FIXED_NOW)
    finally:
        other.db.close()
    for role in (Role.PRINCIPAL, Role.ADMIN):
        s = sessions[role]
        with pytest.raises(AccessDenied):
            cases.get_case(s.db, s.actor, case_id, now=FIXED_NOW)
        with pytest.raises(AccessDenied):
            cases.my_cases(s.db, s.actor, now=FIXED_NOW)


def test_close_with_a_summary_then_reopen(sessions: dict[Role, Session]) -> None:
    case_id = counselors_case(sessions)
    counselor = sessions[Role.COUNSELOR]
    with pytest.raises(ValidationError, match="小结"):
        cases.close_case(counselor.db, counselor.actor, case_id, summary=" ", now=FIXED_NOW)
    cases.close_case(counselor.db, counselor.actor, case_id, summary="睡眠改善，已恢复正常学习", now=FIXED_NOW)
    closed = cases.get_case(counselor.db, counselor.actor, case_id, now=FIXED_NOW)
    assert closed.status == "已结案" and closed.close_summary.startswith("睡眠改善")
    with pytest.raises(AccessDenied):
        cases.set_next_step(counselor.db, counselor.actor, case_id, "再约", now=FIXED_NOW)
    cases.reopen_case(counselor.db, counselor.actor, case_id, reason="期中考试前再次失眠", now=FIXED_NOW)
    reopened = cases.get_case(counselor.db, counselor.actor, case_id, now=FIXED_NOW)
    assert reopened.status == "进行中" and [h[2] for h in reopened.history] == ["开案", "结案", "重新开案"]


def test_opening_needs_a_reason_and_known_issue_types(sessions: dict[Role, Session]) -> None:
    counselors_case(sessions)
    counselor = sessions[Role.COUNSELOR]
    with pytest.raises(ValidationError, match="开案原因"):
        cases.open_case(counselor.db, counselor.actor, 2, reason=" ", issue_types=["学业"], now=FIXED_NOW)
    with pytest.raises(ValidationError, match="问题类型"):
        cases.open_case(counselor.db, counselor.actor, 2, reason="厌学", issue_types=["抑郁症"], now=FIXED_NOW)
    with pytest.raises(ValidationError, match="心理教师"):
        cases.open_case(
            counselor.db, counselor.actor, 2, reason="厌学", issue_types=["学业"],
            counselor_ids=[user_id(counselor, "principal")], now=FIXED_NOW,
        )  # fmt: skip
