"""Role-matrix entries for issue 8's risk work: the new 今日 待办 sources and closing a report
(merged into MATRIX in test_role_matrix.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from counselroom.domain.roles import Role
from counselroom.services import today
from counselroom.services.accounts.session import Session
from counselroom.services.care import peer_reports
from counselroom.services.screening import screening_todos
from tests.conftest import FIXED_NOW
from tests.services.matrix_care import school

CARE = frozenset({Role.COUNSELOR, Role.LEAD})


def _open_report(all_: dict[Role, Session]) -> int:
    class_id = school(all_)["class"]
    lead = all_[Role.LEAD]
    peer_reports.record_peer_report(
        lead.db,
        lead.actor,
        class_id=class_id,
        student_id=3,
        reporter="心理委员",
        concern="情绪低落",
        reported_on=date(2025, 10, 1),
        now=FIXED_NOW,
    )
    return max(r.id for r in peer_reports.list_peer_reports(lead.db, lead.actor, now=FIXED_NOW))


RISK_MATRIX: dict[str, tuple[frozenset[Role], Any]] = {
    "peer_reports.close_peer_report": (
        CARE,
        lambda s, a, k: peer_reports.close_peer_report(s.db, s.actor, _open_report(a), now=FIXED_NOW),
    ),
    "today.report_todos": (CARE, lambda s, a, k: today.report_todos(s.db, s.actor, FIXED_NOW)),
    "screening_todos.risk_answer_todos": (
        CARE,
        lambda s, a, k: screening_todos.risk_answer_todos(s.db, s.actor, FIXED_NOW),
    ),
    "screening_todos.crisis_check_todos": (
        CARE,
        lambda s, a, k: screening_todos.crisis_check_todos(s.db, s.actor, FIXED_NOW),
    ),
}
