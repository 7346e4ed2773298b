"""Confirming and revoking a colleague's access to the care store (SECURITY.md 3a).

Like Bitwarden's confirm step: an admin creates an account (school key only); once its owner
has set their own password (a new key pair that the admin never saw), a lead seals the care
key to the account's public key after reading its fingerprint out to them. The first lead is
confirmed with the printed recovery key, which holds both keys.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import NotFound, ValidationError
from counselroom.domain.roles import CARE_ROLES, Actor, Permission, Role, UserId
from counselroom.services.accounts.session import Changes
from counselroom.services.accounts.sign_in import open_with_recovery_key
from counselroom.services.guard import authorize, deny
from counselroom.store import audit_log, users
from counselroom.store.database import Database
from counselroom.store.key_slot_ops import grant_care, key_fingerprint
from counselroom.store.keyfile import Slot


def confirm_care_access(
    db: Database, actor: Actor, *, user_id: UserId, now: datetime, fingerprint: str = ""
) -> Changes:
    """A lead seals the care key to a counselor's or lead's slot. `fingerprint`: the one the lead
    read out with the colleague; if the slot's key changed since, nothing is granted."""
    authorize(db, actor, Permission.CONFIRM_CARE_ACCESS, now=now, object_type="user", object_id=user_id)
    return _grant(db, actor, user_id, care_key=db.care_key, granted_by=actor.user_id, now=now, fingerprint=fingerprint)


def confirm_with_recovery_key(
    db: Database, actor: Actor, *, user_id: UserId, recovery_key: str, now: datetime
) -> Changes:
    """The first lead (or one confirmed when no other lead is left): the admin or a lead types the
    printed recovery key; the care key from the recovery slot is sealed to the account. A lead
    confirming themselves opens the care store at their next sign-in."""
    authorize(db, actor, Permission.SIGN_IN, now=now, object_type="user", object_id=user_id)
    if actor.role not in (Role.ADMIN, Role.LEAD):
        deny(db, actor, f"{actor.role.label}无权用恢复密钥确认账号", now=now, object_type="user", object_id=user_id)
    if not db.keyfile.two_stores:
        raise ValidationError("数据库仍是单密钥格式：请心理中心负责人先登录一次完成升级")
    opened = open_with_recovery_key(db.path, recovery_key, db.keyfile)
    if opened.care is None:
        raise ValidationError("这把恢复密钥不含关爱数据密钥（可能是升级前打印的旧恢复密钥）")
    changes = _grant(db, actor, user_id, care_key=opened.care, granted_by=None, now=now)
    if user_id == actor.user_id:
        return Changes(changes.kinds, changes.summary + "。请退出后重新登录，以打开心理档案")
    return changes


def revoke_care_access(db: Database, actor: Actor, *, user_id: UserId, now: datetime) -> Changes:
    """The slot's grant is removed: the account keeps working on the school store only. (Someone who
    copied the care key earlier keeps it: that needs a new care key, which is not built yet.)"""
    authorize(db, actor, Permission.CONFIRM_CARE_ACCESS, now=now, object_type="user", object_id=user_id)
    if user_id == actor.user_id:
        raise ValidationError("不能撤销自己的访问权限")
    db.reload_keyfile()  # another session may have rewritten the slot since this one opened
    slot = db.keyfile.slot_of(user_id)
    row = users.by_id(db.conn, user_id)
    if row is None or slot is None or slot.care_grant is None:
        raise NotFound("此账号没有心理档案的访问权限")
    with db.transaction() as conn:
        audit_log.append(
            conn, at=now, actor=actor, action=AuditAction.CARE_ACCESS_REVOKED, object_type="user", object_id=user_id
        )
        db.update_keyfile(lambda kf: kf.with_slot(_without_grant(kf.slot_of(user_id) or slot)))
    return Changes.of(ChangeKind.ACCOUNTS, summary=f"已撤销 {row.username} 的心理档案访问权限")


def _same_slot_or_refuse(current: Slot | None, seen: Slot, granted: Slot) -> Slot:
    """Written over the key file as it is now: a slot rewritten meanwhile is not overwritten."""
    if current is None or current.public_key != seen.public_key:
        raise ValidationError("此账号的密钥刚刚变化：请刷新列表，与对方重新核对指纹后再确认")
    return granted


def _without_grant(slot: Slot) -> Slot:
    return replace(slot, care_grant=None)


def _grant(
    db: Database,
    actor: Actor,
    user_id: UserId,
    *,
    care_key: bytes,
    granted_by: int | None,
    now: datetime,
    fingerprint: str = "",
) -> Changes:
    db.reload_keyfile()  # the colleague changed their password in another session: use that slot
    row = users.by_id(db.conn, user_id)
    if row is None or not row.active:
        raise NotFound("账号不存在或已停用")
    if row.role not in CARE_ROLES:
        raise ValidationError(f"{row.role.label}账号不能获得心理档案的访问权限（只看汇总统计）")
    slot = db.keyfile.slot_of(user_id)
    if row.must_change_password or slot is None or not slot.public_key:
        # The admin knows a temporary password, and with it the slot's private key.
        raise ValidationError(f"{row.display_name}还在使用管理员设置的临时密码：请对方先登录并修改密码，再确认")
    if fingerprint and fingerprint != key_fingerprint(slot.public_key):
        raise ValidationError("此账号的密钥已经变化（可能刚改过密码）：请刷新列表，与对方重新核对指纹")
    granted = grant_care(slot, db_id=db.db_id, care_key=care_key, granted_by=granted_by, at=now)
    how = "用恢复密钥" if granted_by is None else ""
    with db.transaction() as conn:
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.CARE_ACCESS_CONFIRMED,
            object_type="user",
            object_id=user_id,
            detail=f"{how}指纹 {key_fingerprint(slot.public_key)}",
        )
        db.update_keyfile(lambda kf: kf.with_slot(_same_slot_or_refuse(kf.slot_of(user_id), slot, granted)))
    return Changes.of(ChangeKind.ACCOUNTS, summary=f"已确认 {row.display_name} 可访问心理档案")
