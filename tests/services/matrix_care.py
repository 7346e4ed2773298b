"""Role-matrix entries for students, the warning list, proposals, mentors, peer reports and the
school structure (merged into MATRIX in test_role_matrix.py)."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from counselroom.domain.care.warnings import NoticeChannel, WarningLevel, WarningSource
from counselroom.domain.roles import Role
from counselroom.domain.school.terms import default_terms
from counselroom.domain.students.student_facts import StaffPosition, StudentStatus
from counselroom.services.accounts.session import Session
from counselroom.services.care import mentoring, peer_reports, proposals, warning_list
from counselroom.services.registry import build_registry
from counselroom.services.school import school_calendar, school_structure
from counselroom.services.students import student_records as students
from counselroom.services.students import timeline
from counselroom.store.care import warnings as warning_store
from tests.conftest import FIXED_NOW
from tests.school_data import add_small_school

TIMELINE = build_registry().timeline_sources

ALL = frozenset(Role)
CARE = frozenset({Role.COUNSELOR, Role.LEAD})
ROSTER = frozenset({Role.COUNSELOR, Role.LEAD, Role.ADMIN})
ADMIN = frozenset({Role.ADMIN})
_ids = itertools.count(1)


def school(all_: dict[Role, Session]) -> dict[str, Any]:
    """The small school, added once per database."""
    admin = all_[Role.ADMIN]
    if not admin.db.conn.execute("SELECT count(*) FROM students").fetchone()[0]:
        made = add_small_school(admin)
        admin.db.conn.execute("CREATE TEMP TABLE IF NOT EXISTS matrix_ids (k TEXT, v INTEGER)")
        for key, value in {**made.classes, **{f"staff:{k}": v for k, v in made.staff.items()}}.items():
            admin.db.conn.execute("INSERT INTO matrix_ids VALUES (?, ?)", (key, value))
    classes = dict(admin.db.conn.execute("SELECT name, id FROM classes").fetchall())
    staff = dict(admin.db.conn.execute("SELECT name, id FROM staff").fetchall())
    return {"class": classes["初一(1)班"], "mentor": staff["孙老师"]}


def warning_id(all_: dict[Role, Session]) -> int:
    school(all_)
    lead = all_[Role.LEAD]
    row = warning_store.open_warning(lead.db.conn, 1)
    if row is None:
        warning_list.add_to_warning_list(
            lead.db,
            lead.actor,
            1,
            level=WarningLevel.YELLOW,
            reason="班主任反映",
            source=WarningSource.HEAD_TEACHER,
            now=FIXED_NOW,
        )
        row = warning_store.open_warning(lead.db.conn, 1)
    assert row is not None
    return row.id


def proposal_id(all_: dict[Role, Session]) -> int:
    school(all_)
    lead = all_[Role.LEAD]
    with lead.db.transaction() as conn:
        return warning_store.insert_proposal(
            conn, student_id=2, level=WarningLevel.YELLOW, reason="筛查阳性", now=FIXED_NOW
        )


def red_proposal_with_request(all_: dict[Role, Session]) -> int:
    """A red proposal a counselor asked to reject: waiting for the lead's co-signature."""
    school(all_)
    c = all_[Role.COUNSELOR]
    with c.db.transaction() as conn:
        pid = warning_store.insert_proposal(
            conn, student_id=2, level=WarningLevel.RED, reason="ASQ 阳性", now=FIXED_NOW
        )
    proposals.reject_proposal(c.db, c.actor, pid, reason="复评访谈未见异常", now=FIXED_NOW)
    return pid


def _level_change(s: Session, all_: dict[Role, Session], _keys: object = None) -> object:
    wid = warning_id(all_)
    current = warning_store.by_id(all_[Role.LEAD].db.conn, wid)
    assert current is not None
    level = WarningLevel.RED if current.level is not WarningLevel.RED else WarningLevel.ORANGE
    return warning_list.change_warning_level(s.db, s.actor, wid, level=level, reason="复评后调整", now=FIXED_NOW)


def _new_student_for_warning(s: Session, all_: dict[Role, Session], _keys: object = None) -> object:
    school(all_)
    sid = 2 + next(_ids) % 5  # students 3..6, freed again by closing below
    existing = warning_store.open_warning(all_[Role.LEAD].db.conn, sid)
    if existing is not None:
        lead = all_[Role.LEAD]
        warning_list.close_warning(lead.db, lead.actor, existing.id, reason="测试解除", now=FIXED_NOW)
    return warning_list.add_to_warning_list(
        s.db,
        s.actor,
        sid,
        level=WarningLevel.YELLOW,
        reason="心理委员反映",
        source=WarningSource.PEER_MONITOR,
        now=FIXED_NOW,
    )


def _close(s: Session, all_: dict[Role, Session], _keys: object = None) -> object:
    wid = warning_id(all_)
    return warning_list.close_warning(s.db, s.actor, wid, reason="稳定，解除预警", now=FIXED_NOW)


def _status(s: Session, all_: dict[Role, Session], _keys: object = None) -> object:
    """转出 (休学 and 复学 have their own workflow: matrix_leave_return)."""
    school(all_)
    return students.change_student_status(
        s.db, s.actor, 4, to_status=StudentStatus.TRANSFERRED, on_date=date(2025, 10, 1), reason="测试", now=FIXED_NOW
    )


def _new_year(s: Session, all_: dict[Role, Session], _keys: object = None) -> object:
    year = 2030 + next(_ids)
    first, second = default_terms(year)
    return school_calendar.add_school_year(s.db, s.actor, start_year=year, first=first, second=second, now=FIXED_NOW)


def _term_dates(s: Session, all_: dict[Role, Session], _keys: object = None) -> object:
    admin = all_[Role.ADMIN]
    if not school_calendar.list_terms(admin.db, admin.actor, now=FIXED_NOW):
        first, second = default_terms(2025)
        school_calendar.add_school_year(
            admin.db, admin.actor, start_year=2025, first=first, second=second, now=FIXED_NOW
        )
    term = school_calendar.list_terms(admin.db, admin.actor, now=FIXED_NOW)[0]
    return school_calendar.update_term_dates(s.db, s.actor, term.id, start=term.start, end=term.end, now=FIXED_NOW)


CARE_MATRIX: dict[str, tuple[frozenset[Role], Any]] = {
    "student_records.search_students": (
        ROSTER,
        lambda s, a, k: students.search_students(s.db, s.actor, "张", now=FIXED_NOW),
    ),
    "student_records.open_student_file": (
        ROSTER,
        lambda s, a, k: (school(a), students.open_student_file(s.db, s.actor, 1, now=FIXED_NOW)),
    ),
    "student_records.set_student_flags": (
        CARE,
        lambda s, a, k: (school(a), students.set_student_flags(s.db, s.actor, 2, {"离异"}, now=FIXED_NOW)),
    ),
    "student_records.change_student_status": (CARE, _status),
    "student_records.save_student_background": (
        CARE,
        lambda s, a, k: (
            school(a),
            students.save_student_background(
                s.db, s.actor, 1, growth="成长史", life="生活史", support="支持系统", now=FIXED_NOW
            ),
        ),
    ),
    "timeline.student_timeline": (
        ROSTER,
        lambda s, a, k: (school(a), timeline.student_timeline(s.db, s.actor, 1, sources=TIMELINE, now=FIXED_NOW)),
    ),
    "warning_list.list_warnings": (CARE, lambda s, a, k: warning_list.list_warnings(s.db, s.actor, now=FIXED_NOW)),
    "warning_list.reviews_due": (CARE, lambda s, a, k: warning_list.reviews_due(s.db, s.actor, now=FIXED_NOW)),
    "warning_list.warning_history": (
        CARE,
        lambda s, a, k: warning_list.warning_history(s.db, s.actor, warning_id(a), now=FIXED_NOW),
    ),
    "warning_list.warning_counts": (ALL, lambda s, a, k: warning_list.warning_counts(s.db, s.actor, now=FIXED_NOW)),
    "warning_list.add_to_warning_list": (CARE, _new_student_for_warning),
    "warning_list.change_warning_level": (CARE, _level_change),
    "warning_list.record_review": (
        CARE,
        lambda s, a, k: warning_list.record_review(s.db, s.actor, warning_id(a), reason="复评：平稳", now=FIXED_NOW),
    ),
    "warning_list.close_warning": (CARE, _close),
    "proposals.pending_proposals": (CARE, lambda s, a, k: proposals.pending_proposals(s.db, s.actor, now=FIXED_NOW)),
    "proposals.confirm_proposal": (
        CARE,
        lambda s, a, k: proposals.confirm_proposal(
            s.db, s.actor, proposal_id(a), level=WarningLevel.YELLOW, reason="核实", now=FIXED_NOW
        ),
    ),
    "proposals.reject_proposal": (
        CARE,
        lambda s, a, k: proposals.reject_proposal(s.db, s.actor, proposal_id(a), reason="访谈未见异常", now=FIXED_NOW),
    ),
    "proposals.cosign_rejection": (
        frozenset({Role.LEAD}),
        lambda s, a, k: proposals.cosign_rejection(s.db, s.actor, red_proposal_with_request(a), now=FIXED_NOW),
    ),
    "warning_list.record_guardian_notice": (
        CARE,
        lambda s, a, k: warning_list.record_guardian_notice(
            s.db,
            s.actor,
            warning_id(a),
            told_at=FIXED_NOW,
            channel=NoticeChannel.PHONE,
            told_by="心理教师 王老师",
            guardian="母亲",
            response="同意配合学校关注",
            now=FIXED_NOW,
        ),
    ),
    "mentoring.mentor_soft_limit": (ALL, lambda s, a, k: mentoring.mentor_soft_limit(s.db, s.actor, now=FIXED_NOW)),
    "mentoring.set_mentor_soft_limit": (
        ADMIN,
        lambda s, a, k: mentoring.set_mentor_soft_limit(s.db, s.actor, 20, now=FIXED_NOW),
    ),
    "mentoring.mentor_choices": (CARE, lambda s, a, k: mentoring.mentor_choices(s.db, s.actor, now=FIXED_NOW)),
    "mentoring.assign_mentor": (
        CARE,
        lambda s, a, k: mentoring.assign_mentor(s.db, s.actor, 1, staff_id=school(a)["mentor"], now=FIXED_NOW),
    ),
    "mentoring.save_care_plan": (
        CARE,
        lambda s, a, k: (
            school(a),
            mentoring.save_care_plan(s.db, s.actor, 1, goals="目标", measures="措施", now=FIXED_NOW),
        ),
    ),
    "mentoring.mentor_coverage": (CARE, lambda s, a, k: mentoring.mentor_coverage(s.db, s.actor, now=FIXED_NOW)),
    "peer_reports.monitor_coverage": (ALL, lambda s, a, k: peer_reports.monitor_coverage(s.db, s.actor, now=FIXED_NOW)),
    "peer_reports.set_peer_monitors": (
        CARE,
        lambda s, a, k: peer_reports.set_peer_monitors(s.db, s.actor, school(a)["class"], [1, 2], now=FIXED_NOW),
    ),
    "peer_reports.record_peer_report": (
        CARE,
        lambda s, a, k: peer_reports.record_peer_report(
            s.db,
            s.actor,
            class_id=school(a)["class"],
            student_id=3,
            reporter="心理委员",
            concern="情绪低落",
            reported_on=date(2025, 10, 1),
            now=FIXED_NOW,
        ),
    ),
    "peer_reports.list_peer_reports": (
        CARE,
        lambda s, a, k: peer_reports.list_peer_reports(s.db, s.actor, now=FIXED_NOW),
    ),
    "school_structure.list_classes": (
        ROSTER,
        lambda s, a, k: school_structure.list_classes(s.db, s.actor, now=FIXED_NOW),
    ),
    "school_structure.list_staff": (ROSTER, lambda s, a, k: school_structure.list_staff(s.db, s.actor, now=FIXED_NOW)),
    "school_calendar.list_terms": (ALL, lambda s, a, k: school_calendar.list_terms(s.db, s.actor, now=FIXED_NOW)),
    "school_calendar.add_school_year": (ADMIN, _new_year),
    "school_calendar.update_term_dates": (ADMIN, _term_dates),
    "school_structure.add_staff": (
        ADMIN,
        lambda s, a, k: school_structure.add_staff(
            s.db, s.actor, name="钱老师", gender="女", position=StaffPosition.SUBJECT_TEACHER, now=FIXED_NOW
        ),
    ),
    "school_structure.preview_rollover": (
        ADMIN,
        lambda s, a, k: (school(a), school_structure.preview_rollover(s.db, s.actor, now=FIXED_NOW)),
    ),
    "school_structure.apply_rollover": (
        ADMIN,
        lambda s, a, k: (
            school(a),
            school_structure.apply_rollover(s.db, s.actor, on_date=date(2026, 7, 10), now=FIXED_NOW),
        ),
    ),
}
