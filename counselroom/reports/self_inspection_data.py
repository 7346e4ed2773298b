"""What the 学期自查报告 (S004 §三) says, as plain data: the service (services/reports/self_inspection.py)
fills it from the school store's aggregates, the layouts (self_inspection_pdf.py, _docx.py) draw it,
the 报表 page shows it. Nothing here names or ids a student: counts only, the small ones already
protected (domain/small_counts.py) — a table carries the texts to print ("12", "<5", "*").

The five areas, in S004's words and order (AREAS). Each has check items judged against the school's
policy profile, tables, charts and the gaps in words; the report ends with the principal's
问题与改进措施."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

# S004 §三: 每学期…至少一次全面自查 — 心理咨询室的建设、心理健康教师的配备、心理健康教育课程的开设、
# 个体和团体心理辅导活动的开展、心理健康教育的科普和宣传.
AREAS = (
    "心理咨询室的建设",
    "心理健康教师的配备",
    "心理健康教育课程的开设",
    "个体和团体心理辅导活动的开展",
    "心理健康教育的科普和宣传",
)


class Verdict(enum.StrEnum):
    MET = "达标"
    NOT_MET = "未达标"
    NOT_JUDGED = "不评判"  # the profile has no number for it, or the term is too young to judge


@dataclass(frozen=True)
class CheckItem:
    """One row of an area's check table: 项目, 要求, 依据, 本校情况, 结论."""

    item: str  # 心理健康活动课
    requirement: str  # 每两周 1 课时 (the profile's words with its number)
    source: str  # S001 (with the school's own number: 学校自定)
    quote: str  # the document's sentence, for a footnote or tooltip
    ours: str  # 25 个班中 23 个班每两周都有心理课
    verdict: Verdict


@dataclass(frozen=True)
class ReportTable:
    """A table of counts as printed: headers, rows of texts, and the small-count footnote if any."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    footnote: str = ""  # "<5：人数少于 5 人，不显示具体数字；*：为防反推而不显示"


class ChartKind(enum.StrEnum):
    BAR = "bar"  # one series per label group, bars side by side
    STACKED = "stacked"  # the series stacked on each label
    LINE = "line"  # e.g. by month


@dataclass(frozen=True)
class ChartSeries:
    name: str  # 红色 / 个体辅导 / 王老师 — the legend
    values: tuple[float, ...]  # one per label; a hidden small count is drawn as 0 and noted


@dataclass(frozen=True)
class ChartSpec:
    """A chart as data; reports/report_charts.py draws it the same way in the PDF, the DOCX and on screen."""

    kind: ChartKind
    title: str
    labels: tuple[str, ...]  # x axis: months, grades, issue types …
    series: tuple[ChartSeries, ...]
    y_label: str = "人次"
    note: str = ""  # under the chart: 人数少于 5 的格按 0 画出


@dataclass(frozen=True)
class AreaReport:
    name: str  # one of AREAS
    summary: str  # one or two sentences: what was done this term
    checks: tuple[CheckItem, ...]
    tables: tuple[ReportTable, ...] = ()
    charts: tuple[ChartSpec, ...] = ()

    @property
    def gaps(self) -> tuple[CheckItem, ...]:
        return tuple(c for c in self.checks if c.verdict is Verdict.NOT_MET)


@dataclass(frozen=True)
class SelfInspection:
    school: str  # 赣江市第一中学
    term: str  # 2025-2026学年第一学期
    term_start: date
    term_end: date
    as_of: date  # the day the numbers were read; before term_end the term is still running
    profile: str  # 南昌市（S001）
    students: int  # at school at as_of
    classes: int
    areas: tuple[AreaReport, ...]  # in AREAS order
    gaps: tuple[str, ...]  # the checklist in words, in area order: 初二(3)班 第 5–6 周没有心理课
    notes: str  # 问题与改进措施, as the principal wrote it ("" when not yet written)
    prepared_by: str = ""  # the account that built it: 张校长
    small_count_threshold: int = 4

    @property
    def met(self) -> int:
        return sum(1 for a in self.areas for c in a.checks if c.verdict is Verdict.MET)

    @property
    def not_met(self) -> int:
        return sum(1 for a in self.areas for c in a.checks if c.verdict is Verdict.NOT_MET)

    @property
    def term_over(self) -> bool:
        return self.as_of >= self.term_end
