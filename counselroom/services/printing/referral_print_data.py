"""The 转介单's and the 家长告知书's content (issue #11 item 6), read through the referral service so
the one access rule applies: get_referral lets through the responsible counselor, the linked case's
assigned and shared counselors and the lead, refuses (and audits) everyone else — the principal and
the admin included — and writes the 打开转介 row.

The 转介单 is built only from the fields the partner needs (reports/referral_slip.py lists them)
and only once the guardian has consented: a slip without consent must not leave the room. The
告知书 is printed before consent (to ask for it) as well as after (for the file)."""

from __future__ import annotations

from datetime import datetime

from counselroom.domain.errors import ValidationError
from counselroom.domain.referrals.referral_rules import ReferralState
from counselroom.domain.roles import Actor
from counselroom.domain.school.class_names import print_name
from counselroom.reports.form_parts import age_on, day_text
from counselroom.reports.guardian_consent import GuardianConsentData, PartnerLine
from counselroom.reports.referral_slip import ReferralSlipData
from counselroom.services.printing.form_data import printed_by, school_contact
from counselroom.services.referrals import partners, referral_views
from counselroom.services.referrals.partners import Partner
from counselroom.services.referrals.referral_views import ReferralDetail
from counselroom.store.database import Database
from counselroom.store.students import student_records

S = ReferralState
CONSENTED = frozenset({S.CONSENTED, S.REFERRED, S.FEEDBACK, S.FOLLOWING})
NO_CONSENT = "家长尚未同意转介，不能打印转介单；请先打印家长告知书，征得同意后再打印"
CLOSED = "这次转介已结束，不再打印家长告知书"


def referral_slip_data(db: Database, actor: Actor, referral_id: int, *, now: datetime) -> ReferralSlipData:
    """The 转介单 (READ_ASSIGNED_CASES and the referral's access rule, audited)."""
    detail = referral_views.get_referral(db, actor, referral_id, now=now)
    if ReferralState(detail.summary.state) not in CONSENTED and not detail.referred_on:
        raise ValidationError(NO_CONSENT, field="转介")
    student = student_records.get(db.conn, detail.summary.student_id)
    partner = _partner(db, actor, detail.summary.partner_name, now)
    return ReferralSlipData(
        printed=printed_by(db, actor, now=now),
        referral_id=referral_id,
        student_name=detail.summary.student_name,
        gender=student.gender if student else "",
        age=age_on(student.birth_date if student else None, now.date()),
        class_name=print_name(detail.summary.class_name),
        reason=detail.reason,
        sent_items=detail.sent_items,
        consent=_consent(detail),
        consent_on=day_text(detail.informed_on),
        counselor=detail.summary.counselor_name,
        school_contact=school_contact(db),
        partner_name=detail.summary.partner_name,
        green_channel=_green_channel(partner) if partner else "",
    )


def guardian_consent_data(db: Database, actor: Actor, referral_id: int, *, now: datetime) -> GuardianConsentData:
    """The 家长告知书 with its 知情同意书 (the same access rule, audited)."""
    detail = referral_views.get_referral(db, actor, referral_id, now=now)
    if ReferralState(detail.summary.state) is ReferralState.CLOSED:
        raise ValidationError(CLOSED, field="转介")
    chosen = _partner(db, actor, detail.summary.partner_name, now)
    if chosen is not None:
        offered = [chosen]
    else:
        offered = [p for p in partners.list_partners(db, actor, now=now) if p.designated]
    return GuardianConsentData(
        printed=printed_by(db, actor, now=now),
        referral_id=referral_id,
        student_name=detail.summary.student_name,
        class_name=print_name(detail.summary.class_name),
        observed=detail.reason,
        partners=tuple(PartnerLine(p.name, p.designated, _green_channel(p), p.address) for p in offered),
        partner_chosen=chosen is not None,
        counselor=detail.summary.counselor_name,
        school_contact=school_contact(db),
    )


def _partner(db: Database, actor: Actor, name: str, now: datetime) -> Partner | None:
    """The referral's partner by its name (names are unique), stopped ones included."""
    if not name:
        return None
    found = [p for p in partners.list_partners(db, actor, now=now, include_inactive=True) if p.name == name]
    return found[0] if found else None


def _green_channel(partner: Partner) -> str:
    return f"{partner.green_channel_name} {partner.green_channel_phone}".strip()


def _consent(detail: ReferralDetail) -> str:
    how = detail.informed_how + ("，已签知情同意书" if detail.consent_form else "")
    return f"{detail.guardian or '家长'}已知情并同意" + (f"（{how}）" if how else "")
