"""Role-matrix rows for 到期清除 (issue #14 item 5): every role reads the retention period; the lead
or the admin sets it; only the lead, holding the care key, lists, previews and purges leavers."""

from __future__ import annotations

from datetime import date
from typing import Any

from counselroom.domain.roles import Role
from counselroom.domain.students.student_facts import StudentStatus
from counselroom.services.accounts.session import Session
from counselroom.services.backup import purge, retention, retention_setting
from counselroom.services.students import student_records
from tests.conftest import FIXED_NOW
from tests.services.matrix_care import school

LONG_GONE = date(2020, 7, 1)  # five years before FIXED_NOW: past the default three


def leaver(all_: dict[Role, Session]) -> int:
    """初三(1)班's 刘浩然, graduated in 2020 (added once per database)."""
    school(all_)
    lead = all_[Role.LEAD]
    sid = 5
    status = lead.db.conn.execute("SELECT status FROM students WHERE id = ?", (sid,)).fetchone()
    if status is not None and status[0] == StudentStatus.ENROLLED.value:
        student_records.change_student_status(
            lead.db, lead.actor, sid, to_status=StudentStatus.GRADUATED, on_date=LONG_GONE, reason="毕业", now=FIXED_NOW
        )
    return sid


def _due(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    leaver(all_)
    return retention.students_due(s.db, s.actor, now=FIXED_NOW)


def _preview(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    return retention.purge_preview(s.db, s.actor, [leaver(all_)], now=FIXED_NOW)


def _purge(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    return purge.purge_students(s.db, s.actor, [leaver(all_)], now=FIXED_NOW)


RETENTION_MATRIX: dict[str, tuple[frozenset[Role], Any]] = {
    "retention_setting.retention_setting": (
        frozenset(Role),
        lambda s, a, k: retention_setting.retention_setting(s.db, s.actor, now=FIXED_NOW),
    ),
    "retention_setting.set_retention_years": (
        frozenset({Role.LEAD, Role.ADMIN}),
        lambda s, a, k: retention_setting.set_retention_years(s.db, s.actor, 5, now=FIXED_NOW),
    ),
    "retention.students_due": (frozenset({Role.LEAD}), _due),
    "retention.purge_preview": (frozenset({Role.LEAD}), _preview),
    "purge.purge_students": (frozenset({Role.LEAD}), _purge),
}
