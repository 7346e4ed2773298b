"""Attachments of a case: PDF/JPG/PNG only (by their bytes), at most 10 MB, kept inside the care
store; shown from memory; saving a copy out needs a reason and is audited with its SHA-256."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from counselroom.domain.errors import AccessDenied, ValidationError
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.cases import attachments
from tests.conftest import FIXED_NOW
from tests.services.case_data import counselors_case

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + "医院来函金丝雀".encode()


def test_a_scan_is_kept_inside_the_care_store_and_a_copy_out_is_an_export(
    sessions: dict[Role, Session], tmp_path: Path
) -> None:
    case_id = counselors_case(sessions)
    c = sessions[Role.COUNSELOR]
    scan = tmp_path / "来函.pdf"
    scan.write_bytes(PDF)
    attachments.attach_file(c.db, c.actor, case_id, scan, kind="医院来函", now=FIXED_NOW)
    scan.unlink()  # nothing of it stays outside: the program holds its own encrypted copy
    listed = attachments.case_attachments(c.db, c.actor, case_id, now=FIXED_NOW)
    assert [(a.file_name, a.mime, a.size) for a in listed] == [("来函.pdf", "application/pdf", len(PDF))]
    assert attachments.attachment_content(c.db, c.actor, listed[0].id, now=FIXED_NOW) == PDF
    for name in ("school.db", "school.care.db"):
        assert "医院来函金丝雀".encode() not in (c.db.path.parent / name).read_bytes()
    with pytest.raises(ValidationError, match="理由"):
        attachments.save_attachment_copy(c.db, c.actor, listed[0].id, tmp_path / "副本.pdf", reason=" ", now=FIXED_NOW)
    saved = attachments.save_attachment_copy(
        c.db, c.actor, listed[0].id, tmp_path / "副本.pdf", reason="转介时交医院", now=FIXED_NOW
    )
    assert saved.sha256 == hashlib.sha256(PDF).hexdigest() and (tmp_path / "副本.pdf").read_bytes() == PDF
    row = c.db.conn.execute(
        "SELECT reason, detail FROM audit_log WHERE action = 'exported' ORDER BY seq DESC"
    ).fetchone()
    assert row[0] == "转介时交医院" and saved.sha256 in row[1]
    for role in (Role.PRINCIPAL, Role.ADMIN):
        s = sessions[role]
        with pytest.raises(AccessDenied):
            attachments.attachment_content(s.db, s.actor, listed[0].id, now=FIXED_NOW)


def test_only_pdf_jpg_png_by_their_bytes_and_not_too_big(sessions: dict[Role, Session], tmp_path: Path) -> None:
    case_id = counselors_case(sessions)
    c = sessions[Role.COUNSELOR]
    fake = tmp_path / "伪装.pdf"
    fake.write_bytes(b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError, match="不是 PDF、JPG 或 PNG"):
        attachments.attach_file(c.db, c.actor, case_id, fake, kind="其他", now=FIXED_NOW)
    big = tmp_path / "big.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * attachments.MAX_BYTES)
    with pytest.raises(ValidationError, match="超过 10 MB"):
        attachments.attach_file(c.db, c.actor, case_id, big, kind="其他", now=FIXED_NOW)
