"""Signing in, unlocking after an idle lock, recovery-key re-enrolment, lock and logout."""

from __future__ import annotations

import hmac
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from counselroom.domain.accounts import failure_records
from counselroom.domain.accounts.failure_records import REFUSED_WHILE_WAITING, UNKNOWN_ACCOUNT, WRONG_LOGIN
from counselroom.domain.accounts.login_policy import check_new_password, seconds_to_wait
from counselroom.domain.accounts.recovery_key import parse_recovery_key
from counselroom.domain.audit import AuditAction, Outcome
from counselroom.domain.errors import AccessDenied, DatabaseDamaged, LoginBackoff, WrongPassword
from counselroom.domain.roles import CARE_ROLES, Actor, Role
from counselroom.domain.visible_text import visible
from counselroom.services.accounts.session import KeyPolicy, Session
from counselroom.services.accounts.store_upgrade import Upgraded, split_single_key_database
from counselroom.store import audit_log, care_store, settings, users
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.key_slot_ops import (
    grant_care,
    make_password_slot,
    open_password_slot,
    open_recovery_slot,
    spend_like_a_password_check,
)
from counselroom.store.key_slots import KdfParams
from counselroom.store.keyfile import KeyFile, Slot, keyfile_path, load_keyfile, save_keyfile
from counselroom.store.opening import attach_care, open_database


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
    failures, last_failure = failure_records.backoff_record(slot.failures, _parse(slot.last_failure), now)
    wait = seconds_to_wait(failures, last_failure, now)
    if wait:
        save_keyfile(kf_path, keyfile.with_refusal(slot.username, now, REFUSED_WHILE_WAITING))
        raise LoginBackoff(f"连续输错密码次数过多，请 {wait} 秒后再试", wait_seconds=wait)
    try:
        opened = open_password_slot(slot, db_id=keyfile.db_id, password=password, device=keys.device)
    except WrongPassword:
        save_keyfile(kf_path, keyfile.with_failure(slot.username, now))
        raise WrongPassword(WRONG_LOGIN) from None
    role = Role(slot.role)
    # Only counselor and lead accounts ever use the care key, whatever a slot may carry.
    care_key = opened.care if role in CARE_ROLES and keyfile.two_stores else None
    db = _open(db_path, opened.school, keyfile, now, care_key=care_key)
    upgraded = None
    if role is Role.LEAD and not keyfile.two_stores:
        upgraded = _upgrade(db, slot, password, keys, now)
        slot = db.keyfile.password_slot(slot.username) or slot  # rebuilt with a key pair and a grant
    try:
        actor = _actor_for(db, slot.username, role)
        action = AuditAction.UNLOCK if unlocking else AuditAction.LOGIN
        with db.transaction() as conn:
            _flush_failures(conn, keyfile, now)
            _record_opening_warnings(conn, db, actor, now)
            audit_log.append(conn, at=now, actor=actor, action=action)
            if upgraded is not None:
                audit_log.append(
                    conn,
                    at=now,
                    actor=actor,
                    action=AuditAction.STORES_SPLIT,
                    detail=f"升级前副本 {upgraded.copy.name}",
                )
            must_change = users.by_id(conn, actor.user_id).must_change_password  # type: ignore[union-attr]
        has_pair = opened.private is not None or upgraded is not None
        own_slot = slot if has_pair else _with_key_pair(db, slot, password, keys)
        db.update_keyfile(lambda kf: kf.with_slot(own_slot).with_success(slot.username))
    except BaseException:
        db.close()
        raise
    warnings = list(db.opening_warnings) + care_access_notes(db, actor, own_slot)
    if upgraded is not None:
        warnings.append(STORES_SPLIT_NOTE)
    return Session(
        db,
        actor,
        warnings=warnings,
        must_change_password=must_change,
        new_recovery_key=upgraded.recovery_key if upgraded else "",
    )


STORES_SPLIT_NOTE = (
    "心理档案已移入单独加密的关爱数据文件，校领导和管理员账号从此不能打开。"
    "请打印新的恢复密钥（旧的恢复密钥已失效），并在“账号”页确认各位心理教师的访问权限。"
)


def _upgrade(db: Database, slot: Slot, password: str, keys: KeyPolicy, now: datetime) -> Upgraded:
    """A single-key database meets its first lead: the care tables move to their own store."""
    try:
        upgraded = split_single_key_database(
            db.conn, db.path, db.keyfile, school_key=db.key, lead_slot=slot, password=password, keys=keys, now=now
        )
    except BaseException:
        db.close()
        raise
    db.reload_keyfile()
    db.take_care_key(upgraded.care_key)
    return upgraded


def _with_key_pair(db: Database, slot: Slot, password: str, keys: KeyPolicy) -> Slot:
    """A slot from a single-key key file has no key pair: give it one now, while we hold the
    password, so that a lead can confirm the account (seal the care key to it)."""
    fresh = make_password_slot(
        db_id=db.db_id,
        school_key=db.key,
        user_id=slot.user_id or 0,
        username=slot.username,
        role=Role(slot.role),
        password=password,
        kdf=KdfParams.from_json(slot.kdf) if slot.kdf else keys.kdf,
        device=keys.device if slot.device_bound else None,
    )
    return replace(fresh, failures=slot.failures, last_failure=slot.last_failure)


def care_access_notes(db: Database, actor: Actor, slot: Slot) -> list[str]:
    """What a counselor or lead without the care key should know at sign-in."""
    if actor.role not in CARE_ROLES or db.has_care:
        return []
    if not db.keyfile.two_stores:
        return ["数据库仍是单密钥格式：请心理中心负责人登录一次，程序会把心理档案移入单独加密的关爱数据文件。"]
    if slot.care_grant is not None:
        return ["本账号的心理档案授权无法打开（可能在密钥文件中被改动或已失效），请心理中心负责人重新确认。"]
    return [NOT_CONFIRMED]


NOT_CONFIRMED = (
    "本账号尚未获得心理档案的访问权限：请心理中心负责人在“账号”页确认（核对密钥指纹）。"
    "第一位负责人可在“账号”页用恢复密钥确认自己。"
)


def recover_account(
    db_path: Path, recovery_key: str, username: str, new_password: str, *, now: datetime, keys: KeyPolicy
) -> Session:
    """Open with the printed recovery key, give `username` a new password (re-enrolling this
    PC's device secret), and sign them in. For a lost password or a lost keyring entry."""
    keyfile = load_keyfile(keyfile_path(db_path))
    opened = open_with_recovery_key(db_path, recovery_key, keyfile)
    db = _open(db_path, opened.school, keyfile, now, care_key=opened.care if keyfile.two_stores else None)
    try:
        row = users.by_username(db.conn, username.strip())
        if row is None or not row.active:
            raise AccessDenied(f"没有名为“{username}”的在用账号")
        check_new_password(new_password, username=row.username)
        actor = Actor(row.id, row.username, row.display_name, row.role)
        new_slot = make_password_slot(
            db_id=db.db_id,
            school_key=opened.school,
            user_id=row.id,
            username=row.username,
            role=row.role,
            password=new_password,
            kdf=keys.kdf,
            device=keys.device,
        )
        if row.role in CARE_ROLES and opened.care is not None:
            # The recovery key holds everything: a counselor or lead it resets keeps the care key.
            new_slot = grant_care(new_slot, db_id=db.db_id, care_key=opened.care, granted_by=None, at=now)
        with db.transaction() as conn:
            _flush_failures(conn, keyfile, now)
            _record_opening_warnings(conn, db, actor, now)
            for action in (AuditAction.RECOVERY_UNLOCK, AuditAction.PASSWORD_RESET, AuditAction.DEVICE_ENROLLED):
                audit_log.append(conn, at=now, actor=actor, action=action, object_type="user", object_id=row.id)
            users.set_must_change_password(conn, row.id, False)
            db.update_keyfile(lambda kf: kf.with_slot(new_slot).with_success(row.username))
        if row.role not in CARE_ROLES:
            db.drop_care_key()  # a principal or admin signed in this way still works on the school store only
    except BaseException:
        db.close()
        raise
    return Session(db, replace(actor, holds_care=db.has_care), warnings=list(db.opening_warnings))


@dataclass(frozen=True)
class RecoveredKeys:
    school: bytes
    care: bytes | None  # None in a recovery slot from before the care store (key file version 1)


def open_with_recovery_key(db_path: Path, recovery_key: str, keyfile: KeyFile | None = None) -> RecoveredKeys:
    """Both keys from the printed recovery key; a wrong key is WrongPassword (and audited by the
    caller's next unlock through the key file)."""
    payload = parse_recovery_key(recovery_key)
    keyfile = keyfile or load_keyfile(keyfile_path(db_path))
    slot = keyfile.recovery_slot()
    if slot is None:
        raise DatabaseDamaged("密钥文件中没有恢复密钥槽")
    try:
        opened = open_recovery_slot(slot, db_id=keyfile.db_id, payload=payload)
    except WrongPassword:
        raise WrongPassword("恢复密钥不正确（校验通过，但不是这所学校的恢复密钥）") from None
    return RecoveredKeys(opened.school, opened.care)


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
    """Compare the chain head copied in the key file with the table (a cut tail shows here), and,
    for a care-key holder, the anchor in the care store (a rewritten chain shows there)."""
    found = anchor_warnings(db)
    head = db.keyfile.audit_head
    if head is None:
        if audit_log.max_seq(db.conn) > 0:  # a key file stripped of its head hides a cut tail
            return ["密钥文件中没有审计日志头记录：无法发现被截断的日志尾部。请运行完整性检查。", *found]
        return found
    if not hmac.compare_digest(head.mac, db.head_mac(head.seq, head.hash)):
        return ["审计日志头记录的校验码不符：密钥文件可能被改动过。请运行完整性检查。", *found]
    if audit_log.hash_at(db.conn, head.seq) is None:
        first_missing = audit_log.max_seq(db.conn) + 1
        return [
            f"审计日志缺少第 {first_missing} 条起的记录（密钥文件记录到第 {head.seq} 条）：日志尾部被删去。"
            "请运行完整性检查并报告心理中心负责人。",
            *found,
        ]
    if audit_log.hash_at(db.conn, head.seq) != head.hash:
        return [f"审计日志与密钥文件中记录的第 {head.seq} 条不符：日志可能被改写。请运行完整性检查。", *found]
    return found


def anchor_warnings(db: Database) -> list[str]:
    """The chain head a care-key holder last wrote into the care store must still be in the chain:
    a school-key holder can rebuild the chain and its key-file head, not this anchor."""
    if not db.has_care:
        return []
    anchor = care_store.read_anchor(db.conn)
    if anchor is None:
        return []
    seq, digest, mac = anchor
    if not hmac.compare_digest(mac, care_store.anchor_mac(db.care_key, db.db_id, seq, digest)):
        return ["关爱数据文件中的审计锚点校验失败：文件可能被改动。请运行完整性检查。"]
    if audit_log.hash_at(db.conn, seq) != digest:
        return [
            f"审计日志第 {seq} 条与关爱数据文件中的锚点不符：日志在此之前被改写或删减"
            "（只持有学校密钥的人做不到不留痕迹）。请运行完整性检查并联系负责人。"
        ]
    return []


def _record_opening_warnings(conn: Connection, db: Database, actor: Actor, now: datetime) -> None:
    """Compare the audit head before this session's first row moves it, and keep what was
    found in the chain itself, so the evidence outlives the key file's head."""
    db.opening_warnings = audit_head_warnings(db)
    for warning in db.opening_warnings:
        audit_log.append(
            conn, at=now, actor=actor, action=AuditAction.INTEGRITY_CHECK, outcome=Outcome.FAILED, reason=warning
        )


def _open(db_path: Path, school_key: bytes, keyfile: KeyFile, now: datetime, *, care_key: bytes | None) -> Database:
    conn = open_database(db_path, school_key, now=now)
    try:
        stored_id = settings.get_meta(conn, "db_id")
        if stored_id != keyfile.db_id:
            raise DatabaseDamaged(f"密钥文件与数据库不匹配：{db_path}")
        if care_key is not None:
            attach_care(conn, db_path, care_key, db_id=keyfile.db_id)
    except BaseException:
        conn.close()
        raise
    return Database(db_path, conn, school_key, keyfile, care_key=care_key)


def _actor_for(db: Database, username: str, role: Role) -> Actor:
    row = users.by_username(db.conn, username)
    if row is None or not row.active:
        raise AccessDenied("此账号已停用，请联系管理员")
    if row.role != role:
        raise DatabaseDamaged("账号角色与密钥槽不一致，请联系管理员用恢复密钥处理")
    return Actor(row.id, row.username, row.display_name, row.role, holds_care=db.has_care)


def _flush_failures(conn: Connection, keyfile: KeyFile, now: datetime) -> None:
    """Failed sign-ins could not be written while the database was shut; write them now. The
    records are untrusted (SECURITY.md 27): only the program's own reasons, a visible name of
    bounded length, and a time between the last audit row's and now."""
    last_row = audit_log.last_time(conn)
    for failure in keyfile.pending_failures:
        audit_log.append(
            conn,
            at=failure_records.audit_time(datetime.fromisoformat(failure["at"]), last_row=last_row, now=now),
            actor=None,
            username=failure_records.audit_username(failure["username"]),
            action=AuditAction.LOGIN_FAILED,
            outcome=Outcome.FAILED,
            reason=failure_records.audit_reason(failure.get("reason")),
        )


def _parse(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
