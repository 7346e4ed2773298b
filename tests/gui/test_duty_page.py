"""值班 as the lead and a counselor use it: generate the term's roster through the dialog, publish,
see the names in the month grid (国庆节 greyed), swap a slot with a reason, ask for and approve a
swap, write the 值班记录 of a slot that is over; the principal only reads the grid."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from counselroom.domain.roles import Role
from counselroom.gui import service_runner
from counselroom.gui.duty.duty_dialogs import ApproveSwapDialog, DutyLogDialog, SwapDialog
from counselroom.gui.duty.duty_grid import CLOSED_BACKGROUND
from counselroom.gui.duty.duty_rota_dialog import PER_WEEK, GenerateRotaDialog
from counselroom.gui.pages.duty_page import DutyPage
from counselroom.gui.pages.registry import module_titled
from counselroom.gui.service_runner import ServiceRunner
from counselroom.services.accounts.session import Session
from counselroom.services.duty import duty_rota
from counselroom.system import clock
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.gui.dialogs import answer_dialog
from tests.services.duty_data import add_duty_school, publish_first_term

EVENING = datetime(2026, 10, 14, 19, 0)  # a Wednesday after both periods


@pytest.fixture(autouse=True)
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Errors the runner would show in a box, kept instead (a box would block the test)."""
    shown: list[str] = []
    monkeypatch.setattr(service_runner, "show_error", lambda _parent, error: shown.append(str(error)))
    return shown


@pytest.fixture
def now_is(monkeypatch: pytest.MonkeyPatch) -> Callable[[datetime], None]:
    def set_now(moment: datetime) -> None:
        monkeypatch.setattr(clock, "now", lambda: moment)

    set_now(FIXED_NOW)
    return set_now


@pytest.fixture
def signed_in(school: SchoolFixture) -> Iterator[dict[Role, Session]]:
    add_duty_school(school.admin)
    found = {role: school.sign_in(role.value) for role in (Role.LEAD, Role.COUNSELOR, Role.PRINCIPAL)}
    yield found
    for session in found.values():
        session.db.close()


def open_page(qtbot: QtBot, school: SchoolFixture, session: Session) -> DutyPage:
    page = DutyPage(ServiceRunner(session, school.keys))
    qtbot.addWidget(page)
    return page


def show_day(page: DutyPage, day: date) -> None:
    page.year, page.month = day.year, day.month
    page.refresh()
    page.grid.select_day(day)


def cell(page: DutyPage, day: date) -> str:
    item = page.grid.cell_of(day)
    assert item is not None
    return item.text()


def test_the_lead_generates_and_publishes_a_roster(
    qtbot: QtBot, school: SchoolFixture, signed_in: dict[Role, Session], now_is: object, errors: list[str]
) -> None:
    page = open_page(qtbot, school, signed_in[Role.LEAD])
    assert page.month_label.text() == "2025年10月"

    def generate(dialog: GenerateRotaDialog) -> None:
        assert dialog.term.currentText() == "2026-2027学年第一学期"
        names = [t.name for t in dialog.teachers]
        dialog.limit_field(names.index("王老师"), PER_WEEK).setValue(2)
        assert not dialog.publish_button.isEnabled()
        dialog.preview_button.click()
        assert dialog.publish_button.isEnabled(), errors
        balance = dialog.balance_model
        slots = [balance.row_at(i).slots for i in range(balance.rowCount())]
        assert balance.rowCount() == 3 and max(slots) - min(slots) <= 1
        assert dialog.uncovered_model.rowCount() == 0 and "每个开放时段都有人值班" in dialog.summary.text()
        dialog.publish_button.click()

    answer_dialog(GenerateRotaDialog, generate)
    page.generate_button.click()
    assert errors == []
    assert page.month_label.text() == "2026年9月"  # the page moves to the roster's first month
    assert any(name in cell(page, date(2026, 9, 1)) for name in ("王老师", "李老师", "赵老师"))
    show_day(page, date(2026, 10, 1))
    national = page.grid.cell_of(date(2026, 10, 1))
    assert national is not None and "国庆节" in national.text()
    assert national.background().color().name() == CLOSED_BACKGROUND
    assert page.slot_model.rowCount() == 0 and "国庆节" in page.day_title.text()
    wang = next(
        t
        for t in duty_rota.list_duty_staff(page.runner.session.db, page.runner.actor, now=FIXED_NOW)
        if t.name == "王老师"
    )
    assert wang.max_per_week == 2


def test_the_lead_swaps_a_slot_with_a_reason(
    qtbot: QtBot, school: SchoolFixture, signed_in: dict[Role, Session], now_is: object, errors: list[str]
) -> None:
    publish_first_term(signed_in[Role.LEAD])
    page = open_page(qtbot, school, signed_in[Role.LEAD])
    show_day(page, date(2026, 10, 14))
    assert page.slot_model.rowCount() == 2  # Wednesday: lunch and after school
    before = page.selected_slot()
    assert before is not None and page.swap_button.isEnabled()

    def swap(dialog: SwapDialog) -> None:
        dialog.buttons.accepted.emit()
        assert dialog.error.text() == "请写明调班原因"
        dialog.to.setCurrentIndex(0)
        dialog.reason.setText("外出参加市级培训")
        dialog.buttons.accepted.emit()

    answer_dialog(SwapDialog, swap)
    page.swap_button.click()
    assert errors == []
    after = page.slot_model.row_at(0)
    assert after.staff_name != before.staff_name and after.swapped
    assert after.staff_name in cell(page, date(2026, 10, 14))
    history = page.swap_model
    assert history.rowCount() == 1 and history.row_at(0).reason == "外出参加市级培训"
    assert history.row_at(0).status == "已批准"


def test_a_counselor_asks_for_a_swap_and_the_lead_approves(
    qtbot: QtBot, school: SchoolFixture, signed_in: dict[Role, Session], now_is: object, errors: list[str]
) -> None:
    publish_first_term(signed_in[Role.LEAD])
    page = open_page(qtbot, school, signed_in[Role.COUNSELOR])
    show_day(page, date(2026, 10, 15))
    assert page.swap_button.text() == "申请调班…"
    asked = page.selected_slot()

    def ask(dialog: SwapDialog) -> None:
        assert not dialog.override.isVisibleTo(dialog)  # only the lead may override a limit
        dialog.reason.setText("家中有事")
        dialog.buttons.accepted.emit()

    answer_dialog(SwapDialog, ask)
    page.swap_button.click()
    assert errors == [] and page.pending_model.rowCount() == 1
    assert not page.approve_button.isVisibleTo(page)

    lead_page = open_page(qtbot, school, signed_in[Role.LEAD])
    show_day(lead_page, date(2026, 10, 15))
    lead_page.pending_view.selectRow(0)
    answer_dialog(ApproveSwapDialog, lambda d: d.buttons.accepted.emit())
    lead_page.approve_button.click()
    assert errors == [] and lead_page.pending_model.rowCount() == 0
    assert lead_page.slot_model.row_at(0).staff_name != asked.staff_name


def test_a_counselor_writes_the_log_of_a_slot_that_is_over(
    qtbot: QtBot,
    school: SchoolFixture,
    signed_in: dict[Role, Session],
    now_is: Callable[[datetime], None],
    errors: list[str],
) -> None:
    publish_first_term(signed_in[Role.LEAD])
    now_is(EVENING)
    page = open_page(qtbot, school, signed_in[Role.COUNSELOR])
    assert page.month_label.text() == "2026年10月"
    missing = page.missing_model.rowCount()
    assert missing > 0 and page.missing_title.text() == f"待补值班记录（{missing}）"
    page.grid.select_day(date(2026, 10, 14))
    assert page.log_button.isEnabled() and not page.swap_button.isEnabled()

    def write(dialog: DutyLogDialog) -> None:
        assert dialog.came.currentText() == page.selected_slot().staff_name
        dialog.visitors.setValue(2)
        dialog.calls.setValue(1)
        dialog.events.setPlainText("初一学生两人来访，谈同学关系")
        dialog.handover.setPlainText("周五午间回访")
        dialog.buttons.accepted.emit()

    answer_dialog(DutyLogDialog, write)
    page.slot_view.doubleClicked.emit(page.slot_model.index(0, 0))
    assert errors == []
    assert page.missing_model.rowCount() == missing - 1
    assert page.slot_model.data(page.slot_model.index(0, 2)) == "已写记录"
    slot = page.slot_model.row_at(0)
    entry = duty_rota.duty_log(page.runner.session.db, page.runner.actor, slot.assignment_id, now=EVENING)
    assert entry is not None and (entry.visitors, entry.calls, entry.handover) == (2, 1, "周五午间回访")


def test_the_principal_reads_the_grid_only(
    qtbot: QtBot,
    school: SchoolFixture,
    signed_in: dict[Role, Session],
    now_is: Callable[[datetime], None],
    errors: list[str],
) -> None:
    publish_first_term(signed_in[Role.LEAD])
    now_is(EVENING)
    page = open_page(qtbot, school, signed_in[Role.PRINCIPAL])
    page.grid.select_day(date(2026, 10, 14))
    assert page.slot_model.rowCount() == 2 and all(page.slot_model.row_at(i).staff_name for i in range(2))
    assert not hasattr(page, "generate_button")
    for widget in (page.swap_button, page.log_button, page.missing_view):
        assert not widget.isVisibleTo(page)
    page.slot_view.doubleClicked.emit(page.slot_model.index(0, 0))  # nothing opens
    assert errors == []
    assert module_titled("值班").page_class() is DutyPage


def test_grid_cells_list_periods_and_names(
    qtbot: QtBot, school: SchoolFixture, signed_in: dict[Role, Session], now_is: object
) -> None:
    publish_first_term(signed_in[Role.LEAD])
    page = open_page(qtbot, school, signed_in[Role.COUNSELOR])
    show_day(page, date(2026, 10, 14))
    lines = cell(page, date(2026, 10, 14)).splitlines()
    assert lines[0] == "14" and lines[1].startswith("12:10 ") and lines[2].startswith("16:30 ")
    saturday = cell(page, date(2026, 10, 10)).splitlines()
    assert saturday[1].startswith("调休上班") and saturday[2].startswith("12:10 ")
    assert cell(page, date(2026, 10, 17)) == "17"  # an ordinary weekend: just the date
    assert page.grid.cell_of(date(2026, 10, 14)).data(Qt.ItemDataRole.UserRole) == date(2026, 10, 14)
