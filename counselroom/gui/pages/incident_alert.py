"""今日's alert for the leader in charge: while an incident is not 已结案, a card at the top says
that it exists, its status and its timings — the issue's "sees that an incident exists, its status
and timings, never its notes". Informational: there is no incident for this viewer to open."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from counselroom.gui.pages.incident_texts import DETAIL_HIDDEN, alert_line, is_open
from counselroom.gui.pages.registry import sees_warnings
from counselroom.gui.service_runner import ServiceRunner
from counselroom.services.crisis.incident_overview import incident_overview

# Red means a crisis here, as on the warning list; the card stands apart from the yellow set-up guide.
_STYLE = (
    "#IncidentAlert { background: #fdecea; border: 1px solid #c0392b; border-radius: 6px; }"
    "#IncidentAlert QLabel#AlertTitle { color: #a93226; font-weight: bold; font-size: 16px; }"
)
TITLE = "危机事件处置中"


class IncidentAlertCard(QFrame):
    open_page = Signal(str, str)  # 预警 → 危机事件, where every incident's status and timings are listed

    def __init__(self, runner: ServiceRunner):
        super().__init__()
        self.runner = runner
        self.setObjectName("IncidentAlert")
        self.setStyleSheet(_STYLE)
        self.title = QLabel(TITLE)
        self.title.setObjectName("AlertTitle")
        self.lines = QLabel()
        self.lines.setWordWrap(True)
        self.hint = QLabel(DETAIL_HIDDEN)
        self.hint.setWordWrap(True)
        self.hint.setObjectName("PageHint")
        self.more = QPushButton("查看全部危机事件")
        self.more.setVisible(sees_warnings(runner.actor))  # the admin has no 预警 page
        self.more.clicked.connect(lambda: self.open_page.emit("预警", "tab:危机事件"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.more)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addWidget(self.title)
        layout.addWidget(self.lines)
        layout.addLayout(bottom)
        self.setVisible(False)

    def refresh(self) -> None:
        overview = self.runner.call(incident_overview, parent=self)
        still_open = [v for v in overview.incidents if is_open(v)] if overview is not None else []
        self.lines.setText("\n".join(alert_line(v) for v in still_open))
        self.title.setText(TITLE if len(still_open) < 2 else f"{TITLE}（{len(still_open)} 起）")
        self.setVisible(bool(still_open))

    def clear(self) -> None:
        self.lines.clear()
        self.setVisible(False)
