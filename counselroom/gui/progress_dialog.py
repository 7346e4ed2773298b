"""The window a long job shows: what is being done, how far it is, and 取消 where stopping is safe.

It blocks the rest of the program (application-modal) for as long as the job runs and cannot be
closed meanwhile: Esc or the window's close button mean 取消 when the job may stop, else nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget


class ProgressDialog(QDialog):
    cancel_requested = Signal()

    def __init__(self, label: str, *, cancellable: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("请稍候")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setMinimumWidth(360)
        self.cancellable = cancellable
        self._finished = False
        self.label = QLabel(label)
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until the job says how much there is
        self.cancel_button = QPushButton("取消")
        self.cancel_button.setVisible(cancellable)
        self.cancel_button.clicked.connect(self.request_cancel)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addLayout(buttons)

    def set_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))

    def request_cancel(self) -> None:
        if not self.cancellable or not self.cancel_button.isEnabled():
            return
        self.cancel_button.setEnabled(False)
        self.label.setText("正在取消…")
        self.cancel_requested.emit()

    def finish(self) -> None:
        """The job has ended: now the window may close."""
        self._finished = True
        self.accept()

    def reject(self) -> None:
        if self._finished:
            super().reject()
        else:
            self.request_cancel()  # stays open until the job has really stopped
