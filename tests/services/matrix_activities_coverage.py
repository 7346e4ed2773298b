"""Role-matrix rows for 达标情况 (issue #12): the coverage view is an aggregate (VIEW_AGGREGATES),
so every role reads it — the principal and the admin without the care key; its 待办 source needs
RECORD_ACTIVITIES (the counselor and the lead, who record lessons and trainings)."""

from __future__ import annotations

from typing import Any

from counselroom.domain.roles import Role
from counselroom.domain.school.terms import default_terms
from counselroom.services.accounts.session import Session
from counselroom.services.activities import activity_todos, coverage
from counselroom.services.school import school_calendar
from tests.conftest import FIXED_NOW
from tests.services.matrix_care import school


def term_id(all_: dict[Role, Session]) -> int:
    """The small school and its 2025-2026 year, added once per database; the first term's id."""
    school(all_)
    admin = all_[Role.ADMIN]
    if not school_calendar.list_terms(admin.db, admin.actor, now=FIXED_NOW):
        first, second = default_terms(2025)
        school_calendar.add_school_year(
            admin.db, admin.actor, start_year=2025, first=first, second=second, now=FIXED_NOW
        )
    return school_calendar.list_terms(admin.db, admin.actor, now=FIXED_NOW)[0].id


def _coverage(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    return coverage.activity_coverage(s.db, s.actor, term_id(all_), now=FIXED_NOW)


def _todos(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    term_id(all_)
    return activity_todos.activity_todos(s.db, s.actor, FIXED_NOW)


ACTIVITY_COVERAGE_MATRIX: dict[str, tuple[frozenset[Role], Any]] = {
    "coverage.activity_coverage": (frozenset(Role), _coverage),
    "activity_todos.activity_todos": (frozenset({Role.COUNSELOR, Role.LEAD}), _todos),
}
