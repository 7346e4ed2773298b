"""合作机构 (issue #11 item 1): the lead keeps the hospitals and agencies, marking the 定点合作
hospital and its 绿色通道 contact; counselors read the list; a stopped partner takes no new referral."""

from __future__ import annotations

import pytest

from counselroom.domain.errors import AccessDenied, AlreadyExists, ValidationError
from counselroom.domain.referrals.referral_rules import ReferralState
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.referrals import partners, referrals
from counselroom.services.referrals.partners import PartnerInput
from tests.conftest import FIXED_NOW
from tests.services.referral_data import HOSPITAL, TODAY, hospital, referral_in


def test_the_lead_keeps_the_list_and_counselors_read_it(sessions: dict[Role, Session]) -> None:
    lead, c = sessions[Role.LEAD], sessions[Role.COUNSELOR]
    partners.add_partner(lead.db, lead.actor, PartnerInput(name="区青少年心理咨询中心", kind="机构"), now=FIXED_NOW)
    hospital(sessions)
    listed = partners.list_partners(c.db, c.actor, now=FIXED_NOW)
    assert [p.name for p in listed] == ["市第九医院", "区青少年心理咨询中心"]  # 定点合作 first
    assert listed[0].label == "市第九医院（定点合作，绿色通道：李医生 0791-88330120）"
    assert listed[1].label == "区青少年心理咨询中心"
    with pytest.raises(AccessDenied):
        partners.add_partner(c.db, c.actor, PartnerInput(name="另一家医院"), now=FIXED_NOW)
    for role in (Role.PRINCIPAL, Role.ADMIN):
        with pytest.raises(AccessDenied):
            partners.list_partners(sessions[role].db, sessions[role].actor, now=FIXED_NOW)


def test_names_kinds_and_phones_are_checked(sessions: dict[Role, Session]) -> None:
    lead = sessions[Role.LEAD]
    hospital(sessions)
    with pytest.raises(AlreadyExists, match="市第九医院"):
        partners.add_partner(lead.db, lead.actor, HOSPITAL, now=FIXED_NOW)
    with pytest.raises(ValidationError, match="名称"):
        partners.add_partner(lead.db, lead.actor, PartnerInput(name=" "), now=FIXED_NOW)
    with pytest.raises(ValidationError, match="类型"):
        partners.add_partner(lead.db, lead.actor, PartnerInput(name="某诊所", kind="诊所"), now=FIXED_NOW)
    with pytest.raises(ValidationError, match="电话"):
        partners.add_partner(
            lead.db, lead.actor, PartnerInput(name="某医院", green_channel_phone="李医生"), now=FIXED_NOW
        )


def test_a_stopped_partner_takes_no_new_referral_and_old_ones_keep_its_name(sessions: dict[Role, Session]) -> None:
    lead, c = sessions[Role.LEAD], sessions[Role.COUNSELOR]
    made = referral_in(sessions, ReferralState.REFERRED)
    waiting = referral_in(sessions, ReferralState.CONSENTED)
    partner_id = hospital(sessions)
    partners.edit_partner(lead.db, lead.actor, partner_id, HOSPITAL, now=FIXED_NOW)
    partners.deactivate_partner(lead.db, lead.actor, partner_id, now=FIXED_NOW)
    assert partners.list_partners(c.db, c.actor, now=FIXED_NOW) == []
    assert [p.active for p in partners.list_partners(lead.db, lead.actor, now=FIXED_NOW, include_inactive=True)] == [
        False
    ]
    with pytest.raises(ValidationError, match="在用的合作机构"):
        referrals.refer_to_partner(
            c.db, c.actor, waiting, partner_id=partner_id, referred_on=TODAY, sent_items=["转介单"], now=FIXED_NOW
        )
    from counselroom.services.referrals import referral_views

    assert referral_views.get_referral(c.db, c.actor, made, now=FIXED_NOW).summary.partner_name == "市第九医院"
    partners.reactivate_partner(lead.db, lead.actor, partner_id, now=FIXED_NOW)
    assert len(partners.list_partners(c.db, c.actor, now=FIXED_NOW)) == 1
    details = [r[0] for r in lead.db.conn.execute("SELECT detail FROM audit_log WHERE action = 'partner_changed'")]
    assert details == ["新增", "修改", "停用", "启用"]
