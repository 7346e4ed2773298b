"""Table models for the 预警 page: proposals, the list, its history, mentor coverage,
心理委员 reports, and the principal's counts (aggregates only, no names); and the delegate
that keeps a level's colour on a selected row."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from counselroom.domain.care.warnings import WarningLevel
from counselroom.gui.models import Row, RowTableModel
from counselroom.services.care.mentoring import CoverageRow, GroupCoverage
from counselroom.services.care.peer_reports import ClassMonitors, PeerReport
from counselroom.services.care.proposals import ProposalItem
from counselroom.services.care.warning_list import WarningCounts, WarningEntry, WarningHistoryLine

Index = QModelIndex | QPersistentModelIndex
OVERDUE_COLOUR = "#c0392b"
_LEVEL_LABELS = tuple(level.label for level in WarningLevel)


def level_text_colour(level: WarningLevel) -> str:
    """White reads well on red and orange; yellow is too light for it, so it gets dark text."""
    return "#1f2933" if level is WarningLevel.YELLOW else "#ffffff"


def level_brush(level: WarningLevel | None, role: int) -> QBrush | None:
    if level is None:
        return None
    if role == Qt.ItemDataRole.BackgroundRole:
        return QBrush(QColor(level.colour))
    if role == Qt.ItemDataRole.ForegroundRole:
        return QBrush(QColor(level_text_colour(level)))
    return None


class KeepColourDelegate(QStyledItemDelegate):
    """Selection would paint over a 红/橙/黄 cell and hide the level; a coloured cell keeps
    its colour (the rest of the row still shows the selection)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        if index.data(Qt.ItemDataRole.BackgroundRole) is not None:
            option.state &= ~QStyle.StateFlag.State_Selected  # type: ignore[operator]


class TextTipModel(RowTableModel[Row]):
    """Long text is elided in a cell; hovering shows all of it."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.ToolTipRole:
            text = super().data(index, Qt.ItemDataRole.DisplayRole)
            return text if isinstance(text, str) and len(text) > 8 else None
        return super().data(index, role)


class _LevelColumnModel(TextTipModel[Row]):
    """Colours the cells of `level_columns` with the level that `level_of(row, column)` gives."""

    level_columns: frozenset[int] = frozenset()

    def level_of(self, row: object, column: int) -> WarningLevel | None:
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (
            index.isValid()
            and index.column() in self.level_columns
            and role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole)
        ):
            return level_brush(self.level_of(self.row_at(index.row()), index.column()), role)
        centred = index.isValid() and index.column() in self.level_columns
        if centred and role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        return super().data(index, role)


class ProposalTableModel(_LevelColumnModel[ProposalItem]):
    PROPOSED, CURRENT = 2, 5
    level_columns = frozenset({PROPOSED, CURRENT})
    columns = (
        ("学生", lambda p: p.student_name),
        ("班级", lambda p: p.class_name),
        ("建议等级", lambda p: p.proposed_level.label),
        ("依据", lambda p: p.reason),
        ("来源", lambda p: p.source),
        ("当前等级", lambda p: p.current_level.label if p.current_level else "未列入"),
        ("状态", lambda p: p.status),
    )
    STATUS = 6

    def level_of(self, row: object, column: int) -> WarningLevel | None:
        assert isinstance(row, ProposalItem)
        return row.proposed_level if column == self.PROPOSED else row.current_level

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if index.isValid() and index.column() == self.STATUS and self.row_at(index.row()).awaiting_lead:
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.row_at(index.row()).awaiting_lead
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(OVERDUE_COLOUR))
        return super().data(index, role)


class WarningTableModel(_LevelColumnModel[WarningEntry]):
    LEVEL, STUDENT, CLASS, REASON, SOURCE, COUNSELOR, REVIEW = range(7)
    level_columns = frozenset({LEVEL})
    columns = (
        ("等级", lambda w: w.level.label),
        ("学生", lambda w: w.student_name),
        ("班级", lambda w: w.class_name),
        ("原因", lambda w: w.reason),
        ("来源", lambda w: w.source),
        ("负责老师", lambda w: w.counselor),
        ("复评日期", lambda w: w.review_on.isoformat()),
    )

    def level_of(self, row: object, column: int) -> WarningLevel | None:
        assert isinstance(row, WarningEntry)
        return row.level

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if index.isValid() and index.column() == self.REVIEW and self.row_at(index.row()).review_overdue:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(OVERDUE_COLOUR))
            if role == Qt.ItemDataRole.ToolTipRole:
                return "复评已逾期"
        return super().data(index, role)

    def row_of(self, warning_id: int) -> int:
        """Where the entry is now (after a reload), or -1."""
        return next((i for i in range(self.rowCount()) if self.row_at(i).id == warning_id), -1)


def level_change(line: WarningHistoryLine) -> str:
    if not line.from_level and not line.to_level:
        return ""  # a line that changes no level (告知家长)
    if not line.from_level:
        return f"列为{line.to_level}"
    if not line.to_level:
        return f"{line.from_level} → 解除"
    if line.from_level == line.to_level:
        return f"{line.to_level}（不变）"
    return f"{line.from_level} → {line.to_level}"


class HistoryTableModel(TextTipModel[WarningHistoryLine]):
    columns = (
        ("日期", lambda h: h.changed_at[:10]),  # the time of day is rarely needed; order is kept
        ("操作", lambda h: h.action),
        ("等级变化", level_change),
        ("原因", lambda h: h.reason),
        ("操作人", lambda h: h.who),
    )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if index.isValid() and index.column() == 0 and role == Qt.ItemDataRole.ToolTipRole:
            return self.row_at(index.row()).changed_at
        return super().data(index, role)


class CoverageTableModel(TextTipModel[CoverageRow]):
    MENTOR = 5
    columns = (
        ("学号", lambda c: c.student_no),
        ("姓名", lambda c: c.name),
        ("班级", lambda c: c.class_name),
        ("重点群体", lambda c: "、".join(c.groups)),
        ("是否在预警名单", lambda c: "是" if c.on_warning_list else "否"),
        ("成长导师", lambda c: c.mentor or "未安排"),
        ("一人一案", lambda c: "有" if c.has_plan else "无"),
    )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (
            index.isValid()
            and index.column() == self.MENTOR
            and role == Qt.ItemDataRole.ForegroundRole
            and not self.row_at(index.row()).mentor
        ):
            return QBrush(QColor(OVERDUE_COLOUR))
        return super().data(index, role)


class GroupCoverageTableModel(RowTableModel[GroupCoverage]):
    """One line per group: S003 item 26's groups, then 初三/高三 and all students."""

    columns = (
        ("群体", lambda g: g.phrase),
        ("依据", lambda g: g.source),
        ("人数", lambda g: g.students),
        ("已有导师", lambda g: g.with_mentor),
        ("尚无导师", lambda g: g.students - g.with_mentor),
    )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if index.isValid() and role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 1:
            return Qt.AlignmentFlag.AlignCenter
        return super().data(index, role)


class PeerReportTableModel(TextTipModel[PeerReport]):
    columns = (
        ("日期", lambda r: r.reported_on),
        ("班级", lambda r: r.class_name),
        ("学生", lambda r: r.student_name or "—"),
        ("报告人", lambda r: r.reporter),
        ("情况", lambda r: r.concern),
        ("状态", lambda r: r.status),
    )


@dataclass(frozen=True)
class GradeCounts:
    grade: str
    counts: tuple[str, ...]  # in the order of WarningLevel: 红, 橙, 黄 — "3", or "<5" / "*" for a principal
    total: str


def grade_count_rows(counts: WarningCounts) -> list[GradeCounts]:
    """One row per grade that has anyone listed, then the school's total — as the service's
    protected table shows them (small counts hidden from a viewer without the care key)."""
    table = counts.table
    if table is None:
        return []
    rows = [
        GradeCounts(grade, tuple(c.text for c in cells), total.text)
        for grade, cells, total in zip(table.row_labels, table.cells, table.row_totals, strict=True)
    ]
    return [*rows, GradeCounts("合计", tuple(c.text for c in table.column_totals), table.grand_total.text)]


class GradeCountsTableModel(RowTableModel[GradeCounts]):
    columns = (
        ("年级", lambda g: g.grade),
        *((f"{label}预警", lambda g, i=i: g.counts[i]) for i, label in enumerate(_LEVEL_LABELS)),
        ("合计", lambda g: g.total),
    )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if index.isValid() and role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return Qt.AlignmentFlag.AlignCenter
        if index.isValid() and role == Qt.ItemDataRole.FontRole and index.row() == self.rowCount() - 1:
            bold = QFont()
            bold.setBold(True)
            return bold  # the 合计 row
        return super().data(index, role)


def monitor_state(row: ClassMonitors) -> str:
    """As the service checked it against the policy profile: 齐全, 缺男生心理委员, 不作要求 …"""
    return row.state


class MonitorCoverageTableModel(RowTableModel[ClassMonitors]):
    STATE = 3
    columns = (
        ("班级", lambda m: m.class_name),
        ("男", lambda m: m.boys),
        ("女", lambda m: m.girls),
        ("配备情况", monitor_state),
    )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (
            index.isValid()
            and index.column() == self.STATE
            and role == Qt.ItemDataRole.ForegroundRole
            and self.row_at(index.row()).required
            and not self.row_at(index.row()).complete
        ):
            return QBrush(QColor(OVERDUE_COLOUR))
        return super().data(index, role)
