"""Role-matrix rows for 个案 (issue #10): each call made on a case assigned to the counselor, so
the counselor and the lead are let through and the principal and admin are refused."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.cases import attachments, cases, note_todos, notes, plan_reviews, search
from tests.attachment_files import scan
from tests.conftest import FIXED_NOW
from tests.services.case_data import user_id
from tests.services.matrix_care import school

DAY = date(2025, 10, 13)
SCAN = scan("PNG", size=(120, 160))


def case_of_counselor(all_: dict[Role, Session], *, closed: bool = False) -> int:
    school(all_)
    lead = all_[Role.LEAD]
    cases.open_case(
        lead.db, lead.actor, 1, reason="学习压力大", issue_types=["学业"],
        counselor_ids=[user_id(lead, "counselor")], now=FIXED_NOW,
    )  # fmt: skip
    case_id = max(c.id for c in cases.my_cases(lead.db, lead.actor, now=FIXED_NOW))
    if closed:
        cases.close_case(lead.db, lead.actor, case_id, summary="已好转", now=FIXED_NOW)
    return case_id


def _open(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    school(all_)
    return cases.open_case(s.db, s.actor, 2, reason="人际冲突", issue_types=["人际"], now=FIXED_NOW)


CASES_MATRIX = {
    "cases.open_case": (frozenset({Role.COUNSELOR, Role.LEAD}), _open),
    "cases.my_cases": (
        frozenset({Role.COUNSELOR, Role.LEAD}),
        lambda s, all_, k: cases.my_cases(s.db, s.actor, now=FIXED_NOW),
    ),
    "cases.get_case": (
        frozenset({Role.COUNSELOR, Role.LEAD}),
        lambda s, all_, k: cases.get_case(s.db, s.actor, case_of_counselor(all_), now=FIXED_NOW),
    ),
    "cases.assign_counselor": (
        frozenset({Role.LEAD}),
        lambda s, all_, k: cases.assign_counselor(
            s.db, s.actor, case_of_counselor(all_), user_id(s, "lead"), now=FIXED_NOW
        ),
    ),
    "cases.share_case": (
        frozenset({Role.COUNSELOR, Role.LEAD}),
        lambda s, all_, k: cases.share_case(s.db, s.actor, case_of_counselor(all_), user_id(s, "lead"), now=FIXED_NOW),
    ),
    "cases.unshare_case": (
        frozenset({Role.COUNSELOR, Role.LEAD}),
        lambda s, all_, k: _unshare(s, all_),
    ),
    "cases.close_case": (
        frozenset({Role.COUNSELOR, Role.LEAD}),
        lambda s, all_, k: cases.close_case(s.db, s.actor, case_of_counselor(all_), summary="结案", now=FIXED_NOW),
    ),
    "cases.reopen_case": (
        frozenset({Role.COUNSELOR, Role.LEAD}),
        lambda s, all_, k: cases.reopen_case(
            s.db, s.actor, case_of_counselor(all_, closed=True), reason="再次求助", now=FIXED_NOW
        ),
    ),
    "cases.set_next_step": (
        frozenset({Role.COUNSELOR, Role.LEAD}),
        lambda s, all_, k: cases.set_next_step(s.db, s.actor, case_of_counselor(all_), "下周二再约", now=FIXED_NOW),
    ),
}


def _unshare(s: Session, all_: dict[Role, Session]) -> object:
    case_id = case_of_counselor(all_)
    lead = all_[Role.LEAD]
    cases.share_case(lead.db, lead.actor, case_id, user_id(lead, "lead"), now=FIXED_NOW)
    return cases.unshare_case(s.db, s.actor, case_id, user_id(s, "lead"), now=FIXED_NOW)


_FIELDS = {"topic": "学习压力", "process": "聊了作息", "next_step": "下周再约"}


def _draft(s: Session, all_: dict[Role, Session]) -> int:
    return notes.start_note(
        s.db, s.actor, case_of_counselor(all_), template_id="individual", held_on=DAY, fields=_FIELDS, now=FIXED_NOW
    )


def _signed_by_counselor(all_: dict[Role, Session], template_id: str = "individual") -> int:
    case_id = case_of_counselor(all_)  # first: a locked session refuses here
    c = all_[Role.COUNSELOR]
    fields = _FIELDS if template_id == "individual" else _complete(c, template_id)
    note_id = notes.start_note(
        c.db, c.actor, case_id, template_id=template_id, held_on=DAY, fields=fields, now=FIXED_NOW
    )
    notes.sign_note(c.db, c.actor, note_id, now=FIXED_NOW)
    return note_id


def _complete(s: Session, template_id: str) -> dict[str, str]:
    template = next(t for t in notes.note_templates(s.db, s.actor, now=FIXED_NOW) if t.id == template_id)
    return {
        f.key: f.options[0] if f.options else "2025-10-20" if f.kind.value == "date" else "已记录"
        for f in template.note_fields
        if f.required
    }


def _group(s: Session, all_: dict[Role, Session], _k: Any = None) -> object:
    school(all_)
    return notes.start_group_note(
        s.db, s.actor, template_id="group", held_on=DAY, fields={}, student_parts={1: "", 2: ""}, now=FIXED_NOW
    )


NOTES_MATRIX = {
    "note_todos.unsigned_note_todos": (
        frozenset({Role.COUNSELOR, Role.LEAD}),
        lambda s, all_, k: note_todos.unsigned_note_todos(s.db, s.actor, FIXED_NOW),
    ),
    "note_todos.cosign_todos": (
        frozenset({Role.LEAD}),
        lambda s, all_, k: note_todos.cosign_todos(s.db, s.actor, FIXED_NOW),
    ),
    "notes.note_templates": (
        frozenset({Role.COUNSELOR, Role.LEAD}),
        lambda s, all_, k: notes.note_templates(s.db, s.actor, now=FIXED_NOW),
    ),
    "notes.start_note": (frozenset({Role.COUNSELOR, Role.LEAD}), lambda s, all_, k: _draft(s, all_)),
    "notes.start_group_note": (frozenset({Role.COUNSELOR, Role.LEAD}), _group),
    "notes.save_draft": (
        frozenset({Role.COUNSELOR, Role.LEAD}),
        lambda s, all_, k: notes.save_draft(s.db, s.actor, _draft(s, all_), held_on=DAY, fields=_FIELDS, now=FIXED_NOW),
    ),
    "notes.delete_draft": (
        frozenset({Role.COUNSELOR, Role.LEAD}),
        lambda s, all_, k: notes.delete_draft(s.db, s.actor, _draft(s, all_), now=FIXED_NOW),
    ),
    "notes.sign_note": (
        frozenset({Role.COUNSELOR, Role.LEAD}),
        lambda s, all_, k: notes.sign_note(s.db, s.actor, _draft(s, all_), now=FIXED_NOW),
    ),
    "notes.cosign_note": (
        frozenset({Role.LEAD}),
        lambda s, all_, k: notes.cosign_note(s.db, s.actor, _signed_by_counselor(all_, "crisis"), now=FIXED_NOW),
    ),
    "notes.add_addendum": (
        frozenset({Role.COUNSELOR, Role.LEAD}),
        lambda s, all_, k: notes.add_addendum(s.db, s.actor, _signed_by_counselor(all_), "补记", now=FIXED_NOW),
    ),
    "notes.open_note": (
        frozenset({Role.COUNSELOR, Role.LEAD}),
        lambda s, all_, k: notes.open_note(s.db, s.actor, _signed_by_counselor(all_), now=FIXED_NOW),
    ),
    "notes.case_notes": (
        frozenset({Role.COUNSELOR, Role.LEAD}),
        lambda s, all_, k: notes.case_notes(s.db, s.actor, case_of_counselor(all_), now=FIXED_NOW),
    ),
}


def _review(s: Session, all_: dict[Role, Session]) -> object:
    school(all_)
    return plan_reviews.review_plan(
        s.db, s.actor, 1, reviewed_on=DAY, what_worked="有进步", changes="", next_review=None,
        goals="目标", measures="措施", now=FIXED_NOW,
    )  # fmt: skip


PLAN_MATRIX = {
    "plan_reviews.review_plan": (frozenset({Role.COUNSELOR, Role.LEAD}), lambda s, all_, k: _review(s, all_)),
    "plan_reviews.plan_history": (
        frozenset({Role.COUNSELOR, Role.LEAD}),
        lambda s, all_, k: (school(all_), plan_reviews.plan_history(s.db, s.actor, 1, now=FIXED_NOW)),
    ),
}


def _scan() -> Path:
    path = Path(tempfile.mkdtemp()) / "同意书.png"
    path.write_bytes(SCAN)  # a real picture: a saved copy is watermarked
    return path


def _attached(all_: dict[Role, Session]) -> int:
    case_id = case_of_counselor(all_)
    c = all_[Role.COUNSELOR]
    attachments.attach_file(c.db, c.actor, case_id, _scan(), kind="知情同意书", now=FIXED_NOW)
    return max(a.id for a in attachments.case_attachments(c.db, c.actor, case_id, now=FIXED_NOW))


ATTACHMENT_MATRIX = {
    "attachments.attach_file": (
        frozenset({Role.COUNSELOR, Role.LEAD}),
        lambda s, all_, k: attachments.attach_file(
            s.db, s.actor, case_of_counselor(all_), _scan(), kind="知情同意书", now=FIXED_NOW
        ),
    ),
    "attachments.case_attachments": (
        frozenset({Role.COUNSELOR, Role.LEAD}),
        lambda s, all_, k: attachments.case_attachments(s.db, s.actor, case_of_counselor(all_), now=FIXED_NOW),
    ),
    "attachments.attachment_content": (
        frozenset({Role.COUNSELOR, Role.LEAD}),
        lambda s, all_, k: attachments.attachment_content(s.db, s.actor, _attached(all_), now=FIXED_NOW),
    ),
    "attachments.save_attachment_copy": (
        frozenset({Role.COUNSELOR, Role.LEAD}),
        lambda s, all_, k: attachments.save_attachment_copy(
            s.db, s.actor, _attached(all_), Path(tempfile.mkdtemp()) / "副本.png", reason="转介", now=FIXED_NOW
        ),
    ),
}


SEARCH_MATRIX = {
    # Per record (which cases, group notes and plans a hit may come from): tests/services/test_search.py.
    "search.search_care_texts": (
        frozenset({Role.COUNSELOR, Role.LEAD}),
        lambda s, all_, k: (
            case_of_counselor(all_),  # its reason, 学习压力大, is there to be found
            search.search_care_texts(s.db, s.actor, "学习压力", now=FIXED_NOW),
        ),
    ),
}
