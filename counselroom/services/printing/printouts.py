"""Printing is audited (SPEC §1, SECURITY.md 9 and 12): one row per print or saved PDF, with the
document's SHA-256 so a sheet found later can be matched to who produced it and when.

The caller has already built the document through a service that checked the actor may read
its content (the day's appointments, the roster); these functions record the act of putting it
on paper. Any signed-in role may print — a principal pinning the door roster is fine.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime

from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.services.accounts.session import Changes
from counselroom.services.guard import authorize
from counselroom.store import audit_log
from counselroom.store.database import Database

_SHA256 = re.compile(r"[0-9a-f]{64}")


def pdf_digest(pdf: bytes) -> str:
    return hashlib.sha256(pdf).hexdigest()


def record_print(
    db: Database, actor: Actor, *, what: str, object_type: str, object_id: str, digest: str, now: datetime
) -> Changes:
    """Audit a document sent to the printer; call before it is sent, so no print goes unrecorded."""
    authorize(db, actor, Permission.SIGN_IN, now=now, object_type=object_type, object_id=object_id)
    _check(what, digest)
    with db.transaction() as conn:
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.PRINTED,
            object_type=object_type,
            object_id=object_id,
            reason=what,
            detail=f"SHA-256 {digest}",
        )
    return Changes.of(ChangeKind.AUDIT, summary=f"已打印：{what}")


def record_pdf_saved(
    db: Database,
    actor: Actor,
    *,
    what: str,
    object_type: str,
    object_id: str,
    digest: str,
    reason: str,
    file_name: str,
    now: datetime,
) -> Changes:
    """Audit a printout saved as an (unencrypted) PDF file — an export, so it needs a stated reason."""
    authorize(db, actor, Permission.SIGN_IN, now=now, object_type=object_type, object_id=object_id)
    _check(what, digest)
    if not reason.strip():
        raise ValidationError("请写明另存为 PDF 的原因", field="原因")
    with db.transaction() as conn:
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.EXPORTED,
            object_type=object_type,
            object_id=object_id,
            reason=f"{what}：{reason.strip()}",
            detail=f"SHA-256 {digest} → {file_name}",
        )
    return Changes.of(ChangeKind.AUDIT, summary=f"已另存为 PDF：{what}")


def _check(what: str, digest: str) -> None:
    if not what.strip():
        raise ValidationError("请说明打印的是什么", field="内容")
    if not _SHA256.fullmatch(digest):
        raise ValidationError("文件摘要应为 64 位十六进制 SHA-256", field="摘要")
