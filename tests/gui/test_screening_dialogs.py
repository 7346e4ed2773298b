"""录入测评 and 导入测评结果 as a counselor uses them, and the trend chart widget."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox
from pytestqt.qtbot import QtBot

from counselroom.domain.roles import Role
from counselroom.domain.screening.instruments import REFUSED, Instrument
from counselroom.gui.chart_widget import TrendChartWidget
from counselroom.gui.screening.screening_dialogs import ScreeningEntryDialog, ScreeningImportDialog
from counselroom.gui.service_runner import ServiceRunner
from counselroom.services.accounts.session import KeyPolicy, Session
from tests.services.screening_data import PHQ_ITEMS, add_screening_students, platform_export


@pytest.fixture
def runner(sessions: dict[Role, Session], keys: KeyPolicy) -> ServiceRunner:
    add_screening_students(sessions[Role.ADMIN])
    return ServiceRunner(sessions[Role.COUNSELOR], keys)


def entry(qtbot: QtBot, runner: ServiceRunner) -> ScreeningEntryDialog:
    dialog = ScreeningEntryDialog(runner, 1, "张晓明")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def click(qtbot: QtBot, dialog: ScreeningEntryDialog, answers: list[int]) -> None:
    for item, value in enumerate(answers, start=1):
        qtbot.mouseClick(dialog.button(item, value), Qt.MouseButton.LeftButton)


def results(runner: ServiceRunner) -> list[tuple]:
    return runner.session.db.conn.execute(
        "SELECT student_id, total_score, band, positive, risk_item_flag FROM screening_results"
    ).fetchall()


def test_fill_phq9_by_clicking_and_save(qtbot: QtBot, runner: ServiceRunner) -> None:
    dialog = entry(qtbot, runner)
    assert len(dialog.groups) == 9
    boxes = dialog.items_area.widget().findChildren(QGroupBox)
    assert boxes[0].title() == "1. 做事时提不起劲或没有兴趣" and "伤害自己" in boxes[8].title()
    assert dialog.button(3, 2).text() == "2 一半以上的天数"
    click(qtbot, dialog, [2, 2, 1, 1, 2, 1, 1, 2])
    assert dialog.score_label.text() == "已答 8/9 题，小计 12"
    assert not dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.button(9, 0), Qt.MouseButton.LeftButton)
    assert dialog.score_label.text() == "总分 12 · 中度抑郁症状 · 筛查阳性"
    assert dialog.flags.text() == ""
    with qtbot.waitSignal(runner.changed) as changed:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "warnings" in changed.args[0].kinds
    assert dialog.outcome is not None and dialog.result() == 1
    assert results(runner) == [(1, 12.0, "中度抑郁症状", 1, 0)]


def test_item9_answer_is_flagged_live(qtbot: QtBot, runner: ServiceRunner) -> None:
    dialog = entry(qtbot, runner)
    click(qtbot, dialog, [1, 1, 0, 1, 0, 0, 0, 0, 1])
    assert dialog.score_label.text() == "总分 4 · 无或极轻微抑郁症状 · 未达筛查阳性"
    assert "第 9 题" in dialog.flags.text()
    qtbot.mouseClick(dialog.button(9, 0), Qt.MouseButton.LeftButton)  # a change of answer
    assert dialog.flags.text() == ""
    assert dialog.score_label.text().startswith("总分 3")


def test_asq_asks_question_five_only_after_a_yes(qtbot: QtBot, runner: ServiceRunner) -> None:
    dialog = entry(qtbot, runner)
    dialog.instrument.setCurrentIndex(dialog.instrument.findData(Instrument.ASQ))
    assert len(dialog.groups) == 5
    assert not dialog.button(5, 1).isEnabled()
    click(qtbot, dialog, [0, 0, 0, 0])
    assert dialog.score_label.text() == "阴性" and dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.button(2, 1), Qt.MouseButton.LeftButton)
    assert dialog.button(5, 1).isEnabled() and not dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.button(5, 1), Qt.MouseButton.LeftButton)
    assert dialog.score_label.text() == "筛查阳性（急性）"
    assert "当日面谈" in dialog.flags.text()
    qtbot.mouseClick(dialog.button(2, 0), Qt.MouseButton.LeftButton)  # back to all no: Q5 is cleared
    assert not dialog.button(5, 1).isEnabled() and not dialog.button(5, 1).isChecked()
    assert dialog.score_label.text() == "阴性"


def test_asq_refusing_a_question_is_a_positive_screen(qtbot: QtBot, runner: ServiceRunner) -> None:
    """NIMH: a refusal of any of questions 1–4 is a positive screen, and question 5 is then asked."""
    dialog = entry(qtbot, runner)
    dialog.instrument.setCurrentIndex(dialog.instrument.findData(Instrument.ASQ))
    assert [b.text() for b in dialog.groups[0].buttons()] == ["否", "是", "拒绝回答"]
    click(qtbot, dialog, [0, 0, 0, 0])
    qtbot.mouseClick(dialog.button(3, REFUSED), Qt.MouseButton.LeftButton)
    assert dialog.button(5, 0).isEnabled() and not dialog.save_button.isEnabled()  # question 5 now
    qtbot.mouseClick(dialog.button(5, 0), Qt.MouseButton.LeftButton)
    assert dialog.score_label.text() == "筛查阳性（非急性）"
    assert "第 3 题拒绝回答" in dialog.flags.text()
    qtbot.mouseClick(dialog.button(5, REFUSED), Qt.MouseButton.LeftButton)
    assert dialog.score_label.text() == "筛查阳性（急性）" and "当日面谈" in dialog.flags.text()
    with qtbot.waitSignal(runner.changed) as changed:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "warnings" in changed.args[0].kinds and dialog.outcome is not None
    assert dialog.outcome.proposed_level is not None and dialog.outcome.proposed_level.value == "red"


def test_switching_to_gad7_shows_seven_items(qtbot: QtBot, runner: ServiceRunner) -> None:
    dialog = entry(qtbot, runner)
    dialog.instrument.setCurrentIndex(dialog.instrument.findData(Instrument.GAD7))
    assert len(dialog.groups) == 7
    click(qtbot, dialog, [3, 3, 3, 3, 3, 0, 0])
    assert dialog.score_label.text() == "总分 15 · 重度焦虑症状 · 筛查阳性"


def test_import_dialog_maps_previews_and_imports(qtbot: QtBot, runner: ServiceRunner, tmp_path: Path) -> None:
    dialog = ScreeningImportDialog(runner)
    qtbot.addWidget(dialog)
    dialog.set_path(platform_export(tmp_path / "普查.xlsx"))
    assert dialog.instrument.currentData() == "PHQ-9"
    assert dialog.field_boxes["学号"].currentText() == "学号"
    assert dialog.field_boxes["第9题"].currentText() == PHQ_ITEMS[8]
    assert not dialog.import_button.isEnabled()
    assert dialog.mapping()["用时"] == "作答时长"
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    assert dialog.preview is not None and dialog.preview.errors == ()
    assert dialog.preview_model.rowCount() == 5
    assert "将生成预警建议 2 条" in dialog.summary.text()
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.imported is not None and dialog.imported.new == 5
    assert len(results(runner)) == 5
    dialog.reject()
    assert dialog.preview_model.rowCount() == 0


def test_import_dialog_lists_bad_rows_and_keeps_import_disabled(
    qtbot: QtBot, runner: ServiceRunner, tmp_path: Path
) -> None:
    from tests.services.screening_data import ROWS

    bad = platform_export(tmp_path / "bad.xlsx", [ROWS[0], ("2099999999", "某某", *ROWS[1][2:])])
    dialog = ScreeningImportDialog(runner)
    qtbot.addWidget(dialog)
    dialog.set_path(bad)
    dialog.run_preview()
    assert dialog.errors_model.rowCount() == 1
    assert dialog.errors_model.row_at(0).row == 5
    assert dialog.tabs.currentIndex() == 1 and "不会导入任何数据" in dialog.problem.text()
    assert "第 5 行（共 1 份）有风险题作答，请尽快改正后重新导入" in dialog.problem.text()  # item 9 = 1 there
    assert not dialog.import_button.isEnabled()


def test_import_preview_shows_review_notes_and_risk_answers_on_invalid_sheets(
    qtbot: QtBot, runner: ServiceRunner, tmp_path: Path
) -> None:
    rows = [
        ("2025101001", "张晓明", "2025-10-09 14:03:22", "00:05", [0] * 8 + [1], 1, "有效"),  # too fast, item 9
        ("2025101002", "李雨涵", "2025-10-09 14:05:10", "02:40", [0] * 9, 0, "有效"),  # all 0
    ]
    dialog = ScreeningImportDialog(runner)
    qtbot.addWidget(dialog)
    dialog.set_path(platform_export(tmp_path / "普查.xlsx", rows))
    dialog.run_preview()
    headers = [dialog.preview_model.headerData(i, Qt.Orientation.Horizontal) for i in range(10)]
    column = {h: i for i, h in enumerate(headers)}
    cell = dialog.preview_model.data
    assert "作答过快" in cell(dialog.preview_model.index(0, column["无效原因"]))
    assert cell(dialog.preview_model.index(0, column["预警建议"])) == "橙色"
    assert "同一答案" in cell(dialog.preview_model.index(1, column["复核"]))
    assert "风险题有作答 1 份" in dialog.summary.text() and "将生成预警建议 1 条" in dialog.summary.text()


def test_trend_chart_widget_draws_and_clears(qtbot: QtBot) -> None:
    from datetime import date

    widget = TrendChartWidget()
    qtbot.addWidget(widget)
    widget.show_points([(date(2025, 3, 10), "PHQ-9", 12.0), (date(2025, 10, 9), "GAD-7", 6.0)], title="张晓明 测评趋势")
    widget.canvas.draw()
    assert [a.get_ylabel() for a in widget.canvas.figure.axes] == ["PHQ-9 总分", "GAD-7 总分"]
    widget.clear()
    assert widget.points == [] and widget.canvas.figure.axes[0].texts[0].get_text() == "暂无测评记录"
