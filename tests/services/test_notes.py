"""辅导记录 as a counselor writes them: a draft from a template, signed and then locked, corrected
only by 补充说明; a 危机评估 note waits for the lead's co-signature; a group note shows each
student only their part. Every write path is tried on a signed note."""

from __future__ import annotations

from datetime import date

import pytest

from counselroom.domain.cases.note_rules import NoteAction
from counselroom.domain.errors import AccessDenied, ValidationError
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.cases import notes
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.services.case_data import counselors_case

DAY = date(2025, 10, 13)
INDIVIDUAL = {"topic": "考试焦虑", "process": "谈了最近的睡眠和学习安排", "next_step": "一周后再约"}


def _signed(sessions: dict[Role, Session]) -> tuple[int, int]:
    case_id = counselors_case(sessions)
    c = sessions[Role.COUNSELOR]
    note_id = notes.start_note(
        c.db, c.actor, case_id, template_id="individual", held_on=DAY, fields=INDIVIDUAL, now=FIXED_NOW
    )
    notes.sign_note(c.db, c.actor, note_id, now=FIXED_NOW)
    return case_id, note_id


def test_a_draft_is_saved_incomplete_and_signed_only_when_complete(sessions: dict[Role, Session]) -> None:
    case_id = counselors_case(sessions)
    c = sessions[Role.COUNSELOR]
    note_id = notes.start_note(
        c.db, c.actor, case_id, template_id="individual", held_on=DAY, fields={"topic": "失眠"}, now=FIXED_NOW
    )
    with pytest.raises(ValidationError, match="签名前请补全"):
        notes.sign_note(c.db, c.actor, note_id, now=FIXED_NOW)
    notes.save_draft(c.db, c.actor, note_id, held_on=DAY, fields=INDIVIDUAL, now=FIXED_NOW)
    notes.sign_note(c.db, c.actor, note_id, now=FIXED_NOW)
    view = notes.open_note(c.db, c.actor, note_id, now=FIXED_NOW)
    assert view.state == "已签名" and view.fields == INDIVIDUAL and view.signed.startswith("王老师")
    assert view.actions == frozenset({NoteAction.ADD_ADDENDUM})
    with pytest.raises(ValidationError, match="没有“diagnosis”这一项"):
        notes.start_note(
            c.db, c.actor, case_id, template_id="individual", held_on=DAY, fields={"diagnosis": "x"}, now=FIXED_NOW
        )


def test_no_service_path_changes_a_signed_note_and_an_addendum_keeps_both(sessions: dict[Role, Session]) -> None:
    _case_id, note_id = _signed(sessions)
    c, lead = sessions[Role.COUNSELOR], sessions[Role.LEAD]
    for s in (c, lead):
        with pytest.raises(AccessDenied):
            notes.save_draft(s.db, s.actor, note_id, held_on=DAY, fields={"topic": "改"}, now=FIXED_NOW)
        with pytest.raises(AccessDenied):
            notes.delete_draft(s.db, s.actor, note_id, now=FIXED_NOW)
        with pytest.raises(AccessDenied):
            notes.sign_note(s.db, s.actor, note_id, now=FIXED_NOW)
    notes.add_addendum(c.db, c.actor, note_id, "补记：当天已电话告知家长", now=FIXED_NOW)
    view = notes.open_note(lead.db, lead.actor, note_id, now=FIXED_NOW)
    assert view.fields == INDIVIDUAL  # the original, as signed
    assert [(a.text, a.author) for a in view.addenda] == [("补记：当天已电话告知家长", "王老师")]


def test_a_crisis_note_waits_for_the_leads_co_signature(sessions: dict[Role, Session]) -> None:
    case_id = counselors_case(sessions)
    c, lead = sessions[Role.COUNSELOR], sessions[Role.LEAD]
    fields = {
        "source": "筛查阳性",
        "situation": "学生说最近常觉得活着很累",
        "risk_factors": "父母离异，近期与好友断交",
        "protective_factors": "与班主任关系好，愿意求助",
        "means": "未提及具体方法",
        "level": "中",
        "plan": "当天告知家长，一周内复评",
    }
    template = next(t for t in notes.note_templates(c.db, c.actor, now=FIXED_NOW) if t.id == "crisis")
    fields = {k: v for k, v in fields.items() if template.field(k) is not None}
    for f in template.note_fields:
        if f.required and f.key not in fields:
            fields[f.key] = f.options[0] if f.options else "2025-10-20" if f.kind.value == "date" else "已记录"
    note_id = notes.start_note(c.db, c.actor, case_id, template_id="crisis", held_on=DAY, fields=fields, now=FIXED_NOW)
    assert "会签" in notes.sign_note(c.db, c.actor, note_id, now=FIXED_NOW).summary
    assert notes.open_note(c.db, c.actor, note_id, now=FIXED_NOW).state == "待会签"
    with pytest.raises(AccessDenied):
        notes.cosign_note(c.db, c.actor, note_id, now=FIXED_NOW)
    notes.cosign_note(lead.db, lead.actor, note_id, now=FIXED_NOW)
    view = notes.open_note(lead.db, lead.actor, note_id, now=FIXED_NOW)
    assert view.state == "已会签" and view.cosigned.startswith("李主任")


def test_nobody_else_reads_a_note(sessions: dict[Role, Session]) -> None:
    case_id, note_id = _signed(sessions)
    for role in (Role.PRINCIPAL, Role.ADMIN):
        s = sessions[role]
        with pytest.raises(AccessDenied):
            notes.open_note(s.db, s.actor, note_id, now=FIXED_NOW)
        with pytest.raises(AccessDenied):
            notes.case_notes(s.db, s.actor, case_id, now=FIXED_NOW)
    lead = sessions[Role.LEAD]
    assert [n.id for n in notes.case_notes(lead.db, lead.actor, case_id, now=FIXED_NOW)] == [note_id]


def test_old_drafts_and_crisis_notes_to_co_sign_reach_the_today_board(sessions: dict[Role, Session]) -> None:
    from datetime import timedelta

    from counselroom.services.cases import note_todos

    case_id = counselors_case(sessions)
    c, lead = sessions[Role.COUNSELOR], sessions[Role.LEAD]
    notes.start_note(
        c.db, c.actor, case_id, template_id="individual", held_on=DAY, fields={"topic": "失眠"}, now=FIXED_NOW
    )
    assert note_todos.unsigned_note_todos(c.db, c.actor, FIXED_NOW + timedelta(days=2)) == []
    late = note_todos.unsigned_note_todos(c.db, c.actor, FIXED_NOW + timedelta(days=4))
    assert len(late) == 1 and "未签名" in late[0].text and late[0].overdue
    assert note_todos.cosign_todos(lead.db, lead.actor, FIXED_NOW) == []


def test_the_timeline_shows_note_events_only_to_those_who_may_read_the_case(
    school: SchoolFixture, sessions: dict[Role, Session]
) -> None:
    from counselroom.services.registry import build_registry
    from counselroom.services.students import timeline
    from tests.services.test_cases import _second_counselor

    _case_id, _note_id = _signed(sessions)
    sources = build_registry().timeline_sources

    def kinds(s: Session) -> list[tuple[str, str]]:
        return [(e.kind, e.text) for e in timeline.student_timeline(s.db, s.actor, 1, sources=sources, now=FIXED_NOW)]

    assert ("辅导记录", "个别辅导") in kinds(sessions[Role.COUNSELOR])
    assert ("辅导记录", "个别辅导") in kinds(sessions[Role.LEAD])
    other = _second_counselor(school, sessions)
    try:
        assert all(kind != "辅导记录" for kind, _t in kinds(other))  # neither assigned nor shared
    finally:
        other.db.close()
    assert all(kind != "辅导记录" for kind, _t in kinds(sessions[Role.ADMIN]))  # the principal sees no timeline
    assert all("考试焦虑" not in text for _k, text in kinds(sessions[Role.COUNSELOR]))  # never the text
