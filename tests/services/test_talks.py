"""六谈 through the services: one talk and a whole class at once (one call, one transaction), the
row a bad entry names with nothing saved, who may talk in each category, deletion rights (the
recorder or the lead), the 活动记录表's tally against counts made here from the entries, follow-up
proposals on 今日 with source 谈心谈话, and audit rows that carry ids and action words only."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from counselroom.domain.activities.talks import TalkCategory, TalkerKind
from counselroom.domain.errors import AccessDenied, NotFound, ValidationError
from counselroom.domain.roles import Role
from counselroom.services.accounts import care_access
from counselroom.services.accounts.session import Session
from counselroom.services.activities import talks
from counselroom.services.activities.talks import TalkInput
from counselroom.services.care import proposals
from counselroom.services.registry import build_registry
from counselroom.services.students import timeline
from counselroom.store.database import Database
from counselroom.store.students import enrolment
from tests.conftest import FIXED_NOW, PASSWORD, SchoolFixture
from tests.full_access import both_stores
from tests.services.activity_care_data import LONG_AGO, TODAY, care_school, counselors_talk, talk_input
from tests.services.matrix_care_access import colleague_with_own_password

WEEK_AGO = TODAY - timedelta(days=7)


def _all(s: Session) -> list[talks.Talk]:
    return talks.list_talks(s.db, s.actor, start=LONG_AGO, end=TODAY, now=FIXED_NOW)


def _big_class(sessions: dict[Role, Session], size: int = 40) -> tuple[int, list[int]]:
    """初一(2)班 with `size` students at school (ids from 101)."""
    care_school(sessions)
    ids = list(range(101, 101 + size))
    with both_stores(sessions[Role.ADMIN]) as db, db.transaction() as conn:
        grade = conn.execute("SELECT id FROM grades WHERE name = '初一'").fetchone()[0]
        class_id = enrolment.insert_class(conn, grade_id=grade, number=2, name="初一(2)班", head_teacher_id=None)
        enrolment.insert_students(
            conn,
            [
                (i, f"20252020{i}", f"学生{i}", "男" if i % 2 else "女", None, class_id, "在读", "2025-09-01",
                 "2025-09-01", "2025-09-01")
                for i in ids
            ],
        )  # fmt: skip
    return class_id, ids


@contextmanager
def _counted_transactions(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    calls: list[int] = []
    original = Database.transaction

    def counting(self: Database) -> Any:
        calls.append(1)
        return original(self)

    monkeypatch.setattr(Database, "transaction", counting)
    yield calls


def _audit_rows(s: Session) -> list[tuple[str, ...]]:
    rows = s.db.conn.execute("SELECT action, object_type, object_id, reason, detail FROM audit_log").fetchall()
    return [tuple(str(v) for v in r) for r in rows]


def test_a_talk_is_listed_with_its_talker_students_and_recorder(sessions: dict[Role, Session]) -> None:
    ids = care_school(sessions)
    c = sessions[Role.COUNSELOR]
    entry = talk_input(sessions, student_ids=(1, 2, 3), topic="班级人际关系")
    changes = talks.record_talks(c.db, c.actor, [entry], now=FIXED_NOW)
    assert changes.summary == "已记录 1 次谈话"
    [talk] = _all(c)
    assert (talk.category, talk.talker_kind, talk.talker) == (TalkCategory.HEAD_TEACHER, TalkerKind.STAFF, "周老师")
    assert [s.name for s in talk.students] == ["张晓明", "李雨涵", "王子轩"]
    assert talk.students[0].class_name == "初一(1)班" and talk.topic == "班级人际关系"
    assert talk.recorded_by == "王老师" and not talk.follow_up
    assert _all(sessions[Role.LEAD]) == [talk]
    assert talks.list_talks(c.db, c.actor, start=LONG_AGO, end=TODAY, class_id=ids["class"], now=FIXED_NOW) == [talk]
    assert talks.list_talks(c.db, c.actor, start=LONG_AGO, end=TODAY, category=TalkCategory.PEER, now=FIXED_NOW) == []
    assert talks.list_talks(c.db, c.actor, start=TODAY, end=TODAY, now=FIXED_NOW) == []  # held three days ago


def test_forty_talks_for_a_class_are_one_call_and_one_transaction(
    sessions: dict[Role, Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    class_id, ids = _big_class(sessions)
    c = sessions[Role.COUNSELOR]
    entries = [talk_input(sessions, student_ids=(i,), topic="开学适应") for i in ids]
    with _counted_transactions(monkeypatch) as calls:
        changes = talks.record_talks(c.db, c.actor, entries, now=FIXED_NOW)
    assert calls == [1] and changes.summary == "已记录 40 次谈话"
    found = talks.list_talks(c.db, c.actor, start=LONG_AGO, end=TODAY, class_id=class_id, now=FIXED_NOW)
    assert sorted(s.id for t in found for s in t.students) == ids
    batches = c.db.conn.execute("SELECT count(DISTINCT batch), count(*) FROM talks").fetchone()
    assert tuple(batches) == (1, 40)  # one batch number shared


def test_a_bad_seventeenth_row_names_row_17_and_nothing_is_saved(sessions: dict[Role, Session]) -> None:
    _class_id, ids = _big_class(sessions)
    c = sessions[Role.COUNSELOR]
    entries = [talk_input(sessions, student_ids=(i,)) for i in ids]
    entries[16] = replace(entries[16], held_on=TODAY + timedelta(days=1))
    audit_before = _audit_rows(c)
    with pytest.raises(ValidationError) as raised:
        talks.record_talks(c.db, c.actor, entries, now=FIXED_NOW)
    assert raised.value.row == 17 and str(raised.value).startswith("第 17 行")
    assert "不能晚于今天" in str(raised.value)
    assert _all(c) == [] and _audit_rows(c) == audit_before
    assert c.db.conn.execute("SELECT count(*) FROM talk_students").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"talker_staff_id": None}, "在职教职工"),
        ({"talker_staff_id": 999}, "在职教职工"),
        ({"category": TalkCategory.PEER, "talker_staff_id": None, "talker_student_id": 3}, "现任心理委员"),
        ({"category": TalkCategory.PEER, "talker_student_id": 1}, "现任心理委员"),  # a staff talker besides
        ({"category": TalkCategory.PEER, "talker_staff_id": None, "talker_student_id": 2}, "与自己谈话"),
        ({"category": TalkCategory.GUARDIAN, "talker_staff_id": None}, "家长姓名"),
        ({"category": TalkCategory.GUARDIAN, "talker_staff_id": None, "talker_name": "  "}, "家长姓名"),
        ({"student_ids": ()}, "请选择学生"),
        ({"student_ids": (2, 999)}, "在籍名单"),
        ({"held_on": date(2024, 12, 31)}, "入学年份（2025 年）"),
        ({"topic": "很" * 101}, "100 字以内"),
        ({"category": "心理老师深入谈"}, "谈话类别请选择"),
    ],
)
def test_each_rule_names_its_field(sessions: dict[Role, Session], changes: dict[str, object], words: str) -> None:
    c = sessions[Role.COUNSELOR]
    good = talk_input(sessions, held_on=WEEK_AGO)
    with pytest.raises(ValidationError, match=words) as raised:
        talks.record_talks(c.db, c.actor, [good, talk_input(sessions, **changes)], now=FIXED_NOW)
    assert raised.value.row == 2
    assert _all(c) == []


def test_a_student_who_left_cannot_be_talked_with(sessions: dict[Role, Session]) -> None:
    care_school(sessions)
    with both_stores(sessions[Role.ADMIN]) as db, db.transaction() as conn:
        conn.execute("UPDATE students SET status = '转出' WHERE id = 3")
    c = sessions[Role.COUNSELOR]
    with pytest.raises(ValidationError, match="在籍名单"):
        talks.record_talks(c.db, c.actor, [talk_input(sessions, student_ids=(3,))], now=FIXED_NOW)


def test_peer_and_guardian_talkers(sessions: dict[Role, Session]) -> None:
    care_school(sessions)
    c = sessions[Role.COUNSELOR]
    peer = talk_input(sessions, category=TalkCategory.PEER, talker_staff_id=None, talker_student_id=1, student_ids=(3,))
    mother = talk_input(
        sessions, category=TalkCategory.GUARDIAN, talker_staff_id=None, talker_name="王XX（母亲）", student_ids=(3,)
    )
    talks.record_talks(c.db, c.actor, [peer, mother], now=FIXED_NOW)
    found = {t.category: t for t in _all(c)}
    assert (found[TalkCategory.PEER].talker_kind, found[TalkCategory.PEER].talker) == (TalkerKind.PEER, "张晓明")
    assert (found[TalkCategory.GUARDIAN].talker, found[TalkCategory.GUARDIAN].talker_kind) == (
        "王XX（母亲）",
        TalkerKind.GUARDIAN,
    )


def _entries_for_tally(sessions: dict[Role, Session]) -> list[TalkInput]:
    ids = care_school(sessions)
    head, teacher = ids["head_teacher"], ids["teacher"]
    return [
        talk_input(sessions, student_ids=(1, 2)),  # 周老师 with two students: one talk
        talk_input(sessions, student_ids=(2,)),
        talk_input(sessions, student_ids=(3,), held_on=TODAY - timedelta(days=40)),
        talk_input(sessions, category=TalkCategory.TEACHER, talker_staff_id=teacher, student_ids=(4,)),
        talk_input(sessions, category=TalkCategory.TEACHER, talker_staff_id=head, student_ids=(4, 5)),
        talk_input(sessions, category=TalkCategory.PEER, talker_staff_id=None, talker_student_id=1, student_ids=(3,)),
        talk_input(sessions, category=TalkCategory.PEER, talker_staff_id=None, talker_student_id=2, student_ids=(3,)),
        talk_input(
            sessions, category=TalkCategory.GUARDIAN, talker_staff_id=None, talker_name="母亲", student_ids=(5,)
        ),
        talk_input(
            sessions, category=TalkCategory.GUARDIAN, talker_staff_id=None, talker_name="母亲", student_ids=(6,)
        ),
        talk_input(
            sessions, category=TalkCategory.GUARDIAN, talker_staff_id=None, talker_name="母亲", student_ids=(6,)
        ),
    ]


def _expected_tally(entries: list[TalkInput], start: date, end: date) -> dict[TalkCategory, tuple[int, int, int]]:
    """The 活动记录表's numbers counted here, from the entries themselves."""
    found = {}
    for category in TalkCategory:
        mine = [e for e in entries if e.category is category and start <= e.held_on <= end]
        talkers = {
            (e.talker_staff_id, e.talker_student_id, e.talker_name if category is TalkCategory.GUARDIAN else "", s)
            for e in mine
            for s in (e.student_ids if category is TalkCategory.GUARDIAN else (None,))
        }
        found[category] = (len(talkers), len(mine), len({s for e in mine for s in e.student_ids}))
    return found


def test_the_tally_equals_counts_made_from_the_entries(sessions: dict[Role, Session]) -> None:
    entries = _entries_for_tally(sessions)
    c = sessions[Role.COUNSELOR]
    talks.record_talks(c.db, c.actor, entries, now=FIXED_NOW)
    for start in (LONG_AGO, WEEK_AGO):
        tally = talks.talk_tally(c.db, c.actor, start=start, end=TODAY, now=FIXED_NOW)
        assert [t.category for t in tally] == list(TalkCategory)  # S000's order, six rows
        assert {t.category: (t.participants, t.talks, t.students) for t in tally} == _expected_tally(
            entries, start, TODAY
        )
    tally = {t.category: t for t in talks.talk_tally(c.db, c.actor, start=LONG_AGO, end=TODAY, now=FIXED_NOW)}
    assert (tally[TalkCategory.GUARDIAN].participants, tally[TalkCategory.GUARDIAN].talks) == (2, 3)
    assert tally[TalkCategory.LEADER] == talks.TalkTally(TalkCategory.LEADER, 0, 0, 0)


def test_the_recorder_or_the_lead_deletes_a_talk(school: SchoolFixture, sessions: dict[Role, Session]) -> None:
    first, second = counselors_talk(sessions), counselors_talk(sessions)
    other_id = colleague_with_own_password(sessions, school.keys)
    lead = sessions[Role.LEAD]
    care_access.confirm_care_access(lead.db, lead.actor, user_id=other_id, now=FIXED_NOW)  # type: ignore[arg-type]
    name = lead.db.conn.execute("SELECT username FROM users WHERE id = ?", (other_id,)).fetchone()[0]
    other = school.sign_in(name, PASSWORD + "-own")
    try:
        with pytest.raises(AccessDenied, match="记录人或心理中心负责人"):
            talks.delete_talk(other.db, other.actor, first, now=FIXED_NOW)
    finally:
        other.db.close()
    c = sessions[Role.COUNSELOR]
    talks.delete_talk(c.db, c.actor, first, now=FIXED_NOW)
    talks.delete_talk(lead.db, lead.actor, second, now=FIXED_NOW)
    assert _all(c) == []
    with pytest.raises(NotFound):
        talks.delete_talk(c.db, c.actor, first, now=FIXED_NOW)
    deleted = [r for r in _audit_rows(c) if r[1] == "talk" and r[4] == "删除"]
    assert [r[2] for r in deleted] == [str(first), str(second)]


def test_a_talk_needing_follow_up_proposes_a_level_for_each_student(sessions: dict[Role, Session]) -> None:
    care_school(sessions)
    c = sessions[Role.COUNSELOR]
    entry = talk_input(sessions, student_ids=(2, 3), topic="近期情绪低落", follow_up=True)
    changes = talks.record_talks(c.db, c.actor, [entry, talk_input(sessions, student_ids=(4,))], now=FIXED_NOW)
    assert changes.summary == "已记录 2 次谈话，2 条预警建议待确认"
    pending = proposals.pending_proposals(c.db, c.actor, now=FIXED_NOW)
    assert sorted(p.student_name for p in pending) == ["李雨涵", "王子轩"]
    assert {p.source for p in pending} == {"谈心谈话"}
    assert all(p.reason.startswith("谈心谈话需跟进（班主任/辅导员全面谈，周老师") for p in pending)
    assert all(p.reason.endswith("：近期情绪低落") for p in pending)
    proposals.confirm_proposal(c.db, c.actor, pending[0].id, level=pending[0].proposed_level, reason="谈话后确认",
                               now=FIXED_NOW)  # fmt: skip
    source = c.db.conn.execute("SELECT source FROM warnings").fetchone()[0]
    assert source == "谈心谈话"


def test_school_store_audit_rows_name_no_student_and_no_text(sessions: dict[Role, Session]) -> None:
    entries = _entries_for_tally(sessions)
    c = sessions[Role.COUNSELOR]
    talks.record_talks(
        c.db, c.actor, [replace(e, topic="学习压力很大", follow_up=True) for e in entries], now=FIXED_NOW
    )
    talks.delete_talk(c.db, c.actor, counselors_talk(sessions), now=FIXED_NOW)
    rows = [r for r in _audit_rows(c) if r[1] == "talk"]
    talk_ids = {str(i) for (i,) in c.db.conn.execute("SELECT id FROM talks").fetchall()}
    assert len(rows) == len(entries) + 2
    assert {r[0] for r in rows} == {"activity_changed"} and {r[4] for r in rows} == {"记录", "删除"}
    assert {r[2] for r in rows if r[4] == "记录"} >= talk_ids
    text = " ".join(" ".join(r) for r in _audit_rows(c))
    for word in ("学习压力", "母亲", "张晓明", "李雨涵"):
        assert word not in text


def test_talks_reach_each_students_timeline(sessions: dict[Role, Session]) -> None:
    care_school(sessions)
    c = sessions[Role.COUNSELOR]
    entries = [
        talk_input(sessions, student_ids=(1, 2), topic="班级人际关系"),
        talk_input(sessions, category=TalkCategory.GUARDIAN, talker_staff_id=None, talker_name="张XX（母亲）",
                   student_ids=(1,), topic="", held_on=WEEK_AGO),
    ]  # fmt: skip
    talks.record_talks(c.db, c.actor, entries, now=FIXED_NOW)
    sources = build_registry().timeline_sources
    found = [
        (e.on, e.kind, e.text) for e in timeline.student_timeline(c.db, c.actor, 1, sources=sources, now=FIXED_NOW)
    ]
    assert found == [
        (entries[0].held_on, "谈话", "班主任/辅导员全面谈（周老师）：班级人际关系"),
        (WEEK_AGO, "谈话", "学生家长倾心谈（张XX（母亲））"),
    ]
    other = timeline.student_timeline(c.db, c.actor, 2, sources=sources, now=FIXED_NOW)
    assert [e.kind for e in other] == ["谈话"]


def test_a_list_asks_for_a_sensible_range(sessions: dict[Role, Session]) -> None:
    c = sessions[Role.COUNSELOR]
    with pytest.raises(ValidationError, match="结束日期应不早于开始日期"):
        talks.list_talks(c.db, c.actor, start=TODAY, end=WEEK_AGO, now=FIXED_NOW)
    with pytest.raises(ValidationError, match="十年以内"):
        talks.talk_tally(c.db, c.actor, start=date(2000, 1, 1), end=TODAY, now=FIXED_NOW)
