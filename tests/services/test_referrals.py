"""转介 through the services: a referral from suggestion to closure with who and when at each step,
every step the state machine does not allow refused with a Chinese reason, the per-record rows
(assigned, shared, neither, lead, principal, admin), audit rows that carry ids and action words
only, "my referrals" overdue first, and an overdue step on the responsible counselor's Today board."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import pytest

from counselroom.domain.errors import AccessDenied, ValidationError
from counselroom.domain.referrals.referral_rules import ReferralAction, ReferralState, next_state
from counselroom.domain.roles import Role
from counselroom.services import today
from counselroom.services.accounts.session import Session
from counselroom.services.referrals import follow_ups, referral_todos, referral_views, referrals
from counselroom.services.registry import build_registry
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.services.case_people import per_record_people
from tests.services.referral_data import PATH, REASON, TODAY, hospital, later, referral_in

A, S = ReferralAction, ReferralState


def _detail(s: Session, rid: int, now: datetime = FIXED_NOW) -> referral_views.ReferralDetail:
    return referral_views.get_referral(s.db, s.actor, rid, now=now)


def test_a_referral_from_suggestion_to_closure(sessions: dict[Role, Session]) -> None:
    rid = referral_in(sessions, S.FOLLOWING)
    c = sessions[Role.COUNSELOR]
    d = _detail(c, rid)
    assert d.summary.state == "随访中" and d.summary.student_name == "张晓明" and d.summary.my_part == "负责"
    assert d.guardian == "母亲" and d.informed_how == "书面告知书" and d.consent_form
    assert d.partner_label == "市第九医院（定点合作，绿色通道：李医生 0791-88330120）"
    assert d.sent_items == ("转介单", "在校表现摘要")
    assert d.feedback_source == "医院反馈" and "诊断" in d.feedback_hint
    assert [f.due_on for f in d.follow_ups] == [later(7).isoformat()]
    assert d.summary.due_on == later(7).isoformat() and d.summary.due_label == "随访"
    assert d.summary.actions == (A.VIEW, A.SCHEDULE_FOLLOW_UP, A.RECORD_FOLLOW_UP, A.CLOSE)
    at = FIXED_NOW + timedelta(days=8)
    follow_ups.record_follow_up(
        c.db, c.actor, rid, done_on=later(8), note="学生按时复诊，情绪较前平稳", next_due=later(30), now=at
    )
    follow_ups.record_follow_up(c.db, c.actor, rid, done_on=later(30), note="一个月来出勤正常", now=at + timedelta(22))
    after = _detail(c, rid, at + timedelta(22))
    assert after.summary.due_label == "安排下次随访或结束转介" and after.summary.due_on == later(37).isoformat()
    assert A.RECORD_FOLLOW_UP not in after.summary.actions
    referrals.close_referral(c.db, c.actor, rid, summary="复诊后情绪平稳，转入常规关注", now=at + timedelta(23))
    closed = _detail(c, rid, at + timedelta(23))
    assert closed.summary.state == "已结束" and closed.summary.actions == (A.VIEW,) and closed.summary.due_on == ""
    steps = [(who, what) for _when, who, what, _detail_ in closed.history]
    assert [what for _who, what in steps] == [
        "建议转介", "家长同意", "已转介", "收到反馈", "安排随访", "完成随访", "安排随访", "完成随访", "已结束",
    ]  # fmt: skip
    assert all(who for who, _what in steps)  # each step says who
    assert [f.done_by for f in closed.follow_ups] == [c.actor.display_name] * 2


def test_a_refusal_records_what_happens_next_and_the_family_may_agree_later(sessions: dict[Role, Session]) -> None:
    rid = referral_in(sessions, S.REFUSED, in_case=False)
    c = sessions[Role.COUNSELOR]
    d = _detail(c, rid)
    assert d.summary.state == "家长拒绝" and d.refusal_plan.startswith("继续校内每周个别辅导")
    assert (d.summary.due_on, d.summary.due_label) == (later(14).isoformat(), "再次与家长沟通")
    referrals.record_consent(
        c.db, c.actor, rid, guardian="父亲", informed_on=later(14), informed_how="面谈", now=FIXED_NOW + timedelta(14)
    )
    assert _detail(c, rid).summary.state == "家长已知情同意"
    with pytest.raises(ValidationError, match="后续安排"):
        other = referral_in(sessions, S.SUGGESTED, in_case=False)
        referrals.record_refusal(
            c.db, c.actor, other, guardian="父亲", informed_on=TODAY, informed_how="面谈", plan=" ",
            reoffer_on=later(7), now=FIXED_NOW,
        )  # fmt: skip


def _step(action: ReferralAction, partner_id: int) -> Callable[[Session, int], object]:
    calls: dict[ReferralAction, Callable[[Session, int], object]] = {
        A.RECORD_CONSENT: lambda s, rid: referrals.record_consent(
            s.db, s.actor, rid, guardian="母亲", informed_on=TODAY, informed_how="电话", now=FIXED_NOW
        ),
        A.RECORD_REFUSAL: lambda s, rid: referrals.record_refusal(
            s.db,
            s.actor,
            rid,
            guardian="母亲",
            informed_on=TODAY,
            informed_how="电话",
            plan="继续校内辅导",
            reoffer_on=later(7),
            now=FIXED_NOW,
        ),
        A.REFER: lambda s, rid: referrals.refer_to_partner(
            s.db, s.actor, rid, partner_id=partner_id, referred_on=TODAY, sent_items=["转介单"], now=FIXED_NOW
        ),
        A.RECORD_FEEDBACK: lambda s, rid: referrals.record_feedback(
            s.db, s.actor, rid, received_on=TODAY, source="家长转述", text="医生建议按时复诊", now=FIXED_NOW
        ),
        A.SCHEDULE_FOLLOW_UP: lambda s, rid: follow_ups.schedule_follow_up(
            s.db, s.actor, rid, due_on=later(7), now=FIXED_NOW
        ),
        A.RECORD_FOLLOW_UP: lambda s, rid: follow_ups.record_follow_up(
            s.db, s.actor, rid, done_on=TODAY, note="电话随访，情况稳定", now=FIXED_NOW
        ),
        A.CLOSE: lambda s, rid: referrals.close_referral(s.db, s.actor, rid, summary="已结束", now=FIXED_NOW),
    }
    return calls[action]


STEPS = [a for a in A if a is not A.VIEW]


@pytest.mark.parametrize("state", [*PATH, S.REFUSED], ids=lambda s: s.value)
def test_every_step_the_state_machine_does_not_allow_is_refused_in_chinese(
    sessions: dict[Role, Session], state: ReferralState
) -> None:
    rid = referral_in(sessions, state)
    c = sessions[Role.COUNSELOR]
    partner_id = hospital(sessions)
    allowed = _detail(c, rid).summary.actions
    for action in STEPS:
        if action in allowed:
            continue
        with pytest.raises(AccessDenied, match=f"此转介当前为“{state.value}”，不能“{action.value}”"):
            _step(action, partner_id)(c, rid)
    assert _detail(c, rid).summary.state == state.value  # nothing moved


@pytest.mark.parametrize("state", [s for s in (*PATH, S.REFUSED) if s is not S.CLOSED], ids=lambda s: s.value)
def test_every_allowed_step_goes_through(sessions: dict[Role, Session], state: ReferralState) -> None:
    rid = referral_in(sessions, state)
    c = sessions[Role.COUNSELOR]
    partner_id = hospital(sessions)
    for action in _detail(c, rid).summary.actions[1:]:
        again = referral_in(sessions, state)
        _step(action, partner_id)(c, again)
        assert _detail(c, again).summary.state == next_state(state, action).value


def test_input_is_checked_with_the_field_named(sessions: dict[Role, Session]) -> None:
    rid = referral_in(sessions, S.SUGGESTED)
    c = sessions[Role.COUNSELOR]
    with pytest.raises(ValidationError, match="原因"):
        referrals.suggest_referral(c.db, c.actor, 1, reason="  ", now=FIXED_NOW)
    with pytest.raises(ValidationError, match="告知方式"):
        referrals.record_consent(c.db, c.actor, rid, guardian="母亲", informed_on=TODAY, informed_how="短信",
                                 now=FIXED_NOW)  # fmt: skip
    with pytest.raises(ValidationError, match="不能晚于今天"):
        referrals.record_consent(c.db, c.actor, rid, guardian="母亲", informed_on=later(1), informed_how="电话",
                                 now=FIXED_NOW)  # fmt: skip
    referrals.record_consent(c.db, c.actor, rid, guardian="母亲", informed_on=TODAY, informed_how="电话", now=FIXED_NOW)
    with pytest.raises(ValidationError, match="送去材料"):
        referrals.refer_to_partner(c.db, c.actor, rid, partner_id=hospital(sessions), referred_on=TODAY,
                                   sent_items=["完整辅导记录"], now=FIXED_NOW)  # fmt: skip
    with pytest.raises(ValidationError, match="合作机构"):
        referrals.refer_to_partner(c.db, c.actor, rid, partner_id=999, referred_on=TODAY, sent_items=["转介单"],
                                   now=FIXED_NOW)  # fmt: skip


def test_within_a_closed_case_or_someone_elses_case_no_referral_is_suggested(
    school: SchoolFixture, sessions: dict[Role, Session]
) -> None:
    from counselroom.services.cases import cases
    from tests.services.case_data import counselors_case
    from tests.services.test_cases import _second_counselor

    case_id = counselors_case(sessions)
    other = _second_counselor(school, sessions)
    try:
        with pytest.raises(AccessDenied, match="个案"):
            referrals.suggest_referral(other.db, other.actor, 1, reason=REASON, case_id=case_id, now=FIXED_NOW)
        with pytest.raises(AccessDenied, match="负责人"):  # only the lead hands a referral to someone else
            referrals.suggest_referral(
                other.db, other.actor, 1, reason=REASON, counselor_id=int(sessions[Role.COUNSELOR].actor.user_id),
                now=FIXED_NOW,
            )  # fmt: skip
    finally:
        other.db.close()
    c = sessions[Role.COUNSELOR]
    cases.close_case(c.db, c.actor, case_id, summary="好转", now=FIXED_NOW)
    with pytest.raises(ValidationError, match="已结案"):
        referrals.suggest_referral(c.db, c.actor, 1, reason=REASON, case_id=case_id, now=FIXED_NOW)


@pytest.fixture
def people(school: SchoolFixture, sessions: dict[Role, Session]) -> Iterator[tuple[dict[str, Session], int]]:
    """A referral in the counselor's case, with the case shared with one colleague."""
    rid = referral_in(sessions, S.CONSENTED)
    case_id = _detail(sessions[Role.COUNSELOR], rid).summary.case_id
    assert case_id is not None
    with per_record_people(school, sessions, case_id) as found:
        yield found, rid


@pytest.mark.parametrize(
    ("who", "sees", "works"),
    [
        ("assigned", True, True),
        ("shared", True, False),
        ("neither", False, False),
        ("lead", True, True),
        ("principal", False, False),
        ("admin", False, False),
    ],
)
def test_each_person_reads_and_works_only_what_the_access_rule_allows(
    people: tuple[dict[str, Session], int], who: str, sees: bool, works: bool
) -> None:
    found, rid = people
    s = found[who]
    if who in ("principal", "admin"):
        with pytest.raises(AccessDenied):
            referral_views.my_referrals(s.db, s.actor, now=FIXED_NOW)
    else:
        assert [r.id for r in referral_views.my_referrals(s.db, s.actor, now=FIXED_NOW)] == ([rid] if sees else [])
    if sees:
        assert _detail(s, rid).summary.actions == ((A.VIEW, A.REFER, A.CLOSE) if works else (A.VIEW,))
    else:
        with pytest.raises(AccessDenied):
            _detail(s, rid)
    refer = _step(A.REFER, hospital({Role.ADMIN: found["admin"], Role.LEAD: found["lead"]}))
    if works:
        refer(s, rid)
        assert _detail(found["lead"], rid).summary.state == "已转介"
    else:
        with pytest.raises(AccessDenied):
            refer(s, rid)


def test_audit_rows_carry_ids_and_action_words_only(sessions: dict[Role, Session]) -> None:
    rid = referral_in(sessions, S.CLOSED)
    c = sessions[Role.COUNSELOR]
    _detail(c, rid)
    referral_views.my_referrals(c.db, c.actor, now=FIXED_NOW)
    rows = c.db.conn.execute(
        "SELECT action, object_type, object_id, detail, reason FROM audit_log"
        " WHERE action LIKE 'referral%' OR object_type = 'referral'"
    ).fetchall()
    actions = [r[0] for r in rows]
    assert actions.count("referral_changed") == 6 and "referral_opened" in actions and "referrals_viewed" in actions
    text = " ".join(str(v) for r in rows for v in r)
    for secret in ("张晓明", "母亲", "市第九医院", "活着没意思", "规律作息", "复诊后", "李医生"):
        assert secret not in text
    assert {r[2] for r in rows if r[1] == "referral"} == {str(rid)}


def test_my_referrals_lists_overdue_first_then_by_due_date(sessions: dict[Role, Session]) -> None:
    suggested = referral_in(sessions, S.SUGGESTED)  # due 10-20 (告知家长)
    referred = referral_in(sessions, S.REFERRED)  # due 11-12 (反馈)
    following = referral_in(sessions, S.FOLLOWING)  # due 10-20 (随访)
    closed = referral_in(sessions, S.CLOSED)
    c = sessions[Role.COUNSELOR]
    at = FIXED_NOW + timedelta(days=10)  # 10-23: the 告知 and the 随访 are late, the 反馈 not yet
    listed = referral_views.my_referrals(c.db, c.actor, now=at)
    assert [r.id for r in listed] == [suggested, following, referred, closed]
    assert [r.overdue for r in listed] == [True, True, False, False]
    assert listed[0].actions[1:] == (A.RECORD_CONSENT, A.RECORD_REFUSAL, A.CLOSE)
    assert [r.id for r in referral_views.my_referrals(c.db, c.actor, now=at, include_closed=False)] == [
        suggested, following, referred,
    ]  # fmt: skip


def test_an_overdue_follow_up_shows_on_its_counselors_today_board_only(
    school: SchoolFixture, sessions: dict[Role, Session]
) -> None:
    rid = referral_in(sessions, S.FOLLOWING)  # 随访 due 10-20
    c = sessions[Role.COUNSELOR]
    sources = build_registry().todo_sources

    def board(s: Session, at: datetime) -> list[today.TodoItem]:
        return [t for t in today.today_board(s.db, s.actor, sources=sources, now=at).todos if t.page == "转介与随访"]

    assert board(c, FIXED_NOW) == []  # not due yet
    due_today = board(c, datetime(2025, 10, 20, 8, 0))
    assert [(t.kind, t.overdue) for t in due_today] == [("随访", False)]
    late = board(c, datetime(2025, 10, 21, 8, 0))
    assert len(late) == 1 and late[0].overdue and late[0].kind == "随访"
    assert late[0].target == today.TodoTarget(today.TargetKind.REFERRAL, rid)
    assert "张晓明" in late[0].text and "已逾期（应于 10月20日）" in late[0].text
    for role in (Role.LEAD, Role.PRINCIPAL, Role.ADMIN):  # not responsible, or no care key
        assert board(sessions[role], datetime(2025, 10, 21, 8, 0)) == []
    follow_ups.record_follow_up(c.db, c.actor, rid, done_on=later(8), note="电话随访，情况稳定",
                                now=datetime(2025, 10, 21, 8, 0))  # fmt: skip
    assert board(c, datetime(2025, 10, 21, 9, 0)) == []  # done: off the board until the next is due
    assert [t.text for t in board(c, datetime(2025, 10, 29, 9, 0))] == [
        "张晓明（初一(1)班）随访中：安排下次随访或结束转介已逾期（应于 10月28日）"
    ]


def test_overdue_consent_and_feedback_reach_the_board_too(sessions: dict[Role, Session]) -> None:
    referral_in(sessions, S.SUGGESTED)  # 告知 due 10-20
    referral_in(sessions, S.REFERRED)  # 反馈 due 11-12
    c = sessions[Role.COUNSELOR]
    late = referral_todos.referral_todos(c.db, c.actor, datetime(2025, 11, 13, 8, 0))
    assert [t.text.split("：", 1)[1] for t in late] == [
        "告知家长、征求同意已逾期（应于 10月20日）",
        "收到反馈已逾期（应于 11月12日）",
    ]
    assert all(t.overdue and t.kind == "转介" for t in late)
