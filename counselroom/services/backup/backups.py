"""备份 (SECURITY.md 22–23): both stores and the key file's recovery slot, on demand or on a
schedule while the program is unlocked, to a chosen folder or USB drive.

A backup is written under a temporary name, checked by reopening every copy (backup_checks),
and only then given its plain name; after that, and only then, older good backups rotate out
(7 daily, 4 weekly, 12 monthly — domain/backup_rotation). A backup that fails its check is kept,
renamed `….failed`, and nothing older is touched. Who: an admin or the lead on demand (a session
without the care key copies the care store as ciphertext — store/backup/store_copies); any
signed-in session for the scheduled backup to the folder they set. Each backup writes one audit
row, made or failed."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from counselroom import __version__
from counselroom.domain.audit import AuditAction, Outcome
from counselroom.domain.backup_rotation import KeptBackup, backups_to_delete
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import CounselRoomError, DatabaseDamaged, ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.services.accounts.session import Changes
from counselroom.services.backup import backup_folders
from counselroom.services.backup.backup_checks import backup_problems
from counselroom.services.backup.backup_folders import FAILED, PARTIAL, backups_in, new_backup_name, usable_folder
from counselroom.services.guard import authorize
from counselroom.store import audit_log, settings
from counselroom.store.backup import manifest as manifest_file
from counselroom.store.backup.manifest import CARE_FILE, CIPHERTEXT_COPY, EXPORTED, KEY_FILE, SCHOOL_FILE, FileEntry
from counselroom.store.backup.store_copies import copy_at_rest, export_stores, file_sha256
from counselroom.store.database import Database
from counselroom.store.keyfile import AuditHead, KeyFile, save_keyfile

FOLDER_SETTING, AUTO_SETTING = "backup_folder", "backup_auto"
LAST_GOOD, LAST_FAILED = "backup_last_good", "backup_last_failed"  # meta: "<time>|<folder>|<bytes>" / "<time>|<why>"
EVERY = timedelta(hours=24)  # the scheduled backup: once a day while someone works
CLOCK_SLACK = timedelta(minutes=10)  # a last backup further ahead than this: the clock was wrong


@dataclass(frozen=True)
class BackupMade:
    path: Path
    made_at: datetime
    size: int
    care_as_ciphertext: bool  # made without the care key: the care store's file copied at rest
    good: bool
    problems: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()  # older backups rotated out


@dataclass(frozen=True)
class BackupStatus:
    folder: str  # "" when none is set
    automatic: bool
    last_good_at: datetime | None
    last_good_path: str
    last_good_size: int
    last_failed_at: datetime | None
    last_failed_reason: str
    due: bool  # the scheduled backup should run now


def make_backup(
    db: Database, actor: Actor, folder: Path | str, *, now: datetime, scheduled: bool = False
) -> BackupMade:
    if scheduled:
        authorize(db, actor, Permission.SIGN_IN, now=now, object_type="backup")
        if str(folder) != settings.get_setting(db.conn, FOLDER_SETTING, ""):
            raise ValidationError("自动备份只写入设置中选定的备份文件夹", field="备份文件夹")
    else:
        authorize(db, actor, Permission.MAKE_BACKUPS, now=now, object_type="backup")
    keyfile = db.keyfile
    if not keyfile.two_stores or not db.care_path.exists():
        raise ValidationError("这个数据库还没有升级为两个数据文件：请心理中心负责人先登录一次，再备份。")
    recovery = keyfile.recovery_slot()
    if recovery is None:
        raise DatabaseDamaged("密钥文件中没有恢复密钥槽：这样的备份无法恢复。请先运行完整性检查。")
    target = usable_folder(folder, db.path.stat().st_size + db.care_path.stat().st_size)
    name = new_backup_name(now)
    partial = target / f"{name}{PARTIAL}"
    try:
        partial.mkdir(mode=0o700)
        made = _write(db, actor, partial, now, recovery_keyfile=KeyFile(keyfile.db_id, (recovery,)))
    except OSError as exc:
        _remove_quietly(partial)
        problem = backup_folders.unwritable(target, exc)
        _record(db, actor, now, good=False, detail=str(problem))
        raise problem from exc
    except CounselRoomError as exc:
        _remove_quietly(partial)
        _record(db, actor, now, good=False, detail=str(exc))
        raise
    problems = backup_problems(partial, made, db.key, db.care_key if db.has_care else None)
    size = made.school.size + made.care.size + made.keys.size
    care_as_ciphertext = made.care.method == CIPHERTEXT_COPY
    if problems:
        failed = target / f"{name}{FAILED}"
        os.replace(partial, failed)
        _record(db, actor, now, good=False, detail=f"{failed}：{problems[0]}")
        return BackupMade(failed, now, size, care_as_ciphertext, False, tuple(problems))
    final = target / name
    os.replace(partial, final)
    _record(db, actor, now, good=True, detail=f"{final}（{size} 字节）", status=f"{final}|{size}")
    removed = _rotate(target, keyfile.db_id, keep=final)
    return BackupMade(final, now, size, care_as_ciphertext, True, removed=tuple(removed))


def made_changes(made: BackupMade) -> Changes:
    """What the GUI broadcasts after a backup, made or failed (the status bar and 设置 → 备份)."""
    return Changes.of(ChangeKind.BACKUPS, summary="备份完成" if made.good else "备份未通过检查")


def backup_status(db: Database, actor: Actor, *, now: datetime) -> BackupStatus:
    authorize(db, actor, Permission.SIGN_IN, now=now)
    folder = settings.get_setting(db.conn, FOLDER_SETTING, "")
    automatic = settings.get_setting(db.conn, AUTO_SETTING, "1") == "1"
    good_at, good_path, good_size = _parse_good(settings.get_meta(db.conn, LAST_GOOD) or "")
    failed_at, failed_reason = _parse_failed(settings.get_meta(db.conn, LAST_FAILED) or "")
    # A last good backup dated ahead of now (the PC's clock was wrong once) must not stop the schedule.
    overdue = good_at is None or now - good_at >= EVERY or good_at > now + CLOCK_SLACK
    due = bool(folder) and automatic and overdue
    if due and failed_at is not None and now - failed_at < timedelta(hours=1):
        due = False  # a pulled stick is not retried every minute
    return BackupStatus(folder, automatic, good_at, good_path, good_size, failed_at, failed_reason, due)


@dataclass(frozen=True)
class BackupListed:
    path: Path
    made: datetime
    made_by_role: str  # Role value
    size: int
    care_as_ciphertext: bool


def list_backups(db: Database, actor: Actor, *, now: datetime) -> list[BackupListed]:
    """This school's good backups in the folder set in 设置, newest first."""
    authorize(db, actor, Permission.MAKE_BACKUPS, now=now, object_type="backup")
    folder = settings.get_setting(db.conn, FOLDER_SETTING, "")
    if not folder:
        return []
    return [
        BackupListed(b.path, b.made, b.made_by_role, b.size, b.care_as_ciphertext)
        for b in backups_in(Path(folder), db.db_id)
    ]


def set_backup_settings(db: Database, actor: Actor, *, folder: str, automatic: bool, now: datetime) -> Changes:
    authorize(db, actor, Permission.MAKE_BACKUPS, now=now, object_type="settings", object_id=FOLDER_SETTING)
    chosen = folder.strip()
    if chosen and not Path(chosen).is_dir():
        raise ValidationError(f"找不到这个文件夹：{chosen}", field="备份文件夹")
    with db.transaction() as conn:
        settings.set_setting(conn, FOLDER_SETTING, chosen)
        settings.set_setting(conn, AUTO_SETTING, "1" if automatic else "0")
        audit_log.append(
            conn, at=now, actor=actor, action=AuditAction.SETTINGS_CHANGED, object_type="settings", object_id="backup"
        )
    return Changes.of(ChangeKind.BACKUPS, summary="已保存备份设置")


# -- writing one backup -----------------------------------------------------------------------
def _write(
    db: Database, actor: Actor, folder: Path, now: datetime, *, recovery_keyfile: KeyFile
) -> manifest_file.Manifest:
    """The copies, the key file and the manifest, in `folder`."""
    school_copy, care_copy = folder / SCHOOL_FILE, folder / CARE_FILE
    with_care = db.has_care
    exported = export_stores(
        db.conn, school_copy, db.key, care_copy if with_care else None, db.care_key if with_care else None
    )
    if not with_care:
        copy_at_rest(db.care_path, care_copy)
    head = AuditHead(exported.audit_seq, exported.audit_hash, db.head_mac(exported.audit_seq, exported.audit_hash))
    keys_copy = folder / KEY_FILE
    save_keyfile(keys_copy, _with_head(recovery_keyfile, head))
    db_id = db.db_id
    school = _entry(school_copy, EXPORTED, manifest_file.seal_digest(db.key, db_id, "school", exported.school))
    if exported.care is not None:
        care = _entry(care_copy, EXPORTED, manifest_file.seal_digest(db.care_key, db_id, "care", exported.care))
    else:
        care = _entry(care_copy, CIPHERTEXT_COPY, "")
    made = manifest_file.Manifest(
        db_id=db_id,
        made_at=now.isoformat(timespec="seconds"),
        made_by_role=actor.role.value,
        program_version=__version__,
        school=school,
        care=care,
        keys=_entry(keys_copy, "", ""),
        audit_seq=exported.audit_seq,
        audit_hash=exported.audit_hash,
    )
    made = manifest_file.signed(made, db.key)
    manifest_file.write_manifest(folder, made)
    return made


def _with_head(keyfile: KeyFile, head: AuditHead) -> KeyFile:
    return KeyFile(keyfile.db_id, keyfile.slots, audit_head=head)


def _entry(path: Path, method: str, sealed: str) -> FileEntry:
    return FileEntry(path.name, path.stat().st_size, file_sha256(path), method, sealed)


def _rotate(folder: Path, db_id: str, *, keep: Path) -> list[str]:
    """Older good backups of this school past the rotation; never the one just made."""
    good = [KeptBackup(b.path.name, b.made) for b in backups_in(folder, db_id)]
    removed = []
    for name in backups_to_delete(good):
        if name != keep.name:
            backup_folders.remove_backup(folder / name)
            removed.append(name)
    return removed


def _record(db: Database, actor: Actor, now: datetime, *, good: bool, detail: str, status: str = "") -> None:
    """The audit row and the status shown in 设置 and the status bar."""
    with db.transaction() as conn:
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.BACKUP,
            outcome=Outcome.OK if good else Outcome.FAILED,
            object_type="backup",
            detail=detail[:500],
        )
        stamp = now.isoformat(timespec="seconds")
        if good:
            settings.set_meta(conn, LAST_GOOD, f"{stamp}|{status}")
        else:
            settings.set_meta(conn, LAST_FAILED, f"{stamp}|{detail[:300]}")


def _parse_good(text: str) -> tuple[datetime | None, str, int]:
    stamp, _bar, rest = text.partition("|")
    path, _bar, size = rest.rpartition("|")
    try:
        return datetime.fromisoformat(stamp), path, int(size)
    except ValueError:
        return None, "", 0


def _parse_failed(text: str) -> tuple[datetime | None, str]:
    stamp, _bar, why = text.partition("|")
    try:
        return datetime.fromisoformat(stamp), why
    except ValueError:
        return None, ""


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):  # a pulled stick: nothing to clean up there now
        backup_folders.remove_backup(path)
