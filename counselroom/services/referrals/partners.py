"""合作机构: the hospitals and agencies a referral goes to, with the 定点合作 hospital and its 绿色通道
contact (S003 item 24). School information, not about students: the lead keeps the list, counselors
read it to choose where a referral goes. Changes are audited by id (the audit log names no partner)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import AlreadyExists, NotFound, ValidationError
from counselroom.domain.referrals.partners import PartnerKind, partner_label
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.visible_text import visible
from counselroom.services.accounts.session import Changes
from counselroom.services.guard import authorize
from counselroom.store import audit_log
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.school import partners as store

MAX_NAME = 60
MAX_TEXT = 500


@dataclass(frozen=True)
class Partner:
    id: int
    name: str
    kind: str  # 医院 / 机构
    designated: bool  # 定点合作
    green_channel_name: str  # 绿色通道 contact
    green_channel_phone: str
    address: str
    notes: str
    active: bool

    @property
    def label(self) -> str:
        """How a choice list shows it: 南昌市第九医院（定点合作，绿色通道：李医生 0791-…）."""
        return partner_label(
            self.name, designated=self.designated, contact=self.green_channel_name, phone=self.green_channel_phone
        )


@dataclass(frozen=True)
class PartnerInput:
    """What the lead types for a partner."""

    name: str
    kind: str = PartnerKind.HOSPITAL.value
    designated: bool = False
    green_channel_name: str = ""
    green_channel_phone: str = ""
    address: str = ""
    notes: str = ""


def list_partners(db: Database, actor: Actor, *, now: datetime, include_inactive: bool = False) -> list[Partner]:
    """The 定点合作 ones first; stopped ones only when asked (the lead's list)."""
    authorize(db, actor, Permission.VIEW_PARTNERS, now=now)
    return [_view(r) for r in store.all_partners(db.conn, include_inactive=include_inactive)]


def add_partner(db: Database, actor: Actor, partner: PartnerInput, *, now: datetime) -> Changes:
    authorize(db, actor, Permission.MANAGE_PARTNERS, now=now)
    fields = _checked(partner)
    if store.by_name(db.conn, fields.name) is not None:
        raise AlreadyExists(f"已有名为“{fields.name}”的合作机构", field="名称")
    with db.transaction() as conn:
        partner_id = store.insert(conn, fields, now=now)
        _audit(conn, actor, partner_id, "新增", now)
    return Changes.of(ChangeKind.PARTNERS, summary=f"已添加合作机构：{fields.name}")


def edit_partner(db: Database, actor: Actor, partner_id: int, partner: PartnerInput, *, now: datetime) -> Changes:
    authorize(db, actor, Permission.MANAGE_PARTNERS, now=now, object_type="partner", object_id=partner_id)
    _existing(db, partner_id)
    fields = _checked(partner)
    same_name = store.by_name(db.conn, fields.name)
    if same_name is not None and same_name.id != partner_id:
        raise AlreadyExists(f"已有名为“{fields.name}”的合作机构", field="名称")
    with db.transaction() as conn:
        store.update(conn, partner_id, fields, now=now)
        _audit(conn, actor, partner_id, "修改", now)
    return Changes.of(ChangeKind.PARTNERS, summary=f"已保存合作机构：{fields.name}")


def deactivate_partner(db: Database, actor: Actor, partner_id: int, *, now: datetime) -> Changes:
    """停用: no new referral goes there; referrals already made keep naming it."""
    return _set_active(db, actor, partner_id, False, now)


def reactivate_partner(db: Database, actor: Actor, partner_id: int, *, now: datetime) -> Changes:
    return _set_active(db, actor, partner_id, True, now)


def _set_active(db: Database, actor: Actor, partner_id: int, active: bool, now: datetime) -> Changes:
    authorize(db, actor, Permission.MANAGE_PARTNERS, now=now, object_type="partner", object_id=partner_id)
    row = _existing(db, partner_id)
    word = "启用" if active else "停用"
    with db.transaction() as conn:
        store.set_active(conn, partner_id, active, now=now)
        _audit(conn, actor, partner_id, word, now)
    return Changes.of(ChangeKind.PARTNERS, summary=f"已{word}合作机构：{row.name}")


def _existing(db: Database, partner_id: int) -> store.PartnerRow:
    row = store.get(db.conn, partner_id)
    if row is None:
        raise NotFound("没有这个合作机构")
    return row


def _checked(p: PartnerInput) -> store.PartnerFields:
    name = visible(p.name.strip())
    if not name:
        raise ValidationError("请填写合作机构名称", field="名称")
    if len(name) > MAX_NAME:
        raise ValidationError(f"名称请控制在 {MAX_NAME} 字以内", field="名称")
    if p.kind not in {k.value for k in PartnerKind}:
        raise ValidationError("类型请选择“医院”或“机构”", field="类型")
    phone = p.green_channel_phone.strip()
    if phone and not all(ch.isdigit() or ch in "-+ ()转" for ch in phone):
        raise ValidationError("电话只能包含数字、空格和“-”", field="绿色通道电话")
    texts = {"绿色通道联系人": p.green_channel_name, "地址": p.address, "备注": p.notes}
    for label, text in texts.items():
        if len(text.strip()) > MAX_TEXT:
            raise ValidationError(f"{label}请控制在 {MAX_TEXT} 字以内", field=label)
    return store.PartnerFields(
        name,
        p.kind,
        p.designated,
        visible(p.green_channel_name.strip()),
        phone,
        visible(p.address.strip()),
        visible(p.notes.strip()),
    )


def _view(r: store.PartnerRow) -> Partner:
    return Partner(
        r.id, r.name, r.kind, r.designated, r.green_channel_name, r.green_channel_phone, r.address, r.notes, r.active
    )


def _audit(conn: Connection, actor: Actor, partner_id: int, word: str, now: datetime) -> None:
    audit_log.append(
        conn,
        at=now,
        actor=actor,
        action=AuditAction.PARTNER_CHANGED,
        object_type="partner",
        object_id=partner_id,
        detail=word,
    )
