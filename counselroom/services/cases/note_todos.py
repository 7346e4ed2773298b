"""今日 待办 from 辅导记录: the author's drafts left unsigned too long, and for a lead the 危机评估
notes waiting for a co-signature (not the lead's own: someone else must look)."""

from __future__ import annotations

from datetime import datetime

from counselroom.domain.cases.note_rules import UNSIGNED_OVERDUE_DAYS, unsigned_overdue
from counselroom.domain.roles import Actor, Permission
from counselroom.services.guard import authorize
from counselroom.services.today import TargetKind, TodoItem, TodoTarget
from counselroom.store.cases import notes as store
from counselroom.store.database import Database


def unsigned_note_todos(db: Database, actor: Actor, now: datetime) -> list[TodoItem]:
    authorize(db, actor, Permission.WRITE_CASES, now=now)
    drafts = store.unsigned_before(db.conn, actor.user_id, now)
    late = [n for n in drafts if unsigned_overdue(datetime.fromisoformat(n.created_at), now)]
    if not late:
        return []
    text = f"{len(late)} 条辅导记录草稿已超过 {UNSIGNED_OVERDUE_DAYS} 天未签名，最早一条是 {late[0].held_on} 的"
    return [TodoItem("辅导记录", text, "个案", True, TodoTarget(TargetKind.NOTE, late[0].id))]


def cosign_todos(db: Database, actor: Actor, now: datetime) -> list[TodoItem]:
    authorize(db, actor, Permission.READ_ALL_CASES, now=now)
    waiting = [n for n in store.awaiting_cosign(db.conn) if n.author_id != actor.user_id]
    if not waiting:
        return []
    return [
        TodoItem(
            "会签", f"{len(waiting)} 条危机评估记录待您会签", "个案", True, TodoTarget(TargetKind.NOTE, waiting[0].id)
        )
    ]
