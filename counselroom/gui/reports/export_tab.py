"""报表 → 导出: the de-identified statistics of a term for the district (SECURITY.md 11), previewed
before anything is written (gui/exports/export_flow.py). Every role may; what the file holds depends
on the key the session holds, and the tab says so before the teacher starts."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from counselroom.domain.roles import Permission
from counselroom.gui.exports.export_flow import export_document
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.widgets import hint_label, primary_button
from counselroom.services.exports import stats_export
from counselroom.services.exports.stats_export import RECORDS_CAUTION
from counselroom.services.school import school_calendar
from counselroom.system import clock

WHAT = (
    "去标识化统计：本学期的在校学生、心理筛查、预警名单、辅导与咨询、个案、六谈、转介与危机事件等统计表，"
    "供上报教育局或与上级共享。文件不含学生姓名、学号、出生日期和任何文字记录；"
    "人数很少（1 至本校政策规定的人数）的格子写“<5”等，为防止由合计反推而一并隐藏的格子写“*”。"
)
WITH_RECORDS = (
    "您持有心理档案密钥，文件还包含“学生记录”：每行一名在校学生，以化名代替姓名（同一学生每次导出化名相同），"
    "只有年级、性别、预警等级、是否筛查阳性和各项次数区间，不含班级和日期。" + RECORDS_CAUTION
)
AGGREGATES_ONLY = "本账号导出的文件只含心理辅导室每日更新的汇总数字，不含逐人记录。"
SEEN_FIRST = "点击后先显示将要导出的全部内容（表、列、行数、隐藏的格子和水印），确认后再选择保存位置。"


class ExportTab(QWidget):
    def __init__(self, runner: ServiceRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.with_records = runner.actor.can(Permission.VIEW_CARE_RECORDS)
        self.term_box = QComboBox()
        self.term_box.setMinimumWidth(240)
        self.export_button = primary_button("预览并导出统计…")
        self.what = hint_label(WHAT)
        self.records = hint_label(WITH_RECORDS if self.with_records else AGGREGATES_ONLY)
        self.seen_first = hint_label(SEEN_FIRST)
        top = QHBoxLayout()
        top.addWidget(QLabel("学期"))
        top.addWidget(self.term_box)
        top.addWidget(self.export_button)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addLayout(top)
        for label in (self.what, self.records, self.seen_first):
            layout.addWidget(label)
        layout.addStretch(1)
        self.export_button.clicked.connect(self.export)

    def load_terms(self) -> None:
        today = clock.now().date()
        terms = [t for t in self.runner.call(school_calendar.list_terms, parent=self) or [] if t.start <= today]
        kept = self.term_box.currentData()
        self.term_box.clear()
        for term in sorted(terms, key=lambda t: t.start, reverse=True):
            self.term_box.addItem(term.label, term.id)
        current = next((t.id for t in terms if t.current), kept)
        index = self.term_box.findData(current)
        self.term_box.setCurrentIndex(max(index, 0))
        self.export_button.setEnabled(bool(terms))

    def export(self) -> bool:
        term_id = self.term_box.currentData()
        if term_id is None:
            return False
        return export_document(
            self, self.runner, stats_export.stats_export, stats_export.save_stats_export, term_id=term_id
        )

    def clear(self) -> None:
        self.term_box.clear()
