"""Printing is audited: one row per print or saved PDF, with the document's SHA-256."""

from __future__ import annotations

import hashlib

import pytest

from counselroom.domain.errors import SessionLocked, ValidationError
from counselroom.domain.roles import Role
from counselroom.reports.door_rota import build_door_rota
from counselroom.services.accounts import sign_in
from counselroom.services.accounts.session import Session
from counselroom.services.printing import printouts
from counselroom.store import audit_log
from tests.conftest import FIXED_NOW
from tests.reports import printout_data as sample


def _last_row(session: Session) -> dict[str, str]:
    row = session.db.conn.execute(
        "SELECT action, username, role, object_type, object_id, outcome, reason, detail FROM audit_log "
        "ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    keys = ("action", "username", "role", "object_type", "object_id", "outcome", "reason", "detail")
    return dict(zip(keys, (str(v) for v in row), strict=True))


def test_a_principal_printing_the_door_roster_is_audited_with_its_digest(sessions: dict[Role, Session]) -> None:
    principal = sessions[Role.PRINCIPAL]
    pdf = build_door_rota(sample.door_roster())
    digest = printouts.pdf_digest(pdf)
    assert digest == hashlib.sha256(pdf).hexdigest()
    changes = printouts.record_print(
        principal.db,
        principal.actor,
        what="值班表 2025-2026学年第一学期",
        object_type="duty_roster",
        object_id="2025-2026-1",
        digest=digest,
        now=FIXED_NOW,
    )
    assert "audit" in changes.kinds
    assert _last_row(principal) == {
        "action": "printed",
        "username": "principal",
        "role": "principal",
        "object_type": "duty_roster",
        "object_id": "2025-2026-1",
        "outcome": "ok",
        "reason": "值班表 2025-2026学年第一学期",
        "detail": f"SHA-256 {digest}",
    }
    assert audit_log.verify(principal.db.conn).first_bad_seq is None


def test_saving_a_day_sheet_is_an_export_with_reason_and_file_name(sessions: dict[Role, Session]) -> None:
    counselor = sessions[Role.COUNSELOR]
    digest = printouts.pdf_digest(b"%PDF day sheet")
    printouts.record_pdf_saved(
        counselor.db,
        counselor.actor,
        what="日程表 2025年10月13日",
        object_type="day_sheet",
        object_id="2025-10-13",
        digest=digest,
        reason=" 打印机故障，改用办公室电脑打印 ",
        file_name="D:/打印/日程表.pdf",
        now=FIXED_NOW,
    )
    row = _last_row(counselor)
    assert row["action"] == "exported"
    assert row["reason"] == "日程表 2025年10月13日：打印机故障，改用办公室电脑打印"
    assert row["detail"] == f"SHA-256 {digest} → D:/打印/日程表.pdf"


@pytest.mark.parametrize(
    ("what", "digest", "reason", "field"),
    [
        ("", "a" * 64, "打印", "内容"),
        ("预约单", "not-a-digest", "打印", "摘要"),
        ("预约单", "A" * 64, "打印", "摘要"),  # hexdigest() is lower case; anything else is a caller bug
        ("预约单", "a" * 64, "  ", "原因"),
    ],
)
def test_bad_requests_are_refused_and_write_nothing(
    sessions: dict[Role, Session], what: str, digest: str, reason: str, field: str
) -> None:
    lead = sessions[Role.LEAD]
    before = audit_log.last_link(lead.db.conn)
    with pytest.raises(ValidationError) as caught:
        printouts.record_pdf_saved(
            lead.db,
            lead.actor,
            what=what,
            object_type="slip",
            object_id="1",
            digest=digest,
            reason=reason,
            file_name="x.pdf",
            now=FIXED_NOW,
        )
    assert caught.value.field == field
    assert audit_log.last_link(lead.db.conn) == before


def test_a_locked_session_cannot_print(sessions: dict[Role, Session]) -> None:
    session = sessions[Role.COUNSELOR]
    sign_in.lock(session, now=FIXED_NOW)
    with pytest.raises(SessionLocked):
        printouts.record_print(
            session.db,
            session.actor,
            what="预约单",
            object_type="appointment",
            object_id="7",
            digest="0" * 64,
            now=FIXED_NOW,
        )
