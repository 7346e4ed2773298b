"""The key file beside the database: atomic saves, and damage reported with the path."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from counselroom.domain.errors import DatabaseDamaged
from counselroom.store import keyfile as keyfile_module
from counselroom.store.keyfile import (
    AuditHead,
    KeyFile,
    Slot,
    keyfile_path,
    load_keyfile,
    save_keyfile,
)

AT = datetime(2025, 10, 13, 9, 30, 0)


def _sample() -> KeyFile:
    return KeyFile(
        db_id="1b4e28ba-2fa1-11d2-883f-0016d3cca427",
        slots=(
            Slot(kind="recovery", salt="c2FsdA==", nonce="bm9uY2U=", ciphertext="Y2lwaGVy"),
            Slot(
                kind="password",
                salt="czE=",
                nonce="bjE=",
                ciphertext="YzE=",
                user_id=1,
                username="admin",
                role="admin",
                kdf={"t": 1, "m": 8, "p": 1},
                device_bound=True,
                failures=2,
                last_failure=AT.isoformat(),
            ),
            Slot(
                kind="password",
                salt="czI=",
                nonce="bjI=",
                ciphertext="YzI=",
                user_id=2,
                username="王老师",
                role="counselor",
                kdf={"t": 1, "m": 8, "p": 1},
            ),
        ),
        audit_head=AuditHead(seq=12, hash="ab" * 32, mac="cd" * 32),
        pending_failures=({"username": "admin", "at": AT.isoformat()},),
    )


@pytest.fixture
def path(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder / "school.db.keys"


def test_keyfile_sits_beside_the_database() -> None:
    assert keyfile_path(Path("/x/school.db")) == Path("/x/school.db.keys")


def test_save_and_load_round_trip(path: Path) -> None:
    original = _sample()
    save_keyfile(path, original)
    assert load_keyfile(path) == original


def test_round_trip_without_head_or_failures(path: Path) -> None:
    original = KeyFile(db_id="x", slots=())
    save_keyfile(path, original)
    assert load_keyfile(path) == original


def test_file_is_tagged_json_with_unicode_kept(path: Path) -> None:
    save_keyfile(path, _sample())
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "counselroom-keys" and data["version"] == 2
    assert "王老师" in path.read_text(encoding="utf-8")


def test_save_replaces_and_leaves_no_temp_files(path: Path) -> None:
    save_keyfile(path, _sample())
    second = KeyFile(db_id="other", slots=())
    save_keyfile(path, second)
    assert load_keyfile(path) == second
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_a_failed_save_keeps_the_old_file_and_no_temp(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    save_keyfile(path, _sample())
    before = path.read_bytes()

    def failing_replace(src: object, dst: object) -> None:
        raise OSError("disk went away")

    monkeypatch.setattr(keyfile_module.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk went away"):
        save_keyfile(path, KeyFile(db_id="other", slots=()))
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_a_write_that_dies_half_way_keeps_the_old_file(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    save_keyfile(path, _sample())
    before = path.read_bytes()

    def failing_fsync(fd: int) -> None:
        raise OSError("I/O error")

    monkeypatch.setattr(keyfile_module.os, "fsync", failing_fsync)
    with pytest.raises(OSError):
        save_keyfile(path, KeyFile(db_id="other", slots=()))
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{",
        "not json",
        '{"format": "counselroom-keys", "db_id": "x", "slots": [',
        '{"format": "something-else", "db_id": "x", "slots": []}',
        '{"format": "counselroom-keys", "slots": []}',
        '{"format": "counselroom-keys", "db_id": "x"}',
        '{"format": "counselroom-keys", "db_id": "x", "slots": [{"kind": "password"}]}',
        '{"format": "counselroom-keys", "db_id": "x", "slots": [], "audit_head": {"seq": 1}}',
        '{"format": "counselroom-keys", "db_id": "x", "slots": null}',
        '{"format": "counselroom-keys", "db_id": "x", "slots": [], "pending_failures": 5}',
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
    kf = _sample()
    assert kf.recovery_slot() is kf.slots[0]
    assert kf.password_slot("王老师") is kf.slots[2]
    assert kf.password_slot("nobody") is None
    assert kf.password_slot("") is None  # the recovery slot has no user name


def test_with_slot_replaces_the_same_account_only() -> None:
    kf = _sample()
    new = Slot(
        kind="password", salt="bmV3", nonce="bmV3", ciphertext="bmV3", user_id=2, username="王老师", role="counselor"
    )
    changed = kf.with_slot(new)
    assert changed.password_slot("王老师") == new
    assert changed.slots[:2] == kf.slots[:2]
    assert len(changed.slots) == 3


def test_with_slot_replaces_the_recovery_slot() -> None:
    new = Slot(kind="recovery", salt="bmV3", nonce="bmV3", ciphertext="bmV3")
    changed = _sample().with_slot(new)
    assert changed.recovery_slot() == new
    assert sum(s.kind == "recovery" for s in changed.slots) == 1


def test_without_user_removes_only_that_password_slot() -> None:
    changed = _sample().without_user(2)
    assert changed.password_slot("王老师") is None
    assert changed.password_slot("admin") is not None
    assert changed.recovery_slot() is not None


def test_failures_count_up_and_success_clears_them() -> None:
    kf = _sample().with_failure("王老师", AT).with_failure("王老师", AT)
    slot = kf.password_slot("王老师")
    assert slot is not None and slot.failures == 2 and slot.last_failure == AT.isoformat()
    assert [f["username"] for f in kf.pending_failures] == ["admin", "王老师", "王老师"]
    assert kf.password_slot("admin") == _sample().password_slot("admin")

    cleared = kf.with_success("王老师")
    slot = cleared.password_slot("王老师")
    assert slot is not None and slot.failures == 0 and slot.last_failure is None
    assert cleared.pending_failures == ()
    assert cleared.password_slot("admin").failures == 2  # type: ignore[union-attr]
