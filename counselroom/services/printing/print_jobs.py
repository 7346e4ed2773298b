"""The printouts built as documents, inside the service: the appointment slip (预约单), a
counselor's day sheet (日程表), the door roster (值班表), the 个案分析报告, and the forms of the referral
and crisis workflows (转介单, 家长告知书/知情同意书, 复学评估表, 危机事件处置记录, 保密例外告知单). Each
builder reads its data through print_data, case_report_data, referral_print_data, return_print_data
or incident_print_data (which check who may read it, and audit a refusal) and lays it out with the
reports layer; the result is a PrintJob — the PDF bytes and what the audit
row will say about them.

A PrintJob is not yet audited: putting it on paper (printouts.record_printed) or in a file
(printouts.save_pdf) is. The builders take (db, actor, ids, now) only, so a worker thread can
run them on its own connection."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from counselroom.domain.roles import Actor
from counselroom.reports.appointment_slip import build_slip
from counselroom.reports.case_report import build_case_report
from counselroom.reports.confidentiality_notice import build_confidentiality_notice
from counselroom.reports.day_sheet import build_day_sheet
from counselroom.reports.door_rota import build_door_rota
from counselroom.reports.guardian_consent import build_guardian_consent
from counselroom.reports.incident_record import build_incident_record
from counselroom.reports.referral_slip import build_referral_slip
from counselroom.reports.return_assessment import build_return_assessment
from counselroom.services.printing import (
    case_report_data,
    incident_print_data,
    print_data,
    referral_print_data,
    return_print_data,
)
from counselroom.services.printing.saved_files import sha256_of
from counselroom.store.database import Database


@dataclass(frozen=True)
class PrintJob:
    pdf: bytes = field(repr=False)  # a day sheet's bytes hold names: kept out of reprs and logs
    # 预约单 2025-10-14 10:00 — the audit row's reason, the print dialog's title, the file name offered.
    # The audit log is in the school store, which the principal and the admin read: never a student here.
    title: str
    object_type: str  # appointment / day_sheet / duty_roster / case / referral / student_return / incident …
    object_id: str
    names_students: bool = False  # the day sheet, the case report: saving it needs a stated reason

    @property
    def sha256(self) -> str:
        return sha256_of(self.pdf)


def appointment_slip_job(db: Database, actor: Actor, appointment_id: int, *, now: datetime) -> PrintJob:
    """The slip given to the student: when and where only (SCHEDULE_APPOINTMENTS)."""
    data = print_data.slip_data(db, actor, appointment_id, now=now)
    return PrintJob(build_slip(data), f"预约单 {data.start:%Y-%m-%d %H:%M}", "appointment", str(appointment_id))


def day_sheet_job(db: Database, actor: Actor, *, day: date, counselor_id: int, now: datetime) -> PrintJob:
    """One counselor's day, with students' names (SCHEDULE_APPOINTMENTS)."""
    data = print_data.day_sheet_data(db, actor, day=day, counselor_id=counselor_id, now=now)
    return PrintJob(
        build_day_sheet(data),
        f"日程表 {day:%Y-%m-%d} {data.counselor}",
        "day_sheet",
        f"{day.isoformat()}/{counselor_id}",
        names_students=True,
    )


def door_rota_job(
    db: Database,
    actor: Actor,
    *,
    now: datetime,
    term_id: int | None = None,
    year: int | None = None,
    month: int | None = None,
) -> PrintJob:
    """The door roster of a term, or of a month (year and month); teachers' names only (VIEW_SCHOOL)."""
    data = print_data.door_rota_pdf_data(db, actor, now=now, term_id=term_id, year=year, month=month)
    object_id = f"term-{term_id}" if term_id is not None else f"{year}-{month or 0:02d}"
    return PrintJob(build_door_rota(data), f"值班表 {data.period_label}", "duty_roster", object_id)


def case_report_job(db: Database, actor: Actor, case_id: int, *, now: datetime) -> PrintJob:
    """个案分析报告 for a case conference or 专家会诊: the lead, or a counselor the case is assigned or
    shared to (the one access rule, through case_report_data). Its title carries the case number,
    not the student: it goes into the audit row and the offered file name."""
    data = case_report_data.case_report_data(db, actor, case_id, now=now)
    return PrintJob(build_case_report(data), f"个案分析报告 个案{case_id}", "case", str(case_id), names_students=True)


# -- the forms of the referral and crisis workflows (issue #11 item 6) ------------------------------
# Titles and object ids carry record numbers, never a student: they go into the school store's audit.
def referral_slip_job(db: Database, actor: Actor, referral_id: int, *, now: datetime) -> PrintJob:
    """转介单 for the partner: only the fields it needs, once the guardian has consented."""
    data = referral_print_data.referral_slip_data(db, actor, referral_id, now=now)
    return PrintJob(build_referral_slip(data), f"转介单 转介{referral_id}", "referral", str(referral_id), True)


def guardian_consent_job(db: Database, actor: Actor, referral_id: int, *, now: datetime) -> PrintJob:
    """家长告知书 with the 知情同意书 to sign and return."""
    data = referral_print_data.guardian_consent_data(db, actor, referral_id, now=now)
    title = f"家长告知书 转介{referral_id}"
    return PrintJob(build_guardian_consent(data), title, "referral", str(referral_id), True)


def return_assessment_job(db: Database, actor: Actor, return_id: int, *, now: datetime) -> PrintJob:
    """复学评估表 for the student's file."""
    data = return_print_data.return_assessment_data(db, actor, return_id, now=now)
    title = f"复学评估表 复学{return_id}"
    return PrintJob(build_return_assessment(data), title, "student_return", str(return_id), True)


def incident_record_job(db: Database, actor: Actor, incident_id: int, *, now: datetime) -> PrintJob:
    """危机事件处置记录 for the file (一校一案)."""
    data = incident_print_data.incident_record_data(db, actor, incident_id, now=now)
    title = f"危机事件处置记录 事件{incident_id}"
    return PrintJob(build_incident_record(data), title, "incident", str(incident_id), True)


def confidentiality_notice_job(db: Database, actor: Actor, exception_id: int, *, now: datetime) -> PrintJob:
    """保密例外告知单 for the people told."""
    data = incident_print_data.confidentiality_notice_data(db, actor, exception_id, now=now)
    title = f"保密例外告知单 第{exception_id}号"
    return PrintJob(build_confidentiality_notice(data), title, "confidentiality_exception", str(exception_id), True)
