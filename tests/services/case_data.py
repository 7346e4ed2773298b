"""A case for 张晓明 (student 1), assigned to the counselor, for case and note tests."""

from __future__ import annotations

from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.cases import cases
from counselroom.store import users
from tests.conftest import FIXED_NOW
from tests.school_data import add_small_school


def user_id(session: Session, username: str) -> int:
    row = users.by_username(session.db.conn, username)
    assert row is not None
    return int(row.id)


def counselors_case(sessions: dict[Role, Session]) -> int:
    """The school, and one case assigned to the counselor (opened by the lead)."""
    add_small_school(sessions[Role.ADMIN])
    lead = sessions[Role.LEAD]
    cases.open_case(
        lead.db, lead.actor, 1, reason="考试前失眠，上课注意力不集中", issue_types=["学业", "情绪"],
        counselor_ids=[user_id(lead, "counselor")], now=FIXED_NOW,
    )  # fmt: skip
    return max(c.id for c in cases.my_cases(lead.db, lead.actor, now=FIXED_NOW))
