"""值班 says what it needs (issue 8, item 22): 批准 or 不批准 with no request selected says to select
one first; the 生成值班表 preview shows, per teacher, why one has many more slots than another."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from counselroom.gui import service_runner
from counselroom.gui.duty.duty_models import BalanceTableModel
from counselroom.gui.duty.duty_rota_dialog import GenerateRotaDialog
from counselroom.gui.pages.duty_page import DutyPage
from counselroom.gui.service_runner import ServiceRunner
from counselroom.services.accounts.session import Session
from counselroom.services.duty import duty_rota
from counselroom.services.school import room_setup, school_calendar
from counselroom.system import clock
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.gui.dialogs import answer_dialog
from tests.services.duty_data import add_duty_school, publish_first_term


@pytest.fixture(autouse=True)
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(service_runner, "show_error", lambda _parent, error: shown.append(str(error)))
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW)
    return shown


@pytest.fixture
def lead(school: SchoolFixture) -> Iterator[Session]:
    add_duty_school(school.admin)
    session = school.sign_in("lead")
    yield session
    session.db.close()


def test_approving_with_nothing_selected_says_to_select_first(
    qtbot: QtBot, school: SchoolFixture, lead: Session, errors: list[str]
) -> None:
    publish_first_term(lead)
    counselor = school.sign_in("counselor")
    slot = duty_rota.rota_for_month(counselor.db, counselor.actor, 2026, 10, now=FIXED_NOW)[13].slots[0]
    other = next(
        t for t in duty_rota.list_duty_staff(lead.db, lead.actor, now=FIXED_NOW) if t.staff_id != slot.staff_id
    )
    assert slot.assignment_id is not None and slot.day == date(2026, 10, 14)
    duty_rota.request_duty_swap(
        counselor.db, counselor.actor, slot.assignment_id, to_staff_id=other.staff_id, reason="家中有事", now=FIXED_NOW
    )
    counselor.db.close()
    page = DutyPage(ServiceRunner(lead, school.keys))
    qtbot.addWidget(page)
    assert page.pending_model.rowCount() == 1 and not page.pending_view.selectionModel().hasSelection()
    for button, verb in ((page.approve_button, "批准"), (page.decline_button, "不批准")):
        told: list[str] = []
        answer_dialog(QMessageBox, lambda box, seen=told: (seen.append(box.text()), box.accept()))
        button.click()
        assert told == [f"请先在“待批准的调班”中选中一条申请，再点“{verb}”。"]
    assert page.pending_model.rowCount() == 1 and errors == []


def test_the_preview_says_why_counts_differ(qtbot: QtBot, lead: Session, school: SchoolFixture) -> None:
    runner = ServiceRunner(lead, school.keys)
    teachers = [
        replace(t, max_per_term=5) if t.name in ("李老师", "赵老师") else t
        for t in duty_rota.list_duty_staff(lead.db, lead.actor, now=FIXED_NOW)
    ]
    terms = [t for t in school_calendar.list_terms(lead.db, lead.actor, now=FIXED_NOW) if t.end >= FIXED_NOW.date()]
    periods = room_setup.get_opening_hours(lead.db, lead.actor, now=FIXED_NOW)
    dialog = GenerateRotaDialog(runner, terms, teachers, periods)
    qtbot.addWidget(dialog)
    dialog.run_preview()
    model = dialog.balance_model
    assert model.headerData(BalanceTableModel.NOTE, Qt.Orientation.Horizontal) == "说明"
    notes = {model.row_at(r).name: model.data(model.index(r, BalanceTableModel.NOTE)) for r in range(model.rowCount())}
    assert notes["王老师"].startswith("其他可值班的老师已达上限（李老师学期 5 次、赵老师学期 5 次）")
    assert notes["李老师"] == "已达学期上限 5 次"
    assert "原因见“说明”列" in dialog.summary.text()
