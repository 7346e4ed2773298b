"""转介与随访: every referral the teacher follows — by state and due date, overdue first — with the
next step of each as a button in its row and the whole record beside the table; and the 危机事件
in their own tab (一校一案: time line, 事后安抚, 提交会签 and the lead's 会签).

The buttons come from the services' `actions` (the one state machine), the services check again
and refuse in Chinese, and a dialog stays open on a refusal so nothing typed is lost."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counselroom.domain.changes import ChangeKind
from counselroom.domain.referrals.referral_rules import ReferralAction
from counselroom.domain.roles import Permission
from counselroom.gui.pages.base import Page
from counselroom.gui.referrals import incident_dialogs as idlg
from counselroom.gui.referrals import referral_dialogs as rdlg
from counselroom.gui.referrals.incident_view import IncidentView
from counselroom.gui.referrals.referral_models import IncidentTableModel, ReferralTableModel, primary_step
from counselroom.gui.referrals.referral_panel import ReferralPanel
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.tables import read_only_table
from counselroom.gui.widgets import hint_label, primary_button, title_label
from counselroom.services.accounts.session import Changes
from counselroom.services.cases import case_views
from counselroom.services.crisis import aftercare, confidentiality, incidents
from counselroom.services.referrals import follow_ups, partners, referral_views, referrals
from counselroom.services.referrals.referral_views import ReferralSummary
from counselroom.services.school import school_structure
from counselroom.services.students import student_records as students
from counselroom.services.students.student_records import StudentListItem
from counselroom.system import clock

NO_REFERRALS = "还没有你负责的转介。学生需要到医院或专业机构时，点“建议转介”开始：告知家长、征得同意后再转介。"
NO_INCIDENTS = "没有危机事件记录。发生自伤、他伤等危机时，点“登记危机事件”，按学校预案处置并逐条记录。"


class ReferralsPage(Page):
    title = "转介与随访"
    refresh_on = frozenset({ChangeKind.REFERRALS, ChangeKind.INCIDENTS, ChangeKind.PARTNERS, ChangeKind.STUDENTS})

    def __init__(self, runner: ServiceRunner, parent: QWidget | None = None):
        super().__init__(runner, parent)
        self.is_lead = runner.actor.can(Permission.READ_ALL_CASES)
        self.may_write = runner.actor.can(Permission.WRITE_CASES)
        self.referral_model = ReferralTableModel()
        self.incident_model = IncidentTableModel()
        self.panel = ReferralPanel()
        self.incident_view = IncidentView()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_referrals(), "转介")
        self.tabs.addTab(self._build_incidents(), "危机事件")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.tabs)
        self._connect()
        self.refresh()

    # -- building ------------------------------------------------------------------------
    def _build_referrals(self) -> QWidget:
        self.suggest_button = primary_button("建议转介…")
        self.suggest_button.setVisible(self.may_write)
        self.show_closed = QCheckBox("显示已结束的转介")
        header = QHBoxLayout()
        header.addWidget(title_label("转介"))
        header.addStretch(1)
        header.addWidget(self.show_closed)
        header.addWidget(self.suggest_button)
        self.referral_table = read_only_table(self.referral_model)
        self.referral_empty = hint_label(NO_REFERRALS)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.referral_empty)
        column.addWidget(self.referral_table, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.panel)
        split.setSizes([900, 340])  # the list fits its six columns at 1366×768; the panel keeps the rest
        split.setStretchFactor(0, 1)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(header)
        layout.addWidget(split, 1)
        return tab

    def _build_incidents(self) -> QWidget:
        self.open_incident_button = primary_button("登记危机事件…")
        self.open_incident_button.setVisible(self.may_write)
        header = QHBoxLayout()
        header.addWidget(title_label("危机事件"))
        header.addStretch(1)
        header.addWidget(self.open_incident_button)
        self.incident_table = read_only_table(self.incident_model)
        self.incident_empty = hint_label(NO_INCIDENTS)
        lists = QWidget()
        column = QVBoxLayout(lists)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(header)
        column.addWidget(self.incident_empty)
        column.addWidget(self.incident_table, 1)
        self.incident_stack = QStackedWidget()
        self.incident_stack.addWidget(lists)
        self.incident_stack.addWidget(self.incident_view)
        return self.incident_stack

    def _connect(self) -> None:
        self.suggest_button.clicked.connect(lambda: self.suggest())
        self.show_closed.toggled.connect(lambda _on: self.refresh())
        selection = self.referral_table.selectionModel()
        selection.currentRowChanged.connect(lambda current, _prev: self._chosen(current.row()))
        self.panel.step_chosen.connect(self._panel_step)
        self.panel.print_notice.connect(lambda: self._print_referral("notice"))
        self.panel.print_slip.connect(lambda: self._print_referral("slip"))
        self.panel.record_exception.connect(self._referral_exception)
        self.open_incident_button.clicked.connect(self.open_incident)
        self.incident_table.activated.connect(lambda index: self._open_listed_incident(index.row()))
        self.incident_view.back.connect(self.show_incident_list)
        self.incident_view.clicked.connect(self._incident_button)
        self.incident_view.exception_list.itemActivated.connect(
            lambda item: self._print_exception(int(item.data(Qt.ItemDataRole.UserRole)))
        )

    # -- referrals -----------------------------------------------------------------------
    def refresh(self) -> None:
        chosen = self._current_referral()
        found = self.runner.call(referral_views.my_referrals, include_closed=self.show_closed.isChecked(), parent=self)
        self._show_referrals(found or [], chosen.id if chosen else None)
        listed = self.runner.call(incidents.my_incidents, parent=self) or []
        self.incident_model.set_rows(listed)
        self.incident_empty.setVisible(not listed)
        self.incident_table.setVisible(bool(listed))
        waiting = sum(1 for i in listed if i.status != "已结案")
        self.tabs.setTabText(1, f"危机事件（{waiting}）" if waiting else "危机事件")
        if self.incident_view.detail is not None and self.incident_stack.currentWidget() is self.incident_view:
            self.show_incident(self.incident_view.detail.id)

    def _show_referrals(self, found: list[ReferralSummary], keep: int | None) -> None:
        self.referral_model.set_rows(found)
        self.referral_empty.setVisible(not found)
        self.referral_table.setVisible(bool(found))
        overdue = sum(1 for r in found if r.overdue)
        self.tabs.setTabText(0, f"转介（{overdue} 项逾期）" if overdue else "转介")
        for row, summary in enumerate(found):
            step = primary_step(summary)
            if step is not None:
                button = QPushButton(step.value)
                button.setToolTip(f"{summary.due_label}：点此{step.value}")
                button.clicked.connect(lambda _=False, s=summary, a=step: self.do_step(s.id, a))
                self.referral_table.setIndexWidget(self.referral_model.index(row, ReferralTableModel.NEXT), button)
        rows = [i for i, r in enumerate(found) if r.id == keep]
        if rows:
            self.referral_table.selectRow(rows[0])
        else:
            self.panel.show_referral(None)

    def _current_referral(self) -> ReferralSummary | None:
        index = self.referral_table.currentIndex()
        if not index.isValid() or index.row() >= self.referral_model.rowCount():
            return None
        return self.referral_model.row_at(index.row())

    def _chosen(self, row: int) -> None:
        if 0 <= row < self.referral_model.rowCount():
            self.panel.show_referral(
                self.runner.call(referral_views.get_referral, self.referral_model.row_at(row).id, parent=self)
            )
        else:
            self.panel.show_referral(None)

    def open_action(self, action: str) -> None:
        """From 今日: "referral:7" chooses that referral; "incident:3" opens that incident."""
        kind, _, number = action.partition(":")
        if not number.isdigit():
            return
        if kind == "incident":
            self.tabs.setCurrentIndex(1)
            self.show_incident(int(number))
        elif kind == "referral":
            self.tabs.setCurrentIndex(0)
            self.select_referral(int(number))

    def select_referral(self, referral_id: int) -> bool:
        rows = [i for i in range(self.referral_model.rowCount()) if self.referral_model.row_at(i).id == referral_id]
        if not rows and not self.show_closed.isChecked():
            self.show_closed.setChecked(True)  # an ended one: show the ended too
            rows = [i for i in range(self.referral_model.rowCount()) if self.referral_model.row_at(i).id == referral_id]
        if rows:
            self.referral_table.selectRow(rows[0])
            self.referral_table.scrollTo(self.referral_model.index(rows[0], 0))
        return bool(rows)

    def suggest(self, student: tuple[int, str] | None = None) -> None:
        colleagues = (self.runner.call(case_views.case_colleagues, parent=self) or []) if self.is_lead else []
        dialog = rdlg.SuggestReferralDialog(self._search, colleagues, clock.now().date(), self, student=student)
        while dialog.exec():
            done = self.runner.call(referrals.suggest_referral, dialog.student_id(), parent=dialog, **dialog.values())
            if done is not None:
                self.select_referral(done.referral_id)
                return

    def _panel_step(self, action: ReferralAction) -> None:
        chosen = self.panel.detail
        if chosen is not None:
            self.do_step(chosen.summary.id, action)

    def do_step(self, referral_id: int, action: ReferralAction) -> bool:
        """The step's dialog, then its service; True when it was done."""
        detail = self.runner.call(referral_views.get_referral, referral_id, parent=self)
        if detail is None or action not in detail.summary.actions:
            return False
        today = clock.now().date()
        dialog: Any
        if action is ReferralAction.RECORD_CONSENT:
            dialog, service = rdlg.ConsentDialog(today, detail.guardian, self), referrals.record_consent
        elif action is ReferralAction.RECORD_REFUSAL:
            dialog, service = rdlg.RefusalDialog(today, detail.guardian, self), referrals.record_refusal
        elif action is ReferralAction.REFER:
            found = self.runner.call(partners.list_partners, parent=self) or []
            dialog = rdlg.ReferDialog(found, today, self, consent_form=detail.consent_form)
            service = referrals.refer_to_partner
        elif action is ReferralAction.RECORD_FEEDBACK:
            dialog, service = rdlg.FeedbackDialog(today, self), referrals.record_feedback
        elif action is ReferralAction.SCHEDULE_FOLLOW_UP:
            dialog, service = rdlg.ScheduleFollowUpDialog(today, self), follow_ups.schedule_follow_up
        elif action is ReferralAction.RECORD_FOLLOW_UP:
            open_ones = [f for f in detail.follow_ups if not f.done_on]
            dialog, service = rdlg.RecordFollowUpDialog(open_ones, today, self), follow_ups.record_follow_up
        elif action is ReferralAction.CLOSE:
            dialog, service = rdlg.CloseReferralDialog(self), referrals.close_referral
        else:
            return False
        while dialog.exec():
            # Done: the REFERRALS change reloads the table and keeps this referral chosen (an ended
            # one leaves the list unless 显示已结束 is ticked).
            if self.runner.call(service, referral_id, parent=dialog, **dialog.values()) is not None:
                return True
        return False

    def _print_referral(self, which: str) -> None:
        from counselroom.gui.printing import print_actions
        from counselroom.services.printing import print_jobs

        detail = self.panel.detail
        if detail is None:
            return
        if which == "notice":
            builder, label = print_jobs.guardian_consent_job, "正在生成家长告知书…"
        else:
            builder, label = print_jobs.referral_slip_job, "正在生成转介单…"
        print_actions.print_built(self, self.runner, builder, detail.summary.id, label=label)

    def _referral_exception(self) -> None:
        detail = self.panel.detail
        if detail is None:
            return
        s = detail.summary
        links = {"case_id": s.case_id} if s.case_id is not None else {}
        self._record_exception([(s.student_id, f"{s.student_name}（{s.class_name}）")], links)

    def _record_exception(self, students_: list[tuple[int, str]], links: dict[str, int]) -> None:
        dialog = idlg.ExceptionDialog(students_, clock.now(), self)
        while dialog.exec():
            exception_id = self.runner.call(
                confidentiality.record_confidentiality_exception,
                dialog.student_id(),
                parent=dialog,
                **links,
                **dialog.values(),
            )
            if exception_id is not None:
                self.runner.changed.emit(_incidents_changed("已记录保密例外"))
                answer = QMessageBox.question(
                    self, "保密例外", "已记录。现在打印保密例外告知书吗？", QMessageBox.StandardButton.Yes
                    | QMessageBox.StandardButton.No,
                )  # fmt: skip
                if answer == QMessageBox.StandardButton.Yes:
                    self._print_exception(exception_id)
                return

    def _print_exception(self, exception_id: int) -> None:
        from counselroom.gui.printing import print_actions
        from counselroom.services.printing import print_jobs

        print_actions.print_built(
            self, self.runner, print_jobs.confidentiality_notice_job, exception_id, label="正在生成保密例外告知书…"
        )

    # -- incidents -----------------------------------------------------------------------
    def open_incident(self) -> None:
        colleagues = self.runner.call(case_views.case_colleagues, parent=self) or []
        dialog = idlg.OpenIncidentDialog(self._search, colleagues, clock.now(), self)
        while dialog.exec():
            incident_id = self.runner.call(incidents.open_incident, parent=dialog, **dialog.values())
            if incident_id is not None:
                self.runner.changed.emit(_incidents_changed("已登记危机事件"))
                self.show_incident(incident_id)
                return

    def _open_listed_incident(self, row: int) -> None:
        self.show_incident(self.incident_model.row_at(row).id)

    def show_incident(self, incident_id: int) -> bool:
        detail = self.runner.call(incidents.get_incident, incident_id, parent=self)
        if detail is None:
            return False
        found = self.runner.call(confidentiality.list_exceptions, incident_id=incident_id, parent=self) or []
        self.incident_view.show_incident(detail, found)
        self.incident_stack.setCurrentWidget(self.incident_view)
        return True

    def show_incident_list(self) -> None:
        self.incident_view.clear()
        self.incident_stack.setCurrentIndex(0)
        self.refresh()

    def _incident_button(self, key: str) -> None:
        detail = self.incident_view.detail
        if detail is None:
            return
        handlers: dict[str, Callable[[int], bool]] = {
            "record": self._record_event,
            "risk": self._set_risk,
            "team": self._add_team_member,
            "aftercare": self._add_aftercare,
            "plan": self._plan_followup,
            "followup": self._record_followup,
            "exception": self._incident_exception,
            "submit": self._submit,
            "cosign": self._cosign,
            "send_back": self._send_back,
            "print": self._print_incident,
        }
        # A step done broadcasts INCIDENTS, and refresh() reads the shown incident again.
        handlers[key](detail.id)

    def _until_done(self, dialog: Any, call: Callable[[Any], object]) -> bool:
        """Show the dialog until the service accepts it or the teacher cancels."""
        while dialog.exec():
            if call(dialog) is not None:
                return True
        return False

    def _record_event(self, incident_id: int) -> bool:
        dialog = idlg.EventDialog(clock.now(), self)
        return self._until_done(
            dialog, lambda d: self.runner.call(incidents.record_event, incident_id, parent=d, **d.values())
        )

    def _set_risk(self, incident_id: int) -> bool:
        current = self.incident_view.detail.risk_level if self.incident_view.detail else ""
        dialog = idlg.RiskDialog(current, self)
        return self._until_done(
            dialog,
            lambda d: self.runner.call(incidents.set_risk_level, incident_id, parent=d, **d.values()),
        )

    def _add_team_member(self, incident_id: int) -> bool:
        colleagues = self.runner.call(case_views.case_colleagues, parent=self) or []
        dialog = idlg.TeamDialog(colleagues, self)
        return self._until_done(
            dialog, lambda d: self.runner.call(incidents.add_team_member, incident_id, d.user_id(), parent=d)
        )

    def _add_aftercare(self, incident_id: int) -> bool:
        staff = self.runner.call(school_structure.list_staff, parent=self) or []
        colleagues = self.runner.call(case_views.case_colleagues, parent=self) or []
        dialog = idlg.AftercareDialog(self._search, staff, colleagues, clock.now().date(), self)
        done = self._until_done(
            dialog, lambda d: self.runner.call(aftercare.add_aftercare_person, incident_id, parent=d, **d.values())
        )
        if done:
            self.runner.changed.emit(_incidents_changed("已加入事后安抚名单"))
        return done

    def _plan_followup(self, _incident_id: int) -> bool:
        dialog = idlg.PlanFollowupDialog(self.incident_view.people(), clock.now().date(), self)
        return self._until_done(
            dialog, lambda d: self.runner.call(aftercare.plan_followup, d.person_id(), parent=d, **d.values())
        )

    def _record_followup(self, _incident_id: int) -> bool:
        dialog = idlg.RecordFollowupDialog(self.incident_view.open_followups(), clock.now().date(), self)
        return self._until_done(
            dialog, lambda d: self.runner.call(aftercare.record_followup, d.followup_id(), parent=d, **d.values())
        )

    def _incident_exception(self, incident_id: int) -> bool:
        detail = self.incident_view.detail
        if detail is None:
            return False
        people = [(s.student_id, f"{s.name}（{s.class_name}）") for s in detail.students]
        self._record_exception(people, {"incident_id": incident_id})
        return True

    def _submit(self, incident_id: int) -> bool:
        dialog = idlg.TextStepDialog(
            "提交会签",
            "写处置小结后提交心理中心负责人会签；会签后结案，处置记录不再增加。",
            "处置小结",
            "经过、处置、当事学生现状、后续安排（转介、随访）",
            self,
        )
        return self._until_done(
            dialog, lambda d: self.runner.call(incidents.submit_incident, incident_id, summary=d.value(), parent=d)
        )

    def _cosign(self, incident_id: int) -> bool:
        answer = QMessageBox.question(
            self,
            "会签",
            f"已阅读危机事件 #{incident_id} 的处置记录和小结，会签后结案。确定会签吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return self.runner.call(incidents.cosign_incident, incident_id, parent=self) is not None

    def _send_back(self, incident_id: int) -> bool:
        dialog = idlg.TextStepDialog("退回", "退回给负责老师继续处置。", "退回原因", "需要补充的处置或记录", self)
        return self._until_done(
            dialog, lambda d: self.runner.call(incidents.return_incident, incident_id, reason=d.value(), parent=d)
        )

    def _print_incident(self, incident_id: int) -> bool:
        from counselroom.gui.printing import print_actions
        from counselroom.services.printing import print_jobs

        print_actions.print_built(
            self, self.runner, print_jobs.incident_record_job, incident_id, label="正在生成危机事件处置记录…"
        )
        return False  # nothing changed on the incident

    # -- shared ----------------------------------------------------------------------------
    def _search(self, text: str) -> list[StudentListItem]:
        return self.runner.call(students.search_students, text, parent=self) or []

    def clear_for_lock(self) -> None:
        self.panel.show_referral(None)
        self.incident_view.clear()
        self.incident_stack.setCurrentIndex(0)
        for model in (self.referral_model, self.incident_model):
            model.clear()


def _incidents_changed(summary: str) -> Changes:
    """Services that return an id, not Changes (open_incident, add_aftercare_person, the
    exception): the page tells the others itself, so 今日 and the counts follow."""
    return Changes.of(ChangeKind.INCIDENTS, summary=summary)
