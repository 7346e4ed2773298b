"""今日 additions of issue 8 (item 10): results with a risk answer awaiting a decision, 心理委员/
班主任 reports still 待处理, and the special times when a crisis check is due — each saying what to
do, and each cleared only by what it asks for."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from counselroom.domain.care.warnings import WarningLevel
from counselroom.domain.roles import Role
from counselroom.domain.school.terms import default_terms
from counselroom.services import today
from counselroom.services.accounts.session import Session
from counselroom.services.care import peer_reports, proposals
from counselroom.services.registry import build_registry
from counselroom.services.school import school_calendar
from counselroom.services.screening.screening_results import enter_screening
from tests.conftest import FIXED_NOW
from tests.school_data import add_small_school

TODOS = build_registry().todo_sources


@pytest.fixture
def room(sessions: dict[Role, Session]) -> dict[Role, Session]:
    add_small_school(sessions[Role.ADMIN])
    admin = sessions[Role.ADMIN]
    first, second = default_terms(2025)  # 2025-09-01 … 2026-01-20, 2026-02-20 … 2026-07-10
    school_calendar.add_school_year(admin.db, admin.actor, start_year=2025, first=first, second=second, now=FIXED_NOW)
    return sessions


def _board(s: Session, now: datetime = FIXED_NOW) -> list[today.TodoItem]:
    return list(today.today_board(s.db, s.actor, sources=TODOS, now=now).todos)


def _of(s: Session, kind: str, now: datetime = FIXED_NOW) -> list[today.TodoItem]:
    return [t for t in _board(s, now) if t.kind == kind]


def _class_id(s: Session, name: str = "初一(1)班") -> int:
    return int(s.db.conn.execute("SELECT id FROM classes WHERE name = ?", (name,)).fetchone()[0])


# -- risk answers ---------------------------------------------------------------------------


def test_a_risk_answer_waits_on_the_board_until_a_counselor_decides(room: dict[Role, Session]) -> None:
    c = room[Role.COUNSELOR]
    outcome = enter_screening(
        c.db, c.actor, 1, instrument="PHQ-9", answers=[0] * 8 + [2], taken_on=FIXED_NOW.date(),
        duration_seconds=4, now=FIXED_NOW,
    )  # fmt: skip
    assert outcome.invalid_reason  # too fast, yet the risk answer is not dropped
    [item] = _of(c, "风险作答")
    assert "张晓明（初一(1)班）" in item.text and "PHQ-9 风险题有作答" in item.text and "无效" in item.text
    assert "红色预警建议待确认" in item.text and "请尽快面谈评估" in item.text and item.page == "预警"
    assert item.overdue and _board(c)[0] == item  # red comes first
    [proposal] = proposals.pending_proposals(c.db, c.actor, now=FIXED_NOW)
    proposals.reject_proposal(c.db, c.actor, proposal.id, reason="面谈核实：误选，当前无自伤念头", now=FIXED_NOW)
    assert _of(c, "风险作答"), "a counselor's rejection of a red proposal waits for the lead's co-signature"
    lead = room[Role.LEAD]
    proposals.cosign_rejection(lead.db, lead.actor, proposal.id, now=FIXED_NOW)
    assert _of(c, "风险作答") == []


def test_orange_waits_quietly_on_its_first_day_then_shows_as_overdue(room: dict[Role, Session]) -> None:
    c = room[Role.COUNSELOR]
    enter_screening(
        c.db, c.actor, 2, instrument="ASQ", answers=[0, 9, 0, 0, 0], taken_on=FIXED_NOW.date(), now=FIXED_NOW
    )
    [item] = _of(c, "风险作答")
    assert "ASQ" in item.text and "橙色预警建议待确认" in item.text and not item.overdue
    [later] = _of(c, "风险作答", FIXED_NOW + timedelta(days=1))
    assert later.overdue
    [proposal] = proposals.pending_proposals(c.db, c.actor, now=FIXED_NOW)
    proposals.confirm_proposal(
        c.db, c.actor, proposal.id, level=WarningLevel.ORANGE, reason="拒答第2题，面谈后列入", now=FIXED_NOW
    )
    assert _of(c, "风险作答") == []


def test_a_risk_answer_without_any_proposal_is_never_out_of_sight(room: dict[Role, Session]) -> None:
    c = room[Role.COUNSELOR]
    enter_screening(c.db, c.actor, 3, instrument="PHQ-9", answers=[1] * 9, taken_on=FIXED_NOW.date(), now=FIXED_NOW)
    with c.db.transaction() as conn:
        conn.execute("DELETE FROM warning_proposals")  # as an earlier version left an invalid sheet
    [item] = _of(c, "风险作答")
    assert "王子轩" in item.text and "还没有预警建议" in item.text and item.overdue


def test_the_principal_and_admin_see_no_risk_or_report_items(room: dict[Role, Session]) -> None:
    c = room[Role.COUNSELOR]
    enter_screening(
        c.db, c.actor, 1, instrument="PHQ-9", answers=[0] * 8 + [1], taken_on=FIXED_NOW.date(), now=FIXED_NOW
    )
    _report(c)
    for role in (Role.PRINCIPAL, Role.ADMIN):
        s = room[role]
        assert {t.kind for t in _board(s)} & {"风险作答", "报告", "危机排查"} == set()
    assert {t.kind for t in _board(room[Role.LEAD])} >= {"风险作答", "报告"}


# -- reports --------------------------------------------------------------------------------


def _report(
    s: Session, *, student: int | None = 1, level: WarningLevel | None = None, on: date = date(2025, 10, 9)
) -> None:
    peer_reports.record_peer_report(
        s.db, s.actor, class_id=_class_id(s), student_id=student, reporter="心理委员 李雨涵",
        reported_on=on, concern="最近常一个人哭", now=FIXED_NOW, propose_level=level,
    )  # fmt: skip


def test_a_pending_report_says_what_to_do_until_it_is_closed(room: dict[Role, Session]) -> None:
    c = room[Role.COUNSELOR]
    _report(c)
    _report(c, student=None, on=date(2025, 10, 12))
    old, recent = _of(c, "报告")
    assert old.text.startswith("10月9日 心理委员 李雨涵报告 初一(1)班 张晓明：最近常一个人哭")
    assert "待处理：请约谈了解情况" in old.text and old.page == "预警" and old.overdue
    assert recent.text.startswith("10月12日 心理委员 李雨涵报告 初一(1)班：") and not recent.overdue
    first = min(r.id for r in peer_reports.list_peer_reports(c.db, c.actor, now=FIXED_NOW))
    changes = peer_reports.close_peer_report(c.db, c.actor, first, now=FIXED_NOW)
    assert "warnings" in changes.kinds
    assert [t.text for t in _of(c, "报告")] == [recent.text]
    with pytest.raises(Exception, match="已处理或不存在"):
        peer_reports.close_peer_report(c.db, c.actor, first, now=FIXED_NOW)


@pytest.mark.parametrize("decide", ["confirm", "reject"])
def test_deciding_a_reports_proposal_takes_the_report_off_the_board(room: dict[Role, Session], decide: str) -> None:
    c = room[Role.COUNSELOR]
    _report(c, level=WarningLevel.YELLOW)
    assert len(_of(c, "报告")) == 1
    [proposal] = proposals.pending_proposals(c.db, c.actor, now=FIXED_NOW)
    if decide == "confirm":
        proposals.confirm_proposal(
            c.db, c.actor, proposal.id, level=WarningLevel.YELLOW, reason="约谈后列入", now=FIXED_NOW
        )
    else:
        proposals.reject_proposal(c.db, c.actor, proposal.id, reason="约谈了解，是一时情绪", now=FIXED_NOW)
    assert _of(c, "报告") == []
    statuses = {r.status for r in peer_reports.list_peer_reports(c.db, c.actor, now=FIXED_NOW)}
    assert statuses == {"已转预警" if decide == "confirm" else "已处理"}


# -- special times --------------------------------------------------------------------------


def test_crisis_checks_are_dated_from_the_term_calendar(room: dict[Role, Session]) -> None:
    c = room[Role.COUNSELOR]
    assert _of(c, "危机排查") == []  # 2025-10-13: mid-term
    start = _of(c, "危机排查", datetime(2025, 9, 2, 8, 0))
    assert [t.text.split("（")[0] for t in start] == ["新生入学", "开学季"]
    assert start[0].text.startswith("新生入学（初一，9月1日—9月28日）：请开展新生心理适应帮扶")
    assert all(t.page == "预警" and not t.overdue for t in start)
    summer = _of(c, "危机排查", datetime(2026, 6, 29, 8, 0))
    assert [t.text.split("（")[0] for t in summer] == ["考试季", "毕业季"] and "初三" in summer[1].text
    spring = _of(c, "危机排查", datetime(2026, 3, 2, 8, 0))
    assert [t.text.split("（")[0] for t in spring] == ["开学季", "春季"]
    assert _of(c, "危机排查", datetime(2026, 2, 1, 8, 0)) == []  # 寒假


def test_a_red_reports_rejection_co_signed_by_the_lead_takes_the_report_off_the_board(
    room: dict[Role, Session],
) -> None:
    c, lead = room[Role.COUNSELOR], room[Role.LEAD]
    _report(c, level=WarningLevel.RED)
    [proposal] = proposals.pending_proposals(c.db, c.actor, now=FIXED_NOW)
    proposals.reject_proposal(c.db, c.actor, proposal.id, reason="约谈了解，是一时情绪", now=FIXED_NOW)
    assert len(_of(c, "报告")) == 1, "still waiting: a red rejection needs the lead"
    proposals.cosign_rejection(lead.db, lead.actor, proposal.id, now=FIXED_NOW)
    assert _of(c, "报告") == []
    assert {r.status for r in peer_reports.list_peer_reports(c.db, c.actor, now=FIXED_NOW)} == {"已处理"}
