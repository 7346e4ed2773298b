"""设置 → 到期清除 as the lead uses it: the period with its source, the students past it, two of
them selected, a confirmation that counts what goes and waits for the number typed, the purge
through the worker, and the result said. The admin sets the period but sees no list; a counselor
and the principal have no such tab."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from counselroom.domain.students.student_facts import StudentStatus
from counselroom.gui.pages.settings_page import SettingsPage
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.settings.purge_dialog import PurgeConfirmDialog
from counselroom.services.accounts.session import Session
from counselroom.services.students import student_records
from counselroom.system import clock
from tests.conftest import FIXED_NOW
from tests.demo_school import Demo, make_demo
from tests.gui.activity_screens import shot
from tests.gui.dialogs import answer_dialog

GRADUATED = date(2021, 7, 1)


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Demo:
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW)
    made = make_demo(tmp_path / "data" / "school.db", students=80, years=1, seed=3)
    with made.session("lead") as lead:
        for sid in _three_students_with_cases(lead):
            student_records.change_student_status(
                lead.db, lead.actor, sid, to_status=StudentStatus.GRADUATED, on_date=GRADUATED, reason="毕业",
                now=FIXED_NOW,
            )  # fmt: skip
    return made


def _three_students_with_cases(lead: Session) -> list[int]:
    rows = lead.db.conn.execute(
        "SELECT id FROM students WHERE status = '在读' ORDER BY id IN (SELECT student_id FROM cases) DESC, id LIMIT 3"
    ).fetchall()
    return [int(r[0]) for r in rows]


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, title, text, *a: said.append(f"{title}：{text}"))
    return said


@pytest.fixture
def page_as(qtbot: QtBot, demo: Demo) -> Iterator[object]:
    opened: list[Session] = []

    def open_as(username: str) -> SettingsPage:
        from counselroom.services.accounts.sign_in import sign_in
        from tests.demo_school import PASSWORD

        session = sign_in(demo.path, username, PASSWORD, now=FIXED_NOW, keys=demo.keys)
        opened.append(session)
        page = SettingsPage(ServiceRunner(session, demo.keys))
        qtbot.addWidget(page)
        page.resize(1366, 728)
        return page

    yield open_as
    for session in opened:
        if session.db.is_open:
            session.db.close()


def _tabs(page: SettingsPage) -> list[str]:
    return [page.tabs.tabText(i) for i in range(page.tabs.count())]


def test_the_lead_selects_two_leavers_confirms_and_purges_them(page_as, demo: Demo, told: list[str]) -> None:  # type: ignore[no-untyped-def]
    page = page_as("lead")
    tab = page.retention_tab
    assert tab is not None and "到期清除" in _tabs(page)
    page.tabs.setCurrentWidget(tab)
    page.show()
    assert tab.years.value() == 3 and tab.default_note.text() == "（默认 3 年）"
    assert "第十九条" in tab.source.text() and "学校自行确定" in tab.school_decides.text()
    assert tab.model.rowCount() == 3 and "离校满 3 年的学生 3 名" in tab.due_title.text()
    tip = tab.model.data(tab.model.index(0, 6), Qt.ItemDataRole.ToolTipRole)
    assert tip == tab.model.row_at(0).counts_in("心理档案") and "个案 1" in str(tip)
    assert not tab.purge_button.isEnabled()
    shot(page, "retention-tab")
    tab.table.selectRow(0)
    tab.table.selectionModel().select(
        tab.model.index(1, 0),
        tab.table.selectionModel().SelectionFlag.Select | tab.table.selectionModel().SelectionFlag.Rows,
    )
    assert tab.purge_button.text() == "清除所选 2 名学生…"
    chosen = [s.name for s in tab.selected()]
    kept = tab.model.row_at(2)
    seen: list[str] = []

    def confirm(dialog: PurgeConfirmDialog) -> None:
        seen.append(dialog.summary.text())
        assert not dialog.confirm.isEnabled()
        dialog.count.setText("3")
        assert not dialog.confirm.isEnabled()
        dialog.count.setText("2")
        assert dialog.confirm.isEnabled()
        dialog.adjustSize()
        shot(dialog, "retention-confirm")
        dialog.confirm.click()

    answer_dialog(PurgeConfirmDialog, confirm)
    tab.purge_selected()
    assert seen and all(name in seen[0] for name in chosen)
    assert "学校数据：" in seen[0] and "心理档案：" in seen[0] and "备份" in seen[0]
    assert told and told[-1].startswith("到期清除完成：已清除 2 名学生的记录") and "未完成" not in told[-1]
    assert [tab.model.row_at(i).student_id for i in range(tab.model.rowCount())] == [kept.student_id]
    conn = page.runner.session.db.conn
    names = {r[0] for r in conn.execute("SELECT name FROM students")}
    assert not set(chosen) & names
    assert conn.execute("SELECT count(*) FROM audit_log WHERE action = 'purge'").fetchone()[0] == 2


def test_cancelling_the_confirmation_deletes_nothing(page_as, told: list[str]) -> None:  # type: ignore[no-untyped-def]
    page = page_as("lead")
    tab = page.retention_tab
    tab.table.selectAll()
    answer_dialog(PurgeConfirmDialog, lambda dialog: dialog.reject())
    tab.purge_selected()
    assert tab.model.rowCount() == 3 and told == []


def test_the_lead_sets_the_period_and_the_list_follows(page_as) -> None:  # type: ignore[no-untyped-def]
    page = page_as("lead")
    tab = page.retention_tab
    tab.years.setValue(5)
    tab.save_button.click()
    assert tab.default_note.text() == "（学校设定；默认 3 年）"
    assert tab.model.rowCount() == 0 and "没有离校满 5 年的学生" in tab.due_title.text()
    assert not tab.select_all_button.isEnabled()


def test_the_admin_sets_the_period_but_sees_no_student(page_as) -> None:  # type: ignore[no-untyped-def]
    page = page_as("admin")
    tab = page.retention_tab
    assert tab is not None and not tab.may_purge and tab.model.rowCount() == 0
    assert tab.years.isEnabled()
    page.tabs.setCurrentWidget(tab)
    page.show()
    shot(page, "retention-tab-admin")
    tab.years.setValue(4)
    tab.save_button.click()
    assert page.runner.session.db.conn.execute(
        "SELECT value FROM settings WHERE key = 'retention_years'"
    ).fetchone() == ("4",)


@pytest.mark.parametrize("username", ["counselor", "principal"])
def test_counselors_and_the_principal_have_no_such_tab(page_as, username: str) -> None:  # type: ignore[no-untyped-def]
    page = page_as(username)
    assert page.retention_tab is None and "到期清除" not in _tabs(page)


def test_the_retention_tab_is_built_when_first_opened_and_reads_the_due_list_once(  # type: ignore[no-untyped-def]
    page_as, demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """设置 opens on 学校与锁定: 到期清除 (the whole school's leavers) is built, and its list read, when
    the tab is chosen — once, and once per refresh after that (it was read twice at every load)."""
    from counselroom.services.backup import retention

    reads: list[object] = []
    read = retention.students_due

    def counted(*args: object, **kwargs: object) -> retention.DueList:
        reads.append(args)
        return read(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(retention, "students_due", counted)
    page = page_as("lead")
    holder = page.holders["到期清除"]
    assert holder.content is None and reads == []  # the page loaded without it
    page.refresh()
    assert holder.content is None and reads == []
    page.tabs.setCurrentIndex(_tabs(page).index("到期清除"))  # the teacher clicks the tab
    tab = page.tabs.currentWidget()
    assert tab is holder.content and tab is page.retention_tab and len(reads) == 1
    with demo.session("lead") as lead:
        expected = read(lead.db, lead.actor, now=FIXED_NOW)
    assert [tab.model.row_at(i) for i in range(tab.model.rowCount())] == list(expected.students)
    assert tab.model.rowCount() == 3 and "离校满 3 年的学生 3 名" in tab.due_title.text()
    page.refresh()  # after a save elsewhere: the built tab reads again, once
    assert len(reads) == 2
    page.tabs.setCurrentIndex(0)
    page.tabs.setCurrentIndex(_tabs(page).index("到期清除"))
    assert page.tabs.currentWidget() is tab and len(reads) == 2  # built once
    page.clear_for_lock()  # a lock empties the tabs that were built
    assert tab.model.rowCount() == 0 and page.holders["班级"].content is None
    page.refresh()  # and the unlock fills them again
    assert tab.model.rowCount() == 3 and len(reads) == 3
