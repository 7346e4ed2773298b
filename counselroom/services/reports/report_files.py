"""Reports as files (PDF, Word, Excel) and as print jobs: built here from the report services and the
layouts, then written (save_report: beside its target, atomically, audited as EXPORTED with the
digest of the bytes written) or printed (a PrintJob for the program's one print path,
printouts.record_printed). Reports hold counts only — no student — so no reason is asked; the audit
row says which report (the term's id or the date range), never its contents.

The builders take (db, actor, …, now) only, so a worker thread can run them on its own connection.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from counselroom.domain.errors import ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.reports.activity_table_docx import build_activity_table_docx
from counselroom.reports.activity_table_pdf import build_activity_table_pdf
from counselroom.reports.activity_table_xlsx import build_activity_table_xlsx
from counselroom.reports.self_inspection_docx import build_self_inspection_docx
from counselroom.reports.self_inspection_pdf import build_self_inspection_pdf
from counselroom.services.guard import authorize
from counselroom.services.printing.print_jobs import PrintJob
from counselroom.services.printing.saved_files import SavedFile, save_exported
from counselroom.services.reports import activity_table, self_inspection
from counselroom.store.database import Database

FORMATS = {"pdf": "PDF", "docx": "Word", "xlsx": "Excel"}
STANDARD_REASON = "报表（只含统计数字，不含学生信息）"


@dataclass(frozen=True)
class ReportFile:
    data: bytes = field(repr=False)
    fmt: str  # pdf / docx / xlsx
    title: str  # 学期自查报告 2025-2026学年第一学期: the file name offered and the audit row's reason
    object_type: str  # self_inspection / activity_table
    object_id: str  # the term's id, or the date range


def self_inspection_file(db: Database, actor: Actor, term_id: int, fmt: str, *, now: datetime) -> ReportFile:
    """The 学期自查报告 for the term as PDF or Word (VIEW_AGGREGATES, as the report itself)."""
    builders = {"pdf": build_self_inspection_pdf, "docx": build_self_inspection_docx}
    if fmt not in builders:
        raise ValidationError(f"学期自查报告可保存为 PDF 或 Word，不能保存为“{fmt}”", field="格式")
    report = self_inspection.self_inspection(db, actor, term_id, now=now)
    title = f"学期自查报告 {report.term}"
    return ReportFile(builders[fmt](report), fmt, title, "self_inspection", str(term_id))


def self_inspection_print_job(db: Database, actor: Actor, term_id: int, *, now: datetime) -> PrintJob:
    found = self_inspection_file(db, actor, term_id, "pdf", now=now)
    return PrintJob(found.data, found.title, found.object_type, found.object_id)


def activity_table_file(
    db: Database,
    actor: Actor,
    *,
    start: date,
    end: date,
    fmt: str,
    now: datetime,
    contact: str | None = None,
    phone: str | None = None,
) -> ReportFile:
    """The 活动记录表 for [start, end] as PDF, Word or Excel (who may give which dates: activity_table)."""
    builders = {"pdf": build_activity_table_pdf, "docx": build_activity_table_docx, "xlsx": build_activity_table_xlsx}
    if fmt not in builders:
        raise ValidationError(f"活动记录表可保存为 PDF、Word 或 Excel，不能保存为“{fmt}”", field="格式")
    data = activity_table.activity_table(db, actor, start=start, end=end, now=now, contact=contact, phone=phone)
    title = f"活动记录表 {start.isoformat()}至{end.isoformat()}"
    return ReportFile(builders[fmt](data), fmt, title, "activity_table", f"{start.isoformat()}~{end.isoformat()}")


def activity_table_print_job(
    db: Database,
    actor: Actor,
    *,
    start: date,
    end: date,
    now: datetime,
    contact: str | None = None,
    phone: str | None = None,
) -> PrintJob:
    found = activity_table_file(db, actor, start=start, end=end, fmt="pdf", now=now, contact=contact, phone=phone)
    return PrintJob(found.data, found.title, found.object_type, found.object_id)


def save_report(db: Database, actor: Actor, report: ReportFile, path: Path, *, now: datetime) -> SavedFile:
    """Write the report to `path` (its suffix the report's format) and audit it as an export."""
    authorize(
        db, actor, Permission.VIEW_AGGREGATES, now=now, object_type=report.object_type, object_id=report.object_id
    )
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix != report.fmt:
        raise ValidationError(
            f"文件名应以 .{report.fmt} 结尾（{FORMATS.get(report.fmt, report.fmt)} 文件），现在是“{Path(path).name}”",
            field="文件名",
        )
    return save_exported(
        db,
        actor,
        path,
        report.data,
        object_type=report.object_type,
        object_id=report.object_id,
        reason=f"{report.title}：{STANDARD_REASON}",
        now=now,
    )
