"""检索心理档案 (issue #10 item 6) through the service: each hit from a record the user may read
(per-record rows: assigned, shared, neither, lead, principal, admin), 2-character words and phrases,
every search audited without its text, and the index following each write in its transaction."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from counselroom.domain.errors import AccessDenied, ValidationError
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.care import mentoring
from counselroom.services.cases import cases, notes, plan_reviews
from counselroom.services.cases.search import CareSearchHit, search_care_texts
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.services.case_data import counselors_case
from tests.services.case_people import per_record_people
from tests.services.test_cases import _second_counselor

DAY = date(2025, 10, 13)
NOTE = {"topic": "考试焦虑", "process": "近两周入睡困难，偶有失眠，第二天上课犯困", "next_step": "一周后再约"}


def _find(s: Session, query: str) -> list[CareSearchHit]:
    return search_care_texts(s.db, s.actor, query, now=FIXED_NOW)


def _seen(hits: list[CareSearchHit]) -> set[tuple[str, str]]:
    return {(h.kind, h.title) for h in hits}


def _signed_note(sessions: dict[Role, Session]) -> tuple[int, int]:
    case_id = counselors_case(sessions)  # reason: 考试前失眠，上课注意力不集中
    c = sessions[Role.COUNSELOR]
    note_id = notes.start_note(
        c.db, c.actor, case_id, template_id="individual", held_on=DAY, fields=NOTE, now=FIXED_NOW
    )
    notes.sign_note(c.db, c.actor, note_id, now=FIXED_NOW)
    return case_id, note_id


@pytest.fixture
def people(school: SchoolFixture, sessions: dict[Role, Session]) -> Iterator[dict[str, Session]]:
    """The per-record rows on one case with one signed note: assigned, shared, neither, lead,
    principal, admin."""
    case_id, _note_id = _signed_note(sessions)
    with per_record_people(school, sessions, case_id) as people:
        yield people


FINDS = {("辅导记录", "个别辅导 2025-10-13"), ("个案", "个案：开案原因")}


@pytest.mark.parametrize(
    ("who", "expected"),
    [("assigned", FINDS), ("shared", FINDS), ("neither", set()), ("lead", FINDS), ("principal", None), ("admin", None)],
)
def test_each_person_finds_only_what_they_may_read(
    people: dict[str, Session], who: str, expected: set[tuple[str, str]] | None
) -> None:
    s = people[who]
    if expected is None:
        with pytest.raises(AccessDenied):
            _find(s, "失眠")
        assert _searches(people["admin"]) == 0
        return
    hits = _find(s, "失眠")
    assert _seen(hits) == expected
    assert {h.student_name for h in hits} <= {"张晓明"}
    assert _searches(people["admin"]) == 1  # the empty answer is audited too


def _searches(admin: Session) -> int:
    return int(admin.db.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'notes_searched'").fetchone()[0])


def test_a_two_character_word_and_a_phrase_are_found_with_the_match_marked(sessions: dict[Role, Session]) -> None:
    _signed_note(sessions)
    c = sessions[Role.COUNSELOR]
    for query in ("失眠", "入睡困难", "上课注意力不集中", "犯困"):
        hits = _find(c, query)
        assert hits, query
        for hit in hits:
            assert hit.snippet[hit.match_start : hit.match_end] == query
    note = next(h for h in _find(c, "失眠") if h.kind == "辅导记录")
    assert note.note_id is not None and note.case_id is not None and note.student_id == 1
    assert "辅导过程：" in note.snippet  # the template's label, as the note reads
    assert _find(c, "注意力上课") == []  # a phrase matches only in its order
    assert _seen(_find(c, "失眠 一周后")) == {("辅导记录", "个别辅导 2025-10-13")}  # both pieces


def test_the_audit_row_names_the_stored_query_and_the_count_never_the_text(sessions: dict[Role, Session]) -> None:
    _signed_note(sessions)
    c, lead = sessions[Role.COUNSELOR], sessions[Role.LEAD]
    hits = _find(c, "入睡困难")
    row = lead.db.conn.execute(
        "SELECT * FROM audit_log WHERE action = 'notes_searched' ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    assert row is not None and "入睡困难" not in repr(tuple(row))
    everything = repr(lead.db.conn.execute("SELECT * FROM audit_log").fetchall())
    assert "入睡困难" not in everything
    columns = [d[0] for d in lead.db.conn.execute("SELECT * FROM audit_log LIMIT 0").description]
    audit = dict(zip(columns, row, strict=True))
    assert audit["object_type"] == "search_query" and audit["detail"] == f"{len(hits)} 条结果"
    stored = lead.db.conn.execute(
        "SELECT query, user_id FROM care.search_queries WHERE id = ?", (int(audit["object_id"]),)
    ).fetchone()
    assert tuple(stored) == ("入睡困难", int(c.actor.user_id))


def test_blank_overlong_and_punctuation_only_queries_are_refused_in_chinese(sessions: dict[Role, Session]) -> None:
    counselors_case(sessions)
    c = sessions[Role.COUNSELOR]
    with pytest.raises(ValidationError, match="请输入要检索的文字"):
        _find(c, "  ")
    with pytest.raises(ValidationError, match="检索内容太长（101 字）"):
        _find(c, "失" * 101)
    with pytest.raises(ValidationError, match="没有汉字、字母或数字"):
        _find(c, "？！")


def test_the_index_follows_drafts_signing_addenda_and_deletion(sessions: dict[Role, Session]) -> None:
    case_id = counselors_case(sessions)
    c = sessions[Role.COUNSELOR]
    note_id = notes.start_note(
        c.db, c.actor, case_id, template_id="individual", held_on=DAY, fields={"topic": "作息混乱"}, now=FIXED_NOW
    )
    assert _seen(_find(c, "作息")) == {("辅导记录", "个别辅导 2025-10-13（草稿）")}
    notes.save_draft(c.db, c.actor, note_id, held_on=DAY, fields=NOTE, now=FIXED_NOW)
    assert _find(c, "作息") == [] and _find(c, "犯困")
    notes.sign_note(c.db, c.actor, note_id, now=FIXED_NOW)
    assert _seen(_find(c, "犯困")) == {("辅导记录", "个别辅导 2025-10-13")}
    notes.add_addendum(c.db, c.actor, note_id, "补记：已与家长电话沟通", now=FIXED_NOW)
    assert _seen(_find(c, "电话沟通")) == {("补充说明", "个别辅导 2025-10-13 的补充说明")}
    draft = notes.start_note(
        c.db, c.actor, case_id, template_id="individual", held_on=DAY, fields={"topic": "周末回家"}, now=FIXED_NOW
    )
    assert _find(c, "周末回家")
    notes.delete_draft(c.db, c.actor, draft, now=FIXED_NOW)
    assert _find(c, "周末回家") == []


def test_the_index_follows_the_case_close_reopen_and_next_step(sessions: dict[Role, Session]) -> None:
    case_id = counselors_case(sessions)
    c = sessions[Role.COUNSELOR]
    cases.set_next_step(c.db, c.actor, case_id, "下周与班主任沟通", now=FIXED_NOW)
    assert _seen(_find(c, "班主任")) == {("个案", "个案：下一步")}
    cases.close_case(c.db, c.actor, case_id, summary="睡眠改善，已恢复正常学习", now=FIXED_NOW)
    assert _seen(_find(c, "睡眠改善")) == {("个案", "个案：结案小结")}
    cases.reopen_case(c.db, c.actor, case_id, reason="期中考试前再次失眠", now=FIXED_NOW)
    assert _seen(_find(c, "睡眠改善")) == {("个案", "个案：结案小结")}  # kept for history, as the case shows it
    assert _seen(_find(c, "再次失眠")) == {("个案", "个案：重新开案原因")}


def test_a_group_note_is_found_by_its_author_and_the_lead_only(
    school: SchoolFixture, sessions: dict[Role, Session]
) -> None:
    counselors_case(sessions)
    c, lead = sessions[Role.COUNSELOR], sessions[Role.LEAD]
    notes.start_group_note(
        c.db, c.actor, template_id="group", held_on=DAY, fields={"theme": "考前放松训练"},
        student_parts={1: "练习时较投入", 2: "中途离开一次"}, now=FIXED_NOW,
    )  # fmt: skip
    for s in (c, lead):
        (hit,) = _find(s, "放松训练")
        assert (hit.kind, hit.case_id, hit.student_id, hit.student_name) == ("辅导记录", None, 1, "张晓明等 2 名学生")
        assert hit.title == "团体辅导 2025-10-13（草稿）"
    assert _find(c, "中途离开")  # a student's own part is in the author's index too
    other = _second_counselor(school, sessions)
    try:
        assert _find(other, "放松训练") == []
    finally:
        other.db.close()


def test_plans_and_their_reviews_are_found_by_whoever_reads_plans(
    school: SchoolFixture, sessions: dict[Role, Session]
) -> None:
    counselors_case(sessions)
    c = sessions[Role.COUNSELOR]
    mentoring.save_care_plan(
        c.db, c.actor, 4, goals="建立规律作息", measures="每周一次个别辅导，班主任留意出勤", now=FIXED_NOW
    )
    (hit,) = _find(c, "规律作息")
    assert (hit.kind, hit.title, hit.student_name, hit.case_id) == ("一人一案", "一人一案：帮扶目标", "陈思琪", None)
    plan_reviews.review_plan(
        c.db, c.actor, 4, reviewed_on=DAY, what_worked="晚自习后能按时休息，出勤正常", changes="辅导改为两周一次",
        next_review=date(2025, 11, 10), goals="保持规律作息", measures="两周一次个别辅导", now=FIXED_NOW,
    )  # fmt: skip
    assert _seen(_find(c, "按时休息")) == {("一人一案", "一人一案复查 2025-10-13")}
    assert _seen(_find(c, "两周一次")) == {("一人一案", "一人一案：帮扶措施")}  # the first match decides
    # Plans are read by every counselor holding the care key (the student file): so is search.
    other = _second_counselor(school, sessions)
    try:
        assert _seen(_find(other, "按时休息")) == {("一人一案", "一人一案复查 2025-10-13")}
    finally:
        other.db.close()


def test_check_finds_the_index_sound_merges_it_and_reports_damage(sessions: dict[Role, Session]) -> None:
    from counselroom.services.accounts import integrity

    _signed_note(sessions)
    lead = sessions[Role.LEAD]
    report = integrity.check_database(lead.db, lead.actor, now=FIXED_NOW)
    assert report.ok, report.problems
    assert _seen(_find(lead, "失眠")) == FINDS  # still found after 'optimize'
    lead.db.conn.execute("DELETE FROM care.search_index_data WHERE id > 10")  # a damaged index: its leaf pages lost
    report = integrity.check_database(lead.db, lead.actor, now=FIXED_NOW)
    assert any("全文检索索引有问题" in p for p in report.problems)
