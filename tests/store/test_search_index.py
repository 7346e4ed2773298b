"""Chinese full-text search in the care store (issue #10 item 6): 1-, 2- and longer queries, Latin
and digits, no match across a boundary, filtering by case before the limit, removal, snippets."""

from __future__ import annotations

from datetime import datetime

import pytest

from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.store.cases import search_index, search_text
from counselroom.store.cases.search_index import SearchHit, SearchKind
from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_all, fetch_one

DOCS = {
    1: "该生近两周入睡困难，失眠多梦，白天上课注意力不集中。",
    2: "PHQ-9 得分 9分，建议两周后复评；与班主任沟通了作业安排。",
    3: "本次PHQ9总分19分。父母离异后随祖母生活，周末回家。",
    4: "睡眠情况有所改善，早醒次数减少。",
    5: "失眠。多梦的情况已好转。",  # 失眠 and 多梦 across punctuation: not the phrase 眠多
    6: "同学关系紧张，课间常独自一人。",
}


@pytest.fixture
def lead(sessions: dict[Role, Session]) -> Session:
    return sessions[Role.LEAD]


@pytest.fixture
def indexed(lead: Session) -> Connection:
    """Each document a note of its own case (case id = note id * 10), about student 100 + id."""
    with lead.db.transaction() as conn:
        for ref_id, text in DOCS.items():
            search_index.index_document(
                conn, SearchKind.NOTE, ref_id, text, case_id=ref_id * 10, student_id=100 + ref_id
            )
    return lead.db.conn


def _refs(hits: list[SearchHit]) -> set[int]:
    return {h.ref_id for h in hits}


def _find(conn: Connection, query: str, **kwargs: object) -> set[int]:
    options: dict[str, object] = {"case_ids": None, "limit": 50} | kwargs
    return _refs(search_index.search(conn, query, **options))  # type: ignore[arg-type]


def test_a_two_character_word_is_found_wherever_it_stands(indexed: Connection) -> None:
    assert _find(indexed, "失眠") == {1, 5}
    assert _find(indexed, "多梦") == {1, 5}
    assert _find(indexed, "同学") == {6}


def test_one_character_finds_it_inside_a_word_and_at_the_end_of_a_run(indexed: Connection) -> None:
    assert _find(indexed, "眠") == {1, 4, 5}  # 失眠多梦 (inside), 睡眠 (inside), 失眠。(last of a run)
    assert _find(indexed, "醒") == {4}  # 早醒次数: the second character of a bigram only
    assert _find(indexed, "鲸") == set()


def test_a_longer_phrase_matches_only_the_exact_string(indexed: Connection) -> None:
    assert _find(indexed, "失眠多梦") == {1}
    assert _find(indexed, "入睡困难") == {1}
    assert _find(indexed, "困难失眠") == set()  # the same bigrams' characters, not in that order
    assert _find(indexed, "父母离异后") == {3}


def test_no_match_across_punctuation_or_inside_a_number(indexed: Connection) -> None:
    assert _find(indexed, "眠多") == {1}  # 失眠多梦, never 失眠。多梦 (document 5)
    assert _find(indexed, "9分") == {2}  # not the 19分 of document 3
    assert _find(indexed, "1") == set()  # digits are whole words: no 19 for 1


def test_latin_and_digits_are_found_whatever_their_width_case_or_hyphen(indexed: Connection) -> None:
    assert _find(indexed, "PHQ9") == {2, 3}  # PHQ-9 and PHQ9
    assert _find(indexed, "phq-9") == {2, 3}
    assert _find(indexed, "ＰＨＱ９") == {2, 3}  # full width, as a Chinese IME types it
    assert _find(indexed, "19分") == {3}
    assert _find(indexed, "PHQ9总分") == {3}


def test_pieces_separated_by_spaces_must_all_match(indexed: Connection) -> None:
    assert _find(indexed, "失眠 困难") == {1}
    assert _find(indexed, "失眠　好转") == {5}  # a full-width space separates too
    assert _find(indexed, "。。 ？") == set()  # nothing searchable: no error, no hits


def test_only_the_cases_given_are_searched_even_past_the_limit(lead: Session) -> None:
    with lead.db.transaction() as conn:
        for ref_id in range(1, 41):  # 40 matching notes in 40 cases; the stronger matches outside
            text = "失眠" * (3 if ref_id <= 30 else 1) + "，睡前玩手机。"
            search_index.index_document(conn, SearchKind.NOTE, ref_id, text, case_id=ref_id, student_id=ref_id)
    hits = search_index.search(lead.db.conn, "失眠", case_ids={35, 36, 99}, limit=5)
    assert _refs(hits) == {35, 36}
    assert {h.case_id for h in hits} == {35, 36}
    assert search_index.search(lead.db.conn, "失眠", case_ids=[], limit=5) == []
    assert len(search_index.search(lead.db.conn, "失眠", case_ids=None, limit=5)) == 5


def test_the_most_recently_written_come_first(lead: Session) -> None:
    with lead.db.transaction() as conn:
        for ref_id in (1, 2, 3):
            search_index.index_document(conn, "note", ref_id, f"第{ref_id}次：偶有失眠", case_id=ref_id, student_id=1)
        search_index.index_document(conn, "note", 1, "第1次（改过）：偶有失眠", case_id=1, student_id=1)  # re-written
    assert [h.ref_id for h in search_index.search(lead.db.conn, "失眠", case_ids=None, limit=10)] == [1, 3, 2]
    assert [h.ref_id for h in search_index.search(lead.db.conn, "失眠", case_ids=[2, 3], limit=1)] == [3]


def test_group_notes_addenda_and_plans_are_filtered_by_what_the_caller_may_read(lead: Session) -> None:
    with lead.db.transaction() as conn:
        search_index.index_document(
            conn, "note", 7, "团体辅导：自我介绍，失眠话题", case_id=None, student_id=None, student_ids=[3, 1, 2]
        )
        search_index.index_document(conn, "addendum", 70, "补充：失眠者两人", case_id=None, student_id=None, note_id=7)
        search_index.index_document(conn, "addendum", 71, "补充：仍失眠", case_id=5, student_id=9, note_id=8)
        search_index.index_document(conn, "plan", 3, "一人一案：改善失眠", case_id=None, student_id=3)
        search_index.index_document(conn, "case", 5, "开案原因：失眠", case_id=5, student_id=9)
    conn = lead.db.conn
    assert _find(conn, "失眠", case_ids=[5]) == {71, 5}
    assert _find(conn, "失眠", case_ids=[], note_ids=[7]) == {7, 70}
    assert _find(conn, "失眠", case_ids=[], plan_students=[3]) == {3}
    assert _find(conn, "失眠", case_ids=[], plan_students=[9]) == set()  # student 9 has a case, not a plan
    group = next(h for h in search_index.search(conn, "自我介绍", case_ids=None, limit=5))
    assert (group.kind, group.student_id, group.student_ids) == (SearchKind.NOTE, None, (1, 2, 3))


def test_a_removed_document_is_gone_from_the_index_and_its_text_with_it(indexed: Connection, lead: Session) -> None:
    with lead.db.transaction() as conn:
        search_index.remove_document(conn, SearchKind.NOTE, 1)
    assert _find(indexed, "入睡困难") == set()
    assert _find(indexed, "失眠") == {5}
    left = fetch_one(
        indexed, "SELECT (SELECT count(*) FROM search_docs) AS docs, (SELECT count(*) FROM search_texts) AS texts"
    )
    assert (left["docs"], left["texts"]) == (len(DOCS) - 1, len(DOCS) - 1)  # type: ignore[index]


def test_indexing_again_replaces_the_document(indexed: Connection, lead: Session) -> None:
    with lead.db.transaction() as conn:
        search_index.index_document(conn, SearchKind.NOTE, 1, "今日情绪平稳。", case_id=10, student_id=101)
    assert _find(indexed, "失眠") == {5}
    assert _find(indexed, "平稳") == {1}


def test_a_deleted_draft_note_leaves_the_index(lead: Session) -> None:
    stamp = "2025-10-13T09:30:00"
    with lead.db.transaction() as conn:
        conn.execute(
            "INSERT INTO cases (id, student_id, reason, opened_on, opened_by, created_at, updated_at)"
            " VALUES (1, 1, '学习压力', '2025-10-13', 2, ?, ?)",
            (stamp, stamp),
        )
        conn.execute(
            "INSERT INTO notes (id, case_id, template, held_on, fields, author_id, created_at, updated_at)"
            " VALUES (4, 1, '个别辅导', '2025-10-13', '{}', 2, ?, ?)",
            (stamp, stamp),
        )
        search_index.index_document(conn, "note", 4, "草稿：考前焦虑", case_id=1, student_id=1)
        search_index.index_document(conn, "case", 1, "学习压力", case_id=1, student_id=1)
        conn.execute("DELETE FROM notes WHERE id = 4")
    assert _find(lead.db.conn, "焦虑") == set()
    assert _find(lead.db.conn, "压力") == {1}
    with lead.db.transaction() as conn:
        conn.execute("DELETE FROM cases WHERE id = 1")
    assert _find(lead.db.conn, "压力") == set()


@pytest.mark.parametrize(
    ("query", "case_id", "shown"),
    [
        ("失眠多梦", 10, "失眠多梦"),
        ("眠", 40, "眠"),
        ("phq9", 20, "PHQ-9"),
        ("phq9总分", 30, "PHQ9总分"),
        ("9分", 20, "9分"),
    ],
)
def test_the_snippet_shows_the_first_match_in_the_stored_text(
    indexed: Connection, query: str, case_id: int, shown: str
) -> None:
    [hit] = search_index.search(indexed, query, case_ids=[case_id], limit=5)
    assert shown in hit.snippet
    assert hit.snippet[hit.match_start : hit.match_end] == shown


def test_a_long_text_is_cut_around_the_match() -> None:
    text = "开头" * 50 + "\n重要：失眠\n" + "结尾" * 50
    span = search_text.first_match("失眠", text)
    shown, start, end = search_text.snippet(text, span)
    assert shown.startswith("…") and shown.endswith("…") and "\n" not in shown
    assert shown[start:end] == "失眠" and len(shown) <= 62


def test_the_query_text_stays_in_the_care_store(lead: Session) -> None:
    with lead.db.transaction() as conn:
        first = search_index.record_query(conn, 2, "某同学 自伤", datetime(2025, 10, 13, 9, 30))
        second = search_index.record_query(conn, 2, "失眠", datetime(2025, 10, 13, 9, 31))
    assert second == first + 1
    rows = fetch_all(lead.db.conn, "SELECT id, at, user_id, query FROM care.search_queries ORDER BY id")
    assert [(r["id"], r["at"], r["query"]) for r in rows] == [
        (first, "2025-10-13T09:30:00", "某同学 自伤"),
        (second, "2025-10-13T09:31:00", "失眠"),
    ]
    school_tables = {r["name"] for r in fetch_all(lead.db.conn, "SELECT name FROM main.sqlite_master")}
    assert not {"search_queries", "search_docs", "search_index"} & school_tables
