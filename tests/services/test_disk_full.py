"""SECURITY.md 20: a full disk says 磁盘空间不足 and loses nothing written before."""

from __future__ import annotations

import pytest

from counselroom.domain.errors import DiskFull
from counselroom.services.accounts import drafts
from tests.conftest import FIXED_NOW, SchoolFixture


def test_disk_full_is_reported_in_chinese_and_keeps_earlier_data(school: SchoolFixture) -> None:
    session = school.admin
    drafts.keep_drafts(session.db, session.actor, {"before": "之前保存的文字"}, now=FIXED_NOW)
    pages = session.db.conn.execute("PRAGMA page_count").fetchone()[0]
    session.db.conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # the disk is nearly full
    with pytest.raises(DiskFull, match="磁盘空间不足"):
        drafts.keep_drafts(session.db, session.actor, {"big": "很长的记录" * 50_000}, now=FIXED_NOW)
    session.db.conn.execute("PRAGMA max_page_count = 1073741823")
    kept = drafts.take_drafts(session.db, session.actor, now=FIXED_NOW)
    assert kept == {"before": "之前保存的文字"}
