"""导出 as teachers use it (issue #14 item 6): 报表 → 导出 shows what will leave the room — watermark,
tables, columns, rows, hidden cells — before asking where; the principal, the admin and a counselor
each save the statistics (only the counselor's with 学生记录). 预警 → 给班主任的名单… asks for a class and
a purpose, previews the names, then saves a watermarked list; the principal has no such button, and
the service refuses a principal who gets there anyway."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from counselroom.domain.exports.export_document import ExportDocument
from counselroom.gui import service_runner
from counselroom.gui.exports import class_list_export, export_flow
from counselroom.gui.exports.class_list_export import ClassListDialog
from counselroom.gui.exports.export_preview import ExportPreviewDialog
from counselroom.gui.main_window import MainWindow
from counselroom.gui.pages.reports_page import ReportsPage
from counselroom.gui.pages.warnings_page import WarningsPage
from counselroom.services.exports.class_list import ClassChoice
from counselroom.system import clock
from tests.conftest import FIXED_NOW
from tests.demo_school import Demo, make_demo
from tests.gui.activity_screens import shot
from tests.gui.demo_windows import windows_on
from tests.services.export_checks import read_back


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    return make_demo(tmp_path_factory.mktemp("exports") / "school.db", students=240, years=1, seed=5)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW)


@pytest.fixture
def window(qtbot: QtBot, demo: Demo) -> Iterator[Callable[[str], MainWindow]]:
    yield from windows_on(qtbot, demo)


class Steps:
    """The preview is driven as a teacher would (its own buttons); the file dialog and the notice
    are answered; what each step saw is kept."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, target: Path, choose: str | None) -> None:
        self.previews: list[ExportPreviewDialog] = []
        self.notices: list[str] = []
        self.asked: list[str] = []

        def preview(parent: Any, doc: ExportDocument) -> str | None:
            dialog = ExportPreviewDialog(doc, parent)
            dialog.show()
            self.previews.append(dialog)
            shot(dialog, f"export-preview-{doc.kind}")
            button = {"xlsx": dialog.excel_button, "csv": dialog.csv_button, None: dialog.cancel_button}[choose]
            button.click()
            return dialog.chosen

        def ask(_parent: Any, _title: str, fmt: str) -> str:
            self.asked.append(fmt)
            return str(target)

        monkeypatch.setattr(export_flow, "preview_export", preview)
        monkeypatch.setattr(export_flow, "ask_export_path", ask)
        monkeypatch.setattr(export_flow, "exported_notice", lambda _p, _d, path: self.notices.append(path))


def reports_export(main: MainWindow) -> ReportsPage:
    main.open_page("报表")
    page = main.page_titled("报表")
    assert isinstance(page, ReportsPage)
    page.tabs.setCurrentWidget(page.export_tab)
    return page


def exported(main: MainWindow) -> list[tuple[str, str]]:
    rows = main.runner.session.db.conn.execute(
        "SELECT object_type, reason FROM audit_log WHERE action = 'exported' ORDER BY seq"
    ).fetchall()
    return [(str(a), str(b)) for a, b in rows]


@pytest.mark.parametrize("username", ["principal", "admin"])
def test_the_statistics_are_previewed_then_saved_without_records(
    window: Callable[[str], MainWindow], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, username: str
) -> None:
    main = window(username)
    page = reports_export(main)
    tab = page.export_tab
    assert tab.term_box.currentText() == "2025-2026学年第一学期" and "不含逐人记录" in tab.records.text()
    shot(main, f"reports-export-{username}")
    steps = Steps(monkeypatch, tmp_path / "统计.xlsx", "xlsx")
    tab.export_button.click()
    (dialog,) = steps.previews
    role = {"principal": "校领导", "admin": "管理员"}[username]
    assert dialog.watermark.text().endswith(dialog.doc.watermark) and f"（{role}）" in dialog.doc.watermark
    assert dialog.tables.rowCount() == len(dialog.doc.tables) and "学生记录" not in [t.sheet for t in dialog.doc.tables]
    assert "“<5”格" in dialog.summary.text() and dialog.doc.export_id in dialog.summary.text()
    warnings_row = next(i for i, t in enumerate(dialog.doc.tables) if t.sheet == "预警在册")
    dialog.table_list.selectRow(warnings_row)
    assert dialog.content.rowCount() == len(dialog.doc.tables[warnings_row].rows)
    headers = [dialog.content.headerData(i, Qt.Orientation.Horizontal) for i in range(dialog.content.columnCount())]
    assert headers == ["年级", "红色预警", "橙色预警", "黄色预警", "合计"]
    assert steps.asked == ["xlsx"] and steps.notices == [str(tmp_path / "统计.xlsx")]
    assert read_back(tmp_path / "统计.xlsx").first_line == dialog.doc.watermark
    assert exported(main)[-1][0] == "stats"


def test_a_counselors_statistics_carry_records_and_save_as_csv(
    window: Callable[[str], MainWindow], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    main = window("counselor")
    tab = reports_export(main).export_tab
    assert "化名" in tab.records.text()
    steps = Steps(monkeypatch, tmp_path / "统计.csv", "csv")
    tab.export_button.click()
    (dialog,) = steps.previews
    records = [t.sheet for t in dialog.doc.tables].index("学生记录")
    dialog.table_list.selectRow(records)
    assert dialog.content.rowCount() == 240 and dialog.content.columnCount() == 12
    assert "学生记录（化名，每行一名在校学生）" in read_back(tmp_path / "统计.csv").texts


def test_cancelling_the_preview_writes_nothing(
    window: Callable[[str], MainWindow], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    main = window("principal")
    tab = reports_export(main).export_tab
    before = exported(main)
    steps = Steps(monkeypatch, tmp_path / "统计.xlsx", None)
    assert tab.export() is False
    assert steps.asked == [] and not (tmp_path / "统计.xlsx").exists() and exported(main) == before


def drive_class_dialog(monkeypatch: pytest.MonkeyPatch, reason: str, seen: list[ClassListDialog]) -> None:
    def ask(parent: Any, choices: list[ClassChoice]) -> dict[str, Any] | None:
        dialog = ClassListDialog(choices, parent)
        dialog.show()
        seen.append(dialog)
        dialog.reason.setText(reason)
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        shot(dialog, "class-list-dialog")
        return dialog.values() if dialog.result() else None

    monkeypatch.setattr(class_list_export, "ask_class_list", ask)


def warnings_page(main: MainWindow) -> WarningsPage:
    main.open_page("预警")
    page = main.page_titled("预警")
    assert isinstance(page, WarningsPage)
    return page


def test_a_counselor_saves_a_watermarked_class_list_for_a_head_teacher(
    window: Callable[[str], MainWindow], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    main = window("counselor")
    page = warnings_page(main)
    seen: list[ClassListDialog] = []
    drive_class_dialog(monkeypatch, "请班主任日常关注", seen)
    steps = Steps(monkeypatch, tmp_path / "名单.xlsx", "xlsx")
    page.class_list_button.click()
    (dialog,) = seen
    chosen = dialog.choices[dialog.class_box.currentIndex()]
    assert chosen.on_list > 0 and f"预警名单 {chosen.on_list} 人" in dialog.class_box.currentText()
    (preview,) = steps.previews
    assert "含学生姓名" in preview.notice.text() and "用途：请班主任日常关注" in preview.watermark.text()
    assert preview.content.rowCount() == chosen.on_list
    assert preview.content.headerData(1, Qt.Orientation.Horizontal) == "姓名"
    found = read_back(tmp_path / "名单.xlsx")
    assert found.first_line == preview.doc.watermark and found.first_line.startswith("【保密】导出：")
    assert exported(main)[-1] == ("class_list", "请班主任日常关注")
    shot(main, "warnings-class-list")


def test_a_class_list_needs_a_purpose(
    window: Callable[[str], MainWindow], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    main = window("lead")
    seen: list[ClassListDialog] = []
    drive_class_dialog(monkeypatch, "", seen)
    steps = Steps(monkeypatch, tmp_path / "名单.csv", "csv")
    warnings_page(main).class_list_button.click()
    assert "请写明用途" in seen[0].error.text() and steps.previews == []
    assert not (tmp_path / "名单.csv").exists()


def test_the_principal_has_no_class_list_and_is_refused_if_asked(
    window: Callable[[str], MainWindow], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    main = window("principal")
    page = warnings_page(main)
    assert not hasattr(page, "class_list_button")
    errors: list[str] = []
    monkeypatch.setattr(service_runner, "show_error", lambda _p, error: errors.append(str(error)))
    Steps(monkeypatch, tmp_path / "名单.xlsx", "xlsx")
    assert class_list_export.export_class_list(main, main.runner) is False
    assert errors == ["校领导无权导出含学生姓名的名单"] and not (tmp_path / "名单.xlsx").exists()
