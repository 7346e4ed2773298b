"""The key file beside the database: wrapped key slots, failed-login counters, the audit head.

It holds no school or student data — only user names, roles and ciphertext — because it must
be read before the database can be opened. It is always replaced atomically (temp + rename).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from counselroom.domain.accounts.failure_records import backoff_record
from counselroom.domain.errors import DatabaseDamaged
from counselroom.store import keyfile_checks

FORMAT = "counselroom-keys"
# 1: one key for one database file. 2: a school key and a care key, two stores (issue #9).
VERSION = 2
SINGLE_STORE_VERSION = 1


@dataclass(frozen=True)
class CareGrant:
    """The care key sealed to a slot's public key by a lead (or the recovery key)."""

    ephemeral_public: str
    nonce: str
    ciphertext: str
    granted_by: int | None  # the lead's user id; None when granted with the recovery key
    granted_at: str


@dataclass(frozen=True)
class Slot:
    kind: str  # "password" or "recovery"
    salt: str
    nonce: str
    ciphertext: str
    user_id: int | None = None
    username: str = ""
    role: str = ""
    kdf: dict[str, int] | None = None
    device_bound: bool = False
    device_fingerprint: str = ""  # which device secret the slot was bound to (not the secret)
    failures: int = 0
    last_failure: str | None = None
    public_key: str = ""  # X25519, base64; its private key is sealed inside with the school key
    care_grant: CareGrant | None = None


@dataclass(frozen=True)
class AuditHead:
    seq: int
    hash: str
    mac: str  # HMAC under the database key: only a holder of the key can move the head


@dataclass(frozen=True)
class KeyFile:
    db_id: str
    slots: tuple[Slot, ...]
    version: int = VERSION
    audit_head: AuditHead | None = None
    pending_failures: tuple[dict[str, str], ...] = field(default_factory=tuple)

    def password_slot(self, username: str) -> Slot | None:
        for slot in self.slots:
            if slot.kind == "password" and slot.username == username:
                return slot
        return None

    def recovery_slot(self) -> Slot | None:
        return next((s for s in self.slots if s.kind == "recovery"), None)

    def with_slot(self, new: Slot) -> KeyFile:
        """Replace the slot of the same account (or the recovery slot), or add it."""

        def same(s: Slot) -> bool:
            return s.kind == new.kind and (s.kind == "recovery" or s.user_id == new.user_id)

        kept = tuple(s for s in self.slots if not same(s))
        return replace(self, slots=(*kept, new))

    def slot_of(self, user_id: int) -> Slot | None:
        return next((s for s in self.slots if s.kind == "password" and s.user_id == user_id), None)

    @property
    def two_stores(self) -> bool:
        return self.version >= VERSION

    def without_user(self, user_id: int) -> KeyFile:
        kept = tuple(s for s in self.slots if not (s.kind == "password" and s.user_id == user_id))
        return replace(self, slots=kept)

    def with_refusal(self, username: str, at: datetime, reason: str) -> KeyFile:
        """A sign-in refused without trying the password (back-off): audited, not counted. A last
        failure stamped after the refusal (a clock set back, an edited file) is brought back to
        it, so the wait ends at most the policy's longest from now, not at that stamp."""
        entry = {"username": username, "at": at.isoformat(), "reason": reason}
        slots = tuple(
            _failure_no_later_than(s, at) if s.kind == "password" and s.username == username else s for s in self.slots
        )
        return replace(self, slots=slots, pending_failures=(*self.pending_failures, entry)[-MAX_PENDING:])

    def with_failure(self, username: str, at: datetime) -> KeyFile:
        slots = tuple(
            replace(s, failures=s.failures + 1, last_failure=at.isoformat())
            if s.kind == "password" and s.username == username
            else s
            for s in self.slots
        )
        pending = (*self.pending_failures, {"username": username, "at": at.isoformat()})
        return replace(self, slots=slots, pending_failures=pending[-MAX_PENDING:])

    def with_success(self, username: str) -> KeyFile:
        slots = tuple(replace(s, failures=0, last_failure=None) if s.username == username else s for s in self.slots)
        return replace(self, slots=slots, pending_failures=())


def _failure_no_later_than(slot: Slot, at: datetime) -> Slot:
    """The slot with a last failure after `at` moved back to `at` (the back-off's own rule)."""
    if slot.last_failure is None:
        return slot
    last = datetime.fromisoformat(slot.last_failure)
    _, since = backoff_record(slot.failures, last, at)
    return slot if since == last else replace(slot, last_failure=at.isoformat())


# Failed sign-ins wait here for the next unlock to audit them; a flood of guesses keeps the last ones.
MAX_PENDING = 500


def keyfile_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".keys")


def _to_json(keyfile: KeyFile) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": keyfile.version,
        "db_id": keyfile.db_id,
        "slots": [_slot_json(s) for s in keyfile.slots],
        "audit_head": vars(keyfile.audit_head) if keyfile.audit_head else None,
        "pending_failures": list(keyfile.pending_failures),
    }


def _slot_json(slot: Slot) -> dict[str, Any]:
    data = dict(vars(slot))
    data["care_grant"] = vars(slot.care_grant) if slot.care_grant else None
    return data


def _slot_from_json(data: dict[str, Any]) -> Slot:
    grant = data.pop("care_grant", None)
    return Slot(**data, care_grant=CareGrant(**grant) if grant else None)


MAX_KEYFILE_BYTES = 4 * 1024 * 1024


def load_keyfile(path: Path) -> KeyFile:
    """Read and check every field (SECURITY.md 27): anything the program would not have written is
    "密钥文件已损坏…", naming the field, never a traceback."""
    try:
        if path.stat().st_size > MAX_KEYFILE_BYTES:  # hundreds of slots fit in well under this
            raise _damaged(path, f"文件过大（超过 {MAX_KEYFILE_BYTES // 1024 // 1024} MB）")
        data = keyfile_checks.parse_json(path.read_bytes().decode("utf-8"))
        keyfile_checks.check_keyfile(data, format_tag=FORMAT, versions=(SINGLE_STORE_VERSION, VERSION))
        assert isinstance(data, dict)  # checked above
        head = data.get("audit_head")
        return KeyFile(
            db_id=data["db_id"],
            version=data.get("version", SINGLE_STORE_VERSION),
            slots=tuple(_slot_from_json(dict(s)) for s in data["slots"]),
            audit_head=AuditHead(**head) if head else None,
            pending_failures=tuple(data.get("pending_failures", []))[-MAX_PENDING:],
        )
    except FileNotFoundError as exc:
        raise DatabaseDamaged(f"找不到密钥文件：{path}。请把它与数据库放在同一文件夹，或用备份恢复。") from exc
    except PermissionError as exc:
        raise DatabaseDamaged(f"没有权限读取密钥文件：{path}。请用安装本程序的账号登录电脑后再打开。") from exc
    except UnicodeDecodeError as exc:
        raise _damaged(path, "不是 UTF-8 文本") from exc
    except keyfile_checks.KeyFileProblem as exc:
        raise _damaged(path, exc.where) from exc
    except (ValueError, KeyError, TypeError) as exc:  # a case the checks missed: still damage, not a traceback
        raise _damaged(path, "内容不符合格式") from exc


def _damaged(path: Path, where: str) -> DatabaseDamaged:
    return DatabaseDamaged(f"密钥文件已损坏：{path}（{where}）。可用恢复密钥从备份恢复。")


def save_keyfile(path: Path, keyfile: KeyFile) -> None:
    """Write atomically and durably: a crash leaves either the old or the new file."""
    text = json.dumps(_to_json(keyfile), ensure_ascii=False, indent=1)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a directory for fsync; os.replace is durable there
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
