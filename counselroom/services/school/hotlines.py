"""热线电话与联系方式: what the door roster and the slips print under “需要帮助时”.

First the lines of the school's policy profile (policy.py: 12355, 966525 … where a Jiangxi
profile applies; none for 渭南), then the room's own contacts as the school writes them — phone,
QQ, 微信, 心理信箱 (S004: 热线电话（或QQ、微信等）公开), entered in 设置 → 辅导室与开放时间 and
kept in the settings key 'hotlines' as JSON [{"number": …, "label": …}]: `number` is free text
(a phone number, a QQ number, a 微信 id, where the 心理信箱 is)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.school.hotlines import Hotline
from counselroom.services.accounts.session import Changes
from counselroom.services.guard import authorize
from counselroom.services.school.policy import policy_of
from counselroom.store import audit_log, settings
from counselroom.store.connection import Connection
from counselroom.store.database import Database

SETTING_KEY = "hotlines"
MAX_LOCAL = 8
VALUE_MAX, LABEL_MAX = 40, 20
PUBLIC_RULE = "room.contacts_public"  # S004: 热线电话（或QQ、微信等）公开


@dataclass(frozen=True)
class RoomContacts:
    """What 设置 → 辅导室与开放时间 shows: the profile's lines (fixed) and the room's own (editable)."""

    profile_name: str  # 江西省
    profile_lines: tuple[Hotline, ...]
    own: tuple[Hotline, ...]
    asks_own: str  # the profile's rule that the room's own be public, with its source; '' if none


def list_hotlines(db: Database, actor: Actor, *, now: datetime) -> list[Hotline]:
    """The profile's lines first, then the room's own contacts."""
    authorize(db, actor, Permission.VIEW_SCHOOL, now=now)
    return [*profile_hotlines(db.conn), *local_hotlines(db.conn)]


def room_contacts(db: Database, actor: Actor, *, now: datetime) -> RoomContacts:
    authorize(db, actor, Permission.VIEW_SCHOOL, now=now)
    profile = policy_of(db.conn)
    rule = profile.rule(PUBLIC_RULE)
    asks = f"{profile.name}要求：{rule.quote}（{rule.source}）" if rule is not None else ""
    return RoomContacts(profile.name, tuple(profile_hotlines(db.conn)), tuple(local_hotlines(db.conn)), asks)


def profile_hotlines(conn: Connection) -> list[Hotline]:
    """Building block: the lines the school's policy profile prints."""
    return [line.hotline for line in policy_of(conn).hotlines]


def local_hotlines(conn: Connection) -> list[Hotline]:
    """Building block: the room's own contacts, less any the profile already prints (a school that
    switched profile may have typed 12355 itself while working to 渭南's)."""
    printed = {h.number for h in profile_hotlines(conn)}
    raw = settings.get_setting(conn, SETTING_KEY, "[]")
    lines = [Hotline(str(item["number"]), str(item["label"])) for item in json.loads(raw)]
    return [h for h in lines if h.number not in printed]


def set_local_hotlines(db: Database, actor: Actor, lines: Sequence[Hotline], *, now: datetime) -> Changes:
    """Replace the room's own contacts (the profile's lines are printed anyway)."""
    authorize(db, actor, Permission.MANAGE_ROOM_SETUP, now=now)
    cleaned = [_check(line, row) for row, line in enumerate(lines, start=1)]
    if len(cleaned) > MAX_LOCAL:
        raise ValidationError(f"本校联系方式最多 {MAX_LOCAL} 条", field="联系方式")
    profile = policy_of(db.conn)
    printed = {h.hotline.number for h in profile.hotlines}
    if dup := [h.number for h in cleaned if h.number in printed]:
        raise ValidationError(f"{dup[0]} 已按政策依据（{profile.name}）印出，无需重复填写", field="号码")
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
            detail=f"{len(cleaned)} 条本校联系方式",
        )
    return Changes.of(ChangeKind.SETTINGS, summary="本校联系方式已保存")


def _check(line: Hotline, row: int) -> Hotline:
    number, label = " ".join(line.number.split()), " ".join(line.label.split())
    if not number or len(number) > VALUE_MAX:
        example = "如 0790-6221234、QQ 号、心理信箱所在位置"
        raise ValidationError(f"请写号码、账号或位置（{VALUE_MAX} 字以内），{example}", field="号码", row=row)
    if not label or len(label) > LABEL_MAX:
        raise ValidationError(
            f"请写明这是什么（{LABEL_MAX} 字以内），如“心理辅导室电话”“心理辅导室QQ”“心理信箱”", field="名称", row=row
        )
    return Hotline(number, label)
