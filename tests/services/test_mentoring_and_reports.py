"""成长导师 coverage, 一人一案, 心理委员 and their reports, and the term rollover."""

from __future__ import annotations

from datetime import date

import pytest

from counselroom.domain.care.warnings import WarningLevel
from counselroom.domain.errors import AccessDenied, ValidationError
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.care import mentoring, peer_reports, proposals
from counselroom.services.school import policy, school_structure
from counselroom.services.students import student_records
from tests.conftest import FIXED_NOW
from tests.school_data import SmallSchool, add_small_school


@pytest.fixture
def room(sessions: dict[Role, Session]) -> tuple[dict[Role, Session], SmallSchool]:
    return sessions, add_small_school(sessions[Role.ADMIN])


def test_coverage_lists_key_group_students_without_mentor_or_plan(room) -> None:  # type: ignore[no-untyped-def]
    sessions, school = room
    c = sessions[Role.COUNSELOR]
    before = mentoring.mentor_coverage(c.db, c.actor, now=FIXED_NOW)
    # S003 item 26: 张晓明 留守, 王子轩 单亲+经济困难, 赵欣怡 随迁 (刘浩然, only 初三, is on the S004 line)
    assert sorted(r.name for r in before.rows) == ["张晓明", "王子轩", "赵欣怡"]
    assert before.key_students == 3 and before.with_mentor == 0 and before.exam_year.students == 2

    mentoring.assign_mentor(c.db, c.actor, 1, staff_id=school.staff["孙老师"], now=FIXED_NOW)
    mentoring.save_care_plan(c.db, c.actor, 1, goals="适应初中生活", measures="每两周谈心一次", now=FIXED_NOW)
    after = mentoring.mentor_coverage(c.db, c.actor, now=FIXED_NOW)
    assert "张晓明" not in [r.name for r in after.rows]
    assert after.with_mentor == 1 and after.with_plan == 1
    assert student_records.open_student_file(c.db, c.actor, 1, now=FIXED_NOW).mentor_name == "孙老师"


def test_the_principal_has_no_access_to_mentors(room) -> None:  # type: ignore[no-untyped-def]
    sessions, _school = room
    p = sessions[Role.PRINCIPAL]
    for read in (mentoring.mentor_coverage, mentoring.mentor_choices):
        with pytest.raises(AccessDenied):
            read(p.db, p.actor, now=FIXED_NOW)


def test_peer_monitors_are_one_boy_and_one_girl_of_the_class(room) -> None:  # type: ignore[no-untyped-def]
    """Under 南昌's profile (S001: 男、女委员各1名); the other profiles: tests/services/test_peer_monitors.py."""
    sessions, school = room
    admin = sessions[Role.ADMIN]
    policy.set_policy_profile(admin.db, admin.actor, "nanchang", now=FIXED_NOW)
    c = sessions[Role.COUNSELOR]
    cls = school.classes["初一1"]
    with pytest.raises(ValidationError, match="男、女"):
        peer_reports.set_peer_monitors(c.db, c.actor, cls, [1, 3], now=FIXED_NOW)
    with pytest.raises(ValidationError, match="本班"):
        peer_reports.set_peer_monitors(c.db, c.actor, cls, [1, 4], now=FIXED_NOW)
    peer_reports.set_peer_monitors(c.db, c.actor, cls, [1, 2], now=FIXED_NOW)
    p = sessions[Role.PRINCIPAL]
    coverage = {m.class_name: m for m in peer_reports.monitor_coverage(p.db, p.actor, now=FIXED_NOW)}
    assert coverage["初一(1)班"].complete and not coverage["初二(1)班"].complete


def test_a_peer_report_can_propose_a_level(room) -> None:  # type: ignore[no-untyped-def]
    sessions, school = room
    c = sessions[Role.COUNSELOR]
    peer_reports.record_peer_report(
        c.db,
        c.actor,
        class_id=school.classes["初一1"],
        student_id=3,
        reporter="心理委员 李雨涵",
        reported_on=date(2025, 10, 12),
        concern="最近常一个人哭",
        now=FIXED_NOW,
        propose_level=WarningLevel.YELLOW,
    )
    pending = proposals.pending_proposals(c.db, c.actor, now=FIXED_NOW)
    assert [(p.student_name, p.source) for p in pending] == [("王子轩", "心理委员报告")]
    proposals.confirm_proposal(
        c.db, c.actor, pending[0].id, level=WarningLevel.YELLOW, reason="核实属实", now=FIXED_NOW
    )
    reports = peer_reports.list_peer_reports(c.db, c.actor, now=FIXED_NOW)
    assert [(r.student_name, r.status) for r in reports] == [("王子轩", "已转预警")]
    peer_reports.record_peer_report(
        c.db,
        c.actor,
        class_id=school.classes["初一1"],
        student_id=1,
        reporter="班主任 周老师",
        reported_on=date(2025, 10, 12),
        concern="连续三天没交作业，上课发呆",
        now=FIXED_NOW,
        propose_level=WarningLevel.YELLOW,
    )
    assert [p.source for p in proposals.pending_proposals(c.db, c.actor, now=FIXED_NOW)] == ["班主任报告"]
    with pytest.raises(ValidationError, match="晚于今天"):
        peer_reports.record_peer_report(
            c.db,
            c.actor,
            class_id=school.classes["初一1"],
            student_id=None,
            reporter="班主任",
            reported_on=date(2026, 1, 1),
            concern="x",
            now=FIXED_NOW,
        )


def test_rollover_moves_classes_up_and_graduates_the_last_year(room) -> None:  # type: ignore[no-untyped-def]
    sessions, _school = room
    admin = sessions[Role.ADMIN]
    preview = school_structure.preview_rollover(admin.db, admin.actor, now=FIXED_NOW)
    assert [(m.old_name, m.new_name, m.graduating) for m in preview.moves] == [
        ("初一(1)班", "初二(1)班", False),
        ("初二(1)班", "初三(1)班", False),
        ("初三(1)班", "", True),
    ]
    assert preview.graduating_students == 2
    school_structure.apply_rollover(admin.db, admin.actor, on_date=date(2026, 7, 10), now=FIXED_NOW)
    classes = {c.name: c.students for c in school_structure.list_classes(admin.db, admin.actor, now=FIXED_NOW)}
    assert classes == {"初二(1)班": 3, "初三(1)班": 1}
    left = student_records.search_students(admin.db, admin.actor, "刘浩然", now=FIXED_NOW, include_left=True)
    assert left[0].status == "毕业"
    assert list(admin.db.path.parent.glob("*.before-rollover-*.bak")), "an encrypted copy was taken"
    with pytest.raises(AccessDenied):
        c = sessions[Role.COUNSELOR]
        school_structure.apply_rollover(c.db, c.actor, on_date=date(2026, 7, 10), now=FIXED_NOW)
