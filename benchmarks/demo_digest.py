"""Row counts and a content digest of a generated demo school: `python -m benchmarks.demo_digest`.

The demo promises the same data for a seed; this shows it. It generates a school with a fixed
clock and the fast test KDF into a temporary folder, opens it read-only in spirit (no sign-in,
so no audit row of its own), and prints each table's row count, one SHA-256 over every table's
rows in primary-key order, and a second one without audit_log (its rows carry the hash chain,
so any extra audited step changes all of them).

It also runs against trees from before the demo left services (counselroom/services/demo.py):
run it there with PYTHONPATH pointing at that tree to compare the two.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import tempfile
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from counselroom.store.connection import Connection, open_encrypted
from counselroom.store.key_slots import TEST_KDF
from counselroom.store.keyfile import keyfile_path, load_keyfile

FIXED_NOW = datetime(2025, 10, 13, 9, 30, 0)  # the tests' clock: a Monday in 2025-2026 第一学期
PASSWORD = "digest-pass-123"
# Made fresh for every database (setup.py), so masked: they would change the digest every run.
RANDOM_META = frozenset({"db_id", "pseudonym_secret"})
UNCHAINED = frozenset({"audit_log"})


def _first(*candidates: tuple[str, str]) -> Any:
    """The first (module, name) that imports: the code moved between packages over time."""
    for module, name in candidates:
        try:
            return getattr(importlib.import_module(module), name)
        except ModuleNotFoundError:
            continue
    raise ImportError(f"none of {candidates} found")


def generate(folder: Path, *, students: int, years: int, seed: int, now: datetime = FIXED_NOW) -> Path:
    """A demo school in `folder`, made with the test KDF and no keyring (passwords only)."""
    generate_demo_school: Callable[..., object] = _first(
        ("counselroom.demo.generator", "generate_demo_school"), ("counselroom.services.demo", "generate_demo_school")
    )
    key_policy = _first(
        ("counselroom.services.accounts.session", "KeyPolicy"), ("counselroom.services.session", "KeyPolicy")
    )
    path = folder / "demo.db"
    keys = key_policy(kdf=TEST_KDF, device=None)
    generate_demo_school(path, students=students, years=years, seed=seed, password=PASSWORD, now=now, keys=keys)
    return path


def open_demo(path: Path, username: str = "lead") -> Connection:
    """The database opened with an account's password slot: no sign-in, so nothing is written.
    With two stores (issue #9) the care store is attached when the account holds the care key."""
    open_password_slot = _first(
        ("counselroom.store.key_slot_ops", "open_password_slot"),
        ("counselroom.services.accounts.key_slot_ops", "open_password_slot"),
        ("counselroom.services.key_slot_ops", "open_password_slot"),
    )
    keyfile = load_keyfile(keyfile_path(path))
    slot = keyfile.password_slot(username)
    assert slot is not None, username
    opened = open_password_slot(slot, db_id=keyfile.db_id, password=PASSWORD, device=None)
    conn = open_encrypted(path, getattr(opened, "school", opened))
    care = getattr(opened, "care", None)
    if care is not None:
        from counselroom.store.care_store import care_store_path
        from counselroom.store.connection import attach_encrypted

        attach_encrypted(conn, care_store_path(path), care, "care")
    return conn


def tables(conn: Connection) -> list[str]:
    """Every table of both stores; a care table that shares a name with a school one is care.<name>."""
    schemas = [str(r[1]) for r in conn.execute("PRAGMA database_list") if r[1] != "temp"]
    found: list[str] = []
    for schema in schemas:
        rows = conn.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
        found += [str(r[0]) if schema == "main" or str(r[0]) not in found else f"{schema}.{r[0]}" for r in rows]
    return sorted(found)


def table_counts(conn: Connection) -> dict[str, int]:
    return {t: int(conn.execute(f"SELECT count(*) FROM {_quoted(t)}").fetchone()[0]) for t in tables(conn)}


def _quoted(table: str) -> str:
    return ".".join(f'"{part}"' for part in table.split("."))


def content_digest(conn: Connection, *, exclude: Iterable[str] = ()) -> str:
    """SHA-256 over every table (by name) and its rows in primary-key order, as JSON lines."""
    skipped = set(exclude)
    digest = hashlib.sha256()
    for table in tables(conn):
        if table in skipped:
            continue
        digest.update(f"## {table}\n".encode())
        for row in _rows(conn, table):
            digest.update(json.dumps([_plain(v) for v in row], ensure_ascii=False).encode() + b"\n")
    return digest.hexdigest()


def _rows(conn: Connection, table: str) -> Iterable[tuple[object, ...]]:
    schema, _dot, name = table.rpartition(".")
    prefix = f'"{schema}".' if schema else ""
    info = conn.execute(f'PRAGMA {prefix}table_info("{name}")').fetchall()  # cid, name, type, notnull, default, pk
    keys = [str(c[1]) for c in sorted((c for c in info if c[5]), key=lambda c: c[5])] or [str(c[1]) for c in info]
    order = ", ".join(f'"{k}"' for k in keys)
    for row in conn.execute(f"SELECT * FROM {_quoted(table)} ORDER BY {order}"):
        if table in ("meta", "care_meta") and row[0] in RANDOM_META:
            row = (row[0], "<random>")
        if table == "audit_anchor":  # the chain's head (see below) and a MAC under the random care key
            row = (row[0], row[1], "<chained>", "<keyed by the random care key>")
        if table == "audit_log":
            row = _unrandomised_audit_row(tuple(row), [str(c[1]) for c in info])
        yield tuple(row)


def _unrandomised_audit_row(row: tuple[object, ...], columns: list[str]) -> tuple[object, ...]:
    """A confirmation names the key fingerprint of a fresh (random) key pair, and every later
    hash in the chain carries it: both are masked, the rest of each row is kept."""
    values = dict(zip(columns, row, strict=True))
    if str(values.get("action")) == "care_access_confirmed":
        values["detail"] = "<fingerprint of a random key pair>"
    for column in ("hash", "prev_hash"):
        if column in values:
            values[column] = "<chained>"
    return tuple(values.values())


def _plain(value: object) -> object:
    return value.hex() if isinstance(value, bytes | bytearray) else value


def summarize(conn: Connection) -> tuple[dict[str, int], str, str]:
    """(counts, digest of all tables, digest of all tables but audit_log)."""
    return table_counts(conn), content_digest(conn), content_digest(conn, exclude=UNCHAINED)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--students", type=int, default=600)
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="counselroom-digest-") as folder:
        path = generate(Path(folder), students=args.students, years=args.years, seed=args.seed)
        conn = open_demo(path)
        try:
            counts, everything, without_audit = summarize(conn)
        finally:
            conn.close()
    print(f"demo: {args.students} students, {args.years} years, seed {args.seed}, now {FIXED_NOW.isoformat()}")
    for table, count in counts.items():
        print(f"{table:<24} {count:>8}")
    print(f"sha256 all tables          {everything}")
    print(f"sha256 without audit_log   {without_audit}")


if __name__ == "__main__":
    main()
