"""个案: my cases (status, last contact, next step), the 团体辅导 notes and — for the lead — the 会签
queue; open one to see its notes on the left and the note editor on the right. Keyboard-first:
Ctrl+N a new note (in the list: 开案), Ctrl+S saves the draft, Ctrl+Enter signs after a
confirmation. The services decide who reads what; this page shows what they return."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counselroom.domain.changes import ChangeKind
from counselroom.domain.roles import Permission
from counselroom.gui.cases.case_dialogs import (
    AttachDialog,
    ColleagueDialog,
    CopyReasonDialog,
    GroupNoteDialog,
    OpenCaseDialog,
    TemplateDialog,
    TextDialog,
)
from counselroom.gui.cases.case_models import (
    CaseTableModel,
    GroupNoteTableModel,
    QueueTableModel,
    SearchHitTableModel,
)
from counselroom.gui.cases.case_view import CaseView
from counselroom.gui.pages.base import Page
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.tables import read_only_table
from counselroom.gui.widgets import hint_label, primary_button, title_label
from counselroom.services.accounts.session import Changes
from counselroom.services.cases import attachments, case_views, cases, notes, search
from counselroom.services.students import student_records as students
from counselroom.services.students.student_records import StudentListItem
from counselroom.system import clock

DRAFT_KEY = "cases:editor"  # the note editor's unsaved text kept through an idle lock
NO_CASES = "还没有你负责或共享给你的个案。点“开案”为一名学生建立个案。"
NO_GROUP_NOTES = "还没有团体辅导记录。点“团体辅导记录…”选择参加的学生后书写。"
SEARCH_HINT = (
    "在你能查看的辅导记录、补充说明、个案和一人一案中检索，两个字的词（如“失眠”）也能找到。"
    "检索会记入审计日志，但检索的文字只保存在加密的心理档案中。"
)
NO_QUEUE = "没有待会签的危机评估记录。心理教师签名的危机评估记录会出现在这里，请阅读后会签。"


SEARCH_SHOWN = 50  # the most recent hits; more words narrow it down


def search_hint(query: str, found: int) -> str:
    if not found:
        return f"没有找到“{query.strip()}”。"
    if found >= SEARCH_SHOWN:
        return f"显示最近的 {found} 条，可能还有更多：加一个词可以缩小范围。双击打开。"
    return f"找到 {found} 条。双击打开。"


class CasesPage(Page):
    open_page = Signal(str, str)  # 建议转介 goes on to the 转介与随访 page with the new referral chosen
    title = "个案"
    refresh_on = frozenset({ChangeKind.CASES, ChangeKind.STUDENTS})

    def __init__(self, runner: ServiceRunner, parent: QWidget | None = None):
        super().__init__(runner, parent)
        self.is_lead = runner.actor.can(Permission.READ_ALL_CASES)
        self.may_write = runner.actor.can(Permission.WRITE_CASES)
        templates = runner.call(notes.note_templates, parent=self) if self.may_write else ()
        self.templates = {t.id: t for t in templates or ()}
        self.case_model = CaseTableModel()
        self.group_model = GroupNoteTableModel()
        self.queue_model = QueueTableModel()
        self.hit_model = SearchHitTableModel()
        self.view = CaseView(runner, self.templates)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_lists())
        self.stack.addWidget(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.stack)
        self._connect()
        self.refresh()

    def _build_lists(self) -> QWidget:
        self.open_button = primary_button("开案")
        self.open_button.setToolTip("Ctrl+N")
        self.group_button = QPushButton("团体辅导记录…")
        for button in (self.open_button, self.group_button):
            button.setVisible(self.may_write)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("检索记录，如：失眠（回车）")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(260)
        header = QHBoxLayout()
        header.addWidget(title_label("个案"))
        header.addStretch(1)
        header.addWidget(self.search_box)
        header.addWidget(self.group_button)
        header.addWidget(self.open_button)
        self.case_table = read_only_table(self.case_model)
        self.group_table = read_only_table(self.group_model)
        self.queue_table = read_only_table(self.queue_model)
        self.hit_table = read_only_table(self.hit_model)
        self.hit_hint = hint_label(SEARCH_HINT)
        self.empty = hint_label(NO_CASES)
        cases_tab = QWidget()
        column = QVBoxLayout(cases_tab)
        column.addWidget(self.empty)
        column.addWidget(self.case_table, 1)
        self.group_empty = hint_label(NO_GROUP_NOTES)
        self.queue_empty = hint_label(NO_QUEUE)
        self.tabs = QTabWidget()
        self.tabs.addTab(cases_tab, "全部个案" if self.is_lead else "我的个案")
        self.tabs.addTab(_tab(self.group_empty, self.group_table), "团体辅导")
        if self.is_lead:
            self.tabs.addTab(_tab(self.queue_empty, self.queue_table), "待会签")
        self.search_tab = _tab(self.hit_hint, self.hit_table)
        self.tabs.addTab(self.search_tab, "检索")
        lists = QWidget()
        layout = QVBoxLayout(lists)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        return lists

    def _connect(self) -> None:
        self.open_button.clicked.connect(self.open_case)
        self.search_box.returnPressed.connect(self.search)
        self.group_button.clicked.connect(self.new_group_note)
        self.list_new_action = QAction("开案", self)
        self.list_new_action.setShortcut(QKeySequence("Ctrl+N"))
        self.list_new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.list_new_action.triggered.connect(self.open_case)
        self.stack.widget(0).addAction(self.list_new_action)
        for table, handler in (
            (self.case_table, self._open_listed_case),
            (self.group_table, self._open_listed_group_note),
            (self.queue_table, self._open_queued_note),
            (self.hit_table, self._open_hit),
        ):
            # activated is a double click or Enter; connecting doubleClicked too opened things twice
            table.activated.connect(lambda index, h=handler: h(index.row()))
        v = self.view
        v.back.connect(self.show_list)
        v.new_button.clicked.connect(self.new_note)
        v.new_action.triggered.connect(self.new_note)
        v.note_list.currentRowChanged.connect(self._note_chosen)
        v.editor.note_changed.connect(self._reload_case)
        v.next_button.clicked.connect(self.set_next_step)
        v.share_button.clicked.connect(self.share)
        v.assign_button.clicked.connect(self.assign)
        v.close_button.clicked.connect(self.close_case)
        v.reopen_button.clicked.connect(self.reopen_case)
        v.plan_button.clicked.connect(self.open_plan)
        v.report_button.clicked.connect(self.print_report)
        v.refer_button.clicked.connect(self.suggest_referral)
        v.attach_button.clicked.connect(self.attach)
        v.attachment_list.itemActivated.connect(lambda _item: self.view_attachment())

    # -- lists ---------------------------------------------------------------------------
    def _on_changed(self, changes: Changes) -> None:
        if not self.view.editor.saving:  # a draft's save must not reload the form under the cursor
            super()._on_changed(changes)

    def refresh(self) -> None:
        found = self.runner.call(cases.my_cases, parent=self) or []
        self.case_model.set_rows(found)
        self.empty.setVisible(not found)
        self.case_table.setVisible(bool(found))
        groups = self.runner.call(case_views.group_notes, parent=self) or []
        self.group_model.set_rows(groups)
        self.group_empty.setVisible(not groups)
        if self.is_lead:
            queued = self.runner.call(case_views.cosign_queue, parent=self) or []
            self.queue_model.set_rows(queued)
            self.queue_empty.setVisible(not queued)
            self.tabs.setTabText(2, f"待会签（{len(queued)}）" if queued else "待会签")
        if self.stack.currentWidget() is self.view:
            self._reload_case()

    def show_list(self) -> None:
        if self.view.editor.save(quiet=True):
            self.view.clear()
            self.stack.setCurrentIndex(0)
            self.refresh()

    def _open_listed_case(self, row: int) -> None:
        self.show_case(self.case_model.row_at(row).id)

    def _open_listed_group_note(self, row: int) -> None:
        note = self.group_model.row_at(row)
        self.view.editor.show_note(None)
        self.view.show_group_note(note)
        self.stack.setCurrentWidget(self.view)
        self.view.select_note(note.id)

    def _open_queued_note(self, row: int) -> None:
        queued = self.queue_model.row_at(row)
        if queued.case_id is not None:
            self.show_case(queued.case_id, note_id=queued.note_id)

    def search(self) -> None:
        """检索: what the services let this user read; the words never reach the audit log."""
        query = self.search_box.text()
        if not query.strip():
            return
        hits = self.runner.call(search.search_care_texts, query, limit=SEARCH_SHOWN, parent=self)
        if hits is None:
            return
        self.hit_model.set_rows(hits)
        self.hit_hint.setText(search_hint(query, len(hits)))
        self.tabs.setCurrentWidget(self.search_tab)

    def open_action(self, action: str) -> None:
        """From 今日: "note:40" opens that note in its case (a draft to sign, a note to 会签)."""
        kind, _, number = action.partition(":")
        if kind != "note" or not number.isdigit():
            return
        note = self.runner.call(notes.open_note, int(number), parent=self)
        if note is None:
            return
        if note.case_id is None:
            self._show_group_note(note.id)
        else:
            self.show_case(note.case_id, note_id=note.id)

    def _open_hit(self, row: int) -> None:
        hit = self.hit_model.row_at(row)
        if hit.case_id is not None:
            self.show_case(hit.case_id, note_id=hit.note_id)
        elif hit.note_id is not None:
            self._show_group_note(hit.note_id)
        else:
            self._open_student_file(hit.student_id, "导师与计划")

    # -- one case ------------------------------------------------------------------------
    def show_case(self, case_id: int, *, note_id: int | None = None) -> bool:
        detail = self.runner.call(cases.get_case, case_id, parent=self)
        if detail is None:
            return False
        if self.view.case is None or self.view.case.id != case_id:
            self.view.editor.show_note(None)
        case_notes = self.runner.call(notes.case_notes, case_id, parent=self) or []
        files = self.runner.call(attachments.case_attachments, case_id, parent=self) or []
        self.view.show_case(detail, case_notes, files)
        self.stack.setCurrentWidget(self.view)
        if note_id is None and self.view.editor.note is None and case_notes:
            note_id = case_notes[-1].id  # a case opens on its latest note
        if note_id is not None:
            self.view.select_note(note_id)
        return True

    def _reload_case(self, _note_id: int = 0) -> None:
        """After a change: the same case, or the same group note, read again."""
        if self.view.case is not None:
            self.show_case(self.view.case.id)
        elif self.view.notes:
            note = self.runner.call(notes.open_note, self.view.notes[0].id, parent=self)
            if note is None:
                self.show_list()
            else:
                self.view.show_group_note(note)

    def _note_chosen(self, row: int) -> None:
        editor = self.view.editor
        if not 0 <= row < len(self.view.notes):
            return
        note = self.view.notes[row]
        if editor.note is not None and editor.note.id == note.id:
            return
        if not editor.save(quiet=True):  # a draft that cannot be saved stays open with its message
            if editor.note is not None:
                self.view.select_note(editor.note.id)
            return
        editor.show_note(note)

    def new_note(self) -> None:
        case = self.view.case
        if case is None or not self.view.editor.save(quiet=True):
            return
        choices = [t for t in self.templates.values() if not t.group]
        dialog = TemplateDialog(choices, self)
        if not dialog.exec():
            return
        note_id = self.runner.call(
            notes.start_note,
            case.id,
            template_id=dialog.chosen(),
            held_on=clock.now().date(),
            fields={},
            parent=self,
        )
        if note_id is not None and self.show_case(case.id, note_id=note_id):
            self.view.editor.focus_form()

    def new_group_note(self) -> None:
        dialog = GroupNoteDialog(self._search, self)
        group = next((t for t in self.templates.values() if t.group), None)
        while group is not None and dialog.exec():
            note_id = self.runner.call(
                notes.start_group_note,
                template_id=group.id,
                held_on=clock.now().date(),
                fields={},
                student_parts=dict.fromkeys(dialog.picker.student_ids(), ""),
                parent=dialog,
            )
            if note_id is not None:
                if self._show_group_note(note_id):
                    self.view.editor.focus_form()
                return

    def _show_group_note(self, note_id: int) -> bool:
        note = self.runner.call(notes.open_note, note_id, parent=self)
        if note is None:
            return False
        self.view.editor.show_note(None)
        self.view.show_group_note(note)
        self.stack.setCurrentWidget(self.view)
        self.view.select_note(note_id)
        return True

    def open_case(self) -> None:
        colleagues = self.runner.call(case_views.case_colleagues, parent=self) or []
        dialog = OpenCaseDialog(self._search, colleagues, self)
        while dialog.exec():
            student_id = dialog.picker.student_ids()[0]
            if self.runner.call(cases.open_case, student_id, parent=dialog, **dialog.values()) is not None:
                model = self.case_model
                rows = (model.row_at(i) for i in range(model.rowCount()))
                newest = max((c.id for c in rows if c.student_id == student_id), default=None)
                if newest is not None:
                    self.show_case(newest)
                return

    def set_next_step(self) -> None:
        case = self.view.case
        if case is None:
            return
        dialog = TextDialog(
            "下一步",
            "写下这个个案接下来要做的事，会显示在个案列表中。",
            "下一步",
            text=case.next_step,
            required="",
            parent=self,
        )
        while dialog.exec():
            if self.runner.call(cases.set_next_step, case.id, dialog.value(), parent=dialog) is not None:
                return

    def share(self) -> None:
        self._choose_colleague("共享个案", "共享后，这位老师可以阅读此个案及其记录，但不能写记录。", cases.share_case)

    def assign(self) -> None:
        self._choose_colleague("指派负责老师", "被指派的老师可以阅读并记录此个案。", cases.assign_counselor)

    def _choose_colleague(self, title: str, hint: str, service: object) -> None:
        case = self.view.case
        if case is None:
            return
        present = {p.user_id for p in case.people}
        colleagues = [
            c for c in self.runner.call(case_views.case_colleagues, parent=self) or [] if c.user_id not in present
        ]
        dialog = ColleagueDialog(title, hint, colleagues, self)
        while dialog.exec():
            if self.runner.call(service, case.id, dialog.chosen(), parent=dialog) is not None:  # type: ignore[arg-type]
                return

    def close_case(self) -> None:
        case = self.view.case
        if case is None or not self.view.editor.save(quiet=True):
            return
        dialog = TextDialog(
            "结案", "结案后不能再写记录和补充说明，需要时可以重新开案。", "结案小结",
            required="结案请写明小结（做了什么、结果如何、后续建议）", parent=self,
        )  # fmt: skip
        dialog.text.setPlaceholderText("做了什么、结果如何、后续建议（如：转为班主任日常关注，学期末回访一次）")
        while dialog.exec():
            if self.runner.call(cases.close_case, case.id, summary=dialog.value(), parent=dialog) is not None:
                return

    def reopen_case(self) -> None:
        case = self.view.case
        if case is None:
            return
        dialog = TextDialog("重新开案", "", "原因", required="请写明重新开案的原因", parent=self)
        while dialog.exec():
            if self.runner.call(cases.reopen_case, case.id, reason=dialog.value(), parent=dialog) is not None:
                return

    def open_plan(self) -> None:
        """一人一案 lives in the student's file (导师与计划), with its reviews."""
        if self.view.case is not None:
            self._open_student_file(self.view.case.student_id, "导师与计划")

    def _open_student_file(self, student_id: int, tab: str) -> None:
        from counselroom.gui.students.student_file_dialog import StudentFileDialog

        dialog = StudentFileDialog(self.runner, student_id, self)
        dialog.show_tab(tab)
        dialog.exec()

    def suggest_referral(self) -> None:
        """建议转介 within this case; the referral is then followed on the 转介与随访 page."""
        from counselroom.gui.referrals.referral_dialogs import SuggestReferralDialog
        from counselroom.services.referrals import referrals

        case = self.view.case
        if case is None:
            return
        colleagues = (self.runner.call(case_views.case_colleagues, parent=self) or []) if self.is_lead else []
        student = (case.student_id, f"{case.student_name}　{case.class_name}")
        dialog = SuggestReferralDialog(self._search, colleagues, clock.now().date(), self, student=student)
        while dialog.exec():
            done = self.runner.call(
                referrals.suggest_referral, case.student_id, case_id=case.id, parent=dialog, **dialog.values()
            )
            if done is not None:
                self.open_page.emit("转介与随访", f"referral:{done.referral_id}")
                return

    def print_report(self) -> None:
        case = self.view.case
        if case is None:
            return
        from counselroom.gui.printing.print_actions import print_case_report

        print_case_report(self, self.runner, case.id)

    # -- attachments ---------------------------------------------------------------------
    def attach(self) -> None:
        case = self.view.case
        if case is None:
            return
        dialog = AttachDialog(self)
        while dialog.exec():
            kind = dialog.kind.currentText()
            if self.runner.call(attachments.attach_file, case.id, dialog.chosen(), kind=kind, parent=dialog):
                return

    def view_attachment(self) -> None:
        from counselroom.gui.cases.attachment_viewer import AttachmentViewer

        chosen = self.view.chosen_attachment()
        if chosen is None:
            return
        content = self.runner.call(attachments.attachment_content, chosen.id, parent=self)
        if content is None:
            return
        viewer = AttachmentViewer(chosen.file_name, chosen.mime, content, self)
        viewer.save_copy_requested.connect(lambda: self.save_attachment_copy(chosen.id, chosen.file_name, viewer))
        viewer.exec()
        self.window().activateWindow()  # typing goes back to the note, not nowhere

    def save_attachment_copy(self, attachment_id: int, file_name: str, parent: QWidget) -> None:
        """Saving a copy out is an export: a reason, a place, a watermark, an audit row."""
        dialog = CopyReasonDialog(file_name, parent)
        if not dialog.exec():
            return
        target, _filter = QFileDialog.getSaveFileName(parent, "另存副本", file_name)
        if target:
            self.runner.run_in_worker(  # a large photo takes a second or two to watermark
                attachments.save_attachment_copy,
                attachment_id,
                Path(target),
                reason=dialog.reason.text(),
                label="正在加水印并保存副本…",
                parent=parent,
            )

    # -- helpers -------------------------------------------------------------------------
    def _search(self, text: str) -> list[StudentListItem]:
        return self.runner.call(students.search_students, text, parent=self) or []

    def clear_for_lock(self) -> None:
        self.view.clear()
        self.stack.setCurrentIndex(0)
        self.search_box.clear()  # the words searched for are care data too
        self.hit_hint.setText(SEARCH_HINT)
        for model in (self.case_model, self.group_model, self.queue_model, self.hit_model):
            model.clear()

    def before_sign_out(self) -> None:
        self.view.editor.keep_unsaved()

    def collect_drafts(self) -> dict[str, str]:
        """At a lock: the typing goes into the note's own draft (so signing in again later, even
        after 切换账号, finds it there); what the services refuse is kept as a lock draft. Either
        way the page returns to the same note after unlocking."""
        editor = self.view.editor
        editor.keep_unsaved()
        kept = editor.unsaved() or editor.position()
        if kept is None:
            return {}
        kept["case_id"] = self.view.case.id if self.view.case else None
        return {DRAFT_KEY: json.dumps(kept, ensure_ascii=False)}

    def restore_drafts(self, drafts: dict[str, str]) -> None:
        """Reopen the note that was being written, with its unsaved text back in the form."""
        text = drafts.get(DRAFT_KEY)
        if not text:
            return
        kept = json.loads(text)
        note_id = int(kept["note_id"])
        case_id = kept.get("case_id")
        shown = self.show_case(int(case_id), note_id=note_id) if case_id is not None else self._show_group_note(note_id)
        if shown:
            self.view.editor.restore(kept)


def _tab(hint: QWidget, table: QWidget) -> QWidget:
    """A list with the sentence shown above it while it is empty."""
    tab = QWidget()
    column = QVBoxLayout(tab)
    column.addWidget(hint)
    column.addWidget(table, 1)
    return tab
