"""The pieces of a purge (store/retention): the search index forgets a deleted document's words only
when merged, a purged student's id is never given again, the guard triggers come back as they were,
and a name is taken out of a JSON text without breaking it."""

from __future__ import annotations

import json

import pytest

from counselroom.store.cases import search_index
from counselroom.store.connection import DatabaseError
from counselroom.store.retention import after_purge, purge_rows, purge_scope
from counselroom.store.students import enrolment, enrolment_sync
from tests.conftest import SchoolFixture
from tests.full_access import both_stores
from tests.school_data import add_small_school
from tests.store.test_security_design import decrypted_pages


def test_a_deleted_documents_words_leave_the_index_only_when_it_is_merged(school: SchoolFixture) -> None:
    lead = school.sign_in("lead")
    try:
        db = lead.db

        def in_pages() -> bool:
            return any(b"qqmergedaway" in page for page in decrypted_pages(db.care_path, db.care_key))

        with db.transaction() as conn:
            search_index.index_document(conn, "note", 4242, "zzqqmergedaway 话题", case_id=None, student_id=None)
        with db.transaction() as conn:
            search_index.remove_document(conn, "note", 4242)
        assert in_pages(), "FTS5 keeps a deleted row's words in its segment until a merge"
        with db.transaction() as conn:
            after_purge.merge_search_index(conn)
        assert not in_pages()
    finally:
        db.close()


def test_a_purged_students_id_is_never_given_again(school: SchoolFixture) -> None:
    add_small_school(school.admin)
    with both_stores(school.admin) as db, db.transaction() as conn:
        assert enrolment_sync.next_student_id(conn) == 7
        purge_scope.mark(conn, [6])
        purge_rows.delete_marked(conn, ())
        purge_scope.clear(conn)
        assert enrolment_sync.next_student_id(conn) == 7  # not 6, now the highest left
        row = (6, "2023101009", "新同学", "男", None, None, "在读", None, "2025-09-01", "2025-09-01")
        with pytest.raises(DatabaseError, match="已清除的学生"):
            enrolment.insert_students(conn, [row])
        enrolment.insert_students(conn, [(7, *row[1:])])


def test_the_guard_triggers_come_back_word_for_word(school: SchoolFixture) -> None:
    with both_stores(school.admin) as db, db.transaction() as conn:
        before = conn.execute(
            "SELECT name, sql FROM care.sqlite_master WHERE type = 'trigger' ORDER BY name"
        ).fetchall()
        guards = purge_rows.suspend_guards(conn)
        assert {g.name for g in guards} >= {"notes_signed_are_kept", "incident_events_kept"}
        assert "audit_log_no_delete" not in {g.name for g in guards}
        purge_rows.restore_guards(conn, guards)
        after = conn.execute("SELECT name, sql FROM care.sqlite_master WHERE type = 'trigger' ORDER BY name").fetchall()
    assert after == before


def test_a_name_leaves_json_text_as_valid_json() -> None:
    fields = json.dumps({"process": '和=HYPERLINK("x")一起', "theme": "张晓明的\\发言"}, ensure_ascii=False)
    scrubbed = purge_rows.scrub(fields, ('=HYPERLINK("x")', "张晓明", "\\"), is_json=True)
    assert json.loads(str(scrubbed)) == {
        "process": f"和{purge_rows.REMOVED}一起",
        "theme": f"{purge_rows.REMOVED}的{purge_rows.REMOVED}发言",
    }
