"""统计 (报表 → 统计): the charts of a date range, from the counts the care side keeps in the school
store (store/report_counts.py, store/care_counts.py). VIEW_AGGREGATES. Month-keyed counts are read
by whole months: the range covers the months from `start`'s to `end`'s, up to this month (a month
still to come is not drawn as a drop to 0).

Two readers, two rules:
- A care-key holder (a confirmed counselor, the lead) reads the care records themselves: the
  charts show exact counts, for any range.
- Anyone else (the principal, the admin) sees protected counts, and only for **one whole term** at
  a time (a range inside a term is widened to it; one across two terms is refused). Each series is
  protected as a row whose total is shown (complementary suppression, domain/small_counts), because
  the 学期自查报告 prints the term's totals: a chart that hid only the small counts gave one away by
  subtraction from the report's total, and two overlapping ranges gave a month's count away by
  difference (a user test found both). The by-issue and by-grade charts are the report's own
  protected rows, cell for cell; the warning list is its protected table.
A counselor is named by the account's display name — staff, never a student."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from counselroom.domain.cases.case_rules import IssueType
from counselroom.domain.errors import ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.reports.self_inspection_data import ChartKind, ChartSpec
from counselroom.services.guard import authorize
from counselroom.services.reports.care_count_facts import grade_level_table
from counselroom.services.reports.report_shapes import cells_chart, series_chart
from counselroom.services.reports.report_term import ReportTerm, month_label, months_between, report_term
from counselroom.services.school.policy import policy_of
from counselroom.store import care_counts, report_counts, users
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.school import classes, school

MAX_MONTHS = 60


@dataclass(frozen=True)
class Statistics:
    start: date
    end: date
    months: tuple[str, ...]  # "2025-09" …, the whole months the range covers, up to this month
    threshold: int  # 0: exact counts (a care-key holder)
    term_label: str  # the whole term a protected reading covers; "" for exact counts
    sessions_by_month: ChartSpec  # 已到 and 未到
    cases_by_month: ChartSpec  # opened
    warnings_by_grade: ChartSpec  # on the list now
    screening_by_grade: ChartSpec  # positives in the months' batches
    cases_by_issue: ChartSpec
    warnings_by_level: ChartSpec  # on the list now
    workload: ChartSpec  # 已到 per counselor per month

    @property
    def charts(self) -> tuple[ChartSpec, ...]:
        return (
            self.sessions_by_month,
            self.cases_by_month,
            self.warnings_by_grade,
            self.screening_by_grade,
            self.cases_by_issue,
            self.warnings_by_level,
            self.workload,
        )


def statistics(db: Database, actor: Actor, *, start: date, end: date, now: datetime) -> Statistics:
    authorize(db, actor, Permission.VIEW_AGGREGATES, now=now)
    if end < start:
        raise ValidationError("结束日期不能早于开始日期", field="日期")
    conn = db.conn
    exact = db.has_care and actor.can(Permission.VIEW_CARE_RECORDS)
    term = None if exact else _whole_term(conn, start, end, now.date())
    if term is not None:
        start, end = term.start, term.end
    months = tuple(m for m in months_between(start, end) if m <= f"{now:%Y-%m}") or months_between(start, start)
    if len(months) > MAX_MONTHS:
        raise ValidationError(f"统计范围最多 {MAX_MONTHS} 个月，请缩短日期范围", field="日期")
    threshold = 0 if exact else policy_of(conn).small_count_threshold
    labels = tuple(month_label(m) for m in months)
    grades = _grades(conn)
    by_grade, by_level = _warnings(conn, grades, threshold)
    return Statistics(
        start,
        end,
        months,
        threshold,
        term.label if term is not None else "",
        _sessions(conn, months, labels, threshold),
        _cases_by_month(conn, months, labels, threshold),
        by_grade,
        _screening(conn, months, grades, threshold),
        _cases_by_issue(conn, months, threshold),
        by_level,
        _workload(conn, months, labels, threshold),
    )


def _whole_term(conn: Connection, start: date, end: date, today: date) -> ReportTerm:
    """The one term the range lies in, whole: what a reader without the care key may chart."""
    spans = [t for t in school.all_terms(conn) if t.start_date <= end and start <= t.end_date]
    if not spans:
        raise ValidationError("这段日期不在任何学期内：校领导账号按学期查看统计，请选择学期内的日期", field="日期")
    if len(spans) > 1:
        raise ValidationError(
            "校领导账号按学期查看统计：请选择一个学期内的日期（跨学期的范围会让不同学期的数字相减后露出人数少的格）",
            field="日期",
        )
    return report_term(conn, spans[0].id, today)


def _grades(conn: Connection) -> list[str]:
    return list(dict.fromkeys(c.grade_name for c in classes.current_classes(conn)))


def _sessions(conn: Connection, months: tuple[str, ...], labels: tuple[str, ...], threshold: int) -> ChartSpec:
    rows = report_counts.sessions_by_month(conn, months[0], months[-1])
    attended = [sum(r.attended for r in rows if r.month == m) for m in months]
    missed = [sum(r.missed for r in rows if r.month == m) for m in months]
    return series_chart(ChartKind.LINE, "辅导与咨询（按月）", labels, [("已到", attended), ("未到", missed)], threshold)


def _cases_by_month(conn: Connection, months: tuple[str, ...], labels: tuple[str, ...], threshold: int) -> ChartSpec:
    every = [r for r in report_counts.cases_by_month(conn, months[0], months[-1]) if not r.issue]
    opened = [sum(r.opened for r in every if r.month == m) for m in months]
    return series_chart(ChartKind.BAR, "新开个案（按月）", labels, [("新开个案", opened)], threshold, y_label="个")


def _warnings(conn: Connection, grades: list[str], threshold: int) -> tuple[ChartSpec, ChartSpec]:
    """By grade and by level: the totals of the same protected table the 学期自查报告 prints, so the
    two views of the list as it stands never give away what the other hides."""
    counts = {(g.grade, g.level): g.count for g in care_counts.open_warnings_by_grade_level(conn)}
    table = grade_level_table(grades, counts, threshold)
    by_grade = cells_chart(
        ChartKind.BAR, "预警名单当前在册人数（按年级）", table.row_labels, table.row_totals, threshold,
        series="在册", y_label="人数",
    )  # fmt: skip
    by_level = cells_chart(
        ChartKind.BAR, "预警名单当前在册人数（按等级）", table.column_labels, table.column_totals, threshold,
        series="在册", y_label="人数",
    )  # fmt: skip
    return by_grade, by_level


def _screening(conn: Connection, months: tuple[str, ...], grades: list[str], threshold: int) -> ChartSpec:
    found = dict.fromkeys(grades, 0)
    for r in report_counts.screening_by_month(conn, months[0], months[-1]):
        found[r.grade] = found.get(r.grade, 0) + r.positives
    return series_chart(
        ChartKind.BAR, "心理普查阳性人次（按年级）", list(found), [("筛查阳性", list(found.values()))], threshold
    )


def _cases_by_issue(conn: Connection, months: tuple[str, ...], threshold: int) -> ChartSpec:
    found = {i.value: 0 for i in IssueType}
    for r in report_counts.cases_by_month(conn, months[0], months[-1]):
        if r.issue:
            found[r.issue] = found.get(r.issue, 0) + r.opened
    return series_chart(
        ChartKind.BAR, "新开个案（按问题类型）", list(found), [("个案", list(found.values()))], threshold
    )


def _workload(conn: Connection, months: tuple[str, ...], labels: tuple[str, ...], threshold: int) -> ChartSpec:
    """已到 per counselor (a series each, by name) and month."""
    rows = report_counts.sessions_by_month(conn, months[0], months[-1])
    series = [
        (
            _name(conn, user_id),
            [sum(r.attended for r in rows if r.month == m and r.counselor_id == user_id) for m in months],
        )
        for user_id in sorted({r.counselor_id for r in rows})
    ]
    return series_chart(ChartKind.LINE, "心理教师工作量（每月已到人次）", labels, series, threshold)


def _name(conn: Connection, user_id: int) -> str:
    row = users.by_id(conn, user_id)
    return row.display_name if row else f"账号 {user_id}"
