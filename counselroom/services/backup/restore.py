"""恢复 (SECURITY.md 24): a backup folder and the printed recovery key are all it takes, on a new
PC too (no keyring, no old key file).

The backup is checked in place (backup_checks, with both keys from its recovery slot) and refused
when a newer program made it; its files are copied beside the target under temporary names and
checked again; then the target's files (if any) are renamed aside as `….replaced-<time>` and the
copies renamed into place, each rename atomic, undone in reverse if one fails. The restored key
file holds only the recovery slot: the person restoring sets a new password for one account
(recover_account), an admin then resets the others' and a lead confirms care access, as after
set-up. The restore writes its own audit row into the restored chain."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from counselroom.domain.audit import AuditAction
from counselroom.domain.errors import DatabaseDamaged, SchemaTooNew, ValidationError
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import KeyPolicy, Session
from counselroom.services.accounts.sign_in import open_with_recovery_key, recover_account
from counselroom.services.backup.backup_checks import backup_problems, schema_too_new
from counselroom.store import audit_log, care_store, migrations, users
from counselroom.store.backup.manifest import CIPHERTEXT_COPY, Manifest, read_manifest
from counselroom.store.backup.store_copies import file_sha256
from counselroom.store.connection import open_encrypted
from counselroom.store.keyfile import keyfile_path, load_keyfile

RESTORING = ".restoring"


@dataclass(frozen=True)
class RestorableAccount:
    username: str
    display_name: str
    role: Role


@dataclass(frozen=True)
class CheckedBackup:
    folder: Path
    made: datetime
    made_by_role: str
    care_as_ciphertext: bool  # made without the care key: its care copy was checked only now
    accounts: tuple[RestorableAccount, ...]  # active accounts, admins first: who may be given a new password


def check_backup(folder: Path, recovery_key: str) -> CheckedBackup:
    """The backup in `folder`, checked with the keys its recovery slot gives; a message otherwise."""
    manifest, accounts = _checked(folder, recovery_key)
    ciphertext = manifest.care.method == CIPHERTEXT_COPY
    return CheckedBackup(folder, manifest.made, manifest.made_by_role, ciphertext, accounts)


def _checked(folder: Path, recovery_key: str) -> tuple[Manifest, tuple[RestorableAccount, ...]]:
    manifest = read_manifest(folder)
    keyfile = load_keyfile(folder / manifest.keys.name)
    if keyfile.db_id != manifest.db_id:
        raise DatabaseDamaged(f"备份中的密钥文件与清单不是同一所学校的：{folder}")
    keys = open_with_recovery_key(folder / manifest.school.name, recovery_key, keyfile)
    if keys.care is None:
        raise DatabaseDamaged(f"备份中的恢复密钥槽不含关爱密钥：{folder}")
    newer = schema_too_new(folder, manifest, keys.school)
    if newer is not None:
        raise SchemaTooNew(
            f"这份备份由更新版本的心理辅导室工作台制作（结构版本 {newer}，本程序支持到 "
            f"{migrations.latest_version()}），请先升级程序再恢复。"
        )
    problems = backup_problems(folder, manifest, keys.school, keys.care)
    if problems:
        raise DatabaseDamaged(f"备份未通过检查：{folder}（{problems[0]}）。请换一份较早的备份。")
    return manifest, _accounts(folder / manifest.school.name, keys.school)


def _accounts(school_copy: Path, school_key: bytes) -> tuple[RestorableAccount, ...]:
    conn = open_encrypted(school_copy, school_key)
    try:
        rows = [r for r in users.all_users(conn) if r.active]
    finally:
        conn.close()
    order = {Role.ADMIN: 0, Role.LEAD: 1, Role.COUNSELOR: 2, Role.PRINCIPAL: 3}
    rows.sort(key=lambda r: (order[r.role], r.username))
    return tuple(RestorableAccount(r.username, r.display_name, r.role) for r in rows)


def restore_backup(
    folder: Path,
    target: Path,
    recovery_key: str,
    username: str,
    new_password: str,
    *,
    now: datetime,
    keys: KeyPolicy,
) -> Session:
    """Restore the backup in `folder` as the school at `target` (school.db), set `username`'s new
    password and sign them in."""
    manifest, _accounts_found = _checked(folder, recovery_key)
    if not target.parent.is_dir():
        raise ValidationError(f"找不到要恢复到的文件夹：{target.parent}", field="恢复到")
    placed = _place(folder, manifest, target, now)
    session = recover_account(target, recovery_key, username, new_password, now=now, keys=keys)
    with session.db.transaction() as conn:
        audit_log.append(
            conn,
            at=now,
            actor=session.actor,
            action=AuditAction.RESTORE,
            object_type="backup",
            object_id=manifest.made_at,
            detail=f"{folder}" + (f"；原文件已移到 {', '.join(p.name for p in placed)}" if placed else ""),
        )
    return session


def _place(folder: Path, manifest: Manifest, target: Path, now: datetime) -> list[Path]:
    """Copy, check, and swap the three files in; returns where the old files were moved."""
    pairs = [
        (manifest.school, target),
        (manifest.care, care_store.care_store_path(target)),
        (manifest.keys, keyfile_path(target)),
    ]
    copies: list[tuple[Path, Path]] = []
    try:
        for entry, final in pairs:
            temporary = final.with_name(final.name + RESTORING)
            temporary.unlink(missing_ok=True)
            shutil.copyfile(folder / entry.name, temporary)
            os.chmod(temporary, 0o600)
            copies.append((temporary, final))
            if file_sha256(temporary) != entry.sha256:
                raise DatabaseDamaged(f"复制备份时出错：{temporary.name} 与清单不符。原文件没有改动。")
    except BaseException:
        for temporary, _final in copies:
            temporary.unlink(missing_ok=True)
        raise
    return _swap(copies, now)


def _swap(copies: list[tuple[Path, Path]], now: datetime) -> list[Path]:
    stamp = now.strftime("%Y%m%d-%H%M%S")
    done: list[tuple[Path, Path, Path | None]] = []
    try:
        for temporary, final in copies:
            aside = final.with_name(f"{final.name}.replaced-{stamp}") if final.exists() else None
            if aside is not None:
                os.replace(final, aside)
                _move_journal(final, aside)  # a hot journal belongs to its old file, never to the restored one
            done.append((temporary, final, aside))
            os.replace(temporary, final)
    except BaseException:
        for temporary, final, aside in reversed(done):
            if final.exists() and not temporary.exists():
                os.replace(final, temporary)
            if aside is not None and aside.exists():
                os.replace(aside, final)
            temporary.unlink(missing_ok=True)
        raise
    return [aside for _t, _f, aside in done if aside is not None]


def _move_journal(final: Path, aside: Path) -> None:
    journal = final.with_name(final.name + "-journal")
    if journal.exists():
        os.replace(journal, aside.with_name(aside.name + "-journal"))
