"""The store side of 个案 and 辅导记录: rows in, rows out, in the care store only."""

from __future__ import annotations

from datetime import date

import pytest

from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.store.cases import cases, notes
from counselroom.store.connection import DatabaseError
from tests.conftest import FIXED_NOW


def test_a_case_with_people_history_and_a_signed_note_with_an_addendum(sessions: dict[Role, Session]) -> None:
    lead = sessions[Role.LEAD]
    with lead.db.transaction() as conn:
        case_id = cases.insert_case(
            conn, student_id=1, reason="考试焦虑", issue_types=["学业", "情绪"], opened_on=date(2025, 10, 13),
            opened_by=2, now=FIXED_NOW,
        )  # fmt: skip
        cases.set_person(conn, case_id, 3, cases.ASSIGNED, by=2, now=FIXED_NOW)
        cases.add_event(conn, case_id, by=2, action="开案", now=FIXED_NOW)
        note_id = notes.insert_draft(
            conn, case_id=case_id, template="individual", needs_cosign=False, held_on=date(2025, 10, 13), fields={"情况": "睡眠差"},
            author_id=3, students=[notes.NoteStudent(1, "")], now=FIXED_NOW,
        )  # fmt: skip
        notes.sign(conn, note_id, by=3, now=FIXED_NOW)
        notes.add_addendum(conn, note_id, "补记：家长已知情", author_id=3, now=FIXED_NOW)
    conn = lead.db.conn
    found = cases.get_case(conn, case_id)
    assert found is not None and found.issue_types == ("学业", "情绪") and found.status == "进行中"
    assert [p.user_id for p in cases.people(conn, case_id)] == [3] and cases.case_ids_of_user(conn, 3) == {case_id}
    note = notes.get_note(conn, note_id)
    assert note is not None and note.fields == {"情况": "睡眠差"} and note.signed_by == 3
    assert [a.text for a in notes.addenda_of(conn, note_id)] == ["补记：家长已知情"]
    # The store's own draft writer cannot reach a signed note either: the care store refuses.
    with pytest.raises(DatabaseError, match="已签名"), lead.db.transaction() as tx:
        notes.update_draft(tx, note_id, held_on=date(2025, 10, 1), fields={"情况": "改"}, students=[], now=FIXED_NOW)
    assert notes.get_note(conn, note_id) == note and len(notes.students_of(conn, note_id)) == 1


def test_the_school_store_has_no_case_table(sessions: dict[Role, Session]) -> None:
    principal = sessions[Role.PRINCIPAL]
    with pytest.raises(DatabaseError, match="no such table"):
        cases.all_cases(principal.db.conn)
