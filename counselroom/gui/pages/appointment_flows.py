"""What the 预约 page's buttons and calendar gestures do: book at a slot, register a walk-in, open
an appointment's details and act on them, move by drag or by 改期, the waitlist, the `.ics`
export. Refusals come back as text shown in place (the dialog's own error line, or the page's
message line for a drag) rather than only in a modal box."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog

from counselroom.domain.errors import CounselRoomError, SessionLocked
from counselroom.domain.scheduling.appointment_rules import AppointmentConflict, Conflict
from counselroom.domain.scheduling.appointments import AppointmentStatus, AppointmentType
from counselroom.domain.scheduling.open_slots import snap_into_period
from counselroom.domain.school.school_days import Period
from counselroom.gui.lazy_modules import print_actions
from counselroom.gui.scheduling.appointment_dialogs import (
    AppointmentDetailsDialog,
    CancelAppointmentDialog,
    ExportIcsDialog,
)
from counselroom.gui.scheduling.booking_dialog import BookingDialog, Values
from counselroom.gui.scheduling.waitlist_dialog import WaitlistDialog
from counselroom.gui.scheduling.week_layout import STEP_MINUTES
from counselroom.gui.service_runner import ServiceRunner
from counselroom.services.accounts.session import Changes
from counselroom.services.scheduling import appointment_views, appointments, ics_export, next_slot, waitlist
from counselroom.services.scheduling.appointment_views import AppointmentItem
from counselroom.services.scheduling.waitlist import WaitlistEntry
from counselroom.services.school import room_setup
from counselroom.services.students import student_records
from counselroom.services.students.student_records import StudentListItem
from counselroom.system import clock

if TYPE_CHECKING:
    from counselroom.gui.pages.appointments_page import AppointmentsPage

_CHECKED = ("student_ids", "counselor_id", "room_id", "start", "end", "type")


def call_in_place(
    runner: ServiceRunner, service: Callable[..., Any], *args: Any, **kwargs: Any
) -> tuple[Any, CounselRoomError | None]:
    """Like runner.call, but a refusal is returned for the caller to show next to what caused it."""
    try:
        result = service(runner.session.db, runner.session.actor, *args, now=clock.now(), **kwargs)
    except SessionLocked:
        runner.locked_call.emit()
        return None, None
    except CounselRoomError as exc:
        return None, exc
    if isinstance(result, Changes):
        runner.changed.emit(result)
    return result, None


def error_text(error: CounselRoomError | None) -> str:
    if error is None:
        return ""
    return error.message if isinstance(error, AppointmentConflict) else str(error)


class AppointmentFlows:
    def __init__(self, page: AppointmentsPage):
        self.page = page
        self.dialog: BookingDialog | None = None  # the last one opened (tests fill it)
        self.details: AppointmentDetailsDialog | None = None
        self.waitlist: WaitlistDialog | None = None

    @property
    def runner(self) -> ServiceRunner:
        return self.page.runner

    # -- the booking dialog --------------------------------------------------------------
    def _run(self, service: Callable[..., Any], *args: Any, **kwargs: Any) -> str:
        result, error = call_in_place(self.runner, service, *args, **kwargs)
        if isinstance(result, Changes):
            self.page.show_message(result.summary)
        return error_text(error)

    def _search(self, text: str) -> list[StudentListItem]:
        return self.runner.call(student_records.search_students, text, parent=self.page) or []

    def _check(self, values: Values, exclude_id: int | None = None) -> list[Conflict] | None:
        found, _error = call_in_place(
            self.runner, appointments.find_booking_conflicts, exclude_id=exclude_id, **{k: values[k] for k in _CHECKED}
        )
        return found  # type: ignore[no-any-return]

    def _chosen(self, counselor_id: int | None, room_id: int | None) -> tuple[int, int | None]:
        """Who and where the form opens on: as given, else the page's filter, else oneself and the
        first room (the form's own defaults)."""
        chosen = self.page.filter_choice()
        if counselor_id is None and chosen is not None and chosen[0] == "counselor":
            counselor_id = chosen[1]
        if room_id is None and chosen is not None and chosen[0] == "room":
            room_id = chosen[1]
        if room_id is None and self.page.rooms:
            room_id = self.page.rooms[0].id
        return counselor_id or int(self.runner.actor.user_id), room_id

    def periods_of(self, day: date) -> Sequence[Period]:
        """A day's opening periods: from the week shown, else asked for."""
        view = self.page.view
        shown = next((d for d in view.days if d.day == day), None) if view is not None else None
        if shown is not None:
            return shown.periods
        found = self.runner.call(room_setup.calendar_days, day, day, parent=self.page) or []
        return found[0].status.periods if found and found[0].status.open else ()

    def next_start(self, counselor_id: int | None = None, room_id: int | None = None) -> datetime:
        """新建预约's time: the next open slot when both are free (from the week shown, if later),
        else the page's old default (the next half hour)."""
        counselor, room = self._chosen(counselor_id, room_id)
        after = datetime.combine(self.page.monday, datetime.min.time())
        minutes = next(iter(AppointmentType)).default_minutes  # the form's first type
        found, _error = call_in_place(
            self.runner, next_slot.next_open_slot, counselor_id=counselor, room_id=room, minutes=minutes, after=after
        )
        return found if isinstance(found, datetime) else self.page.default_start()

    def _dialog(
        self,
        start: datetime,
        mode: str,
        submit: Callable[[Values], str],
        *,
        counselor_id: int | None = None,
        room_id: int | None = None,
        check: Callable[[Values], list[Conflict] | None] | None = None,
    ) -> BookingDialog:
        page = self.page
        counselor_id, room_id = self._chosen(counselor_id, room_id)
        dialog = BookingDialog(
            counselors=page.counselors,
            rooms=page.rooms,
            start=start,
            counselor_id=counselor_id,
            search=self._search,
            check=check or self._check,
            submit=submit,
            mode=mode,
            periods_of=self.periods_of,
            parent=page,
        )
        if room_id is not None and dialog.room.findData(room_id) >= 0:
            dialog.room.setCurrentIndex(dialog.room.findData(room_id))
        self.dialog = dialog
        return dialog

    def book_at(self, start: datetime | None) -> None:
        """An empty slot clicked: the form at that time, moved into the opening period the row
        touches (the 12:00 row when the room opens at 12:10 starts at 12:10). 新建预约 (no time):
        the next open slot."""
        submit: Callable[[Values], str] = lambda v: self._run(appointments.book_appointment, **v)  # noqa: E731
        if start is None:
            start = self.next_start()
        else:
            start = snap_into_period(start, self.periods_of(start.date()), STEP_MINUTES)
        self._dialog(start, "book", submit).open()

    def walk_in(self) -> None:
        def submit(v: Values) -> str:
            minutes = int((v["end"] - v["start"]).total_seconds() // 60)
            kept = {k: v[k] for k in ("student_ids", "counselor_id", "room_id", "type", "channel", "source", "note")}
            return self._run(appointments.register_walk_in, minutes=minutes, **kept)

        self._dialog(clock.now(), "walk_in", submit).open()

    # -- one appointment -----------------------------------------------------------------
    def open_details(self, appointment_id: int) -> None:
        item = self.runner.call(appointment_views.get_appointment, appointment_id, parent=self.page)
        if item is None:
            return
        self.details = AppointmentDetailsDialog(item, clock.now(), self.page)
        self.details.accepted.connect(lambda: self._act(item, self.details.action if self.details else ""))
        self.details.open()

    def _act(self, item: AppointmentItem, action: str) -> None:
        if action in ("已到", "未到"):
            message = self._run(appointments.mark_attendance, item.id, status=AppointmentStatus(action))
            if message:
                self.page.show_message(message, error=True)
        elif action == "取消":
            dialog = CancelAppointmentDialog(item, clock.now(), self.page)
            dialog.accepted.connect(lambda: self._cancel(item, dialog.values()["reason"]))  # type: ignore[arg-type]
            dialog.open()
        elif action == "改期":
            self.reschedule(item)
        elif action == "打印预约单":
            print_actions().print_slip(self.page, self.runner, item.id)

    def _cancel(self, item: AppointmentItem, reason: str) -> None:
        message = self._run(appointments.cancel_appointment, item.id, reason=reason)
        if message:
            self.page.show_message(message, error=True)

    def reschedule(self, item: AppointmentItem, start: datetime | None = None) -> BookingDialog:
        def submit(v: Values) -> str:
            return self._run(
                appointments.move_appointment,
                item.id,
                start=v["start"],
                end=v["end"],
                counselor_id=v["counselor_id"],
                room_id=v["room_id"],
                confirm_conflicts=v["confirm_conflicts"],
                confirm_reason=v["confirm_reason"],
            )

        check: Callable[[Values], list[Conflict] | None] = lambda v: self._check(  # noqa: E731
            {**v, "student_ids": [s.id for s in item.students], "type": item.type}, exclude_id=item.id
        )
        dialog = self._dialog(
            start or item.start, "move", submit, counselor_id=item.counselor_id, room_id=item.room_id, check=check
        )
        dialog.type.setCurrentIndex(dialog.type.findData(item.type))
        dialog.minutes.setValue(int((item.end - item.start).total_seconds() // 60))
        if start is not None:
            dialog.set_start(start)
        dialog.open()
        dialog.refresh_conflicts()
        return dialog

    def move_by_drag(self, appointment_id: int, start: datetime) -> None:
        """A refused drag: the block snaps back and the reason shows in the page. When only soft
        conflicts stood in the way, 改期 opens at the dropped time so it can be confirmed there."""
        _result, error = call_in_place(self.runner, appointments.move_appointment, appointment_id, start=start)
        if error is None:
            return
        self.page.calendar.snap_back()
        self.page.show_message(f"未能改期：{error_text(error)}", error=True)
        if isinstance(error, AppointmentConflict) and not any(c.hard for c in error.conflicts):
            item = next((r for r in self.page.calendar.items if r.id == appointment_id), None)
            if item is not None:
                self.reschedule(item, start)

    # -- waitlist and export -------------------------------------------------------------
    def open_waitlist(self) -> None:
        self.waitlist = WaitlistDialog(self.runner, self.page.counselors, self._schedule_waiting, self.page)
        self.waitlist.open()

    def _schedule_waiting(self, entry: WaitlistEntry) -> bool:
        def submit(v: Values) -> str:
            kept = {k: v[k] for k in v if k != "student_ids"}
            return self._run(waitlist.schedule_from_waitlist, entry.id, **kept)

        start = self.next_start(counselor_id=entry.counselor_id)
        dialog = self._dialog(start, "book", submit, counselor_id=entry.counselor_id)
        dialog.add_student(entry.student_id, f"{entry.student_name}　{entry.class_name}")
        dialog.fix_students()
        return bool(dialog.exec())

    def export_ics(self) -> None:
        page = self.page
        chosen = page.filter_choice()
        counselor = chosen[1] if chosen and chosen[0] == "counselor" else int(self.runner.actor.user_id)
        dialog = ExportIcsDialog(page.counselors, counselor, page.monday, page.monday + timedelta(days=27), page)
        if not dialog.exec():
            return
        path, _filter = QFileDialog.getSaveFileName(page, "导出日历", "预约.ics", "iCalendar 日历 (*.ics)")
        if path:
            self.export_to(Path(path), **dialog.values())  # type: ignore[arg-type]

    def export_to(self, path: Path, *, counselor_id: int, start: Any, end: Any) -> bool:
        saved = self.runner.call(  # the service writes the file and audits it
            ics_export.save_ics, path, counselor_id=counselor_id, start=start, end=end, parent=self.page
        )
        if saved is None:
            return False
        self.page.show_message(f"已导出日历：{saved.path.name}（不含学生姓名）")
        return True
