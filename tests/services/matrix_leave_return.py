"""Role-matrix rows for 休学 → 复学 (issue #11 item 3): counselors and the lead, who hold the care
key, may; the principal and the admin are refused every call."""

from __future__ import annotations

from datetime import date
from typing import Any

from counselroom.domain.roles import Role
from counselroom.domain.students.leave_return import LeaveReason, ReturnDocument
from counselroom.services.accounts.session import Session
from counselroom.services.students import return_checkins, return_todos, school_leave
from counselroom.services.students.school_leave import DocumentReceived
from tests.conftest import FIXED_NOW
from tests.services.leave_data import EXPECTED, LEFT, RETURNED
from tests.services.matrix_care import school

CARE = frozenset({Role.COUNSELOR, Role.LEAD})


def _on_leave(all_: dict[Role, Session], student_id: int) -> None:
    """The student on leave (for family reasons: no assessment needed), taken by the lead once."""
    school(all_)
    lead = all_[Role.LEAD]
    if not return_checkins.student_leaves(lead.db, lead.actor, student_id, now=FIXED_NOW).leaves:
        school_leave.take_leave(
            lead.db, lead.actor, student_id, left_on=LEFT, reason_kind=LeaveReason.FAMILY, reason="家庭变故",
            expected_return=EXPECTED, now=FIXED_NOW,
        )  # fmt: skip


def _return_id(all_: dict[Role, Session]) -> int:
    """Student 5 back on RETURNED (by the lead), with the default check-ins."""
    _on_leave(all_, 5)
    lead = all_[Role.LEAD]
    leave = return_checkins.student_leaves(lead.db, lead.actor, 5, now=FIXED_NOW).leaves[-1]
    if leave.back is None:
        school_leave.record_return(lead.db, lead.actor, 5, returned_on=RETURNED, assessment_note_id=None, now=FIXED_NOW)
        leave = return_checkins.student_leaves(lead.db, lead.actor, 5, now=FIXED_NOW).leaves[-1]
    assert leave.back is not None
    return leave.back.id


def _first_checkin(all_: dict[Role, Session]) -> int:
    _return_id(all_)
    lead = all_[Role.LEAD]
    back = return_checkins.student_leaves(lead.db, lead.actor, 5, now=FIXED_NOW).leaves[-1].back
    assert back is not None
    return back.checkins[0].id


def _take(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    school(all_)
    return school_leave.take_leave(
        s.db, s.actor, 2, left_on=LEFT, reason_kind=LeaveReason.ILLNESS, reason="因病住院", expected_return=EXPECTED,
        now=FIXED_NOW,
    )  # fmt: skip


def _return(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    _on_leave(all_, 3)
    return school_leave.record_return(s.db, s.actor, 3, returned_on=RETURNED, assessment_note_id=None, now=FIXED_NOW)


LEAVE_RETURN_MATRIX: dict[str, tuple[frozenset[Role], Any]] = {
    "school_leave.take_leave": (CARE, _take),
    "school_leave.return_assessments": (
        CARE,
        lambda s, all_, k: (_on_leave(all_, 3), school_leave.return_assessments(s.db, s.actor, 3, now=FIXED_NOW)),
    ),
    "school_leave.record_return": (CARE, _return),
    "return_checkins.student_leaves": (
        CARE,
        lambda s, all_, k: (_on_leave(all_, 3), return_checkins.student_leaves(s.db, s.actor, 3, now=FIXED_NOW)),
    ),
    "return_checkins.complete_checkin": (
        CARE,
        lambda s, all_, k: return_checkins.complete_checkin(
            s.db, s.actor, _first_checkin(all_), done_on=date(2025, 9, 22), note="适应良好", now=FIXED_NOW
        ),
    ),
    "return_checkins.add_return_checkin": (
        CARE,
        lambda s, all_, k: return_checkins.add_return_checkin(
            s.db, s.actor, _return_id(all_), due_on=date(2025, 10, 20), now=FIXED_NOW
        ),
    ),
    "return_checkins.receive_return_document": (
        CARE,
        lambda s, all_, k: return_checkins.receive_return_document(
            s.db,
            s.actor,
            _return_id(all_),
            DocumentReceived(ReturnDocument.PARENT_APPLICATION, RETURNED),
            now=FIXED_NOW,
        ),
    ),
    "return_todos.return_checkin_todos": (
        CARE,
        lambda s, all_, k: (_return_id(all_), return_todos.return_checkin_todos(s.db, s.actor, FIXED_NOW)),
    ),
}
