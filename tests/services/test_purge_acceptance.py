"""Issue #14's last acceptance check: after a purge, decrypted copies of both stores and their
journal files contain none of the purged student's strings (SECURITY.md 25).

The demo school; a student with a case, notes, an attachment, a warning, a referral, talks, a home
visit, a group note, a draft and a search for their name (tests/services/retention_data.py) leaves,
and three years later the lead purges them. Every page of both files is decrypted (free pages and
the unused space of pages too: what a row walk or sqlcipher_export would never see), every row of
every table is read, and the rollback journals are read while the purge's transaction is open.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from counselroom.domain.audit import AuditAction
from counselroom.services.activities import talks
from counselroom.services.backup import purge, retention
from counselroom.services.cases import notes
from counselroom.services.cases.search import search_care_texts
from counselroom.store import care_counts
from counselroom.store.cases import search_index
from counselroom.store.connection import foreign_key_problems, run_health_checks
from counselroom.store.crisis import incident_status
from counselroom.store.retention.pseudonym import student_pseudonym
from counselroom.store.retention.purge_rows import REMOVED
from counselroom.store.retention.purge_scope import KEPT_STUDENT_COLUMNS
from tests.canary import encoded_forms
from tests.conftest import FIXED_NOW
from tests.demo_school import Demo, make_demo
from tests.services.retention_data import LATER, LEFT_ON, Leaver, prepare_leaver
from tests.store.test_security_design import decrypted_pages

JOURNALS = ("-journal", "-wal", "-shm")


@dataclass(frozen=True)
class Purged:
    demo: Demo
    leaver: Leaver
    school_key: bytes
    care_key: bytes
    pages_before: bytes
    rows_before: bytes
    journals_during: dict[str, bytes]
    pseudonym: str
    summary: str


def _pages(path: Path, key: bytes) -> bytes:
    return b"".join(decrypted_pages(path, key))


def _rows(conn: object) -> bytes:
    """Every text and blob in every table of both stores, as bytes."""
    found = []
    for schema in ("main", "care"):
        tables = conn.execute(  # type: ignore[attr-defined]
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND name <> 'search_index'"
        ).fetchall()
        for (table,) in tables:
            for row in conn.execute(f'SELECT * FROM {schema}."{table}"'):  # type: ignore[attr-defined]
                for value in row:
                    if isinstance(value, str):
                        found.append(value.encode())
                    elif isinstance(value, bytes):
                        found.append(value)
    return b"\x00".join(found)


def _journals(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.name.endswith(JOURNALS) or "-mj" in p.name}


@pytest.fixture(scope="module")
def purged(tmp_path_factory: pytest.TempPathFactory) -> Purged:
    demo = make_demo(tmp_path_factory.mktemp("purge") / "school.db")
    with demo.session("lead") as lead:
        leaver = prepare_leaver(lead)
    with demo.session("lead", now=LATER) as lead:
        db = lead.db
        school_key, care_key = db.key, db.care_key
        pages_before = _pages(db.path, school_key) + _pages(db.care_path, care_key)
        rows_before = _rows(db.conn)
        pseudonym = student_pseudonym(db.conn, leaver.student_id)
        during: dict[str, bytes] = {}

        def spy(done: int, total: int) -> None:
            if done == 2:  # both students deleted, the transaction not yet committed
                during.update(_journals(db.path.parent))

        changes = purge.purge_students(
            db, lead.actor, [leaver.student_id, leaver.other_leaver], now=LATER, progress=spy
        )
    return Purged(demo, leaver, school_key, care_key, pages_before, rows_before, during, pseudonym, changes.summary)


def _found(data: bytes, words: tuple[str, ...]) -> list[str]:
    return [w for w in words if any(form in data for form in encoded_forms(w))]


def test_the_student_was_in_both_stores_before(purged: Purged) -> None:
    """The checks below can fail: every word was there, in the pages and in the rows."""
    assert _found(purged.pages_before, purged.leaver.words) == list(purged.leaver.words)
    row_words = tuple(w for w in purged.leaver.words if w != "qqpurgedtoken")  # an index term, not a value
    assert _found(purged.rows_before, row_words) == list(row_words)


def test_no_page_of_either_decrypted_store_holds_the_student(purged: Purged) -> None:
    db_path = purged.demo.path
    care_path = db_path.with_name("school.care.db")
    after = _pages(db_path, purged.school_key) + _pages(care_path, purged.care_key)
    assert _found(after, purged.leaver.words) == []


def test_no_row_of_either_store_holds_the_student(purged: Purged) -> None:
    with purged.demo.session("lead", now=LATER) as lead:
        assert _found(_rows(lead.db.conn), purged.leaver.words) == []


def test_the_journals_hold_no_plain_text_and_are_gone(purged: Purged) -> None:
    during = purged.journals_during
    assert {"school.db-journal", "school.care.db-journal"} <= set(during), "the purge ran in one open transaction"
    assert all(len(data) > 4096 for data in during.values())
    assert _found(b"".join(during.values()), purged.leaver.words) == []
    assert _journals(purged.demo.path.parent) == {}


def test_no_column_naming_a_student_still_points_at_them(purged: Purged) -> None:
    gone = {purged.leaver.student_id, purged.leaver.other_leaver}
    with purged.demo.session("lead", now=LATER) as lead:
        conn = lead.db.conn
        for schema in ("main", "care"):
            for (table,) in conn.execute(f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'"):
                for column in conn.execute(f"PRAGMA {schema}.table_info('{table}')").fetchall():
                    name = column[1]
                    if not name.endswith("student_id") or (schema, table, name) in KEPT_STUDENT_COLUMNS:
                        continue
                    left = conn.execute(
                        f'SELECT count(*) FROM {schema}."{table}" WHERE {name} IN ({", ".join("?" * len(gone))})',
                        tuple(gone),
                    ).fetchone()[0]
                    assert left == 0, f"{schema}.{table}.{name} still names a purged student"
        assert conn.execute("SELECT count(*) FROM students WHERE id IN (?, ?)", tuple(gone)).fetchone()[0] == 0


def test_the_stores_stay_sound_and_the_principals_counts_match(purged: Purged) -> None:
    with purged.demo.session("lead", now=LATER) as lead:
        conn = lead.db.conn
        assert care_counts.differences(conn) == []
        assert incident_status.differences(conn) == []
        assert run_health_checks(conn, lead.db.path, full=True) == []
        assert run_health_checks(conn, lead.db.care_path, full=True, schema="care") == []
        assert foreign_key_problems(conn) == []
        assert search_index.index_problems(conn) == []
        for trigger in ("notes_signed_are_kept", "note_addenda_kept", "incident_events_kept"):
            assert conn.execute("SELECT 1 FROM care.sqlite_master WHERE name = ?", (trigger,)).fetchone()


def test_what_is_shared_with_a_classmate_stays_for_them_without_the_student(purged: Purged) -> None:
    leaver = purged.leaver
    with purged.demo.session("lead", now=LATER) as lead:
        db, actor = lead.db, lead.actor
        note = notes.open_note(db, actor, leaver.group_note, now=LATER)
        assert REMOVED in note.fields["process"]
        parts = db.conn.execute("SELECT student_id FROM note_students WHERE note_id = ?", (leaver.group_note,))
        assert [r[0] for r in parts] == [leaver.classmate]
        kept = {
            t.id: t
            for t in talks.list_talks(
                db, actor, start=LEFT_ON.replace(year=2025, month=1, day=1), end=LEFT_ON, now=LATER
            )
        }
        assert [s.id for s in kept[leaver.shared_talk].students] == [leaver.classmate]
        assert REMOVED in kept[leaver.shared_talk].topic
        assert kept[leaver.peer_talk].talker == REMOVED  # the 心理委员 who talked with the classmate
        assert search_care_texts(db, actor, "萤火虫", now=LATER) == []  # the student's part left the index
        assert [h.note_id for h in search_care_texts(db, actor, "耐心听完", now=LATER)] == [leaver.group_note]


def test_one_count_only_audit_row_per_student_with_a_pseudonym(purged: Purged) -> None:
    with purged.demo.session("lead", now=LATER) as lead:
        rows = lead.db.conn.execute(
            "SELECT object_type, object_id, reason, detail FROM audit_log WHERE action = ?", (AuditAction.PURGE.value,)
        ).fetchall()
    assert len(rows) == 2
    assert {r[0] for r in rows} == {"purged_student"}
    assert purged.pseudonym in {r[1] for r in rows}
    assert str(purged.leaver.student_id) not in {r[1] for r in rows}
    text = json.dumps(rows, ensure_ascii=False)
    assert _found(text.encode(), purged.leaver.words) == []
    assert all("学校数据" in r[3] and "心理档案" in r[3] for r in rows)
    assert "已清除 2 名学生" in purged.summary and "未完成" not in purged.summary  # both files vacuumed


def test_the_student_is_no_longer_due_and_cannot_be_purged_again(purged: Purged) -> None:
    with purged.demo.session("lead", now=LATER) as lead:
        due = retention.students_due(lead.db, lead.actor, now=LATER)
        assert purged.leaver.student_id not in {s.student_id for s in due.students}
        with pytest.raises(Exception, match="不在到期名单中"):
            purge.purge_students(lead.db, lead.actor, [purged.leaver.student_id], now=LATER)
    assert FIXED_NOW < LATER
