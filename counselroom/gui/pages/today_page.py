"""今日: today's appointments with one-click attendance, who is on duty, and the 待办 list; for the
leader in charge, an alert card while a 危机事件 is being handled (incident_alert.py).
Buttons open the page where the work is done; a 待办 opens its own record there (the appointment,
the student's file on the right tab, the duty slot). A new school sees its set-up checklist first.
A role that may not see appointments or 待办 is told so (无权查看), never that there are none."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counselroom.domain.changes import ChangeKind
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.scheduling.appointments import AppointmentStatus
from counselroom.gui.pages.base import Page
from counselroom.gui.pages.incident_alert import IncidentAlertCard
from counselroom.gui.pages.incident_texts import sees_incident_status_only
from counselroom.gui.pages.registry import module_titled
from counselroom.gui.pages.setup_guide import SetupGuideWidget
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.text_format import long_date
from counselroom.gui.widgets import hint_label, primary_button, title_label
from counselroom.services import today
from counselroom.services.duty.duty_calendar import OnDuty
from counselroom.services.scheduling import appointment_views, appointments
from counselroom.services.scheduling.appointment_views import AppointmentItem
from counselroom.system import clock

OVERDUE = "#c0392b"
NO_APPOINTMENTS = "今天没有预约。点“新建预约”安排，或学生临时来访时点“登记来访”。"
HIDDEN_TODOS = "复评、出勤、值班记录等待办涉及学生信息：无权查看。"
# Where a 待办's record is opened: the page, and the action it understands there.
TARGET_PAGES = {
    today.TargetKind.APPOINTMENT: "预约",
    today.TargetKind.STUDENT: "学生",
    today.TargetKind.DUTY_SLOT: "值班",
    today.TargetKind.NOTE: "个案",
    today.TargetKind.REFERRAL: "转介与随访",
    today.TargetKind.INCIDENT: "转介与随访",
}


def target_action(target: today.TodoTarget) -> str:
    """appointment:12, student:5:预警与关爱, duty:2025-10-13:7, note:40 — read by the page's open_action."""
    if target.kind is today.TargetKind.STUDENT:
        return f"student:{target.id}:{target.tab}"
    if target.kind is today.TargetKind.NOTE:
        return f"note:{target.id}"
    if target.kind in (today.TargetKind.REFERRAL, today.TargetKind.INCIDENT):
        return f"{target.kind.value}:{target.id}"
    if target.kind is today.TargetKind.DUTY_SLOT:
        return f"duty:{target.day.isoformat() if target.day else ''}:{target.id}"
    return f"appointment:{target.id}"


def todo_link(todo: today.TodoItem, actor: Actor) -> tuple[str, str]:
    """(page, action) for a 待办: its record when the viewer has that page, else its page."""
    target = todo.target
    if target is not None and module_titled(TARGET_PAGES[target.kind]).shown_to(actor):
        return TARGET_PAGES[target.kind], target_action(target)
    return todo.page, ""


def _section(title: str) -> QLabel:
    label = QLabel(title)
    label.setStyleSheet("font-weight: bold; font-size: 16px;")
    return label


class AppointmentRow(QFrame):
    """One of today's appointments; 已到 / 未到 buttons once it has begun and is unmarked."""

    def __init__(self, page: TodayPage, item: AppointmentItem):
        super().__init__()
        self.item = item
        who = "、".join(s.name for s in item.students) or "（未指定学生）"
        where = item.room_name or item.channel.label
        self.text = QLabel(
            f"{item.start:%H:%M}–{item.end:%H:%M}　{who}　{item.type.label}　{where}　"
            f"〔{item.status.value}{'，来访' if item.is_walk_in else ''}〕"
        )
        self.came, self.missed = QPushButton("已到"), QPushButton("未到")
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        row.addWidget(self.text, 1)
        for button, status in ((self.came, AppointmentStatus.ATTENDED), (self.missed, AppointmentStatus.NO_SHOW)):
            button.setVisible(item.awaiting_attendance)
            button.clicked.connect(lambda _=False, s=status: page.mark(item.id, s))
            row.addWidget(button)


class TodayPage(Page):
    title = "今日"
    refresh_on = frozenset(
        {
            ChangeKind.APPOINTMENTS,
            ChangeKind.WARNINGS,
            ChangeKind.DUTY,
            ChangeKind.STUDENTS,
            ChangeKind.SETTINGS,  # the set-up checklist: terms
            ChangeKind.ROOMS,
            ChangeKind.CLASSES,  # staff added
            ChangeKind.INCIDENTS,  # the leader's alert card
        }
    )
    open_page = Signal(str, str)  # (page title, action) for the main window

    def __init__(self, runner: ServiceRunner, parent: QWidget | None = None):
        super().__init__(runner, parent)
        actor = runner.actor
        self.date_label = hint_label("")
        self.new_button = primary_button("新建预约")
        self.walk_in_button = QPushButton("登记来访")
        self.can_book = actor.can(Permission.SCHEDULE_APPOINTMENTS)
        for button in (self.new_button, self.walk_in_button):
            button.setVisible(self.can_book)
        self.guide = SetupGuideWidget(runner, (), "开始使用前，请按顺序完成以下设置：")
        self.guide.open_page.connect(self.open_page)
        # The principal's (and admin's) only sight of a crisis: counselors and the lead have theirs.
        self.incident_card = IncidentAlertCard(runner) if sees_incident_status_only(actor) else None
        if self.incident_card is not None:
            self.incident_card.open_page.connect(self.open_page)
        self.appointment_list = QVBoxLayout()
        self.appointment_box = QWidget()
        self.appointment_box.setLayout(self.appointment_list)
        self.no_appointments = hint_label(NO_APPOINTMENTS)
        self.duty_label = QLabel()
        self.duty_label.setWordWrap(True)
        self.todo_list = QListWidget()
        # A 待办 is a sentence that says what to do: wrap it rather than hide its end off to the right.
        self.todo_list.setWordWrap(True)
        self.todo_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sees_todos = any(actor.can(permission) for permission, _source in runner.registry.todo_sources)
        self.no_todos = hint_label("没有待办事项。" if self.sees_todos else HIDDEN_TODOS)
        self.rows: list[AppointmentRow] = []
        self._layout()
        self.new_button.clicked.connect(lambda: self.open_page.emit("预约", "new"))
        self.walk_in_button.clicked.connect(lambda: self.open_page.emit("预约", "walk_in"))
        self.todo_list.itemActivated.connect(self.open_todo)
        new = QAction(self)
        new.setShortcut(QKeySequence("Ctrl+N"))
        new.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        new.triggered.connect(self.new_button.click)
        self.addAction(new)
        self.refresh()

    def _layout(self) -> None:
        header = QHBoxLayout()
        header.addWidget(title_label("今日"))
        header.addWidget(self.date_label)
        header.addStretch(1)
        header.addWidget(self.walk_in_button)
        header.addWidget(self.new_button)
        left = QVBoxLayout()
        left.addWidget(_section("今日预约"))
        left.addWidget(self.no_appointments)
        left.addWidget(self.appointment_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(_section("值班"))
        right.addWidget(self.duty_label)
        right.addWidget(_section("待办"))
        right.addWidget(self.no_todos)
        right.addWidget(self.todo_list, 100)
        right.addStretch(1)  # keeps the texts together when the list is hidden
        grid = QGridLayout()
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(header)
        if self.incident_card is not None:
            layout.addWidget(self.incident_card)
        layout.addWidget(self.guide)
        layout.addLayout(grid, 1)

    # -- data ----------------------------------------------------------------------------
    def refresh(self) -> None:
        self.date_label.setText(long_date(clock.now().date()))
        self.guide.refresh()
        if self.incident_card is not None:
            self.incident_card.refresh()
        board = self.runner.call(today.today_board, sources=self.runner.registry.todo_sources, parent=self)
        if board is None:
            return
        self._show_appointments(board.appointments)
        if not self.can_book:
            self.no_appointments.setText(self._appointments_hidden())
        self.duty_label.setText(duty_text(board.on_duty, can_plan=self.runner.actor.can(Permission.MANAGE_ROOM_SETUP)))
        self.todo_list.clear()
        for todo in board.todos:
            item = QListWidgetItem(f"【{todo.kind}】{todo.text}")
            item.setData(Qt.ItemDataRole.UserRole, todo_link(todo, self.runner.actor))
            if todo.overdue:
                item.setForeground(QBrush(QColor(OVERDUE)))
            self.todo_list.addItem(item)
        self.no_todos.setVisible(not board.todos)
        self.todo_list.setVisible(self.sees_todos)

    def _appointments_hidden(self) -> str:
        """The principal and the admin: how many, never whose (SPEC §1)."""
        day = clock.now().date()
        counts = None
        if self.runner.actor.can(Permission.VIEW_AGGREGATES):
            counts = self.runner.call(appointment_views.appointment_counts, start=day, end=day, parent=self)
        total = f"今天共有 {counts.total_text} 个预约；" if counts is not None else ""
        return f"{total}学生姓名与预约详情：无权查看。"

    def open_todo(self, item: QListWidgetItem) -> None:
        page, action = item.data(Qt.ItemDataRole.UserRole)
        self.open_page.emit(page, action)

    def _show_appointments(self, items: tuple[AppointmentItem, ...]) -> None:
        for row in self.rows:
            row.setParent(None)
            row.deleteLater()
        self.rows = [AppointmentRow(self, item) for item in items]
        for row in self.rows:
            self.appointment_list.addWidget(row)
        self.no_appointments.setVisible(not items)

    def mark(self, appointment_id: int, status: AppointmentStatus) -> None:
        if self.runner.call(appointments.mark_attendance, appointment_id, status=status, parent=self) is not None:
            self.refresh()

    def clear_for_lock(self) -> None:
        self._show_appointments(())
        self.todo_list.clear()
        self.duty_label.clear()
        self.guide.clear_for_lock()
        if self.incident_card is not None:
            self.incident_card.clear()


def duty_text(on_duty: OnDuty, *, can_plan: bool = True) -> str:
    """`can_plan`: the viewer may generate the roster (the lead, the admin); others are told who does."""
    current, upcoming = on_duty.current, on_duty.next
    if current is not None:
        who = current.staff_name or "（本时段无人值班）"
        text = f"正在值班：{current.start:%H:%M}–{current.end:%H:%M}　{who}"
    else:
        text = "现在不在开放时段。"
    if upcoming is not None:
        text += f"\n下一班：{long_date(upcoming.day)} {upcoming.start:%H:%M}　{upcoming.staff_name}"
    else:
        text += "\n之后没有排班：还没有发布值班表，" + (
            "请到“值班”页点“生成值班表…”。" if can_plan else "由心理中心负责人在“值班”页生成。"
        )
    return text
