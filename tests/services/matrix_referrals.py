"""Role-matrix rows for 合作机构 and 转介 (issue #11): partners are kept by the lead and read by
counselors; every referral call is made on a referral the counselor is responsible for, in the
counselor's case, so the counselor and the lead are let through and the principal and admin refused.
Per record (assigned, shared, neither, lead, principal, admin): tests/services/test_referrals.py."""

from __future__ import annotations

from typing import Any

from counselroom.domain.referrals.referral_rules import ReferralState
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.referrals import follow_ups, partners, referral_todos, referral_views, referrals
from counselroom.services.referrals.partners import PartnerInput
from tests.conftest import FIXED_NOW
from tests.services.matrix_care import school
from tests.services.referral_data import REASON, TODAY, hospital, later, referral_in

CARE = frozenset({Role.COUNSELOR, Role.LEAD})
S = ReferralState


def _in(all_: dict[Role, Session], state: ReferralState) -> int:
    return referral_in(all_, state)


PARTNERS_MATRIX = {
    "partners.list_partners": (CARE, lambda s, all_, k: partners.list_partners(s.db, s.actor, now=FIXED_NOW)),
    "partners.add_partner": (
        frozenset({Role.LEAD}),
        lambda s, all_, k: partners.add_partner(
            s.db, s.actor, PartnerInput(name="区心理咨询中心", kind="机构"), now=FIXED_NOW
        ),
    ),
    "partners.edit_partner": (
        frozenset({Role.LEAD}),
        lambda s, all_, k: partners.edit_partner(
            s.db, s.actor, hospital(all_), PartnerInput(name="市第九医院", designated=True), now=FIXED_NOW
        ),
    ),
    "partners.deactivate_partner": (
        frozenset({Role.LEAD}),
        lambda s, all_, k: partners.deactivate_partner(s.db, s.actor, hospital(all_), now=FIXED_NOW),
    ),
    "partners.reactivate_partner": (
        frozenset({Role.LEAD}),
        lambda s, all_, k: partners.reactivate_partner(s.db, s.actor, hospital(all_), now=FIXED_NOW),
    ),
}


def _suggest(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    school(all_)
    return referrals.suggest_referral(s.db, s.actor, 2, reason=REASON, now=FIXED_NOW)


REFERRALS_MATRIX = {
    "referrals.suggest_referral": (CARE, _suggest),
    "referrals.record_consent": (
        CARE,
        lambda s, all_, k: referrals.record_consent(
            s.db,
            s.actor,
            _in(all_, S.SUGGESTED),
            guardian="母亲",
            informed_on=TODAY,
            informed_how="电话",
            now=FIXED_NOW,
        ),
    ),
    "referrals.record_refusal": (
        CARE,
        lambda s, all_, k: referrals.record_refusal(
            s.db,
            s.actor,
            _in(all_, S.SUGGESTED),
            guardian="母亲",
            informed_on=TODAY,
            informed_how="电话",
            plan="继续校内辅导",
            reoffer_on=later(14),
            now=FIXED_NOW,
        ),
    ),
    "referrals.refer_to_partner": (
        CARE,
        lambda s, all_, k: referrals.refer_to_partner(
            s.db,
            s.actor,
            _in(all_, S.CONSENTED),
            partner_id=hospital(all_),
            referred_on=TODAY,
            sent_items=["转介单"],
            now=FIXED_NOW,
        ),
    ),
    "referrals.record_feedback": (
        CARE,
        lambda s, all_, k: referrals.record_feedback(
            s.db,
            s.actor,
            _in(all_, S.REFERRED),
            received_on=TODAY,
            source="医院反馈",
            text="按时复诊",
            now=FIXED_NOW,
        ),
    ),
    "referrals.close_referral": (
        CARE,
        lambda s, all_, k: referrals.close_referral(
            s.db, s.actor, _in(all_, S.SUGGESTED), summary="已结束", now=FIXED_NOW
        ),
    ),
    "follow_ups.schedule_follow_up": (
        CARE,
        lambda s, all_, k: follow_ups.schedule_follow_up(
            s.db, s.actor, _in(all_, S.FEEDBACK), due_on=later(7), now=FIXED_NOW
        ),
    ),
    "follow_ups.record_follow_up": (
        CARE,
        lambda s, all_, k: follow_ups.record_follow_up(
            s.db, s.actor, _in(all_, S.FOLLOWING), done_on=TODAY, note="电话随访", now=FIXED_NOW
        ),
    ),
    "referral_views.my_referrals": (
        CARE,
        lambda s, all_, k: (_in(all_, S.SUGGESTED), referral_views.my_referrals(s.db, s.actor, now=FIXED_NOW)),
    ),
    "referral_views.get_referral": (
        CARE,
        lambda s, all_, k: referral_views.get_referral(s.db, s.actor, _in(all_, S.REFERRED), now=FIXED_NOW),
    ),
    "referral_todos.referral_todos": (
        CARE,
        lambda s, all_, k: (_in(all_, S.SUGGESTED), referral_todos.referral_todos(s.db, s.actor, FIXED_NOW)),
    ),
}

# Building blocks called only from inside an authorised referral service.
REFERRAL_BUILDING_BLOCKS = {
    "referral_access.case_access",
    "referral_access.access_of",
    "referral_access.readable_referral",
    "referral_access.actions_now",
    "referral_access.require_step",
    "referral_access.audit_step",
}
