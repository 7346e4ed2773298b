"""去标识化统计导出 (SECURITY.md 11; `counselroom export stats`, 报表 → 导出): a term's numbers as a
spreadsheet for the district, with no name, 学号, birth date or free text in it. VIEW_AGGREGATES.

Every role gets the same tables, built from the school store alone (stats_tables.py): a principal's
or an admin's export never opens the care store — their session does not even hold its key. A
counselor or the lead, who hold the care key, get one more sheet: 学生记录, a line per student under
a pseudonym (pseudonymous_records.py). Counts from 1 to the policy profile's threshold read "<N",
with complementary "*" so no total gives one away.

`stats_export` builds the document (the preview); `save_stats_export` writes it as XLSX or CSV and
audits it as an export with its export id and SHA-256 (export_files.write_export)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from counselroom.domain.errors import NotFound, ValidationError
from counselroom.domain.exports.export_document import ExportDocument, watermark_line
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.small_counts import footnote
from counselroom.services.exports.export_files import new_export_id, write_export
from counselroom.services.exports.pseudonymous_records import records_table
from counselroom.services.exports.stats_tables import aggregate_tables
from counselroom.services.guard import authorize, may
from counselroom.services.printing.saved_files import SavedFile
from counselroom.services.reports.report_term import ReportTerm, report_term
from counselroom.services.school.policy import policy_of
from counselroom.store.database import Database
from counselroom.store.school import school

KIND = "stats"
REASON = "去标识化统计（不含学生姓名、学号、出生日期和文字记录）"


# The user test counted the hidden small cells back out of the per-student lines: said where it is read.
RECORDS_CAUTION = (
    "注意：由“学生记录”可以逐行数出人数很少的格子，熟悉学生的人也可能认出其中的个别学生。"
    "本文件只供心理辅导室内部分析；对外报送请删去“学生记录”工作表，或请校领导导出（只含汇总数字）。"
)


def stats_export(db: Database, actor: Actor, *, now: datetime, term_id: int | None = None) -> ExportDocument:
    """The term's statistics (this term when none is named) as they will be written."""
    authorize(db, actor, Permission.VIEW_AGGREGATES, now=now, object_type=KIND, object_id=term_id or "")
    conn = db.conn
    term = report_term(conn, term_id if term_id is not None else _current_term(db, now.date()), now.date())
    threshold = policy_of(conn).small_count_threshold
    tables = aggregate_tables(conn, term, threshold)
    with_records = may(db, actor, Permission.VIEW_CARE_RECORDS)
    if with_records:
        tables = (*tables, records_table(conn, term, threshold))
    export_id = new_export_id()
    return ExportDocument(
        kind=KIND,
        title=f"心理健康工作去标识化统计 {term.label}",
        export_id=export_id,
        watermark=watermark_line(actor.display_name, actor.role.label, now, export_id),
        about=_about(db, term, threshold, with_records),
        tables=tables,
        object_id=str(term.id),
        reason=f"{term.label}：{REASON}",
    )


def save_stats_export(db: Database, actor: Actor, doc: ExportDocument, path: Path, *, now: datetime) -> SavedFile:
    """Write the statistics to `path` (.xlsx or .csv) and audit the export."""
    authorize(db, actor, Permission.VIEW_AGGREGATES, now=now, object_type=KIND, object_id=doc.object_id)
    if doc.kind != KIND or doc.names_students:
        raise ValidationError("这不是去标识化统计，不能按统计导出", field="导出")
    if any(t.sheet == "学生记录" for t in doc.tables) and not may(db, actor, Permission.VIEW_CARE_RECORDS):
        raise ValidationError("此账号不能导出逐人记录", field="导出")
    return write_export(db, actor, doc, path, now=now)


def _current_term(db: Database, today: date) -> int:
    """The term today falls in; in the holidays, the last one that has begun."""
    begun = [t for t in school.all_terms(db.conn) if t.start_date <= today]
    if not begun:
        raise NotFound("还没有已开始的学期，请先在“设置 → 学年学期”中添加", field="学期")
    current = next((t for t in begun if today <= t.end_date), begun[-1])
    return current.id


def _about(db: Database, term: ReportTerm, threshold: int, with_records: bool) -> tuple[str, ...]:
    found = school.get_school(db.conn)
    lines = [
        f"学校：{found.name if found else ''}",
        f"统计时段：{term.label}（{term.start.isoformat()}至{term.end.isoformat()}），"
        f"数字截至 {term.as_of.isoformat()}",
        "本文件不含学生姓名、学号、出生日期或任何文字记录；“筛查阳性”“预警”只表示需要关注，不是诊断。",
        footnote(threshold) if threshold else "",
    ]
    if with_records:
        lines.append("“学生记录”每行一名在校学生，以化名代替姓名，同一学生在本校每次导出的化名相同。")
        lines.append(RECORDS_CAUTION)
    else:
        lines.append("本文件只含心理辅导室每日更新的汇总数字，不含逐人记录。")
    return tuple(line for line in lines if line)
