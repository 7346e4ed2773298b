"""The student file's 个案 tab: the student's cases the viewer may read and, in date order, the
notes about the student — a 团体辅导 note with this student's part only. Read here; written on
the 个案 page."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from counselroom.gui.models import RowTableModel
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.tables import read_only_table
from counselroom.gui.widgets import hint_label
from counselroom.services.cases import case_views
from counselroom.services.cases.cases import CaseSummary
from counselroom.services.cases.notes import NoteView
from counselroom.system.note_template_files import load_note_templates

NONE_READABLE = "没有你可以查看的个案或辅导记录。（个案只对负责、共享的心理教师和心理中心负责人可见。）"


class StudentCasesTab(QWidget):
    def __init__(self, runner: ServiceRunner, student_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.cases: RowTableModel[CaseSummary] = RowTableModel()
        self.cases.columns = (
            ("个案", lambda c: c.id),
            ("状态", lambda c: c.status),
            ("开案", lambda c: c.opened_on),
            ("最近联系", lambda c: c.last_contact or "尚无记录"),
            ("下一步", lambda c: c.next_step or "未定"),
        )
        self.chronology = QTextBrowser()
        self.chronology.setOpenLinks(False)
        self.chronology.setAccessibleName("辅导记录")
        self.empty = hint_label(NONE_READABLE)
        table = read_only_table(self.cases)
        table.setMaximumHeight(140)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(table)
        split.addWidget(self.chronology)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(hint_label("写记录、签名和补充说明请到“个案”页。"))
        layout.addWidget(QLabel("个案与辅导记录（按日期）"))
        layout.addWidget(split, 1)
        found = runner.call(case_views.student_case_file, student_id, parent=self)
        cases, notes = (found.cases, found.notes) if found else ((), ())
        self.cases.set_rows(cases)
        self.empty.setVisible(not cases and not notes)
        self.chronology.setHtml(chronology_html(notes))


def chronology_html(notes: tuple[NoteView, ...]) -> str:
    """Each note as the teacher reads it: date, kind, state, author; its fields; its addenda."""
    labels = {t.id: {f.key: f.label for f in t.fields} for t in load_note_templates()}
    parts = []
    for note in notes:
        names = labels.get(note.template_id, {})
        order = [k for k in names if k in note.fields] + [k for k in note.fields if k not in names]
        title = "　".join((note.held_on, note.template_name, note.state, note.author))
        head = f"<h4>{escape(title)}</h4>"
        rows = [f"<p><b>{escape(names.get(k, k))}</b>：{_lines(v)}</p>" for k in order if (v := note.fields[k])]
        rows += [f"<p><b>个人情况</b>：{_lines(s.part)}</p>" for s in note.students if s.part]
        rows += [
            f"<p style='color:#555'><b>补充说明</b>（{escape(a.author)} {escape(a.added_at[:16].replace('T', ' '))}）："
            f"{_lines(a.text)}</p>"
            for a in note.addenda
        ]
        parts.append(head + "".join(rows))
    return "<hr>".join(parts)


def _lines(text: str) -> str:
    return escape(text).replace("\n", "<br>")
