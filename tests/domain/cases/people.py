"""The people of the case tests: one actor per role and per part on the case (the role matrix's
per-record rows: assigned, shared, neither, lead, principal, admin), plus unconfirmed sessions."""

from __future__ import annotations

from counselroom.domain.cases.access import CaseAccess
from counselroom.domain.roles import Actor, Role, UserId

ASSIGNED_ID, SECOND_ID, SHARED_ID, NEITHER_ID = UserId(1), UserId(2), UserId(3), UserId(4)
LEAD_ID, OTHER_LEAD_ID, PRINCIPAL_ID, ADMIN_ID = UserId(5), UserId(6), UserId(7), UserId(8)

# Two counselors work the case, one colleague reads it. The principal and the admin are listed
# too, as a damaged or hand-edited row might: a list never grants what the role does not.
ACCESS = CaseAccess(
    assigned=frozenset({ASSIGNED_ID, SECOND_ID, PRINCIPAL_ID}),
    shared=frozenset({SHARED_ID, ADMIN_ID}),
)


def person(user_id: UserId, role: Role, *, holds_care: bool = True) -> Actor:
    return Actor(user_id, f"user{user_id}", f"老师{user_id}", role, holds_care=holds_care)


ASSIGNED = person(ASSIGNED_ID, Role.COUNSELOR)
SECOND = person(SECOND_ID, Role.COUNSELOR)
SHARED = person(SHARED_ID, Role.COUNSELOR)
NEITHER = person(NEITHER_ID, Role.COUNSELOR)
LEAD = person(LEAD_ID, Role.LEAD)
OTHER_LEAD = person(OTHER_LEAD_ID, Role.LEAD)
PRINCIPAL = person(PRINCIPAL_ID, Role.PRINCIPAL)
ADMIN = person(ADMIN_ID, Role.ADMIN)
ASSIGNED_UNCONFIRMED = person(ASSIGNED_ID, Role.COUNSELOR, holds_care=False)
SHARED_UNCONFIRMED = person(SHARED_ID, Role.COUNSELOR, holds_care=False)
LEAD_UNCONFIRMED = person(LEAD_ID, Role.LEAD, holds_care=False)

EVERYONE = {
    "assigned": ASSIGNED,
    "shared": SHARED,
    "neither": NEITHER,
    "lead": LEAD,
    "principal": PRINCIPAL,
    "admin": ADMIN,
    "assigned, unconfirmed": ASSIGNED_UNCONFIRMED,
    "shared, unconfirmed": SHARED_UNCONFIRMED,
    "lead, unconfirmed": LEAD_UNCONFIRMED,
}
