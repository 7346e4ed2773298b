"""休学与复学 in the student file, as a counselor works it: the status change to 复学 asks for the
return (the signed 复学评估, documents, the check-in plan), and each due check-in has its 完成."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from counselroom.domain.roles import Role
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.students.leave_return_tab import CheckinDoneDialog, LeaveDialog, LeaveReturnTab, ReturnDialog
from counselroom.gui.students.student_dialogs import StatusChangeDialog
from counselroom.gui.students.student_file_dialog import LEAVE_TAB, StudentFileDialog
from counselroom.services.accounts.session import Session
from counselroom.services.students import return_checkins, return_todos, student_records
from counselroom.system import clock
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.gui.dialogs import answer_dialog
from tests.school_data import add_small_school
from tests.services.leave_data import RETURNED, case_with_assessment, on_leave

pytestmark = pytest.mark.gui


@pytest.fixture
def runner(school: SchoolFixture, monkeypatch: pytest.MonkeyPatch) -> Iterator[ServiceRunner]:
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW)
    add_small_school(school.admin)
    sessions: dict[Role, Session] = {}
    sessions[Role.LEAD] = school.sign_in("lead")
    sessions[Role.COUNSELOR] = school.sign_in("counselor")
    on_leave(sessions[Role.COUNSELOR], 1)
    case_with_assessment(sessions, 1)
    yield ServiceRunner(sessions[Role.COUNSELOR], school.keys)
    for s in sessions.values():
        s.db.close()


def _file(qtbot: QtBot, runner: ServiceRunner) -> StudentFileDialog:
    dialog = StudentFileDialog(runner, 1)
    qtbot.addWidget(dialog)
    return dialog


def test_the_status_change_to_return_asks_for_the_assessment_documents_and_plan(
    qtbot: QtBot, runner: ServiceRunner
) -> None:
    dialog = _file(qtbot, runner)
    assert LEAVE_TAB in [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]

    def fill_return(box: ReturnDialog) -> None:
        assert box.assessment.currentData() is not None  # the signed, supporting assessment is preselected
        box.returned_on.setDate(QDate(RETURNED.year, RETURNED.month, RETURNED.day))
        assert [f.date().toPython().isoformat() for f in box.checkins] == ["2025-09-22", "2025-09-29", "2025-10-13"]
        box.documents[next(iter(box.documents))][0].setChecked(True)  # 家长复学申请
        box.buttons.accepted.emit()

    def choose(box: StatusChangeDialog) -> None:
        box.status.setCurrentText("复学")
        assert not box.reason.isEnabled() and "复学信息" in box.next_step.text()
        answer_dialog(ReturnDialog, fill_return)  # type: ignore[arg-type]
        box.buttons.accepted.emit()

    answer_dialog(StatusChangeDialog, choose)  # type: ignore[arg-type]
    dialog.change_status()
    assert "复学" in dialog.subtitle.text()
    tab = dialog.leave_tab
    assert set(tab.done_buttons) and len(tab.done_buttons) == 3  # two past due, one today
    assert not tab.return_button.isVisibleTo(tab) and tab.leave_button.isVisibleTo(tab)

    s = runner.session
    first = min(tab.done_buttons)

    def done(box: CheckinDoneDialog) -> None:
        box.note.setPlainText("到校正常，和同桌有说有笑")
        box.buttons.accepted.emit()

    answer_dialog(CheckinDoneDialog, done)  # type: ignore[arg-type]
    tab.done_buttons[first].click()
    assert first not in dialog.leave_tab.done_buttons and len(dialog.leave_tab.done_buttons) == 2
    back = return_checkins.student_leaves(s.db, s.actor, 1, now=FIXED_NOW).leaves[0].back
    assert back is not None and back.checkins[0].note == "到校正常，和同桌有说有笑"


def test_a_todo_opens_the_file_on_the_leave_tab_and_a_leave_is_taken_there(qtbot: QtBot, runner: ServiceRunner) -> None:
    s = runner.session
    dialog = _file(qtbot, runner)
    dialog.show_tab(return_todos.TAB)
    tab = dialog.tabs.currentWidget()
    assert isinstance(tab, LeaveReturnTab) and tab.return_button.isVisibleTo(tab)
    # a second student goes on leave from the same tab's 办理休学
    other = StudentFileDialog(runner, 2)
    qtbot.addWidget(other)

    def leave(box: LeaveDialog) -> None:
        box.reason.setText("家庭变故，家长申请休学一学期")
        box.kind.setCurrentText("家庭原因")
        box.buttons.accepted.emit()

    answer_dialog(LeaveDialog, leave)  # type: ignore[arg-type]
    other.leave_tab.leave_button.click()
    assert student_records.open_student_file(s.db, s.actor, 2, now=FIXED_NOW).status == "休学"
    assert any("家庭变故" in label.text() for label in other.leave_tab.findChildren(QLabel))


def test_a_late_document_and_an_extra_check_in_after_the_return(
    qtbot: QtBot, runner: ServiceRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QPushButton

    from counselroom.gui.students.leave_return_tab import DocumentDialog, ExtraCheckinDialog
    from counselroom.services.students import school_leave

    s = runner.session
    note_id = next(c.note_id for c in school_leave.return_assessments(s.db, s.actor, 1, now=FIXED_NOW) if not c.usable)
    school_leave.record_return(
        s.db, s.actor, 1, returned_on=RETURNED, assessment_note_id=note_id, documents=[],
        checkin_dates=[RETURNED + timedelta(days=7)], now=FIXED_NOW,
    )  # fmt: skip
    dialog = _file(qtbot, runner)

    def button(text: str) -> QPushButton:
        return next(b for b in dialog.leave_tab.findChildren(QPushButton) if b.text() == text)

    assert button("打印复学评估表…").isVisibleTo(dialog.leave_tab)  # the return rests on a signed 复学评估
    from counselroom.gui.printing import print_preview

    printed: list[str] = []
    monkeypatch.setattr(print_preview, "print_job", lambda _parent, job, runner: printed.append(job.title) or True)
    button("打印复学评估表…").click()
    qtbot.waitUntil(lambda: bool(printed))
    assert printed[0].startswith("复学评估表 复学")

    def receive(box: DocumentDialog) -> None:
        assert box.kind.currentText().endswith("（待补）")  # what is missing comes first
        box.issuer.setText("市第九医院")
        box.buttons.accepted.emit()

    missing_before = return_checkins.student_leaves(s.db, s.actor, 1, now=FIXED_NOW).leaves[0].back.missing  # type: ignore[union-attr]
    answer_dialog(DocumentDialog, receive)  # type: ignore[arg-type]
    button("登记补交材料…").click()
    back = return_checkins.student_leaves(s.db, s.actor, 1, now=FIXED_NOW).leaves[0].back
    assert back is not None and len(back.missing) == len(missing_before) - 1
    assert any(d.issuer == "市第九医院" for d in back.documents)

    answer_dialog(ExtraCheckinDialog, lambda box: box.buttons.accepted.emit())  # type: ignore[arg-type]
    button("增加随访…").click()
    back = return_checkins.student_leaves(s.db, s.actor, 1, now=FIXED_NOW).leaves[0].back
    assert back is not None and len(back.checkins) == 2
