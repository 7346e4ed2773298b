"""A tab built, and loaded, the first time a teacher opens it.

On a large school a tab nobody opens can cost more than the page it sits on (预警 → 导师覆盖 took
270 ms for 3,210 students; 活动's eleven tabs and 设置's fourteen, built with their pages, 200–300 ms):
the page shows at once, and the tab does its work when chosen.

Once built, the tab takes the stand-in's place in the QTabWidget (same index, same title): from then on
`tabs.currentWidget()`, `tabs.indexOf(tab)` and `tabs.setCurrentWidget(tab)` see the tab itself, as they
did when every tab was built with its page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTabWidget, QWidget

T = TypeVar("T", bound=QWidget)  # with refresh() and clear(), as every tab of a page has


class LazyTab(QWidget, Generic[T]):
    """Stands in the QTabWidget for the tab `build` makes (loaded with its data); refresh() and
    clear() reach it once built."""

    def __init__(self, build: Callable[[], T]):
        super().__init__()
        self._build = build
        self._tabs: QTabWidget | None = None
        self.content: T | None = None

    def attach(self, tabs: QTabWidget, title: str) -> None:
        """Add to `tabs`; built when it becomes the current tab."""
        self._tabs = tabs
        tabs.addTab(self, title)
        tabs.currentChanged.connect(lambda _index: self.built() if tabs.currentWidget() is self else None)

    def built(self) -> T:
        """The tab's content, built and loaded now if it was not yet."""
        if self.content is None:
            self.content = self._build()
            self._swap_in(self.content)
        return self.content

    def _swap_in(self, content: T) -> None:
        """Put the built tab where this stand-in was, the current tab staying current, without a
        currentChanged: to the page and the teacher nothing but the content changed."""
        tabs = self._tabs
        if tabs is None:
            return
        index = tabs.indexOf(self)
        if index < 0:  # the tabs were cleared (the student file reloaded): nothing to replace
            return
        shown = tabs.currentIndex() == index
        blocked = tabs.blockSignals(True)
        try:
            tabs.insertTab(index, content, tabs.tabText(index))  # the stand-in moves to index + 1
            tabs.setTabToolTip(index, tabs.tabToolTip(index + 1))
            if shown:  # the tab goes current before the stand-in goes, so no other tab shows meanwhile
                tabs.setCurrentIndex(index)
            tabs.removeTab(index + 1)
        finally:
            tabs.blockSignals(blocked)
        self.hide()

    def showEvent(self, event: QShowEvent) -> None:
        # Shown without having been chosen (it was the first tab of a page that had no other yet): build
        # once the show is over, not inside it.
        super().showEvent(event)
        if self.content is None:
            QTimer.singleShot(0, self, lambda: self.built() if self.isVisible() else None)

    def refresh(self) -> None:
        if self.content is not None:  # not built yet: it loads when first opened
            self.content.refresh()  # type: ignore[attr-defined]

    def clear(self) -> None:
        if self.content is not None:
            self.content.clear()  # type: ignore[attr-defined]
