"""allowed_note_actions: every note state × person on the case × case status; co-signing; the
overdue draft of the Today board."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from counselroom.domain.cases.access import CaseAccess
from counselroom.domain.cases.case_rules import CaseStatus
from counselroom.domain.cases.note_rules import (
    UNSIGNED_OVERDUE_DAYS,
    NoteAction,
    NoteSigning,
    NoteState,
    allowed_note_actions,
    may_cosign,
    unsigned_overdue,
)
from tests.domain.cases.people import (
    ACCESS,
    ASSIGNED,
    ASSIGNED_ID,
    EVERYONE,
    LEAD,
    LEAD_ID,
    LEAD_UNCONFIRMED,
    NEITHER,
    OTHER_LEAD,
    SECOND,
    SHARED,
    SHARED_ID,
)

NOW = datetime(2025, 10, 13, 9, 30)
SIGNED_AT = datetime(2025, 10, 10, 16, 0)
COSIGNED_AT = datetime(2025, 10, 11, 8, 0)
EDIT, SIGN, DELETE, ADD, COSIGN = (
    NoteAction.EDIT,
    NoteAction.SIGN,
    NoteAction.DELETE_DRAFT,
    NoteAction.ADD_ADDENDUM,
    NoteAction.COSIGN,
)
PEOPLE = {**EVERYONE, "second assigned": SECOND, "other lead": OTHER_LEAD}

NOTES = {
    "draft": NoteSigning("individual", ASSIGNED_ID),
    "signed": NoteSigning("individual", ASSIGNED_ID, signed_at=SIGNED_AT),
    "crisis draft": NoteSigning("crisis", ASSIGNED_ID, needs_cosign=True),
    "crisis awaiting": NoteSigning("crisis", ASSIGNED_ID, signed_at=SIGNED_AT, needs_cosign=True),
    "crisis cosigned": NoteSigning("crisis", ASSIGNED_ID, SIGNED_AT, COSIGNED_AT, needs_cosign=True),
}
WRITERS = ("assigned", "second assigned", "lead", "other lead")
LEADS = ("lead", "other lead")


def _expected(note: str, who: str, status: CaseStatus) -> set[NoteAction]:
    """The module docstring's rules, spelt out per row (the author is the assigned counselor)."""
    is_open = status is CaseStatus.OPEN
    if note in ("draft", "crisis draft"):
        return ({EDIT, SIGN, DELETE} if is_open else {SIGN, DELETE}) if who == "assigned" else set()
    found = {ADD} if is_open and who in WRITERS else set()
    return found | {COSIGN} if note == "crisis awaiting" and who in LEADS else found


@pytest.mark.parametrize("status", list(CaseStatus))
@pytest.mark.parametrize("who", sorted(PEOPLE))
@pytest.mark.parametrize("note", list(NOTES))
def test_what_each_person_may_do_with_a_note(note: str, who: str, status: CaseStatus) -> None:
    actions = allowed_note_actions(NOTES[note], PEOPLE[who], ACCESS, NOW, case_status=status)
    assert actions == _expected(note, who, status)


def test_the_case_is_open_unless_told() -> None:
    assert allowed_note_actions(NOTES["draft"], ASSIGNED, ACCESS, NOW) == {EDIT, SIGN, DELETE}


def test_nobody_edits_a_signed_note() -> None:
    for note in ("signed", "crisis awaiting", "crisis cosigned"):
        for actor in PEOPLE.values():
            for status in CaseStatus:
                actions = allowed_note_actions(NOTES[note], actor, ACCESS, NOW, case_status=status)
                assert not actions & {EDIT, SIGN, DELETE}


def test_an_author_who_no_longer_writes_the_case_cannot_touch_their_draft() -> None:
    """Moved from 负责 to 共享: their draft waits for the lead to reassign the case back."""
    draft = NoteSigning("individual", SHARED_ID)
    assert allowed_note_actions(draft, SHARED, ACCESS, NOW) == frozenset()


def test_a_lead_works_their_own_draft_like_anyone() -> None:
    draft = NoteSigning("individual", LEAD_ID)
    assert allowed_note_actions(draft, LEAD, ACCESS, NOW) == {EDIT, SIGN, DELETE}
    assert allowed_note_actions(draft, OTHER_LEAD, ACCESS, NOW) == frozenset()


def test_a_lead_never_cosigns_their_own_crisis_note() -> None:
    own = NoteSigning("crisis", LEAD_ID, signed_at=SIGNED_AT, needs_cosign=True)
    assert allowed_note_actions(own, LEAD, ACCESS, NOW) == {ADD}
    assert not may_cosign(own, LEAD)
    assert allowed_note_actions(own, OTHER_LEAD, ACCESS, NOW) == {ADD, COSIGN}
    assert own.state is NoteState.AWAITING_COSIGN  # with one lead it stays on the queue


def test_cosigning_needs_the_care_key_and_a_crisis_template() -> None:
    assert not may_cosign(NOTES["crisis awaiting"], LEAD_UNCONFIRMED)
    assert allowed_note_actions(NOTES["crisis awaiting"], LEAD_UNCONFIRMED, ACCESS, NOW) == frozenset()
    assert not may_cosign(NOTES["signed"], LEAD)
    assert not may_cosign(NOTES["crisis cosigned"], OTHER_LEAD)
    assert not may_cosign(NOTES["crisis awaiting"], ASSIGNED)


def test_a_group_note_is_its_authors() -> None:
    group = NoteSigning("group", SHARED_ID)
    own = CaseAccess.own(SHARED_ID)
    assert allowed_note_actions(group, SHARED, own, NOW) == {EDIT, SIGN, DELETE}
    assert allowed_note_actions(group, NEITHER, own, NOW) == frozenset()
    signed = NoteSigning("group", SHARED_ID, signed_at=SIGNED_AT)
    assert allowed_note_actions(signed, SHARED, own, NOW) == {ADD}
    assert allowed_note_actions(signed, LEAD, own, NOW) == {ADD}


def test_note_states_and_their_words() -> None:
    assert {name: note.state for name, note in NOTES.items()} == {
        "draft": NoteState.DRAFT,
        "signed": NoteState.SIGNED,
        "crisis draft": NoteState.DRAFT,
        "crisis awaiting": NoteState.AWAITING_COSIGN,
        "crisis cosigned": NoteState.COSIGNED,
    }
    assert [s.value for s in NoteState] == ["草稿", "已签名", "待会签", "已会签"]
    assert [s.signed for s in NoteState] == [False, True, True, True]
    assert [a.value for a in NoteAction] == ["编辑", "签名", "删除草稿", "补充说明", "会签"]


@pytest.mark.parametrize(
    ("created_at", "overdue"),
    [
        (datetime(2025, 10, 13, 8, 0), False),  # this morning
        (datetime(2025, 10, 10, 23, 59), False),  # Friday night: 3 days ago
        (datetime(2025, 10, 10, 0, 1), False),  # Friday morning: still 3 calendar days
        (datetime(2025, 10, 9, 23, 59), True),  # Thursday: 4 days ago
        (datetime(2025, 9, 1, 9, 0), True),
    ],
)
def test_a_draft_is_overdue_after_three_calendar_days(created_at: datetime, overdue: bool) -> None:
    assert UNSIGNED_OVERDUE_DAYS == 3
    assert unsigned_overdue(created_at, NOW) is overdue


def test_the_overdue_days_may_be_set() -> None:
    yesterday = NOW - timedelta(days=1)
    assert unsigned_overdue(yesterday, NOW, days=0)
    assert not unsigned_overdue(NOW, NOW, days=0)
    assert not unsigned_overdue(NOW - timedelta(days=7), NOW, days=7)
    assert unsigned_overdue(NOW - timedelta(days=8), NOW, days=7)
    with pytest.raises(ValueError, match="不能为负数"):
        unsigned_overdue(yesterday, NOW, days=-1)


def test_a_draft_dated_after_now_is_not_overdue() -> None:
    """A PC clock set back after writing: the draft is not shown as late."""
    assert not unsigned_overdue(NOW + timedelta(days=5), NOW)
