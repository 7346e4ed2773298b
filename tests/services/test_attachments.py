"""Attachments of a case: PDF/JPG/PNG only (by their bytes), at most 10 MB, kept inside the care
store; shown from memory; saving a copy out needs a reason, carries a watermark and is audited with
the SHA-256 of the bytes written."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from counselroom.domain.errors import AccessDenied, ValidationError
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.cases import attachments
from tests.attachment_files import LETTER_PAGES, decoded, letter_pdf, scan
from tests.conftest import FIXED_NOW
from tests.reports.pdf_checks import page_texts
from tests.services.case_data import counselors_case

PDF = letter_pdf()
CANARY = "医院来函金丝雀"
# Starts like a PDF (so it is accepted as one) but has no pages: nothing can be drawn on it.
BROKEN_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + CANARY.encode()


def test_a_scan_is_kept_inside_the_care_store_and_a_copy_out_needs_a_reason(
    sessions: dict[Role, Session], tmp_path: Path
) -> None:
    case_id = counselors_case(sessions)
    c = sessions[Role.COUNSELOR]
    letter = tmp_path / "来函.pdf"
    letter.write_bytes(BROKEN_PDF)
    attachments.attach_file(c.db, c.actor, case_id, letter, kind="医院来函", now=FIXED_NOW)
    letter.unlink()  # nothing of it stays outside: the program holds its own encrypted copy
    listed = attachments.case_attachments(c.db, c.actor, case_id, now=FIXED_NOW)
    assert [(a.file_name, a.mime, a.size) for a in listed] == [("来函.pdf", "application/pdf", len(BROKEN_PDF))]
    assert attachments.attachment_content(c.db, c.actor, listed[0].id, now=FIXED_NOW) == BROKEN_PDF
    for name in ("school.db", "school.care.db"):
        assert CANARY.encode() not in (c.db.path.parent / name).read_bytes()
    with pytest.raises(ValidationError, match="理由"):
        attachments.save_attachment_copy(c.db, c.actor, listed[0].id, tmp_path / "副本.pdf", reason=" ", now=FIXED_NOW)
    for role in (Role.PRINCIPAL, Role.ADMIN):
        s = sessions[role]
        with pytest.raises(AccessDenied):
            attachments.attachment_content(s.db, s.actor, listed[0].id, now=FIXED_NOW)


def test_a_saved_pdf_copy_carries_the_watermark_and_the_audit_has_its_digest(
    sessions: dict[Role, Session], tmp_path: Path
) -> None:
    c = sessions[Role.COUNSELOR]
    attachment_id = _attached(sessions, tmp_path / "来函.pdf", PDF)
    saved = attachments.save_attachment_copy(
        c.db, c.actor, attachment_id, tmp_path / "副本.pdf", reason="转介时交医院", now=FIXED_NOW
    )
    written = (tmp_path / "副本.pdf").read_bytes()
    assert written != PDF and saved.sha256 == hashlib.sha256(written).hexdigest()
    export_id = _audited_export(c, saved.sha256)
    texts = page_texts(written)
    line = f"导出：王老师（心理教师） 2025-10-13 09:30 用途：转介时交医院 编号 {export_id} · 心理辅导室工作台"
    for page_text, own in zip(texts, LETTER_PAGES, strict=True):
        assert own in page_text and line in page_text
    # The stored original is untouched: showing it again gives the bytes that were attached.
    assert attachments.attachment_content(c.db, c.actor, attachment_id, now=FIXED_NOW) == PDF


@pytest.mark.parametrize(
    ("name", "content", "fmt"), [("同意书.png", scan("PNG"), "PNG"), ("同意书.jpg", scan("JPEG"), "JPEG")]
)
def test_a_saved_picture_copy_is_watermarked_and_keeps_its_format_and_size(
    sessions: dict[Role, Session], tmp_path: Path, name: str, content: bytes, fmt: str
) -> None:
    c = sessions[Role.COUNSELOR]
    attachment_id = _attached(sessions, tmp_path / name, content)
    target = tmp_path / f"副本-{name}"
    saved = attachments.save_attachment_copy(c.db, c.actor, attachment_id, target, reason="家长要求", now=FIXED_NOW)
    written = target.read_bytes()
    assert written != content and saved.sha256 == hashlib.sha256(written).hexdigest()
    _audited_export(c, saved.sha256)
    copy = decoded(written)
    assert copy.format == fmt and copy.size == decoded(content).size
    assert attachments.attachment_content(c.db, c.actor, attachment_id, now=FIXED_NOW) == content


def test_a_copy_that_cannot_carry_the_watermark_is_not_saved(sessions: dict[Role, Session], tmp_path: Path) -> None:
    c = sessions[Role.COUNSELOR]
    attachment_id = _attached(sessions, tmp_path / "来函.pdf", BROKEN_PDF)
    folder = tmp_path / "chosen"
    folder.mkdir()
    with pytest.raises(ValidationError, match=r"无法保存“来函\.pdf”的副本"):
        attachments.save_attachment_copy(
            c.db, c.actor, attachment_id, folder / "副本.pdf", reason="转介", now=FIXED_NOW
        )
    assert list(folder.iterdir()) == []  # no file, not even a partial one
    assert c.db.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'exported'").fetchone()[0] == 0


def _attached(sessions: dict[Role, Session], path: Path, content: bytes) -> int:
    c = sessions[Role.COUNSELOR]
    case_id = counselors_case(sessions)
    path.write_bytes(content)
    attachments.attach_file(c.db, c.actor, case_id, path, kind="医院来函", now=FIXED_NOW)
    path.unlink()
    return max(a.id for a in attachments.case_attachments(c.db, c.actor, case_id, now=FIXED_NOW))


def _audited_export(session: Session, sha256: str) -> str:
    """The export's audit row names the digest of the file written; returns the export number."""
    reason, detail = session.db.conn.execute(
        "SELECT reason, detail FROM audit_log WHERE action = 'exported' ORDER BY seq DESC"
    ).fetchone()
    assert reason and f"sha256 {sha256} 编号 " in detail
    return str(detail).rpartition("编号 ")[2]


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
