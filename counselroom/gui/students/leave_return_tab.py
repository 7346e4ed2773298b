"""The student file's 休学与复学 tab and its dialogs: each leave with its return, the documents
checklist with what is 待补, and the first-month check-ins, each open one with its 完成 button.
办理休学 and 办理复学 are offered as the domain allows (services/students: student_leaves.actions)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counselroom.domain.roles import Permission
from counselroom.domain.students import leave_return as rules
from counselroom.domain.students.leave_return import CheckinAction, LeaveAction, LeaveReason, ReturnDocument
from counselroom.gui.care.warning_dialogs import date_field, picked_date
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.session.account_dialogs import _FormDialog
from counselroom.gui.widgets import hint_label
from counselroom.services.students import return_checkins, school_leave
from counselroom.services.students.return_checkins import CheckinView, LeaveView, ReturnView
from counselroom.services.students.school_leave import AssessmentChoice, DocumentReceived
from counselroom.system import clock

NO_LEAVES = "没有休学记录。"
NO_ASSESSMENT = "（不关联复学评估）"


class LeaveDialog(_FormDialog):
    """办理休学: when, why (its kind and the teacher's words) and the expected return."""

    def __init__(self, today: date, parent: QWidget | None = None):
        super().__init__("办理休学", "按家长和医疗机构提供的材料如实记录，不下诊断。", parent)
        self.left_on = date_field(today, latest=today + timedelta(days=31))
        self.kind = QComboBox()
        for kind in LeaveReason:
            self.kind.addItem(kind.value, kind)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("例如：因情绪困扰需在家休养调整，家长申请")
        self.expected = date_field(today + timedelta(days=150), earliest=today + timedelta(days=1))
        self.form.addRow("休学日期", self.left_on)
        self.form.addRow("原因类别", self.kind)
        self.form.addRow("休学原因", self.reason)
        self.form.addRow("预计复学", self.expected)

    def check(self) -> str:
        return "" if self.reason.text().strip() else "请写明休学原因"

    def values(self) -> dict[str, object]:
        return {
            "left_on": picked_date(self.left_on),
            "reason_kind": LeaveReason(self.kind.currentData()),
            "reason": self.reason.text(),
            "expected_return": picked_date(self.expected),
        }


class ReturnDialog(_FormDialog):
    """办理复学: the day, the signed 复学评估 it rests on, the documents received, the check-ins."""

    def __init__(self, today: date, choices: list[AssessmentChoice], parent: QWidget | None = None):
        super().__init__(
            "办理复学", "因心理健康原因休学的，须先在个案中写好并签名“复学评估”。首月随访默认第 1、2、4 周。", parent
        )
        self.setMinimumWidth(560)
        self.returned_on = date_field(today, latest=today + timedelta(days=31))
        self.assessment = QComboBox()
        self.assessment.addItem(NO_ASSESSMENT, None)
        for choice in choices:
            state = "已签名" if choice.signed else "草稿"
            label = f"{choice.held_on} 复学评估（{state}）{choice.conclusion}"
            self.assessment.addItem(label + (f" —— {choice.usable}" if choice.usable else ""), choice.note_id)
        usable = [i + 1 for i, c in enumerate(choices) if not c.usable]
        self.assessment.setCurrentIndex(usable[0] if usable else 0)
        self.form.addRow("复学日期", self.returned_on)
        self.form.addRow("复学评估", self.assessment)
        self.documents: dict[ReturnDocument, tuple[QCheckBox, QLineEdit]] = {}
        for kind in ReturnDocument:
            box, issuer = QCheckBox(f"已收到{kind.value}"), QLineEdit()
            issuer.setPlaceholderText("出具单位（可不填）")
            self.documents[kind] = (box, issuer)
            self.form.addRow(box, issuer)
        self.checkins = [date_field(today) for _ in rules.DEFAULT_CHECKIN_WEEKS]
        self.checkin_on = [QCheckBox(f"第 {w} 周随访") for w in rules.DEFAULT_CHECKIN_WEEKS]
        for box, field in zip(self.checkin_on, self.checkins, strict=True):
            box.setChecked(True)
            box.toggled.connect(field.setEnabled)
            self.form.addRow(box, field)
        self.returned_on.dateChanged.connect(self._plan_from_return_day)
        self._plan_from_return_day()

    def _plan_from_return_day(self) -> None:
        for field, day in zip(self.checkins, rules.default_checkin_dates(picked_date(self.returned_on)), strict=True):
            field.setDate(day)

    def check(self) -> str:
        return "" if any(b.isChecked() for b in self.checkin_on) else "请至少安排一次复学后随访"

    def values(self) -> dict[str, object]:
        day = picked_date(self.returned_on)
        return {
            "returned_on": day,
            "assessment_note_id": self.assessment.currentData(),
            "documents": [
                DocumentReceived(kind, min(day, clock.now().date()), issuer.text().strip())
                for kind, (box, issuer) in self.documents.items()
                if box.isChecked()
            ],
            "checkin_dates": [
                picked_date(f) for b, f in zip(self.checkin_on, self.checkins, strict=True) if b.isChecked()
            ],
        }


class CheckinDoneDialog(_FormDialog):
    def __init__(self, checkin: CheckinView, today: date, parent: QWidget | None = None):
        super().__init__("完成复学随访", f"约定日期：{checkin.due_on}。简要记录看到的情况，不下诊断。", parent)
        self.done_on = date_field(min(today, date.fromisoformat(checkin.due_on)) if checkin.overdue else today,
                                  latest=today)  # fmt: skip
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("如：到校正常，课间和同学有说有笑；作业有点跟不上，约好下周再聊")
        self.note.setMaximumHeight(90)
        self.form.addRow("随访日期", self.done_on)
        self.form.addRow("随访记录", self.note)

    def check(self) -> str:
        return "" if self.note.toPlainText().strip() else "请简要记录这次随访"


class DocumentDialog(_FormDialog):
    """登记补交材料: a document that came after the return, ticked on the checklist."""

    def __init__(self, missing: tuple[ReturnDocument, ...], today: date, parent: QWidget | None = None):
        super().__init__("登记补交材料", "复学后才交来的材料在这里登记；扫描件可作为个案附件另行添加。", parent)
        self.kind = QComboBox()
        for kind in (*missing, *(k for k in ReturnDocument if k not in missing)):
            self.kind.addItem(kind.value + ("（待补）" if kind in missing else ""), kind.value)
        self.received_on = date_field(today, latest=today)
        self.issuer = QLineEdit()
        self.issuer.setPlaceholderText("出具单位（可不填）")
        self.form.addRow("材料", self.kind)
        self.form.addRow("收到日期", self.received_on)
        self.form.addRow("出具单位", self.issuer)

    def document(self) -> DocumentReceived:
        kind = ReturnDocument(self.kind.currentData())
        return DocumentReceived(kind, picked_date(self.received_on), self.issuer.text().strip())


class ExtraCheckinDialog(_FormDialog):
    def __init__(self, today: date, parent: QWidget | None = None):
        super().__init__("增加复学随访", "复学后六周内可增加随访；到期未完成会出现在“今日”待办中。", parent)
        self.due_on = date_field(today + timedelta(days=7), earliest=today)
        self.form.addRow("随访日期", self.due_on)


class LeaveReturnTab(QWidget):
    def __init__(
        self,
        runner: ServiceRunner,
        student_id: int,
        *,
        on_changed: Callable[[], None] = lambda: None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.runner, self.student_id, self.on_changed = runner, student_id, on_changed
        self.done_buttons: dict[int, QPushButton] = {}
        layout = QVBoxLayout(self)
        found = runner.call(return_checkins.student_leaves, student_id, parent=self)
        leaves = found.leaves if found else ()
        if not leaves:
            layout.addWidget(hint_label(NO_LEAVES))
        for leave in leaves:
            layout.addWidget(QLabel(_leave_text(leave)))
            if leave.back is not None:
                layout.addWidget(hint_label(_return_text(leave)))
                layout.addLayout(self._checkin_grid(leave.back.checkins))
                layout.addLayout(self._return_buttons(leave.back))
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.leave_button = QPushButton("办理休学…")
        self.return_button = QPushButton("办理复学…")
        actions = found.actions if found else frozenset()
        self.leave_button.setVisible(LeaveAction.TAKE_LEAVE in actions)
        self.return_button.setVisible(LeaveAction.RECORD_RETURN in actions)
        self.leave_button.clicked.connect(self.take_leave)
        self.return_button.clicked.connect(self.record_return)
        row.addWidget(self.leave_button)
        row.addWidget(self.return_button)
        layout.addLayout(row)

    def _checkin_grid(self, checkins: tuple[CheckinView, ...]) -> QGridLayout:
        grid = QGridLayout()
        for col, head in enumerate(("约定日期", "状态", "记录", "")):
            grid.addWidget(QLabel(f"<b>{head}</b>"), 0, col)
        for i, checkin in enumerate(checkins, start=1):
            state = "已完成" if checkin.done_on else "已逾期" if checkin.overdue else "待随访"
            grid.addWidget(QLabel(checkin.due_on), i, 0)
            grid.addWidget(QLabel(f"<span style='color:#b00'>{state}</span>" if checkin.overdue else state), i, 1)
            done = f"{checkin.done_on} {checkin.done_by}：{checkin.note}" if checkin.done_on else ""
            note = QLabel(done)
            note.setWordWrap(True)
            grid.addWidget(note, i, 2)
            if CheckinAction.COMPLETE in checkin.actions:
                button = QPushButton("完成")
                button.setAccessibleName(f"完成 {checkin.due_on} 的随访")
                button.clicked.connect(lambda _=False, c=checkin: self.complete(c))
                self.done_buttons[checkin.id] = button
                grid.addWidget(button, i, 3)
        grid.setColumnStretch(2, 1)
        return grid

    def _return_buttons(self, back: ReturnView) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        writes = self.runner.actor.can(Permission.WRITE_CARE_RECORDS)
        buttons = []
        if writes:
            documents = QPushButton("登记补交材料…")
            documents.clicked.connect(lambda _=False, b=back: self.receive_document(b))
            extra = QPushButton("增加随访…")
            extra.clicked.connect(lambda _=False, b=back: self.add_checkin(b))
            buttons += [documents, extra]
        if back.assessment_note_id is not None:  # the form prints the signed 复学评估
            form = QPushButton("打印复学评估表…")
            form.clicked.connect(lambda _=False, b=back: self.print_form(b))
            buttons.append(form)
        for button in buttons:
            row.addWidget(button)
        return row

    # -- actions ---------------------------------------------------------------------------
    def receive_document(self, back: ReturnView) -> None:
        dialog = DocumentDialog(back.missing, clock.now().date(), self)
        while dialog.exec():
            done = self.runner.call(return_checkins.receive_return_document, back.id, dialog.document(), parent=dialog)
            if done:
                self.on_changed()
                return

    def add_checkin(self, back: ReturnView) -> None:
        dialog = ExtraCheckinDialog(clock.now().date(), self)
        while dialog.exec():
            done = self.runner.call(
                return_checkins.add_return_checkin, back.id, due_on=picked_date(dialog.due_on), parent=dialog
            )
            if done:
                self.on_changed()
                return

    def print_form(self, back: ReturnView) -> None:
        from counselroom.gui.printing import print_actions
        from counselroom.services.printing import print_jobs

        print_actions.print_built(
            self, self.runner, print_jobs.return_assessment_job, back.id, label="正在生成复学评估表…"
        )

    def take_leave(self) -> None:
        dialog = LeaveDialog(clock.now().date(), self)
        while dialog.exec():
            if self.runner.call(school_leave.take_leave, self.student_id, **dialog.values(), parent=dialog):
                self.on_changed()
                return

    def record_return(self) -> None:
        choices = self.runner.call(school_leave.return_assessments, self.student_id, parent=self)
        dialog = ReturnDialog(clock.now().date(), choices or [], self)
        while dialog.exec():
            if self.runner.call(school_leave.record_return, self.student_id, **dialog.values(), parent=dialog):
                self.on_changed()
                return

    def complete(self, checkin: CheckinView) -> None:
        dialog = CheckinDoneDialog(checkin, clock.now().date(), self)
        while dialog.exec():
            done = self.runner.call(
                return_checkins.complete_checkin, checkin.id, done_on=picked_date(dialog.done_on),
                note=dialog.note.toPlainText(), parent=dialog,
            )  # fmt: skip
            if done:
                self.on_changed()
                return


def _leave_text(leave: LeaveView) -> str:
    follow = f"；负责：{leave.counselor}" if leave.counselor else ""
    why = leave.reason or "未写原因"
    return f"休学 {leave.left_on}（{leave.reason_kind}）：{why}；预计复学 {leave.expected_return}{follow}"


def _return_text(leave: LeaveView) -> str:
    back = leave.back
    assert back is not None
    assessment = f"复学评估 {back.assessment_on}" if back.assessment_on else "未关联复学评估"
    received = "、".join(f"{d.kind}（{d.issuer}）" if d.issuer else d.kind for d in back.documents if d.received_on)
    missing = "、".join(back.missing)
    return (
        f"复学 {back.returned_on}，{assessment}；已收材料：{received or '无'}"
        + (f"；待补：{missing}" if missing else "")
        + f"；首月随访由 {back.counselor} 负责"
    )
