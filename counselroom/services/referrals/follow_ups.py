"""随访 on a schedule, after the feedback: each planned with its due date, and recorded done with the
day and a note (who and when kept). A 随访 past its due day shows on the responsible counselor's
Today board (referral_todos.py) until it is recorded or the referral ends."""

from __future__ import annotations

from datetime import date, datetime

from counselroom.domain.errors import ValidationError
from counselroom.domain.referrals.referral_rules import ReferralAction, ReferralState, default_due, next_state
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.visible_text import visible
from counselroom.services.guard import authorize
from counselroom.services.referrals.referral_access import ReferralChanges, audit_step, day_label, require_step
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.referrals import referrals as store

MAX_NOTE = 2000


def schedule_follow_up(db: Database, actor: Actor, referral_id: int, *, due_on: date, now: datetime) -> ReferralChanges:
    """安排随访 on `due_on` (today or later); several may be planned ahead (一周、一月、三月)."""
    authorize(db, actor, Permission.WRITE_CASES, now=now, object_type="referral", object_id=referral_id)
    require_step(db, actor, referral_id, ReferralAction.SCHEDULE_FOLLOW_UP, now)
    row = _row(db, referral_id)
    if due_on < now.date():
        raise ValidationError("随访日期不能早于今天", field="随访日期")
    with db.transaction() as conn:
        _schedule(conn, actor, row, due_on, now)
        audit_step(conn, actor, referral_id, "安排随访", now)
    return ReferralChanges.of_referral(referral_id, f"已安排 {day_label(due_on)} 随访")


def record_follow_up(
    db: Database,
    actor: Actor,
    referral_id: int,
    *,
    done_on: date,
    note: str,
    follow_up_id: int | None = None,
    next_due: date | None = None,
    now: datetime,
) -> ReferralChanges:
    """记录随访: the earliest open one unless `follow_up_id` names another; `next_due` plans the next
    in the same step. With none left open, 安排下次随访或结束转介 is due a week later."""
    authorize(db, actor, Permission.WRITE_CASES, now=now, object_type="referral", object_id=referral_id)
    require_step(db, actor, referral_id, ReferralAction.RECORD_FOLLOW_UP, now)
    row = _row(db, referral_id)
    open_ones = [f for f in store.follow_ups_of(db.conn, referral_id) if f.done_on is None]
    chosen = next((f for f in open_ones if follow_up_id in (None, f.id)), None)
    if chosen is None:
        raise ValidationError("此转介没有这条待完成的随访", field="随访")
    text = visible(note.strip())
    if not text:
        raise ValidationError("请写明随访情况（与谁、怎么样、下一步）", field="随访记录")
    if len(text) > MAX_NOTE:
        raise ValidationError(f"随访记录请控制在 {MAX_NOTE} 字以内", field="随访记录")
    if done_on > now.date():
        raise ValidationError("随访日期不能晚于今天", field="随访日期")
    if next_due is not None and next_due <= done_on:
        raise ValidationError("下次随访日期应晚于本次随访", field="下次随访")
    with db.transaction() as conn:
        store.mark_follow_up_done(conn, chosen.id, done_on=done_on, note=text, by=actor.user_id)
        store.add_event(conn, referral_id, by=actor.user_id, action="完成随访", detail=day_label(done_on), now=now)
        if next_due is not None:
            _schedule(conn, actor, row, next_due, now)
        elif len(open_ones) == 1:  # none left: plan the next or end it, within a week
            due = default_due(ReferralState.FOLLOWING, done_on)
            store.set_state(conn, referral_id, ReferralState.FOLLOWING.value, due_on=due, now=now)
        audit_step(conn, actor, referral_id, "完成随访", now)
    return ReferralChanges.of_referral(referral_id, "已记录随访")


def _schedule(conn: Connection, actor: Actor, row: store.ReferralRow, due_on: date, now: datetime) -> None:
    state = next_state(ReferralState(row.state), ReferralAction.SCHEDULE_FOLLOW_UP)
    store.insert_follow_up(conn, row.id, due_on=due_on, by=actor.user_id, now=now)
    store.set_state(conn, row.id, state.value, due_on=None, now=now)
    store.add_event(conn, row.id, by=actor.user_id, action="安排随访", detail=day_label(due_on), now=now)


def _row(db: Database, referral_id: int) -> store.ReferralRow:
    row = store.get(db.conn, referral_id)
    assert row is not None  # require_step has found it
    return row
