"""到期清除 through the services (issue #14 item 5): the setting with its source, who is due, what a
purge deletes said exactly beforehand, and what it keeps for the students who stay."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from counselroom.domain.audit import AuditAction
from counselroom.domain.care.warnings import WarningLevel, WarningSource
from counselroom.domain.errors import ValidationError
from counselroom.domain.roles import Role
from counselroom.domain.scheduling.appointments import AppointmentType
from counselroom.domain.students.student_facts import StudentStatus
from counselroom.services.accounts.session import Session
from counselroom.services.activities import home_visits
from counselroom.services.backup import purge, retention, retention_setting
from counselroom.services.care import warning_list
from counselroom.services.cases import cases
from counselroom.services.students import student_records
from counselroom.store import care_counts
from tests.conftest import FIXED_NOW
from tests.services.activity_care_data import LONG_AGO, TODAY, care_school, visit_input
from tests.services.appointment_data import at, book, set_up_scheduling
from tests.services.retention_data import LATER

GRADUATED = date(2020, 7, 1)  # past three years at FIXED_NOW
RECENT = date(2024, 7, 1)  # not yet


def _leave(lead: Session, student_id: int, on: date, status: StudentStatus = StudentStatus.GRADUATED) -> None:
    student_records.change_student_status(
        lead.db, lead.actor, student_id, to_status=status, on_date=on, reason="离校", now=FIXED_NOW
    )


def test_the_setting_shows_its_default_and_source_until_the_school_sets_its_own(
    sessions: dict[Role, Session],
) -> None:
    principal = sessions[Role.PRINCIPAL]
    shown = retention_setting.retention_setting(principal.db, principal.actor, now=FIXED_NOW)
    assert (shown.years, shown.default_years, shown.is_default) == (3, 3, True)
    assert "第十九条" in shown.source and "学校自行确定" in shown.school_decides
    for role, years in ((Role.LEAD, 5), (Role.ADMIN, 4)):
        s = sessions[role]
        retention_setting.set_retention_years(s.db, s.actor, years, now=FIXED_NOW)
    shown = retention_setting.retention_setting(principal.db, principal.actor, now=FIXED_NOW)
    assert (shown.years, shown.is_default) == (4, False)
    audit = principal.db.conn.execute(
        "SELECT role, object_id, detail FROM audit_log WHERE action = ? ORDER BY seq",
        (AuditAction.SETTINGS_CHANGED.value,),
    ).fetchall()
    assert audit[-2:] == [
        ("lead", "retention_years", "学生档案保存年限 3 年 → 5 年"),
        ("admin", "retention_years", "学生档案保存年限 5 年 → 4 年"),
    ]
    with pytest.raises(ValidationError, match="保存年限"):
        retention_setting.set_retention_years(principal.db, sessions[Role.LEAD].actor, 0, now=FIXED_NOW)


def test_the_leavers_past_the_period_are_due_with_their_records_counted(sessions: dict[Role, Session]) -> None:
    care_school(sessions)
    lead = sessions[Role.LEAD]
    warning_list.add_to_warning_list(
        lead.db, lead.actor, 5, level=WarningLevel.YELLOW, reason="情绪低落", source=WarningSource.TALK, now=FIXED_NOW
    )
    cases.open_case(lead.db, lead.actor, 5, reason="学业压力", issue_types=["学业"], now=FIXED_NOW)
    _leave(lead, 5, GRADUATED)
    _leave(lead, 6, RECENT, StudentStatus.TRANSFERRED)
    due = retention.students_due(lead.db, lead.actor, now=FIXED_NOW)
    assert (due.years, due.today) == (3, FIXED_NOW.date())
    assert [(s.student_id, s.name, s.class_name, s.left_how, s.left_on) for s in due.students] == [
        (5, "刘浩然", "初三(1)班", "毕业", GRADUATED)
    ]
    student = due.students[0]
    assert student.due_on == date(2023, 7, 1)
    assert student.counts_in("学校数据") == "家长联系人 1、学籍变动 1"
    assert student.counts_in("心理档案") == "个案 1、预警 1"
    retention_setting.set_retention_years(lead.db, lead.actor, 1, now=FIXED_NOW)
    due = retention.students_due(lead.db, lead.actor, now=FIXED_NOW)
    assert [s.student_id for s in due.students] == [5, 6]  # by the day they left


def test_the_preview_says_exactly_what_the_purge_deletes(sessions: dict[Role, Session]) -> None:
    setup = set_up_scheduling(sessions)
    care_school(sessions)
    lead = sessions[Role.LEAD]
    book(lead, setup, at(9), student_ids=[5, 6], room_id=setup.group_room, type=AppointmentType.GROUP)  # 赵欣怡 stays
    book(lead, setup, at(10), student_ids=[5])
    cases.open_case(lead.db, lead.actor, 5, reason="人际关系", issue_types=["人际"], now=FIXED_NOW)
    _leave(lead, 5, GRADUATED)
    preview = retention.purge_preview(lead.db, lead.actor, [5], now=FIXED_NOW)
    assert [s.student_id for s in preview.students] == [5]
    assert {(c.store, c.kind, c.count) for c in preview.records} >= {("心理档案", "预约", 2), ("心理档案", "个案", 1)}
    assert preview.shared_records == 1  # the group appointment stays for 赵欣怡
    purge.purge_students(lead.db, lead.actor, [5], now=FIXED_NOW)
    detail = lead.db.conn.execute("SELECT detail FROM audit_log WHERE action = 'purge'").fetchone()[0]
    assert detail.startswith(f"学校数据 {preview.school_rows} 行，心理档案 {preview.care_rows} 行")
    left = lead.db.conn.execute("SELECT student_id FROM appointment_students ORDER BY student_id").fetchall()
    assert left == [(6,)]
    assert care_counts.differences(lead.db.conn) == []


def test_a_sibling_keeps_the_shared_home_visit_and_the_family_contact(sessions: dict[Role, Session]) -> None:
    care_school(sessions)  # 张晓明 (1) and 陈思琪 (4) have one mother, 张母
    lead = sessions[Role.LEAD]
    home_visits.record_home_visits(lead.db, lead.actor, [visit_input(sessions)], now=FIXED_NOW)
    _leave(lead, 1, GRADUATED, StudentStatus.TRANSFERRED)
    purge.purge_students(lead.db, lead.actor, [1], now=FIXED_NOW)
    kept = home_visits.list_home_visits(lead.db, lead.actor, start=LONG_AGO, end=TODAY, now=FIXED_NOW)
    assert [[s.id for s in v.students] for v in kept] == [[4]]
    assert kept[0].summary == visit_input(sessions).summary  # 张母 is 陈思琪's mother too: not taken out
    names = [r[0] for r in lead.db.conn.execute("SELECT name FROM guardians WHERE student_id = 4")]
    assert "张母" in names


def test_only_leavers_past_the_period_can_be_purged(sessions: dict[Role, Session]) -> None:
    care_school(sessions)
    lead = sessions[Role.LEAD]
    _leave(lead, 6, RECENT)
    with pytest.raises(ValidationError, match="请先"):
        purge.purge_students(lead.db, lead.actor, [], now=FIXED_NOW)
    for not_due in ([6], [2], [999]):  # left too recently, still at school, no such student
        with pytest.raises(ValidationError, match="不在到期名单中"):
            retention.purge_preview(lead.db, lead.actor, not_due, now=FIXED_NOW)
        with pytest.raises(ValidationError, match="不在到期名单中"):
            purge.purge_students(lead.db, lead.actor, not_due, now=FIXED_NOW)
    assert lead.db.conn.execute("SELECT count(*) FROM students").fetchone()[0] == 6
    later = LATER + timedelta(days=365)  # 2029: three years after 2024
    purge.purge_students(lead.db, lead.actor, [6], now=later)
    assert lead.db.conn.execute("SELECT count(*) FROM students WHERE id = 6").fetchone()[0] == 0
