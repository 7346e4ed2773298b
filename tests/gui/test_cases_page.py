"""个案 as a counselor and the lead use it (issue #10 acceptance): open the case, write a note
from its template, save the draft, lock and unlock (the draft kept), sign, try to edit (refused),
add a 补充说明, co-sign a crisis note as the lead."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from counselroom.domain.errors import AccessDenied
from counselroom.gui.cases.case_dialogs import TemplateDialog
from counselroom.gui.cases.note_form import NoteForm
from counselroom.gui.main_window import MainWindow
from counselroom.gui.pages import cases_page
from counselroom.gui.pages.cases_page import CasesPage
from counselroom.gui.service_runner import ServiceRunner
from counselroom.services.cases import notes
from counselroom.system import clock
from tests.conftest import FIXED_NOW, PASSWORD, SchoolFixture
from tests.gui.dialogs import answer_dialog
from tests.services.case_data import counselors_case


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW)


def _window(qtbot: QtBot, school: SchoolFixture, username: str) -> MainWindow:
    main = MainWindow(ServiceRunner(school.sign_in(username), school.keys))
    qtbot.addWidget(main)
    main.show()
    return main


@pytest.fixture
def counselor_window(qtbot: QtBot, school: SchoolFixture, sessions: dict) -> Iterator[tuple[MainWindow, int]]:  # type: ignore[type-arg]
    case_id = counselors_case(sessions)
    main = _window(qtbot, school, "counselor")
    yield main, case_id
    if main.runner.session.db.is_open:
        main.runner.session.db.close()


SESSION = {"topic": "考试前失眠", "process": "谈了作息", "next_step": "一周后再约"}


def _draft(window: MainWindow, case_id: int, template_id: str, fields: dict[str, str] | None = None) -> int:
    """A draft written through the services, as if typed earlier."""
    s = window.runner.session
    return notes.start_note(
        s.db, s.actor, case_id, template_id=template_id, held_on=FIXED_NOW.date(), fields=fields or {}, now=FIXED_NOW
    )


def _cases_page(window: MainWindow) -> CasesPage:
    window.open_page("个案")
    page = window.page_titled("个案")
    assert isinstance(page, CasesPage)
    return page


def _open_first_case(qtbot: QtBot, page: CasesPage) -> None:
    assert page.case_model.rowCount() == 1
    assert page.case_model.data(page.case_model.index(0, 0)) == "张晓明"
    page.case_table.activated.emit(page.case_model.index(0, 0))
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.view)


def _new_note(qtbot: QtBot, page: CasesPage, template_id: str) -> NoteForm:
    def choose(dialog: TemplateDialog) -> None:
        for row in range(dialog.choices.count()):
            if dialog.choices.item(row).data(Qt.ItemDataRole.UserRole) == template_id:
                dialog.choices.setCurrentRow(row)
        dialog.buttons.accepted.emit()

    answer_dialog(TemplateDialog, choose)  # type: ignore[arg-type]
    _focus(qtbot, page.view.note_list)
    qtbot.keyClick(page.view.note_list, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.view.editor.form is not None)
    form = page.view.editor.form
    assert form is not None and form.template.id == template_id
    return form


def _focus(qtbot: QtBot, widget: QWidget) -> None:
    """Keys go to the focused widget of the active window, as on a teacher's screen (a modal
    dialog closing leaves no window active offscreen)."""
    widget.window().activateWindow()
    qtbot.waitUntil(widget.window().isActiveWindow)
    widget.setFocus()


def _type(qtbot: QtBot, form: NoteForm, key: str, text: str) -> None:
    editor = form.editors[key]
    _focus(qtbot, editor)
    if isinstance(editor, QComboBox):
        editor.setCurrentIndex(editor.findText(text))
    elif isinstance(editor, QPlainTextEdit):
        editor.insertPlainText(text)  # typed as an input method delivers Chinese: all at once
    else:
        editor.insert(text)


def _fill_required(qtbot: QtBot, form: NoteForm) -> None:
    for field in form.template.note_fields:
        if field.required and field.key not in form.values():
            value = field.options[0] if field.options else "2025-10-20" if field.kind.value == "date" else "已记录"
            _type(qtbot, form, field.key, value)


def test_write_save_lock_unlock_sign_refuse_edit_and_add_an_addendum(
    qtbot: QtBot, counselor_window: tuple[MainWindow, int], answers: list[str]
) -> None:
    window, _case_id = counselor_window
    page = _cases_page(window)
    _open_first_case(qtbot, page)
    form = _new_note(qtbot, page, "individual")
    editor = page.view.editor

    _type(qtbot, form, "topic", "考试前失眠")
    assert editor.dirty and editor.saved_label.text() == "有未保存的修改"
    qtbot.keyClick(form.editors["topic"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not editor.dirty and "草稿已保存" in editor.saved_label.text()
    session = window.runner.session
    assert editor.note is not None
    note_id = editor.note.id
    kept = notes.open_note(session.db, session.actor, note_id, now=FIXED_NOW)
    assert kept.fields == {"topic": "考试前失眠"} and kept.state == "草稿"

    # Lock with unsaved typing, unlock: the same note is open again with the typing in it.
    _type(qtbot, form, "process", "聊了作息和复习安排")
    window.lock()
    assert window.is_locked and page.view.editor.note is None
    window.unlock(PASSWORD)
    assert not window.is_locked
    assert page.stack.currentWidget() is page.view and editor.note is not None and editor.note.id == note_id
    form = editor.form
    assert form is not None
    assert form.values() == {"topic": "考试前失眠", "process": "聊了作息和复习安排"}
    assert not editor.dirty, "the lock saved the typing into the note's own draft"
    session = window.runner.session
    saved = notes.open_note(session.db, session.actor, note_id, now=FIXED_NOW).fields
    assert saved == {"topic": "考试前失眠", "process": "聊了作息和复习安排"}

    # Ctrl+Enter signs after the confirmation (it saves first; the missing field is asked for).
    _fill_required(qtbot, form)
    _focus(qtbot, form.editors["topic"])
    qtbot.keyClick(form.editors["topic"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert answers == ["签名：个别辅导"]
    assert editor.note is not None and editor.note.state == "已签名"
    form = editor.form
    assert form is not None
    topic = form.editors["topic"]
    assert topic.isReadOnly()  # type: ignore[union-attr]
    qtbot.keyClicks(topic, "edit")
    assert form.values()["topic"] == "考试前失眠"
    assert not editor.save_button.isVisible() and not editor.sign_button.isVisible()
    session = window.runner.session
    with pytest.raises(AccessDenied):
        notes.save_draft(session.db, session.actor, note_id, held_on=FIXED_NOW.date(), fields={}, now=FIXED_NOW)

    # 补充说明: added below; the note itself stays as signed.
    assert editor.addendum_box.isVisible()
    editor.addendum_text.insertPlainText("补充：家长来电说已调整作息")
    qtbot.mouseClick(editor.addendum_button, Qt.MouseButton.LeftButton)
    assert "补充：家长来电说已调整作息" in editor.addenda.text() and editor.addenda.isVisible()
    assert editor.form is not None and editor.form.values()["topic"] == "考试前失眠"
    assert "+1 补充说明" in page.view.note_list.item(0).text()


def test_the_lead_co_signs_a_counselors_crisis_note_from_the_queue(
    qtbot: QtBot, school: SchoolFixture, counselor_window: tuple[MainWindow, int], answers: list[str]
) -> None:
    window, _case_id = counselor_window
    page = _cases_page(window)
    _open_first_case(qtbot, page)
    form = _new_note(qtbot, page, "crisis")
    _fill_required(qtbot, form)
    page.view.editor.sign()
    assert page.view.editor.note is not None and page.view.editor.note.state == "待会签"
    assert not page.view.editor.cosign_button.isVisible(), "the author never co-signs"
    window.runner.session.db.close()

    lead = _window(qtbot, school, "lead")
    try:
        from counselroom.gui.pages.today_page import TodayPage

        today = lead.stack.currentWidget()
        assert isinstance(today, TodayPage)
        items = [today.todo_list.item(i) for i in range(today.todo_list.count())]
        cosign_item = next(i for i in items if i.text().startswith("【会签】1 条危机评估记录待您会签"))
        today.todo_list.itemActivated.emit(cosign_item)  # 今日 opens the note itself
        lead_page = lead.stack.currentWidget()
        assert isinstance(lead_page, CasesPage) and lead_page.stack.currentWidget() is lead_page.view
        assert lead_page.view.editor.note is not None and lead_page.view.editor.note.state == "待会签"
        lead_page.show_list()
        assert lead_page.tabs.tabText(2) == "待会签（1）"
        lead_page.queue_table.activated.emit(lead_page.queue_model.index(0, 0))
        editor = lead_page.view.editor
        assert editor.note is not None and editor.note.template_id == "crisis"
        assert editor.cosign_button.isVisible()
        qtbot.mouseClick(editor.cosign_button, Qt.MouseButton.LeftButton)
        assert editor.note.state == "已会签" and "会签：" in editor.state.text()
        lead_page.show_list()
        assert lead_page.queue_model.rowCount() == 0 and lead_page.tabs.tabText(2) == "待会签"
    finally:
        lead.runner.session.db.close()


def test_a_counselor_neither_assigned_nor_shared_sees_no_case_and_the_principal_no_page(
    qtbot: QtBot,
    school: SchoolFixture,
    sessions: dict,  # type: ignore[type-arg]
) -> None:
    from tests.services.test_cases import _second_counselor

    counselors_case(sessions)
    other = _second_counselor(school, sessions)
    try:
        page = CasesPage(ServiceRunner(other, school.keys))
        qtbot.addWidget(page)
        assert page.case_model.rowCount() == 0 and page.group_model.rowCount() == 0
        assert not page.empty.isHidden() and "还没有你负责" in page.empty.text()
        tabs = [page.tabs.tabText(i) for i in range(page.tabs.count())]
        assert tabs == ["我的个案", "团体辅导", "检索"], "no 待会签 tab for a counselor"
    finally:
        other.db.close()
    principal = _window(qtbot, school, "principal")
    try:
        assert "个案" not in principal._titles
    finally:
        principal.runner.session.db.close()


def test_the_student_file_shows_the_case_and_its_notes_and_reviews_the_plan(
    qtbot: QtBot, counselor_window: tuple[MainWindow, int], answers: list[str]
) -> None:
    from counselroom.gui.students.student_cases_tab import StudentCasesTab
    from counselroom.gui.students.student_dialogs import PlanReviewDialog
    from counselroom.gui.students.student_file_dialog import StudentFileDialog
    from counselroom.services.care import mentoring

    window, case_id = counselor_window
    s = window.runner.session
    note_id = _draft(window, case_id, "individual", SESSION)
    notes.sign_note(s.db, s.actor, note_id, now=FIXED_NOW)
    notes.add_addendum(s.db, s.actor, note_id, "家长来电补充情况", now=FIXED_NOW)
    mentoring.save_care_plan(s.db, s.actor, 1, goals="睡眠规律", measures="每周谈话一次", now=FIXED_NOW)

    dialog = StudentFileDialog(window.runner, 1, window)
    qtbot.addWidget(dialog)
    dialog.show_tab("个案")
    tab = dialog.tabs.currentWidget()
    assert isinstance(tab, StudentCasesTab)
    assert tab.cases.rowCount() == 1 and tab.empty.isHidden()
    text = tab.chronology.toPlainText()
    assert "个别辅导" in text and "考试前失眠" in text and "家长来电补充情况" in text

    def review(d: PlanReviewDialog) -> None:
        d.what_worked.setPlainText("每周谈话后入睡好转")
        d.measures.setPlainText("每两周谈话一次")
        d.buttons.accepted.emit()

    dialog.show_tab("导师与计划")
    answer_dialog(PlanReviewDialog, review)  # type: ignore[arg-type]
    dialog.review_button.click()
    assert dialog.review_model.rowCount() == 1
    assert dialog.review_model.row_at(0).what_worked == "每周谈话后入睡好转"
    assert dialog.texts["measures"].toPlainText() == "每两周谈话一次"


def test_search_finds_a_two_character_word_and_opens_the_note(
    qtbot: QtBot, counselor_window: tuple[MainWindow, int]
) -> None:
    window, case_id = counselor_window
    note_id = _draft(window, case_id, "individual", SESSION)
    page = _cases_page(window)
    page.search_box.setText("失眠")
    _focus(qtbot, page.search_box)
    qtbot.keyClick(page.search_box, Qt.Key.Key_Return)
    assert page.tabs.currentWidget() is page.search_tab
    kinds = {page.hit_model.row_at(i).kind for i in range(page.hit_model.rowCount())}
    assert kinds == {"辅导记录", "个案"}  # the note, and the case's reason (考试前失眠…)
    assert page.hit_hint.text() == "找到 2 条。双击打开。"
    row = next(i for i in range(page.hit_model.rowCount()) if page.hit_model.row_at(i).note_id == note_id)
    assert "【失眠】" in page.hit_model.data(page.hit_model.index(row, 3))  # type: ignore[operator]
    tip = page.hit_model.data(page.hit_model.index(row, 0), Qt.ItemDataRole.ToolTipRole)
    assert tip == page.hit_model.data(page.hit_model.index(row, 3))
    page.hit_table.activated.emit(page.hit_model.index(row, 0))
    assert page.stack.currentWidget() is page.view
    assert page.view.editor.note is not None and page.view.editor.note.id == note_id

    page.search_box.setText("没有这个词")
    page.search()
    assert page.hit_model.rowCount() == 0 and "没有找到" in page.hit_hint.text()
    assert cases_page.search_hint("作息", cases_page.SEARCH_SHOWN).startswith("显示最近的 50 条，可能还有更多")
    window.lock()
    assert page.search_box.text() == "" and page.hit_model.rowCount() == 0


def test_attach_a_scanned_pdf_view_it_in_the_program_and_save_a_watermarked_copy(
    qtbot: QtBot, counselor_window: tuple[MainWindow, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from counselroom.gui.cases.attachment_viewer import AttachmentViewer
    from counselroom.gui.cases.case_dialogs import AttachDialog, CopyReasonDialog
    from tests.attachment_files import letter_pdf

    window, _case_id = counselor_window
    scanned = tmp_path / "知情同意书.pdf"
    scanned.write_bytes(letter_pdf())
    page = _cases_page(window)
    _open_first_case(qtbot, page)

    def attach(dialog: AttachDialog) -> None:
        dialog.path.setText(str(scanned))  # what 选择文件… fills in
        dialog.kind.setCurrentText("知情同意书")
        dialog.buttons.accepted.emit()

    answer_dialog(AttachDialog, attach)  # type: ignore[arg-type]
    qtbot.mouseClick(page.view.attach_button, Qt.MouseButton.LeftButton)
    assert page.view.attachment_list.count() == 1
    assert "知情同意书.pdf" in page.view.attachment_list.item(0).text()

    seen: dict[str, object] = {}
    copy = tmp_path / "副本.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(copy), ""))

    def look(viewer: AttachmentViewer) -> None:
        seen["pages"] = viewer.page_count
        seen["message"] = viewer.message()
        answer_dialog(CopyReasonDialog, lambda d: (d.reason.setText("转介时交给医院"), d.buttons.accepted.emit()))  # type: ignore[arg-type, func-returns-value]
        viewer.save_copy_requested.emit()
        viewer.accept()

    answer_dialog(AttachmentViewer, look)  # type: ignore[arg-type]
    page.view.attachment_list.setCurrentRow(0)
    page.view.attachment_list.itemActivated.emit(page.view.attachment_list.item(0))
    assert seen == {"pages": 2, "message": ""}
    assert copy.exists() and copy.read_bytes() != letter_pdf()
    from pypdf import PdfReader

    assert "转介时交给医院" in PdfReader(copy).pages[0].extract_text()


def test_closing_the_program_keeps_the_typing_in_the_draft(
    qtbot: QtBot, school: SchoolFixture, counselor_window: tuple[MainWindow, int]
) -> None:
    window, case_id = counselor_window
    note_id = _draft(window, case_id, "individual")
    page = _cases_page(window)
    page.show_case(case_id)
    editor = page.view.editor
    assert editor.note is not None and editor.note.id == note_id, "a case opens on its latest note"
    assert editor.form is not None
    _type(qtbot, editor.form, "topic", "写到一半")
    window.close()
    assert not window.runner.session.db.is_open
    again = school.sign_in("counselor")
    try:
        assert notes.open_note(again.db, again.actor, note_id, now=FIXED_NOW).fields == {"topic": "写到一半"}
    finally:
        again.db.close()


def test_typing_the_services_refuse_survives_a_lock_as_an_encrypted_lock_draft(
    qtbot: QtBot, counselor_window: tuple[MainWindow, int]
) -> None:
    window, case_id = counselor_window
    note_id = _draft(window, case_id, "crisis")
    page = _cases_page(window)
    page.show_case(case_id, note_id=note_id)
    form = page.view.editor.form
    assert form is not None
    _type(qtbot, form, "next_review", "下周二")  # not a date: the draft's save is refused
    window.lock()
    window.unlock(PASSWORD)
    editor = page.view.editor
    assert editor.note is not None and editor.note.id == note_id and editor.form is not None
    assert editor.form.values() == {"next_review": "下周二"} and editor.dirty


def test_the_mouse_wheel_scrolls_past_a_choice_without_changing_it(
    qtbot: QtBot, counselor_window: tuple[MainWindow, int]
) -> None:
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    window, case_id = counselor_window
    note_id = _draft(window, case_id, "crisis")
    page = _cases_page(window)
    page.show_case(case_id, note_id=note_id)
    assert page.view.editor.form is not None
    level = page.view.editor.form.editors["level"]
    assert isinstance(level, QComboBox) and level.currentIndex() == 0

    def wheel() -> None:
        centre = QPointF(level.width() / 2, level.height() / 2)
        event = QWheelEvent(
            centre, QPointF(level.mapToGlobal(QPoint(5, 5))), QPoint(0, 0), QPoint(0, -120),
            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False,
        )  # fmt: skip
        QApplication.sendEvent(level, event)

    wheel()
    assert level.currentIndex() == 0, "passing over it changes nothing"
    _focus(qtbot, level)
    wheel()
    assert level.currentIndex() == 1, "once chosen with a click, the wheel may change it"
