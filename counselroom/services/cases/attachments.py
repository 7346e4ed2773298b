"""Attachments to a case (issue #10 item 7): scanned consent forms and hospital letters — PDF,
JPG or PNG, at most 10 MB — kept encrypted inside the care store. They are shown inside the
program from memory; saving a copy out is an export: a stated reason, a visible watermark on the
copy (who, role, when, why, an export number — SECURITY.md 12), audited with the SHA-256 of the
bytes written. The stored original is never changed."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from counselroom.domain.audit import AuditAction
from counselroom.domain.cases.access import may_read_case
from counselroom.domain.cases.case_rules import CaseAction, CaseStatus, allowed_case_actions
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import NotFound, ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.visible_text import visible
from counselroom.services.accounts.session import Changes
from counselroom.services.cases.cases import NO_ACCESS, _access_of
from counselroom.services.guard import authorize, deny
from counselroom.services.printing.saved_files import SavedFile, save_audited, sha256_of
from counselroom.store import audit_log
from counselroom.store.cases import attachments as store
from counselroom.store.cases import cases as case_store
from counselroom.store.connection import Connection
from counselroom.store.database import Database

MAX_BYTES = 10 * 1024 * 1024
KINDS = ("知情同意书", "医院来函", "其他")
# What the first bytes say a file is: the name's extension may lie.
_MAGIC = ((b"%PDF-", "application/pdf"), (b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"))


@dataclass(frozen=True)
class Attachment:
    id: int
    case_id: int
    kind: str
    file_name: str
    mime: str
    size: int
    added_at: str


def attach_file(db: Database, actor: Actor, case_id: int, path: Path, *, kind: str, now: datetime) -> Changes:
    """Read the file into the care store; nothing of it stays anywhere else."""
    authorize(db, actor, Permission.WRITE_CASES, now=now, object_type="case", object_id=case_id)
    _require(db, actor, case_id, CaseAction.WRITE, now)
    if kind not in KINDS:
        raise ValidationError(f"附件类别请选：{'、'.join(KINDS)}", field="类别")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ValidationError(
                f"文件“{visible(path.name)}”超过 {MAX_BYTES // 1024 // 1024} MB，请压缩或分页扫描后再添加"
            )
        content = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"无法读取文件“{visible(path.name)}”：{exc.strerror or exc}") from exc
    mime = next((m for magic, m in _MAGIC if content.startswith(magic)), None)
    if mime is None or not content:
        raise ValidationError(f"“{visible(path.name)}”不是 PDF、JPG 或 PNG 文件，只能添加这三种扫描件")
    with db.transaction() as conn:
        attachment_id = store.insert(
            conn, case_id, kind=kind, file_name=visible(path.name)[:200], mime=mime, content=content,
            sha256=sha256_of(content), added_by=actor.user_id, now=now,
        )  # fmt: skip
        audit_log.append(
            conn, at=now, actor=actor, action=AuditAction.CASE_CHANGED, object_type="attachment",
            object_id=attachment_id, detail="添加附件",
        )  # fmt: skip
    return Changes.of(ChangeKind.CASES, summary=f"已添加附件“{visible(path.name)}”")


def case_attachments(db: Database, actor: Actor, case_id: int, *, now: datetime) -> list[Attachment]:
    authorize(db, actor, Permission.READ_ASSIGNED_CASES, now=now, object_type="case", object_id=case_id)
    _require(db, actor, case_id, CaseAction.VIEW, now)
    return [
        Attachment(a.id, a.case_id, a.kind, a.file_name, a.mime, a.size, a.added_at)
        for a in store.of_case(db.conn, case_id)
    ]


def attachment_content(db: Database, actor: Actor, attachment_id: int, *, now: datetime) -> bytes:
    """The bytes, for showing inside the program (never written to a file); audited."""
    row = _readable(db, actor, attachment_id, now)
    with db.transaction() as conn:
        audit_log.append(
            conn, at=now, actor=actor, action=AuditAction.CASE_OPENED, object_type="attachment", object_id=row.id
        )
    return store.content_of(db.conn, row.id)


def save_attachment_copy(
    db: Database, actor: Actor, attachment_id: int, target: Path, *, reason: str, now: datetime
) -> SavedFile:
    """保存副本 is an export: it needs a reason; the copy carries a watermark (the stored original
    does not change) and is audited with the SHA-256 of the watermarked bytes actually written."""
    row = _readable(db, actor, attachment_id, now)
    why = reason.strip()
    if not why:
        raise ValidationError("保存副本需写明理由（如：转介时交医院）", field="理由")
    export_id = secrets.token_hex(4).upper()  # on the copy and in the audit row: a found copy is traced
    # pypdf and reportlab load at the first copy saved, not with the 个案 page (0.25 s).
    from counselroom.reports.watermark import WatermarkError, watermark

    try:
        data = watermark(store.content_of(db.conn, row.id), row.mime, _watermark_line(actor, why, export_id, now))
    except WatermarkError as exc:  # fail closed: no copy leaves without its mark
        raise ValidationError(f"无法保存“{row.file_name}”的副本：{exc}。") from exc

    def audit(conn: Connection, saved: SavedFile) -> None:
        audit_log.append(
            conn, at=now, actor=actor, action=AuditAction.EXPORTED, object_type="attachment", object_id=row.id,
            reason=why[:500], detail=f"sha256 {saved.sha256} 编号 {export_id}",
        )  # fmt: skip

    return save_audited(db, target, data, audit)


def _watermark_line(actor: Actor, reason: str, export_id: str, now: datetime) -> str:
    """What a saved copy says about itself: who (and as what), when, why, which export."""
    why = " ".join(visible(reason).split())[:40]
    return (
        f"导出：{actor.display_name}（{actor.role.label}） {now:%Y-%m-%d %H:%M} 用途：{why}"
        f" 编号 {export_id} · 心理辅导室工作台"
    )


def _readable(db: Database, actor: Actor, attachment_id: int, now: datetime) -> store.AttachmentRow:
    authorize(db, actor, Permission.READ_ASSIGNED_CASES, now=now, object_type="attachment", object_id=attachment_id)
    row = store.get(db.conn, attachment_id)
    if row is None or not may_read_case(actor, _access_of(db, row.case_id)):
        deny(db, actor, NO_ACCESS, now=now, object_type="attachment", object_id=attachment_id)
    assert row is not None
    return row


def _require(db: Database, actor: Actor, case_id: int, action: CaseAction, now: datetime) -> None:
    case = case_store.get_case(db.conn, case_id)
    if case is None:
        deny(db, actor, NO_ACCESS, now=now, object_type="case", object_id=case_id)
        raise NotFound(NO_ACCESS)  # pragma: no cover — deny raises
    if action not in allowed_case_actions(CaseStatus(case.status), actor, _access_of(db, case_id)):
        deny(db, actor, NO_ACCESS if action is CaseAction.VIEW else f"此个案当前不能{action.value}", now=now,
             object_type="case", object_id=case_id)  # fmt: skip
