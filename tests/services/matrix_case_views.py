"""Role-matrix rows for what the 个案 page and the student file list (services/cases/case_views.py)."""

from __future__ import annotations

from counselroom.domain.roles import Role
from counselroom.services.cases import case_views
from tests.conftest import FIXED_NOW
from tests.services.matrix_cases import _group, _signed_by_counselor, case_of_counselor

CASE_VIEWS_MATRIX = {
    "case_views.case_colleagues": (
        frozenset({Role.COUNSELOR, Role.LEAD}),
        lambda s, all_, k: case_views.case_colleagues(s.db, s.actor, now=FIXED_NOW),
    ),
    "case_views.cosign_queue": (
        frozenset({Role.LEAD}),
        lambda s, all_, k: (
            _signed_by_counselor(all_, "crisis"),
            case_views.cosign_queue(s.db, s.actor, now=FIXED_NOW),
        ),
    ),
    "case_views.group_notes": (
        frozenset({Role.COUNSELOR, Role.LEAD}),
        lambda s, all_, k: (_group(s, all_), case_views.group_notes(s.db, s.actor, now=FIXED_NOW)),
    ),
    "case_views.student_case_file": (
        frozenset({Role.COUNSELOR, Role.LEAD}),
        lambda s, all_, k: (case_of_counselor(all_), case_views.student_case_file(s.db, s.actor, 1, now=FIXED_NOW)),
    ),
}
