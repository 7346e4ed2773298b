"""The key file is untrusted input (SECURITY.md 27): every field is checked on load, and anything
the program would not have written is "密钥文件已损坏：<path>（<which field>）…", never a traceback."""

from __future__ import annotations

import base64
import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from counselroom.domain.errors import DatabaseDamaged
from counselroom.store import keyfile_checks
from counselroom.store.key_slots import PRODUCTION_KDF, TEST_KDF
from counselroom.store.keyfile import (
    MAX_PENDING,
    AuditHead,
    CareGrant,
    KeyFile,
    Slot,
    load_keyfile,
    save_keyfile,
)
from tests.store.keyfile_samples import AT, DB_ID, sample_keyfile

Doc = dict[str, Any]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "school.db.keys"


def _valid_doc(path: Path) -> Doc:
    """The sample as the program writes it: slot 1 recovery, 2 admin, 3 王老师 (with a care grant)."""
    save_keyfile(path, sample_keyfile())
    data: Doc = json.loads(path.read_text(encoding="utf-8"))
    return data


def _b64(size: int) -> str:
    return base64.b64encode(b"\x07" * size).decode("ascii")


def _damage(path: Path) -> str:
    with pytest.raises(DatabaseDamaged) as caught:
        load_keyfile(path)
    message = caught.value.message
    assert message.startswith(f"密钥文件已损坏：{path}（"), message
    assert message.endswith("）。可用恢复密钥从备份恢复。"), message
    return message


def _set(*keys_then_value: Any) -> Callable[[Doc], None]:
    """_set("slots", 1, "salt", value): put `value` at that place in the document."""
    *keys, value = keys_then_value

    def change(doc: Doc) -> None:
        target = doc
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value

    return change


def _drop(*keys: Any) -> Callable[[Doc], None]:
    def change(doc: Doc) -> None:
        target = doc
        for key in keys[:-1]:
            target = target[key]
        del target[keys[-1]]

    return change


def _slot(number: int, field: str, value: Any) -> Callable[[Doc], None]:
    return _set("slots", number - 1, field, value)


def _kdf(name: str, value: Any) -> Callable[[Doc], None]:
    return _set("slots", 1, "kdf", name, value)


def _grant(name: str, value: Any) -> Callable[[Doc], None]:
    return _set("slots", 2, "care_grant", name, value)


def _head(name: str, value: Any) -> Callable[[Doc], None]:
    return _set("audit_head", name, value)


def _pending(name: str, value: Any) -> Callable[[Doc], None]:
    return _set("pending_failures", 0, name, value)


# (what is changed, the words the message must contain)
CASES: list[tuple[Callable[[Doc], None], str]] = [
    # the document
    (_set("format", "counselroom-keyz"), "format"),
    (_set("version", 3), "version"),
    (_set("version", True), "version"),  # bool is an int subclass; True == 1
    (_set("version", "2"), "version"),
    (_set("version", 2.0), "version"),
    (_set("db_id", "x"), "db_id 不是 UUID"),
    (_set("db_id", 5), "db_id 不是 UUID"),
    (_set("db_id", DB_ID.upper()), "db_id 不是 UUID"),
    (_drop("db_id"), "缺少 db_id"),
    (_set("slots", {}), "slots 不是列表"),
    (_set("surprise", 1), "未知字段 surprise"),
    # salt, nonce, ciphertext
    (_slot(2, "salt", _b64(15)), "第 2 个密钥槽的 salt 长度不对"),
    (_slot(2, "salt", _b64(17)), "第 2 个密钥槽的 salt 长度不对"),
    (_slot(3, "salt", "!!!!"), "第 3 个密钥槽的 salt 不是 base64"),
    (_slot(3, "salt", 16), "第 3 个密钥槽的 salt 不是 base64"),
    (_slot(3, "salt", _b64(16).rstrip("=")), "第 3 个密钥槽的 salt 不是 base64"),
    (_slot(3, "salt", _b64(16)[:4] + "\n" + _b64(16)[4:]), "第 3 个密钥槽的 salt 不是 base64"),
    (_slot(3, "salt", "盐" * 24), "第 3 个密钥槽的 salt 不是 base64"),
    (_slot(1, "salt", _b64(8)), "第 1 个密钥槽的 salt 长度不对"),
    (_slot(2, "nonce", _b64(11)), "第 2 个密钥槽的 nonce 长度不对"),
    (_slot(2, "nonce", _b64(13)), "第 2 个密钥槽的 nonce 长度不对"),
    (_slot(1, "nonce", _b64(16)), "第 1 个密钥槽的 nonce 长度不对"),
    (_slot(2, "ciphertext", _b64(15)), "第 2 个密钥槽的 ciphertext 长度不对"),
    (_slot(1, "ciphertext", ""), "第 1 个密钥槽的 ciphertext 长度不对"),
    (_drop("slots", 1, "salt"), "第 2 个密钥槽缺少 salt"),
    # kind and the account
    (_slot(2, "kind", "admin"), "第 2 个密钥槽的 kind"),
    (_slot(2, "kind", ["password"]), "第 2 个密钥槽的 kind"),
    (_slot(2, "user_id", 0), "第 2 个密钥槽的 user_id 不是正整数"),
    (_slot(2, "user_id", -1), "第 2 个密钥槽的 user_id 不是正整数"),
    (_slot(2, "user_id", True), "第 2 个密钥槽的 user_id 不是正整数"),
    (_slot(2, "user_id", "1"), "第 2 个密钥槽的 user_id 不是正整数"),
    (_slot(2, "user_id", 1.0), "第 2 个密钥槽的 user_id 不是正整数"),
    (_slot(2, "user_id", None), "第 2 个密钥槽的 user_id 不是正整数"),
    (_slot(2, "user_id", 2**63), "第 2 个密钥槽的 user_id 不是正整数"),
    (_slot(2, "username", ""), "第 2 个密钥槽的 username 为空"),
    (_slot(2, "username", "x" * 65), "第 2 个密钥槽的 username 为空或超过 64 个字符"),
    (_slot(2, "username", "ad\x00min"), "第 2 个密钥槽的 username 含有控制字符"),
    (_slot(2, "username", "ad\nmin"), "第 2 个密钥槽的 username 含有控制字符"),
    (_slot(2, "username", "ad\x1b[2Jmin"), "第 2 个密钥槽的 username 含有控制字符"),
    (_slot(2, "username", 7), "第 2 个密钥槽的 username 不是文本"),
    (_slot(2, "role", "root"), "第 2 个密钥槽的 role 不是已知的角色"),
    (_slot(2, "role", ""), "第 2 个密钥槽的 role 不是已知的角色"),
    (_slot(2, "role", ["admin"]), "第 2 个密钥槽的 role 不是已知的角色"),
    (_drop("slots", 1, "role"), "第 2 个密钥槽缺少 role"),
    # the KDF: zero, negative, huge (a memory cost in terabytes is a denial of service)
    (_kdf("t", 0), "第 2 个密钥槽的 kdf.t 不在 1–64 之间"),
    (_kdf("t", 65), "第 2 个密钥槽的 kdf.t 不在"),
    (_kdf("t", -3), "第 2 个密钥槽的 kdf.t 不在"),
    (_kdf("t", True), "第 2 个密钥槽的 kdf.t 不在"),
    (_kdf("m", 7), "第 2 个密钥槽的 kdf.m 不在 8–4194304 之间"),
    (_kdf("m", 4 * 1024 * 1024 + 1), "第 2 个密钥槽的 kdf.m 不在"),
    (_kdf("m", 2**40), "第 2 个密钥槽的 kdf.m 不在"),
    (_kdf("m", "8"), "第 2 个密钥槽的 kdf.m 不在"),
    (_kdf("m", 8.0), "第 2 个密钥槽的 kdf.m 不在"),
    (_kdf("p", 0), "第 2 个密钥槽的 kdf.p 不在 1–64 之间"),
    (_kdf("p", 65), "第 2 个密钥槽的 kdf.p 不在"),
    (_kdf("p", 2), "第 2 个密钥槽的 kdf.m 小于 8×p"),  # m = 8 KiB cannot hold two lanes
    (_kdf("x", 1), "第 2 个密钥槽的 kdf 有未知字段 x"),
    (_drop("slots", 1, "kdf", "t"), "第 2 个密钥槽的 kdf 缺少 t"),
    (_slot(2, "kdf", [1, 8, 1]), "第 2 个密钥槽的 kdf 不是 JSON 对象"),
    (_slot(2, "kdf", None), "第 2 个密钥槽的 kdf 不是 JSON 对象"),
    # the device binding and the failure counter
    (_slot(2, "device_bound", 1), "第 2 个密钥槽的 device_bound 不是 true 或 false"),
    (_slot(2, "device_bound", "true"), "第 2 个密钥槽的 device_bound 不是 true 或 false"),
    (_slot(2, "device_fingerprint", "xyz"), "第 2 个密钥槽的 device_fingerprint 不是 16 位十六进制"),
    (_slot(2, "device_fingerprint", "0123456789ABCDEF"), "device_fingerprint 不是 16 位十六进制"),
    (_slot(2, "device_fingerprint", "0123456789abcde"), "device_fingerprint 不是 16 位十六进制"),
    (_slot(2, "device_fingerprint", None), "第 2 个密钥槽的 device_fingerprint 不是文本"),
    (_slot(2, "failures", -1), "第 2 个密钥槽的 failures 不在 0–1000000 之间"),
    (_slot(2, "failures", 10**6 + 1), "第 2 个密钥槽的 failures 不在"),
    (_slot(2, "failures", True), "第 2 个密钥槽的 failures 不在"),
    (_slot(2, "failures", 1.5), "第 2 个密钥槽的 failures 不在"),
    (_slot(2, "failures", "3"), "第 2 个密钥槽的 failures 不在"),
    (_slot(2, "last_failure", "yesterday"), "第 2 个密钥槽的 last_failure 不是有效的时间"),
    (_slot(2, "last_failure", ""), "第 2 个密钥槽的 last_failure 不是有效的时间"),
    (_slot(2, "last_failure", 1760000000), "第 2 个密钥槽的 last_failure 不是时间"),
    (_slot(2, "last_failure", "2025-10-13T09:30:00+08:00"), "第 2 个密钥槽的 last_failure 带有时区"),
    # the key pair and the care grant
    (_slot(2, "public_key", _b64(31)), "第 2 个密钥槽的 public_key 长度不对"),
    (_slot(2, "public_key", _b64(33)), "第 2 个密钥槽的 public_key 长度不对"),
    (_slot(2, "public_key", "not a key"), "第 2 个密钥槽的 public_key 不是 base64"),
    (_slot(2, "public_key", None), "第 2 个密钥槽的 public_key 不是文本"),
    (_slot(3, "care_grant", []), "第 3 个密钥槽的 care_grant 不是 JSON 对象"),
    (_slot(3, "care_grant", "granted"), "第 3 个密钥槽的 care_grant 不是 JSON 对象"),
    (_grant("ephemeral_public", _b64(31)), "第 3 个密钥槽的 care_grant 的 ephemeral_public 长度不对"),
    (_grant("nonce", _b64(11)), "care_grant 的 nonce 长度不对"),
    (_grant("ciphertext", _b64(47)), "care_grant 的 ciphertext 长度不对"),
    (_grant("ciphertext", _b64(49)), "care_grant 的 ciphertext 长度不对"),
    (_grant("granted_by", 0), "care_grant 的 granted_by 不是正整数"),
    (_grant("granted_by", True), "care_grant 的 granted_by 不是正整数"),
    (_grant("granted_by", "1"), "care_grant 的 granted_by 不是正整数"),
    (_grant("granted_at", "soon"), "care_grant 的 granted_at 不是有效的时间"),
    (_grant("extra", 1), "第 3 个密钥槽的 care_grant 有未知字段 extra"),
    (_drop("slots", 2, "care_grant", "granted_at"), "第 3 个密钥槽的 care_grant 缺少 granted_at"),
    # the slot as a whole
    (_slot(2, "extra", 1), "第 2 个密钥槽有未知字段 extra"),
    (_slot(2, "ad\u202emin", 1), "第 2 个密钥槽有未知字段 ad〈U+202E〉min"),
    (_set("slots", 1, "x"), "第 2 个密钥槽不是 JSON 对象"),
    (_set("slots", 1, None), "第 2 个密钥槽不是 JSON 对象"),
    (_slot(1, "username", "admin"), "第 1 个密钥槽是恢复密钥槽，不应有 username"),
    (_slot(1, "failures", 3), "第 1 个密钥槽是恢复密钥槽，不应有 failures"),
    (_slot(1, "failures", False), "第 1 个密钥槽是恢复密钥槽，不应有 failures"),
    (_slot(1, "kdf", {"t": 1, "m": 8, "p": 1}), "第 1 个密钥槽是恢复密钥槽，不应有 kdf"),
    (_slot(1, "user_id", 1), "第 1 个密钥槽是恢复密钥槽，不应有 user_id"),
    (_slot(3, "user_id", 1), "第 3 个密钥槽的 user_id 与第 2 个重复"),
    (_slot(3, "username", "admin"), "第 3 个密钥槽的 username 与第 2 个重复"),
    (lambda doc: doc["slots"].append(dict(doc["slots"][0])), "有不止一个恢复密钥槽"),
    # the audit head
    (_set("audit_head", []), "audit_head 不是 JSON 对象"),
    (_set("audit_head", "ab" * 32), "audit_head 不是 JSON 对象"),
    (_head("seq", -1), "audit_head 的 seq 不是非负整数"),
    (_head("seq", True), "audit_head 的 seq 不是非负整数"),
    (_head("seq", "12"), "audit_head 的 seq 不是非负整数"),
    (_head("hash", "ab" * 31), "audit_head 的 hash 不是 64 位小写十六进制"),
    (_head("hash", "AB" * 32), "audit_head 的 hash 不是 64 位小写十六进制"),
    (_head("hash", "zz" * 32), "audit_head 的 hash 不是 64 位小写十六进制"),
    (_head("hash", "ab" * 32 + "\n"), "audit_head 的 hash 不是 64 位小写十六进制"),
    (_head("hash", None), "audit_head 的 hash 不是 64 位小写十六进制"),
    (_head("mac", "cd" * 33), "audit_head 的 mac 不是 64 位十六进制"),
    (_head("extra", 1), "audit_head 有未知字段 extra"),
    (_drop("audit_head", "mac"), "audit_head 缺少 mac"),
    # failures waiting for the next unlock
    (_set("pending_failures", {}), "pending_failures 不是列表"),
    (_set("pending_failures", 0, "x"), "第 1 条待记录的登录失败不是 JSON 对象"),
    (_pending("username", 5), "第 1 条待记录的登录失败的 username 不是文本"),
    (_pending("at", "never"), "第 1 条待记录的登录失败的 at 不是有效的时间"),
    (_pending("at", None), "第 1 条待记录的登录失败的 at 不是时间"),
    (_pending("reason", ["a"]), "第 1 条待记录的登录失败的 reason 不是文本"),
    (_pending("extra", "x"), "第 1 条待记录的登录失败有未知字段 extra"),
    (_drop("pending_failures", 0, "at"), "第 1 条待记录的登录失败缺少 at"),
]


@pytest.mark.parametrize(("change", "words"), CASES)
def test_a_field_the_program_would_not_write_is_damage_naming_it(
    path: Path, change: Callable[[Doc], None], words: str
) -> None:
    doc = _valid_doc(path)
    change(doc)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert words in _damage(path)


@pytest.mark.parametrize(
    ("before", "after", "words"),
    [
        ('"failures": 2', '"failures": NaN', "NaN"),
        ('"failures": 2', '"failures": Infinity', "Infinity"),
        ('"failures": 2', '"failures": -Infinity', "-Infinity"),
        ('"failures": 2', '"failures": 1e999', "failures 不在"),  # a float that is infinite
        ('"failures": 2', '"failures": ' + "9" * 5000, "不是有效的 JSON"),  # too many digits for int()
        ('"failures": 2', '"failures": 2, "failures": 0', "字段 failures 出现了两次"),
        ('"username": "admin"', '"username": "\\ud800"', "username 含有无效字符"),  # a lone surrogate
    ],
)
def test_text_the_json_module_would_take_is_damage(path: Path, before: str, after: str, words: str) -> None:
    text = json.dumps(_valid_doc(path), ensure_ascii=False)
    assert before in text
    path.write_text(text.replace(before, after, 1), encoding="utf-8")
    assert words in _damage(path)


def test_nesting_thousands_deep_is_damage_not_a_recursion_error(path: Path) -> None:
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert "嵌套层数过多" in _damage(path)


@pytest.mark.parametrize("text", ["[]", "null", "3", '"x"', "true", '["format"]'])
def test_a_document_that_is_not_an_object_names_that(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    assert "文件内容不是 JSON 对象" in _damage(path)


# -- what the program writes still loads -------------------------------------------------------


@pytest.mark.parametrize("kdf", [TEST_KDF, PRODUCTION_KDF])
def test_the_kdf_costs_the_program_uses_load(path: Path, kdf: Any) -> None:
    sample = sample_keyfile()
    slot = dataclasses.replace(sample.slots[1], kdf=kdf.to_json())
    original = sample.with_slot(slot)
    save_keyfile(path, original)
    assert load_keyfile(path) == original


def test_the_largest_allowed_values_load(path: Path) -> None:
    sample = sample_keyfile()
    slot = dataclasses.replace(
        sample.slots[1],
        kdf={"t": 64, "m": 4 * 1024 * 1024, "p": 64},
        failures=10**6,
        username="名" * 64,
        user_id=2**63 - 1,
    )
    original = dataclasses.replace(sample.with_slot(slot), audit_head=AuditHead(seq=0, hash="0" * 64, mac="AB" * 32))
    save_keyfile(path, original)
    assert load_keyfile(path) == original


def test_a_grant_made_with_the_recovery_key_and_a_slot_without_device_load(path: Path) -> None:
    sample = sample_keyfile()
    grant = CareGrant(_b64(32), _b64(12), _b64(48), granted_by=None, granted_at=AT.isoformat())
    slot = dataclasses.replace(sample.slots[2], care_grant=grant, device_bound=False, device_fingerprint="")
    original = sample.with_slot(slot)
    save_keyfile(path, original)
    assert load_keyfile(path) == original


def test_a_version_1_key_file_from_before_key_pairs_loads(path: Path) -> None:
    """Written by earlier versions: no version field, slots without a key pair, a grant or a
    device fingerprint (docs/security-design.md §6)."""
    doc = _valid_doc(path)
    del doc["version"]
    for slot in doc["slots"]:
        for name in ("public_key", "care_grant", "device_fingerprint"):
            slot.pop(name)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    loaded = load_keyfile(path)
    assert loaded.version == 1 and not loaded.two_stores
    assert all(s.public_key == "" and s.care_grant is None for s in loaded.slots)


def test_a_key_file_without_head_or_pending_failures_loads(path: Path) -> None:
    doc = _valid_doc(path)
    del doc["audit_head"], doc["pending_failures"]
    path.write_text(json.dumps(doc), encoding="utf-8")
    loaded = load_keyfile(path)
    assert loaded.audit_head is None and loaded.pending_failures == ()


def test_only_the_last_pending_failures_are_kept(path: Path) -> None:
    doc = _valid_doc(path)
    doc["pending_failures"] = [{"username": f"u{i}", "at": AT.isoformat()} for i in range(MAX_PENDING + 20)]
    path.write_text(json.dumps(doc), encoding="utf-8")
    kept = load_keyfile(path).pending_failures
    assert len(kept) == MAX_PENDING
    assert kept[0]["username"] == "u20" and kept[-1]["username"] == f"u{MAX_PENDING + 19}"


def test_the_checks_know_every_field_of_the_records() -> None:
    """A field added to a record must get a check too, or every key file with it is refused."""
    assert set(keyfile_checks.SLOT_FIELDS) == {f.name for f in dataclasses.fields(Slot)}
    assert set(keyfile_checks.RECOVERY_DEFAULTS) | set(keyfile_checks.RECOVERY_FIELDS) == set(
        keyfile_checks.SLOT_FIELDS
    )
    assert {f.name for f in dataclasses.fields(CareGrant)} == keyfile_checks.GRANT_FIELDS
    assert {f.name for f in dataclasses.fields(AuditHead)} == keyfile_checks.HEAD_FIELDS
    assert {f.name for f in dataclasses.fields(KeyFile)} | {"format"} == keyfile_checks.TOP_FIELDS
