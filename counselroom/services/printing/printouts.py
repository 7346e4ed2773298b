"""Printing is audited (SPEC §1, SECURITY.md 9 and 12): one row per print or saved PDF, with the
SHA-256 of the document's bytes, so a sheet found later can be matched to who produced it and when.

One path for the GUI and the command line: a print_jobs builder makes the document (checking who
may read its content), then
- record_printed audits it just before it goes to the printer (the GUI paints it after), or
- save_pdf writes it — atomically, beside its target — and audits it with the digest of the bytes
  written (saved_files.save_audited). A saved file leaves the encrypted store: an export.
The save_*_pdf functions do both steps in one call (for the CLI and a worker thread).

Who may: whoever could build the document may print or save it — a principal pinning the door
roster is fine; the slip and the day sheet are for counselors and the lead, the 个案分析报告 and the
referral and crisis forms for those who may read the record. The day sheet, the case report and
those forms name students, so saving them needs a stated reason; the others get a standard one.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime
from pathlib import Path

from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import ValidationError
from counselroom.domain.exports.export_document import watermark_line
from counselroom.domain.roles import Actor, Permission
from counselroom.reports.watermark import PDF, WatermarkError, watermark
from counselroom.services.accounts.session import Changes
from counselroom.services.guard import authorize
from counselroom.services.printing import print_jobs
from counselroom.services.printing.print_jobs import PrintJob
from counselroom.services.printing.saved_files import SavedFile, save_exported
from counselroom.store import audit_log
from counselroom.store.database import Database

NO_STUDENT_DATA_REASON = "另存为 PDF 以便打印（不含学生信息）"


def record_printed(db: Database, actor: Actor, job: PrintJob, *, now: datetime) -> Changes:
    """Audit a document about to be sent to the printer: no print goes unrecorded."""
    authorize(db, actor, Permission.SIGN_IN, now=now, object_type=job.object_type, object_id=job.object_id)
    with db.transaction() as conn:
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.PRINTED,
            object_type=job.object_type,
            object_id=job.object_id,
            reason=job.title,
            detail=f"SHA-256 {job.sha256}",
        )
    return Changes.of(ChangeKind.AUDIT, summary=f"已打印：{job.title}")


def save_pdf(db: Database, actor: Actor, job: PrintJob, path: Path, *, now: datetime, reason: str = "") -> SavedFile:
    """Write the document to `path` and audit it as an export (the reason, the digest, the file)."""
    authorize(db, actor, Permission.SIGN_IN, now=now, object_type=job.object_type, object_id=job.object_id)
    why = _reason(job, reason)
    data, about = job.pdf, ""
    if job.names_students:  # a named document leaves the room: marked with its export id (SECURITY.md 12)
        export_id = secrets.token_hex(4).upper()
        line = watermark_line(actor.display_name, actor.role.label, now, export_id, why)
        try:
            data = watermark(job.pdf, PDF, line)
        except WatermarkError as exc:  # fail closed: no named copy leaves without its mark
            raise ValidationError(f"无法保存“{job.title}”：{exc}。") from exc
        about = f"编号 {export_id}，"
    reason = f"{job.title}：{why}"
    return save_exported(
        db, actor, path, data, object_type=job.object_type, object_id=job.object_id, reason=reason, about=about, now=now
    )


def _reason(job: PrintJob, reason: str) -> str:
    if reason.strip():
        return reason.strip()
    if job.names_students:
        raise ValidationError("此文件含学生姓名，请写明另存为 PDF 的原因", field="原因")
    return NO_STUDENT_DATA_REASON


# -- build and save in one call -------------------------------------------------------------------
def save_appointment_slip_pdf(
    db: Database, actor: Actor, appointment_id: int, path: Path, *, now: datetime, reason: str = ""
) -> SavedFile:
    job = print_jobs.appointment_slip_job(db, actor, appointment_id, now=now)
    return save_pdf(db, actor, job, path, now=now, reason=reason)


def save_day_sheet_pdf(
    db: Database, actor: Actor, path: Path, *, day: date, counselor_id: int, reason: str, now: datetime
) -> SavedFile:
    job = print_jobs.day_sheet_job(db, actor, day=day, counselor_id=counselor_id, now=now)
    return save_pdf(db, actor, job, path, now=now, reason=reason)


def save_case_report_pdf(
    db: Database, actor: Actor, case_id: int, path: Path, *, reason: str, now: datetime
) -> SavedFile:
    job = print_jobs.case_report_job(db, actor, case_id, now=now)
    return save_pdf(db, actor, job, path, now=now, reason=reason)


def save_referral_slip_pdf(
    db: Database, actor: Actor, referral_id: int, path: Path, *, reason: str, now: datetime
) -> SavedFile:
    job = print_jobs.referral_slip_job(db, actor, referral_id, now=now)
    return save_pdf(db, actor, job, path, now=now, reason=reason)


def save_guardian_consent_pdf(
    db: Database, actor: Actor, referral_id: int, path: Path, *, reason: str, now: datetime
) -> SavedFile:
    job = print_jobs.guardian_consent_job(db, actor, referral_id, now=now)
    return save_pdf(db, actor, job, path, now=now, reason=reason)


def save_return_assessment_pdf(
    db: Database, actor: Actor, return_id: int, path: Path, *, reason: str, now: datetime
) -> SavedFile:
    job = print_jobs.return_assessment_job(db, actor, return_id, now=now)
    return save_pdf(db, actor, job, path, now=now, reason=reason)


def save_incident_record_pdf(
    db: Database, actor: Actor, incident_id: int, path: Path, *, reason: str, now: datetime
) -> SavedFile:
    job = print_jobs.incident_record_job(db, actor, incident_id, now=now)
    return save_pdf(db, actor, job, path, now=now, reason=reason)


def save_confidentiality_notice_pdf(
    db: Database, actor: Actor, exception_id: int, path: Path, *, reason: str, now: datetime
) -> SavedFile:
    job = print_jobs.confidentiality_notice_job(db, actor, exception_id, now=now)
    return save_pdf(db, actor, job, path, now=now, reason=reason)


def save_door_rota_pdf(
    db: Database,
    actor: Actor,
    path: Path,
    *,
    now: datetime,
    term_id: int | None = None,
    year: int | None = None,
    month: int | None = None,
    reason: str = "",
) -> SavedFile:
    job = print_jobs.door_rota_job(db, actor, now=now, term_id=term_id, year=year, month=month)
    return save_pdf(db, actor, job, path, now=now, reason=reason)
