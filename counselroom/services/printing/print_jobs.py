"""The three printouts built as documents, inside the service: the appointment slip (预约单), a
counselor's day sheet (日程表) and the door roster (值班表). Each builder reads its data through
print_data (which checks who may read it, and audits a refusal) and lays it out with the reports
layer; the result is a PrintJob — the PDF bytes and what the audit row will say about them.

A PrintJob is not yet audited: putting it on paper (printouts.record_printed) or in a file
(printouts.save_pdf) is. The builders take (db, actor, ids, now) only, so a worker thread can
run them on its own connection."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from counselroom.domain.roles import Actor
from counselroom.reports.appointment_slip import build_slip
from counselroom.reports.day_sheet import build_day_sheet
from counselroom.reports.door_rota import build_door_rota
from counselroom.services.printing import print_data
from counselroom.services.printing.saved_files import sha256_of
from counselroom.store.database import Database


@dataclass(frozen=True)
class PrintJob:
    pdf: bytes = field(repr=False)  # a day sheet's bytes hold names: kept out of reprs and logs
    title: str  # 预约单 2025-10-14 10:00 — the audit row's reason, the print dialog's title
    object_type: str  # appointment / day_sheet / duty_roster
    object_id: str
    names_students: bool = False  # the day sheet: saving it needs a stated reason

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
