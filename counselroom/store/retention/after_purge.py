"""What follows a purge's deletes: the principal's counts, the search index, and the files.

Inside the purge's transaction the care counts and incident statuses are counted afresh (the
principal's pages keep matching the care data), and the search index is merged into one segment
(FTS5 'optimize'): a deleted document's words stay in its old segment until a merge. After commit
both files are vacuumed, so the rebuilt files hold no page the deleted rows were ever on. With a
rollback journal (store/connection.py) there is no WAL to checkpoint; the checkpoint is asked for
anyway, so a file someone switched to WAL is written through before it is vacuumed.
"""

from __future__ import annotations

from counselroom.store import care_counts
from counselroom.store.cases import search_index
from counselroom.store.connection import Connection, DatabaseError
from counselroom.store.crisis import incident_status


def recount(conn: Connection) -> None:
    """Every care count and incident status, from the care store as it now is."""
    care_counts.write(conn, care_counts.recount(conn))
    incident_status.write(conn, incident_status.recount(conn))


def merge_search_index(conn: Connection) -> None:
    search_index.optimize(conn)


def compact(conn: Connection) -> bool:
    """Checkpoint and vacuum both stores (outside any transaction); False when SQLite could not
    (a full disk): the deleted rows are gone and their pages were zeroed (secure_delete) either way."""
    try:
        for schema in ("care", "main"):
            conn.execute(f"PRAGMA {schema}.wal_checkpoint(TRUNCATE)").fetchall()
            conn.execute(f"VACUUM {schema}")
    except DatabaseError:
        return False
    return True
