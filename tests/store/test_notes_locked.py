"""A signed 辅导记录 is locked in the care store itself (issue #10): whatever path writes, its text,
date, template and students stay as signed; only the lead's co-signature is added, once."""

from __future__ import annotations

import pytest

from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.store.connection import DatabaseError

STAMP = "2025-10-13T09:30:00"


def _signed_note(lead: Session) -> int:
    with lead.db.transaction() as conn:
        conn.execute(
            "INSERT INTO cases (id, student_id, reason, opened_on, opened_by, created_at, updated_at)"
            " VALUES (1, 1, '学习压力', '2025-10-13', 2, ?, ?)",
            (STAMP, STAMP),
        )
        conn.execute(
            "INSERT INTO notes (id, case_id, template, held_on, fields, author_id, created_at, updated_at)"
            " VALUES (1, 1, '危机评估', '2025-10-13', '{\"plan\": \"陪伴\"}', 2, ?, ?)",
            (STAMP, STAMP),
        )
        conn.execute("INSERT INTO note_students (note_id, student_id) VALUES (1, 1)")
        conn.execute("UPDATE notes SET signed_at = ?, signed_by = 2 WHERE id = 1", (STAMP,))
    return 1


@pytest.mark.parametrize(
    "write",
    [
        "UPDATE notes SET fields = '{}' WHERE id = 1",
        "UPDATE notes SET held_on = '2025-10-14' WHERE id = 1",
        "UPDATE notes SET template = '个别辅导' WHERE id = 1",
        "UPDATE notes SET signed_at = NULL WHERE id = 1",
        "DELETE FROM notes WHERE id = 1",
        "UPDATE note_students SET part = '改' WHERE note_id = 1",
        "DELETE FROM note_students WHERE note_id = 1",
        "INSERT INTO note_students (note_id, student_id) VALUES (1, 2)",
    ],
)
def test_no_write_changes_a_signed_note(sessions: dict[Role, Session], write: str) -> None:
    lead = sessions[Role.LEAD]
    _signed_note(lead)
    with pytest.raises(DatabaseError, match="已签名的辅导记录"), lead.db.transaction() as conn:
        conn.execute(write)


def test_the_co_signature_is_added_once_and_addenda_only_grow(sessions: dict[Role, Session]) -> None:
    lead = sessions[Role.LEAD]
    _signed_note(lead)
    with lead.db.transaction() as conn:
        conn.execute("UPDATE notes SET cosigned_at = ?, cosigned_by = 2 WHERE id = 1", (STAMP,))
        conn.execute("INSERT INTO note_addenda (note_id, text, author_id, added_at) VALUES (1, '补充', 2, ?)", (STAMP,))
    with pytest.raises(DatabaseError, match="已签名"), lead.db.transaction() as conn:
        conn.execute("UPDATE notes SET cosigned_by = 3 WHERE id = 1")
    with pytest.raises(DatabaseError, match="补充说明不能修改"), lead.db.transaction() as conn:
        conn.execute("UPDATE note_addenda SET text = '改' WHERE note_id = 1")
    with pytest.raises(DatabaseError, match="补充说明不能删除"), lead.db.transaction() as conn:
        conn.execute("DELETE FROM note_addenda WHERE note_id = 1")
