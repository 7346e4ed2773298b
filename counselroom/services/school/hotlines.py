"""热线电话: the numbers printed on the door roster and slips (S004: 热线电话公开).

The national and provincial lines (domain/hotlines.PUBLIC_HOTLINES: 12355, 12356, 966525) are
always listed; the school adds its local numbers — its own room's phone, the city's line — which
are kept in the settings key 'hotlines' as JSON [{"number": …, "label": …}]."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import datetime

from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.school.hotlines import PUBLIC_HOTLINES, Hotline
from counselroom.services.accounts.session import Changes
from counselroom.services.guard import authorize
from counselroom.store import audit_log, settings
from counselroom.store.connection import Connection
from counselroom.store.database import Database

SETTING_KEY = "hotlines"
MAX_LOCAL = 6
_NUMBER = re.compile(r"^[0-9][0-9\-－ ]{2,19}$")


def list_hotlines(db: Database, actor: Actor, *, now: datetime) -> list[Hotline]:
    """The public lines first, then the school's own."""
    authorize(db, actor, Permission.VIEW_SCHOOL, now=now)
    return [*PUBLIC_HOTLINES, *local_hotlines(db.conn)]


def local_hotlines(conn: Connection) -> list[Hotline]:
    """Building block for services that print the lines inside their own authorised call."""
    raw = settings.get_setting(conn, SETTING_KEY, "[]")
    return [Hotline(str(item["number"]), str(item["label"])) for item in json.loads(raw)]


def set_local_hotlines(db: Database, actor: Actor, lines: Sequence[Hotline], *, now: datetime) -> Changes:
    """Replace the school's own numbers (the public lines cannot be removed)."""
    authorize(db, actor, Permission.MANAGE_ROOM_SETUP, now=now)
    cleaned = [_check(line, row) for row, line in enumerate(lines, start=1)]
    if len(cleaned) > MAX_LOCAL:
        raise ValidationError(f"本地热线最多 {MAX_LOCAL} 个", field="热线")
    public = {h.number for h in PUBLIC_HOTLINES}
    if dup := [h.number for h in cleaned if h.number in public]:
        raise ValidationError(f"{dup[0]} 是全国或省级热线，已固定列出，无需重复填写", field="号码")
    value = json.dumps([{"number": h.number, "label": h.label} for h in cleaned], ensure_ascii=False)
    with db.transaction() as conn:
        settings.set_setting(conn, SETTING_KEY, value)
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.SETTINGS_CHANGED,
            object_type="setting",
            object_id=SETTING_KEY,
            detail=f"{len(cleaned)} 个本地热线",
        )
    return Changes.of(ChangeKind.SETTINGS, summary="热线电话已保存")


def _check(line: Hotline, row: int) -> Hotline:
    number, label = line.number.strip(), line.label.strip()
    if not _NUMBER.match(number):
        raise ValidationError(f"号码“{number}”不正确：只写数字和连字符，如 0791-88330120", field="号码", row=row)
    if not label or len(label) > 30:
        raise ValidationError("请写明热线名称（30 字以内），如“本校心理辅导室”", field="名称", row=row)
    return Hotline(number, label)
