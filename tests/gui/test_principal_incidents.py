"""Issue #11 item 4, the leader in charge's side in the window: while an incident is not 已结案, 今日
shows a card with its number, status and timings; 预警 → 危机事件 lists every incident's status and
timings with counts by status; and no text anywhere in the window — labels, buttons, list and table
models — carries an incident's notes or a student's name. Counselors and the lead get no card
(they work incidents on their own page); the admin, also without incident access, gets it too."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QLabel, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from counselroom.domain.crisis.confidentiality import Recipient
from counselroom.domain.roles import Role
from counselroom.domain.school.terms import default_terms
from counselroom.gui.main_window import MainWindow
from counselroom.gui.pages.incident_status_tab import IncidentStatusTab
from counselroom.gui.pages.today_page import TodayPage
from counselroom.gui.pages.warnings_page import WarningsPage
from counselroom.gui.service_runner import ServiceRunner
from counselroom.services.accounts.session import Session
from counselroom.services.crisis import confidentiality, incidents
from counselroom.services.school import school_calendar
from counselroom.system import clock
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.services.crisis_data import CANARIES, counselors_incident, finish_followups, handled

NOW = FIXED_NOW + timedelta(days=1)  # 2025-10-14 09:30
LAST_YEAR = datetime(2025, 6, 10, 10, 0)  # 2024-2025 学年第二学期
JUSTIFICATION = "金丝雀保密理由巳午"
SECRETS = (*CANARIES.values(), JUSTIFICATION, "张晓明", "李雨涵", "陈思琪", "周老师", "自伤", "他伤", "高风险")
TODAY_LINES = [
    "危机事件处置中：事件 #3，登记于 10月14日 09:30，尚未记录通知分管校领导。",
    "危机事件待会签：事件 #2，登记于 10月13日 07:35，已通知分管校领导 07:55（20 分钟）。",
]


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: NOW)


@pytest.fixture
def incidents_seeded(sessions: dict[Role, Session]) -> Iterator[dict[Role, Session]]:
    """#1 closed last school year; #2 handled and submitted (待会签), with a 保密例外; #3 just opened."""
    admin, c, lead = sessions[Role.ADMIN], sessions[Role.COUNSELOR], sessions[Role.LEAD]
    old = counselors_incident(sessions)  # also adds the small school
    _close_as_of_last_year(sessions, old)
    for year in (2024, 2025):
        first, second = default_terms(year)
        school_calendar.add_school_year(admin.db, admin.actor, start_year=year, first=first, second=second, now=NOW)
    submitted = counselors_incident(sessions, school=False)
    handled(sessions, submitted)
    finish_followups(c, submitted, NOW)
    incidents.submit_incident(c.db, c.actor, submitted, summary=CANARIES["closing"], now=NOW)
    confidentiality.record_confidentiality_exception(
        lead.db, lead.actor, 1, category="生命安全风险", recipients=[Recipient("李某", "母亲")],
        justification=JUSTIFICATION, disclosed=CANARIES["detail"], disclosed_at=NOW, incident_id=submitted, now=NOW,
    )  # fmt: skip
    incidents.open_incident(
        c.db, c.actor, kind="他伤", risk_level="中", summary=CANARIES["summary"], occurred_at=NOW - timedelta(hours=1),
        student_ids=[4], place=CANARIES["place"], now=NOW,
    )  # fmt: skip
    yield sessions


def _close_as_of_last_year(sessions: dict[Role, Session], incident_id: int) -> None:
    """Rewritten to last June: registered, notified after 1 h 5 min, co-signed two days later."""
    lead = sessions[Role.LEAD]
    notified = LAST_YEAR + timedelta(minutes=65)
    incidents.record_event(
        lead.db, lead.actor, incident_id, kind="通知分管校领导", at=notified, whom="校长", now=FIXED_NOW
    )
    with lead.db.transaction() as conn:  # only the test moves time: the services write `now`
        conn.execute(
            "UPDATE care.incidents SET opened_at = ?, status = '已结案', cosigned_at = ?, cosigned_by = ? WHERE id = ?",
            (LAST_YEAR.isoformat(timespec="minutes"), (LAST_YEAR + timedelta(days=2)).isoformat(timespec="minutes"),
             int(lead.actor.user_id), incident_id),
        )  # fmt: skip


def _window(qtbot: QtBot, school: SchoolFixture, session: Session) -> MainWindow:
    window = MainWindow(ServiceRunner(session, school.keys))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window


def _today(window: MainWindow) -> TodayPage:
    window.open_page("今日")
    page = window.stack.currentWidget()
    assert isinstance(page, TodayPage)
    return page


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:  # a list model keeps columnCount (and hasChildren) private: one column, flat
        return 1


def _has_children(model: QAbstractItemModel, index: QModelIndex) -> bool:
    try:
        return model.hasChildren(index)
    except TypeError:
        return False


def _model_texts(model: QAbstractItemModel, parent: QModelIndex | None = None) -> list[str]:
    parent = parent or QModelIndex()
    found = []
    columns = _columns(model, parent)
    for r in range(model.rowCount(parent)):
        for c in range(columns):
            index = model.index(r, c, parent)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(index, role)
                if value is not None:
                    found.append(str(value))
            if _has_children(model, index):
                found += _model_texts(model, index)
    for c in range(columns):
        found.append(str(model.headerData(c, Qt.Orientation.Horizontal)))
    return found


def window_texts(window: QWidget) -> list[str]:
    """Every text the window holds: labels, buttons, tooltips, window titles and every model's data."""
    texts = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        texts.append(widget.toolTip())
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
    # Table models are made without a parent: reach them through their views as well.
    models = {id(m): m for m in window.findChildren(QAbstractItemModel)}
    models.update({id(v.model()): v.model() for v in window.findChildren(QAbstractItemView) if v.model()})
    for model in models.values():
        texts += _model_texts(model)
    return texts


def _leaks(texts: list[str]) -> list[str]:
    return [s for s in SECRETS if any(s in text for text in texts)]


def _shots(window: MainWindow, name: str) -> None:
    """COUNSELROOM_SCREENSHOTS=DIR keeps a picture for a person to look at."""
    folder = os.environ.get("COUNSELROOM_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        window.grab().save(str(Path(folder) / f"{name}.png"))


def test_the_principals_today_card_shows_number_status_and_timings(
    qtbot: QtBot, school: SchoolFixture, incidents_seeded: dict[Role, Session]
) -> None:
    window = _window(qtbot, school, incidents_seeded[Role.PRINCIPAL])
    page = _today(window)
    card = page.incident_card
    assert card is not None and card.isVisible()
    assert card.title.text() == "危机事件处置中（2 起）"
    assert card.lines.text().split("\n") == TODAY_LINES
    assert "事件 #1" not in card.lines.text()  # closed: not on the card
    assert card.more.isVisible()
    _shots(window, "principal-today")
    card.more.click()
    warnings = window.stack.currentWidget()
    assert isinstance(warnings, WarningsPage) and warnings.tabs.currentWidget() is warnings.incident_tab


def test_the_incident_tab_shows_counts_and_the_table(
    qtbot: QtBot, school: SchoolFixture, incidents_seeded: dict[Role, Session]
) -> None:
    window = _window(qtbot, school, incidents_seeded[Role.PRINCIPAL])
    window.open_page("预警", "tab:危机事件")
    page = window.stack.currentWidget()
    assert isinstance(page, WarningsPage)
    tab = page.incident_tab
    assert isinstance(tab, IncidentStatusTab) and page.tabs.currentWidget() is tab
    assert tab.period.currentText() == "本学期"
    assert tab.counts.text() == "共 2 起：处置中 1 起　待会签 1 起　已结案 0 起"
    rows = [[str(tab.model.data(tab.model.index(r, c))) for c in range(8)] for r in range(tab.model.rowCount())]
    assert rows == [
        ["#3", "处置中", "2025-10-14 09:30", "未记录", "—", "—", "0", "—"],
        ["#2", "待会签", "2025-10-13 07:35", "2025-10-13 07:55", "20 分钟", "—", "<5", "2/2"],
    ]
    assert tab.model.headerData(7, Qt.Orientation.Horizontal) == "随访 完成/计划"
    _shots(window, "principal-incidents-tab")
    tab.period.setCurrentText("全部")
    assert tab.counts.text() == "共 3 起：处置中 1 起　待会签 1 起　已结案 1 起"
    last = [str(tab.model.data(tab.model.index(2, c))) for c in range(8)]
    assert last == [
        "#1",
        "已结案",
        "2025-06-10 10:00",
        "2025-06-10 11:05",
        "1 小时 5 分钟",
        "2025-06-12 10:00",
        "0",
        "—",
    ]


def test_no_note_text_or_name_anywhere_in_the_principals_window(
    qtbot: QtBot, school: SchoolFixture, incidents_seeded: dict[Role, Session]
) -> None:
    window = _window(qtbot, school, incidents_seeded[Role.PRINCIPAL])
    seen: list[str] = []
    for row in range(window.sidebar.count()):  # every page the principal has, each built and shown
        window.sidebar.setCurrentRow(row)
        page = window.stack.currentWidget()
        for tabs in page.findChildren(QTabWidget):
            for i in range(tabs.count()):
                tabs.setCurrentIndex(i)
                seen += window_texts(window)
        seen += window_texts(window)
    incident_tab = window.page_titled("预警").incident_tab  # type: ignore[union-attr]
    incident_tab.period.setCurrentText("全部")
    seen += window_texts(window)
    assert any("事件 #2" in text for text in seen) and any(text == "#1" for text in seen)
    assert _leaks(seen) == []


@pytest.mark.parametrize("role", [Role.COUNSELOR, Role.LEAD])
def test_counselors_and_the_lead_get_no_card(
    qtbot: QtBot, school: SchoolFixture, incidents_seeded: dict[Role, Session], role: Role
) -> None:
    """They may open incidents (READ_ASSIGNED_CASES): theirs come through their own page and 待办."""
    page = _today(_window(qtbot, school, incidents_seeded[role]))
    assert page.incident_card is None
    assert not [label for label in page.findChildren(QLabel) if "危机事件处置中" in label.text()]


def test_the_admin_gets_the_card_without_a_link(
    qtbot: QtBot, school: SchoolFixture, incidents_seeded: dict[Role, Session]
) -> None:
    """Statistics without incident access, like the principal; but no 预警 page to link to."""
    window = _window(qtbot, school, incidents_seeded[Role.ADMIN])
    card = _today(window).incident_card
    assert card is not None and card.isVisible() and not card.more.isVisible()
    assert card.lines.text().split("\n") == TODAY_LINES
    assert _leaks(window_texts(window)) == []


def test_no_card_once_every_incident_is_closed_and_lock_clears_it(
    qtbot: QtBot, school: SchoolFixture, sessions: dict[Role, Session]
) -> None:
    old = counselors_incident(sessions)
    _close_as_of_last_year(sessions, old)
    window = _window(qtbot, school, sessions[Role.PRINCIPAL])
    page = _today(window)
    assert page.incident_card is not None and not page.incident_card.isVisible()
    page.incident_card.lines.setText("x")
    page.clear_for_lock()
    assert page.incident_card.lines.text() == ""
