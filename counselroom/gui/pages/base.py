"""What every sidebar page can do: refresh, forget its data on lock, keep unsaved text."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from counselroom.domain.changes import ChangeKind
from counselroom.domain.roles import Actor
from counselroom.gui.service_runner import ServiceRunner
from counselroom.services.accounts.session import Changes


class Page(QWidget):
    title = ""
    refresh_on: frozenset[ChangeKind] = frozenset()  # kinds of Changes that make this page reload

    def __init__(self, runner: ServiceRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self._stale = False  # refresh at the next show (set on unlock while another page is in view)
        runner.changed.connect(self._on_changed)

    @classmethod
    def visible_to(cls, actor: Actor) -> bool:
        """A finer rule than the module's permission in the sidebar (e.g. 预警 hides from admin)."""
        return True

    def _on_changed(self, changes: Changes) -> None:
        if changes.kinds & self.refresh_on and self.runner.session.db.is_open:
            self.refresh()

    def refresh(self) -> None:
        """Reload what the page shows from the services."""

    def refresh_when_seen(self) -> None:
        """Refresh now if on screen, else when next shown: after an unlock only the page in view makes
        the teacher wait (every built page refreshing took 450 ms on the 5,000-student demo)."""
        if self.isVisible():
            self._stale = False
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and self.runner.session.db.is_open:
            self._stale = False
            self.refresh()

    def clear_for_lock(self) -> None:
        """Drop every model and widget content that shows data (SECURITY.md 15)."""

    def collect_drafts(self) -> dict[str, str]:
        """Unsaved text to keep, encrypted, through a lock."""
        return {}

    def restore_drafts(self, drafts: dict[str, str]) -> None:
        """Put back text kept at lock time."""

    def before_sign_out(self) -> None:
        """The program closes or the user signs out, the database still open: keep what must not
        be lost (a page that writes drafts to the store saves them here)."""
