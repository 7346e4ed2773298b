"""Signing in, unlocking after an idle lock, recovery-key re-enrolment, lock and logout."""

from __future__ import annotations

import hmac
from datetime import datetime
from pathlib import Path

from counselroom.domain.accounts.login_policy import check_new_password, seconds_to_wait
from counselroom.domain.accounts.recovery_key import parse_recovery_key
from counselroom.domain.audit import AuditAction, Outcome
from counselroom.domain.errors import AccessDenied, DatabaseDamaged, LoginBackoff, WrongPassword
from counselroom.domain.roles import Actor, Role
from counselroom.domain.visible_text import visible
from counselroom.services.accounts.session import KeyPolicy, Session
from counselroom.store import audit_log, settings, users
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.key_slot_ops import (
    make_password_slot,
    open_password_slot,
    open_recovery_slot,
    spend_like_a_password_check,
)
from counselroom.store.keyfile import KeyFile, keyfile_path, load_keyfile, save_keyfile
from counselroom.store.opening import open_database

WRONG_LOGIN = "用户名或密码错误"
UNKNOWN_ACCOUNT = "账号不存在"  # audited only; the person signing in reads WRONG_LOGIN either way


def sign_in(
    db_path: Path, username: str, password: str, *, now: datetime, keys: KeyPolicy, unlocking: bool = False
) -> Session:
    """Unwrap the account's slot and open the database. A wrong password touches only the
    key file's failure counter, never the database."""
    kf_path = keyfile_path(db_path)
    keyfile = load_keyfile(kf_path)
    if not db_path.exists():
        raise DatabaseDamaged(f"找不到数据库文件：{db_path}。可用备份和恢复密钥恢复。")
    slot = keyfile.password_slot(username.strip())
    if slot is None:
        # The same work, the same words and an audit entry as a wrong password: no user enumeration.
        spend_like_a_password_check(keyfile.slots, password)
        save_keyfile(kf_path, keyfile.with_refusal(visible(username.strip())[:64], now, UNKNOWN_ACCOUNT))
        raise WrongPassword(WRONG_LOGIN)
    wait = seconds_to_wait(slot.failures, _parse(slot.last_failure), now)
    if wait:
        save_keyfile(kf_path, keyfile.with_refusal(slot.username, now, "等待期内再次尝试登录"))
        raise LoginBackoff(f"连续输错密码次数过多，请 {wait} 秒后再试", wait_seconds=wait)
    try:
        db_key = open_password_slot(slot, db_id=keyfile.db_id, password=password, device=keys.device)
    except WrongPassword:
        save_keyfile(kf_path, keyfile.with_failure(slot.username, now))
        raise WrongPassword(WRONG_LOGIN) from None
    db = _open(db_path, db_key, keyfile, now)
    try:
        actor = _actor_for(db, slot.username, Role(slot.role))
        action = AuditAction.UNLOCK if unlocking else AuditAction.LOGIN
        with db.transaction() as conn:
            _flush_failures(conn, keyfile)
            _record_opening_warnings(conn, db, actor, now)
            audit_log.append(conn, at=now, actor=actor, action=action)
            must_change = users.by_id(conn, actor.user_id).must_change_password  # type: ignore[union-attr]
        db.update_keyfile(lambda kf: kf.with_success(slot.username))
    except BaseException:
        db.close()
        raise
    return Session(db, actor, warnings=list(db.opening_warnings), must_change_password=must_change)


def recover_account(
    db_path: Path, recovery_key: str, username: str, new_password: str, *, now: datetime, keys: KeyPolicy
) -> Session:
    """Open with the printed recovery key, give `username` a new password (re-enrolling this
    PC's device secret), and sign them in. For a lost password or a lost keyring entry."""
    payload = parse_recovery_key(recovery_key)
    keyfile = load_keyfile(keyfile_path(db_path))
    slot = keyfile.recovery_slot()
    if slot is None:
        raise DatabaseDamaged("密钥文件中没有恢复密钥槽")
    try:
        db_key = open_recovery_slot(slot, db_id=keyfile.db_id, payload=payload)
    except WrongPassword:
        raise WrongPassword("恢复密钥不正确（校验通过，但不是这所学校的恢复密钥）") from None
    db = _open(db_path, db_key, keyfile, now)
    try:
        row = users.by_username(db.conn, username.strip())
        if row is None or not row.active:
            raise AccessDenied(f"没有名为“{username}”的在用账号")
        check_new_password(new_password, username=row.username)
        actor = Actor(row.id, row.username, row.display_name, row.role)
        new_slot = make_password_slot(
            db_id=db.db_id,
            db_key=db_key,
            user_id=row.id,
            username=row.username,
            role=row.role,
            password=new_password,
            kdf=keys.kdf,
            device=keys.device,
        )
        with db.transaction() as conn:
            _flush_failures(conn, keyfile)
            _record_opening_warnings(conn, db, actor, now)
            for action in (AuditAction.RECOVERY_UNLOCK, AuditAction.PASSWORD_RESET, AuditAction.DEVICE_ENROLLED):
                audit_log.append(conn, at=now, actor=actor, action=action, object_type="user", object_id=row.id)
            users.set_must_change_password(conn, row.id, False)
            db.update_keyfile(lambda kf: kf.with_slot(new_slot).with_success(row.username))
    except BaseException:
        db.close()
        raise
    return Session(db, actor, warnings=list(db.opening_warnings))


def lock(session: Session, *, now: datetime) -> None:
    """Idle or requested lock: audit, then close the connection and wipe the key."""
    _close_with(session, AuditAction.LOCK, now)


def logout(session: Session, *, now: datetime) -> None:
    _close_with(session, AuditAction.LOGOUT, now)


def _close_with(session: Session, action: AuditAction, now: datetime) -> None:
    if not session.db.is_open:
        return
    try:
        with session.db.transaction() as conn:
            audit_log.append(conn, at=now, actor=session.actor, action=action)
    finally:
        session.db.close()


def audit_head_warnings(db: Database) -> list[str]:
    """Compare the chain head copied in the key file with the table (a cut tail shows here)."""
    head = db.keyfile.audit_head
    if head is None:
        return []
    if not hmac.compare_digest(head.mac, db.head_mac(head.seq, head.hash)):
        return ["审计日志头记录的校验码不符：密钥文件可能被改动过。请运行完整性检查。"]
    if audit_log.hash_at(db.conn, head.seq) != head.hash:
        return [f"审计日志与密钥文件中记录的第 {head.seq} 条不符：日志可能被删减。请运行完整性检查。"]
    return []


def _record_opening_warnings(conn: Connection, db: Database, actor: Actor, now: datetime) -> None:
    """Compare the audit head before this session's first row moves it, and keep what was
    found in the chain itself, so the evidence outlives the key file's head."""
    db.opening_warnings = audit_head_warnings(db)
    for warning in db.opening_warnings:
        audit_log.append(
            conn, at=now, actor=actor, action=AuditAction.INTEGRITY_CHECK, outcome=Outcome.FAILED, reason=warning
        )


def _open(db_path: Path, db_key: bytes, keyfile: KeyFile, now: datetime) -> Database:
    conn = open_database(db_path, db_key, now=now)
    stored_id = settings.get_meta(conn, "db_id")
    if stored_id != keyfile.db_id:
        conn.close()
        raise DatabaseDamaged(f"密钥文件与数据库不匹配：{db_path}")
    return Database(db_path, conn, db_key, keyfile)


def _actor_for(db: Database, username: str, role: Role) -> Actor:
    row = users.by_username(db.conn, username)
    if row is None or not row.active:
        raise AccessDenied("此账号已停用，请联系管理员")
    if row.role != role:
        raise DatabaseDamaged("账号角色与密钥槽不一致，请联系管理员用恢复密钥处理")
    return Actor(row.id, row.username, row.display_name, row.role)


def _flush_failures(conn: Connection, keyfile: KeyFile) -> None:
    """Failed sign-ins could not be written while the database was shut; write them now."""
    for failure in keyfile.pending_failures:
        audit_log.append(
            conn,
            at=datetime.fromisoformat(failure["at"]),
            actor=None,
            username=failure["username"],
            action=AuditAction.LOGIN_FAILED,
            outcome=Outcome.FAILED,
            reason=failure.get("reason", WRONG_LOGIN),
        )


def _parse(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
