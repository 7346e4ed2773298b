"""The referral state machine: every state × every action, who may take them, and the due dates
that put a step on the Today board."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from counselroom.domain.cases.access import CaseAccess
from counselroom.domain.referrals.access import referral_access
from counselroom.domain.referrals.partners import partner_label
from counselroom.domain.referrals.referral_rules import (
    DUE_LABELS,
    NEXT_FOLLOW_UP_OR_CLOSE,
    ReferralAction,
    ReferralState,
    allowed_referral_actions,
    default_due,
    is_overdue,
    next_due,
    next_state,
    refusal,
)
from tests.domain.cases.people import ACCESS, ASSIGNED_ID, EVERYONE, LEAD, NEITHER, SHARED, person

NOW = datetime(2025, 10, 13, 9, 30)
A = ReferralAction
S = ReferralState
# The whole table: state → the steps it offers (with an open 随访), in button order.
EXPECTED = {
    S.SUGGESTED: (A.RECORD_CONSENT, A.RECORD_REFUSAL, A.CLOSE),
    S.REFUSED: (A.RECORD_CONSENT, A.RECORD_REFUSAL, A.CLOSE),
    S.CONSENTED: (A.REFER, A.CLOSE),
    S.REFERRED: (A.RECORD_FEEDBACK, A.CLOSE),
    S.FEEDBACK: (A.SCHEDULE_FOLLOW_UP, A.CLOSE),
    S.FOLLOWING: (A.SCHEDULE_FOLLOW_UP, A.RECORD_FOLLOW_UP, A.CLOSE),
    S.CLOSED: (),
}
TARGETS = {
    A.RECORD_CONSENT: S.CONSENTED,
    A.RECORD_REFUSAL: S.REFUSED,
    A.REFER: S.REFERRED,
    A.RECORD_FEEDBACK: S.FEEDBACK,
    A.SCHEDULE_FOLLOW_UP: S.FOLLOWING,
    A.RECORD_FOLLOW_UP: S.FOLLOWING,
    A.CLOSE: S.CLOSED,
}


@pytest.mark.parametrize("state", list(S))
def test_each_state_offers_exactly_its_next_steps_to_whoever_works_it(state: ReferralState) -> None:
    for worker in (EVERYONE["assigned"], LEAD):
        assert allowed_referral_actions(state, worker, ACCESS, NOW, open_follow_ups=1) == (A.VIEW, *EXPECTED[state])


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("action", [a for a in A if a is not A.VIEW])
def test_every_transition_leads_where_the_table_says_or_is_refused(
    state: ReferralState, action: ReferralAction
) -> None:
    if action in EXPECTED[state]:
        assert next_state(state, action) is TARGETS[action]
    else:
        with pytest.raises(ValueError):
            next_state(state, action)
        reason = refusal(state, action, allowed_referral_actions(state, LEAD, ACCESS, NOW))
        assert reason.startswith(f"此转介当前为“{state.value}”，不能“{action.value}”")


def test_recording_a_follow_up_needs_one_open() -> None:
    assert A.RECORD_FOLLOW_UP not in allowed_referral_actions(S.FOLLOWING, LEAD, ACCESS, NOW, open_follow_ups=0)
    assert A.RECORD_FOLLOW_UP in allowed_referral_actions(S.FOLLOWING, LEAD, ACCESS, NOW, open_follow_ups=2)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("assigned", "all"),
        ("lead", "all"),
        ("shared", "view"),
        ("neither", "none"),
        ("principal", "none"),  # listed on the case by a damaged row: the role decides
        ("admin", "none"),
        ("assigned, unconfirmed", "none"),  # no care key, nothing
        ("shared, unconfirmed", "none"),
        ("lead, unconfirmed", "none"),
    ],
)
def test_who_may_do_what(who: str, expected: str) -> None:
    got = allowed_referral_actions(S.SUGGESTED, EVERYONE[who], ACCESS, NOW)
    assert got == {"all": (A.VIEW, *EXPECTED[S.SUGGESTED]), "view": (A.VIEW,), "none": ()}[expected]


def test_the_responsible_counselor_works_the_referral_and_a_linked_case_brings_its_people() -> None:
    responsible = person(ASSIGNED_ID, EVERYONE["assigned"].role)
    alone = referral_access(ASSIGNED_ID)
    assert allowed_referral_actions(S.CONSENTED, responsible, alone, NOW) == (A.VIEW, A.REFER, A.CLOSE)
    assert allowed_referral_actions(S.CONSENTED, SHARED, alone, NOW) == ()
    case = CaseAccess(assigned=frozenset({NEITHER.user_id}), shared=frozenset({SHARED.user_id}))
    linked = referral_access(ASSIGNED_ID, case)
    assert allowed_referral_actions(S.CONSENTED, responsible, linked, NOW)[1:] == (A.REFER, A.CLOSE)
    assert allowed_referral_actions(S.CONSENTED, NEITHER, linked, NOW)[1:] == (A.REFER, A.CLOSE)  # case assigned
    assert allowed_referral_actions(S.CONSENTED, SHARED, linked, NOW) == (A.VIEW,)  # case shared: reads


def test_each_open_state_has_a_due_date_and_what_is_due() -> None:
    start = date(2025, 10, 13)
    assert default_due(S.SUGGESTED, start) == date(2025, 10, 20)
    assert default_due(S.REFERRED, start) == date(2025, 11, 12)
    assert default_due(S.CLOSED, start) is None
    assert default_due(S.REFUSED, start) is None  # the re-offer date is the teacher's choice
    assert next_due(S.SUGGESTED, start, []) == (start, "告知家长、征求同意")
    follow = [date(2025, 11, 1), date(2025, 10, 20)]
    assert next_due(S.FOLLOWING, start, follow) == (date(2025, 10, 20), "随访")
    assert next_due(S.FOLLOWING, start, []) == (start, NEXT_FOLLOW_UP_OR_CLOSE)
    assert next_due(S.CLOSED, start, follow) == (None, "")
    assert set(DUE_LABELS) == {s for s in S if s.is_open}


def test_a_step_due_today_is_not_late_yet() -> None:
    assert not is_overdue(NOW.date(), NOW)
    assert is_overdue(date(2025, 10, 12), NOW)
    assert not is_overdue(None, NOW)


def test_the_words_of_the_seeds_and_never_a_diagnosis() -> None:
    words = " ".join([*(s.value for s in S), *(a.value for a in A), *DUE_LABELS.values()])
    for word in ("转介", "随访", "知情同意"):
        assert word in words
    for diagnosis in ("抑郁症", "焦虑症", "诊断为"):
        assert diagnosis not in words
    label = partner_label("市第九医院", designated=True, contact="李医生", phone="0791-88330120")
    assert label == "市第九医院（定点合作，绿色通道：李医生 0791-88330120）"
