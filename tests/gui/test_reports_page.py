"""报表 as the principal uses it: signed in, the program opens on it; this term's 学期自查报告 at a
glance (达标/未达标, the gaps); 问题与改进措施 written and saved; the report printed, saved as PDF and
as Word — counts only, no student of the school in any of it; 统计 draws its charts."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from counselroom.domain.activities.school_activities import ActivityKind, ActivityScope
from counselroom.gui.main_window import MainWindow
from counselroom.gui.pages.reports_page import ReportsPage
from counselroom.gui.reports import report_output
from counselroom.gui.reports.self_inspection_tab import SelfInspectionTab
from counselroom.services.accounts.sign_in import sign_in
from counselroom.services.activities import school_activities
from counselroom.services.activities.school_activities import ActivityInput
from counselroom.system import clock
from tests.conftest import FIXED_NOW
from tests.demo_school import PASSWORD, Demo, make_demo
from tests.gui.activity_screens import shot
from tests.gui.demo_windows import windows_on
from tests.gui.printer import printer_picked, printer_reached


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    return make_demo(tmp_path_factory.mktemp("reports") / "school.db", students=240, years=1, seed=5)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW)


@pytest.fixture
def window(qtbot: QtBot, demo: Demo) -> Iterator[Callable[[str], MainWindow]]:
    yield from windows_on(qtbot, demo)


def student_names(demo: Demo) -> set[str]:
    """The school's students' names, less those a staff member shares (the report names staff: 培训)."""
    session = sign_in(demo.path, "lead", PASSWORD, now=FIXED_NOW, keys=demo.keys)
    try:
        students = {str(r[0]) for r in session.db.conn.execute("SELECT name FROM students").fetchall()}
        staff = [str(r[0]) for r in session.db.conn.execute("SELECT name FROM staff").fetchall()]
    finally:
        session.db.close()
    return {n for n in students if len(n) > 1 and not any(n in member for member in staff)}


def reports_page(main: MainWindow) -> ReportsPage:
    page = main.page_titled("报表")
    assert isinstance(page, ReportsPage)
    return page


def audited(main: MainWindow, action: str) -> list[tuple[object, ...]]:
    return main.runner.session.db.conn.execute(
        "SELECT object_type, object_id, reason FROM audit_log WHERE action = ? ORDER BY seq", (action,)
    ).fetchall()


def test_the_principal_lands_on_this_terms_report(window: Callable[[str], MainWindow], demo: Demo) -> None:
    main = window("principal")
    assert main.current_title() == "报表"
    tab = reports_page(main).self_inspection
    report = tab.report
    assert report is not None and tab.term_box.currentText() == "2025-2026学年第一学期"
    assert f"达标 {report.met} 项，未达标 {report.not_met} 项" in tab.glance.text()
    assert tab.model.rowCount() == sum(len(a.checks) for a in report.areas) > 10
    assert tab.gap_list.count() == len(report.gaps)
    assert "“<5”表示" in tab.legend.text() and "“*”" in tab.legend.text()  # the markers explained on screen
    tips = [tab.model.data(tab.model.index(r, 3), Qt.ItemDataRole.ToolTipRole) for r in range(tab.model.rowCount())]
    assert any(t and "“" in str(t) for t in tips)  # 依据: the document's own sentence
    shown = {str(tab.model.data(tab.model.index(r, c))) for r in range(tab.model.rowCount()) for c in range(6)}
    shown |= {tab.gap_list.item(i).text() for i in range(tab.gap_list.count())}
    names = student_names(demo)
    assert not {text for text in shown for name in names if len(name) > 1 and name in text}
    shot(main, "reports-principal")


def test_notes_are_saved_then_the_report_is_saved_and_printed(
    window: Callable[[str], MainWindow], demo: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    main = window("principal")
    tab = reports_page(main).self_inspection
    tab.notes.setPlainText("部分班级心理课未按两周一课时开设，下学期由教务处排课时落实。")
    tab.save_notes_button.click()
    assert tab.report is not None and tab.report.notes.startswith("部分班级心理课")
    assert audited(main, "report_notes_saved")[-1][:2] == ("term", str(tab.term.id if tab.term else ""))

    saved: list[str] = []
    monkeypatch.setattr(report_output, "saved_notice", lambda _parent, path: saved.append(path))
    for fmt in ("pdf", "docx"):
        target = tmp_path / f"自查报告.{fmt}"
        monkeypatch.setattr(report_output, "ask_report_path", lambda _p, _t, _f, target=target: str(target))
        (tab.pdf_button if fmt == "pdf" else tab.docx_button).click()
        assert target.exists() and saved[-1] == str(target)
    text = subprocess.run(["pdftotext", str(tmp_path / "自查报告.pdf"), "-"], capture_output=True, text=True).stdout
    words = "\n".join(p.text for p in Document(str(tmp_path / "自查报告.docx")).paragraphs)
    for heading in ("学期自查报告", "心理咨询室的建设", "心理健康教育的科普和宣传", "问题与改进措施"):
        assert heading in text and heading in words
    assert "下学期由教务处排课时落实" in text and "下学期由教务处排课时落实" in words
    names = student_names(demo)
    assert not [n for n in names if len(n) > 1 and (n in text or n in words)]
    exported = audited(main, "exported")
    assert [row[0] for row in exported[-2:]] == ["self_inspection", "self_inspection"]

    opened = printer_picked(monkeypatch)
    printer_reached(monkeypatch)
    tab.print_button.click()
    assert opened and audited(main, "printed")[-1][0] == "self_inspection"


def test_a_counselor_reads_the_report_but_writes_no_notes(window: Callable[[str], MainWindow]) -> None:
    main = window("counselor")
    main.open_page("报表")
    tab = reports_page(main).self_inspection
    assert tab.report is not None and tab.notes.isReadOnly() and not tab.save_notes_button.isVisibleTo(tab)


def publicity_row(tab: SelfInspectionTab) -> str:
    assert tab.report is not None
    return next(c.ours for a in tab.report.areas for c in a.checks if c.item == "心理健康宣传活动")


def test_a_change_elsewhere_rebuilds_the_report_when_it_is_shown_again(window: Callable[[str], MainWindow]) -> None:
    main = window("lead")
    main.open_page("报表")
    page = reports_page(main)
    tab = page.self_inspection
    before = publicity_row(tab)
    tab.notes.setPlainText("还没保存的改进措施")
    main.open_page("活动")
    entry = ActivityInput(ActivityKind.PUBLICITY, FIXED_NOW.date(), "心理健康宣传周", ActivityScope.SCHOOL)
    assert main.runner.call(school_activities.record_activities, [entry], parent=main) is not None
    assert tab in page.stale and publicity_row(tab) == before  # nobody is looking: nothing is built yet
    main.open_page("报表")
    assert tab not in page.stale and publicity_row(tab) != before
    assert tab.notes.toPlainText() == "还没保存的改进措施" and tab.notes_unsaved()


def test_statistics_draws_its_charts(qtbot: QtBot, window: Callable[[str], MainWindow]) -> None:
    main = window("principal")
    page = reports_page(main)
    page.tabs.setCurrentWidget(page.statistics)
    assert page.statistics.drawn and len(page.statistics.canvases) == len(page.statistics.found.charts) == 7
    assert "校领导和管理员账号按整学期查看：2025-2026学年第一学期" in page.statistics.summary.text()
    assert page.statistics.found.threshold > 0
    shot(main, "reports-statistics")


def test_a_year_of_statistics_keeps_the_window_on_the_screen(window: Callable[[str], MainWindow]) -> None:
    main = window("lead")
    main.open_page("报表")
    page = reports_page(main)
    page.tabs.setCurrentWidget(page.statistics)
    page.statistics.set_range(date(2024, 1, 1), date(2025, 10, 12))
    page.statistics.build_button.click()
    assert "确切人数" in page.statistics.summary.text() and len(page.statistics.found.months) == 22
    assert main.minimumSizeHint().width() <= 1366


def test_the_activity_table_says_a_reversed_range_and_shows_typed_text_as_text(
    window: Callable[[str], MainWindow],
) -> None:
    main = window("counselor")
    main.open_page("报表")
    page = reports_page(main)
    tab = page.activity_table
    page.tabs.setCurrentWidget(tab)
    tab.choose_dates(date(2025, 10, 1), date(2025, 9, 15))
    tab.build_button.click()
    assert "早于开始日期" in tab.problem.text() and tab.table_data is None
    tab.choose_dates(date(2025, 9, 1), date(2025, 9, 30))
    tab.phone.setText("abc<script>x</script>")
    tab.build_button.click()
    assert tab.problem.text() == "" and tab.table_data is not None
    assert tab.school.textFormat() == Qt.TextFormat.PlainText and "abc<script>" in tab.school.text()
    assert "统计时段：2025年9月1日至2025年9月30日" in tab.school.text()


def test_the_activity_table_for_a_month_saved_as_excel_pdf_and_word(
    window: Callable[[str], MainWindow], demo: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    main = window("principal")
    page = reports_page(main)
    tab = page.activity_table
    page.tabs.setCurrentWidget(tab)
    texts = [tab.period.itemText(i) for i in range(tab.period.count())]
    assert texts[0] == "2025-2026学年第一学期" and "自选日期…" not in texts  # the principal: whole periods
    assert tab.model.rowCount() == 6 and tab.model.row_at(5).category == "学生家长倾心谈"
    tab.period.setCurrentIndex(texts.index("　2025年9月"))
    tab.contact.setText("王老师")
    tab.build_button.click()
    assert "统计时段：2025年9月1日至2025年9月30日" in tab.notes.text() and "王老师" in tab.school.text()
    monkeypatch.setattr(report_output, "saved_notice", lambda _parent, _path: None)
    for fmt in ("xlsx", "pdf", "docx"):
        target = tmp_path / f"活动记录表.{fmt}"
        monkeypatch.setattr(report_output, "ask_report_path", lambda _p, _t, _f, target=target: str(target))
        tab.save_buttons[fmt].click()
        assert target.exists() and audited(main, "exported")[-1][0] == "activity_table"
    cells = [str(c.value) for row in load_workbook(tmp_path / "活动记录表.xlsx").active.iter_rows() for c in row]
    text = subprocess.run(["pdftotext", str(tmp_path / "活动记录表.pdf"), "-"], capture_output=True, text=True).stdout
    words = "\n".join(p.text for p in Document(str(tmp_path / "活动记录表.docx")).paragraphs)
    for found in (" ".join(cells), text, words):
        assert "活动记录表" in found and "王老师" in found
        assert not [n for n in student_names(demo) if n in found]
    shot(main, "reports-activity-table")


def test_a_counselor_picks_any_dates(window: Callable[[str], MainWindow]) -> None:
    main = window("counselor")
    main.open_page("报表")
    page = reports_page(main)
    tab = page.activity_table
    page.tabs.setCurrentWidget(tab)
    tab.choose_dates(date(2025, 9, 15), date(2025, 10, 12))
    assert tab.start_field.isEnabled()
    tab.build_button.click()
    assert tab.table_data is not None and tab.table_data.start == date(2025, 9, 15)


def test_the_activity_table_tab_is_built_when_first_opened_with_the_services_rows(
    window: Callable[[str], MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    """报表 opens on 学期自查报告: 活动记录表, 统计 and 导出 (and their modules) wait until chosen; 活动记录表
    then shows the service's table for the period it offers first — built once, read once."""
    from counselroom.gui.reports.activity_table_tab import ActivityTableTab
    from counselroom.services.reports import activity_table

    main = window("counselor")
    main.open_page("报表")
    page = reports_page(main)
    holder = page.holders["活动记录表"]
    assert [page.holders[t].content for t in ("活动记录表", "统计", "导出")] == [None, None, None]
    page.refresh()  # after a save elsewhere: still not built
    assert holder.content is None
    reads: list[object] = []
    read = activity_table.activity_table
    monkeypatch.setattr(activity_table, "activity_table", lambda *a, **k: reads.append(k) or read(*a, **k))
    page.tabs.setCurrentIndex(page.tabs.indexOf(holder))  # the teacher clicks the tab
    tab = page.tabs.currentWidget()
    assert isinstance(tab, ActivityTableTab) and tab is holder.content and tab is page.activity_table
    assert page.tabs.tabText(page.tabs.currentIndex()) == "活动记录表" and len(reads) == 1
    assert tab.period.itemText(0) == "2025-2026学年第一学期"  # the terms read as it was built
    session = main.runner.session
    expected = read(session.db, session.actor, **tab._args(), now=FIXED_NOW)
    assert tab.table_data == expected and len(expected.rows) > 0
    assert [tab.model.row_at(i) for i in range(tab.model.rowCount())] == list(expected.rows)
    page.tabs.setCurrentIndex(0)
    page.tabs.setCurrentIndex(page.tabs.indexOf(tab))
    assert page.tabs.currentWidget() is tab and len(reads) == 1  # built once, read once
    assert page.holders["统计"].content is None and page.holders["导出"].content is None
