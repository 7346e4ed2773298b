"""An open, unlocked database: the connection, its key file, and the keys held in memory.

The connection opens the school store; a session holding the care key has the care store
attached as `care` (store/care_store.py). Closing (logout or idle lock) closes the connection
and wipes both keys; every later use raises SessionLocked, so no service can run on a locked
session.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from counselroom.domain.errors import AccessDenied, DiskFull, SessionLocked
from counselroom.store import audit_log, care_counts, care_store
from counselroom.store.connection import Connection, DatabaseError
from counselroom.store.crisis import incident_status
from counselroom.store.keyfile import AuditHead, KeyFile, keyfile_path, load_keyfile, save_keyfile


class Database:
    def __init__(
        self, path: Path, conn: Connection, key: bytes, keyfile: KeyFile, *, care_key: bytes | None = None
    ) -> None:
        self.path = path
        self.care_path = care_store.care_store_path(path)
        self.keyfile_path = keyfile_path(path)
        self.db_id = keyfile.db_id
        self._conn: Connection | None = conn
        self._key = bytearray(key)
        self._care_key = bytearray(care_key) if care_key is not None else None
        self._keyfile = keyfile
        # Problems seen when the database was opened, before this session wrote anything
        # (a cut audit tail is only visible then: the first write moves the head on).
        self.opening_warnings: list[str] = []
        # A key file without an audit head over a log that has rows: nothing would show a cut tail,
        # and this session's first write puts a head back, so `check` needs it remembered.
        self.opened_without_audit_head = keyfile.audit_head is None and audit_log.last_link(conn)[0] > 0

    # -- state -------------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self._conn is not None

    @property
    def conn(self) -> Connection:
        if self._conn is None:
            raise SessionLocked("已锁定，请重新输入密码解锁")
        return self._conn

    @property
    def key(self) -> bytes:
        """The school key."""
        self.conn  # raises when locked  # noqa: B018
        return bytes(self._key)

    @property
    def has_care(self) -> bool:
        """Whether this session holds the care key (and has the care store attached)."""
        return self._care_key is not None and self._conn is not None

    @property
    def care_key(self) -> bytes:
        self.conn  # raises when locked  # noqa: B018
        if self._care_key is None:
            raise AccessDenied("此账号尚未获得心理档案的访问权限，需心理中心负责人确认")
        return bytes(self._care_key)

    @property
    def keyfile(self) -> KeyFile:
        return self._keyfile

    def open_twin(self) -> Database:
        """A second connection to the same file with the same key, for a worker thread: a SQLCipher
        connection is never shared between threads. Closing the twin wipes its copy of the key."""
        from counselroom.store.opening import open_stores  # opening builds on this module

        key = self.key  # raises SessionLocked when this one is closed
        care = bytes(self._care_key) if self._care_key is not None else None
        conn = open_stores(self.path, key, care_key=care, check=False)
        return Database(self.path, conn, key, load_keyfile(self.keyfile_path), care_key=care)

    def attach_care_key(self, care_key: bytes) -> None:
        """Open the care store in this session (a lead who has just confirmed themselves)."""
        from counselroom.store.opening import attach_care  # opening builds on this module

        attach_care(self.conn, self.path, care_key, db_id=self.db_id)
        self._care_key = bytearray(care_key)

    def take_care_key(self, care_key: bytes) -> None:
        """Hold the care key of a care store already attached to this connection (the upgrade)."""
        self._care_key = bytearray(care_key)

    def drop_care_key(self) -> None:
        """Detach the care store and forget its key (a session that must work on the school store only)."""
        if self._care_key is None:
            return
        self.conn.execute(f"DETACH DATABASE {care_store.CARE}")
        for i in range(len(self._care_key)):
            self._care_key[i] = 0
        self._care_key = None

    def reload_keyfile(self) -> None:
        """Read the key file again after a twin wrote to it (its audit head moved on)."""
        self._keyfile = load_keyfile(self.keyfile_path)

    def close(self) -> None:
        """Close the connection and overwrite the key bytes we hold."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        for secret in (self._key, self._care_key):
            for i in range(len(secret or b"")):
                secret[i] = 0  # type: ignore[index]
        self._care_key = None

    # -- writing -----------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One durable transaction; the audit head is copied to the key file after commit."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            if self._care_key is not None:
                self._before_care_commit(conn)
            conn.execute("COMMIT")
        except DatabaseError as exc:
            self._rollback(conn)
            if "full" in str(exc).lower():
                raise DiskFull("磁盘空间不足，本次操作未保存，之前的数据完好。请清理磁盘后重试。") from exc
            raise
        except BaseException:
            self._rollback(conn)
            raise
        self.publish_audit_head()

    def _before_care_commit(self, conn: Connection) -> None:
        """In the same transaction as the change: the principal's counts and incident statuses
        follow the care data, and the chain head is anchored where only a care-key holder can write."""
        care_counts.refresh_if_changed(conn)
        incident_status.refresh_if_changed(conn)
        seq, digest = audit_log.last_link(conn)
        anchor = care_store.read_anchor(conn)
        if anchor is None or anchor[:2] != (seq, digest):
            mac = care_store.anchor_mac(bytes(self._care_key or b""), self.db_id, seq, digest)
            care_store.write_anchor(conn, seq, digest, mac)

    @staticmethod
    def _rollback(conn: Connection) -> None:
        if conn.in_transaction:
            conn.execute("ROLLBACK")

    def update_keyfile(self, change: Callable[[KeyFile], KeyFile]) -> None:
        self._keyfile = change(load_keyfile(self.keyfile_path))
        save_keyfile(self.keyfile_path, self._keyfile)

    # -- audit head outside the table ---------------------------------------------------
    def head_mac(self, seq: int, digest: str) -> str:
        return hmac.new(self.key, f"audit-head:{seq}:{digest}".encode(), hashlib.sha256).hexdigest()

    def publish_audit_head(self) -> None:
        seq, digest = audit_log.last_link(self.conn)
        head = self._keyfile.audit_head
        if head is not None and head.seq == seq and head.hash == digest:
            return
        new_head = AuditHead(seq=seq, hash=digest, mac=self.head_mac(seq, digest))
        self.update_keyfile(lambda kf: replace(kf, audit_head=new_head))
