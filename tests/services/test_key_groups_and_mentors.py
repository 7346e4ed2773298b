"""Issue #8 items 3–5: 重点关注群体 follow the counselor's decision through one computation (the
student list and the mentor coverage agree); mentors without a cap, with a start and an end; the
groups, 六困生 and reasons in the seeds' words."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from counselroom.domain.care.key_groups import (
    EXAM_YEAR_GROUP,
    KEY_GROUPS,
    MENTOR_GROUPS,
    ScreenDecision,
    StudentFacts,
    groups_of,
    psychological_concern,
)
from counselroom.domain.care.warning_reasons import screening_reason, symptom_degree
from counselroom.domain.care.warnings import WarningLevel, WarningSource
from counselroom.domain.errors import ValidationError
from counselroom.domain.roles import Role
from counselroom.domain.screening.instruments import GAD7, PHQ9, score
from counselroom.domain.students.leave_return import LeaveReason
from counselroom.domain.students.student_facts import FlagGroup, StudentFlag, StudentStatus
from counselroom.services.accounts.session import Session
from counselroom.services.care import mentoring, proposals, warning_list
from counselroom.services.care.key_group_facts import key_group_facts
from counselroom.services.registry import build_registry
from counselroom.services.school import school_structure
from counselroom.services.screening.screening_results import enter_screening
from counselroom.services.students import school_leave, student_records, timeline
from counselroom.store.care import care_records
from counselroom.store.students import student_records as student_store
from tests.conftest import FIXED_NOW
from tests.school_data import SmallSchool, add_small_school

# The seeds' sentences these tests hold the program to, quoted as written.
S000_SIX = (
    "学校领导要重点找“六困生”（生理困难生、心理困难生、经济困难生、学习困难生、就业困难生、其他困难学生）谈心谈话"
)
S001_ORPHANS = "民政部门要开展好婚前辅导工作，为孤儿和事实无人抚养儿童提供帮助"
S003_ITEM_26 = (
    "要重点为单亲、离异、留守、随迁家庭学生，有先天性疾病、体质异常学生，存在心理问题学生，家庭经济困难学生，"
    "学习压力大的学生，每人选配1名有爱心有经验、掌握一定心理学知识的教师作为成长导师。"
)
TODAY = FIXED_NOW.date()
PHQ9_SEVERE = [3, 3, 2, 3, 2, 3, 2, 2, 0]  # 20: 重度, item 9 = 0 → orange proposal


@pytest.fixture
def room(sessions: dict[Role, Session]) -> tuple[dict[Role, Session], SmallSchool]:
    return sessions, add_small_school(sessions[Role.ADMIN])


def _groups_in_list(s: Session, student_id: int) -> tuple[str, ...]:
    found = student_records.search_students(s.db, s.actor, "", now=FIXED_NOW)
    return next(item.groups for item in found if item.id == student_id)


def _coverage_groups(s: Session, student_id: int) -> tuple[str, ...] | None:
    rows = mentoring.mentor_coverage(s.db, s.actor, now=FIXED_NOW).rows
    return next((r.groups for r in rows if r.student_id == student_id), None)


def _screen(s: Session, student_id: int, answers: list[int]) -> None:
    enter_screening(s.db, s.actor, student_id, instrument="PHQ-9", answers=answers, taken_on=TODAY, now=FIXED_NOW)


# -- item 3: 心理问题 follows the counselor's decision ----------------------------------------


def test_the_psychological_group_is_a_confirmed_entry_or_an_undecided_screen() -> None:
    def facts(listed: bool, *decisions: str) -> StudentFacts:
        return StudentFacts(frozenset(), "初中", 1, listed, frozenset(decisions))

    assert psychological_concern(facts(True))
    assert psychological_concern(facts(False, ScreenDecision.PENDING))
    assert psychological_concern(facts(False, ScreenDecision.NONE))  # no proposal filed: nobody decided
    assert not psychological_concern(facts(False, ScreenDecision.REJECTED))
    assert not psychological_concern(facts(False, ScreenDecision.CONFIRMED))  # listed once, closed since
    assert not psychological_concern(facts(False))
    # A 心理困难生 flag is S000's 六困生, not the counselor's decision on the list.
    flagged = StudentFacts(frozenset({StudentFlag.HARDSHIP_PSYCHOLOGICAL.value}), "初中", 1, False)
    assert "心理问题" not in groups_of(flagged) and "心理困难生" in groups_of(flagged)


def test_a_rejected_positive_leaves_the_group_in_the_list_and_the_coverage_alike(room) -> None:  # type: ignore[no-untyped-def]
    sessions, _school = room
    c = sessions[Role.COUNSELOR]
    assert "心理问题" not in _groups_in_list(c, 2) and _coverage_groups(c, 2) is None
    _screen(c, 2, PHQ9_SEVERE)
    assert "心理问题" in _groups_in_list(c, 2)  # positive, not yet decided
    assert "心理问题" in (_coverage_groups(c, 2) or ())
    pending = proposals.pending_proposals(c.db, c.actor, now=FIXED_NOW)
    proposals.reject_proposal(c.db, c.actor, pending[0].id, reason="复评访谈未见异常，问卷作答随意", now=FIXED_NOW)
    assert "心理问题" not in _groups_in_list(c, 2)
    assert _coverage_groups(c, 2) is None  # 李雨涵 is in no other S003 group
    file = student_records.open_student_file(c.db, c.actor, 2, now=FIXED_NOW)
    assert "心理问题" not in file.groups


def test_a_confirmed_positive_is_in_the_group_until_the_entry_is_closed(room) -> None:  # type: ignore[no-untyped-def]
    sessions, _school = room
    c = sessions[Role.COUNSELOR]
    _screen(c, 2, PHQ9_SEVERE)
    pending = proposals.pending_proposals(c.db, c.actor, now=FIXED_NOW)
    proposals.confirm_proposal(
        c.db, c.actor, pending[0].id, level=WarningLevel.ORANGE, reason="面谈核实", now=FIXED_NOW
    )
    assert "心理问题" in _groups_in_list(c, 2) and "心理问题" in (_coverage_groups(c, 2) or ())
    entry = warning_list.list_warnings(c.db, c.actor, now=FIXED_NOW)[0]
    warning_list.close_warning(c.db, c.actor, entry.id, reason="连续两次复评稳定", now=FIXED_NOW)
    assert "心理问题" not in _groups_in_list(c, 2) and _coverage_groups(c, 2) is None


def test_the_admin_sees_groups_from_flags_only(room) -> None:  # type: ignore[no-untyped-def]
    sessions, _school = room
    c, admin = sessions[Role.COUNSELOR], sessions[Role.ADMIN]
    _screen(c, 2, PHQ9_SEVERE)
    assert "心理问题" not in _groups_in_list(admin, 2)


def test_facts_read_for_a_few_students_are_those_of_the_whole_school(room) -> None:  # type: ignore[no-untyped-def]
    """A search or a file reads only its own students' flags, warnings and screens (issue #15): the
    facts must be the ones the whole-school reading gives those students."""
    sessions, _school = room
    c = sessions[Role.COUNSELOR]
    _screen(c, 2, PHQ9_SEVERE)  # a screen waiting for a decision
    warning_list.add_to_warning_list(
        c.db,
        c.actor,
        3,
        level=WarningLevel.YELLOW,
        reason="班主任反映近期情绪低落",
        source=WarningSource.HEAD_TEACHER,
        now=FIXED_NOW,
    )
    everyone = student_store.all_current(c.db.conn)
    whole = key_group_facts(c.db.conn, everyone, with_warnings=True)
    assert any(f.flags for f in whole.values()) and any(f.on_warning_list for f in whole.values())
    assert any(f.screen_decisions for f in whole.values())
    for student in everyone:
        assert key_group_facts(c.db.conn, [student], with_warnings=True) == {student.id: whole[student.id]}
    found = student_records.search_students(c.db, c.actor, "张晓明", now=FIXED_NOW)
    assert [item.groups for item in found] == [_groups_in_list(c, found[0].id)]


# -- item 4: mentors ------------------------------------------------------------------------


def test_coverage_counts_s003_groups_with_exam_years_on_a_line_of_their_own(room) -> None:  # type: ignore[no-untyped-def]
    sessions, school = room
    c = sessions[Role.COUNSELOR]
    coverage = mentoring.mentor_coverage(c.db, c.actor, now=FIXED_NOW)
    # 张晓明 留守, 王子轩 单亲 + 经济困难, 赵欣怡 随迁 (also 初三); 刘浩然 is only in 初三.
    assert sorted(r.name for r in coverage.rows) == ["张晓明", "王子轩", "赵欣怡"]
    assert coverage.key_students == 3 and coverage.with_mentor == 0
    phrases = [g.phrase for g in coverage.groups]
    assert phrases == [g.phrase for g in MENTOR_GROUPS]
    item26 = S003_ITEM_26
    for phrase in ("留守", "随迁家庭学生", "存在心理问题学生", "家庭经济困难学生", "学习压力大的学生", "体质异常学生"):
        assert phrase in item26 and any(phrase in p for p in phrases)
    lines = {g.name: g for g in coverage.groups}
    assert lines["留守"].students == 1 and lines["家庭经济困难"].students == 1
    assert (coverage.exam_year.phrase, coverage.exam_year.source) == ("面临升学压力的初三、高三学生", "S004")
    assert coverage.exam_year.students == 2 and coverage.everyone.students == 6
    mentoring.assign_mentor(c.db, c.actor, 5, staff_id=school.staff["孙老师"], now=FIXED_NOW)
    after = mentoring.mentor_coverage(c.db, c.actor, now=FIXED_NOW)
    assert after.exam_year.with_mentor == 1 and after.everyone.with_mentor == 1 and after.with_mentor == 0


def test_no_cap_on_mentees_and_the_schools_soft_limit_only_warns(room) -> None:  # type: ignore[no-untyped-def]
    sessions, school = room
    c, admin = sessions[Role.COUNSELOR], sessions[Role.ADMIN]
    sun = school.staff["孙老师"]
    assert not hasattr(mentoring, "MAX_MENTEES")
    assert mentoring.mentor_soft_limit(c.db, c.actor, now=FIXED_NOW) is None
    for sid in (1, 2, 3):
        mentoring.assign_mentor(c.db, c.actor, sid, staff_id=sun, now=FIXED_NOW)
    mentoring.set_mentor_soft_limit(admin.db, admin.actor, 3, now=FIXED_NOW)
    choice = next(m for m in mentoring.mentor_choices(c.db, c.actor, now=FIXED_NOW) if m.staff_id == sun)
    assert choice.mentees == 3 and choice.at_limit
    changes = mentoring.assign_mentor(c.db, c.actor, 4, staff_id=sun, now=FIXED_NOW)
    assert "提醒" in changes.summary and "4 名学生" in changes.summary and "3 人" in changes.summary
    assert care_records.mentee_counts(c.db.conn)[sun] == 4  # assigned all the same
    with pytest.raises(ValidationError, match="1 到"):
        mentoring.set_mentor_soft_limit(admin.db, admin.actor, 0, now=FIXED_NOW)
    mentoring.set_mentor_soft_limit(admin.db, admin.actor, None, now=FIXED_NOW)
    assert mentoring.mentor_soft_limit(c.db, c.actor, now=FIXED_NOW) is None


def test_a_new_mentor_ends_the_old_one_and_history_is_kept(room) -> None:  # type: ignore[no-untyped-def]
    sessions, school = room
    c = sessions[Role.COUNSELOR]
    mentoring.assign_mentor(c.db, c.actor, 1, staff_id=school.staff["孙老师"], now=FIXED_NOW - timedelta(days=40))
    with pytest.raises(ValidationError, match="已是"):
        mentoring.assign_mentor(c.db, c.actor, 1, staff_id=school.staff["孙老师"], now=FIXED_NOW)
    changes = mentoring.assign_mentor(c.db, c.actor, 1, staff_id=school.staff["周老师"], now=FIXED_NOW)
    assert "孙老师" in changes.summary and "结束" in changes.summary
    history = care_records.mentorships_of(c.db.conn, 1)
    assert [(m.staff_name, m.ended_on, m.end_reason) for m in history] == [
        ("孙老师", TODAY.isoformat(), "更换导师"),
        ("周老师", "", ""),
    ]
    assert care_records.mentee_counts(c.db.conn) == {school.staff["周老师"]: 1}
    assert student_records.open_student_file(c.db, c.actor, 1, now=FIXED_NOW).mentor_name == "周老师"
    events = timeline.student_timeline(c.db, c.actor, 1, sources=build_registry().timeline_sources, now=FIXED_NOW)
    texts = [e.text for e in events]
    assert "成长导师：孙老师" in texts and "成长导师孙老师结束（更换导师）" in texts and "成长导师：周老师" in texts


@pytest.mark.parametrize("status", [StudentStatus.SUSPENDED, StudentStatus.TRANSFERRED, StudentStatus.GRADUATED])
def test_a_student_who_leaves_ends_the_mentorship(room, status: StudentStatus) -> None:  # type: ignore[no-untyped-def]
    sessions, school = room
    c = sessions[Role.COUNSELOR]
    mentoring.assign_mentor(c.db, c.actor, 1, staff_id=school.staff["孙老师"], now=FIXED_NOW)
    left = TODAY + timedelta(days=1)
    if status is StudentStatus.SUSPENDED:
        school_leave.take_leave(
            c.db, c.actor, 1, left_on=left, reason_kind=LeaveReason.FAMILY, reason="家长申请",
            expected_return=left + timedelta(days=120), now=FIXED_NOW,
        )  # fmt: skip
    else:
        student_records.change_student_status(
            c.db, c.actor, 1, to_status=status, on_date=left, reason="家长申请", now=FIXED_NOW
        )
    assert care_records.mentor_of(c.db.conn, 1) is None and care_records.mentee_counts(c.db.conn) == {}
    [ended] = care_records.mentorships_of(c.db.conn, 1)
    assert (ended.ended_on, ended.end_reason) == (left.isoformat(), status.value)
    if status is StudentStatus.SUSPENDED:
        with pytest.raises(ValidationError, match="不在校"):
            mentoring.assign_mentor(c.db, c.actor, 1, staff_id=school.staff["孙老师"], now=FIXED_NOW)


def test_the_rollover_ends_the_graduates_mentorships(room) -> None:  # type: ignore[no-untyped-def]
    sessions, school = room
    c, admin = sessions[Role.COUNSELOR], sessions[Role.ADMIN]
    mentoring.assign_mentor(c.db, c.actor, 5, staff_id=school.staff["孙老师"], now=FIXED_NOW)  # 初三
    mentoring.assign_mentor(c.db, c.actor, 4, staff_id=school.staff["孙老师"], now=FIXED_NOW)  # 初二
    school_structure.apply_rollover(admin.db, admin.actor, on_date=date(2026, 7, 10), now=FIXED_NOW)
    assert care_records.mentor_of(c.db.conn, 5) is None and care_records.mentor_of(c.db.conn, 4) is not None
    [ended] = care_records.mentorships_of(c.db.conn, 5)
    assert (ended.ended_on, ended.end_reason) == ("2026-07-10", "毕业")


# -- item 5: the seeds' words ---------------------------------------------------------------


def test_the_six_difficulties_are_named_as_s000_names_them() -> None:
    listed = re.search(r"“六困生”（([^）]+)）", S000_SIX)
    assert listed is not None
    words = listed.group(1).split("、")
    assert [f.value for f in StudentFlag if f.group is FlagGroup.SIX_DIFFICULTIES] == words
    assert all(f.source == "S000" for f in StudentFlag if f.group is FlagGroup.SIX_DIFFICULTIES)


def test_orphans_cite_s001_and_learning_difficulty_is_not_learning_pressure() -> None:
    assert "孤儿和事实无人抚养儿童" in S001_ORPHANS
    orphan = next(g for g in KEY_GROUPS if g.name == "孤儿/事实无人抚养")
    assert (orphan.source, StudentFlag.ORPHAN.source) == ("S001", "S001")
    assert orphan.phrase == "孤儿和事实无人抚养儿童"
    hard = StudentFacts(frozenset({StudentFlag.HARDSHIP_LEARNING.value}), "初中", 1, False)
    pressed = StudentFacts(frozenset({StudentFlag.LEARNING_PRESSURE.value}), "初中", 1, False)
    assert groups_of(hard) == ["学习困难生"] and groups_of(pressed) == ["学习压力大"]
    assert EXAM_YEAR_GROUP.source == "S004"


def test_reasons_say_the_symptom_degree_not_a_label_like_a_diagnosis(room) -> None:  # type: ignore[no-untyped-def]
    assert symptom_degree("重度抑郁症状") == "重度" and symptom_degree("中重度抑郁症状") == "中重度"
    assert symptom_degree("轻度焦虑症状") == "轻度" and symptom_degree("达到临界值 60") == "达到临界值 60"
    severe = screening_reason(score(PHQ9, [3, 3, 3, 3, 2, 3, 2, 2, 0]))
    assert "症状程度：重度" in severe and "抑郁症状" not in severe
    assert "症状程度：中重度" in screening_reason(score(PHQ9, [2, 2, 2, 2, 2, 2, 2, 2, 0]))
    assert "症状程度：重度" in screening_reason(score(GAD7, [3, 3, 3, 3, 3, 0, 0]))
    sessions, _school = room
    c = sessions[Role.COUNSELOR]
    _screen(c, 2, PHQ9_SEVERE)
    [proposal] = proposals.pending_proposals(c.db, c.actor, now=FIXED_NOW)
    assert "症状程度：重度" in proposal.reason and "抑郁症状" not in proposal.reason
