"""An open, unlocked database: the connection, its key file, and the key held in memory.

Closing (logout or idle lock) closes the connection and wipes the key; every later use raises
SessionLocked, so no service can run on a locked session.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from counselroom.domain.errors import DiskFull, SessionLocked
from counselroom.store import audit_log
from counselroom.store.connection import Connection, DatabaseError, open_encrypted
from counselroom.store.keyfile import AuditHead, KeyFile, keyfile_path, load_keyfile, save_keyfile


class Database:
    def __init__(self, path: Path, conn: Connection, key: bytes, keyfile: KeyFile):
        self.path = path
        self.keyfile_path = keyfile_path(path)
        self.db_id = keyfile.db_id
        self._conn: Connection | None = conn
        self._key = bytearray(key)
        self._keyfile = keyfile
        # Problems seen when the database was opened, before this session wrote anything
        # (a cut audit tail is only visible then: the first write moves the head on).
        self.opening_warnings: list[str] = []

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
        self.conn  # raises when locked  # noqa: B018
        return bytes(self._key)

    @property
    def keyfile(self) -> KeyFile:
        return self._keyfile

    def open_twin(self) -> Database:
        """A second connection to the same file with the same key, for a worker thread: a SQLCipher
        connection is never shared between threads. Closing the twin wipes its copy of the key."""
        key = self.key  # raises SessionLocked when this one is closed
        return Database(self.path, open_encrypted(self.path, key), key, load_keyfile(self.keyfile_path))

    def reload_keyfile(self) -> None:
        """Read the key file again after a twin wrote to it (its audit head moved on)."""
        self._keyfile = load_keyfile(self.keyfile_path)

    def close(self) -> None:
        """Close the connection and overwrite the key bytes we hold."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        for i in range(len(self._key)):
            self._key[i] = 0

    # -- writing -----------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One durable transaction; the audit head is copied to the key file after commit."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
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
