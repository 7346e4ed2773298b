"""What every sidebar page can do: refresh, forget its data on lock, keep unsaved text."""

from __future__ import annotations

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
