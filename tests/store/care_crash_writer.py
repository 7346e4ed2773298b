"""A child process for the two-store atomicity test: each step is one care change through the
real Database — a student in the school store, a warning-list entry for them in the care store,
the recount of the principal's counts (school store), the audit row (school store) and the
audit anchor (care store) — reported on stdout after COMMIT, until the process is killed.
argv: the school store's path, the school key and the care key (hex)."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from counselroom.domain.audit import AuditAction
from counselroom.domain.roles import Actor, Role, UserId
from counselroom.store import audit_log
from counselroom.store.database import Database
from counselroom.store.keyfile import keyfile_path, load_keyfile
from counselroom.store.opening import open_stores

ACTOR = Actor(UserId(1), "lead", "李主任", Role.LEAD)
NOW = datetime(2025, 10, 13, 9, 30)


def main() -> None:
    path, school_key, care_key = Path(sys.argv[1]), bytes.fromhex(sys.argv[2]), bytes.fromhex(sys.argv[3])
    conn = open_stores(path, school_key, care_key=care_key, now=NOW)
    db = Database(path, conn, school_key, load_keyfile(keyfile_path(path)), care_key=care_key)
    last = conn.execute("SELECT coalesce(max(id), 0) FROM students").fetchone()[0]
    i = last + 1
    while True:
        with db.transaction() as tx:
            stamp = NOW.isoformat()
            tx.execute(
                "INSERT INTO students (id, student_no, name, gender, created_at, updated_at)"
                " VALUES (?, ?, ?, '女', ?, ?)",
                (i, f"S{i:06d}", f"学生{i}", stamp, stamp),
            )
            tx.execute(
                "INSERT INTO warnings (id, student_id, level, reason, source, opened_on, review_on, created_at,"
                " updated_at) VALUES (?, ?, 'yellow', ?, '其他', '2025-10-13', '2025-11-13', ?, ?)",
                (i, i, "理由" * 200, stamp, stamp),
            )
            audit_log.append(
                tx, at=NOW, actor=ACTOR, action=AuditAction.WARNING_CHANGED, object_type="warning", object_id=i
            )
        print(i, flush=True)  # only after COMMIT returned: this change must survive a kill
        i += 1


if __name__ == "__main__":
    main()
