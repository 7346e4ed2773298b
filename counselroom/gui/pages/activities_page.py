"""活动: the school's psychological-education work, one tab per kind of record — 谈心谈话, 家访,
心理课, 班会与活动, 家长学校, 宣传, 培训, 会议 — and 达标情况 against the policy profile.

Each record tab has a quick entry row (keyboard only: Tab, Enter saves) and, where a teacher enters
many at once, a bulk dialog that saves in one service call. A term chooser (this term by default)
decides what is listed. Talks and home visits name students: only those who hold the care records
see those tabs; the principal sees the tabs that name no student, read-only, and 达标情况."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from counselroom.domain.changes import ChangeKind
from counselroom.domain.roles import Permission
from counselroom.gui.activities.directory import SchoolDirectory
from counselroom.gui.activities.record_tab import RecordTab
from counselroom.gui.lazy_tab import LazyTab
from counselroom.gui.pages.base import Page
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.widgets import hint_label, title_label
from counselroom.services.activities import home_visits
from counselroom.services.care import peer_reports
from counselroom.services.school import school_calendar, school_structure
from counselroom.services.school.school_calendar import Term
from counselroom.services.students import student_records
from counselroom.system import clock

if TYPE_CHECKING:  # each tab's module is imported when the tab is built (with its services and dialogs)
    from counselroom.gui.activities.coverage_tab import CoverageTab

TALKS, VISITS, LESSONS, TRAININGS, MEETINGS, COVERAGE = "谈心谈话", "家访", "心理课", "培训", "会议", "达标情况"
SCHOOL_ACTIVITIES = ("班会与活动", "家长学校", "宣传")  # one SchoolActivityTab each, in its shape
NO_TERMS = "还没有设置学年学期：请先到“设置 → 学年学期”添加本学年，活动记录按学期查看。"


def default_term(terms: list[Term], today: date) -> Term | None:
    """The current term; between terms (the holidays), the last one that has begun; else the first."""
    current = [t for t in terms if t.current]
    if current:
        return current[0]
    begun = [t for t in terms if t.start <= today]
    if begun:
        return max(begun, key=lambda t: t.start)
    return min(terms, key=lambda t: t.start) if terms else None


class ActivitiesPage(Page):
    title = "活动"
    # SETTINGS: the school calendar and the policy profile (达标情况's rules); CLASSES, STUDENTS:
    # the names the entry rows complete.
    refresh_on = frozenset({ChangeKind.ACTIVITIES, ChangeKind.SETTINGS, ChangeKind.CLASSES, ChangeKind.STUDENTS})

    def __init__(self, runner: ServiceRunner, parent: QWidget | None = None):
        super().__init__(runner, parent)
        actor = runner.actor
        self.sees_care = actor.can(Permission.VIEW_CARE_RECORDS)
        self.records = actor.can(Permission.RECORD_ACTIVITIES)
        self._directory: SchoolDirectory | None = None
        self.terms: list[Term] = []
        self.term_box = QComboBox()
        self.term_box.setMinimumWidth(220)
        self.no_terms = hint_label(NO_TERMS)
        self.tabs = QTabWidget()
        self._record_tabs: list[RecordTab] = []
        self.holders: dict[str, LazyTab[QWidget]] = {}  # tabs not built with the page, by title
        # Tabs whose records are out of date (read again when next shown). Not `_stale`: that is
        # Page's flag for refresh_when_seen, and a non-empty set there made every show reload the page.
        self._unread: set[int] = set()
        self.terms_loaded = False  # a tab built before the first refresh waits for it
        self._build_tabs()
        self._lay_out()
        self.term_box.currentIndexChanged.connect(lambda _i: self._term_changed())
        self.tabs.currentChanged.connect(self._tab_shown)
        self.refresh()

    # -- building ----------------------------------------------------------------------------
    def _build_tabs(self) -> None:
        """Every tab's title now; only the one shown first is built with the page, the others when
        first chosen (or reached through `coverage`): eleven tabs built eagerly cost 300 ms on the
        5,000-student demo."""
        titles = [TALKS, VISITS] if self.sees_care else []  # talks and home visits name students
        titles += [LESSONS, *SCHOOL_ACTIVITIES, TRAININGS, MEETINGS, COVERAGE]
        # The principal comes for this term's 达标/未达标: that tab is the one shown first.
        first = COVERAGE if not (self.sees_care or self.records) else titles[0]
        for index, title in enumerate(titles):
            if title == first:
                self.tabs.addTab(self._made(title, index, load=False), title)
            else:
                holder: LazyTab[QWidget] = LazyTab(lambda title=title, index=index: self._made(title, index, load=True))
                holder.attach(self.tabs, title)
                self.holders[title] = holder
        self.tabs.setCurrentIndex(self._index_of(first))

    def _make(self, title: str) -> QWidget:
        """The tab titled `title`, its module imported now: a tab nobody opens costs no import."""
        runner, directory, records = self.runner, self.directory, self.records
        writes_care = runner.actor.can(Permission.WRITE_CARE_RECORDS)
        if title == TALKS:
            from counselroom.gui.activities.talk_tab import TalkTab

            return TalkTab(runner, directory, may_write=writes_care)
        if title == VISITS:
            from counselroom.gui.activities.visit_tab import VisitTab

            return VisitTab(runner, directory, may_write=writes_care, siblings=self._siblings)
        if title == LESSONS:
            from counselroom.gui.activities.lesson_tab import LessonTab

            return LessonTab(runner, directory, may_write=records)
        if title in SCHOOL_ACTIVITIES:
            from counselroom.gui.activities import school_activity_tab as kinds

            shapes = (kinds.CLASS_AND_GROUP, kinds.PARENT_SCHOOL, kinds.PUBLICITY)  # in SCHOOL_ACTIVITIES' order
            shape = dict(zip(SCHOOL_ACTIVITIES, shapes, strict=True))[title]
            return kinds.SchoolActivityTab(runner, directory, may_write=records, shape=shape)
        if title == TRAININGS:
            from counselroom.gui.activities.training_tab import TrainingTab

            return TrainingTab(runner, directory, may_write=records)
        if title == MEETINGS:
            from counselroom.gui.activities.meeting_tab import MeetingTab

            return MeetingTab(runner, directory, may_write=records)
        from counselroom.gui.activities.coverage_tab import CoverageTab

        return CoverageTab(runner)

    def _made(self, title: str, index: int, *, load: bool) -> QWidget:
        """A tab built; one built after the page shows the chosen term's records at once."""
        tab = self._make(title)
        if isinstance(tab, RecordTab):
            self._record_tabs.append(tab)
        if load and self.terms_loaded:
            self._unread.discard(index)
            show_term = getattr(tab, "show_term", None)
            if show_term is not None:
                show_term(self.term)
        return tab

    def _index_of(self, title: str) -> int:
        return next((i for i in range(self.tabs.count()) if self.tabs.tabText(i) == title), -1)

    def _tab(self, index: int) -> QWidget | None:
        """The tab at `index`, built now if it was not yet."""
        widget = self.tabs.widget(index)
        return widget.built() if isinstance(widget, LazyTab) else widget

    @property
    def record_tabs(self) -> list[RecordTab]:
        """The record tabs built so far (the others are built with the current names)."""
        return list(self._record_tabs)

    @property
    def coverage(self) -> CoverageTab:
        """The 达标情况 tab, built (and showing the chosen term) now if nobody has opened it yet."""
        from counselroom.gui.activities.coverage_tab import CoverageTab

        tab = self._tab(self._index_of(COVERAGE))
        assert isinstance(tab, CoverageTab)
        return tab

    def _lay_out(self) -> None:
        header = QHBoxLayout()
        header.addWidget(title_label("活动"))
        header.addStretch(1)
        term_label = QLabel("学期")
        term_label.setBuddy(self.term_box)
        header.addWidget(term_label)
        header.addWidget(self.term_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(header)
        layout.addWidget(self.no_terms)
        layout.addWidget(self.tabs, 1)
        new_entry = QAction("新记录", self)
        new_entry.setShortcut(QKeySequence("Ctrl+N"))
        new_entry.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        new_entry.triggered.connect(self.focus_entry)
        self.addAction(new_entry)

    # -- data ----------------------------------------------------------------------------------
    def directory(self) -> SchoolDirectory:
        """Classes, staff and a student search for the entry rows; read when first needed."""
        if self._directory is None:
            self._directory = SchoolDirectory(search=self._search, load_monitors=self._monitors)
            if self.runner.actor.can(Permission.VIEW_ROSTER):
                self._directory.classes = self.runner.call(school_structure.list_classes, parent=self) or []
                self._directory.staff = self.runner.call(school_structure.list_staff, parent=self) or []
        return self._directory

    def _siblings(self, student_id: int) -> list[Any]:
        return self.runner.call(home_visits.siblings, student_id, parent=self) or []

    def _monitors(self) -> dict[str, int]:
        """心理委员 by class: only the classes that have any are asked."""
        found: dict[str, int] = {}
        for c in self.runner.call(peer_reports.monitor_coverage, parent=self) or []:
            if c.boys + c.girls == 0:
                continue
            choices = self.runner.call(peer_reports.peer_monitor_choices, c.class_id, parent=self)
            for pupil in choices.pupils if choices is not None else ():
                if pupil.id in choices.current:
                    found[f"{pupil.name}（{choices.class_name}）"] = pupil.id
        return found

    def _search(self, text: str) -> list[student_records.StudentListItem]:
        return self.runner.call(student_records.search_students, text, parent=self) or []

    def refresh(self) -> None:
        self._directory = None
        self._load_terms()
        self.terms_loaded = True
        for tab in self._record_tabs:
            refresh_names = getattr(tab, "refresh_names", None)
            if refresh_names is not None:
                refresh_names()
        self._unread = set(range(self.tabs.count()))
        self._tab_shown(self.tabs.currentIndex())

    def _load_terms(self) -> None:
        chosen = self.term
        self.terms = self.runner.call(school_calendar.list_terms, parent=self) or []
        keep = next((t for t in self.terms if chosen is not None and t.id == chosen.id), None)
        shown = keep or default_term(self.terms, clock.now().date())
        self.term_box.blockSignals(True)
        self.term_box.clear()
        for term in self.terms:
            self.term_box.addItem(term.label + ("（本学期）" if term.current else ""), term.id)
        if shown is not None:
            self.term_box.setCurrentIndex(self.terms.index(shown))
        self.term_box.blockSignals(False)
        self.no_terms.setVisible(not self.terms)

    @property
    def term(self) -> Term | None:
        index = self.term_box.currentIndex()
        return self.terms[index] if 0 <= index < len(self.terms) else None

    def _term_changed(self) -> None:
        self._unread = set(range(self.tabs.count()))
        self._tab_shown(self.tabs.currentIndex())

    def _tab_shown(self, index: int) -> None:
        """A tab reads its records when shown, and again only after something changed."""
        if index < 0 or index not in self._unread:
            return
        self._unread.discard(index)
        tab = self._tab(index)
        show_term = getattr(tab, "show_term", None)
        if show_term is not None:
            show_term(self.term)

    # -- actions ------------------------------------------------------------------------------
    def focus_entry(self) -> None:
        """Ctrl+N: the cursor in the first field of the shown tab's entry row."""
        strip = getattr(self.tabs.currentWidget(), "strip", None)
        if strip is not None:
            strip.focus_first()

    def show_tab(self, title: str) -> bool:
        found = [i for i in range(self.tabs.count()) if self.tabs.tabText(i) == title]
        if found:
            self.tabs.setCurrentIndex(found[0])
        return bool(found)

    def open_action(self, action: str) -> None:
        """From 今日: "达标情况" (or any tab's title) shows that tab."""
        self.show_tab(action.removeprefix("tab:"))

    def clear_for_lock(self) -> None:
        self._directory = None
        for index in range(self.tabs.count()):
            clear = getattr(self.tabs.widget(index), "clear", None)
            if clear is not None:
                clear()
        self._unread = set(range(self.tabs.count()))
