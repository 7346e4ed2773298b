"""备份与恢复 through the services (SECURITY.md 22–24; issue #14's acceptance checks): a backup of
both stores made and checked; restored on an "empty machine" — only the backup folder, no keyring,
no old key file — with the recovery key alone; a backup damaged between writing and checking is
marked failed and nothing older is deleted; an admin's backup copies the care store as ciphertext."""

from __future__ import annotations

import errno
import json
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from counselroom.domain.errors import AccessDenied, DatabaseDamaged, DiskFull, SchemaTooNew, ValidationError
from counselroom.services.accounts.integrity import check_database
from counselroom.services.accounts.session import KeyPolicy, Session
from counselroom.services.backup import backup_checks, backups, restore
from counselroom.services.backup.backup_folders import FAILED, backups_in
from counselroom.store import migrations
from counselroom.store.backup.manifest import MANIFEST_NAME, open_digest, read_manifest
from counselroom.store.backup.store_digest import digest_store
from counselroom.store.connection import open_encrypted
from counselroom.store.key_slots import TEST_KDF
from counselroom.store.keyfile import load_keyfile
from tests.conftest import FIXED_NOW
from tests.demo_school import Demo, make_demo

NEW_PASSWORD = "restored-pass-123"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    return make_demo(tmp_path_factory.mktemp("backup") / "school.db", students=120, years=1, seed=3)


@pytest.fixture
def lead(demo: Demo) -> Iterator[Session]:
    with demo.session("lead") as session:
        yield session


@pytest.fixture
def admin(demo: Demo) -> Iterator[Session]:
    with demo.session("admin") as session:
        yield session


def new_folder(path: Path) -> Path:
    path.mkdir()
    return path


def backup_now(session: Session, folder: Path, minutes: int = 0) -> backups.BackupMade:
    return backups.make_backup(session.db, session.actor, folder, now=FIXED_NOW + timedelta(minutes=minutes))


def test_a_lead_backs_up_both_stores_checked_against_the_manifest(lead: Session, tmp_path: Path) -> None:
    made = backup_now(lead, tmp_path)
    assert made.good and not made.care_as_ciphertext and made.path.parent == tmp_path
    assert sorted(p.name for p in made.path.iterdir()) == [
        MANIFEST_NAME,
        "school.care.db",
        "school.db",
        "school.db.keys",
    ]
    keyfile = load_keyfile(made.path / "school.db.keys")
    assert [s.kind for s in keyfile.slots] == ["recovery"]  # no account's slot leaves the room
    manifest = read_manifest(made.path)
    assert manifest.db_id == lead.db.db_id and manifest.made_by_role == "lead"
    assert "cases" not in (made.path / MANIFEST_NAME).read_text(encoding="utf-8")  # the counts are sealed
    sealed = open_digest(lead.db.care_key, manifest.db_id, "care", manifest.care.sealed_digest)
    assert sealed.tables["cases"] > 0
    conn = open_encrypted(made.path / "school.care.db", lead.db.care_key)
    try:
        assert digest_store(conn) == sealed
    finally:
        conn.close()
    row = lead.db.conn.execute("SELECT outcome, detail FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    assert tuple(row) == ("ok", f"{made.path}（{made.size} 字节）")
    status = backups.backup_status(lead.db, lead.actor, now=FIXED_NOW)
    assert status.last_good_path == str(made.path) and status.last_good_size == made.size


def test_restore_on_an_empty_machine_with_the_recovery_key_alone(lead: Session, demo: Demo, tmp_path: Path) -> None:
    made = backup_now(lead, new_folder(tmp_path / "usb"))
    manifest = read_manifest(made.path)
    machine = tmp_path / "new-pc"
    machine.mkdir()
    carried = shutil.copytree(made.path, machine / "from-usb" / made.path.name)  # only the backup folder
    no_keyring = KeyPolicy(kdf=TEST_KDF, device=None)
    target = machine / "data" / "school.db"
    target.parent.mkdir()
    session = restore.restore_backup(
        carried, target, demo.recovery_key, "lead", NEW_PASSWORD, now=FIXED_NOW + timedelta(days=1), keys=no_keyring
    )
    try:
        assert session.actor.username == "lead" and session.db.has_care
        for store, key, sealed in (
            ("school", session.db.key, manifest.school.sealed_digest),
            ("care", session.db.care_key, manifest.care.sealed_digest),
        ):
            expected = open_digest(key, manifest.db_id, store, sealed)
            copy = target if store == "school" else target.with_name("school.care.db")
            assert sealed and _digest_of(carried / copy.name, key) == expected
        report = check_database(session.db, session.actor, now=FIXED_NOW + timedelta(days=1))
        assert report.ok, report.problems
        actions = [r[0] for r in session.db.conn.execute("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 5")]
        assert "restore" in actions and "recovery_unlock" in actions
    finally:
        session.db.close()
    assert [s.kind for s in load_keyfile(target.with_name("school.db.keys")).slots] == ["recovery", "password"]


def _digest_of(path: Path, key: bytes) -> object:
    conn = open_encrypted(path, key)
    try:
        return digest_store(conn)
    finally:
        conn.close()


def test_a_backup_damaged_before_its_check_fails_and_nothing_older_goes(
    lead: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    older = [backup_now(lead, tmp_path, minutes=-60 * 24 * d) for d in (40, 20, 10)]
    real_check = backup_checks.backup_problems

    def damaged_first(folder: Path, *args: object) -> list[str]:
        with (folder / "school.db").open("r+b") as handle:  # one page flipped after writing
            handle.seek(4096 * 2 + 100)
            handle.write(b"\xff" * 64)
        return real_check(folder, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(backups, "backup_problems", damaged_first)
    made = backup_now(lead, tmp_path, minutes=5)
    assert not made.good and made.path.name.endswith(FAILED) and made.problems
    assert all(o.path.exists() for o in older) and not made.removed
    row = lead.db.conn.execute("SELECT action, outcome FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    assert tuple(row) == ("backup", "failed")
    assert backups.backup_status(lead.db, lead.actor, now=FIXED_NOW).last_failed_at is not None
    assert [b.path for b in backups_in(tmp_path)] == [o.path for o in reversed(older)]


def test_old_backups_rotate_out_only_after_a_good_one(lead: Session, tmp_path: Path) -> None:
    days = [backup_now(lead, tmp_path, minutes=-60 * 24 * d) for d in range(9, 0, -1)]
    newest = backup_now(lead, tmp_path, minutes=1)
    assert newest.good
    kept = {b.path.name for b in backups_in(tmp_path)}
    assert newest.path.name in kept and days[-1].path.name in kept
    assert len(kept) < len(days) + 1  # the oldest daily ones went, weekly/monthly kept


def test_an_admin_copies_the_care_store_as_ciphertext_and_it_restores(
    admin: Session, demo: Demo, tmp_path: Path
) -> None:
    made = backup_now(admin, new_folder(tmp_path / "b"))
    assert made.good and made.care_as_ciphertext
    assert not admin.db.has_care
    checked = restore.check_backup(made.path, demo.recovery_key)  # full check with both keys
    assert checked.care_as_ciphertext and checked.made == FIXED_NOW
    target = tmp_path / "restored" / "school.db"
    target.parent.mkdir()
    session = restore.restore_backup(
        made.path, target, demo.recovery_key, "admin", NEW_PASSWORD, now=FIXED_NOW, keys=demo.keys
    )
    session.db.close()


def test_a_missing_or_read_only_folder_is_named(lead: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValidationError, match=r"找不到备份文件夹.*U 盘"):
        backup_now(lead, tmp_path / "pulled-usb")
    locked = tmp_path / "read-only"
    locked.mkdir()

    def read_only(self: Path, *args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "mkdir", read_only)  # a stick mounted read-only (root may write a 0500 folder)
    with pytest.raises(ValidationError, match=f"不能写入：{locked}"):
        backup_now(lead, locked)
    assert list(locked.iterdir()) == []
    row = lead.db.conn.execute("SELECT action, outcome FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    assert tuple(row) == ("backup", "failed")


def test_a_stick_pulled_while_writing_leaves_no_half_backup(
    lead: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def pulled(*_args: object) -> object:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(backups, "save_keyfile", pulled)
    with pytest.raises(ValidationError, match=f"写入备份文件夹时出错：{tmp_path}"):
        backup_now(lead, tmp_path)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("counselroom-")]


def test_no_room_on_the_stick_is_said_before_anything_is_written(
    lead: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    almost_full = shutil._ntuple_diskusage(10**9, 10**9 - 1000, 1000)  # type: ignore[attr-defined]
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: almost_full)
    with pytest.raises(DiskFull, match=f"磁盘空间不足：{stick}"):
        backup_now(lead, stick)
    assert list(stick.iterdir()) == []


def test_a_principal_may_not_back_up_on_demand_but_the_schedule_runs_for_anyone(
    demo: Demo, lead: Session, tmp_path: Path
) -> None:
    with demo.session("principal") as principal:
        with pytest.raises(AccessDenied):
            backup_now(principal, tmp_path)
        with pytest.raises(ValidationError, match="设置中选定"):
            backups.make_backup(principal.db, principal.actor, tmp_path, now=FIXED_NOW, scheduled=True)
        backups.set_backup_settings(lead.db, lead.actor, folder=str(tmp_path), automatic=True, now=FIXED_NOW)
        status = backups.backup_status(principal.db, principal.actor, now=FIXED_NOW + timedelta(days=400))
        assert status.due and status.folder == str(tmp_path)
        made = backups.make_backup(principal.db, principal.actor, tmp_path, now=FIXED_NOW, scheduled=True)
        assert made.good and made.care_as_ciphertext
    backups.set_backup_settings(lead.db, lead.actor, folder="", automatic=True, now=FIXED_NOW)


def test_restore_refuses_a_wrong_key_an_edited_manifest_and_a_newer_program(
    lead: Session, demo: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = backup_now(lead, tmp_path)
    from counselroom.domain.errors import WrongPassword

    other = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567-ABCD-EFGH"
    with pytest.raises((WrongPassword, ValidationError)):
        restore.check_backup(made.path, other)
    edited = json.loads((made.path / MANIFEST_NAME).read_text(encoding="utf-8"))
    edited["audit_seq"] -= 1
    (made.path / MANIFEST_NAME).write_text(json.dumps(edited), encoding="utf-8")
    with pytest.raises(DatabaseDamaged, match="校验码不符"):
        restore.check_backup(made.path, demo.recovery_key)
    newer = backup_now(lead, tmp_path, minutes=1)
    monkeypatch.setattr(migrations, "latest_version", lambda: 1)
    with pytest.raises(SchemaTooNew, match="更新版本"):
        restore.check_backup(newer.path, demo.recovery_key)


def test_restore_keeps_the_old_files_aside(lead: Session, demo: Demo, tmp_path: Path) -> None:
    made = backup_now(lead, new_folder(tmp_path / "usb"))
    place = tmp_path / "data"
    shutil.copytree(demo.path.parent, place, ignore=shutil.ignore_patterns("*.lock"))
    target = place / demo.path.name
    session = restore.restore_backup(
        made.path, target, demo.recovery_key, "lead", NEW_PASSWORD, now=FIXED_NOW, keys=demo.keys
    )
    session.db.close()
    aside = sorted(p.name for p in place.iterdir() if ".replaced-" in p.name)
    assert aside == sorted(
        f"{n}.replaced-{FIXED_NOW:%Y%m%d-%H%M%S}" for n in ("school.care.db", "school.db", "school.db.keys")
    )


def test_a_school_key_holder_cannot_pass_off_an_older_care_file_as_the_newest_backup(tmp_path: Path) -> None:
    """The user test's attack: a principal (school key only) copies the newest backup, puts an older
    backup's genuine care file into it, calls it an admin's ciphertext copy and signs the manifest again
    with the school key. The restore check must see that the two files are not of one moment."""
    import dataclasses

    from counselroom.domain.care.warnings import WarningLevel, WarningSource
    from counselroom.services.care import warning_list
    from counselroom.store.backup import manifest as manifests
    from counselroom.store.backup.store_copies import file_sha256
    from counselroom.store.named_rows import fetch_one

    demo = make_demo(tmp_path / "school" / "school.db", students=60, years=1, seed=5)
    folder = new_folder(tmp_path / "usb")
    with demo.session("lead") as lead:
        older = backups.make_backup(lead.db, lead.actor, folder, now=FIXED_NOW - timedelta(days=20)).path
        row = fetch_one(lead.db.conn, "SELECT id FROM students WHERE status = '在读' ORDER BY id LIMIT 1")
        assert row is not None
        warning_list.add_to_warning_list(
            lead.db,
            lead.actor,
            row["id"],
            level=WarningLevel.RED,
            reason="来访",
            source=WarningSource.OTHER,
            now=FIXED_NOW,
        )
        newest = backups.make_backup(lead.db, lead.actor, folder, now=FIXED_NOW).path
    with demo.session("principal") as principal:
        school_key = principal.db.key
    forged = tmp_path / "forged"
    shutil.copytree(newest, forged)
    care_name = read_manifest(forged).care.name
    shutil.copy(older / care_name, forged / care_name)
    manifest = read_manifest(forged)
    care = dataclasses.replace(
        manifest.care,
        size=(forged / care_name).stat().st_size,
        sha256=file_sha256(forged / care_name),
        method=manifests.CIPHERTEXT_COPY,
        sealed_digest="",
    )
    manifests.write_manifest(
        forged, manifests.signed(dataclasses.replace(manifest, care=care, made_by_role="admin"), school_key)
    )
    restore.check_backup(newest, demo.recovery_key)  # the genuine one passes
    with pytest.raises(DatabaseDamaged, match="不是同一时刻"):
        restore.check_backup(forged, demo.recovery_key)


def test_a_backup_dated_ahead_of_the_clock_does_not_stop_the_schedule(lead: Session, tmp_path: Path) -> None:
    """A PC whose clock was once two years ahead (or a backup made with such a date) left a 'last good
    backup' in the future: the daily backup must still come due."""
    backups.set_backup_settings(lead.db, lead.actor, folder=str(tmp_path), automatic=True, now=FIXED_NOW)
    try:
        backups.make_backup(lead.db, lead.actor, tmp_path, now=FIXED_NOW + timedelta(days=800), scheduled=True)
        later = FIXED_NOW + timedelta(hours=2)  # past the pause after an earlier test's pulled stick
        assert backups.backup_status(lead.db, lead.actor, now=later).due
        backups.make_backup(lead.db, lead.actor, tmp_path, now=FIXED_NOW, scheduled=True)
        assert not backups.backup_status(lead.db, lead.actor, now=FIXED_NOW + timedelta(hours=1)).due
    finally:
        backups.set_backup_settings(lead.db, lead.actor, folder="", automatic=True, now=FIXED_NOW)
