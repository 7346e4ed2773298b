"""The tables of the de-identified statistics (SECURITY.md 11), from the school store alone: the
students at school by grade and gender, and the counts the care side keeps there (care_counts, read
through services/reports/care_count_facts) — so a principal's or an admin's export is built without
the care store, and every role's tables hold the same numbers.

Where the 学期自查报告 prints the same count, the table here is protected by the same call on the
same numbers, so the two documents hide the same cells: a reader holding both cannot subtract one
from the other. A count with no total beside it (转介 steps, 六谈) is protected on its own."""

from __future__ import annotations

from collections.abc import Sequence

from counselroom.domain.exports.export_document import (
    ExportTable,
    cell_of,
    columns_side_by_side,
    row_as_column,
    single,
    table_rows,
)
from counselroom.domain.small_counts import ProtectedRow, protect_row, protect_table
from counselroom.services.reports import care_count_facts as care
from counselroom.services.reports.report_term import ReportTerm, month_label
from counselroom.store import export_records, report_counts
from counselroom.store.connection import Connection
from counselroom.store.school import classes

GENDERS = ("男", "女")


def aggregate_tables(conn: Connection, term: ReportTerm, threshold: int) -> tuple[ExportTable, ...]:
    grades = tuple(dict.fromkeys(c.grade_name for c in classes.current_classes(conn)))
    students = students_table(conn, grades, threshold)
    sessions = care.session_facts(conn, term, threshold)
    warnings = care.warning_facts(conn, term, grades, threshold)
    cases = care.case_facts(conn, term, threshold)
    return (
        students,
        *screening_tables(conn, term, grades, threshold),
        ExportTable(
            "预警在册",
            "预警名单在册人数（导出时，按年级和等级）",
            ("年级", *warnings.open_now.column_labels, "合计"),
            table_rows(warnings.open_now),
            "导出时仍在预警名单上的学生，按现在的年级。",
        ),
        ExportTable(
            "本学期列入预警",
            "本学期列入预警名单的人次（按年级和列入时的等级）",
            ("年级", *warnings.listed.column_labels, "合计"),
            table_rows(warnings.listed),
            "本学期内列入的，按列入时的等级计；同一学生本学期列入两次计两次。",
        ),
        ExportTable(
            "辅导类型",
            "辅导与咨询已到人次（本学期，按类型）",
            ("类型", "已到人次"),
            row_as_column(sessions.attended_by_type),
            "预约或来访并已到的次数；团体辅导一次计一次。",
        ),
        ExportTable(
            "辅导月份",
            "辅导与咨询已到人次（本学期，按月）",
            ("月份", "已到人次"),
            row_as_column(_relabelled(sessions.by_month, [month_label(m) for m in sessions.by_month.labels])),
            "每月已到的次数（本学期内的日子）。",
        ),
        ExportTable(
            "个案问题类型",
            "本学期新开个案（按问题类型）",
            ("问题类型", "个案数"),
            row_as_column(cases.by_issue),
            "一个个案有几个问题类型就在几行各计一次，故合计可能多于个案数。",
        ),
        talks_table(conn, term, threshold),
        other_counts_table(conn, term, threshold, sessions, warnings, cases),
    )


def students_table(conn: Connection, grades: Sequence[str], threshold: int) -> ExportTable:
    counts = export_records.grade_gender_counts(conn)
    rows = [*grades, *sorted({g for g, _x in counts if g not in grades})]  # 未分班, a grade no class has now
    table = protect_table(rows, GENDERS, [[counts.get((g, x), 0) for x in GENDERS] for g in rows], threshold)
    return ExportTable(
        "在校学生",
        "在校学生人数（按年级和性别）",
        ("年级", *GENDERS, "合计"),
        table_rows(table),
        "导出时在读和复学的学生，按现在的年级。",
    )


def screening_tables(
    conn: Connection, term: ReportTerm, grades: Sequence[str], threshold: int
) -> tuple[ExportTable, ExportTable]:
    """By grade (筛查人次 and 阳性人次, each with its total) and by batch (量表, 日期, 人数)."""
    facts = care.screening_facts(conn, term, 0, grades, threshold)  # 0 students: its coverage is not used here
    labels = facts.positives_by_grade.labels
    screened = dict.fromkeys(labels, 0)
    for r in report_counts.screening_by_month(conn, term.months[0], term.months[-1]):
        screened[r.grade] = screened.get(r.grade, 0) + r.screened
    screened_row = protect_row(labels, [screened[g] for g in labels], threshold)
    by_grade = ExportTable(
        "心理筛查",
        "心理筛查人次与筛查阳性人次（本学期，按年级）",
        ("年级", "筛查人次", "筛查阳性人次"),
        columns_side_by_side(labels, screened_row, facts.positives_by_grade),
        "本学期举行的各批筛查；筛查阳性只计有效答卷；同一学生参加两批计两次。筛查阳性不是诊断。",
    )
    by_batch = ExportTable(
        "筛查批次",
        "本学期各批心理筛查",
        ("量表", "日期", "筛查人数", "筛查阳性人数"),
        tuple(
            (b.instrument, b.held_on.isoformat(), single(b.screened, threshold), cell_of(b.positives, threshold))
            for b in facts.batches
        ),
        "批次名称不导出（可能含自由文字）。",
    )
    return by_grade, by_batch


def talks_table(conn: Connection, term: ReportTerm, threshold: int) -> ExportTable:
    return ExportTable(
        "六谈",
        "“大走访大谈心”六谈（本学期，按类别）",
        ("类别", "谈话次数", "谈心学生数", "参与人数"),
        tuple(
            (t.category, single(t.talks, threshold), single(t.students, threshold), single(t.participants, threshold))
            for t in care.talk_lines(conn, term)
        ),
        "各格分别保护，不列合计。",
    )


def other_counts_table(
    conn: Connection,
    term: ReportTerm,
    threshold: int,
    sessions: care.SessionFacts,
    warnings: care.WarningFacts,
    cases: care.CaseFacts,
) -> ExportTable:
    referrals = care.referral_facts(conn, term, threshold)
    incidents = care.incident_facts(conn, term, threshold)
    lines = (
        ("预约未到人次", sessions.missed),
        ("来访（未预约）已到人次", sessions.walk_ins),
        ("新开个案", cases.opened),
        ("结案", cases.closed),
        ("预警等级上调", warnings.raised),
        ("解除预警", warnings.closed),
        ("建议转介", referrals.suggested),
        ("家长知情同意转介", referrals.consented),
        ("家长拒绝转介", referrals.refused),
        ("已转介", referrals.referred),
        ("按时转介", referrals.referred_on_time),
        ("收到转介反馈", referrals.feedback),
        ("完成随访", referrals.followups_done),
        ("按时完成随访", referrals.followups_on_time),
        ("转介结束", referrals.closed),
        ("转介逾期未办", referrals.open_overdue),
        ("危机事件登记", incidents.opened),
        ("危机事件尚未结案", incidents.still_open),
    )
    return ExportTable(
        "其他计数",
        "其他计数（本学期）",
        ("项目", "数量"),
        tuple((label, cell_of(text, threshold)) for label, text in lines),
        "各项分别计数，互有包含，不可相加。",
    )


def _relabelled(row: ProtectedRow, labels: Sequence[str]) -> ProtectedRow:
    return ProtectedRow(tuple(labels), row.cells, row.total, row.threshold)
