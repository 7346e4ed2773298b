"""Area 4 of the 学期自查报告 (S004 §三 个体和团体心理辅导活动的开展): individual and group counseling,
screening, the warning list by level and grade, cases by issue type, referrals and their follow-up,
crisis incidents, 六谈, home visits and 家长学校. Every count of students comes protected from
TermFacts; the charts draw a hidden cell as 0 and say so."""

from __future__ import annotations

from dataclasses import replace

from counselroom.domain.activities.school_activities import ActivityKind
from counselroom.domain.referrals.referral_rules import REFER_DUE_DAYS
from counselroom.domain.scheduling.appointments import AppointmentType
from counselroom.domain.school.policy_profiles import PolicyProfile
from counselroom.domain.small_counts import footnote, small_count_mark
from counselroom.reports.self_inspection_data import AREAS, ChartKind, ChartSpec, ReportTable
from counselroom.services.activities import coverage_lines as lines
from counselroom.services.reports import inspection_checks as checks
from counselroom.services.reports.care_count_facts import IncidentFacts, ReferralFacts
from counselroom.services.reports.inspection_areas import AreaResult, area
from counselroom.services.reports.inspection_checks import unruled
from counselroom.services.reports.report_facts import TermFacts
from counselroom.services.reports.report_shapes import grid_table, row_chart, row_table, table_chart
from counselroom.services.reports.report_term import month_label

ISSUES_NOTE = "一个个案可涉及多个问题类型，合计为人次。"


def counseling_area(f: TermFacts, profile: PolicyProfile) -> AreaResult:
    found = [
        unruled("个别辅导", _individual(f)),
        unruled("团体辅导", _group(f)),
        checks.screening_check(f, profile),
        unruled("预警名单（三级预警）", _warnings(f)),
        unruled("个案", f"本学期开案 {f.cases.opened} 个，结案 {f.cases.closed} 个"),
        unruled("转介与跟踪反馈", _referrals(f.referrals, f.term.over)),
        unruled("危机事件处置", _incidents(f.incidents)),
        unruled("谈心谈话（六谈）", _talks(f)),
        *checks.coverage_or_unruled(f.coverage.lines, lines.HOME_VISITS, "家访", _visits(f)),
        *checks.coverage_or_unruled(
            f.coverage.lines, ActivityKind.PARENT_SCHOOL.value, "家长学校", _held(f, ActivityKind.PARENT_SCHOOL)
        ),
    ]
    return area(AREAS[3], _summary(f), found, _tables(f), _charts(f))


def _visits(f: TermFacts) -> str:
    v = f.visits
    return f"本学期家访 {v.families_visited}/{v.families} 户、{v.students_visited}/{v.students} 名学生"


def _held(f: TermFacts, kind: ActivityKind) -> str:
    held = next(a for a in f.activities.by_kind if a.kind == kind.value)
    return f"本学期 {held.held} 次" + (f"、{held.participants} 人次" if held.participants else "")


def _shown(f: TermFacts, kind: AppointmentType) -> str:
    row = f.sessions.attended_by_type
    return next(c.text for label, c in zip(row.labels, row.cells, strict=True) if label == kind.value)


def _individual(f: TermFacts) -> str:
    s = f.sessions
    return (
        f"个别辅导已到 {_shown(f, AppointmentType.INDIVIDUAL)} 人次；各类辅导与咨询共已到 "
        f"{s.attended_by_type.total.text} 人次（其中来访 {s.walk_ins} 人次），未到 {s.missed} 人次"
    )


def _group(f: TermFacts) -> str:
    held = next(a for a in f.activities.by_kind if a.kind == ActivityKind.GROUP_COUNSELING)
    return (
        f"团体辅导活动 {held.held} 次、{held.participants} 人次；"
        f"辅导室团体辅导已到 {_shown(f, AppointmentType.GROUP)} 次"
    )


def _warnings(f: TermFacts) -> str:
    w = f.warnings
    levels = "、".join(
        f"{name} {c.text}" for name, c in zip(w.open_now.column_labels, w.open_now.column_totals, strict=True)
    )
    return (
        f"当前在册 {w.open_now.grand_total.text} 人（{levels}）；本学期列入 {w.listed.grand_total.text} 人次，"
        f"升级 {w.raised} 人次，解除 {w.closed} 人次"
    )


def _referrals(r: ReferralFacts, over: bool) -> str:
    text = (
        f"本学期建议转介 {r.suggested} 人次，家长同意 {r.consented}，家长拒绝 {r.refused}，完成转介 {r.referred}"
        f"（同意后 {REFER_DUE_DAYS} 天内 {r.referred_on_time}），收到反馈 {r.feedback}；随访 {r.followups_done} 次"
        f"（按期 {r.followups_on_time}）"
    )
    if r.followups_on_time_rate is not None:
        text += f"，按期率 {r.followups_on_time_rate:.0%}"
    return text + f"；{_overdue_label(over)} {r.open_overdue} 人次"


def _overdue_label(term_over: bool) -> str:
    """A running term's count is of next steps falling due before it ends (report_referrals)."""
    return "学期结束时下一步已逾期未办" if term_over else "下一步在学期结束前到期、尚未办理"


def _hours(pair: tuple[float | None, float] | None) -> str:
    if pair is None:
        return "—"
    median, longest = pair
    return (f"中位 {_duration(median)}、" if median is not None else "") + f"最长 {_duration(longest)}"


def _duration(hours: float) -> str:
    """Hours up to two days, days beyond."""
    return f"{hours:g} 小时" if hours < 48 else f"{hours / 24:.1f} 天"


def _incidents(i: IncidentFacts) -> str:
    return (
        f"本学期登记 {i.opened} 起，尚未结案 {i.still_open} 起；从登记到通知分管校领导{_hours(i.hours_to_leader)}，"
        f"到结案{_hours(i.hours_to_close)}"
    )


def _talks(f: TermFacts) -> str:
    talks, students = sum(t.talks for t in f.talks), sum(t.students for t in f.talks)
    return f"六类谈心谈话共 {talks} 次，谈心学生 {students} 人次"


def _summary(f: TermFacts) -> str:
    s = f.screening
    screened = f"心理普查覆盖 {s.screened}/{s.students} 名学生" if s.batches else "本学期尚未开展心理普查"
    return (
        f"本学期各类辅导与咨询已到 {f.sessions.attended_by_type.total.text} 人次；{screened}；"
        f"预警名单当前在册 {f.warnings.open_now.grand_total.text} 人；建议转介 {f.referrals.suggested} 人次；"
        f"危机事件 {f.incidents.opened} 起。"
    )


def _tables(f: TermFacts) -> list[ReportTable]:
    issues = row_table("本学期个案（按问题类型）", f.cases.by_issue, ("问题类型", "个案"), total="合计（人次）")
    r, i = f.referrals, f.incidents
    referrals = (
        ("建议转介", r.suggested), ("家长知情同意", r.consented), ("家长拒绝", r.refused), ("完成转介", r.referred),
        (f"其中同意后 {REFER_DUE_DAYS} 天内完成", r.referred_on_time), ("收到反馈", r.feedback),
        ("完成随访（次）", r.followups_done), ("其中按期完成（次）", r.followups_on_time),
        ("结束转介", r.closed), (_overdue_label(f.term.over), r.open_overdue),
    )  # fmt: skip
    incidents = (
        ("登记", f"{i.opened} 起"),
        ("尚未结案", f"{i.still_open} 起"),
        ("登记至通知分管校领导", _hours(i.hours_to_leader)),
        ("登记至结案", _hours(i.hours_to_close)),
    )
    return [
        row_table("辅导与咨询（本学期已到人次）", f.sessions.attended_by_type, ("类型", "人次")),
        ReportTable(
            "心理普查",
            ("批次", "量表", "日期", "筛查人数", "阳性人数"),
            tuple(
                (b.name, b.instrument, b.held_on.isoformat(), str(b.screened), b.positives) for b in f.screening.batches
            ),
            f.screening.positives_by_grade.footnote,
        ),
        grid_table("预警名单当前在册人数（按年级和等级）", f.warnings.open_now, "年级"),
        grid_table("本学期列入预警名单（按年级和列入时等级）", f.warnings.listed, "年级"),
        replace(issues, footnote=(issues.footnote + ISSUES_NOTE)),
        ReportTable("转介与跟踪反馈（本学期）", ("环节", "人次"), referrals, _small_note(referrals, f.threshold)),
        ReportTable("危机事件（本学期）", ("项目", "情况"), incidents, _small_note(incidents, f.threshold)),
        ReportTable(
            "谈心谈话（六谈）",
            ("类别", "谈话次数", "谈心学生数量", "参与人数"),
            tuple((t.category, str(t.talks), str(t.students), str(t.participants)) for t in f.talks),
        ),
    ]


def _small_note(rows: tuple[tuple[str, str], ...], threshold: int) -> str:
    """The small-count note when a text of the table carries the mark (these counts stand alone: no
    total to give them away, so no complement is hidden)."""
    mark = small_count_mark(threshold)
    return footnote(threshold, complement=False) if any(mark in text for _label, text in rows) else ""


def _charts(f: TermFacts) -> list[ChartSpec]:
    return [
        table_chart(ChartKind.STACKED, "预警名单当前在册人数（按年级和等级）", f.warnings.open_now, y_label="人数"),
        row_chart(
            ChartKind.LINE,
            "辅导与咨询已到人次（按月）",
            f.sessions.by_month,
            series="已到",
            labels=[month_label(m) for m in f.sessions.by_month.labels],
        ),
        row_chart(ChartKind.BAR, "本学期个案（按问题类型）", f.cases.by_issue, series="个案", y_label="人次"),
    ]
