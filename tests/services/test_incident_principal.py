"""Issue #11 acceptance: the principal sees incident status and counts, and no note text, through
every read path — one test per path. What the principal's session can read of an incident is the
row the care side keeps in the school store (store/crisis/incident_status.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from counselroom.domain.crisis.confidentiality import Recipient
from counselroom.domain.errors import AccessDenied
from counselroom.domain.roles import Role
from counselroom.services import today
from counselroom.services.accounts import audit_trail, integrity
from counselroom.services.accounts.session import Session
from counselroom.services.crisis import aftercare, confidentiality, incident_overview, incidents
from counselroom.services.registry import build_registry
from counselroom.store.connection import open_encrypted
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.services.crisis_data import CANARIES, OPENED, counselors_incident, finish_followups, handled
from tests.services.test_two_keys_attacks import _school_key_of_principal

TOMORROW = FIXED_NOW + timedelta(days=1)
SECRETS = (*CANARIES.values(), "自伤", "高风险", "李雨涵", "张晓明", "周老师")


def _closed_and_open(sessions: dict[Role, Session]) -> tuple[int, int]:
    """One incident handled to closure, one still 处置中 (a second student, not yet reported up)."""
    closed = counselors_incident(sessions)
    handled(sessions, closed)
    c, lead = sessions[Role.COUNSELOR], sessions[Role.LEAD]
    finish_followups(c, closed, TOMORROW)
    incidents.submit_incident(c.db, c.actor, closed, summary=CANARIES["closing"], now=TOMORROW)
    incidents.cosign_incident(lead.db, lead.actor, closed, now=TOMORROW + timedelta(hours=1))
    still = incidents.open_incident(
        c.db, c.actor, kind="他伤", risk_level="中", summary=CANARIES["summary"], occurred_at=TOMORROW,
        student_ids=[4], now=TOMORROW,
    )  # fmt: skip
    return closed, still


def _no_secret_in(value: object) -> None:
    text = repr(value)
    assert not [s for s in SECRETS if s in text], text


def test_path_overview_shows_status_timings_and_counts(sessions: dict[Role, Session]) -> None:
    closed, still = _closed_and_open(sessions)
    p = sessions[Role.PRINCIPAL]
    overview = incident_overview.incident_overview(p.db, p.actor, now=TOMORROW)
    assert overview.total == 2 and overview.by_status == {"处置中": 1, "待会签": 0, "已结案": 1}
    first, second = overview.incidents
    assert (first.number, first.status, first.leader_notified_at, first.closed_at) == (still, "处置中", "", "")
    assert (second.number, second.status) == (closed, "已结案")
    assert second.opened_at == (OPENED + timedelta(minutes=5)).isoformat(timespec="minutes")
    assert second.leader_notified_at == "2025-10-13T07:55" and second.minutes_to_leader == 20
    assert second.closed_at == "2025-10-14T10:30"
    assert (second.aftercare_people, second.followups_done, second.followups_planned) == ("<5", 2, 2)
    _no_secret_in(overview)
    lead = sessions[Role.LEAD]  # the care side sees the same rows, the small count as it is
    assert incident_overview.incident_overview(lead.db, lead.actor, now=TOMORROW).incidents[1].aftercare_people == "2"


def test_overview_since_a_terms_start_keeps_the_incidents_still_open(sessions: dict[Role, Session]) -> None:
    """本学期 on the principal's 危机事件 tab: opened since the term began, or not yet closed."""
    closed, still = _closed_and_open(sessions)
    p = sessions[Role.PRINCIPAL]
    later = incident_overview.incident_overview(p.db, p.actor, since=TOMORROW + timedelta(days=1), now=TOMORROW)
    assert [v.number for v in later.incidents] == [still] and later.by_status["已结案"] == 0
    since_both = incident_overview.incident_overview(p.db, p.actor, since=OPENED, now=TOMORROW)
    assert [v.number for v in since_both.incidents] == [still, closed] and since_both.total == 2


def test_path_incident_services_refuse_the_principal(sessions: dict[Role, Session]) -> None:
    closed, _still = _closed_and_open(sessions)
    p = sessions[Role.PRINCIPAL]
    with pytest.raises(AccessDenied):
        incidents.my_incidents(p.db, p.actor, now=TOMORROW)
    with pytest.raises(AccessDenied):
        incidents.get_incident(p.db, p.actor, closed, now=TOMORROW)
    with pytest.raises(AccessDenied):
        aftercare.aftercare_todos(p.db, p.actor, TOMORROW)
    with pytest.raises(AccessDenied):
        aftercare.incident_cosign_todos(p.db, p.actor, TOMORROW)


def test_path_today_board_has_no_incident_content(sessions: dict[Role, Session]) -> None:
    _closed_and_open(sessions)
    p = sessions[Role.PRINCIPAL]
    board = today.today_board(p.db, p.actor, sources=build_registry().todo_sources, now=TOMORROW)
    _no_secret_in(board)


def test_path_confidentiality_exceptions_refuse_the_principal(sessions: dict[Role, Session]) -> None:
    closed, _still = _closed_and_open(sessions)
    lead, p = sessions[Role.LEAD], sessions[Role.PRINCIPAL]
    exception_id = confidentiality.record_confidentiality_exception(
        lead.db, lead.actor, 1, category="生命安全风险", recipients=[Recipient("李某", "母亲")],
        justification=CANARIES["detail"], disclosed=CANARIES["summary"], disclosed_at=FIXED_NOW,
        incident_id=closed, now=FIXED_NOW,
    )  # fmt: skip
    with pytest.raises(AccessDenied):
        confidentiality.get_confidentiality_exception(p.db, p.actor, exception_id, now=TOMORROW)
    with pytest.raises(AccessDenied):
        confidentiality.exception_notice(p.db, p.actor, exception_id, now=TOMORROW)


def test_path_the_school_store_itself_holds_no_incident_text(
    school: SchoolFixture, sessions: dict[Role, Session]
) -> None:
    """With only the principal's password and the key file: every row of the school store."""
    _closed_and_open(sessions)
    lead = sessions[Role.LEAD]
    confidentiality.record_confidentiality_exception(
        lead.db, lead.actor, 1, category="虐待/性侵犯", recipients=[Recipient(CANARIES["whom"], "派出所")],
        justification=CANARIES["reason"], disclosed=CANARIES["outcome"], disclosed_at=FIXED_NOW, now=FIXED_NOW,
    )  # fmt: skip
    for s in sessions.values():
        s.db.close()
    raw = open_encrypted(school.path, _school_key_of_principal(school))
    try:
        tables = [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        assert [t for t in tables if t.startswith(("incident", "aftercare", "confidentiality"))] == ["incident_status"]
        dump = "\n".join(repr(row) for t in tables for row in raw.execute(f'SELECT * FROM "{t}"'))
        assert not [c for c in CANARIES.values() if c in dump]
        columns = [r[1] for r in raw.execute("PRAGMA table_info(incident_status)")]
        assert columns == [
            "incident_id", "status", "opened_at", "leader_notified_at", "closed_at", "aftercare_people",
            "followups_planned", "followups_done",
        ]  # fmt: skip
        audit = [r for r in raw.execute("SELECT action, object_type, detail FROM audit_log") if "incident" in r[0]]
        assert audit and all(r[1] == "incident" for r in audit)
        exceptions = raw.execute(
            "SELECT object_type, detail FROM audit_log WHERE action = 'confidentiality_exception'"
        ).fetchall()
        assert exceptions == [("confidentiality_exception", "虐待/性侵犯")]  # the category word only
    finally:
        raw.close()


def test_path_the_audit_trail_names_ids_and_fixed_words_only(sessions: dict[Role, Session]) -> None:
    _closed_and_open(sessions)
    admin = sessions[Role.ADMIN]
    lines = audit_trail.recent_audit(admin.db, admin.actor, now=TOMORROW)
    assert any(line.object.startswith("危机事件") for line in lines)
    _no_secret_in([line for line in lines if line.object.startswith("危机事件")])


def test_path_a_principal_cannot_rewrite_the_status_unseen(
    school: SchoolFixture, sessions: dict[Role, Session]
) -> None:
    """The status is written by the care side; a school-key holder's edit is found by the lead's check
    and put right."""
    closed, _still = _closed_and_open(sessions)
    for s in sessions.values():
        s.db.close()
    raw = open_encrypted(school.path, _school_key_of_principal(school))
    raw.execute("UPDATE incident_status SET leader_notified_at = NULL WHERE incident_id = ?", (closed,))
    raw.close()
    lead = school.sign_in("lead")
    try:
        report = integrity.check_database(lead.db, lead.actor, now=TOMORROW)
        assert f"汇总统计与重新计数不符：危机事件 {closed} 的处置状态：记录与重新统计不符" in report.problems
        assert integrity.check_database(lead.db, lead.actor, now=TOMORROW).ok
    finally:
        lead.db.close()
