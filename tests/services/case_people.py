"""The role matrix's per-record rows on one case: assigned, shared, neither, lead, principal, admin."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.cases import cases
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.services.test_cases import _second_counselor


@contextmanager
def per_record_people(
    school: SchoolFixture, sessions: dict[Role, Session], case_id: int
) -> Iterator[dict[str, Session]]:
    """A session per row; the case (assigned to the counselor) is shared with one more counselor,
    and a third counselor is neither assigned nor shared."""
    shared, neither = _second_counselor(school, sessions), _second_counselor(school, sessions)
    c = sessions[Role.COUNSELOR]
    cases.share_case(c.db, c.actor, case_id, int(shared.actor.user_id), now=FIXED_NOW)
    try:
        yield {
            "assigned": c,
            "shared": shared,
            "neither": neither,
            "lead": sessions[Role.LEAD],
            "principal": sessions[Role.PRINCIPAL],
            "admin": sessions[Role.ADMIN],
        }
    finally:
        shared.db.close()
        neither.db.close()
