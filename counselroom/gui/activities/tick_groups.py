"""Ticking many at once in groups: classes by grade (a lesson for 8 classes), staff by position (a
training many attended). Each group has its own 全选; the dialog around it counts what is ticked
and saves with one service call, staying open on a refusal with everything still ticked."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from counselroom.domain.errors import CounselRoomError
from counselroom.gui.activities.discard_guard import AsksBeforeDiscarding
from counselroom.gui.widgets import error_label, hint_label

Group = tuple[str, Sequence[tuple[int, str]]]  # (group name, [(id, label)])


class TickGroups(QScrollArea):
    changed = Signal()

    def __init__(self, groups: Sequence[Group], *, columns: int = 5, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.boxes: dict[int, QCheckBox] = {}
        self.group_boxes: dict[str, QCheckBox] = {}
        self.members: dict[str, list[int]] = {}
        inner = QWidget()
        column = QVBoxLayout(inner)
        for name, members in groups:
            column.addWidget(self._group(name, members, columns))
        column.addStretch(1)
        self.setWidget(inner)

    def _group(self, name: str, members: Sequence[tuple[int, str]], columns: int) -> QGroupBox:
        box = QGroupBox(name)
        grid = QGridLayout(box)
        whole = QCheckBox("全选")
        grid.addWidget(whole, 0, 0)
        ids = [member_id for member_id, _ in members]
        for i, (member_id, label) in enumerate(members):
            check = QCheckBox(label)
            check.toggled.connect(lambda _on: self.changed.emit())
            self.boxes[member_id] = check
            grid.addWidget(check, 1 + i // columns, i % columns)
        whole.clicked.connect(lambda on, name=name: self.tick_group(name, on))
        self.group_boxes[name] = whole
        self.members[name] = ids
        return box

    def tick(self, ids: Sequence[int], on: bool = True) -> None:
        for member_id in ids:
            self.boxes[member_id].setChecked(on)

    def tick_group(self, name: str, on: bool = True) -> None:
        """The group's 全选: every member ticked, or none."""
        self.group_boxes[name].setChecked(on)
        self.tick(self.members[name], on)

    def ticked(self) -> list[int]:
        return [member_id for member_id, box in self.boxes.items() if box.isChecked()]


class TickDialog(AsksBeforeDiscarding):
    """A form above, groups to tick below, 保存 counting what is ticked."""

    unit = "个"

    def __init__(self, title: str, hint: str, groups: TickGroups, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumSize(720, 540)
        self.resize(820, 640)
        self.groups = groups
        self.form = QFormLayout()
        self.count = QLabel("")
        self.count.setObjectName("Muted")
        self.error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(hint))
        layout.addLayout(self.form)
        layout.addWidget(self.count)
        layout.addWidget(groups, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        groups.changed.connect(self._counted)
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.cancel)
        self._counted()

    def _counted(self) -> None:
        ticked = len(self.groups.ticked())
        self.count.setText(f"已选 {ticked} {self.unit}")
        self.ok_button.setText(f"保存（{ticked} {self.unit}）" if ticked else "保存")
        self.ok_button.setEnabled(ticked > 0)

    def check(self) -> tuple[str, QWidget | None]:
        return "", None

    def has_entry(self) -> bool:
        return bool(self.groups.ticked())

    def _try_accept(self) -> None:
        problem, where = self.check()
        self.error.setText(problem)
        if problem:
            if where is not None:
                where.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.accept()

    def show_error(self, error: CounselRoomError) -> bool:
        """The service refused: one entry was sent, so its row says nothing; the field does."""
        self.error.setText(f"“{error.field}”：{error.message}" if error.field else error.message)
        return True
