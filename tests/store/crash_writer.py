"""A child process for the durability test: commits numbered rows and reports each commit on
stdout, until it is killed. Reads the database path and raw key (hex) from argv."""

from __future__ import annotations

import sys
from pathlib import Path

from counselroom.store.connection import open_encrypted


def main() -> None:
    path, key_hex = Path(sys.argv[1]), sys.argv[2]
    conn = open_encrypted(path, bytes.fromhex(key_hex))
    # Go on after the last row that reached the disk (a kill may land between COMMIT and print).
    last = conn.execute("SELECT max(CAST(substr(key, 5) AS INTEGER)) FROM settings WHERE key LIKE 'row-%'")
    i = (last.fetchone()[0] or -1) + 1
    while True:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (f"row-{i}", "x" * 500))
        conn.execute("COMMIT")
        print(i, flush=True)  # only after COMMIT returned: this row must survive a kill
        i += 1


if __name__ == "__main__":
    main()
