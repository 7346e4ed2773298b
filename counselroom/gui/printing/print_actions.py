"""The print buttons of the 预约 and 值班 pages: ask the service for the document (a PrintJob,
built inside services/printing), then hand it to the print path (print_preview.print_job).

- 打印预约单… (appointment details): the slip — time and place only, no student data.
- 打印日程表… (预约 page): one counselor's day — names students, so the save route warns and
  asks for a reason (names_students=True).
- 打印门贴… (值班 page): the door roster of this term or of a month, with the hotlines.
- 个案分析报告 (个案 page): one case for a case conference or 专家会诊 — for those who may read the
  case; names the student, so saving it asks for a reason.

The PDF is built on the worker thread (its own connection) behind a progress window, so the
window keeps repainting. Each builder checks who may read the content; print_job has the service record the print (or
write and record the saved file) before anything goes out. The pages only call the `*_from_page`
and `print_*` entries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QButtonGroup, QComboBox, QRadioButton, QWidget

from counselroom.gui.care.warning_dialogs import date_field, picked_date
from counselroom.gui.printing import print_preview
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.session.account_dialogs import FormDialog
from counselroom.services.printing import print_jobs
from counselroom.services.printing.print_jobs import PrintJob
from counselroom.services.scheduling.appointment_views import CounselorChoice
from counselroom.services.school import school_calendar
from counselroom.services.school.school_calendar import Term
from counselroom.system import clock

if TYPE_CHECKING:
    from counselroom.gui.pages.appointments_page import AppointmentsPage
    from counselroom.gui.pages.duty_page import DutyPage


# -- the documents ---------------------------------------------------------------------------------
def print_slip(parent: QWidget | None, runner: ServiceRunner, appointment_id: int) -> bool:
    job = runner.run_in_worker(print_jobs.appointment_slip_job, appointment_id, label="正在生成预约单…", parent=parent)
    return job is not None and print_preview.print_job(parent, job, runner=runner)


def print_day_sheet(parent: QWidget | None, runner: ServiceRunner, *, day: date, counselor_id: int) -> bool:
    job = runner.run_in_worker(
        print_jobs.day_sheet_job, day=day, counselor_id=counselor_id, label="正在生成日程表…", parent=parent
    )
    return job is not None and print_preview.print_job(parent, job, runner=runner)


def print_door_rota(
    parent: QWidget | None,
    runner: ServiceRunner,
    *,
    term_id: int | None = None,
    year: int | None = None,
    month: int | None = None,
) -> bool:
    job = runner.run_in_worker(
        print_jobs.door_rota_job, term_id=term_id, year=year, month=month, label="正在生成值班表…", parent=parent
    )
    return job is not None and print_preview.print_job(parent, job, runner=runner)


def print_case_report(parent: QWidget | None, runner: ServiceRunner, case_id: int) -> bool:
    """个案分析报告 of one case: built by the service (which refuses, audited, whoever may not read the
    case), then printed — or saved as PDF with a reason — through the print path. False when refused
    or cancelled. The one call the 个案 page needs."""
    job = runner.run_in_worker(print_jobs.case_report_job, case_id, label="正在生成个案分析报告…", parent=parent)
    return job is not None and print_preview.print_job(parent, job, runner=runner)


def print_built(
    parent: QWidget | None, runner: ServiceRunner, builder: Callable[..., PrintJob], *ids: int, label: str
) -> bool:
    """Any other document whose builder takes (db, actor, record id, now): the 转介单, 家长告知书,
    复学评估表, 危机事件处置记录 and 保密例外告知书. The builder checks who may read the record."""
    job = runner.run_in_worker(builder, *ids, label=label, parent=parent)
    return job is not None and print_preview.print_job(parent, job, runner=runner)


# -- choosing what to print ----------------------------------------------------------------------
class DaySheetDialog(FormDialog):
    """Which day (today unless changed) and whose day."""

    def __init__(
        self, counselors: Sequence[CounselorChoice], counselor_id: int, day: date, parent: QWidget | None = None
    ):
        super().__init__("打印日程表", "日程表列出学生姓名，属内部资料：打印后请妥善保管，用完销毁。", parent)
        self.day = date_field(day)
        self.counselor = QComboBox()
        for c in counselors:
            self.counselor.addItem(c.name, c.id)
        if self.counselor.findData(counselor_id) >= 0:
            self.counselor.setCurrentIndex(self.counselor.findData(counselor_id))
        self.form.addRow("日期", self.day)
        self.form.addRow("老师", self.counselor)

    def check(self) -> str:
        return "" if self.counselor.currentData() is not None else "请选择老师"

    def values(self) -> dict[str, object]:
        return {"day": picked_date(self.day), "counselor_id": int(self.counselor.currentData())}


class DoorRotaDialog(FormDialog):
    """本学期 (a weekly table when the weeks repeat) or one month (a month grid)."""

    def __init__(self, term: Term | None, year: int, month: int, this_month: bool, parent: QWidget | None = None):
        super().__init__(
            "打印门贴", "值班表贴在辅导室门口：只有老师姓名、开放时间和心理援助热线，不含学生信息。", parent
        )
        self.term, self.year, self.month = term, year, month
        self.term_choice = QRadioButton(f"本学期（{term.label}）" if term else "本学期（尚未设置学期）")
        self.term_choice.setEnabled(term is not None)
        self.month_choice = QRadioButton(f"{'本月' if this_month else '所显示的月份'}（{year}年{month}月）")
        group = QButtonGroup(self)
        group.addButton(self.term_choice)
        group.addButton(self.month_choice)
        (self.term_choice if term else self.month_choice).setChecked(True)
        self.form.addRow("范围", self.term_choice)
        self.form.addRow("", self.month_choice)

    def values(self) -> dict[str, object]:
        if self.term_choice.isChecked() and self.term is not None:
            return {"term_id": self.term.id}
        return {"year": self.year, "month": self.month}


def term_for(terms: Sequence[Term], today: date, shown: date) -> Term | None:
    """This term; outside every term, the one of the month on screen, else the next to come."""
    for wanted in (today, shown):
        found = next((t for t in terms if t.start <= wanted <= t.end), None)
        if found is not None:
            return found
    coming = sorted((t for t in terms if t.start > today), key=lambda t: t.start)
    return coming[0] if coming else None


# -- the pages' buttons ----------------------------------------------------------------------------
def day_sheet_from_page(page: AppointmentsPage) -> bool:
    """打印日程表…: the counselor on screen (or oneself), today unless another day is picked."""
    chosen = page.filter_choice()
    counselor_id = chosen[1] if chosen and chosen[0] == "counselor" else int(page.runner.actor.user_id)
    dialog = DaySheetDialog(page.counselors, counselor_id, clock.now().date(), page)
    if not dialog.exec():
        return False
    values = dialog.values()
    return print_day_sheet(page, page.runner, day=values["day"], counselor_id=values["counselor_id"])  # type: ignore[arg-type]


def door_rota_from_page(page: DutyPage) -> bool:
    """打印门贴…: this term or the month on screen."""
    today = clock.now().date()
    terms = page.runner.call(school_calendar.list_terms, parent=page) or []
    term = term_for(terms, today, date(page.year, page.month, 1))
    this_month = (page.year, page.month) == (today.year, today.month)
    dialog = DoorRotaDialog(term, page.year, page.month, this_month, page)
    if not dialog.exec():
        return False
    return print_door_rota(page, page.runner, **dialog.values())  # type: ignore[arg-type]
