"""休学 and 复学 for service, matrix and GUI tests: a leave for mental health, a case with a signed
复学评估, a return on 2025-09-15 whose week 1, 2 and 4 check-ins (09-22, 09-29, 10-13) are two
past due and one due today at FIXED_NOW (Monday 2025-10-13)."""

from __future__ import annotations

from datetime import date

from counselroom.domain.roles import Role
from counselroom.domain.students.leave_return import LeaveReason, ReturnDocument
from counselroom.services.accounts.session import Session
from counselroom.services.cases import cases, notes
from counselroom.services.students import return_checkins, school_leave
from counselroom.services.students.school_leave import DocumentReceived
from tests.conftest import FIXED_NOW
from tests.services.case_data import user_id

LEFT = date(2025, 3, 3)
EXPECTED = date(2025, 9, 1)
RETURNED = date(2025, 9, 15)
ASSESSED = date(2025, 9, 10)
REASON = "因情绪困扰在家休养调整，家长申请"
ASSESSMENT = {
    "leave": "2025年3月起在家休养，家长提供了医院复学证明",
    "medical_letter": "已提供复学证明",
    "current": "睡眠规律，情绪平稳，能按时完成作业",
    "support": "母亲陪伴，班主任每周联系",
    "conclusion": "建议复学并重点关注",
    "plan": "班主任留意出勤，成长导师每周谈一次，心理教师首月随访",
}


def on_leave(
    s: Session, student_id: int, *, kind: LeaveReason = LeaveReason.MENTAL_HEALTH, reason: str = REASON
) -> None:
    school_leave.take_leave(
        s.db, s.actor, student_id, left_on=LEFT, reason_kind=kind, reason=reason, expected_return=EXPECTED,
        now=FIXED_NOW,
    )  # fmt: skip


def case_with_assessment(
    sessions: dict[Role, Session], student_id: int, *, sign: bool = True, conclusion: str = "建议复学并重点关注"
) -> tuple[int, int]:
    """A case for the student assigned to the counselor, with a 复学评估 by the counselor: (case, note)."""
    lead, c = sessions[Role.LEAD], sessions[Role.COUNSELOR]
    cases.open_case(
        lead.db, lead.actor, student_id, reason="休学后申请复学", issue_types=["情绪"],
        counselor_ids=[user_id(lead, "counselor")], now=FIXED_NOW,
    )  # fmt: skip
    case_id = max(x.id for x in cases.my_cases(lead.db, lead.actor, now=FIXED_NOW) if x.student_id == student_id)
    fields = {**ASSESSMENT, "conclusion": conclusion}
    note_id = notes.start_note(
        c.db, c.actor, case_id, template_id="return", held_on=ASSESSED, fields=fields, now=FIXED_NOW
    )
    if sign:
        notes.sign_note(c.db, c.actor, note_id, now=FIXED_NOW)
    return case_id, note_id


def returned(sessions: dict[Role, Session], student_id: int) -> int:
    """On leave for mental health, assessed, back on RETURNED with the default plan; the return's id."""
    c = sessions[Role.COUNSELOR]
    on_leave(c, student_id)
    _case, note_id = case_with_assessment(sessions, student_id)
    school_leave.record_return(
        c.db, c.actor, student_id, returned_on=RETURNED, assessment_note_id=note_id,
        documents=[DocumentReceived(ReturnDocument.PARENT_APPLICATION, date(2025, 9, 8))], now=FIXED_NOW,
    )  # fmt: skip
    back = return_checkins.student_leaves(c.db, c.actor, student_id, now=FIXED_NOW).leaves[-1].back
    assert back is not None
    return back.id
