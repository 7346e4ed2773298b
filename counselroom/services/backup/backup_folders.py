"""The folder backups go to (a chosen folder or a USB drive) and the backups in it.

Each backup is a folder `counselroom-<time>` holding the two store copies, a key file with only
the recovery slot, and manifest.json. While it is written it is named `….partial`; a backup that
failed its check is renamed `….failed` and kept for a person to look at. Only a folder with the
plain name and a readable manifest of this school counts as a good backup."""

from __future__ import annotations

import errno
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from counselroom.domain.errors import CounselRoomError, DatabaseDamaged, DiskFull, ValidationError
from counselroom.store.backup.manifest import CIPHERTEXT_COPY, Manifest, read_manifest

PREFIX = "counselroom-"
PARTIAL, FAILED = ".partial", ".failed"
STAMP = "%Y%m%d-%H%M%S"
HEADROOM = 1.2  # the copies are about the size of the stores; vacuumed, often smaller
MIN_FREE = 16 * 1024 * 1024


@dataclass(frozen=True)
class BackupInFolder:
    path: Path
    made: datetime
    made_by_role: str  # as the manifest says: a word to show, read before any key
    size: int  # bytes, all files
    care_as_ciphertext: bool  # made without the care key


def usable_folder(folder: Path | str, needed: int) -> Path:
    """The folder, if it is there, writable and has room for `needed` bytes; else a message
    that names it (a pulled USB stick, a read-only folder, a full disk)."""
    path = Path(folder)
    if not str(folder).strip():
        raise ValidationError("还没有选择备份文件夹", field="备份文件夹")
    if not path.is_dir():
        raise ValidationError(f"找不到备份文件夹：{path}（U 盘是否已拔出？）", field="备份文件夹")
    try:
        free = shutil.disk_usage(path).free
    except OSError as exc:
        raise unwritable(path, exc) from exc
    want = max(int(needed * HEADROOM), needed + MIN_FREE)
    if free < want:
        raise DiskFull(
            f"备份文件夹所在的磁盘空间不足：{path}（需要约 {_mb(want)}，只剩 {_mb(free)}）。"
            "请换一个文件夹或清理后再备份。"
        )
    return path


def unwritable(folder: Path, exc: OSError) -> CounselRoomError:
    if exc.errno == errno.ENOSPC:
        return DiskFull(f"备份文件夹所在的磁盘空间不足：{folder}。之前的备份都没有动。")
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return ValidationError(
            f"备份文件夹不能写入：{folder}（只读，或没有权限）。之前的备份都没有动。", field="备份文件夹"
        )
    return ValidationError(
        f"写入备份文件夹时出错：{folder}（{exc.strerror or exc}；U 盘是否已拔出？）。之前的备份都没有动。",
        field="备份文件夹",
    )


def new_backup_name(now: datetime) -> str:
    return f"{PREFIX}{now.strftime(STAMP)}"


def backups_in(folder: Path, db_id: str | None = None) -> list[BackupInFolder]:
    """Good backups in the folder (of this school when db_id is given), newest first. A folder
    whose manifest cannot be read is not a good backup and is left alone."""
    found = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for entry in entries:
        if not entry.is_dir() or not entry.name.startswith(PREFIX) or entry.suffix in (PARTIAL, FAILED):
            continue
        try:
            manifest = read_manifest(entry)
        except DatabaseDamaged:
            continue
        if db_id is None or manifest.db_id == db_id:
            found.append(_listed(entry, manifest))
    return sorted(found, key=lambda b: b.made, reverse=True)


def _listed(path: Path, manifest: Manifest) -> BackupInFolder:
    size = manifest.school.size + manifest.care.size + manifest.keys.size
    ciphertext = manifest.care.method == CIPHERTEXT_COPY
    return BackupInFolder(path, manifest.made, manifest.made_by_role, size, ciphertext)


def failed_in(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if p.is_dir() and p.name.startswith(PREFIX) and p.suffix == FAILED)
    except OSError:
        return []


def remove_backup(path: Path) -> None:
    shutil.rmtree(path)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"
