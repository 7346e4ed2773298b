"""转介: suggest one for a student (optionally within a case), record the guardian's informed
consent or refusal, the referral made, the feedback received, and end it with a summary. Each step
asks the one state machine (domain/referrals/referral_rules.py) through `require_step`, writes the
step with who and when into the referral's history, and audits it in the same transaction. The
随访 steps are in follow_ups.py; the lists and the detail in referral_views.py."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from counselroom.domain.cases.access import is_lead, may_write_case
from counselroom.domain.cases.case_rules import CaseStatus
from counselroom.domain.errors import NotFound, ValidationError
from counselroom.domain.referrals.referral_rules import (
    FeedbackSource,
    InformedHow,
    ReferralAction,
    ReferralState,
    SentItem,
    default_due,
    next_state,
)
from counselroom.domain.roles import CARE_ROLES, Actor, Permission, UserId
from counselroom.domain.visible_text import visible
from counselroom.services.guard import authorize, deny
from counselroom.services.referrals.referral_access import (
    ReferralChanges,
    audit_step,
    case_access,
    day_label,
    require_step,
)
from counselroom.store import users
from counselroom.store.cases import cases as case_store
from counselroom.store.database import Database
from counselroom.store.referrals import referrals as store
from counselroom.store.school import partners as partner_store
from counselroom.store.students import student_records as student_store

MAX_TEXT = 2000
MAX_GUARDIAN = 20


def suggest_referral(
    db: Database,
    actor: Actor,
    student_id: int,
    *,
    reason: str,
    case_id: int | None = None,
    counselor_id: int | None = None,
    consent_due: date | None = None,
    now: datetime,
) -> ReferralChanges:
    """建议转介: why (what was seen, never a diagnosis), by when the guardian is to be informed. The
    actor is responsible unless the lead names another counselor. Within a case, only those who
    may write the case suggest, and not on a closed case."""
    authorize(db, actor, Permission.WRITE_CASES, now=now, object_type="student", object_id=student_id)
    student = student_store.get(db.conn, student_id)
    if student is None:
        raise NotFound("没有这名学生")
    if case_id is not None:
        _require_case(db, actor, case_id, student_id, now)
    responsible = _responsible(db, actor, counselor_id, now)
    text = _text(reason, "转介原因", required="请写明建议转介的原因（观察到的情况，不写诊断）")
    today = now.date()
    due = consent_due or default_due(ReferralState.SUGGESTED, today)
    if due is not None and due < today:
        raise ValidationError("告知家长的截止日期不能早于今天", field="告知截止")
    with db.transaction() as conn:
        referral_id = store.insert_referral(
            conn, student_id=student_id, case_id=case_id, counselor_id=responsible, reason=text,
            suggested_on=today, due_on=due, now=now,
        )  # fmt: skip
        store.add_event(conn, referral_id, by=actor.user_id, action=ReferralState.SUGGESTED.value, now=now)
        audit_step(conn, actor, referral_id, ReferralState.SUGGESTED.value, now)
    return ReferralChanges.of_referral(referral_id, f"已为 {student.name} 建议转介")


def record_consent(
    db: Database,
    actor: Actor,
    referral_id: int,
    *,
    guardian: str,
    informed_on: date,
    informed_how: str,
    consent_form: bool = False,
    refer_due: date | None = None,
    now: datetime,
) -> ReferralChanges:
    """家长已知情同意: who was informed (告知书), when and how, and whether the signed 知情同意书 is
    in; the referral is then due by `refer_due`."""
    authorize(db, actor, Permission.WRITE_CASES, now=now, object_type="referral", object_id=referral_id)
    require_step(db, actor, referral_id, ReferralAction.RECORD_CONSENT, now)
    row = _row(db, referral_id)
    who = _guardian_step(row, guardian, informed_on, informed_how, now)
    state = next_state(ReferralState(row.state), ReferralAction.RECORD_CONSENT)
    due = refer_due or default_due(state, informed_on)
    _not_before(due, informed_on, "转介截止", "告知家长的日期")
    with db.transaction() as conn:
        store.set_guardian(conn, referral_id, guardian=who, informed_on=informed_on, informed_how=informed_how,
                           consent_form=consent_form, refusal_plan=row.refusal_plan)  # fmt: skip
        store.set_state(conn, referral_id, state.value, due_on=due, now=now)
        detail = f"{day_label(informed_on)} {informed_how}告知{who}" + ("，已签知情同意书" if consent_form else "")
        store.add_event(conn, referral_id, by=actor.user_id, action="家长同意", detail=detail, now=now)
        audit_step(conn, actor, referral_id, "家长同意", now)
    return ReferralChanges.of_referral(referral_id, "已记录家长知情同意")


def record_refusal(
    db: Database,
    actor: Actor,
    referral_id: int,
    *,
    guardian: str,
    informed_on: date,
    informed_how: str,
    plan: str,
    reoffer_on: date,
    now: datetime,
) -> ReferralChanges:
    """家长拒绝: what the school does meanwhile (e.g. 继续校内辅导) and when to talk with the
    family again — that date is then due, and shows on the Today board when it passes."""
    authorize(db, actor, Permission.WRITE_CASES, now=now, object_type="referral", object_id=referral_id)
    require_step(db, actor, referral_id, ReferralAction.RECORD_REFUSAL, now)
    row = _row(db, referral_id)
    who = _guardian_step(row, guardian, informed_on, informed_how, now)
    next_plan = _text(plan, "后续安排", required="家长拒绝时请写明后续安排（如继续校内辅导、再次沟通）")
    _not_before(reoffer_on, informed_on, "再次沟通日期", "告知家长的日期")
    state = next_state(ReferralState(row.state), ReferralAction.RECORD_REFUSAL)
    with db.transaction() as conn:
        store.set_guardian(conn, referral_id, guardian=who, informed_on=informed_on, informed_how=informed_how,
                           consent_form=False, refusal_plan=next_plan)  # fmt: skip
        store.set_state(conn, referral_id, state.value, due_on=reoffer_on, now=now)
        detail = f"{day_label(informed_on)} {informed_how}告知{who}；{day_label(reoffer_on)}再次沟通"
        store.add_event(conn, referral_id, by=actor.user_id, action="家长拒绝", detail=detail, now=now)
        audit_step(conn, actor, referral_id, "家长拒绝", now)
    return ReferralChanges.of_referral(referral_id, "已记录家长拒绝及后续安排")


def refer_to_partner(
    db: Database,
    actor: Actor,
    referral_id: int,
    *,
    partner_id: int,
    referred_on: date,
    sent_items: Sequence[str],
    feedback_due: date | None = None,
    now: datetime,
) -> ReferralChanges:
    """已转介: to which partner, on which day, and what was sent — chosen from a fixed list, the
    minimum (SentItem); the feedback is then due by `feedback_due`."""
    authorize(db, actor, Permission.WRITE_CASES, now=now, object_type="referral", object_id=referral_id)
    require_step(db, actor, referral_id, ReferralAction.REFER, now)
    row = _row(db, referral_id)
    partner = partner_store.get(db.conn, partner_id)
    if partner is None or not partner.active:
        raise ValidationError("请选择在用的合作机构（医院或机构）", field="转介机构")
    _on_or_before_today(referred_on, "转介日期", now)
    if row.informed_on:
        _not_before(referred_on, date.fromisoformat(row.informed_on), "转介日期", "家长同意的日期")
    items = _sent(sent_items)
    state = next_state(ReferralState(row.state), ReferralAction.REFER)
    due = feedback_due or default_due(state, referred_on)
    _not_before(due, referred_on, "反馈截止", "转介日期")
    with db.transaction() as conn:
        store.set_referred(conn, referral_id, partner_id=partner_id, referred_on=referred_on, sent_items=items)
        store.set_state(conn, referral_id, state.value, due_on=due, now=now)
        detail = f"{day_label(referred_on)} 转介至{partner.name}；送去：{'、'.join(items)}"
        store.add_event(conn, referral_id, by=actor.user_id, action=state.value, detail=detail, now=now)
        audit_step(conn, actor, referral_id, state.value, now)
    return ReferralChanges.of_referral(referral_id, f"已记录转介至{partner.name}")


def record_feedback(
    db: Database,
    actor: Actor,
    referral_id: int,
    *,
    received_on: date,
    source: str,
    text: str,
    now: datetime,
) -> ReferralChanges:
    """已收到反馈: what the hospital (or the family, passing it on) said that matters for support at
    school, within confidentiality — no diagnosis needs writing (FEEDBACK_HINT). 随访 are planned next."""
    authorize(db, actor, Permission.WRITE_CASES, now=now, object_type="referral", object_id=referral_id)
    require_step(db, actor, referral_id, ReferralAction.RECORD_FEEDBACK, now)
    row = _row(db, referral_id)
    if source not in {s.value for s in FeedbackSource}:
        raise ValidationError(f"反馈来源请选择：{'、'.join(s.value for s in FeedbackSource)}", field="反馈来源")
    said = _text(text, "反馈内容", required="请写明反馈中与在校支持有关的建议")
    _on_or_before_today(received_on, "收到反馈日期", now)
    if row.referred_on:
        _not_before(received_on, date.fromisoformat(row.referred_on), "收到反馈日期", "转介日期")
    state = next_state(ReferralState(row.state), ReferralAction.RECORD_FEEDBACK)
    with db.transaction() as conn:
        store.set_feedback(conn, referral_id, feedback_on=received_on, source=source, text=said)
        store.set_state(conn, referral_id, state.value, due_on=default_due(state, received_on), now=now)
        detail = f"{day_label(received_on)} {source}"
        store.add_event(conn, referral_id, by=actor.user_id, action="收到反馈", detail=detail, now=now)
        audit_step(conn, actor, referral_id, "收到反馈", now)
    return ReferralChanges.of_referral(referral_id, "已记录反馈，请安排随访")


def close_referral(db: Database, actor: Actor, referral_id: int, *, summary: str, now: datetime) -> ReferralChanges:
    """已结束, from any open state, with a summary (what was done, how it ended, what next)."""
    authorize(db, actor, Permission.WRITE_CASES, now=now, object_type="referral", object_id=referral_id)
    require_step(db, actor, referral_id, ReferralAction.CLOSE, now)
    row = _row(db, referral_id)
    text = _text(summary, "结束小结", required="结束转介请写明小结（做了什么、结果如何、后续建议）")
    state = next_state(ReferralState(row.state), ReferralAction.CLOSE)
    with db.transaction() as conn:
        store.set_closed(conn, referral_id, closed_on=now.date(), summary=text)
        store.set_state(conn, referral_id, state.value, due_on=None, now=now)
        store.add_event(conn, referral_id, by=actor.user_id, action=state.value, detail=f"自“{row.state}”", now=now)
        audit_step(conn, actor, referral_id, state.value, now)
    return ReferralChanges.of_referral(referral_id, "转介已结束")


# -- checks ------------------------------------------------------------------------------------


def _require_case(db: Database, actor: Actor, case_id: int, student_id: int, now: datetime) -> None:
    case = case_store.get_case(db.conn, case_id)
    if case is None or not may_write_case(actor, case_access(db, case_id)):
        deny(db, actor, "只有此个案的负责老师或心理中心负责人可以在个案中建议转介", now=now, object_type="case",
             object_id=case_id)  # fmt: skip
    assert case is not None
    if case.student_id != student_id:
        raise ValidationError("个案与学生不一致", field="个案")
    if case.status != CaseStatus.OPEN.value:
        raise ValidationError("此个案已结案，请先重新开案再建议转介", field="个案")


def _responsible(db: Database, actor: Actor, counselor_id: int | None, now: datetime) -> int:
    if counselor_id is None or counselor_id == actor.user_id:
        return int(actor.user_id)
    if not is_lead(actor):
        deny(db, actor, "只有心理中心负责人可以把转介交给其他老师负责", now=now, object_type="user",
             object_id=counselor_id)  # fmt: skip
    row = users.by_id(db.conn, UserId(counselor_id))
    if row is None or not row.active or row.role not in CARE_ROLES:
        raise ValidationError("负责老师须是在用的心理教师或心理中心负责人", field="负责老师")
    return counselor_id


def _guardian_step(row: store.ReferralRow, guardian: str, informed_on: date, how: str, now: datetime) -> str:
    who = visible(guardian.strip())
    if not who or len(who) > MAX_GUARDIAN:
        raise ValidationError(f"请写明告知的是哪位家长（如母亲、父亲），{MAX_GUARDIAN} 字以内", field="家长")
    if how not in {h.value for h in InformedHow}:
        raise ValidationError(f"告知方式请选择：{'、'.join(h.value for h in InformedHow)}", field="告知方式")
    _on_or_before_today(informed_on, "告知日期", now)
    _not_before(informed_on, date.fromisoformat(row.suggested_on), "告知日期", "建议转介的日期")
    return who


def _sent(items: Sequence[str]) -> list[str]:
    known = [s.value for s in SentItem]
    unknown = [i for i in items if i not in known]
    if unknown or not items:
        raise ValidationError(f"送去的材料请从以下选择（只送必要的）：{'、'.join(known)}", field="送去材料")
    return [k for k in known if k in items]


def _text(text: str, field: str, *, required: str) -> str:
    value = visible(text.strip())
    if not value:
        raise ValidationError(required, field=field)
    if len(value) > MAX_TEXT:
        raise ValidationError(f"{field}请控制在 {MAX_TEXT} 字以内", field=field)
    return value


def _on_or_before_today(day: date, field: str, now: datetime) -> None:
    if day > now.date():
        raise ValidationError(f"{field}不能晚于今天", field=field)


def _not_before(day: date | None, earliest: date, field: str, earliest_name: str) -> None:
    if day is not None and day < earliest:
        raise ValidationError(f"{field}不能早于{earliest_name}（{earliest.isoformat()}）", field=field)


def _row(db: Database, referral_id: int) -> store.ReferralRow:
    row = store.get(db.conn, referral_id)
    assert row is not None  # require_step has found it
    return row
