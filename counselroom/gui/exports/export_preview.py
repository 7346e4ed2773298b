"""What will leave the room, shown before it does (issue #14 item 6): the export's watermark line,
the lines about it, each table with its columns, its rows and how many cells are hidden ("<5" small
counts, "*" complements) — and the selected table as it will be written. Only then does the teacher
choose Excel or CSV (and after that, where)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from counselroom.domain.exports.export_document import Cell, ExportDocument, ExportTable
from counselroom.domain.small_counts import ShownCell
from counselroom.gui.models import RowTableModel
from counselroom.gui.tables import read_only_table
from counselroom.gui.widgets import hint_label, primary_button

NAMED = "此文件含学生姓名，将以明文保存到所选位置；请只交给用途中写明的人，用后妥善保管。"
DE_IDENTIFIED = "此文件不含学生姓名、学号、出生日期和文字记录；人数过少的格子已隐藏。"


def cell_text(cell: Cell) -> str:
    return cell.text if isinstance(cell, ShownCell) else cell


class TableListModel(RowTableModel[ExportTable]):
    columns = (
        ("工作表", lambda t: t.sheet),
        ("内容", lambda t: t.title),
        ("列", lambda t: "、".join(t.columns)),
        ("行数", lambda t: len(t.rows)),
        ("“<5”隐藏", lambda t: t.small_counts),
        ("“*”隐藏", lambda t: t.complements),
    )


class TableContentModel(RowTableModel[Sequence[Cell]]):
    """One table's rows as they will be written; its columns change with the table."""

    def show_table(self, table: ExportTable | None) -> None:
        self.columns = tuple(
            (label, lambda row, i=i: cell_text(row[i]) if i < len(row) else "")
            for i, label in enumerate(table.columns if table else ())
        )
        self.set_rows(table.rows if table else [])


class ExportPreviewDialog(QDialog):
    """`chosen` is "xlsx" or "csv" once a save button is clicked; None when cancelled."""

    def __init__(self, doc: ExportDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self.chosen: str | None = None
        self.setWindowTitle("导出预览")
        self.resize(1100, 640)
        self.title = QLabel(doc.title)
        self.title.setObjectName("PageTitle")
        self.notice = hint_label(NAMED if doc.names_students else DE_IDENTIFIED)
        self.watermark = QLabel(f"水印（写在文件第一行和打印页脚）：{doc.watermark}")
        self.watermark.setWordWrap(True)
        self.watermark.setObjectName("ErrorLabel")  # the house's red: it must be noticed
        self.about = hint_label("\n".join(doc.about))
        self.summary = QLabel(self._summary())
        self.tables = TableListModel()
        self.tables.set_rows(doc.tables)
        self.table_list = read_only_table(self.tables)
        self.content = TableContentModel()
        self.content_view = read_only_table(self.content)
        self.excel_button = primary_button("保存为 Excel…")
        self.csv_button = QPushButton("保存为 CSV…")
        self.cancel_button = QPushButton("取消")
        self._lay_out()
        self.table_list.selectionModel().currentRowChanged.connect(lambda current, _p: self.show_table(current.row()))
        self.excel_button.clicked.connect(lambda: self._choose("xlsx"))
        self.csv_button.clicked.connect(lambda: self._choose("csv"))
        self.cancel_button.clicked.connect(self.reject)
        self.table_list.selectRow(0)
        self.show_table(0)

    def _lay_out(self) -> None:
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table_list)
        splitter.addWidget(self.content_view)
        splitter.setSizes([180, 320])
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        for button in (self.excel_button, self.csv_button, self.cancel_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.notice, self.watermark, self.about):
            layout.addWidget(widget)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

    def _summary(self) -> str:
        small = sum(t.small_counts for t in self.doc.tables)
        complements = sum(t.complements for t in self.doc.tables)
        hidden = f"；隐藏 {small} 个“<5”格、{complements} 个“*”格" if small or complements else ""
        return f"共 {len(self.doc.tables)} 张表，{self.doc.rows} 行{hidden}。导出编号 {self.doc.export_id}"

    def show_table(self, index: int) -> None:
        tables = self.doc.tables
        self.content.show_table(tables[index] if 0 <= index < len(tables) else None)

    def _choose(self, fmt: str) -> None:
        self.chosen = fmt
        self.accept()
