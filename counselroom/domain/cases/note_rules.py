"""What may happen to one 辅导记录 now: draft → signed (locked) → addenda; a crisis note co-signed.

- A draft (草稿) is its author's alone: only the author edits, signs or deletes it, and only while
  they may still write the case.
- A signed note never changes (the care store's triggers refuse it too). Corrections and later
  information are 补充说明, open to everyone who may write the case — the author, another assigned
  counselor, the lead — each with its own author and time.
- A 危机评估 note (its template says `needs_cosign`) also needs the lead's co-signature (会签), offered
  to a lead on the signed note until one has co-signed. **A lead never co-signs a note they wrote
  themselves**: the co-signature is a second pair of eyes. When the author is the school's only
  lead, the note stays 待会签 — on the co-sign queue and the Today board — until another lead
  account co-signs; the program does not waive it.
- On a closed case nothing new is written (no 编辑, no 补充说明) until it is reopened, but a draft
  left behind may still be signed or deleted by its author, and a crisis note still co-signed, so
  closing a case never strands a note half-way.

`allowed_note_actions` decides both what the note services accept and which buttons the editor
enables. A draft older than UNSIGNED_OVERDUE_DAYS shows on the Today board (`unsigned_overdue`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from counselroom.domain.cases.access import CaseAccess, is_lead, may_read_case, may_write_case
from counselroom.domain.cases.case_rules import CaseStatus
from counselroom.domain.roles import Actor, UserId

# A draft written more than this many calendar days ago is shown on the Today board. Three: a
# session written up the same week; a weekend does not make it look late on Monday morning.
UNSIGNED_OVERDUE_DAYS = 3


class NoteState(enum.StrEnum):
    DRAFT = "草稿"
    SIGNED = "已签名"  # signed, no co-signature needed
    AWAITING_COSIGN = "待会签"  # signed 危机评估, waiting for a lead
    COSIGNED = "已会签"  # signed and co-signed by a lead

    @property
    def signed(self) -> bool:
        return self is not NoteState.DRAFT


class NoteAction(enum.StrEnum):
    EDIT = "编辑"
    SIGN = "签名"
    DELETE_DRAFT = "删除草稿"
    ADD_ADDENDUM = "补充说明"
    COSIGN = "会签"


@dataclass(frozen=True)
class NoteSigning:
    """The facts of a note that decide what may happen to it (not its text).

    `template` is the note's template id; `needs_cosign` is copied from the template when the note
    is written, so a later edit of the template file never changes a note already kept."""

    template: str
    author_id: UserId
    signed_at: datetime | None = None
    cosigned_at: datetime | None = None
    needs_cosign: bool = False

    @property
    def state(self) -> NoteState:
        if self.signed_at is None:
            return NoteState.DRAFT
        if not self.needs_cosign:
            return NoteState.SIGNED
        return NoteState.AWAITING_COSIGN if self.cosigned_at is None else NoteState.COSIGNED


def allowed_note_actions(
    note: NoteSigning,
    actor: Actor,
    access: CaseAccess,
    now: datetime,
    *,
    case_status: CaseStatus = CaseStatus.OPEN,
) -> frozenset[NoteAction]:
    """What `actor` may do with `note` now (see the module's docstring). `access` is the note's
    case's (`CaseAccess.own(author)` for a group note); `now` keeps the shape of every
    allowed_actions — no note action depends on the hour yet."""
    if not may_read_case(actor, access):
        return frozenset()
    is_open = case_status is CaseStatus.OPEN
    if note.state is NoteState.DRAFT:
        return _draft_actions(note, actor, access, is_open=is_open)
    actions: set[NoteAction] = set()
    if is_open and may_write_case(actor, access):
        actions.add(NoteAction.ADD_ADDENDUM)
    if may_cosign(note, actor):
        actions.add(NoteAction.COSIGN)
    return frozenset(actions)


def _draft_actions(note: NoteSigning, actor: Actor, access: CaseAccess, *, is_open: bool) -> frozenset[NoteAction]:
    if actor.user_id != note.author_id or not may_write_case(actor, access):
        return frozenset()
    if is_open:
        return frozenset({NoteAction.EDIT, NoteAction.SIGN, NoteAction.DELETE_DRAFT})
    return frozenset({NoteAction.SIGN, NoteAction.DELETE_DRAFT})


def may_cosign(note: NoteSigning, actor: Actor) -> bool:
    """A lead, not the note's author, on a signed crisis note nobody has co-signed yet. Whether
    the lead may read the case is asked first by allowed_note_actions (a lead reads all)."""
    return note.state is NoteState.AWAITING_COSIGN and is_lead(actor) and actor.user_id != note.author_id


def unsigned_overdue(created_at: datetime, now: datetime, days: int = UNSIGNED_OVERDUE_DAYS) -> bool:
    """A draft begun more than `days` calendar days before today: a draft of Monday shows on the
    Today board from Friday (days=3), whatever the hour it was begun. Both times are local."""
    if days < 0:
        raise ValueError("days 不能为负数")
    return (now.date() - created_at.date()).days > days
