"""A partner hospital and referrals for 张晓明 (student 1) brought to each state, for the referral
tests and the role matrix. The counselor is responsible; the referral sits in the counselor's case
unless `in_case=False`."""

from __future__ import annotations

from datetime import date, timedelta

from counselroom.domain.referrals.referral_rules import ReferralState
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.cases import cases
from counselroom.services.referrals import follow_ups, partners, referrals
from counselroom.services.referrals.partners import PartnerInput
from tests.conftest import FIXED_NOW
from tests.services.case_data import user_id
from tests.services.matrix_care import school

TODAY = FIXED_NOW.date()
HOSPITAL = PartnerInput(
    name="市第九医院", kind="医院", designated=True, green_channel_name="李医生", green_channel_phone="0791-88330120",
    address="南昌市青山湖区", notes="儿童青少年心理门诊周二、周四",
)  # fmt: skip
REASON = "近两周多次说“活着没意思”，睡眠差，上课常趴桌；已做危机评估，建议到专科进一步评估"
# The path through the state machine, in order; a refusal path branches off at 建议转介.
PATH = (
    ReferralState.SUGGESTED,
    ReferralState.CONSENTED,
    ReferralState.REFERRED,
    ReferralState.FEEDBACK,
    ReferralState.FOLLOWING,
    ReferralState.CLOSED,
)


def hospital(sessions: dict[Role, Session]) -> int:
    """The 定点合作 hospital, added once by the lead (after the school: a locked admin refuses first)."""
    school(sessions)
    lead = sessions[Role.LEAD]
    found = [p for p in partners.list_partners(lead.db, lead.actor, now=FIXED_NOW) if p.name == HOSPITAL.name]
    if found:
        return found[0].id
    partners.add_partner(lead.db, lead.actor, HOSPITAL, now=FIXED_NOW)
    return next(p.id for p in partners.list_partners(lead.db, lead.actor, now=FIXED_NOW) if p.name == HOSPITAL.name)


def referral_in(sessions: dict[Role, Session], state: ReferralState, *, in_case: bool = True) -> int:
    """A referral by the counselor for student 1, walked to `state`."""
    if in_case:  # the admin's session first: a locked one refuses here (the role matrix)
        case_id: int | None = _the_case(sessions)
    else:
        school(sessions)
        case_id = None
    c = sessions[Role.COUNSELOR]
    partner_id = hospital(sessions)
    made = referrals.suggest_referral(c.db, c.actor, 1, reason=REASON, case_id=case_id, now=FIXED_NOW)
    rid = made.referral_id
    if state is ReferralState.SUGGESTED:
        return rid
    if state is ReferralState.REFUSED:
        referrals.record_refusal(
            c.db, c.actor, rid, guardian="父亲", informed_on=TODAY, informed_how="面谈",
            plan="继续校内每周个别辅导，班主任留意出勤", reoffer_on=TODAY + timedelta(days=14), now=FIXED_NOW,
        )  # fmt: skip
        return rid
    referrals.record_consent(
        c.db, c.actor, rid, guardian="母亲", informed_on=TODAY, informed_how="书面告知书", consent_form=True,
        now=FIXED_NOW,
    )  # fmt: skip
    if state is ReferralState.CONSENTED:
        return rid
    referrals.refer_to_partner(
        c.db, c.actor, rid, partner_id=partner_id, referred_on=TODAY, sent_items=["转介单", "在校表现摘要"],
        now=FIXED_NOW,
    )  # fmt: skip
    if state is ReferralState.REFERRED:
        return rid
    referrals.record_feedback(
        c.db, c.actor, rid, received_on=TODAY, source="医院反馈", text="建议规律作息、减少晚自习，一个月后复诊",
        now=FIXED_NOW,
    )  # fmt: skip
    if state is ReferralState.FEEDBACK:
        return rid
    follow_ups.schedule_follow_up(c.db, c.actor, rid, due_on=TODAY + timedelta(days=7), now=FIXED_NOW)
    if state is ReferralState.FOLLOWING:
        return rid
    referrals.close_referral(c.db, c.actor, rid, summary="复诊后情绪平稳，回归正常学习，转入常规关注", now=FIXED_NOW)
    return rid


def _the_case(sessions: dict[Role, Session]) -> int:
    """The counselor's case for student 1: made once per database, then reused."""
    school(sessions)
    lead = sessions[Role.LEAD]
    found = [c.id for c in cases.my_cases(lead.db, lead.actor, now=FIXED_NOW) if c.student_id == 1]
    if found:
        return min(found)
    cases.open_case(
        lead.db, lead.actor, 1, reason="考试前失眠，上课注意力不集中", issue_types=["学业", "情绪"],
        counselor_ids=[user_id(lead, "counselor")], now=FIXED_NOW,
    )  # fmt: skip
    return max(c.id for c in cases.my_cases(lead.db, lead.actor, now=FIXED_NOW))


def later(days: int) -> date:
    return TODAY + timedelta(days=days)
