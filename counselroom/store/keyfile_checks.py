"""Every field of the key file checked before it is used (SECURITY.md 27, docs/security-design.md §3, §7).

The key file is read before the database can be opened, so nothing in it is authenticated yet:
whoever can write the folder decides what it says. A field that is not what the program writes
(a wrong length, a KDF cost that would allocate gigabytes, a bool where a count belongs, a time
that is no time) raises `KeyFileProblem`, naming the field in Chinese; the loader turns that into
"密钥文件已损坏…". Nothing here decrypts: a well-formed but edited slot still fails its AES-GCM
tag later, as a wrong password.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import unicodedata
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from counselroom.domain.roles import Role
from counselroom.domain.visible_text import visible

SALT_BYTES = 16
NONCE_BYTES = 12
TAG_BYTES = 16  # AES-GCM's tag, appended to every ciphertext
PUBLIC_KEY_BYTES = 32  # X25519
SEALED_KEY_BYTES = 32 + TAG_BYTES  # a care grant seals one 32-byte key

# Argon2id costs a key file may ask for: t passes, m KiB (8 KiB to 4 GiB), p lanes. A larger
# memory cost is a denial of service: signing in would try to allocate it.
KDF_BOUNDS = {"t": (1, 64), "m": (8, 4 * 1024 * 1024), "p": (1, 64)}
MAX_FAILURES = 10**6
MAX_USER_ID = 2**63 - 1  # SQLite's largest rowid
MAX_USERNAME_LENGTH = 64

SLOT_KINDS = ("password", "recovery")
ROLES = tuple(r.value for r in Role)  # a tuple: `in` must not hash a value from the file
TOP_FIELDS = frozenset({"format", "version", "db_id", "slots", "audit_head", "pending_failures"})
HEAD_FIELDS = frozenset({"seq", "hash", "mac"})
GRANT_FIELDS = frozenset({"ephemeral_public", "nonce", "ciphertext", "granted_by", "granted_at"})
PENDING_FIELDS = frozenset({"username", "at", "reason"})

_LOWER_HEX_16 = re.compile(r"[0-9a-f]{16}")
_LOWER_HEX_64 = re.compile(r"[0-9a-f]{64}")
_HEX_64 = re.compile(r"[0-9a-fA-F]{64}")


class KeyFileProblem(ValueError):
    """One field that is not what the program writes; `where` names it, in Chinese."""

    def __init__(self, where: str) -> None:
        super().__init__(where)
        self.where = where


# -- parsing ---------------------------------------------------------------------------------


def parse_json(text: str) -> object:
    """JSON as the program writes it: no NaN or Infinity, no key given twice (two readers could
    each take a different one)."""
    try:
        return json.loads(text, parse_constant=_no_constant, object_pairs_hook=_no_duplicates)
    except KeyFileProblem:
        raise
    except RecursionError as exc:  # nesting thousands deep
        raise KeyFileProblem("嵌套层数过多，不是密钥文件") from exc
    except ValueError as exc:  # JSONDecodeError, or an integer with thousands of digits
        raise KeyFileProblem("不是有效的 JSON") from exc


def _no_constant(name: str) -> object:
    raise KeyFileProblem(f"含有 {name}，不是有效的数值")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise KeyFileProblem(f"字段 {_shown(key)} 出现了两次")
        data[key] = value
    return data


# -- the document ------------------------------------------------------------------------------


def check_keyfile(data: object, *, format_tag: str, versions: tuple[int, ...]) -> None:
    """Raise KeyFileProblem for the first field that is not what the program writes."""
    doc = _object(data, "文件内容", TOP_FIELDS)
    if doc.get("format") != format_tag:
        raise KeyFileProblem("format 不是 counselroom-keys，不是本程序的密钥文件")
    version = doc.get("version", versions[0])
    if not _is_int(version) or version not in versions:
        raise KeyFileProblem(f"version 不是 {'、'.join(map(str, versions))} 之一")
    db_id = _required(doc, "db_id", "文件")
    if not isinstance(db_id, str) or not _is_uuid(db_id):
        raise KeyFileProblem("db_id 不是 UUID")
    slots = _required(doc, "slots", "文件")
    if not isinstance(slots, list):
        raise KeyFileProblem("slots 不是列表")
    for number, slot in enumerate(slots, start=1):
        check_slot(slot, f"第 {number} 个密钥槽")
    _check_unique(slots)
    head = doc.get("audit_head")
    if head is not None:
        check_audit_head(head)
    pending = doc.get("pending_failures", [])
    if not isinstance(pending, list):
        raise KeyFileProblem("pending_failures 不是列表")
    for number, entry in enumerate(pending, start=1):
        check_pending_failure(entry, f"第 {number} 条待记录的登录失败")


def _check_unique(slots: list[dict[str, Any]]) -> None:
    """One recovery slot, one slot per account: a second would be silently shadowed by the first."""
    if sum(s["kind"] == "recovery" for s in slots) > 1:
        raise KeyFileProblem("有不止一个恢复密钥槽")
    for name in ("user_id", "username"):
        seen: dict[object, int] = {}
        for number, slot in enumerate(slots, start=1):
            if slot["kind"] != "password":
                continue
            if slot[name] in seen:
                raise KeyFileProblem(f"第 {number} 个密钥槽的 {name} 与第 {seen[slot[name]]} 个重复")
            seen[slot[name]] = number


# -- slots -------------------------------------------------------------------------------------

Check = Callable[[Any, str], None]


def _kind(value: Any, where: str) -> None:
    if value not in SLOT_KINDS:
        raise _problem(where, "不是 password 或 recovery")


def _user_id(value: Any, where: str) -> None:
    if not _is_int(value) or not 1 <= value <= MAX_USER_ID:
        raise _problem(where, "不是正整数")


def _username(value: Any, where: str) -> None:
    _text(value, where)
    if not value or len(value) > MAX_USERNAME_LENGTH:
        raise _problem(where, f"为空或超过 {MAX_USERNAME_LENGTH} 个字符")
    if any(unicodedata.category(c) == "Cc" for c in value):
        raise _problem(where, "含有控制字符")


def _role(value: Any, where: str) -> None:
    if value not in ROLES:
        raise _problem(where, f"不是已知的角色 {'、'.join(ROLES)} 之一")


def _kdf(value: Any, where: str) -> None:
    kdf = _object(value, where, frozenset(KDF_BOUNDS))
    for name, (low, high) in KDF_BOUNDS.items():
        cost = _required(kdf, name, where)
        if not _is_int(cost) or not low <= cost <= high:
            raise _problem(f"{where}.{name}", f"不在 {low}–{high} 之间")
    if kdf["m"] < 8 * kdf["p"]:  # Argon2 needs 8 KiB per lane
        raise _problem(f"{where}.m", "小于 8×p：Argon2 每条并行通道至少要 8 KiB")


def _bool(value: Any, where: str) -> None:
    if not isinstance(value, bool):
        raise _problem(where, "不是 true 或 false")


def _fingerprint(value: Any, where: str) -> None:
    _text(value, where)
    if value and not _LOWER_HEX_16.fullmatch(value):
        raise _problem(where, "不是 16 位十六进制")


def _failures(value: Any, where: str) -> None:
    if not _is_int(value) or not 0 <= value <= MAX_FAILURES:
        raise _problem(where, f"不在 0–{MAX_FAILURES} 之间")


def _optional_time(value: Any, where: str) -> None:
    if value is not None:
        _time(value, where)


def _public_key(value: Any, where: str) -> None:
    _text(value, where)
    if value:
        _base64(value, where, exactly=PUBLIC_KEY_BYTES)


def _care_grant(value: Any, where: str) -> None:
    if value is None:
        return
    grant = _object(value, where, GRANT_FIELDS)
    for name in sorted(GRANT_FIELDS):
        _required(grant, name, where)
    _base64(grant["ephemeral_public"], f"{where} 的 ephemeral_public", exactly=PUBLIC_KEY_BYTES)
    _base64(grant["nonce"], f"{where} 的 nonce", exactly=NONCE_BYTES)
    _base64(grant["ciphertext"], f"{where} 的 ciphertext", exactly=SEALED_KEY_BYTES)
    granted_by = grant["granted_by"]
    if granted_by is not None:
        _user_id(granted_by, f"{where} 的 granted_by")
    _time(grant["granted_at"], f"{where} 的 granted_at")


def _salt(value: Any, where: str) -> None:
    _base64(value, where, exactly=SALT_BYTES)


def _nonce(value: Any, where: str) -> None:
    _base64(value, where, exactly=NONCE_BYTES)


def _ciphertext(value: Any, where: str) -> None:
    _base64(value, where, at_least=TAG_BYTES)


# Each field of a slot (store/keyfile.py's Slot), its check, and whether a password slot must
# carry it. The rest may be absent in key files from older versions of the program.
SLOT_FIELDS: Mapping[str, tuple[Check, bool]] = {
    "kind": (_kind, True),
    "salt": (_salt, True),
    "nonce": (_nonce, True),
    "ciphertext": (_ciphertext, True),
    "user_id": (_user_id, True),
    "username": (_username, True),
    "role": (_role, True),
    "kdf": (_kdf, True),
    "device_bound": (_bool, False),
    "device_fingerprint": (_fingerprint, False),
    "failures": (_failures, False),
    "last_failure": (_optional_time, False),
    "public_key": (_public_key, False),
    "care_grant": (_care_grant, False),
}
RECOVERY_FIELDS = ("kind", "salt", "nonce", "ciphertext")
# What the program writes in a recovery slot's account fields: nothing.
RECOVERY_DEFAULTS: Mapping[str, object] = {
    "user_id": None,
    "username": "",
    "role": "",
    "kdf": None,
    "device_bound": False,
    "device_fingerprint": "",
    "failures": 0,
    "last_failure": None,
    "public_key": "",
    "care_grant": None,
}


def check_slot(value: object, where: str) -> None:
    slot = _object(value, where, frozenset(SLOT_FIELDS))
    kind = _required(slot, "kind", where)
    _kind(kind, f"{where}的 kind")
    if kind == "recovery":
        for name in RECOVERY_FIELDS:
            SLOT_FIELDS[name][0](_required(slot, name, where), f"{where}的 {name}")
        for name, default in RECOVERY_DEFAULTS.items():
            if name in slot and not _same(slot[name], default):
                raise _problem(where, f"是恢复密钥槽，不应有 {name}")
        return
    for name, (check, needed) in SLOT_FIELDS.items():
        if needed:
            check(_required(slot, name, where), f"{where}的 {name}")
        elif name in slot:
            check(slot[name], f"{where}的 {name}")


def _same(value: object, default: object) -> bool:
    """Equal and of the same type: JSON's false is not 0, and 0 is not false."""
    return type(value) is type(default) and value == default


# -- the audit head and pending failures ------------------------------------------------------


def check_audit_head(value: object) -> None:
    where = "audit_head"
    head = _object(value, where, HEAD_FIELDS)
    seq = _required(head, "seq", where)
    if not _is_int(seq) or not 0 <= seq <= MAX_USER_ID:
        raise KeyFileProblem("audit_head 的 seq 不是非负整数")
    digest = _required(head, "hash", where)
    if not isinstance(digest, str) or not _LOWER_HEX_64.fullmatch(digest):
        raise KeyFileProblem("audit_head 的 hash 不是 64 位小写十六进制")
    mac = _required(head, "mac", where)
    if not isinstance(mac, str) or not _HEX_64.fullmatch(mac):
        raise KeyFileProblem("audit_head 的 mac 不是 64 位十六进制")


def check_pending_failure(value: object, where: str) -> None:
    entry = _object(value, where, PENDING_FIELDS)
    _text(_required(entry, "username", where), f"{where}的 username")
    _time(_required(entry, "at", where), f"{where}的 at")
    if "reason" in entry:
        _text(entry["reason"], f"{where}的 reason")


# -- values ------------------------------------------------------------------------------------


def _object(value: object, where: str, allowed: frozenset[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _problem(where, "不是 JSON 对象")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise _problem(where, f"有未知字段 {_shown(unknown[0])}")
    return value


def _required(data: dict[str, Any], name: str, where: str) -> Any:
    if name not in data:
        raise _problem(where, f"缺少 {name}")
    return data[name]


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)  # JSON's true is not 1


def _text(value: object, where: str) -> None:
    if not isinstance(value, str):
        raise _problem(where, "不是文本")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate ("\ud800"): the file could not be saved again
        raise _problem(where, "含有无效字符") from exc


def _base64(value: object, where: str, *, exactly: int | None = None, at_least: int = 0) -> None:
    """Standard base64 with padding, exactly as `base64.b64encode` writes it."""
    if not isinstance(value, str):
        raise _problem(where, "不是 base64 文本")
    try:
        raw = base64.b64decode(value.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error) as exc:
        raise _problem(where, "不是 base64 文本") from exc
    if base64.b64encode(raw).decode("ascii") != value:
        raise _problem(where, "不是规范的 base64 文本")
    if (exactly is not None and len(raw) != exactly) or len(raw) < at_least:
        raise _problem(where, "长度不对")


def _time(value: object, where: str) -> None:
    """An ISO time as the program writes it: local, without a zone."""
    if not isinstance(value, str):
        raise _problem(where, "不是时间")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise _problem(where, "不是有效的时间") from exc
    if moment.tzinfo is not None:
        raise _problem(where, "带有时区，本程序只写本地时间")


def _is_uuid(text: str) -> bool:
    try:
        return str(uuid.UUID(text)) == text
    except ValueError:
        return False


def _problem(where: str, what: str) -> KeyFileProblem:
    """ "第 3 个密钥槽的 salt" + "长度不对": a space between a field name and the Chinese after it."""
    return KeyFileProblem(f"{where} {what}" if where[-1:].isascii() else f"{where}{what}")


def _shown(name: str) -> str:
    """A field name from the file, safe to show: invisible characters as codes, and short."""
    return visible(name[:32])
