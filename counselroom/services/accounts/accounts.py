"""Accounts: list, add, reset and change passwords, deactivate. Only one slot is rewritten
per password change; the data is never re-encrypted (SECURITY.md 4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counselroom.domain.accounts.login_policy import check_new_password, check_username
from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import AlreadyExists, NotFound, ValidationError, WrongPassword
from counselroom.domain.roles import CARE_ROLES, Actor, Permission, Role, UserId
from counselroom.services.accounts.session import Changes, KeyPolicy
from counselroom.services.guard import authorize
from counselroom.store import audit_log, users
from counselroom.store.database import Database
from counselroom.store.key_slot_ops import grant_care, key_fingerprint, make_password_slot, open_password_slot
from counselroom.store.keyfile import Slot


@dataclass(frozen=True)
class Account:
    user_id: UserId
    username: str
    display_name: str
    role: Role
    role_label: str
    active: bool
    must_change_password: bool
    device_bound: bool
    created_at: str
    care_access: str  # 已确认 / 待确认 / 待本人修改密码 / — (principal and admin never hold it)
    fingerprint: str  # of the slot's public key, read out before confirming


def list_accounts(db: Database, actor: Actor, *, now: datetime) -> list[Account]:
    """Accounts for the admin, and for a lead (who confirms colleagues' care access)."""
    if not actor.role_grants(Permission.CONFIRM_CARE_ACCESS):  # a lead, even before their own confirmation
        authorize(db, actor, Permission.MANAGE_ACCOUNTS, now=now)
    else:
        authorize(db, actor, Permission.SIGN_IN, now=now)
    db.reload_keyfile()  # slots change in other sessions (a colleague's new password)
    found = []
    for u in users.all_users(db.conn):
        slot = db.keyfile.slot_of(u.id)
        found.append(
            Account(
                u.id,
                u.username,
                u.display_name,
                u.role,
                u.role.label,
                u.active,
                u.must_change_password,
                bool(slot and slot.device_bound),
                u.created_at,
                _care_access_state(u.role, u.must_change_password, slot),
                key_fingerprint(slot.public_key) if slot and slot.public_key and u.role in CARE_ROLES else "",
            )
        )
    return found


def _care_access_state(role: Role, must_change_password: bool, slot: Slot | None) -> str:
    if role not in CARE_ROLES:
        return "—"
    if slot is not None and slot.care_grant is not None:
        return "已确认"
    if must_change_password or slot is None or not slot.public_key:
        return "待本人修改密码"
    return "待确认"


def add_account(
    db: Database,
    actor: Actor,
    *,
    username: str,
    display_name: str,
    role: Role,
    password: str,
    now: datetime,
    keys: KeyPolicy,
) -> Changes:
    """A new account with an initial password, to be changed at first sign-in."""
    authorize(db, actor, Permission.MANAGE_ACCOUNTS, now=now)
    name = check_username(username)
    check_new_password(password, username=name)
    if users.by_username(db.conn, name) is not None:
        raise AlreadyExists(f"用户名“{name}”已被使用", field="用户名")
    display = display_name.strip() or name
    with db.transaction() as conn:
        user_id = users.insert(conn, username=name, display_name=display, role=role, now=now, must_change_password=True)
        slot = make_password_slot(
            db_id=db.db_id,
            school_key=db.key,
            user_id=user_id,
            username=name,
            role=role,
            password=password,
            kdf=keys.kdf,
            device=keys.device,
        )
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.ACCOUNT_CREATED,
            object_type="user",
            object_id=user_id,
            detail=role.value,
        )
        db.update_keyfile(lambda kf: kf.with_slot(slot))
    return Changes.of(ChangeKind.ACCOUNTS, summary=f"已新建账号 {name}（{role.label}）")


def reset_password(
    db: Database, actor: Actor, *, user_id: UserId, new_password: str, now: datetime, keys: KeyPolicy
) -> Changes:
    """An admin sets a temporary password for someone who forgot theirs."""
    authorize(db, actor, Permission.MANAGE_ACCOUNTS, now=now)
    row = users.by_id(db.conn, user_id)
    if row is None:
        raise NotFound("账号不存在")
    check_new_password(new_password, username=row.username)
    with db.transaction() as conn:
        slot = make_password_slot(
            db_id=db.db_id,
            school_key=db.key,
            user_id=row.id,
            username=row.username,
            role=row.role,
            password=new_password,
            kdf=keys.kdf,
            device=keys.device,
        )
        users.set_must_change_password(conn, row.id, True)
        audit_log.append(
            conn, at=now, actor=actor, action=AuditAction.PASSWORD_RESET, object_type="user", object_id=row.id
        )
        db.update_keyfile(lambda kf: kf.with_slot(slot).with_success(row.username))
    return Changes.of(ChangeKind.ACCOUNTS, summary=f"已为 {row.username} 设置临时密码")


def change_own_password(
    db: Database, actor: Actor, *, old_password: str, new_password: str, now: datetime, keys: KeyPolicy
) -> Changes:
    authorize(db, actor, Permission.SIGN_IN, now=now)
    db.reload_keyfile()
    slot = db.keyfile.password_slot(actor.username)
    if slot is None:
        raise NotFound("找不到本账号的密钥槽")
    try:
        open_password_slot(slot, db_id=db.db_id, password=old_password, device=keys.device)
    except WrongPassword:
        raise WrongPassword("原密码不正确", field="原密码") from None
    if old_password == new_password:
        raise ValidationError("新密码不能与原密码相同", field="新密码")
    check_new_password(new_password, username=actor.username)
    with db.transaction() as conn:
        new_slot = make_password_slot(
            db_id=db.db_id,
            school_key=db.key,
            user_id=actor.user_id,
            username=actor.username,
            role=actor.role,
            password=new_password,
            kdf=keys.kdf,
            device=keys.device,
        )
        if db.has_care:
            # Their own care access moves with them to the new key pair.
            new_slot = grant_care(new_slot, db_id=db.db_id, care_key=db.care_key, granted_by=actor.user_id, at=now)
        users.set_must_change_password(conn, actor.user_id, False)
        audit_log.append(
            conn, at=now, actor=actor, action=AuditAction.PASSWORD_CHANGED, object_type="user", object_id=actor.user_id
        )
        db.update_keyfile(lambda kf: kf.with_slot(new_slot))
    return Changes.of(ChangeKind.ACCOUNTS, summary="密码已修改")


def deactivate_account(db: Database, actor: Actor, *, user_id: UserId, now: datetime) -> Changes:
    """Stop an account: its key slot is removed, its history stays in the audit log."""
    authorize(db, actor, Permission.MANAGE_ACCOUNTS, now=now)
    row = users.by_id(db.conn, user_id)
    if row is None:
        raise NotFound("账号不存在")
    if row.id == actor.user_id:
        raise ValidationError("不能停用自己正在使用的账号")
    if row.role is Role.ADMIN and users.count_active_admins(db.conn) <= 1:
        raise ValidationError("至少要保留一个在用的管理员账号")
    with db.transaction() as conn:
        users.set_active(conn, row.id, False)
        audit_log.append(
            conn, at=now, actor=actor, action=AuditAction.ACCOUNT_DEACTIVATED, object_type="user", object_id=row.id
        )
        db.update_keyfile(lambda kf: kf.without_user(row.id))
    return Changes.of(ChangeKind.ACCOUNTS, summary=f"已停用账号 {row.username}")


@dataclass(frozen=True)
class OwnKeys:
    care_access: str  # as in the accounts list
    fingerprint: str  # read out to the lead who confirms this account


def own_keys(db: Database, actor: Actor, *, now: datetime) -> OwnKeys:
    """For 我的账号: whether this account holds the care key, and its key fingerprint."""
    authorize(db, actor, Permission.SIGN_IN, now=now)
    db.reload_keyfile()
    row = users.by_id(db.conn, actor.user_id)
    slot = db.keyfile.slot_of(actor.user_id)
    state = _care_access_state(actor.role, bool(row and row.must_change_password), slot)
    return OwnKeys(state, key_fingerprint(slot.public_key) if slot and slot.public_key else "")
