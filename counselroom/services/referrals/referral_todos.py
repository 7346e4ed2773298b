"""今日 待办 from 转介: for the responsible counselor, each open referral whose next step — the
guardian's consent, the re-offer after a refusal, the referral itself, the feedback, a 随访 — is due
today or past due (overdue ones in red). It opens the referral itself (TargetKind.REFERRAL). The
principal and the admin see none of it: the sources need the care key (registry)."""

from __future__ import annotations

from datetime import date, datetime

from counselroom.domain.referrals.referral_rules import ReferralState, is_overdue, next_due
from counselroom.domain.roles import Actor, Permission
from counselroom.services.guard import authorize
from counselroom.services.referrals.referral_access import day_label
from counselroom.services.today import TargetKind, TodoItem, TodoTarget
from counselroom.store.database import Database
from counselroom.store.referrals import referrals as store
from counselroom.store.students import student_records as student_store

PAGE = "转介与随访"


def referral_todos(db: Database, actor: Actor, now: datetime) -> list[TodoItem]:
    authorize(db, actor, Permission.WRITE_CASES, now=now)
    dues = store.open_follow_up_dues(db.conn)
    items = []
    for row in store.open_referrals_of(db.conn, actor.user_id):
        state = ReferralState(row.state)
        own_due = date.fromisoformat(row.due_on) if row.due_on else None
        due, label = next_due(state, own_due, [date.fromisoformat(d) for d in dues.get(row.id, [])])
        if due is None or due > now.date():
            continue
        student = student_store.get(db.conn, row.student_id)
        who = f"{student.name}（{student.class_name}）" if student else ""
        late = is_overdue(due, now)
        when = f"已逾期（应于 {day_label(due)}）" if late else "今天到期"
        kind = "随访" if state is ReferralState.FOLLOWING else "转介"
        items.append(
            (
                due,
                TodoItem(
                    kind, f"{who}{state.value}：{label}{when}", PAGE, late, TodoTarget(TargetKind.REFERRAL, row.id)
                ),
            )
        )
    return [
        item for _due, item in sorted(items, key=lambda pair: (pair[0], pair[1].target.id if pair[1].target else 0))
    ]
