"""A tab built, and loaded, the first time a teacher opens it.

On a large school a tab nobody opens can cost more than the page it sits on (预警 → 导师覆盖 took
270 ms for 3,210 students): the page shows at once, and the tab does its work when chosen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

T = TypeVar("T", bound=QWidget)  # with refresh() and clear(), as every tab of a page has


class LazyTab(QWidget, Generic[T]):
    """Stands in the QTabWidget for the tab `build` makes (loaded with its data); refresh() and
    clear() reach it once built."""

    def __init__(self, build: Callable[[], T]):
        super().__init__()
        self._build = build
        self.content: T | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def attach(self, tabs: QTabWidget, title: str) -> None:
        """Add to `tabs`; built when it becomes the current tab."""
        tabs.addTab(self, title)
        tabs.currentChanged.connect(lambda _index: self.built() if tabs.currentWidget() is self else None)

    def built(self) -> T:
        """The tab's content, built and loaded now if it was not yet."""
        if self.content is None:
            self.content = self._build()
            self._layout.addWidget(self.content)
        return self.content

    def refresh(self) -> None:
        if self.content is not None:  # not built yet: it loads when first opened
            self.content.refresh()  # type: ignore[attr-defined]

    def clear(self) -> None:
        if self.content is not None:
            self.content.clear()  # type: ignore[attr-defined]
