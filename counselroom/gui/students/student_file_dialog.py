"""一生一档: one student's file in tabs, each showing only what the viewer may see."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counselroom.domain.roles import Permission
from counselroom.domain.students.student_facts import FlagGroup, StudentFlag, StudentStatus
from counselroom.gui.lazy_tab import LazyTab
from counselroom.gui.models import RowTableModel
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.students.leave_return_tab import LeaveReturnTab
from counselroom.gui.students.student_cases_tab import StudentCasesTab
from counselroom.gui.students.student_dialogs import PlanReviewDialog, StatusChangeDialog
from counselroom.gui.students.student_models import GuardianTableModel, TimelineTableModel
from counselroom.gui.students.student_screening_tab import ScreeningTab
from counselroom.gui.tables import read_only_table
from counselroom.gui.text_format import long_date
from counselroom.gui.widgets import hint_label, primary_button, title_label
from counselroom.services.care import mentoring
from counselroom.services.cases import plan_reviews
from counselroom.services.cases.plan_reviews import PlanReview
from counselroom.services.students import student_records, timeline
from counselroom.services.students.student_records import StudentFile
from counselroom.system import clock

BACKGROUND_FIELDS = (("growth", "成长史"), ("life", "生活史"), ("support", "心理支持系统"))
# What a timeline source needing that permission holds, to name what a role may not see.
HIDDEN_RECORDS = {
    Permission.VIEW_WARNINGS: "预警",
    Permission.VIEW_SCREENING_DETAIL: "测评",
    Permission.VIEW_CARE_RECORDS: "关爱与预约",
    Permission.READ_ASSIGNED_CASES: "辅导记录",
}
PLAN_FIELDS = (("goals", "帮扶目标"), ("measures", "帮扶措施"))
LEAVE_TAB = "休学与复学"  # services/students/return_todos.TAB: a 复学随访 待办 opens it


def _right(button: QPushButton) -> QHBoxLayout:
    """Actions sit at the bottom right, as in every dialog."""
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(button)
    return row


class StudentFileDialog(QDialog):
    def __init__(self, runner: ServiceRunner, student_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner, self.student_id = runner, student_id
        self.file: StudentFile | None = None
        self.setMinimumSize(860, 600)
        self.title = title_label("")
        self.subtitle = hint_label("")
        self.tabs = QTabWidget()
        self.texts: dict[str, QPlainTextEdit] = {}
        self.saved_texts: dict[str, str] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.tabs)
        self.reload()

    # -- loading -------------------------------------------------------------------------
    def reload(self) -> None:
        file = self.runner.call(student_records.open_student_file, self.student_id, parent=self)
        if file is None:
            return
        self.file = file
        self.setWindowTitle(f"一生一档 — {file.name}")
        self.title.setText(f"{file.name}　{file.class_name}")
        groups = self._groups(file)
        self.subtitle.setText(f"学号 {file.student_no}　{file.gender}　{file.status}　重点关注群体：{groups}")
        current = self.tabs.currentIndex()
        self.tabs.clear()
        self.texts.clear()
        self.tabs.addTab(self._basic_tab(file), "基本信息")
        self.tabs.addTab(self._family_tab(file), "家庭情况")
        self.tabs.addTab(self._timeline_tab(), "时间线")
        self.screening_holder: LazyTab[ScreeningTab] | None = None
        if self.runner.actor.can(Permission.VIEW_SCREENING_DETAIL):
            # Its trend chart (matplotlib) is built when the tab is first opened, not with the file.
            name = file.name
            self.screening_holder = LazyTab(lambda: ScreeningTab(self.runner, self.student_id, name, read_only_table))
            self.screening_holder.attach(self.tabs, "测评")
        if file.can_see_care:
            self.tabs.addTab(self._care_tab(file), "预警与关爱")
            self.tabs.addTab(self._mentor_tab(file), "导师与计划")
            self.leave_tab = LeaveReturnTab(self.runner, self.student_id, on_changed=self.reload)
            self.tabs.addTab(self.leave_tab, LEAVE_TAB)
        if self.runner.actor.can(Permission.READ_ASSIGNED_CASES):
            self.tabs.addTab(StudentCasesTab(self.runner, self.student_id), "个案")
        self.tabs.setCurrentIndex(max(0, current))
        self.saved_texts = {key: edit.toPlainText() for key, edit in self.texts.items()}

    @property
    def screening_tab(self) -> ScreeningTab | None:
        """The 测评 tab when the viewer has it, built (and loaded) now if it was not yet opened."""
        return self.screening_holder.built() if self.screening_holder is not None else None

    def _groups(self, file: StudentFile) -> str:
        """Groups from the warning list are hidden from a role that may not see it: say so."""
        groups = "、".join(file.groups)
        if file.can_see_care:
            return groups or "无"
        # Family situation, 六困生 and the warning list are care data (the care store).
        return f"{groups}（按家庭情况和预警划分的群体无权查看）" if groups else "按家庭情况和预警划分的群体无权查看"

    def show_tab(self, title: str) -> None:
        """Open on the tab of that title (from a 今日 待办), when the viewer has it."""
        for index in range(self.tabs.count()):
            if self.tabs.tabText(index) == title:
                self.tabs.setCurrentIndex(index)

    def _may_write(self) -> bool:
        return self.runner.actor.can(Permission.WRITE_CARE_RECORDS)

    # -- tabs ----------------------------------------------------------------------------
    def _basic_tab(self, file: StudentFile) -> QWidget:
        tab = QWidget()
        form = QFormLayout()
        form.addRow("学号", QLabel(file.student_no))
        form.addRow("姓名", QLabel(file.name))
        form.addRow("性别", QLabel(file.gender))
        form.addRow("出生日期", QLabel(long_date(file.birth_date)))
        form.addRow("班级", QLabel(file.class_name or "未分班"))
        form.addRow("学籍状态", QLabel(file.status))
        history = RowTableModel()
        history.columns = (
            ("日期", lambda h: h.on_date),
            ("变更", lambda h: f"{h.from_status} → {h.to_status}"),
            ("原因", lambda h: h.reason),
        )
        history.set_rows(file.status_history)
        self.status_button = QPushButton("变更学籍状态…")
        self.status_button.setVisible(self._may_write())
        self.status_button.clicked.connect(self.change_status)
        layout = QVBoxLayout(tab)
        layout.addLayout(form)
        layout.addWidget(QLabel("学籍变动记录"))
        layout.addWidget(read_only_table(history))
        layout.addLayout(_right(self.status_button))
        self._keep = history  # the view does not own its model
        return tab

    def _family_tab(self, file: StudentFile) -> QWidget:
        tab = QWidget()
        guardians = GuardianTableModel()
        guardians.set_rows(file.guardians)
        self._guardians = guardians
        self.flag_boxes: dict[str, QCheckBox] = {}
        grid = QHBoxLayout()
        for group in FlagGroup:
            box = QGroupBox(group.value)
            inner = QGridLayout(box)
            members = [f for f in StudentFlag if f.group is group]
            for i, flag in enumerate(members):
                check = QCheckBox(flag.value)
                check.setToolTip(f"出处：{flag.source}")
                check.setChecked(flag.value in file.flags)
                check.setEnabled(self._may_write())
                self.flag_boxes[flag.value] = check
                inner.addWidget(check, i // 2, i % 2)
            grid.addWidget(box)
        self.save_flags_button = primary_button("保存家庭情况")
        self.save_flags_button.setVisible(self._may_write())
        self.save_flags_button.clicked.connect(self.save_flags)
        layout = QVBoxLayout(tab)
        layout.addWidget(QLabel("监护人与联系方式"))
        layout.addWidget(read_only_table(guardians))
        layout.addLayout(grid)
        layout.addLayout(_right(self.save_flags_button))
        return tab

    def _timeline_tab(self) -> QWidget:
        sources = self.runner.registry.timeline_sources
        events = self.runner.call(timeline.student_timeline, self.student_id, sources=sources, parent=self) or []
        self.timeline_model = TimelineTableModel()
        self.timeline_model.set_rows(events)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        hidden = sorted({HIDDEN_RECORDS.get(p, "其他") for p, _source in sources if not self.runner.actor.can(p)})
        if hidden:
            layout.addWidget(hint_label(f"这里只列出你有权查看的记录；{'、'.join(hidden)}记录：无权查看。"))
        elif not events:
            layout.addWidget(hint_label("还没有记录。测评、预警、学籍变动等都会按日期出现在这里。"))
        layout.addWidget(read_only_table(self.timeline_model))
        return tab

    def _text_fields(self, fields: tuple[tuple[str, str], ...], values: dict[str, str]) -> QFormLayout:
        form = QFormLayout()
        for key, label in fields:
            edit = QPlainTextEdit(values.get(key, ""))
            edit.setReadOnly(not self._may_write())
            edit.setMinimumHeight(70)
            self.texts[key] = edit
            form.addRow(label, edit)
        return form

    def _care_tab(self, file: StudentFile) -> QWidget:
        tab = QWidget()
        w = file.warning
        status = (
            f"{w.level.label}预警：{w.reason}（来源：{w.source}；下次复评 {long_date(w.review_on)}）"
            if w
            else "未列入预警名单。"
        )
        self.warning_label = QLabel(status)
        self.warning_label.setWordWrap(True)
        if w:
            self.warning_label.setStyleSheet(f"color: {w.level.colour}; font-weight: bold;")
        b = file.background
        values = {"growth": b.growth_history, "life": b.life_history, "support": b.support_system} if b else {}
        self.save_background_button = primary_button("保存关爱背景")
        self.save_background_button.setVisible(self._may_write())
        self.save_background_button.clicked.connect(self.save_background)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.warning_label)
        layout.addWidget(hint_label("成长史、生活史与心理支持系统（深入谈话后记录，仅心理教师可见）"))
        layout.addLayout(self._text_fields(BACKGROUND_FIELDS, values))
        layout.addLayout(_right(self.save_background_button))
        return tab

    def _mentor_tab(self, file: StudentFile) -> QWidget:
        tab = QWidget()
        self.mentor_label = QLabel(f"成长导师：{file.mentor_name or '尚未安排'}")
        self.mentor_combo = QComboBox()
        if self.runner.actor.can(Permission.MANAGE_MENTORS):
            for choice in self.runner.call(mentoring.mentor_choices, parent=self) or []:
                self.mentor_combo.addItem(
                    f"{choice.name}（{choice.position}，已带 {choice.mentees} 人）", choice.staff_id
                )
        self.assign_button = QPushButton("安排为成长导师")
        self.assign_button.clicked.connect(self.assign_mentor)
        row = QHBoxLayout()
        row.addWidget(self.mentor_combo, 1)
        row.addWidget(self.assign_button)
        p = file.plan
        self.save_plan_button = primary_button("保存一人一案")
        self.save_plan_button.setVisible(self._may_write())
        self.save_plan_button.clicked.connect(self.save_plan)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.mentor_label)
        layout.addLayout(row)
        layout.addWidget(hint_label("一人一案：帮扶目标与措施"))
        plan = {"goals": p.goals, "measures": p.measures} if p else {}
        layout.addLayout(self._text_fields(PLAN_FIELDS, plan))
        self.review_button = QPushButton("复查…")
        self.review_button.setToolTip("记录这一阶段的效果并调整目标和措施")
        self.review_button.setVisible(self._may_write() and p is not None)
        self.review_button.clicked.connect(self.review_plan)
        buttons = _right(self.review_button)
        buttons.addWidget(self.save_plan_button)
        layout.addLayout(buttons)
        reviews = self.runner.call(plan_reviews.plan_history, self.student_id, parent=self) or []
        self.review_model: RowTableModel[PlanReview] = RowTableModel()
        self.review_model.columns = (
            ("复查日期", lambda r: r.reviewed_on),
            ("效果", lambda r: r.what_worked),
            ("调整", lambda r: r.changes or "—"),
            ("下次复查", lambda r: r.next_review or "未定"),
            ("复查人", lambda r: r.reviewed_by),
        )
        self.review_model.set_rows(list(reversed(reviews)))
        layout.addWidget(QLabel(f"复查记录（{len(reviews)} 次）" if reviews else "复查记录：还没有复查"))
        layout.addWidget(read_only_table(self.review_model))
        return tab

    # -- actions -------------------------------------------------------------------------
    def _done(self, result: object) -> None:
        if result is not None:
            self.reload()

    def change_status(self) -> None:
        assert self.file is not None
        dialog = StatusChangeDialog(self.file.status, self)
        while dialog.exec():
            if dialog.has_own_dialog():  # 休学 asks for the expected return; 复学 for the assessment and plan
                self.show_tab(LEAVE_TAB)
                if dialog.chosen() is StudentStatus.SUSPENDED:
                    self.leave_tab.take_leave()
                else:
                    self.leave_tab.record_return()
                return
            result = self.runner.call(
                student_records.change_student_status,
                self.student_id,
                to_status=dialog.chosen(),
                on_date=dialog.on_date.date().toPython(),
                reason=dialog.reason.text(),
                parent=dialog,
            )
            if result is not None:
                self.reload()
                return

    def save_flags(self) -> None:
        chosen = {flag for flag, box in self.flag_boxes.items() if box.isChecked()}
        self._done(self.runner.call(student_records.set_student_flags, self.student_id, chosen, parent=self))

    def save_background(self) -> None:
        t = self.texts
        self._done(
            self.runner.call(
                student_records.save_student_background,
                self.student_id,
                growth=t["growth"].toPlainText(),
                life=t["life"].toPlainText(),
                support=t["support"].toPlainText(),
                parent=self,
            )
        )

    def save_plan(self) -> None:
        self._done(
            self.runner.call(
                mentoring.save_care_plan,
                self.student_id,
                goals=self.texts["goals"].toPlainText(),
                measures=self.texts["measures"].toPlainText(),
                parent=self,
            )
        )

    def review_plan(self) -> None:
        dialog = PlanReviewDialog(
            self.texts["goals"].toPlainText(), self.texts["measures"].toPlainText(), clock.now().date(), self
        )
        while dialog.exec():
            if self.runner.call(plan_reviews.review_plan, self.student_id, parent=dialog, **dialog.values()):
                self.reload()
                return

    def assign_mentor(self) -> None:
        staff_id = self.mentor_combo.currentData()
        if staff_id is not None:
            self._done(self.runner.call(mentoring.assign_mentor, self.student_id, staff_id=staff_id, parent=self))

    # -- drafts through a lock -----------------------------------------------------------
    def unsaved_texts(self) -> dict[str, str]:
        return {
            f"student:{self.student_id}:{key}": edit.toPlainText()
            for key, edit in self.texts.items()
            if edit.toPlainText() != self.saved_texts.get(key, "")
        }

    def restore_texts(self, drafts: dict[str, str]) -> None:
        """Put kept text back, and show the tab that holds it (not 基本信息)."""
        prefix = f"student:{self.student_id}:"
        restored = [key[len(prefix) :] for key in drafts if key.startswith(prefix) and key[len(prefix) :] in self.texts]
        for field in restored:
            self.texts[field].setPlainText(drafts[prefix + field])
        if restored:
            edit = self.texts[restored[0]]
            found = [i for i in range(self.tabs.count()) if self.tabs.widget(i).isAncestorOf(edit)]
            if found:
                self.tabs.setCurrentIndex(found[0])
                edit.setFocus()
