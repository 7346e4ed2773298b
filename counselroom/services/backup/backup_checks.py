"""Checking a backup folder against its manifest (SECURITY.md 22–23): each file's size and SHA-256,
the manifest's MAC, then each copy reopened with its key — cipher_integrity_check,
integrity_check, the row counts and content hash sealed in the manifest, the school's db_id, and
the audit chain up to the head the manifest names. Used right after a backup is written (before
any older one may rotate out) and before a restore."""

from __future__ import annotations

import hmac
from pathlib import Path

from counselroom.domain.errors import DatabaseDamaged
from counselroom.store import audit_log, care_counts, care_store, migrations
from counselroom.store.backup.manifest import CIPHERTEXT_COPY, FileEntry, Manifest, mac_holds, open_digest
from counselroom.store.backup.store_copies import file_sha256, looks_encrypted
from counselroom.store.backup.store_digest import digest_store
from counselroom.store.connection import Connection, attach_encrypted, open_encrypted, run_health_checks
from counselroom.store.crisis import incident_status
from counselroom.store.settings import get_meta


def backup_problems(folder: Path, manifest: Manifest, school_key: bytes, care_key: bytes | None) -> list[str]:
    """Everything wrong with the backup in `folder`; empty when it is good. Without the care key a
    ciphertext copy of the care store is checked as a file only."""
    problems = [p for entry in (manifest.school, manifest.care, manifest.keys) for p in _file_problems(folder, entry)]
    if problems:
        return problems
    if not mac_holds(manifest, school_key):
        return ["备份清单的校验码不符：清单被改动，或不是用这所学校的密钥制作的"]
    problems += _store_problems(folder / manifest.school.name, school_key, manifest, "school")
    if care_key is not None:
        problems += _store_problems(folder / manifest.care.name, care_key, manifest, "care")
        if not problems:
            problems += _pairing_problems(folder, manifest, school_key, care_key)
    elif not looks_encrypted(folder / manifest.care.name):
        problems.append(f"{manifest.care.name} 不是加密的数据库文件")
    return problems


def schema_too_new(folder: Path, manifest: Manifest, school_key: bytes) -> int | None:
    """The copy's schema version when this program is older than the one that made it."""
    conn = open_encrypted(folder / manifest.school.name, school_key)
    try:
        version = migrations.schema_version(conn)
    finally:
        conn.close()
    return version if version > migrations.latest_version() else None


def _file_problems(folder: Path, entry: FileEntry) -> list[str]:
    path = folder / entry.name
    if not path.is_file():
        return [f"缺少文件 {entry.name}"]
    if path.stat().st_size != entry.size or file_sha256(path) != entry.sha256:
        return [f"{entry.name} 与清单不符（写入后被改动或损坏）"]
    return []


def _store_problems(path: Path, key: bytes, manifest: Manifest, store: str) -> list[str]:
    entry = manifest.school if store == "school" else manifest.care
    try:
        conn = open_encrypted(path, key)
    except DatabaseDamaged as exc:
        return [f"{path.name} 打不开：{exc}"]
    try:
        problems = run_health_checks(conn, path, full=True)
        if problems:
            return problems
        stored_id = get_meta(conn, "db_id") if store == "school" else care_store.care_db_id(conn, "main")
        if stored_id != manifest.db_id:
            return [f"{path.name} 不属于清单所说的学校"]
        if entry.method != CIPHERTEXT_COPY:
            sealed = open_digest(key, manifest.db_id, store, entry.sealed_digest)
            if digest_store(conn) != sealed:
                return [f"{path.name} 的行数或内容校验值与清单不符"]
        if store == "school":
            return _audit_problems(conn, manifest)
        return []
    finally:
        conn.close()


def _pairing_problems(folder: Path, manifest: Manifest, school_key: bytes, care_key: bytes) -> list[str]:
    """The two copies are of one moment. The school store is all a school-key holder can rewrite
    and re-sign in a manifest; the care copy they can only swap for an older genuine one. That shows
    here: the care store's audit anchor (a MAC under the care key) must sit in the school's chain,
    and the principal's counts kept in the school store must equal a recount of the care data."""
    conn = open_encrypted(folder / manifest.school.name, school_key)
    try:
        attach_encrypted(conn, folder / manifest.care.name, care_key, "care")
        anchor = care_store.read_anchor(conn)
        if anchor is not None:
            seq, digest, mac = anchor
            if not hmac.compare_digest(mac, care_store.anchor_mac(care_key, manifest.db_id, seq, digest)):
                return [f"{manifest.care.name} 的审计锚点校验失败：文件被改动过"]
            if audit_log.hash_at(conn, seq) != digest:
                return [f"{manifest.care.name} 与 {manifest.school.name} 的审计日志对不上：两个文件不是同一份备份"]
        if care_counts.differences(conn) or incident_status.differences(conn):
            return [
                f"{manifest.care.name} 与 {manifest.school.name} 不是同一时刻的（汇总统计与心理档案对不上）："
                "心理档案可能被换成了较早的一份"
            ]
        return []
    finally:
        conn.close()


def _audit_problems(conn: Connection, manifest: Manifest) -> list[str]:
    chain = audit_log.verify(conn)
    if chain.first_bad_seq is not None:
        return [f"备份中的审计日志链不完整：{chain.problem}"]
    if (chain.head_seq, chain.head_hash) != (manifest.audit_seq, manifest.audit_hash):
        return [f"备份中的审计日志（到第 {chain.head_seq} 条）与清单（第 {manifest.audit_seq} 条）不符"]
    return []
