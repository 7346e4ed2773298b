"""转介与随访 as the counselor and the lead use it (issue #11 item 7): a referral from 建议转介 to
结束转介 through the row's and the panel's buttons — only the steps the state machine allows
enabled, every button kept in its place — and a crisis incident from 登记 to the lead's 会签;
今日's links open the record."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from counselroom.domain.referrals.referral_rules import ReferralAction, ReferralState
from counselroom.domain.roles import Role
from counselroom.gui.main_window import MainWindow
from counselroom.gui.pages.referrals_page import ReferralsPage
from counselroom.gui.referrals import incident_dialogs as idlg
from counselroom.gui.referrals import referral_dialogs as rdlg
from counselroom.gui.referrals.referral_models import ReferralTableModel
from counselroom.gui.service_runner import ServiceRunner
from counselroom.services.accounts.session import Session
from counselroom.system import clock
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.gui.dialogs import answer_dialog
from tests.services.referral_data import hospital, referral_in


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW)


@pytest.fixture
def windows(qtbot: QtBot, school: SchoolFixture) -> Iterator[Callable[[str], MainWindow]]:
    opened: list[MainWindow] = []

    def window(username: str) -> MainWindow:
        main = MainWindow(ServiceRunner(school.sign_in(username), school.keys))
        qtbot.addWidget(main)
        main.show()
        opened.append(main)
        return main

    yield window
    for main in opened:
        if main.runner.session.db.is_open:
            main.runner.session.db.close()


def _page(window: MainWindow) -> ReferralsPage:
    window.open_page("转介与随访")
    page = window.page_titled("转介与随访")
    assert isinstance(page, ReferralsPage)
    return page


def _states(page: ReferralsPage) -> list[str]:
    model = page.referral_model
    return [model.row_at(i).state for i in range(model.rowCount())]


def _shown_steps(page: ReferralsPage) -> set[ReferralAction]:
    """The steps offered: on screen and enabled (the others stay in place, disabled)."""
    return {a for a, b in page.panel.step_buttons.items() if not b.isHidden() and b.isEnabled()}


def _places(buttons: Mapping[object, QPushButton]) -> dict[object, QRect]:
    """Where each button is in its window (all on screen)."""
    assert all(b.isVisible() for b in buttons.values())
    return {key: QRect(b.mapTo(b.window(), QPoint(0, 0)), b.size()) for key, b in buttons.items()}


def _disabled_ones_say_why(buttons: Mapping[object, QPushButton]) -> None:
    for key, button in buttons.items():
        assert bool(button.toolTip()) is not button.isEnabled(), key


def _row_button(page: ReferralsPage, row: int = 0) -> QPushButton:
    widget = page.referral_table.indexWidget(page.referral_model.index(row, ReferralTableModel.NEXT))
    assert isinstance(widget, QPushButton)
    return widget


def _answer_and_click(qtbot: QtBot, kind: type, fill: Callable, button: QPushButton) -> None:  # type: ignore[type-arg]
    answer_dialog(kind, fill)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_referral_from_suggestion_to_closure(
    qtbot: QtBot, windows: Callable[[str], MainWindow], sessions: dict[Role, Session]
) -> None:
    hospital(sessions)
    page = _page(windows("counselor"))
    assert page.referral_empty.isVisibleTo(page)

    def suggest(d: rdlg.SuggestReferralDialog) -> None:
        d.picker.add_student(1, "张晓明　初一(1)班")
        d.reason.insertPlainText("近两周多次说活着没意思，校内辅导后仍睡不好")
        d.buttons.accepted.emit()

    _answer_and_click(qtbot, rdlg.SuggestReferralDialog, suggest, page.suggest_button)
    qtbot.waitUntil(lambda: _states(page) == [ReferralState.SUGGESTED.value])
    assert _shown_steps(page) == {ReferralAction.RECORD_CONSENT, ReferralAction.RECORD_REFUSAL, ReferralAction.CLOSE}
    assert not page.panel.notice_button.isHidden() and page.panel.slip_button.isHidden()
    assert "近两周多次说活着没意思" in page.panel.text.toPlainText()

    def consent(d: rdlg.ConsentDialog) -> None:
        d.guardian.setText("母亲 李红")
        d.consent_form.setChecked(True)
        d.buttons.accepted.emit()

    button = _row_button(page)
    assert button.text() == ReferralAction.RECORD_CONSENT.value  # the row's next step
    _answer_and_click(qtbot, rdlg.ConsentDialog, consent, button)
    qtbot.waitUntil(lambda: _states(page) == [ReferralState.CONSENTED.value])
    assert _shown_steps(page) == {ReferralAction.REFER, ReferralAction.CLOSE}
    assert "母亲 李红" in page.panel.text.toPlainText()

    def refer(d: rdlg.ReferDialog) -> None:
        assert "定点合作" in d.partner.currentText() and "李医生" in d.partner.currentText()
        d.buttons.accepted.emit()

    _answer_and_click(qtbot, rdlg.ReferDialog, refer, page.panel.step_buttons[ReferralAction.REFER])
    qtbot.waitUntil(lambda: _states(page) == [ReferralState.REFERRED.value])
    assert _shown_steps(page) == {ReferralAction.RECORD_FEEDBACK, ReferralAction.CLOSE}
    assert page.referral_model.row_at(0).partner_name == "市第九医院"

    def feedback(d: rdlg.FeedbackDialog) -> None:
        d.text.insertPlainText("建议规律作息，两周后复诊")
        d.buttons.accepted.emit()

    _answer_and_click(qtbot, rdlg.FeedbackDialog, feedback, page.panel.step_buttons[ReferralAction.RECORD_FEEDBACK])
    qtbot.waitUntil(lambda: _states(page) == [ReferralState.FEEDBACK.value])

    schedule = page.panel.step_buttons[ReferralAction.SCHEDULE_FOLLOW_UP]
    _answer_and_click(qtbot, rdlg.ScheduleFollowUpDialog, lambda d: d.buttons.accepted.emit(), schedule)
    qtbot.waitUntil(lambda: _states(page) == [ReferralState.FOLLOWING.value])
    assert ReferralAction.RECORD_FOLLOW_UP in _shown_steps(page)

    def follow_up(d: rdlg.RecordFollowUpDialog) -> None:
        d.note.insertPlainText("面谈：按时复诊，睡眠好转")
        d.buttons.accepted.emit()

    _answer_and_click(
        qtbot, rdlg.RecordFollowUpDialog, follow_up, page.panel.step_buttons[ReferralAction.RECORD_FOLLOW_UP]
    )
    qtbot.waitUntil(lambda: "睡眠好转" in page.panel.text.toPlainText())
    assert ReferralAction.RECORD_FOLLOW_UP not in _shown_steps(page)  # none open any more

    def close(d: rdlg.CloseReferralDialog) -> None:
        d.summary.insertPlainText("规律复诊三个月，情绪平稳，转入常规关注")
        d.buttons.accepted.emit()

    _answer_and_click(qtbot, rdlg.CloseReferralDialog, close, page.panel.step_buttons[ReferralAction.CLOSE])
    qtbot.waitUntil(lambda: _states(page) == [])  # ended ones are hidden by default
    page.show_closed.setChecked(True)
    assert _states(page) == [ReferralState.CLOSED.value]
    page.referral_table.selectRow(0)
    assert _shown_steps(page) == set()
    assert page.referral_table.indexWidget(page.referral_model.index(0, ReferralTableModel.NEXT)) is None


def test_a_refused_step_keeps_the_dialog_and_its_text(
    qtbot: QtBot, windows: Callable[[str], MainWindow], sessions: dict[Role, Session]
) -> None:
    """The service refuses a re-contact date before the day the family was told: the dialog stays
    with what was typed, and the message says what is wrong."""
    referral_in(sessions, ReferralState.SUGGESTED)
    page = _page(windows("counselor"))
    seen: list[str] = []

    def error_then_cancel(box: QMessageBox) -> None:
        seen.append(box.text())
        box.accept()  # the refusal shown; the dialog comes back with what was typed, then 取消
        answer_dialog(rdlg.RefusalDialog, lambda d: (seen.append(d.plan.toPlainText()), d.reject()))

    def refuse(d: rdlg.RefusalDialog) -> None:
        d.guardian.setText("父亲")
        d.plan.insertPlainText("继续校内辅导")
        d.reoffer_on.setDate(d.informed_on.date().addDays(-3))
        answer_dialog(QMessageBox, error_then_cancel)
        d.buttons.accepted.emit()

    page.referral_table.selectRow(0)
    _answer_and_click(qtbot, rdlg.RefusalDialog, refuse, page.panel.step_buttons[ReferralAction.RECORD_REFUSAL])
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert "再次沟通日期" in seen[0] and seen[1] == "继续校内辅导"
    assert _states(page) == [ReferralState.SUGGESTED.value]


def test_overdue_first_in_red_and_a_shared_colleague_only_reads(
    qtbot: QtBot, windows: Callable[[str], MainWindow], sessions: dict[Role, Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    later_one = referral_in(sessions, ReferralState.REFERRED)  # feedback due in 30 days
    first = referral_in(sessions, ReferralState.SUGGESTED)  # consent due in 7 days
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW + timedelta(days=10))
    page = _page(windows("counselor"))
    model = page.referral_model
    assert [model.row_at(i).id for i in range(model.rowCount())] == [first, later_one]
    assert model.row_at(0).overdue
    due = model.index(0, ReferralTableModel.DUE)
    assert model.data(due).startswith("逾期 3 天")
    assert model.data(due, 9) is not None  # ForegroundRole: red
    assert page.tabs.tabText(0) == "转介（1 项逾期）"


def test_the_consent_copy_is_ticked_only_when_the_form_came_back(
    qtbot: QtBot, windows: Callable[[str], MainWindow], sessions: dict[Role, Session]
) -> None:
    """转介's 提供材料: 知情同意书复印件 is offered ticked only when the signed form was returned."""
    from counselroom.services.referrals import referrals
    from tests.services.referral_data import TODAY

    with_form = referral_in(sessions, ReferralState.CONSENTED)  # the form came back
    c = sessions[Role.COUNSELOR]
    without_form = referral_in(sessions, ReferralState.SUGGESTED)
    referrals.record_consent(
        c.db, c.actor, without_form, guardian="母亲", informed_on=TODAY, informed_how="电话", consent_form=False,
        now=FIXED_NOW,
    )  # fmt: skip
    page = _page(windows("counselor"))
    ticked: dict[int, tuple[bool, bool, str]] = {}

    def look(referral_id: int) -> Callable[[rdlg.ReferDialog], None]:
        def at(d: rdlg.ReferDialog) -> None:
            copy = d.sent["知情同意书复印件"]
            ticked[referral_id] = (copy.isChecked(), d.sent["转介单"].isChecked(), copy.toolTip())
            d.reject()

        return at

    for referral_id in (with_form, without_form):
        assert page.select_referral(referral_id)
        assert "知情同意书：" + ("已收回" if referral_id == with_form else "未收回") in page.panel.text.toPlainText()
        _answer_and_click(qtbot, rdlg.ReferDialog, look(referral_id), page.panel.step_buttons[ReferralAction.REFER])
        qtbot.waitUntil(lambda referral_id=referral_id: referral_id in ticked)
    assert ticked[with_form] == (True, True, "")
    assert ticked[without_form][:2] == (False, True) and "尚未收回" in ticked[without_form][2]


def test_the_plan_after_a_refusal_shows_only_while_the_refusal_stands(
    qtbot: QtBot, windows: Callable[[str], MainWindow], sessions: dict[Role, Session]
) -> None:
    referral_id = referral_in(sessions, ReferralState.REFUSED)
    page = _page(windows("counselor"))
    assert page.select_referral(referral_id)
    assert "拒绝后的安排：继续校内每周个别辅导" in page.panel.text.toPlainText()

    def consent(d: rdlg.ConsentDialog) -> None:
        d.guardian.setText("父亲")
        d.consent_form.setChecked(True)
        d.buttons.accepted.emit()

    _answer_and_click(qtbot, rdlg.ConsentDialog, consent, page.panel.step_buttons[ReferralAction.RECORD_CONSENT])
    qtbot.waitUntil(lambda: _states(page) == [ReferralState.CONSENTED.value])
    shown = page.panel.text.toPlainText()
    assert "拒绝后的安排" not in shown and "继续校内每周个别辅导" not in shown
    assert "家长拒绝" in shown  # the refusal is history: 经过 keeps it


def test_the_referral_steps_keep_their_places_and_say_why_one_is_off(
    qtbot: QtBot, windows: Callable[[str], MainWindow], sessions: dict[Role, Session]
) -> None:
    """Every step on screen at the same spot whatever the state; the ones not allowed now disabled with
    the reason."""
    suggested = referral_in(sessions, ReferralState.SUGGESTED)
    following = referral_in(sessions, ReferralState.FOLLOWING)
    page = _page(windows("counselor"))
    buttons = page.panel.step_buttons
    assert page.select_referral(suggested)
    qtbot.waitUntil(lambda: all(b.isVisible() for b in buttons.values()))
    places = _places(buttons)
    assert _shown_steps(page) == {ReferralAction.RECORD_CONSENT, ReferralAction.RECORD_REFUSAL, ReferralAction.CLOSE}
    assert "不能“转介”" in buttons[ReferralAction.REFER].toolTip()
    _disabled_ones_say_why(buttons)
    assert page.select_referral(following)
    qtbot.waitUntil(lambda: buttons[ReferralAction.SCHEDULE_FOLLOW_UP].isEnabled())
    assert _places(buttons) == places, "no step moved with the state"
    assert _shown_steps(page) >= {ReferralAction.SCHEDULE_FOLLOW_UP, ReferralAction.CLOSE}
    assert not buttons[ReferralAction.RECORD_CONSENT].isEnabled()
    _disabled_ones_say_why(buttons)


def test_today_links_open_the_referral_and_the_incident(
    qtbot: QtBot, windows: Callable[[str], MainWindow], sessions: dict[Role, Session]
) -> None:
    from tests.services.crisis_data import counselors_incident

    incident_id = counselors_incident(sessions)
    referral_id = referral_in(sessions, ReferralState.CONSENTED)
    main = windows("counselor")
    main.open_page("转介与随访", f"referral:{referral_id}")
    page = _page(main)
    assert page.panel.detail is not None and page.panel.detail.summary.id == referral_id
    main.open_page("转介与随访", f"incident:{incident_id}")
    assert page.tabs.currentIndex() == 1 and page.incident_stack.currentWidget() is page.incident_view
    assert page.incident_view.detail is not None and page.incident_view.detail.id == incident_id


def test_an_incident_from_report_to_the_leads_cosignature(
    qtbot: QtBot,
    windows: Callable[[str], MainWindow],
    sessions: dict[Role, Session],
    answers: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.services.matrix_care import school

    school(sessions)
    page = _page(windows("counselor"))
    page.tabs.setCurrentIndex(1)

    def report(d: idlg.OpenIncidentDialog) -> None:
        d.picker.add_student(1, "张晓明　初一(1)班")
        d.occurred_at.setDateTime(d.occurred_at.dateTime().addSecs(-3600))
        d.place.setText("教学楼三楼走廊")
        d.summary.insertPlainText("课间在走廊被同学发现情绪激动，称不想活了，班主任陪同到心理辅导室")
        d.buttons.accepted.emit()

    _answer_and_click(qtbot, idlg.OpenIncidentDialog, report, page.open_incident_button)
    qtbot.waitUntil(lambda: page.incident_view.detail is not None)
    view = page.incident_view
    qtbot.waitUntil(lambda: all(b.isVisible() for b in view.buttons.values()))
    places = _places(view.buttons)
    assert not view.buttons["submit"].isEnabled() and "通知分管校领导" in view.problems.text()
    assert "通知分管校领导" in view.buttons["submit"].toolTip()
    assert not view.buttons["cosign"].isEnabled() and "提交会签后" in view.buttons["cosign"].toolTip()
    assert not view.buttons["plan"].isEnabled() and "事后安抚" in view.buttons["plan"].toolTip()
    _disabled_ones_say_why(view.buttons)

    for kind, whom in (("通知班主任", "班主任 周老师"), ("通知家长", "母亲 李红"), ("通知分管校领导", "王副校长")):

        def notify(d: idlg.EventDialog, kind: str = kind, whom: str = whom) -> None:
            d.kind.setCurrentText(kind)
            d.whom.setText(whom)
            d.buttons.accepted.emit()

        _answer_and_click(qtbot, idlg.EventDialog, notify, view.buttons["record"])
        qtbot.waitUntil(lambda kind=kind: view.detail is not None and kind in [e.kind for e in view.detail.events])

    def aftercare(d: idlg.AftercareDialog) -> None:
        d.picker.add_student(2, "李小红　初一(1)班")
        d.reason.setText("同班好友，目睹")
        d.buttons.accepted.emit()

    _answer_and_click(qtbot, idlg.AftercareDialog, aftercare, view.buttons["aftercare"])
    qtbot.waitUntil(lambda: view.aftercare.topLevelItemCount() == 1)
    assert "随访" in view.problems.text()  # the follow-up planned for today is still open

    def followup(d: idlg.RecordFollowupDialog) -> None:
        d.outcome.insertPlainText("面谈，情绪平稳，继续关注一周")
        d.buttons.accepted.emit()

    _answer_and_click(qtbot, idlg.RecordFollowupDialog, followup, view.buttons["followup"])
    qtbot.waitUntil(lambda: view.buttons["submit"].isEnabled())
    assert _places(view.buttons) == places, "no button moved when 提交会签 came on"

    def submit(d: idlg.TextStepDialog) -> None:
        d.text.insertPlainText("已通知家长接回，转介市第九医院，事后安抚一名同学")
        d.buttons.accepted.emit()

    submitted_at = FIXED_NOW.replace(second=17)  # kept to the second; shown to the minute
    monkeypatch.setattr(clock, "now", lambda: submitted_at)
    _answer_and_click(qtbot, idlg.TextStepDialog, submit, view.buttons["submit"])
    qtbot.waitUntil(lambda: view.detail is not None and view.detail.status == "待会签")
    assert not view.buttons["record"].isEnabled() and "已提交会签" in view.buttons["record"].toolTip()
    assert _places(view.buttons) == places
    _disabled_ones_say_why(view.buttons)
    assert "提交会签：王老师 2025-10-13 09:30" in view.facts.toPlainText()
    assert "09:30:17" not in view.facts.toPlainText()
    incident_id = view.detail.id

    lead_page = _page(windows("lead"))
    lead_page.tabs.setCurrentIndex(1)
    assert [i.status for i in lead_page.incident_model._rows] == ["待会签"]
    lead_page.incident_table.activated.emit(lead_page.incident_model.index(0, 0))
    lead_view = lead_page.incident_view
    assert lead_view.detail is not None and lead_view.detail.id == incident_id
    assert lead_view.buttons["cosign"].isEnabled() and lead_view.buttons["send_back"].isEnabled()
    qtbot.mouseClick(lead_view.buttons["cosign"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lead_view.detail is not None and lead_view.detail.status == "已结案")
    assert answers == ["会签"]
    assert not lead_view.buttons["cosign"].isEnabled() and not lead_view.buttons["record"].isEnabled()
    assert "已结案" in lead_view.buttons["record"].toolTip()
    assert lead_view.buttons["print"].isEnabled()
    _disabled_ones_say_why(lead_view.buttons)
    assert "会签：" in lead_view.facts.toPlainText() and ":17" not in lead_view.facts.toPlainText()


def test_the_principal_and_the_admin_have_no_such_page(windows: Callable[[str], MainWindow]) -> None:
    for username in ("principal", "admin"):
        main = windows(username)
        titles = [main.sidebar.item(i).text() for i in range(main.sidebar.count())]
        assert "转介与随访" not in titles


def test_a_referral_suggested_from_the_case_goes_on_to_its_page(
    qtbot: QtBot, windows: Callable[[str], MainWindow], sessions: dict[Role, Session]
) -> None:
    from counselroom.gui.pages.cases_page import CasesPage
    from tests.services.referral_data import _the_case

    case_id = _the_case(sessions)
    main = windows("counselor")
    main.open_page("个案")
    cases_page = main.page_titled("个案")
    assert isinstance(cases_page, CasesPage) and cases_page.show_case(case_id)
    assert not cases_page.view.refer_button.isHidden()

    def suggest(d: rdlg.SuggestReferralDialog) -> None:
        assert d.picker.student_ids() == [1] and d.picker.search.isHidden()  # the case's student only
        d.reason.insertPlainText("校内辅导八周后仍入睡困难，建议专科评估")
        d.buttons.accepted.emit()

    _answer_and_click(qtbot, rdlg.SuggestReferralDialog, suggest, cases_page.view.refer_button)
    qtbot.waitUntil(lambda: main.stack.currentWidget() is main.page_titled("转介与随访"))
    page = _page(main)
    assert page.panel.detail is not None and page.panel.detail.summary.case_id == case_id
    assert "建议专科评估" in page.panel.text.toPlainText()


@pytest.fixture
def printed(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The documents handed to the print path (the print dialog itself is tested elsewhere)."""
    from counselroom.gui.printing import print_preview

    jobs: list[object] = []
    monkeypatch.setattr(print_preview, "print_job", lambda _parent, job, runner: jobs.append(job) or True)
    return jobs


def test_the_printed_forms_from_the_page(
    qtbot: QtBot,
    windows: Callable[[str], MainWindow],
    sessions: dict[Role, Session],
    printed: list[object],
    answers: list[str],
) -> None:
    from counselroom.services.printing.print_jobs import PrintJob
    from tests.reports.pdf_checks import page_texts
    from tests.services.crisis_data import counselors_incident

    suggested = referral_in(sessions, ReferralState.SUGGESTED)
    consented = referral_in(sessions, ReferralState.CONSENTED)
    incident_id = counselors_incident(sessions, school=False)
    page = _page(windows("counselor"))
    page.select_referral(suggested)
    assert page.panel.slip_button.isHidden()  # no 转介单 before the family agreed
    qtbot.mouseClick(page.panel.notice_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(printed) == 1)
    page.select_referral(consented)
    assert page.panel.notice_button.isHidden()
    qtbot.mouseClick(page.panel.slip_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(printed) == 2)

    page.open_action(f"incident:{incident_id}")
    qtbot.mouseClick(page.incident_view.buttons["print"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(printed) == 3)

    def exception(d: idlg.ExceptionDialog) -> None:
        from PySide6.QtWidgets import QTableWidgetItem

        d.recipients.setItem(0, 0, QTableWidgetItem("李红"))
        d.recipients.setItem(0, 1, QTableWidgetItem("母亲"))
        d.justification.insertPlainText("学生当晚有自伤计划")
        d.disclosed.insertPlainText("请今晚陪伴孩子，明早带孩子到心理辅导室")
        d.buttons.accepted.emit()

    _answer_and_click(qtbot, idlg.ExceptionDialog, exception, page.incident_view.buttons["exception"])
    qtbot.waitUntil(lambda: len(printed) == 4)
    assert answers == ["保密例外"]
    assert page.incident_view.exception_list.count() == 1

    jobs = [j for j in printed if isinstance(j, PrintJob)]
    assert [j.title.split()[0] for j in jobs] == ["家长告知书", "转介单", "危机事件处置记录", "保密例外告知单"]
    assert all("张晓明" not in j.title for j in jobs)  # the title goes into the audit log
    notice = "".join(page_texts(jobs[3].pdf))
    assert "母亲" in notice and "学生当晚有自伤计划" not in notice  # the justification stays in the room
