"""Issue #11 item 4, acceptance: "the principal sees incident status and counts, and no note text,
through every read path (test per path)" — walked as someone at a Python prompt with the principal's
session would walk it, and again with the admin's (the other school-key-only account).

The incident is seeded with distinctive text in every free-text field (事件经过, 地点, 陪护细节,
通知对象, 事后安抚原因, 随访情况, 处置小结) and a 保密例外 whose justification and disclosure are
distinctive too; each path either refuses (AccessDenied, in Chinese) or returns nothing of it.

Public functions of services/crisis and services/referrals, and where each is covered here:
- incident_overview.incident_overview — allowed: status, timings, counts (test_overview_*)
- incidents.my_incidents, incidents.get_incident — refused (test_incident_reads_*)
- incidents.open_incident, record_event, set_risk_level, add_team_member, submit_incident,
  cosign_incident, return_incident — refused, nothing changes (test_incident_writes_*)
- aftercare.aftercare_todos, aftercare.incident_cosign_todos — refused (test_aftercare_todos_*)
- aftercare.add_aftercare_person, plan_followup, record_followup — refused (test_aftercare_writes_*)
- aftercare.aftercare_views; incident_access.access_of, facts_of, readable_incident_ids,
  audit_change, require_counselor, _readable_incident — building blocks without (or before) a
  check: on a school-key session the care store is not attached, so they cannot read an incident
  (test_building_blocks_*)
- confidentiality.get_confidentiality_exception, exception_notice,
  record_confidentiality_exception — refused (test_confidentiality_*)
- crisis_plan.get_crisis_plan, save_crisis_plan — refused; the plan holds no incident anyway
- referrals.my_referrals, get_referral (referral_views), referral_todos, suggest_referral,
  record_consent, record_refusal, refer_to_partner, record_feedback, close_referral,
  follow_ups.schedule_follow_up, record_follow_up — refused (test_referral_*); partners.* are the
  school's hospital list (no incident); referral_access.* are building blocks after a check
Other read paths: services/today.today_board, accounts/audit_trail.recent_audit,
cases/search.search_care_texts, students/student_records.open_student_file and search_students,
students/timeline.student_timeline, cases/case_views.student_case_file, care/warning_list
(list_warnings, reviews_due, warning_history, warning_counts), care/proposals.pending_proposals,
care/peer_reports.list_peer_reports, accounts/integrity.check_database.
What the school store itself holds is tested in test_incident_principal.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from counselroom.domain.crisis.confidentiality import Recipient
from counselroom.domain.errors import AccessDenied, CounselRoomError
from counselroom.domain.roles import Role
from counselroom.services import today
from counselroom.services.accounts import audit_trail, integrity
from counselroom.services.accounts.session import Session
from counselroom.services.care import peer_reports, proposals, warning_list
from counselroom.services.cases import case_views, search
from counselroom.services.crisis import aftercare, confidentiality, crisis_plan, incident_access, incidents
from counselroom.services.crisis.incident_overview import incident_overview
from counselroom.services.referrals import follow_ups, referral_todos, referral_views, referrals
from counselroom.services.registry import build_registry
from counselroom.services.students import student_records, timeline
from counselroom.store.crisis import incidents as incident_store
from tests.conftest import FIXED_NOW
from tests.services.crisis_data import CANARIES, counselors_incident, finish_followups, handled

TOMORROW = FIXED_NOW + timedelta(days=1)
EXCEPTION = {"justification": "金丝雀保密理由巳午", "disclosed": "金丝雀告知内容未申"}
# Besides the free texts: the students' names (当事 and after-care), the teacher looked after,
# the kind and the risk level of the incident.
SECRETS = (*CANARIES.values(), *EXCEPTION.values(), "张晓明", "李雨涵", "周老师", "自伤", "高风险")
VIEWERS = [Role.PRINCIPAL, Role.ADMIN]


def _no_secret_in(value: object) -> None:
    text = repr(value)
    assert not [s for s in SECRETS if s in text], text


@pytest.fixture
def seeded(sessions: dict[Role, Session]) -> dict[str, int]:
    """An incident handled and submitted (待会签: still open), its follow-ups done with an outcome,
    and a 保密例外 recorded for it by the lead."""
    incident_id = counselors_incident(sessions)
    people = handled(sessions, incident_id)
    c, lead = sessions[Role.COUNSELOR], sessions[Role.LEAD]
    finish_followups(c, incident_id, TOMORROW)
    incidents.submit_incident(c.db, c.actor, incident_id, summary=CANARIES["closing"], now=TOMORROW)
    exception_id = confidentiality.record_confidentiality_exception(
        lead.db, lead.actor, 1, category="生命安全风险", recipients=[Recipient("李某", "母亲")],
        justification=EXCEPTION["justification"], disclosed=EXCEPTION["disclosed"], disclosed_at=FIXED_NOW,
        incident_id=incident_id, now=FIXED_NOW,
    )  # fmt: skip
    followup = incidents.get_incident(lead.db, lead.actor, incident_id, now=TOMORROW).aftercare[0].followups[0].id
    return {"incident": incident_id, "exception": exception_id, "person": people["classmate"], "followup": followup}


def _refused(call: Callable[[], object]) -> None:
    """Refused with a Chinese reason that itself names no secret."""
    with pytest.raises(AccessDenied) as refused:
        call()
    message = str(refused.value)
    assert message and any("\u4e00" <= ch <= "\u9fff" for ch in message), message
    _no_secret_in(message)


# -- the one allowed path ---------------------------------------------------------------------


@pytest.mark.parametrize("role", VIEWERS)
def test_overview_shows_number_status_timings_and_counts_only(
    sessions: dict[Role, Session], seeded: dict[str, int], role: Role
) -> None:
    s = sessions[role]
    overview = incident_overview(s.db, s.actor, now=TOMORROW)
    assert overview.total == 1 and overview.by_status == {"处置中": 0, "待会签": 1, "已结案": 0}
    (view,) = overview.incidents
    assert (view.number, view.status, view.closed_at) == (seeded["incident"], "待会签", "")
    assert view.leader_notified_at == "2025-10-13T07:55" and view.minutes_to_leader == 20
    assert (view.aftercare_people, view.followups_done, view.followups_planned) == ("<5", 2, 2)
    _no_secret_in(overview)


# -- the incident services --------------------------------------------------------------------


@pytest.mark.parametrize("role", VIEWERS)
def test_incident_reads_my_incidents_is_refused(
    sessions: dict[Role, Session], seeded: dict[str, int], role: Role
) -> None:
    s = sessions[role]
    _refused(lambda: incidents.my_incidents(s.db, s.actor, now=TOMORROW))


@pytest.mark.parametrize("role", VIEWERS)
def test_incident_reads_get_incident_is_refused(
    sessions: dict[Role, Session], seeded: dict[str, int], role: Role
) -> None:
    s = sessions[role]
    _refused(lambda: incidents.get_incident(s.db, s.actor, seeded["incident"], now=TOMORROW))


def _incident_writes(s: Session, ids: dict[str, int]) -> list[Callable[[], object]]:
    i = ids["incident"]
    return [
        lambda: incidents.open_incident(
            s.db,
            s.actor,
            kind="他伤",
            risk_level="中",
            summary="试",
            occurred_at=FIXED_NOW,
            student_ids=[3],
            now=TOMORROW,
        ),
        lambda: incidents.record_event(s.db, s.actor, i, kind="陪护", at=FIXED_NOW, whom="我", now=TOMORROW),
        lambda: incidents.set_risk_level(s.db, s.actor, i, "低", reason="试", now=TOMORROW),
        lambda: incidents.add_team_member(s.db, s.actor, i, int(s.actor.user_id), now=TOMORROW),
        lambda: incidents.submit_incident(s.db, s.actor, i, summary="试", now=TOMORROW),
        lambda: incidents.cosign_incident(s.db, s.actor, i, now=TOMORROW),
        lambda: incidents.return_incident(s.db, s.actor, i, reason="试", now=TOMORROW),
    ]


@pytest.mark.parametrize("role", VIEWERS)
def test_incident_writes_are_refused_and_change_nothing(
    sessions: dict[Role, Session], seeded: dict[str, int], role: Role
) -> None:
    s = sessions[role]
    before = incident_overview(s.db, s.actor, now=TOMORROW)
    for call in _incident_writes(s, seeded):
        _refused(call)
    assert incident_overview(s.db, s.actor, now=TOMORROW) == before


@pytest.mark.parametrize("role", VIEWERS)
def test_aftercare_todos_are_refused(sessions: dict[Role, Session], seeded: dict[str, int], role: Role) -> None:
    s = sessions[role]
    _refused(lambda: aftercare.aftercare_todos(s.db, s.actor, TOMORROW))
    _refused(lambda: aftercare.incident_cosign_todos(s.db, s.actor, TOMORROW))


@pytest.mark.parametrize("role", VIEWERS)
def test_aftercare_writes_are_refused(sessions: dict[Role, Session], seeded: dict[str, int], role: Role) -> None:
    s = sessions[role]
    _refused(
        lambda: aftercare.add_aftercare_person(
            s.db, s.actor, seeded["incident"], student_id=3, reason="好友", now=TOMORROW
        )
    )
    _refused(lambda: aftercare.plan_followup(s.db, s.actor, seeded["person"], due_on=date(2025, 10, 20), now=TOMORROW))
    _refused(
        lambda: aftercare.record_followup(
            s.db, s.actor, seeded["followup"], done_on=TOMORROW.date(), outcome="试", now=TOMORROW
        )
    )


@pytest.mark.parametrize("role", VIEWERS)
def test_building_blocks_cannot_reach_the_care_store(
    sessions: dict[Role, Session], seeded: dict[str, int], role: Role
) -> None:
    """Called past the services: a school-key session has no care store attached to read from."""
    s = sessions[role]
    assert not s.db.has_care
    assert incident_access.readable_incident_ids(s.db, s.actor) == set()
    tries: list[Callable[[], Any]] = [
        lambda: aftercare.aftercare_views(s.db, seeded["incident"], TOMORROW),
        lambda: incident_store.get_incident(s.db.conn, seeded["incident"]),
        lambda: incident_store.all_incidents(s.db.conn),
        lambda: incident_access._readable_incident(s.db, s.actor, seeded["incident"], TOMORROW),
    ]
    for call in tries:
        with pytest.raises(Exception) as failed:  # sqlite's "no such table"
            call()
        _no_secret_in(failed.value)
    with pytest.raises(CounselRoomError):  # the responsible counselor's account is not the admin's to check
        incident_access.require_counselor(s.db, int(s.actor.user_id))


# -- 保密例外 and the crisis plan -----------------------------------------------------------------


@pytest.mark.parametrize("role", VIEWERS)
def test_confidentiality_exception_and_notice_are_refused(
    sessions: dict[Role, Session], seeded: dict[str, int], role: Role
) -> None:
    s = sessions[role]
    _refused(lambda: confidentiality.get_confidentiality_exception(s.db, s.actor, seeded["exception"], now=TOMORROW))
    _refused(lambda: confidentiality.exception_notice(s.db, s.actor, seeded["exception"], now=TOMORROW))
    _refused(
        lambda: confidentiality.record_confidentiality_exception(
            s.db,
            s.actor,
            1,
            category="生命安全风险",
            recipients=[Recipient("李某", "母亲")],
            justification="试",
            disclosed="试",
            disclosed_at=FIXED_NOW,
            incident_id=seeded["incident"],
            now=TOMORROW,
        )
    )


@pytest.mark.parametrize("role", VIEWERS)
def test_crisis_plan_is_refused(sessions: dict[Role, Session], seeded: dict[str, int], role: Role) -> None:
    s = sessions[role]
    _refused(lambda: crisis_plan.get_crisis_plan(s.db, s.actor, now=TOMORROW))
    _refused(lambda: crisis_plan.save_crisis_plan(s.db, s.actor, team=[], steps=[], contacts=[], now=TOMORROW))


# -- referrals (an incident's 转介 goes there) ----------------------------------------------------


@pytest.mark.parametrize("role", VIEWERS)
def test_referral_reads_and_todos_are_refused(
    sessions: dict[Role, Session], seeded: dict[str, int], role: Role
) -> None:
    s = sessions[role]
    _refused(lambda: referral_views.my_referrals(s.db, s.actor, now=TOMORROW))
    _refused(lambda: referral_views.get_referral(s.db, s.actor, 1, now=TOMORROW))
    _refused(lambda: referral_todos.referral_todos(s.db, s.actor, TOMORROW))


@pytest.mark.parametrize("role", VIEWERS)
def test_referral_writes_are_refused(sessions: dict[Role, Session], seeded: dict[str, int], role: Role) -> None:
    s = sessions[role]
    day = TOMORROW.date()
    for call in (
        lambda: referrals.suggest_referral(s.db, s.actor, 1, reason="试", now=TOMORROW),
        lambda: referrals.record_consent(
            s.db, s.actor, 1, guardian="母亲", informed_on=day, informed_how="电话", now=TOMORROW
        ),
        lambda: referrals.record_refusal(
            s.db,
            s.actor,
            1,
            guardian="母亲",
            informed_on=day,
            informed_how="电话",
            plan="试",
            reoffer_on=day,
            now=TOMORROW,
        ),
        lambda: referrals.refer_to_partner(
            s.db, s.actor, 1, partner_id=1, referred_on=day, sent_items=[], now=TOMORROW
        ),
        lambda: referrals.record_feedback(s.db, s.actor, 1, received_on=day, source="医院", text="试", now=TOMORROW),
        lambda: referrals.close_referral(s.db, s.actor, 1, summary="试", now=TOMORROW),
        lambda: follow_ups.schedule_follow_up(s.db, s.actor, 1, due_on=day, now=TOMORROW),
        lambda: follow_ups.record_follow_up(s.db, s.actor, 1, done_on=day, note="试", now=TOMORROW),
    ):
        _refused(call)


# -- the other pages' services --------------------------------------------------------------


@pytest.mark.parametrize("role", VIEWERS)
def test_today_board_has_no_incident_content(sessions: dict[Role, Session], seeded: dict[str, int], role: Role) -> None:
    s = sessions[role]
    board = today.today_board(s.db, s.actor, sources=build_registry().todo_sources, now=TOMORROW)
    assert board.todos == ()  # no incident 待办 (事后安抚, 会签) reaches a school-key account
    _no_secret_in(board)


def test_audit_log_view_is_refused_to_the_principal(sessions: dict[Role, Session], seeded: dict[str, int]) -> None:
    p = sessions[Role.PRINCIPAL]
    _refused(lambda: audit_trail.recent_audit(p.db, p.actor, now=TOMORROW))


def test_audit_log_view_shows_the_admin_ids_and_fixed_words_only(
    sessions: dict[Role, Session], seeded: dict[str, int]
) -> None:
    admin = sessions[Role.ADMIN]
    lines = audit_trail.recent_audit(admin.db, admin.actor, now=TOMORROW, limit=1000)
    about = [line for line in lines if line.object.startswith(("危机事件", "保密例外"))]
    assert len(about) >= 8  # 登记, the time line, after-care, 提交会签, the 保密例外 and its reads
    _no_secret_in(lines)


@pytest.mark.parametrize("role", VIEWERS)
def test_care_text_search_is_refused(sessions: dict[Role, Session], seeded: dict[str, int], role: Role) -> None:
    s = sessions[role]
    for query in (CANARIES["summary"], CANARIES["closing"], EXCEPTION["justification"], "张晓明"):
        _refused(lambda q=query: search.search_care_texts(s.db, s.actor, q, now=TOMORROW))


def test_student_file_views_are_refused_to_the_principal(sessions: dict[Role, Session], seeded: dict[str, int]) -> None:
    p = sessions[Role.PRINCIPAL]
    sources = build_registry().timeline_sources
    _refused(lambda: student_records.search_students(p.db, p.actor, "张", now=TOMORROW))
    _refused(lambda: student_records.open_student_file(p.db, p.actor, 1, now=TOMORROW))
    _refused(lambda: timeline.student_timeline(p.db, p.actor, 1, sources=sources, now=TOMORROW))
    _refused(lambda: case_views.student_case_file(p.db, p.actor, 1, now=TOMORROW))


def test_student_file_views_of_the_admin_hold_no_incident_text(
    sessions: dict[Role, Session], seeded: dict[str, int]
) -> None:
    """The admin keeps the roster, so sees the student's name — never the incident's content."""
    admin = sessions[Role.ADMIN]
    secrets_but_names = [s for s in SECRETS if s not in ("张晓明", "李雨涵", "周老师")]
    file = student_records.open_student_file(admin.db, admin.actor, 1, now=TOMORROW)
    events = timeline.student_timeline(
        admin.db, admin.actor, 1, sources=build_registry().timeline_sources, now=TOMORROW
    )
    assert not [s for s in secrets_but_names if s in repr((file, events))]
    assert not file.can_see_care and events == []
    _refused(lambda: case_views.student_case_file(admin.db, admin.actor, 1, now=TOMORROW))


@pytest.mark.parametrize("role", VIEWERS)
def test_warning_list_services_refuse_names_and_count_without_text(
    sessions: dict[Role, Session], seeded: dict[str, int], role: Role
) -> None:
    s = sessions[role]
    _refused(lambda: warning_list.list_warnings(s.db, s.actor, now=TOMORROW))
    _refused(lambda: warning_list.reviews_due(s.db, s.actor, now=TOMORROW))
    _refused(lambda: warning_list.warning_history(s.db, s.actor, 1, now=TOMORROW))
    _refused(lambda: proposals.pending_proposals(s.db, s.actor, now=TOMORROW))
    _refused(lambda: peer_reports.list_peer_reports(s.db, s.actor, now=TOMORROW))
    _no_secret_in(warning_list.warning_counts(s.db, s.actor, now=TOMORROW))


def test_integrity_check_is_refused_to_the_principal(sessions: dict[Role, Session], seeded: dict[str, int]) -> None:
    p = sessions[Role.PRINCIPAL]
    _refused(lambda: integrity.check_database(p.db, p.actor, now=TOMORROW))


def test_integrity_check_of_the_admin_says_nothing_of_the_incident(
    sessions: dict[Role, Session], seeded: dict[str, int]
) -> None:
    admin = sessions[Role.ADMIN]
    _no_secret_in(integrity.check_database(admin.db, admin.actor, now=TOMORROW))
