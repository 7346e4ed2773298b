"""SECURITY.md 7 on the foundation's own data: names and text never reach disk in plaintext."""

from __future__ import annotations

from pathlib import Path

from counselroom.domain.roles import Role
from counselroom.services.accounts import accounts, drafts, integrity, sign_in
from counselroom.services.accounts.session import KeyPolicy
from counselroom.services.accounts.setup import create_school
from counselroom.store.students import enrolment
from tests.canary import files_containing
from tests.conftest import FIXED_NOW, PASSWORD

CANARIES = ["金丝雀中学Qz7", "雀鸟老师Xk9", "鸣禽学生Wv3", "草稿内容Pq5"]


def test_canaries_never_reach_disk(tmp_path: Path, keys: KeyPolicy) -> None:
    db_path = tmp_path / "data" / "school.db"
    created = create_school(
        db_path,
        school_name=CANARIES[0],
        admin_username="admin",
        admin_password=PASSWORD,
        admin_display_name="管理员",
        now=FIXED_NOW,
        keys=keys,
    )
    admin = created.session
    accounts.add_account(
        admin.db,
        admin.actor,
        username="t1",
        display_name=CANARIES[1],
        role=Role.COUNSELOR,
        password=PASSWORD,
        now=FIXED_NOW,
        keys=keys,
    )
    with admin.db.transaction() as conn:
        enrolment.insert_students(
            conn,
            [(1, "S0001", CANARIES[2], "女", "2012-03-05", None, "在读", "2024-09-01", "2025-01-01", "2025-01-01")],
        )
    drafts.keep_drafts(admin.db, admin.actor, {"note": CANARIES[3]}, now=FIXED_NOW)
    integrity.check_database(admin.db, admin.actor, now=FIXED_NOW)
    sign_in.lock(admin, now=FIXED_NOW)

    teacher = sign_in.sign_in(db_path, "t1", PASSWORD, now=FIXED_NOW, keys=keys)
    # The database is still open here: the WAL holds the latest pages and must be encrypted too.
    assert files_containing(tmp_path, CANARIES) == []
    sign_in.logout(teacher, now=FIXED_NOW)

    assert list(db_path.parent.glob("*.keys")), "the key file exists"
    assert files_containing(tmp_path, CANARIES) == []
    # The scan itself can find a plaintext canary (a test that cannot fail proves nothing).
    (tmp_path / "plain.txt").write_text(CANARIES[2], encoding="gb18030")
    assert files_containing(tmp_path, CANARIES) == [(tmp_path / "plain.txt", CANARIES[2])]
