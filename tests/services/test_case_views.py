"""The lists beside one case: colleagues to share with, the 会签 queue, 团体辅导 notes and one
student's 个案 tab — each only what the one access rule lets the viewer read."""

from __future__ import annotations

import pytest

from counselroom.domain.errors import AccessDenied
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.cases import case_views, notes
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.services.case_data import counselors_case
from tests.services.test_notes import DAY, INDIVIDUAL


def _crisis_fields(s: Session) -> dict[str, str]:
    template = next(t for t in notes.note_templates(s.db, s.actor, now=FIXED_NOW) if t.id == "crisis")
    return {
        f.key: f.options[0] if f.options else "2025-10-20" if f.kind.value == "date" else "已记录"
        for f in template.note_fields
        if f.required
    }


def test_the_cosign_queue_lists_a_counselors_signed_crisis_note_until_co_signed(sessions: dict[Role, Session]) -> None:
    case_id = counselors_case(sessions)
    c, lead = sessions[Role.COUNSELOR], sessions[Role.LEAD]
    note_id = notes.start_note(
        c.db, c.actor, case_id, template_id="crisis", held_on=DAY, fields=_crisis_fields(c), now=FIXED_NOW
    )
    assert case_views.cosign_queue(lead.db, lead.actor, now=FIXED_NOW) == []  # a draft is not queued
    notes.sign_note(c.db, c.actor, note_id, now=FIXED_NOW)
    queued = case_views.cosign_queue(lead.db, lead.actor, now=FIXED_NOW)
    assert [(q.note_id, q.case_id, q.student_name, q.template_name) for q in queued] == [
        (note_id, case_id, "张晓明", "危机评估")
    ]
    notes.cosign_note(lead.db, lead.actor, note_id, now=FIXED_NOW)
    assert case_views.cosign_queue(lead.db, lead.actor, now=FIXED_NOW) == []
    with pytest.raises(AccessDenied):
        case_views.cosign_queue(c.db, c.actor, now=FIXED_NOW)


def test_colleagues_are_the_other_active_counselors_and_leads(sessions: dict[Role, Session]) -> None:
    c = sessions[Role.COUNSELOR]
    found = case_views.case_colleagues(c.db, c.actor, now=FIXED_NOW)
    assert {f.role for f in found} <= {"心理教师", "心理中心负责人"}
    assert int(c.actor.user_id) not in {f.user_id for f in found}
    assert "心理中心负责人" in {f.role for f in found}


def test_a_student_file_shows_only_that_students_part_of_a_group_note(
    school: SchoolFixture, sessions: dict[Role, Session]
) -> None:
    case_id = counselors_case(sessions)
    c, lead = sessions[Role.COUNSELOR], sessions[Role.LEAD]
    notes.start_note(c.db, c.actor, case_id, template_id="individual", held_on=DAY, fields=INDIVIDUAL, now=FIXED_NOW)
    group_id = notes.start_group_note(
        c.db, c.actor, template_id="group", held_on=DAY, fields={},
        student_parts={1: "主动分享了考试前的紧张", 2: "第二名学生的表现"}, now=FIXED_NOW,
    )  # fmt: skip
    mine = case_views.student_case_file(c.db, c.actor, 1, now=FIXED_NOW)
    assert [k.id for k in mine.cases] == [case_id]
    group = next(n for n in mine.notes if n.id == group_id)
    assert [(s.student_id, s.part) for s in group.students] == [(1, "主动分享了考试前的紧张")]
    assert "第二名学生的表现" not in repr(mine)
    assert [n.id for n in case_views.group_notes(c.db, c.actor, now=FIXED_NOW)] == [group_id]
    assert [n.id for n in case_views.group_notes(lead.db, lead.actor, now=FIXED_NOW)] == [group_id]
    from tests.services.test_cases import _second_counselor

    other = _second_counselor(school, sessions)
    try:
        theirs = case_views.student_case_file(other.db, other.actor, 1, now=FIXED_NOW)
        assert theirs.cases == () and theirs.notes == ()  # neither assigned nor shared, not the author
        assert case_views.group_notes(other.db, other.actor, now=FIXED_NOW) == []
    finally:
        other.db.close()
    for role in (Role.PRINCIPAL, Role.ADMIN):
        s = sessions[role]
        with pytest.raises(AccessDenied):
            case_views.student_case_file(s.db, s.actor, 1, now=FIXED_NOW)
