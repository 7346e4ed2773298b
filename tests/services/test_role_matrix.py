"""SECURITY.md 8: every public service function × every role.

A public service function that takes an `actor` and is missing from MATRIX fails the test, so a
new service cannot ship without saying who may call it.
"""

from __future__ import annotations

import importlib
import inspect
import itertools
import pkgutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import counselroom.services
from counselroom.domain.errors import AccessDenied
from counselroom.domain.roles import Role
from counselroom.services import today
from counselroom.services.accounts import accounts, audit_trail, drafts, integrity
from counselroom.services.accounts.session import Session
from counselroom.services.registry import build_registry
from counselroom.services.school import school_info
from counselroom.services.students import enrolment_import
from tests.conftest import FIXED_NOW, PASSWORD
from tests.services.matrix_activities_care import ACTIVITIES_CARE_BUILDING_BLOCKS, ACTIVITIES_CARE_MATRIX
from tests.services.matrix_activities_coverage import ACTIVITY_COVERAGE_MATRIX
from tests.services.matrix_activities_school import ACTIVITIES_SCHOOL_MATRIX
from tests.services.matrix_appointments import APPOINTMENT_MATRIX
from tests.services.matrix_backups import BACKUP_MATRIX
from tests.services.matrix_care import CARE_MATRIX
from tests.services.matrix_care_access import CARE_ACCESS_MATRIX, throwaway_counselor
from tests.services.matrix_case_views import CASE_VIEWS_MATRIX
from tests.services.matrix_cases import ATTACHMENT_MATRIX, CASES_MATRIX, NOTES_MATRIX, PLAN_MATRIX, SEARCH_MATRIX
from tests.services.matrix_crisis import CRISIS_MATRIX, CRISIS_PRE_AUTH
from tests.services.matrix_duty import DUTY_MATRIX
from tests.services.matrix_exports import EXPORTS_BUILDING_BLOCKS, EXPORTS_MATRIX
from tests.services.matrix_leave_return import LEAVE_RETURN_MATRIX
from tests.services.matrix_print_data import PRINT_DATA_MATRIX
from tests.services.matrix_printouts import FORMS_BUILDING_BLOCKS, FORMS_MATRIX, PRINTOUTS_MATRIX
from tests.services.matrix_referrals import PARTNERS_MATRIX, REFERRAL_BUILDING_BLOCKS, REFERRALS_MATRIX
from tests.services.matrix_report_files import REPORT_FILES_MATRIX
from tests.services.matrix_reports import REPORTS_MATRIX
from tests.services.matrix_retention import RETENTION_MATRIX
from tests.services.matrix_risk import RISK_MATRIX
from tests.services.matrix_rooms import ROOM_MATRIX
from tests.services.matrix_school import SCHOOL_MATRIX
from tests.services.matrix_screening import SCREENING_MATRIX
from tests.services.matrix_timetable import TIMETABLE_MATRIX

ALL = frozenset(Role)
_names = itertools.count()


def _small_enrolment() -> Path:
    """A two-student sheet in the test's own temp folder (conftest points tempfile there)."""
    path = Path(tempfile.mkdtemp()) / "名单.csv"
    path.write_text("学号,姓名,性别,班级\n1,张三,男,初一(1)班\n2,李四,女,初一(1)班\n", encoding="utf-8")
    return path


def _throwaway_user(admin: Session, keys: Any) -> int:
    return throwaway_counselor(admin, keys)[0]


Invoker = Callable[[Session, dict[Role, Session], Any], object]

# name -> (roles allowed, how to call it as `session`)
MATRIX: dict[str, tuple[frozenset[Role], Invoker]] = {
    "accounts.list_accounts": (
        frozenset({Role.ADMIN, Role.LEAD}),  # the lead confirms colleagues' care access from it
        lambda s, all_, k: accounts.list_accounts(s.db, s.actor, now=FIXED_NOW),
    ),
    "accounts.add_account": (
        frozenset({Role.ADMIN}),
        lambda s, all_, k: accounts.add_account(
            s.db,
            s.actor,
            username=f"new{next(_names)}",
            display_name="新老师",
            role=Role.COUNSELOR,
            password=PASSWORD,
            now=FIXED_NOW,
            keys=k,
        ),
    ),
    "accounts.reset_password": (
        frozenset({Role.ADMIN}),
        lambda s, all_, k: accounts.reset_password(
            s.db,
            s.actor,
            user_id=_throwaway_user(all_[Role.ADMIN], k),
            new_password="another-pass-1",
            now=FIXED_NOW,
            keys=k,
        ),
    ),
    "accounts.deactivate_account": (
        frozenset({Role.ADMIN}),
        lambda s, all_, k: accounts.deactivate_account(
            s.db, s.actor, user_id=_throwaway_user(all_[Role.ADMIN], k), now=FIXED_NOW
        ),
    ),
    "accounts.change_own_password": (
        ALL,
        lambda s, all_, k: accounts.change_own_password(
            s.db, s.actor, old_password=PASSWORD, new_password="changed-pass-1", now=FIXED_NOW, keys=k
        ),
    ),
    "audit_trail.recent_audit": (
        frozenset({Role.ADMIN, Role.LEAD}),
        lambda s, all_, k: audit_trail.recent_audit(s.db, s.actor, now=FIXED_NOW),
    ),
    "integrity.check_database": (
        frozenset({Role.ADMIN, Role.LEAD}),
        lambda s, all_, k: integrity.check_database(s.db, s.actor, now=FIXED_NOW),
    ),
    "school_info.school_overview": (ALL, lambda s, all_, k: school_info.school_overview(s.db, s.actor, now=FIXED_NOW)),
    "school_info.set_idle_lock_minutes": (
        frozenset({Role.ADMIN}),
        lambda s, all_, k: school_info.set_idle_lock_minutes(s.db, s.actor, minutes=10, now=FIXED_NOW),
    ),
    "drafts.keep_drafts": (ALL, lambda s, all_, k: drafts.keep_drafts(s.db, s.actor, {"note": "草稿"}, now=FIXED_NOW)),
    "drafts.take_drafts": (ALL, lambda s, all_, k: drafts.take_drafts(s.db, s.actor, now=FIXED_NOW)),
    "enrolment_import.preview_enrolment_import": (
        frozenset({Role.ADMIN, Role.LEAD}),  # the lead's import includes 家庭情况 (care data)
        lambda s, all_, k: enrolment_import.preview_enrolment_import(s.db, s.actor, _small_enrolment(), now=FIXED_NOW),
    ),
    "enrolment_import.apply_enrolment_import": (
        frozenset({Role.ADMIN, Role.LEAD}),  # the lead's import includes 家庭情况 (care data)
        lambda s, all_, k: enrolment_import.apply_enrolment_import(s.db, s.actor, _small_enrolment(), now=FIXED_NOW),
    ),
}

MATRIX.update(CARE_MATRIX)
MATRIX.update(CARE_ACCESS_MATRIX)
MATRIX.update(CASES_MATRIX)
MATRIX.update(NOTES_MATRIX)
MATRIX.update(CASE_VIEWS_MATRIX)
MATRIX.update(PLAN_MATRIX)
MATRIX.update(ATTACHMENT_MATRIX)
MATRIX.update(SEARCH_MATRIX)
MATRIX.update(DUTY_MATRIX)
MATRIX.update(ROOM_MATRIX)
MATRIX.update(SCREENING_MATRIX)
MATRIX.update(PRINTOUTS_MATRIX)
MATRIX.update(FORMS_MATRIX)
MATRIX.update(APPOINTMENT_MATRIX)
MATRIX.update(BACKUP_MATRIX)
MATRIX.update(PRINT_DATA_MATRIX)
MATRIX.update(RISK_MATRIX)
MATRIX.update(SCHOOL_MATRIX)
MATRIX.update(CRISIS_MATRIX)
MATRIX.update(PARTNERS_MATRIX)
MATRIX.update(REFERRALS_MATRIX)
MATRIX.update(LEAVE_RETURN_MATRIX)
MATRIX.update(TIMETABLE_MATRIX)
MATRIX.update(ACTIVITIES_CARE_MATRIX)
MATRIX.update(ACTIVITIES_SCHOOL_MATRIX)
MATRIX.update(ACTIVITY_COVERAGE_MATRIX)
MATRIX.update(REPORTS_MATRIX)
MATRIX.update(REPORT_FILES_MATRIX)
MATRIX.update(RETENTION_MATRIX)
MATRIX.update(EXPORTS_MATRIX)
MATRIX["today.today_board"] = (
    frozenset(Role),
    lambda s, a, k: today.today_board(s.db, s.actor, sources=build_registry().todo_sources, now=FIXED_NOW),
)
# The 待办 sources check access themselves too, should one be called outside today_board.
for _source in (today.review_todos, today.proposal_todos, today.attendance_todos, today.duty_log_todos):
    MATRIX[f"today.{_source.__name__}"] = (
        frozenset({Role.COUNSELOR, Role.LEAD}),
        lambda s, a, k, source=_source: source(s.db, s.actor, FIXED_NOW),
    )

# Functions that run before anyone is signed in, or take a session rather than an actor.
PRE_AUTH = {
    "setup.create_school",
    "sign_in.sign_in",
    "sign_in.recover_account",
    "sign_in.lock",
    "sign_in.logout",
    "sign_in.audit_head_warnings",
    "sign_in.anchor_warnings",
    "sign_in.care_access_notes",
    "sign_in.open_with_recovery_key",  # the recovery key is the authority; its callers are in the matrix
    "guard.may",
    # timeline sources: called only by student_timeline, after its check, each behind its permission
    "appointments.timeline_events",
    "timeline_sources.status_events",
    "timeline_sources.warning_events",
    "timeline_sources.screening_events",
    "timeline_sources.peer_report_events",
    "timeline_sources.mentor_events",
    "timeline_sources.note_events",
    "cases.readable_case_ids",  # a building block inside an authorised case service
    "store_upgrade.split_single_key_database",  # called inside sign_in, for a lead's own slot
    "demo.generate_demo_school",
    "guard.authorize",
    "guard.deny",
    # building blocks called only from inside an authorised service call
    "warning_list.open_entry",
    "room_setup.days_between",
    "appointments.insert_booking",
    "saved_files.save_audited",
    "saved_files.save_exported",  # authorised by the export, print or report that calls it
    *CRISIS_PRE_AUTH,
    *REFERRAL_BUILDING_BLOCKS,
    *FORMS_BUILDING_BLOCKS,
    *ACTIVITIES_CARE_BUILDING_BLOCKS,
    *EXPORTS_BUILDING_BLOCKS,
}


def public_service_functions() -> dict[str, Callable[..., object]]:
    found = {}
    for info in pkgutil.walk_packages(counselroom.services.__path__, "counselroom.services."):
        if info.ispkg:
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if inspect.isfunction(obj) and obj.__module__ == module.__name__ and not name.startswith("_"):
                params = inspect.signature(obj).parameters
                if "actor" in params or "db" in params or "session" in params or "db_path" in params:
                    found[f"{info.name.rpartition('.')[2]}.{name}"] = obj
    return found


def test_every_public_service_function_is_in_the_matrix() -> None:
    missing = set(public_service_functions()) - set(MATRIX) - PRE_AUTH
    assert not missing, f"add these to MATRIX (who may call them?): {sorted(missing)}"
    stale = set(MATRIX) - set(public_service_functions())
    assert not stale, f"MATRIX names functions that no longer exist: {sorted(stale)}"


@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_role_matrix(name: str, role: Role, sessions: dict[Role, Session], keys: Any) -> None:
    allowed, invoke = MATRIX[name]
    session = sessions[role]
    before = _denials(sessions[Role.ADMIN])
    if role in allowed:
        invoke(session, sessions, keys)
        assert _denials(sessions[Role.ADMIN]) == before
    else:
        with pytest.raises(AccessDenied):
            invoke(session, sessions, keys)
        assert _denials(sessions[Role.ADMIN]) == before + 1, "a refusal must be audited"


def _denials(session: Session) -> int:
    row = session.db.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'access_denied'").fetchone()
    return int(row[0])


def test_locked_session_refuses_every_call(sessions: dict[Role, Session], keys: Any) -> None:
    from counselroom.domain.errors import SessionLocked
    from counselroom.services.accounts import sign_in

    session = sessions[Role.ADMIN]
    sign_in.lock(session, now=FIXED_NOW)
    for name, (_allowed, invoke) in MATRIX.items():
        with pytest.raises(SessionLocked):
            invoke(session, {Role.ADMIN: session}, keys)
        assert name
