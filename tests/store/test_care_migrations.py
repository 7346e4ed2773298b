"""The care store's own migrations: `NNNN_name.care.sql`, numbered with the school store's, applied
only where the care key is held, after an encrypted copy of the care store."""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path

import pytest

from counselroom.store import migrations
from counselroom.store.care_store import care_store_path
from counselroom.store.connection import open_encrypted
from counselroom.store.migrations import Migration
from counselroom.store.opening import create_stores, open_stores

PROBE = "CREATE TABLE care.probe (x TEXT NOT NULL);\nCREATE INDEX care.probe_x ON probe (x);"


def _with_probe(monkeypatch: pytest.MonkeyPatch) -> int:
    real = migrations.all_migrations()
    version = real[-1].version + 1
    monkeypatch.setattr(migrations, "all_migrations", lambda: [*real, Migration(version, "probe", PROBE, "care")])
    return version


def _tables(conn: object, schema: str) -> set[str]:
    return {r[0] for r in conn.execute(f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'")}  # type: ignore[attr-defined]


def test_a_new_school_gets_the_care_migrations_in_its_care_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    version = _with_probe(monkeypatch)
    school_key, care_key = os.urandom(32), os.urandom(32)
    path = tmp_path / "school.db"
    create_stores(path, school_key, care_key, db_id="d0c1a7e2-0000-4000-8000-000000000001").close()
    school = open_encrypted(path, school_key)
    assert "probe" not in _tables(school, "main")
    school_latest = max(m.version for m in migrations.all_migrations() if m.store == "main")
    assert school.execute("PRAGMA user_version").fetchone()[0] == school_latest  # not touched by a care migration
    school.close()
    care = open_encrypted(care_store_path(path), care_key)
    assert "probe" in _tables(care, "main") and care.execute("PRAGMA user_version").fetchone()[0] == version
    care.close()


def test_an_existing_care_store_is_copied_then_migrated_when_a_care_key_opens_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    school_key, care_key = os.urandom(32), os.urandom(32)
    path = tmp_path / "school.db"
    conn = create_stores(path, school_key, care_key, db_id="d0c1a7e2-0000-4000-8000-000000000002")
    conn.execute("INSERT INTO meta (key, value) VALUES ('db_id', 'd0c1a7e2-0000-4000-8000-000000000002')")
    conn.close()
    version = _with_probe(monkeypatch)
    school_only = open_stores(path, school_key, care_key=None)  # a principal: nothing happens to the care store
    school_only.close()
    assert not list(tmp_path.glob("school.care.db.before-*.bak"))
    both = open_stores(path, school_key, care_key=care_key)
    try:
        assert "probe" in _tables(both, "care")
        assert migrations.schema_version(both, "care") == version
    finally:
        both.close()
    copy = next(tmp_path.glob("school.care.db.before-v*-*.bak"))  # named after the version it had, plus one
    with pytest.raises(Exception):  # noqa: B017 — the copy is under the care key, not the school key
        open_encrypted(copy, school_key).execute("SELECT 1").fetchone()
    opened = open_encrypted(copy, care_key)
    assert "probe" not in _tables(opened, "main") and "warnings" in _tables(opened, "main")
    opened.close()


def test_every_care_migration_names_its_schema_on_what_it_creates() -> None:
    """Unqualified, a CREATE in a care migration would land in the school store."""
    folder = resources.files("counselroom.store") / "migrations"
    creates = re.compile(
        r"CREATE\s+(?:UNIQUE\s+|VIRTUAL\s+)?(?:TABLE|INDEX|TRIGGER|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?(\S+)", re.I
    )
    for entry in folder.iterdir():
        if entry.name.endswith(".care.sql"):
            for name in creates.findall(entry.read_text(encoding="utf-8")):
                assert name.startswith("care."), f"{entry.name}: {name} is not in the care schema"


def test_a_school_migration_after_the_care_migrations_skips_none_of_them(tmp_path: Path) -> None:
    """0016 (school) follows 0015 (care): a new care store starts at the version the moved tables
    were built to (before 0010), not at the school store's, so 0010, 0011 and 0015 all run."""
    assert migrations.care_baseline() == 9
    school_key, care_key = os.urandom(32), os.urandom(32)
    path = tmp_path / "school.db"
    create_stores(path, school_key, care_key, db_id="d0c1a7e2-0000-4000-8000-000000000003").close()
    care = open_encrypted(care_store_path(path), care_key)
    try:
        latest_care = max(m.version for m in migrations.all_migrations() if m.store == "care")
        assert care.execute("PRAGMA user_version").fetchone()[0] == latest_care
        assert {"cases", "search_docs", "incidents", "confidentiality_exceptions"} <= _tables(care, "main")
    finally:
        care.close()
    school = open_encrypted(path, school_key)
    try:
        assert "incident_status" in _tables(school, "main") and "incidents" not in _tables(school, "main")
    finally:
        school.close()
