"""Students: search, the file as each role sees it, flags, status changes, background, timeline."""

from __future__ import annotations

from datetime import date

import pytest

from counselroom.domain.care.warnings import WarningLevel, WarningSource
from counselroom.domain.errors import AccessDenied, ValidationError
from counselroom.domain.roles import Role
from counselroom.domain.students.leave_return import LeaveReason
from counselroom.domain.students.student_facts import StudentStatus
from counselroom.services.accounts.session import Session
from counselroom.services.care import warning_list
from counselroom.services.registry import build_registry
from counselroom.services.students import school_leave, student_records, timeline
from tests.conftest import FIXED_NOW
from tests.school_data import add_small_school

TIMELINE = build_registry().timeline_sources


@pytest.fixture
def people(sessions: dict[Role, Session]) -> dict[Role, Session]:
    add_small_school(sessions[Role.ADMIN])
    return sessions


def _names(items: list[student_records.StudentListItem]) -> list[str]:
    return [i.name for i in items]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("晓明", ["张晓明"]),
        ("zxm", ["张晓明"]),
        ("ZX", ["张晓明", "赵欣怡"]),
        ("2023", ["刘浩然", "赵欣怡"]),
        ("初二(1)班", ["陈思琪"]),
        ("不存在", []),
    ],
)
def test_search_by_name_initials_number_or_class(people: dict[Role, Session], text: str, expected: list[str]) -> None:
    s = people[Role.COUNSELOR]
    assert sorted(_names(student_records.search_students(s.db, s.actor, text, now=FIXED_NOW))) == sorted(expected)


def test_search_tags_key_groups_and_shows_levels_only_to_counselors(people: dict[Role, Session]) -> None:
    c = people[Role.COUNSELOR]
    warning_list.add_to_warning_list(
        c.db,
        c.actor,
        3,
        level=WarningLevel.ORANGE,
        reason="班主任反映情绪低落",
        source=WarningSource.HEAD_TEACHER,
        now=FIXED_NOW,
    )
    counselor_view = {i.name: i for i in student_records.search_students(c.db, c.actor, "", now=FIXED_NOW)}
    assert counselor_view["王子轩"].level is WarningLevel.ORANGE
    assert {"单亲", "家庭经济困难", "心理问题"} <= set(counselor_view["王子轩"].groups)
    assert "初三/高三升学压力" in counselor_view["刘浩然"].groups
    admin = people[Role.ADMIN]
    admin_view = {i.name: i for i in student_records.search_students(admin.db, admin.actor, "", now=FIXED_NOW)}
    assert admin_view["王子轩"].level is None and "心理问题" not in admin_view["王子轩"].groups


def test_principal_cannot_search_or_open_files(people: dict[Role, Session]) -> None:
    p = people[Role.PRINCIPAL]
    with pytest.raises(AccessDenied):
        student_records.search_students(p.db, p.actor, "", now=FIXED_NOW)
    with pytest.raises(AccessDenied):
        student_records.open_student_file(p.db, p.actor, 1, now=FIXED_NOW)
    with pytest.raises(AccessDenied):
        timeline.student_timeline(p.db, p.actor, 1, sources=TIMELINE, now=FIXED_NOW)


def test_file_shows_care_records_to_counselors_only_and_is_audited(people: dict[Role, Session]) -> None:
    c, admin = people[Role.COUNSELOR], people[Role.ADMIN]
    student_records.save_student_background(
        c.db,
        c.actor,
        1,
        growth="父母外出务工，由祖父母带大",
        life="周末在家帮忙",
        support="与班主任关系好",
        now=FIXED_NOW,
    )
    file = student_records.open_student_file(c.db, c.actor, 1, now=FIXED_NOW)
    assert file.can_see_care and file.background is not None
    assert file.background.growth_history == "父母外出务工，由祖父母带大"
    assert file.class_name == "初一(1)班" and "留守" in file.groups
    admin_file = student_records.open_student_file(admin.db, admin.actor, 1, now=FIXED_NOW)
    assert not admin_file.can_see_care and admin_file.background is None and admin_file.plan is None
    opened = c.db.conn.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'student_file_opened' AND object_id = '1'"
    ).fetchone()[0]
    assert opened == 2


def test_admin_cannot_write_care_records(people: dict[Role, Session]) -> None:
    admin = people[Role.ADMIN]
    with pytest.raises(AccessDenied):
        student_records.save_student_background(
            admin.db, admin.actor, 1, growth="x", life="y", support="z", now=FIXED_NOW
        )


def test_flags_must_be_known(people: dict[Role, Session]) -> None:
    c = people[Role.COUNSELOR]
    student_records.set_student_flags(c.db, c.actor, 2, {"离异", "学习压力大"}, now=FIXED_NOW)
    assert student_records.open_student_file(c.db, c.actor, 2, now=FIXED_NOW).flags == {"离异", "学习压力大"}
    with pytest.raises(ValidationError, match="未知的情况标记"):
        student_records.set_student_flags(c.db, c.actor, 2, {"抑郁症"}, now=FIXED_NOW)


def test_status_changes_follow_the_rules_and_are_kept(people: dict[Role, Session]) -> None:
    c = people[Role.COUNSELOR]
    student_records.change_student_status(
        c.db,
        c.actor,
        4,
        to_status=StudentStatus.TRANSFERRED,
        on_date=date(2025, 10, 10),
        reason="随父母迁居外省",
        now=FIXED_NOW,
    )
    with pytest.raises(ValidationError, match="不能改为"):
        student_records.change_student_status(
            c.db, c.actor, 4, to_status=StudentStatus.GRADUATED, on_date=date(2025, 10, 11), reason="x", now=FIXED_NOW
        )
    file = student_records.open_student_file(c.db, c.actor, 4, now=FIXED_NOW)
    assert file.status == "转出"
    assert [(h.from_status, h.to_status, h.reason) for h in file.status_history] == [("在读", "转出", "随父母迁居外省")]
    # 休学 and 复学 go through their own workflow: tests/services/test_leave_return.py


def test_timeline_is_filtered_by_what_the_viewer_may_see(people: dict[Role, Session]) -> None:
    c, admin = people[Role.COUNSELOR], people[Role.ADMIN]
    warning_list.add_to_warning_list(
        c.db,
        c.actor,
        1,
        level=WarningLevel.YELLOW,
        reason="心理委员反映近期孤僻",
        source=WarningSource.PEER_MONITOR,
        now=FIXED_NOW,
    )
    school_leave.take_leave(
        c.db, c.actor, 1, left_on=date(2025, 10, 1), reason_kind=LeaveReason.FAMILY, reason="家庭原因",
        expected_return=date(2026, 2, 23), now=FIXED_NOW,
    )  # fmt: skip
    counselor_kinds = {e.kind for e in timeline.student_timeline(c.db, c.actor, 1, sources=TIMELINE, now=FIXED_NOW)}
    assert counselor_kinds == {"预警", "学籍"}
    admin_events = timeline.student_timeline(admin.db, admin.actor, 1, sources=TIMELINE, now=FIXED_NOW)
    assert {e.kind for e in admin_events} == set()  # status changes carry 休学 reasons: care store
    assert all("孤僻" not in e.text for e in admin_events)
