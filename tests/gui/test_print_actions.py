"""The print buttons as a teacher uses them: 打印预约单… in an appointment's details, 打印日程表…
on the 预约 page (today unless another day is picked), 打印门贴… on the 值班 page (本学期 or a
month). The PrintJob the service built is captured where it would go to print_job; then the real
print path runs below its dialogs, and the audit row (PRINTED or EXPORTED) is there."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, QSizeF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QAbstractPrintDialog
from pytestqt.qtbot import QtBot

from counselroom.domain.audit import AuditAction
from counselroom.domain.roles import Role
from counselroom.gui import service_runner
from counselroom.gui.pages.appointments_page import AppointmentsPage
from counselroom.gui.pages.duty_page import DutyPage
from counselroom.gui.printing import print_preview
from counselroom.gui.printing.print_actions import DaySheetDialog, DoorRotaDialog, term_for
from counselroom.gui.service_runner import ServiceRunner
from counselroom.services.accounts.session import Session
from counselroom.services.printing import printouts
from counselroom.services.printing.print_jobs import PrintJob
from counselroom.services.scheduling import appointments
from counselroom.services.school.school_calendar import Term
from counselroom.system import clock
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.gui.dialogs import answer_dialog
from tests.gui.printer import printer_picked, printer_reached
from tests.reports.pdf_checks import page_sizes_mm, page_texts
from tests.services.appointment_data import Scheduling, at, book, only_id, set_up_scheduling
from tests.services.duty_data import add_duty_school, first_term_id, publish_first_term


@dataclass
class Captured:
    jobs: list[PrintJob] = field(default_factory=list)

    @property
    def last(self) -> PrintJob:
        assert self.jobs, "print_job was not called"
        return self.jobs[-1]

    @property
    def text(self) -> str:
        return "".join(page_texts(self.last.pdf))


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW)


@pytest.fixture(autouse=True)
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(service_runner, "show_error", lambda _parent, error: shown.append(str(error)))
    return shown


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> Captured:
    """print_job replaced: the job it was given is kept, nothing is printed or audited."""
    found = Captured()

    def fake(parent: object, job: PrintJob, **kwargs: Any) -> bool:
        found.jobs.append(job)
        return True

    monkeypatch.setattr(print_preview, "print_job", fake)
    return found


def last_audit(session: Session) -> tuple[str, str, str, str]:
    row = session.db.conn.execute(
        "SELECT action, object_type, object_id, reason FROM audit_log ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    return str(row[0]), str(row[1]), str(row[2]), str(row[3])


# --- 预约 ------------------------------------------------------------------------------------------


@pytest.fixture
def setup(sessions: dict[Role, Session]) -> Scheduling:
    return set_up_scheduling(sessions)


@pytest.fixture
def page(
    qtbot: QtBot, school: SchoolFixture, sessions: dict[Role, Session], setup: Scheduling
) -> Iterator[AppointmentsPage]:
    shown = AppointmentsPage(ServiceRunner(sessions[Role.COUNSELOR], school.keys))
    qtbot.addWidget(shown)
    shown.resize(1200, 800)
    yield shown


def click_print_slip(page: AppointmentsPage, appointment_id: int) -> None:
    page.flows.open_details(appointment_id)
    details = page.flows.details
    assert details is not None
    button = details.action_buttons["打印预约单…"]
    assert button.isEnabled()
    button.click()


def test_the_slip_is_printed_from_the_details_without_the_student(
    page: AppointmentsPage, sessions: dict[Role, Session], setup: Scheduling, captured: Captured, errors: list[str]
) -> None:
    counselor = sessions[Role.COUNSELOR]
    book(counselor, setup, at(10), note="张晓明的家长陪同")
    appointment_id = only_id(counselor, at(10))
    click_print_slip(page, appointment_id)
    assert errors == []
    job = captured.last
    assert (job.title, job.object_type, job.object_id) == (
        "预约单 2025-10-14 10:00",
        "appointment",
        str(appointment_id),
    )
    assert not job.names_students
    assert page_sizes_mm(job.pdf) == [(105, 148)]
    text = captured.text
    assert "2025年10月14日 周二" in text and "10:00–10:50" in text and "12356" in text
    assert "张晓明" not in text and "初一" not in text and "个别辅导室一" in text


def test_a_cancelled_appointment_offers_no_slip(
    page: AppointmentsPage, sessions: dict[Role, Session], setup: Scheduling
) -> None:
    counselor = sessions[Role.COUNSELOR]
    book(counselor, setup, at(10))
    appointment_id = only_id(counselor, at(10))
    appointments.cancel_appointment(counselor.db, counselor.actor, appointment_id, reason="学生考试", now=FIXED_NOW)
    page.flows.open_details(appointment_id)
    assert page.flows.details is not None
    assert not page.flows.details.action_buttons["打印预约单…"].isEnabled()
    page.flows.details.close()


def pick_day(day: date) -> Callable[[DaySheetDialog], None]:
    def fill(dialog: DaySheetDialog) -> None:
        assert dialog.day.date().toPython() == FIXED_NOW.date(), "today unless changed"
        assert dialog.counselor.currentText() == "王老师", "the counselor on screen"
        dialog.day.setDate(QDate(day.year, day.month, day.day))
        dialog.buttons.accepted.emit()

    return fill


def test_the_day_sheet_button_prints_the_chosen_day(
    page: AppointmentsPage, sessions: dict[Role, Session], setup: Scheduling, captured: Captured, errors: list[str]
) -> None:
    counselor = sessions[Role.COUNSELOR]
    book(counselor, setup, at(14), student_ids=[2])
    book(counselor, setup, at(9), student_ids=[1])
    answer_dialog(DaySheetDialog, pick_day(at(9).date()))  # type: ignore[arg-type]
    page.day_sheet_button.click()
    assert errors == []
    job = captured.last
    assert (job.title, job.object_type, job.object_id, job.names_students) == (
        "日程表 2025-10-14 王老师",
        "day_sheet",
        f"2025-10-14/{setup.counselor}",
        True,
    )
    text = captured.text
    assert "2025年10月14日 周二" in text and "内部资料 注意保密" in text
    assert text.index("张晓明") < text.index("李雨涵"), "09:00 before 14:00"


def test_cancelling_the_day_dialog_prints_nothing(page: AppointmentsPage, captured: Captured) -> None:
    answer_dialog(DaySheetDialog, lambda d: d.reject())
    page.day_sheet_button.click()
    assert captured.jobs == []


def test_a_day_sheet_is_saved_through_the_real_path_and_audited_as_an_export(
    monkeypatch: pytest.MonkeyPatch,
    page: AppointmentsPage,
    sessions: dict[Role, Session],
    setup: Scheduling,
    tmp_path: Path,
    errors: list[str],
) -> None:
    """A document that cannot be rendered (pretended so): save as PDF, after the EXPORTED row, with the reason asked."""
    book(sessions[Role.COUNSELOR], setup, at(9))
    target = tmp_path / "chosen" / "日程表.pdf"
    target.parent.mkdir()
    asked: list[str] = []
    monkeypatch.setattr(print_preview, "render_pages", lambda pdf: None)
    monkeypatch.setattr(print_preview, "confirm_save", lambda _p, names, _why: asked.append(f"confirm {names}") or True)
    monkeypatch.setattr(print_preview, "ask_reason", lambda _p, _s: asked.append("reason") or "打印当日日程")
    monkeypatch.setattr(print_preview, "ask_path", lambda _p, _s: str(target))
    monkeypatch.setattr(print_preview, "saved_notice", lambda _p, _path: None)
    answer_dialog(DaySheetDialog, pick_day(at(9).date()))  # type: ignore[arg-type]
    page.day_sheet_button.click()
    assert errors == [] and asked == ["confirm True", "reason"]
    pdf = target.read_bytes()
    assert "张晓明" in "".join(page_texts(pdf))
    action, object_type, object_id, reason = last_audit(sessions[Role.ADMIN])
    assert (action, object_type, object_id) == (
        AuditAction.EXPORTED.value,
        "day_sheet",
        f"2025-10-14/{setup.counselor}",
    )
    assert reason == "日程表 2025-10-14 王老师：打印当日日程"
    detail = sessions[Role.ADMIN].db.conn.execute("SELECT detail FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    assert detail[0].startswith("编号 "), "a named copy carries its export id"
    assert detail[0].partition("，")[2] == f"SHA-256 {hashlib.sha256(pdf).hexdigest()} → {target}", "the bytes written"


def test_a_slip_goes_to_the_printer_after_the_printed_row(
    monkeypatch: pytest.MonkeyPatch,
    page: AppointmentsPage,
    sessions: dict[Role, Session],
    setup: Scheduling,
    errors: list[str],
) -> None:
    """Pages rendered in memory: the print dialog (answered) and the PRINTED row before painting."""
    counselor = sessions[Role.COUNSELOR]
    book(counselor, setup, at(10))
    appointment_id = only_id(counselor, at(10))
    painted: list[tuple[int, tuple[str, ...]]] = []
    options: list[tuple[object, bool]] = []
    a6 = QSizeF(297.64, 419.53)

    def paint(painter: QPainter, _printer: object, images: list[QImage]) -> None:
        painted.append((len(images), last_audit(counselor)[:3]))
        painter.end()

    monkeypatch.setattr(print_preview, "render_pages", lambda pdf: [(QImage(30, 42, QImage.Format.Format_RGB32), a6)])
    printer_picked(monkeypatch, options)
    printer_reached(monkeypatch)
    monkeypatch.setattr(print_preview, "paint_pages", paint)
    click_print_slip(page, appointment_id)
    assert errors == []
    assert painted == [(1, (AuditAction.PRINTED.value, "appointment", str(appointment_id)))], (
        "the PRINTED row is written before the pages are painted"
    )
    assert options == [(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)], "no unaudited print to file"


# --- 值班 ------------------------------------------------------------------------------------------


@pytest.fixture
def duty_sessions(school: SchoolFixture) -> Iterator[dict[Role, Session]]:
    add_duty_school(school.admin)
    found = {role: school.sign_in(role.value) for role in (Role.LEAD, Role.PRINCIPAL)}
    publish_first_term(found[Role.LEAD])
    yield found
    for session in found.values():
        session.db.close()


def duty_page(qtbot: QtBot, school: SchoolFixture, session: Session) -> DutyPage:
    shown = DutyPage(ServiceRunner(session, school.keys))
    qtbot.addWidget(shown)
    return shown


def test_the_principal_prints_a_month_of_the_door_roster(
    qtbot: QtBot, school: SchoolFixture, duty_sessions: dict[Role, Session], captured: Captured, errors: list[str]
) -> None:
    page = duty_page(qtbot, school, duty_sessions[Role.PRINCIPAL])
    page.year, page.month = 2026, 10
    page.refresh()

    def month(dialog: DoorRotaDialog) -> None:
        assert dialog.term_choice.isChecked() and "2026-2027学年第一学期" in dialog.term_choice.text()
        assert dialog.month_choice.text() == "所显示的月份（2026年10月）"
        dialog.month_choice.setChecked(True)
        dialog.buttons.accepted.emit()

    answer_dialog(DoorRotaDialog, month)  # type: ignore[arg-type]
    page.door_button.click()
    assert errors == []
    job = captured.last
    assert (job.title, job.object_type, job.object_id) == ("值班表 2026年10月", "duty_roster", "2026-10")
    assert page_sizes_mm(job.pdf) == [(210, 297)]
    text = captured.text
    for expected in ("心理辅导室值班表", "2026年10月", "国庆节", "12355", "12356", "966525", "地点：心理辅导室"):
        assert expected in text, expected


def test_the_lead_prints_the_term_roster_through_the_real_path(
    monkeypatch: pytest.MonkeyPatch,
    qtbot: QtBot,
    school: SchoolFixture,
    duty_sessions: dict[Role, Session],
    tmp_path: Path,
    errors: list[str],
) -> None:
    lead = duty_sessions[Role.LEAD]
    target = tmp_path / "chosen" / "值班表.pdf"
    target.parent.mkdir()
    asked: list[str] = []
    monkeypatch.setattr(print_preview, "render_pages", lambda pdf: None)
    monkeypatch.setattr(print_preview, "confirm_save", lambda _p, names, _why: asked.append(f"confirm {names}") or True)
    monkeypatch.setattr(print_preview, "ask_reason", lambda _p, _s: asked.append("reason") or "不该问")
    monkeypatch.setattr(print_preview, "ask_path", lambda _p, _s: str(target))
    monkeypatch.setattr(print_preview, "saved_notice", lambda _p, _path: None)
    page = duty_page(qtbot, school, lead)
    answer_dialog(DoorRotaDialog, lambda d: d.buttons.accepted.emit())  # 本学期 is the default
    page.door_button.click()
    assert errors == [] and asked == ["confirm False"], "no student data: no reason asked"
    text = "".join(page_texts(target.read_bytes()))
    assert "2026-2027学年第一学期" in text and "12356" in text and "国庆节" in text
    action, object_type, object_id, reason = last_audit(lead)
    assert (action, object_type, object_id) == (
        AuditAction.EXPORTED.value,
        "duty_roster",
        f"term-{first_term_id(lead)}",
    )
    assert reason == f"值班表 2026-2027学年第一学期：{printouts.NO_STUDENT_DATA_REASON}"


def test_the_term_offered_is_this_one_else_the_one_on_screen_else_the_next() -> None:
    terms = [
        Term(1, "2025-2026-1", "一", date(2025, 9, 1), date(2026, 1, 16), False),
        Term(2, "2025-2026-2", "二", date(2026, 2, 23), date(2026, 7, 10), False),
    ]
    assert term_for(terms, date(2025, 10, 13), date(2026, 3, 1)).id == 1  # type: ignore[union-attr]
    assert term_for(terms, date(2026, 1, 30), date(2026, 3, 1)).id == 2  # type: ignore[union-attr]
    assert term_for(terms, date(2026, 1, 30), date(2026, 1, 1)).id == 1  # type: ignore[union-attr]
    assert term_for(terms, date(2026, 8, 1), date(2026, 8, 1)) is None


def test_the_door_button_is_there_for_every_role(
    qtbot: QtBot, school: SchoolFixture, duty_sessions: dict[Role, Session]
) -> None:
    for session in (*duty_sessions.values(), school.admin):
        page = duty_page(qtbot, school, session)
        page.show()
        assert page.door_button.isVisible() and page.door_button.text() == "打印门贴…"
        page.close()
