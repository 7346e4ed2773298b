"""预约: the week calendar of one counselor, one room or everyone; previous/next week and 本周;
新建预约 (Ctrl+N), 登记来访, 候补名单, 导出日历 and 打印日程表. Clashes are explained in place — in the booking
dialog next to the time, and for a drag in the page's own message line, while the block snaps
back. The principal gets no page (SPEC §1: no names); the flows live in appointment_flows.py.
The day row stays above the scrolling hours; a school not yet set up for booking sees the set-up
checklist (学年学期, 辅导室与开放时间, 名单) with buttons to each step."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QPixmap, QShowEvent
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from counselroom.domain.changes import ChangeKind
from counselroom.domain.roles import Actor
from counselroom.domain.scheduling.appointments import AppointmentType
from counselroom.domain.school.setup_steps import SetupStep
from counselroom.gui.lazy_modules import print_actions
from counselroom.gui.pages.appointment_flows import AppointmentFlows, call_in_place
from counselroom.gui.pages.base import Page
from counselroom.gui.pages.registry import sees_calendar
from counselroom.gui.pages.setup_guide import SetupGuideWidget
from counselroom.gui.scheduling.week_calendar import WeekCalendarWidget
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.widgets import primary_button, title_label
from counselroom.services.scheduling import appointment_views
from counselroom.services.scheduling.appointment_views import CounselorChoice, WeekView
from counselroom.services.school import room_setup
from counselroom.services.school.room_setup import Room
from counselroom.system import clock

EVERYONE = "全部老师"


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_title(monday: date) -> str:
    sunday = monday + timedelta(days=6)
    return f"{monday.year}年{monday.month}月{monday.day}日 – {sunday.month}月{sunday.day}日"


class AppointmentsPage(Page):
    title = "预约"
    refresh_on = frozenset(
        {ChangeKind.APPOINTMENTS, ChangeKind.ROOMS, ChangeKind.STUDENTS, ChangeKind.ACCOUNTS, ChangeKind.SETTINGS}
    )
    open_page = Signal(str, str)  # (page title, action): the set-up checklist's links
    NEEDS = (SetupStep.TERMS, SetupStep.ROOMS, SetupStep.ENROLMENT)

    @classmethod
    def visible_to(cls, actor: Actor) -> bool:
        return sees_calendar(actor)  # the sidebar asks the registry, without importing this page

    def __init__(self, runner: ServiceRunner, parent: QWidget | None = None):
        super().__init__(runner, parent)
        self.monday = monday_of(clock.now().date())
        self.counselors: list[CounselorChoice] = []
        self.rooms: list[Room] = []
        self.view: WeekView | None = None
        self._scroll_pending = False
        self.calendar = WeekCalendarWidget()
        self.flows = AppointmentFlows(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(self._header())
        layout.addLayout(self._week_bar())
        layout.addLayout(self._legend())
        self.guide = SetupGuideWidget(runner, self.NEEDS, "在这里预约之前，请按顺序完成以下设置：")
        self.guide.open_page.connect(self.open_page)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.guide)
        layout.addWidget(self.message)
        layout.addWidget(self._calendar_area(), 1)
        self.calendar.slot_clicked.connect(self.flows.book_at)
        self.calendar.block_activated.connect(self.flows.open_details)
        self.calendar.move_requested.connect(self.flows.move_by_drag)
        self.refresh()

    # -- building ------------------------------------------------------------------------
    def _calendar_area(self) -> QWidget:
        """The day row fixed on top, the hours scrolling under it, their columns lined up."""
        self.scroll = QScrollArea()
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.calendar)
        self.scroll.horizontalScrollBar().valueChanged.connect(self.calendar.header.set_offset)
        area = QFrame()
        area.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(area)
        box.setContentsMargins(1, 1, 1, 1)
        box.setSpacing(0)
        box.addWidget(self.calendar.header)
        box.addWidget(self.scroll, 1)
        return area

    def scroll_to_opening(self) -> None:
        """Show the hours from the week's first opening period (or 08:00) at the top."""
        self.scroll.verticalScrollBar().setValue(int(self.calendar.grid.y_of(self.calendar.first_open_minute())) - 4)

    def _header(self) -> QHBoxLayout:
        self.new_button = primary_button("新建预约")
        self.new_button.setToolTip("Ctrl+N")
        self.walk_in_button = QPushButton("登记来访")
        self.waitlist_button = QPushButton("候补名单")
        self.export_button = QPushButton("导出日历(.ics)…")
        self.day_sheet_button = QPushButton("打印日程表…")
        row = QHBoxLayout()
        row.addWidget(title_label("预约"))
        row.addStretch(1)
        for button in (
            self.day_sheet_button,
            self.export_button,
            self.waitlist_button,
            self.walk_in_button,
            self.new_button,
        ):
            row.addWidget(button)
        self.new_button.clicked.connect(lambda: self.flows.book_at(None))
        self.walk_in_button.clicked.connect(self.flows.walk_in)
        self.waitlist_button.clicked.connect(self.flows.open_waitlist)
        self.export_button.clicked.connect(self.flows.export_ics)
        self.day_sheet_button.clicked.connect(lambda: print_actions().day_sheet_from_page(self))
        new = QAction("新建预约", self)
        new.setShortcut(QKeySequence("Ctrl+N"))
        new.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        new.triggered.connect(lambda: self.flows.book_at(None))
        self.addAction(new)
        return row

    def _week_bar(self) -> QHBoxLayout:
        self.previous_button = QPushButton("‹ 上一周")
        self.this_week_button = QPushButton("本周")
        self.next_button = QPushButton("下一周 ›")
        self.week_label = QLabel()
        self.week_label.setObjectName("PageHint")
        self.filter = QComboBox()
        self.filter.setMinimumWidth(200)
        row = QHBoxLayout()
        for widget in (self.previous_button, self.this_week_button, self.next_button, self.week_label):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(QLabel("查看"))
        row.addWidget(self.filter)
        self.previous_button.clicked.connect(lambda: self.go_to(self.monday - timedelta(days=7)))
        self.next_button.clicked.connect(lambda: self.go_to(self.monday + timedelta(days=7)))
        self.this_week_button.clicked.connect(lambda: self.go_to(monday_of(clock.now().date())))
        self.filter.currentIndexChanged.connect(lambda _i: self.load_week())
        return row

    def _legend(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for kind in AppointmentType:
            swatch = QPixmap(14, 14)
            swatch.fill(QColor(kind.colour))
            icon = QLabel()
            icon.setPixmap(swatch)
            row.addWidget(icon)
            row.addWidget(QLabel(kind.value))
            row.addSpacing(10)
        explained = QLabel("虚线框：已开始，待记出勤　灰色：不开放　浅绿：开放时间")
        explained.setObjectName("Muted")
        row.addWidget(explained)
        row.addStretch(1)
        return row

    # -- data ----------------------------------------------------------------------------
    def refresh(self) -> None:
        self.counselors = self.runner.call(appointment_views.list_counselors, parent=self) or []
        self.rooms = self.runner.call(room_setup.list_rooms, parent=self) or []
        self.guide.refresh()
        self._fill_filter()
        self.load_week()

    def _fill_filter(self) -> None:
        kept = self.filter.currentData()
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem(EVERYONE, None)
        for c in self.counselors:
            self.filter.addItem(c.name, f"counselor:{c.id}")
        for r in self.rooms:
            self.filter.addItem(f"辅导室：{r.name}", f"room:{r.id}")
        wanted = kept if kept is not None and self.filter.findData(kept) >= 0 else self._own_filter()
        self.filter.setCurrentIndex(max(0, self.filter.findData(wanted)))
        self.filter.blockSignals(False)

    def _own_filter(self) -> str | None:
        """A counselor opens on their own week."""
        mine = int(self.runner.actor.user_id)
        return f"counselor:{mine}" if any(c.id == mine for c in self.counselors) else None

    def filter_choice(self) -> tuple[str, int] | None:
        """("counselor", id), ("room", id), or None for everyone. (Strings in the combo: Qt
        compares them by value, a Python tuple only by identity.)"""
        chosen = self.filter.currentData()
        if not chosen:
            return None
        kind, _sep, item_id = str(chosen).partition(":")
        return kind, int(item_id)

    def filter_ids(self) -> dict[str, int]:
        chosen = self.filter_choice()
        return {} if chosen is None else {f"{chosen[0]}_id": chosen[1]}

    def select_filter(self, kind: str, item_id: int) -> None:
        self.filter.setCurrentIndex(self.filter.findData(f"{kind}:{item_id}"))

    def go_to(self, monday: date) -> None:
        self.monday = monday
        self.load_week()

    def load_week(self) -> None:
        self.week_label.setText(week_title(self.monday))
        view = self.runner.call(appointment_views.week_view, start=self.monday, parent=self, **self.filter_ids())
        if view is None:
            return
        first_load = self.view is None or self.view.start != self.monday
        self.view = view
        self.calendar.set_week(self.monday, view.days, now=clock.now())
        self.calendar.set_appointments(view.rows)
        if first_load:
            self._scroll_pending = True
            QTimer.singleShot(0, self, self._scroll_when_shown)

    def _scroll_when_shown(self) -> None:
        """A new week opens at its opening hours, once the scroll area knows its size."""
        if self._scroll_pending and self.isVisible():
            self._scroll_pending = False
            self.scroll_to_opening()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self._scroll_when_shown)

    def open_action(self, action: str) -> None:
        """From a 今日 待办 "appointment:12": its week, and its details to act on (已到, 改期 …)."""
        kind, _sep, appointment_id = action.partition(":")
        if kind != "appointment" or not appointment_id:
            return
        item = self.runner.call(appointment_views.get_appointment, int(appointment_id), parent=self)
        if item is not None:
            self.go_to(monday_of(item.start.date()))
            self.flows.open_details(item.id)

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setObjectName("ErrorLabel" if error else "Muted")
        self.message.setStyleSheet("")  # re-polish for the new object name
        self.message.setText(text)

    def default_start(self) -> datetime:
        now = clock.now()
        if monday_of(now.date()) == self.monday:
            return (now + timedelta(minutes=30 - now.minute % 30)).replace(second=0, microsecond=0)
        return datetime.combine(self.monday, datetime.min.time()).replace(hour=8)

    # -- lock ----------------------------------------------------------------------------
    def clear_for_lock(self) -> None:
        self.view = None
        self.calendar.clear()
        self.message.clear()
        self.guide.clear_for_lock()

    def call_quietly(self, service, *args, **kwargs):  # type: ignore[no-untyped-def]
        return call_in_place(self.runner, service, *args, **kwargs)
