"""导入测评结果: choose another platform's export, map its columns with one combo box per
field, preview (row errors, new/updated/unchanged, proposals), then import all or nothing.

Reading, checking and importing run on a worker thread with a progress window, so a large
export never freezes the window; the check may be cancelled, the import (one transaction) not."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counselroom.domain.screening.instruments import BUILT_IN, built_in, format_total
from counselroom.domain.screening.screening_columns import fields_for
from counselroom.gui.file_import_dialog import RowErrorTableModel
from counselroom.gui.models import RowTableModel
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.tables import read_only_table
from counselroom.gui.widgets import error_label, hint_label, primary_button, title_label
from counselroom.services.screening.screening_import import (
    PreviewRow,
    ScreeningFileInfo,
    ScreeningImportChanges,
    ScreeningPreview,
    apply_screening_import,
    inspect_screening_file,
    preview_screening_import,
    risk_warning,
)
from counselroom.system import clock

NOT_MAPPED = "（不导入）"
OTHER_SCALE = "其他量表（只导入总分）"


def today_date_edit(today: date) -> QDateEdit:
    """A date no later than today (screening is never dated in the future)."""
    field = QDateEdit(QDate(today.year, today.month, today.day))
    field.setDisplayFormat("yyyy-MM-dd")
    field.setCalendarPopup(True)
    field.setMaximumDate(QDate(today.year, today.month, today.day))
    return field


class PreviewTableModel(RowTableModel[PreviewRow]):
    columns = (
        ("行", lambda r: r.row),
        ("学号", lambda r: r.student_no),
        ("姓名", lambda r: r.name),
        ("总分", lambda r: format_total(r.total)),
        ("程度", lambda r: r.band),
        ("筛查", lambda r: "阳性" if r.positive else ""),
        ("风险题", lambda r: "有作答" if r.risk_flag else ""),
        ("无效原因", lambda r: r.invalid_reason),
        ("复核", lambda r: r.review_note),
        ("预警建议", lambda r: r.proposed_level.label if r.proposed_level else ""),
        ("变化", lambda r: r.status),
    )


class ScreeningImportDialog(QDialog):
    """Choose a platform export, map its columns, preview, import (all or nothing)."""

    def __init__(self, runner: ServiceRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.path: Path | None = None
        self.info: ScreeningFileInfo | None = None
        self.preview: ScreeningPreview | None = None
        self.imported: ScreeningImportChanges | None = None
        self.field_boxes: dict[str, QComboBox] = {}
        self.preview_model, self.errors_model = PreviewTableModel(), RowErrorTableModel()
        self.setWindowTitle("导入测评结果")
        self.resize(900, 680)
        self._build()

    def _build(self) -> None:
        self.path_field = QLineEdit()
        self.path_field.setReadOnly(True)
        self.path_field.setPlaceholderText("尚未选择文件")
        choose = QPushButton("选择文件…")
        self.instrument = QComboBox()
        for code in BUILT_IN:
            self.instrument.addItem(code.value, code.value)
        self.instrument.addItem(OTHER_SCALE, "")
        self.scale_name = QLineEdit()
        self.scale_name.setPlaceholderText("量表名称，如 SCL-90、MHT")
        self.cutoff = self._spin("筛查阳性临界值")
        self.lie_max = self._spin("测谎分上限（效度列为分数时）")
        self.batch_name = QLineEdit()
        self.batch_name.setPlaceholderText("默认用文件名，如 2025年秋季普查")
        self.held_on = today_date_edit(clock.now().date())
        self.date_from_file = QCheckBox("按文件中的测评日期（没有时用右边的日期）")
        self.date_from_file.setChecked(True)  # re-importing the same export finds the same batch
        self.mapping_area = QScrollArea()  # nine or more item rows must not squeeze the preview
        self.mapping_area.setWidgetResizable(True)
        self.mapping_area.setMaximumHeight(240)
        self.summary, self.problem = QLabel(""), error_label()
        self.summary.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(read_only_table(self.preview_model), "预览")
        self.tabs.addTab(read_only_table(self.errors_model), "错误")
        self.preview_button = QPushButton("检查")
        self.import_button = primary_button("导入")
        self.import_button.setEnabled(False)
        close = QPushButton("关闭")
        close.setAutoDefault(False)
        self._lay_out(choose, close)
        choose.clicked.connect(self.choose_file)
        self.instrument.currentIndexChanged.connect(lambda _i: self._instrument_changed())
        self.preview_button.clicked.connect(self.run_preview)
        self.date_from_file.toggled.connect(lambda _on: self._clear_preview())
        self.import_button.clicked.connect(self.import_results)
        close.clicked.connect(self.reject)
        self._instrument_changed()

    @staticmethod
    def _spin(tip: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(0, 10000)
        spin.setDecimals(1)
        spin.setSpecialValueText("不适用")  # 0 means not given
        spin.setToolTip(tip)
        return spin

    def _lay_out(self, choose: QPushButton, close: QPushButton) -> None:
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_field, 1)
        file_row.addWidget(choose)
        settings = QFormLayout()
        settings.addRow("量表", self.instrument)
        settings.addRow("量表名称", self.scale_name)
        settings.addRow("临界值", self.cutoff)
        settings.addRow("测谎分上限", self.lie_max)
        settings.addRow("批次名称", self.batch_name)
        settings.addRow("测评日期", self.held_on)
        settings.addRow("", self.date_from_file)
        mapping_box = QGroupBox("列对应（文件中的哪一列是什么）")
        QVBoxLayout(mapping_box).addWidget(self.mapping_area)
        upper = QHBoxLayout()
        upper.addLayout(settings, 1)
        upper.addWidget(mapping_box, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.preview_button, self.import_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label("导入测评结果"))
        layout.addWidget(
            hint_label(
                "选择其他平台（如赣鄱心理平台）导出的测评结果（.xlsx 或 .csv），"
                "核对列对应后点“检查”。有任何一行出错就不会导入；无效问卷照常保存，其总分不生成预警建议，"
                "但有风险题作答的仍会生成。"
                "这次的列对应会保存，下次同样格式的文件自动套用。"
            )
        )
        layout.addLayout(file_row)
        layout.addLayout(upper)
        layout.addWidget(self.summary)
        layout.addWidget(self.problem)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

    # -- choices ---------------------------------------------------------------------------
    def instrument_name(self) -> str:
        return self.instrument.currentData() or self.scale_name.text().strip()

    def _instrument_changed(self) -> None:
        other = not self.instrument.currentData()
        self.scale_name.setEnabled(other)
        self.cutoff.setEnabled(other)
        self._build_mapping(self.mapping())
        self._clear_preview()

    def _build_mapping(self, chosen: dict[str, str]) -> None:
        holder = QWidget()
        form = QFormLayout(holder)
        self.field_boxes = {}
        headers = self.info.headers if self.info else ()
        spec = built_in(self.instrument.currentData() or "")
        for fld in fields_for(spec):
            box = QComboBox()
            box.addItem(NOT_MAPPED, "")
            for header in headers:
                box.addItem(header, header)
            box.setCurrentIndex(max(0, box.findData(chosen.get(fld, ""))))
            box.currentIndexChanged.connect(lambda _i: self._clear_preview())
            form.addRow(fld, box)
            self.field_boxes[fld] = box
        self.mapping_area.setWidget(holder)  # the old rows go with the old holder

    def mapping(self) -> dict[str, str]:
        return {fld: box.currentData() for fld, box in self.field_boxes.items() if box.currentData()}

    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, "选择测评结果文件", "", "测评结果 (*.xlsx *.csv);;所有文件 (*)"
        )
        if name:
            self.set_path(Path(name))

    def set_path(self, path: Path) -> None:
        """Read the file's headers and suggest a mapping (also how tests choose a file)."""
        info = self.runner.run_in_worker(inspect_screening_file, path, label="正在读取测评结果文件…", parent=self)
        self.path, self.info, self.imported = (path, info, None) if info else (None, None, None)
        self.path_field.setText(str(path) if info else "")
        if info is None:
            return
        if info.suggested_instrument:
            self.instrument.blockSignals(True)
            self.instrument.setCurrentIndex(self.instrument.findData(info.suggested_instrument))
            self.instrument.blockSignals(False)
            self._instrument_changed()
        self._build_mapping(info.suggested_mapping)
        how = "已套用上次保存的列对应。" if info.mapping_saved else "已按常见列名自动对应，请核对。"
        self.summary.setText(f"表头在第 {info.header_row} 行，共 {len(info.headers)} 列。{how}")

    # -- preview and import --------------------------------------------------------------
    def _options(self) -> dict[str, object]:
        return {
            "instrument": self.instrument_name(),
            "batch_name": self.batch_name.text(),
            "held_on": None if self.date_from_file.isChecked() else self.held_on.date().toPython(),
            "cutoff": self.cutoff.value() or None,
            "lie_max": self.lie_max.value() or None,
        }

    def run_preview(self) -> None:
        if self.path is None:
            self.problem.setText("请先选择文件")
            return
        preview = self.runner.run_in_worker(
            preview_screening_import,
            self.path,
            self.mapping(),
            label="正在检查测评结果…",
            cancellable=True,
            parent=self,
            **self._options(),
        )
        self._show(preview)
        if preview is None and self.runner.last_job_cancelled:
            self.problem.setText("已取消检查，未导入任何数据。")

    def _show(self, preview: ScreeningPreview | None) -> None:
        self.preview = preview
        self.preview_model.set_rows(preview.rows if preview else [])
        self.errors_model.set_rows(preview.errors if preview else [])
        self.tabs.setTabText(0, f"预览（{len(preview.rows) if preview else 0}）")
        self.tabs.setTabText(1, f"错误（{len(preview.errors) if preview else 0}）")
        if preview is None:
            self.import_button.setEnabled(False)
            return
        self.summary.setText(
            f"测评日期 {preview.held_on.isoformat()}：新增 {preview.count('新增')} 条，"
            f"更新 {preview.count('更新')} 条，不变 {preview.count('不变')} 条；"
            f"无效问卷 {preview.invalid} 份；将生成预警建议 {preview.proposals} 条；"
            f"风险题有作答 {preview.risk_answers} 份（无效问卷上的也会生成预警建议）。"
        )
        self.problem.setText(
            f"有 {len(preview.errors)} 处错误（见“错误”页），不会导入任何数据"
            + risk_warning(preview.risky_error_rows)
            + "。"
            if preview.errors
            else ""
        )
        self.tabs.setCurrentIndex(1 if preview.errors else 0)
        self.import_button.setEnabled(not preview.errors and bool(preview.rows))

    def _clear_preview(self) -> None:
        if self.preview is not None:
            self._show(None)

    def import_results(self) -> None:
        if self.path is None or self.preview is None or self.preview.errors:
            return
        changes = self.runner.run_in_worker(
            apply_screening_import,
            self.path,
            self.mapping(),
            label="正在导入测评结果…",
            parent=self,
            **self._options(),
        )
        if changes is None:
            self.run_preview()  # the file changed since the preview: show what it says now
            return
        self.imported = changes
        self.import_button.setEnabled(False)
        self.summary.setText(f"导入完成。{changes.summary}。可以关闭此窗口。")

    def done(self, result: int) -> None:
        self.preview_model.clear()  # names and results must not outlive the dialog (or a lock)
        self.errors_model.clear()
        super().done(result)
