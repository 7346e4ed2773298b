"""The key file beside the database: atomic saves, and damage reported with the path."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from counselroom.domain.errors import DatabaseDamaged
from counselroom.store import keyfile as keyfile_module
from counselroom.store.key_slots import TEST_KDF
from counselroom.store.keyfile import (
    KeyFile,
    Slot,
    keyfile_path,
    load_keyfile,
    save_keyfile,
)
from tests.store.keyfile_samples import AT, DB_ID, OTHER_DB_ID, b64_of, sample_keyfile


@pytest.fixture
def path(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder / "school.db.keys"


def test_keyfile_sits_beside_the_database() -> None:
    assert keyfile_path(Path("/x/school.db")) == Path("/x/school.db.keys")


def test_save_and_load_round_trip(path: Path) -> None:
    original = sample_keyfile()
    save_keyfile(path, original)
    assert load_keyfile(path) == original


def test_round_trip_without_head_or_failures(path: Path) -> None:
    original = KeyFile(db_id=DB_ID, slots=())
    save_keyfile(path, original)
    assert load_keyfile(path) == original


def test_file_is_tagged_json_with_unicode_kept(path: Path) -> None:
    save_keyfile(path, sample_keyfile())
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "counselroom-keys" and data["version"] == 2
    assert "王老师" in path.read_text(encoding="utf-8")


def test_save_replaces_and_leaves_no_temp_files(path: Path) -> None:
    save_keyfile(path, sample_keyfile())
    second = KeyFile(db_id=OTHER_DB_ID, slots=())
    save_keyfile(path, second)
    assert load_keyfile(path) == second
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_a_failed_save_keeps_the_old_file_and_no_temp(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    save_keyfile(path, sample_keyfile())
    before = path.read_bytes()

    def failing_replace(src: object, dst: object) -> None:
        raise OSError("disk went away")

    monkeypatch.setattr(keyfile_module.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk went away"):
        save_keyfile(path, KeyFile(db_id=OTHER_DB_ID, slots=()))
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_a_write_that_dies_half_way_keeps_the_old_file(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    save_keyfile(path, sample_keyfile())
    before = path.read_bytes()

    def failing_fsync(fd: int) -> None:
        raise OSError("I/O error")

    monkeypatch.setattr(keyfile_module.os, "fsync", failing_fsync)
    with pytest.raises(OSError):
        save_keyfile(path, KeyFile(db_id=OTHER_DB_ID, slots=()))
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


OPENING = '{"format": "counselroom-keys", "db_id": "' + DB_ID + '"'


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{",
        "not json",
        OPENING + ', "slots": [',
        OPENING.replace("counselroom-keys", "something-else") + ', "slots": []}',
        '{"format": "counselroom-keys", "slots": []}',
        OPENING + "}",
        OPENING + ', "slots": [{"kind": "password"}]}',
        OPENING + ', "slots": [], "audit_head": {"seq": 1}}',
        OPENING + ', "slots": null}',
        OPENING + ', "slots": [], "pending_failures": 5}',
    ],
)
def test_corrupt_content_is_damage_naming_the_file(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DatabaseDamaged) as caught:
        load_keyfile(path)
    assert str(path) in caught.value.message
    assert "密钥文件已损坏" in caught.value.message


def test_bytes_that_are_not_utf8_are_damage(path: Path) -> None:
    path.write_bytes(b"\xff\xfe\x00garbage\x80")
    with pytest.raises(DatabaseDamaged, match="密钥文件已损坏"):
        load_keyfile(path)


@pytest.mark.parametrize("text", ["[]", "null", "3", '"x"', '["format"]'])
def test_json_that_is_not_an_object_is_damage(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DatabaseDamaged) as caught:
        load_keyfile(path)
    assert "密钥文件已损坏" in caught.value.message
    assert str(path) in caught.value.message


def test_missing_file_is_damage_naming_the_file(path: Path) -> None:
    with pytest.raises(DatabaseDamaged) as caught:
        load_keyfile(path)
    assert str(path) in caught.value.message
    assert "找不到密钥文件" in caught.value.message
    assert not path.exists()


# -- the pure helpers ----------------------------------------------------------------------


def test_password_and_recovery_slot_lookup() -> None:
    kf = sample_keyfile()
    assert kf.recovery_slot() is kf.slots[0]
    assert kf.password_slot("王老师") is kf.slots[2]
    assert kf.password_slot("nobody") is None
    assert kf.password_slot("") is None  # the recovery slot has no user name


def test_with_slot_replaces_the_same_account_only() -> None:
    kf = sample_keyfile()
    new = Slot(
        kind="password",
        salt=b64_of(16, 20),
        nonce=b64_of(12, 21),
        ciphertext=b64_of(96, 22),
        user_id=2,
        username="王老师",
        role="counselor",
        kdf=TEST_KDF.to_json(),
    )
    changed = kf.with_slot(new)
    assert changed.password_slot("王老师") == new
    assert changed.slots[:2] == kf.slots[:2]
    assert len(changed.slots) == 3


def test_with_slot_replaces_the_recovery_slot() -> None:
    new = Slot(kind="recovery", salt=b64_of(16, 20), nonce=b64_of(12, 21), ciphertext=b64_of(80, 22))
    changed = sample_keyfile().with_slot(new)
    assert changed.recovery_slot() == new
    assert sum(s.kind == "recovery" for s in changed.slots) == 1


def test_without_user_removes_only_that_password_slot() -> None:
    changed = sample_keyfile().without_user(2)
    assert changed.password_slot("王老师") is None
    assert changed.password_slot("admin") is not None
    assert changed.recovery_slot() is not None


def test_failures_count_up_and_success_clears_them() -> None:
    kf = sample_keyfile().with_failure("王老师", AT).with_failure("王老师", AT)
    slot = kf.password_slot("王老师")
    assert slot is not None and slot.failures == 2 and slot.last_failure == AT.isoformat()
    assert [f["username"] for f in kf.pending_failures] == ["admin", "王老师", "王老师"]
    assert kf.password_slot("admin") == sample_keyfile().password_slot("admin")

    cleared = kf.with_success("王老师")
    slot = cleared.password_slot("王老师")
    assert slot is not None and slot.failures == 0 and slot.last_failure is None
    assert cleared.pending_failures == ()
    assert cleared.password_slot("admin").failures == 2  # type: ignore[union-attr]


def test_a_refusal_brings_a_last_failure_from_the_future_back_to_now() -> None:
    """Otherwise every refusal would count the wait from that stamp again, until its date."""
    future = (AT + timedelta(days=365)).isoformat()
    kf = sample_keyfile().with_slot(replace(sample_keyfile().slots[1], failures=5, last_failure=future))
    refused = kf.with_refusal("admin", AT, "等待期内再次尝试登录")
    slot = refused.password_slot("admin")
    assert slot is not None and slot.last_failure == AT.isoformat() and slot.failures == 5
    assert refused.password_slot("王老师") == kf.password_slot("王老师")


def test_a_refusal_keeps_a_last_failure_in_the_past() -> None:
    earlier = AT - timedelta(seconds=30)
    kf = sample_keyfile().with_slot(replace(sample_keyfile().slots[1], failures=5, last_failure=earlier.isoformat()))
    assert kf.with_refusal("admin", AT, "等待期内再次尝试登录").slots == kf.slots


def test_a_huge_or_unreadable_key_file_is_damage_in_chinese(path: Path) -> None:
    import os

    from counselroom.domain.errors import DatabaseDamaged
    from counselroom.store.keyfile import MAX_KEYFILE_BYTES

    path.write_bytes(b" " * (MAX_KEYFILE_BYTES + 1))
    with pytest.raises(DatabaseDamaged, match="文件过大"):
        load_keyfile(path)
    save_keyfile(path, sample_keyfile())
    if os.geteuid() != 0:  # root reads anything
        path.chmod(0)
        with pytest.raises(DatabaseDamaged, match="没有权限"):
            load_keyfile(path)
