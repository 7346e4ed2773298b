"""Table models for the 学生 page and the student file."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from counselroom.gui.care.warning_models import level_text_colour
from counselroom.gui.models import RowTableModel
from counselroom.services.students.file_sections import Guardian
from counselroom.services.students.student_records import StudentListItem
from counselroom.services.students.timeline import TimelineEvent


class StudentTableModel(RowTableModel[StudentListItem]):
    NUMBER, NAME, GENDER, CLASS, STATUS, GROUPS, LEVEL = range(7)
    columns = (
        ("学号", lambda s: s.student_no),
        ("姓名", lambda s: s.name),
        ("性别", lambda s: s.gender),
        ("班级", lambda s: s.class_name),
        ("状态", lambda s: s.status),
        ("重点关注群体", lambda s: "、".join(s.groups)),
        ("预警", lambda s: s.level.label if s.level else ""),
    )

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if index.isValid() and index.column() == self.LEVEL:
            level = self.row_at(index.row()).level
            if level is not None and role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(level.colour))
            if level is not None and role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(level_text_colour(level)))
        return super().data(index, role)


class GuardianTableModel(RowTableModel[Guardian]):
    columns = (
        ("监护人", lambda g: g.name),
        ("关系", lambda g: g.relation),
        ("联系电话", lambda g: g.phone),
        ("主要联系人", lambda g: "是" if g.is_primary else ""),
    )


class TimelineTableModel(RowTableModel[TimelineEvent]):
    columns = (
        ("日期", lambda e: e.on.isoformat()),
        ("类别", lambda e: e.kind),
        ("内容", lambda e: e.text),
    )
