"""Table models of 达标情况, adapters over the coverage service's lines (ActivityCoverage,
CoverageLine), tested without a window: per class (心理课 two-week windows, 家访, 主题班团队会 side by
side, then the 课时 of each window), and the other lines (per grade, per term, per person). A line
that falls short is red; the rule, its source and the document's own words are the tooltip."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from counselroom.gui.models import Index, RowTableModel

GAP_COLOUR = "#c0392b"
PENDING_COLOUR = "#7b8794"  # a window still running: not judged yet
LESSONS, HOME_VISITS, CLASS_MEETINGS = "心理课", "家访", "主题班团队会"
CLASS_AREAS = (LESSONS, HOME_VISITS, CLASS_MEETINGS)
_EMPTY = QModelIndex()


def rule_tip(line: Any) -> str:
    """要求 and where it is written, then the document's own words."""
    quote = f"\n“{line.quote}”" if line.quote else ""
    return f"{line.item}：{line.requirement}（{line.source}）{quote}"


def verdict_text(line: Any) -> str:
    if line.needed is None:
        return "—"
    return "未达标" if line.gap else "达标"


@dataclass
class ClassRow:
    name: str
    grade: str
    lines: dict[str, Any]  # area → CoverageLine


def class_rows(lines: Sequence[Any]) -> list[ClassRow]:
    """One row per class with its line of each area, in the school's order: the service lists each
    area's classes in that order, and 班团队会 and 家访 cover every class (心理课 may cover only the
    first and final years), so their order comes first."""
    rows: dict[int, ClassRow] = {}
    for area in (CLASS_MEETINGS, HOME_VISITS, LESSONS):
        for line in lines:
            if line.area == area and line.subject_id is not None:
                row = rows.setdefault(line.subject_id, ClassRow(line.subject, line.group, {}))
                row.lines[area] = line
    return list(rows.values())


class ClassCoverageTableModel(QAbstractTableModel):
    """班级 | 心理课 | 家访 | 主题班团队会 | 第1–2周 … (课时 per two-week window); an area the
    profile has no rule for has no column."""

    CLASS = 0

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ClassRow] = []
        self.windows: tuple[Any, ...] = ()
        self.areas: dict[str, Any] = {}  # area → a line of it, for the header's tooltip
        self.shown: tuple[str, ...] = ()  # the areas with lines, in CLASS_AREAS order

    def set_coverage(self, coverage: Any | None) -> None:
        self.beginResetModel()
        lines = coverage.lines if coverage is not None else ()
        self.rows = class_rows(lines)
        self.windows = coverage.windows if coverage is not None and any(r.lines.get(LESSONS) for r in self.rows) else ()
        self.areas = {line.area: line for line in lines if line.area in CLASS_AREAS}
        self.shown = tuple(area for area in CLASS_AREAS if area in self.areas)
        self.endResetModel()

    def rowCount(self, parent: Index = _EMPTY) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _EMPTY) -> int:
        return 0 if parent.isValid() else 1 + len(self.shown) + len(self.windows)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if section == self.CLASS:
            return "班级" if role == Qt.ItemDataRole.DisplayRole else None
        if section <= len(self.shown):
            area = self.shown[section - 1]
            if role == Qt.ItemDataRole.DisplayRole:
                return area
            line = self.areas.get(area)
            return rule_tip(line) if role == Qt.ItemDataRole.ToolTipRole and line is not None else None
        window = self.windows[section - 1 - len(self.shown)]
        if role == Qt.ItemDataRole.DisplayRole:
            return window.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{window.start:%m月%d日}–{window.end:%m月%d日}，{window.state}"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        if column == self.CLASS:
            return row.name if role == Qt.ItemDataRole.DisplayRole else None
        if column <= len(self.shown):
            return self._area_cell(row.lines.get(self.shown[column - 1]), role)
        return self._window_cell(row.lines.get(LESSONS), column - 1 - len(self.shown), role)

    def _area_cell(self, line: Any | None, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return line.ours_text if line is not None else "—"
        if line is None:
            return "本标准对这个班没有这项要求" if role == Qt.ItemDataRole.ToolTipRole else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return rule_tip(line) + (f"\n{line.gap_text}" if line.gap_text else "")
        if role == Qt.ItemDataRole.ForegroundRole and line.gap:
            return QBrush(QColor(GAP_COLOUR))
        return None

    def _window_cell(self, line: Any | None, i: int, role: int) -> object:
        if line is None or i >= len(line.by_window):
            return "—" if role == Qt.ItemDataRole.DisplayRole else None
        hours, window = line.by_window[i], self.windows[i]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{hours} 课时"
        if role == Qt.ItemDataRole.ForegroundRole:
            if not window.judged:
                return QBrush(QColor(PENDING_COLOUR))
            if line.value is not None and hours < line.value:
                return QBrush(QColor(GAP_COLOUR))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class CoverageLineTableModel(RowTableModel[Any]):
    """The lines of one or more areas as they come: per grade and per term (专题活动, 家长学校, 会议)."""

    SUBJECT, AREA, REQUIREMENT, SOURCE, OURS, VERDICT = range(6)
    WIDE = REQUIREMENT
    columns = (
        ("对象", lambda line: line.subject),
        ("项目", lambda line: line.area),
        ("要求", lambda line: line.requirement),
        ("依据", lambda line: line.source),
        ("实际", lambda line: line.ours_text),
        ("结论", verdict_text),
    )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        line = self.row_at(index.row())
        if role == Qt.ItemDataRole.ToolTipRole:
            return rule_tip(line) + (f"\n{line.gap_text}" if line.gap_text else "")
        if role == Qt.ItemDataRole.ForegroundRole and line.gap and index.column() in (self.OURS, self.VERDICT):
            return QBrush(QColor(GAP_COLOUR))
        return super().data(index, role)


class TrainingCoverageTableModel(CoverageLineTableModel):
    """培训 per person: the person's group (专职心理教师, 班主任 …) decides the rule."""

    columns = (
        ("姓名", lambda line: line.subject),
        ("类别", lambda line: line.group),
        *CoverageLineTableModel.columns[2:],
    )
