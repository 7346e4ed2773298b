"""Entering screening, reading it back, and what a principal can (not) see."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from counselroom.domain.care.warnings import WarningLevel
from counselroom.domain.errors import AccessDenied, AlreadyExists, NotFound, ValidationError
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.screening.screening_results import (
    ScreeningSummary,
    enter_screening,
    screening_answers,
    screening_overview,
    student_screening_history,
)
from counselroom.store.care import warnings as warning_store
from tests.conftest import FIXED_NOW
from tests.services.screening_data import STUDENTS, add_screening_students

TODAY = FIXED_NOW.date()
PHQ9_MODERATE = [2, 2, 1, 1, 2, 1, 1, 2, 0]  # 12, item 9 = 0
PHQ9_ITEM9_ONLY = [1, 1, 0, 1, 0, 0, 0, 0, 1]  # 4, item 9 = 1
PHQ9_CALM = [0, 1, 0, 1, 0, 0, 0, 0, 0]


@pytest.fixture
def counselor(sessions: dict[Role, Session]) -> Session:
    add_screening_students(sessions[Role.ADMIN])
    return sessions[Role.COUNSELOR]


def enter(
    session: Session,
    student_id: int = 1,
    answers: list[int | None] = PHQ9_MODERATE,
    instrument: str = "PHQ-9",
    **kwargs: object,
):  # type: ignore[no-untyped-def]
    return enter_screening(
        session.db,
        session.actor,
        student_id,
        instrument=instrument,
        answers=answers,
        taken_on=kwargs.pop("taken_on", TODAY),
        now=FIXED_NOW,
        **kwargs,
    )  # type: ignore[arg-type]


def audit_actions(session: Session, action: str) -> list[tuple[str, str, str]]:
    return session.db.conn.execute(
        "SELECT username, object_type, object_id FROM audit_log WHERE action = ? ORDER BY seq", (action,)
    ).fetchall()


def proposals(session: Session) -> list[warning_store.ProposalRow]:
    return warning_store.pending_proposals(session.db.conn)


def test_positive_phq9_proposes_yellow_and_is_audited(counselor: Session) -> None:
    outcome = enter(counselor)
    assert (outcome.total, outcome.band, outcome.positive) == (12, "中度抑郁症状", True)
    assert outcome.proposed_level is WarningLevel.YELLOW
    assert "warnings" in outcome.changes.kinds
    [proposal] = proposals(counselor)
    assert (proposal.student_id, proposal.result_id, proposal.proposed_level) == (
        1,
        outcome.result_id,
        WarningLevel.YELLOW,
    )
    assert "筛查阳性" in proposal.reason and "诊断" not in proposal.reason
    assert audit_actions(counselor, "screening_entered") == [("counselor", "screening_result", str(outcome.result_id))]


def test_item9_one_with_total_four_is_flagged_and_proposed_orange(counselor: Session) -> None:
    outcome = enter(counselor, answers=PHQ9_ITEM9_ONLY)
    assert (outcome.total, outcome.positive, outcome.risk_flag) == (4, False, True)
    assert outcome.proposed_level is WarningLevel.ORANGE
    [proposal] = proposals(counselor)
    assert "第 9 题" in proposal.reason


def test_a_calm_result_proposes_nothing(counselor: Session) -> None:
    outcome = enter(counselor, answers=PHQ9_CALM)
    assert outcome.proposed_level is None and not outcome.risk_flag
    assert proposals(counselor) == []
    assert outcome.changes.kinds == frozenset({"screening"})


def test_an_invalid_questionnaire_is_kept_and_its_total_never_proposed(counselor: Session) -> None:
    fast = enter(counselor, student_id=2, answers=PHQ9_MODERATE, duration_seconds=9)
    assert "作答过快" in fast.invalid_reason and fast.proposed_level is None
    assert "不生成预警建议" in fast.summary
    assert proposals(counselor) == []
    history = student_screening_history(counselor.db, counselor.actor, 2, now=FIXED_NOW)
    assert history[0].invalid_reason == fast.invalid_reason


def test_a_risk_answer_on_an_invalid_sheet_still_reaches_a_person(counselor: Session) -> None:
    outcome = enter(counselor, answers=PHQ9_ITEM9_ONLY, duration_seconds=5)  # too fast, item 9 = 1
    assert "作答过快" in outcome.invalid_reason
    assert outcome.risk_flag and outcome.proposed_level is WarningLevel.ORANGE
    assert "风险题有作答" in outcome.summary and "warnings" in outcome.changes.kinds
    [proposal] = proposals(counselor)
    assert proposal.result_id == outcome.result_id and "无效" in proposal.reason and "第 9 题" in proposal.reason


@pytest.mark.parametrize(("same", "level"), [(0, None), (3, WarningLevel.RED)])
def test_the_same_answer_throughout_is_flagged_for_review_never_rejected(
    counselor: Session, same: int, level: WarningLevel | None
) -> None:
    """All 0 and all 3 alike: a visible note for the counselor, the sheet stays valid."""
    outcome = enter(counselor, answers=[same] * 9)
    assert outcome.invalid_reason == "" and outcome.proposed_level is level
    assert outcome.review_notes and "同一答案" in outcome.review_notes[0] and "请复核" in outcome.summary
    [summary] = student_screening_history(counselor.db, counselor.actor, 1, now=FIXED_NOW)
    assert summary.invalid_reason == "" and "同一答案" in summary.review_note
    if level is not None:
        assert "同一答案" in proposals(counselor)[0].reason


def test_asq_acute_proposes_red(counselor: Session) -> None:
    outcome = enter(counselor, instrument="ASQ", answers=[1, 0, 0, 0, 1])
    assert outcome.band == "筛查阳性（急性）"
    assert outcome.proposed_level is WarningLevel.RED
    assert proposals(counselor)[0].proposed_level is WarningLevel.RED


def test_gad7_and_a_hand_scored_scale(counselor: Session) -> None:
    gad = enter(counselor, instrument="GAD-7", answers=[2, 2, 2, 1, 1, 1, 1])
    assert (gad.total, gad.band, gad.proposed_level) == (10, "中度焦虑症状", WarningLevel.YELLOW)
    scl = enter(counselor, student_id=2, instrument="SCL-90", answers=[], total=180, cutoff=160)
    assert (scl.instrument, scl.positive, scl.proposed_level) == ("SCL-90", True, WarningLevel.YELLOW)
    with pytest.raises(ValidationError, match="临界值"):
        enter(counselor, student_id=3, instrument="MHT", answers=[], total=50)


def test_entry_refusals(counselor: Session) -> None:
    with pytest.raises(NotFound):
        enter(counselor, student_id=999)
    with pytest.raises(ValidationError, match="晚于今天"):
        enter(counselor, taken_on=date(2026, 1, 1))
    with pytest.raises(ValidationError, match="第 3 题"):
        enter(counselor, answers=[0, 0, 5, 0, 0, 0, 0, 0, 0])
    enter(counselor)
    with pytest.raises(AlreadyExists, match="另一个批次"):
        enter(counselor)
    assert enter(counselor, batch_name="复测").result_id
    assert counselor.db.conn.execute("SELECT count(*) FROM screening_results").fetchone()[0] == 2


def test_history_has_no_answers_and_is_audited(counselor: Session) -> None:
    enter(counselor, taken_on=date(2025, 9, 15), answers=PHQ9_CALM)
    enter(counselor, answers=PHQ9_MODERATE)
    history = student_screening_history(counselor.db, counselor.actor, 1, now=FIXED_NOW)
    assert [(h.taken_on, h.total) for h in history] == [(date(2025, 9, 15), 2), (TODAY, 12)]
    assert "answers" not in {f.name for f in dataclasses.fields(ScreeningSummary)}
    assert history[1].point == (TODAY, "PHQ-9", 12)
    assert audit_actions(counselor, "screening_viewed") == [("counselor", "student", "1")]


def test_answers_show_the_items_and_every_read_is_audited(sessions: dict[Role, Session], counselor: Session) -> None:
    outcome = enter(counselor, answers=PHQ9_ITEM9_ONLY)
    lead = sessions[Role.LEAD]
    sheet = screening_answers(lead.db, lead.actor, outcome.result_id, now=FIXED_NOW)
    assert len(sheet.lines) == 9
    assert sheet.lines[8].answer == 1 and sheet.lines[8].label == "好几天"
    assert "伤害自己" in sheet.lines[8].text
    screening_answers(counselor.db, counselor.actor, outcome.result_id, now=FIXED_NOW)
    reads = audit_actions(lead, "screening_viewed")
    assert reads == [
        ("lead", "screening_result", str(outcome.result_id)),
        ("counselor", "screening_result", str(outcome.result_id)),
    ]
    with pytest.raises(NotFound):
        screening_answers(lead.db, lead.actor, 9999, now=FIXED_NOW)


@pytest.mark.parametrize("role", [Role.PRINCIPAL, Role.ADMIN])
def test_principal_and_admin_reach_no_detail(role: Role, sessions: dict[Role, Session], counselor: Session) -> None:
    outcome = enter(counselor, answers=PHQ9_ITEM9_ONLY)
    other = sessions[role]
    calls = [
        lambda: student_screening_history(other.db, other.actor, 1, now=FIXED_NOW),
        lambda: screening_answers(other.db, other.actor, outcome.result_id, now=FIXED_NOW),
        lambda: enter(other, student_id=2),
    ]
    for call in calls:
        before = len(audit_actions(counselor, "access_denied"))
        with pytest.raises(AccessDenied):
            call()
        assert len(audit_actions(counselor, "access_denied")) == before + 1
    assert audit_actions(counselor, "screening_viewed") == []


def test_principal_overview_is_counts_only(sessions: dict[Role, Session], counselor: Session) -> None:
    enter(counselor, student_id=1, answers=PHQ9_MODERATE, batch_name="2025秋季普查")
    enter(counselor, student_id=2, answers=PHQ9_ITEM9_ONLY, batch_name="2025秋季普查")
    enter(counselor, student_id=3, answers=[3] * 9, batch_name="2025秋季普查")
    enter(counselor, student_id=4, answers=PHQ9_CALM, batch_name="2025秋季普查")
    principal = sessions[Role.PRINCIPAL]
    overview = screening_overview(principal.db, principal.actor, now=FIXED_NOW)
    [batch] = overview.batches
    assert batch.batch_name == "2025秋季普查"
    counts = (batch.screened, batch.positives, batch.flagged, batch.invalid, batch.invalid_flagged)
    assert counts == (4, 2, 2, 0, 0)  # all 3 is flagged for review, not invalid
    grades = {g.grade: (g.screened, g.positives, g.flagged, g.invalid) for g in overview.grades}
    assert grades == {"初一": (3, 2, 2, 0), "初二": (1, 0, 0, 0)}
    text = repr(overview)
    for _sid, number, name, _g, _grade in STUDENTS:
        assert number not in text and name not in text
    names = {f.name for cls in (type(batch), type(overview.grades[0])) for f in dataclasses.fields(cls)}
    assert not names & {"student_id", "student_no", "name", "answers", "result_id"}


def test_the_timeline_never_says_nothing_found_beside_a_risk_answer(counselor: Session) -> None:
    from counselroom.services.registry import build_registry
    from counselroom.services.students import timeline

    enter(counselor, answers=PHQ9_ITEM9_ONLY)  # valid, below the cutoff, item 9 = 1
    enter(counselor, answers=[0] * 8 + [2], duration_seconds=4, batch_name="重测")  # invalid, item 9 = 2
    events = timeline.student_timeline(
        counselor.db, counselor.actor, 1, sources=build_registry().timeline_sources, now=FIXED_NOW
    )
    invalid, valid = sorted(e.text for e in events if e.kind == "测评")  # "PHQ-9 2 分…", "PHQ-9 4 分…"
    assert valid == "PHQ-9 4 分 无或极轻微抑郁症状 风险题有作答"
    assert "无效问卷（作答过快" in invalid and invalid.endswith("，风险题有作答")
