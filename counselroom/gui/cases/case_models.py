"""Table models of the 个案 page's lists."""

from __future__ import annotations

from PySide6.QtCore import Qt

from counselroom.gui.models import Index, RowTableModel
from counselroom.services.cases.case_views import QueuedNote
from counselroom.services.cases.cases import CaseSummary
from counselroom.services.cases.notes import NoteView
from counselroom.services.cases.search import CareSearchHit


class CaseTableModel(RowTableModel[CaseSummary]):
    columns = (
        ("学生", lambda c: c.student_name),
        ("班级", lambda c: c.class_name),
        ("状态", lambda c: c.status),
        ("我的角色", lambda c: c.my_part or "—"),
        ("开案", lambda c: c.opened_on),
        ("最近联系", lambda c: c.last_contact or "尚无记录"),
        ("下一步", lambda c: c.next_step or "未定"),
    )


class GroupNoteTableModel(RowTableModel[NoteView]):
    columns = (
        ("日期", lambda n: n.held_on),
        ("主题", lambda n: n.fields.get("theme", "")),
        ("学生", lambda n: f"{len(n.students)} 名"),
        ("撰写", lambda n: n.author),
        ("状态", lambda n: n.state),
    )


class QueueTableModel(RowTableModel[QueuedNote]):
    columns = (
        ("学生", lambda q: q.student_name),
        ("记录", lambda q: q.template_name),
        ("日期", lambda q: q.held_on),
        ("撰写", lambda q: q.author),
        ("签名时间", lambda q: q.signed_at.replace("T", " ")),
    )


def marked_snippet(hit: CareSearchHit) -> str:
    """The snippet with the match in 【】, so it stands out in a plain table cell."""
    s, e = hit.match_start, hit.match_end
    return f"{hit.snippet[:s]}【{hit.snippet[s:e]}】{hit.snippet[e:]}" if e > s else hit.snippet


class SearchHitTableModel(RowTableModel[CareSearchHit]):
    """The snippet is cut off in a narrow column: its tooltip shows it whole."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            return marked_snippet(self.row_at(index.row()))
        return super().data(index, role)

    columns = (
        ("类型", lambda h: h.kind),
        ("学生", lambda h: h.student_name),
        ("出处", lambda h: h.title),
        ("内容", marked_snippet),
    )
