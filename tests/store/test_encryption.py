"""Real SQLCipher 4 with a random raw key (SECURITY.md 1, 2, 6)."""

from __future__ import annotations

import sqlite3
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from counselroom.domain.errors import DatabaseDamaged
from counselroom.services.accounts.session import KeyPolicy
from counselroom.services.accounts.setup import create_school
from counselroom.store.connection import (
    SQLITE_PLAIN_HEADER,
    DatabaseError,
    open_encrypted,
    raw_key_pragma,
)
from counselroom.store.key_slots import TEST_KDF
from counselroom.store.opening import create_database, create_stores, open_database
from tests.conftest import FIXED_NOW, PASSWORD

SCHOOL_NAME = "测试中学"
KEY = bytes(range(32))


@pytest.fixture
def created(db_path: Path) -> Iterator[Path]:
    conn = create_database(db_path, KEY)
    conn.close()
    yield db_path


def _encodings(text: str) -> list[bytes]:
    return [text.encode(e) for e in ("utf-8", "utf-16-le", "utf-16-be", "gb18030")]


def _files_with(folder: Path, text: str) -> list[str]:
    hits = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            hits += [f"{path.name} ({needle!r})" for needle in _encodings(text) if needle in data]
    return hits


# -- the file is not SQLite ------------------------------------------------------------


def test_header_is_not_the_plain_sqlite_header(created: Path) -> None:
    with created.open("rb") as handle:
        assert handle.read(16) != SQLITE_PLAIN_HEADER
    assert SQLITE_PLAIN_HEADER == b"SQLite format 3\x00"


def test_stdlib_sqlite3_cannot_read_it(created: Path) -> None:
    plain = sqlite3.connect(created)
    try:
        with pytest.raises(sqlite3.DatabaseError):
            plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        plain.close()


def test_plain_sqlite_control_has_the_header_and_is_readable(tmp_path: Path) -> None:
    """The checks above are meaningful: an unencrypted file fails them."""
    path = tmp_path / "plain.db"
    plain = sqlite3.connect(path)
    plain.execute("CREATE TABLE t (x)")
    plain.commit()
    plain.close()
    assert path.read_bytes()[:16] == SQLITE_PLAIN_HEADER
    with pytest.raises(DatabaseDamaged):
        open_encrypted(path, KEY)


def test_cipher_version_is_4(created: Path) -> None:
    conn = open_encrypted(created, KEY)
    try:
        version = conn.execute("PRAGMA cipher_version").fetchone()[0]
    finally:
        conn.close()
    assert version.startswith("4."), version


def test_connection_pragmas(created: Path) -> None:
    conn = open_encrypted(created, KEY)
    try:
        # A rollback journal: a transaction over both stores is atomic only without WAL.
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1  # freed pages are zeroed
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY, never FILE
    finally:
        conn.close()


def test_foreign_keys_are_enforced(created: Path) -> None:
    conn = open_encrypted(created, KEY)
    try:
        with pytest.raises(DatabaseError, match="FOREIGN KEY"):
            conn.execute("INSERT INTO drafts (user_id, key, text, saved_at) VALUES (999, 'k', 't', 'x')")
    finally:
        conn.close()


# -- the key ---------------------------------------------------------------------------


def test_raw_key_pragma_gives_a_hex_blob_key() -> None:
    assert raw_key_pragma(KEY) == f"PRAGMA key = \"x'{KEY.hex()}'\""
    assert raw_key_pragma(bytearray(KEY)) == raw_key_pragma(KEY)


@pytest.mark.parametrize("key", [bytes(31), bytes(33), b"", KEY.hex(), KEY.hex().encode(), "x" * 32, None, list(KEY)])
def test_raw_key_pragma_refuses_anything_but_32_bytes(key: object) -> None:
    with pytest.raises(ValueError):
        raw_key_pragma(key)  # type: ignore[arg-type]


def test_a_different_key_is_damage_not_a_new_database(created: Path) -> None:
    before = created.read_bytes()
    other = bytes(reversed(KEY))
    with pytest.raises(DatabaseDamaged) as caught:
        open_encrypted(created, other)
    assert str(created) in caught.value.message
    assert created.read_bytes() == before


def test_the_same_key_reads_back_what_was_written(created: Path) -> None:
    conn = open_encrypted(created, KEY)
    conn.execute("INSERT INTO meta (key, value) VALUES ('probe', '探针')")
    conn.close()
    conn = open_encrypted(created, KEY)
    try:
        assert conn.execute("SELECT value FROM meta WHERE key = 'probe'").fetchone()[0] == "探针"
    finally:
        conn.close()


def test_open_of_a_missing_file_raises_and_creates_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    missing = folder / "nowhere.db"
    with pytest.raises(DatabaseDamaged) as caught:
        open_encrypted(missing, KEY)
    assert str(missing) in caught.value.message
    assert not missing.exists()
    assert list(folder.iterdir()) == []


def test_open_database_of_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    with pytest.raises(DatabaseDamaged):
        open_database(folder / "nowhere.db", KEY, now=FIXED_NOW)
    assert list(folder.iterdir()) == []


def test_create_database_refuses_an_existing_file(created: Path) -> None:
    before = created.read_bytes()
    with pytest.raises(FileExistsError):
        create_database(created, KEY)
    assert created.read_bytes() == before


@pytest.mark.parametrize("opener", ["open_encrypted", "open_database"])
def test_a_zero_byte_file_is_damage_and_is_left_as_it_was(tmp_path: Path, opener: str) -> None:
    """SQLCipher takes an empty file for a new database; a truncated file must not become one."""
    empty = tmp_path / "empty.db"
    empty.touch()
    with pytest.raises(DatabaseDamaged) as caught:
        if opener == "open_encrypted":
            open_encrypted(empty, KEY).close()
        else:
            open_database(empty, KEY, now=FIXED_NOW).close()
    assert str(empty) in caught.value.message
    assert empty.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["empty.db"]


def test_a_keyed_file_without_any_schema_is_not_given_one(tmp_path: Path) -> None:
    """open_database never builds a new schema into an existing file (only create does)."""
    path = tmp_path / "bare.db"
    bare = open_encrypted(path, KEY, create=True)
    bare.execute("CREATE TABLE probe (x)")  # makes SQLCipher write its pages …
    bare.execute("DROP TABLE probe")  # … and leaves no schema behind
    bare.close()
    before = path.read_bytes()
    assert before  # keyed: SQLCipher wrote its first page
    with pytest.raises(DatabaseDamaged) as caught:
        open_database(path, KEY, now=FIXED_NOW)
    assert str(path) in caught.value.message
    assert path.read_bytes() == before
    conn = open_encrypted(path, KEY)
    try:
        assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    finally:
        conn.close()


# -- nothing readable on disk ----------------------------------------------------------


def test_school_name_is_absent_from_every_file_in_the_folder(db_path: Path) -> None:
    keys = KeyPolicy(kdf=TEST_KDF)
    created = create_school(
        db_path, school_name=SCHOOL_NAME, admin_username="admin", admin_password=PASSWORD, now=FIXED_NOW, keys=keys
    )
    try:
        conn = created.session.db.conn
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO meta (key, value) VALUES ('canary', ?)", (SCHOOL_NAME * 50,))
        conn.execute("UPDATE school SET name = name || ''")  # the page with the name goes to the journal
        conn.execute("PRAGMA cache_spill = 1")
        names = sorted(p.name for p in db_path.parent.iterdir())
        assert {"school.db", "school.care.db", "school.db.keys"} <= set(names)
        assert _files_with(db_path.parent, SCHOOL_NAME) == []
        conn.execute("COMMIT")
        assert _files_with(db_path.parent, SCHOOL_NAME) == []
        stored = conn.execute("SELECT name FROM school").fetchone()[0]
        assert stored == SCHOOL_NAME  # it is there, only not readable from disk
    finally:
        created.session.db.close()
    assert _files_with(db_path.parent, SCHOOL_NAME) == []


def test_the_same_scan_finds_the_name_in_plain_sqlite(tmp_path: Path) -> None:
    """Control: against an unencrypted database the scan above fails."""
    path = tmp_path / "plain.db"
    plain = sqlite3.connect(path)
    plain.execute("PRAGMA journal_mode = WAL")
    plain.execute("CREATE TABLE school (name TEXT)")
    plain.execute("INSERT INTO school VALUES (?)", (SCHOOL_NAME,))
    plain.commit()
    assert _files_with(tmp_path, SCHOOL_NAME) != []
    plain.close()
    assert _files_with(tmp_path, SCHOOL_NAME) != []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_the_stores_and_their_journals_are_owner_only(tmp_path: Path) -> None:
    """SECURITY: both stores are created like the key file — only this account may read them;
    SQLite gives the rollback journal the database file's permissions."""
    path = tmp_path / "school.db"
    conn = create_stores(path, KEY, bytes(range(32)), db_id="probe")
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO meta (key, value) VALUES ('probe', 'x')")
        conn.execute("PRAGMA cache_spill = 1")
        conn.execute("CREATE TABLE filler (x)")
        conn.execute(
            "INSERT INTO filler SELECT zeroblob(4000) FROM (WITH RECURSIVE n(i) AS"
            " (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50) SELECT i FROM n)"
        )
        for name in ("school.db", "school.care.db", "school.db-journal"):
            mode = stat.S_IMODE((tmp_path / name).stat().st_mode)
            assert mode == 0o600, f"{name}: {oct(mode)}"
        conn.execute("ROLLBACK")
    finally:
        conn.close()


def test_a_failed_create_leaves_no_empty_file(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    with pytest.raises(ValueError):
        create_database(folder / "school.db", b"short key")
    assert list(folder.iterdir()) == []
