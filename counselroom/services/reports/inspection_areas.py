"""Areas 1, 2, 3 and 5 of the 学期自查报告 (S004 §三): the room, the counselors, the lessons, and
publicity with the 心理委员 — each its summary, check items, tables and charts, built from TermFacts.
Area 4 (individual and group work) is counseling_area.py. Staff are named (心理教师, their training);
no student is."""

from __future__ import annotations

from collections.abc import Sequence

from counselroom.domain.activities.room_facts import RoomRuleName
from counselroom.domain.activities.school_activities import ActivityKind
from counselroom.domain.school.policy_profiles import PolicyProfile
from counselroom.domain.students.student_facts import StaffPosition
from counselroom.reports.self_inspection_data import AREAS, AreaReport, ChartKind, ChartSeries, ChartSpec, ReportTable
from counselroom.services.activities import coverage_lines as lines
from counselroom.services.activities.coverage_lines import CoverageLine
from counselroom.services.reports import inspection_checks as checks
from counselroom.services.reports.inspection_checks import Check, unruled
from counselroom.services.reports.report_facts import TermFacts

AreaResult = tuple[AreaReport, tuple[str, ...]]  # the area and its gaps in words
COUNSELOR_GROUPS = (StaffPosition.FULL_TIME_COUNSELOR.value, StaffPosition.PART_TIME_COUNSELOR.value)


def area(
    name: str,
    summary: str,
    found: Sequence[Check | None],
    tables: Sequence[ReportTable] = (),
    charts: Sequence[ChartSpec] = (),
) -> AreaResult:
    kept = [c for c in found if c is not None]
    shown = tuple(t for t in tables if t.rows)  # a table with nothing in it is left out, not printed empty
    report = AreaReport(name, summary, tuple(c.item for c in kept), shown, tuple(charts))
    return report, tuple(gap for c in kept for gap in c.gaps)


def _yes(flag: bool) -> str:
    return "是" if flag else "否"


def room_area(f: TermFacts, profile: PolicyProfile) -> AreaResult:
    room = f.room
    areas, rules, use = room.facts.areas, room.facts.rules, room.use
    size = sum(a.size_m2 for a in areas)
    in_force = [r.rule.value for r in rules if r.in_force]
    posted = [r.rule.value for r in rules if r.posted]
    missing = [r.rule.value for r in rules if not (r.in_force and r.posted)]
    rules_text = f"{len(RoomRuleName)} 项制度中 {len(in_force)} 项在用、{len(posted)} 项上墙"
    rules_text += f"（未齐：{'、'.join(missing)}）" if missing else ""
    rate = f"{use.rate:.0%}" if use.rate is not None else "—"
    use_text = (
        f"本学期至今开放 {use.school_days} 天，{use.open_hours:g} 小时（辅导室 {use.rooms} 间），"
        f"辅导已到 {use.sessions} 人次，使用率 {rate}；值班 {use.duty_days} 天，值班记录 {use.duty_logs} 份"
    )
    budget = f"{room.budget.year_name} 学年 {room.budget.amount} 元" if room.budget else "本学年经费尚未填写"
    found = [
        unruled("心理辅导室功能区", f"{len(areas)} 个功能区，共 {size} 平方米" if areas else "尚未填写功能区"),
        unruled("规章制度（在用、上墙）", rules_text),
        checks.contacts_check(f, profile),
        unruled("开放、值班与使用", use_text),
        unruled("经费保障", budget),
    ]
    tables = [
        ReportTable(
            "心理辅导室功能区",
            ("功能区", "面积（平方米）", "对应辅导室", "备注"),
            tuple((a.name, str(a.size_m2), a.room_name or "—", a.notes or "—") for a in areas),
        ),
        ReportTable(
            "规章制度",
            ("制度", "在用", "上墙", "制定日期"),
            tuple(
                (r.rule.value, _yes(r.in_force), _yes(r.posted), r.adopted_on.isoformat() if r.adopted_on else "—")
                for r in rules
            ),
        ),
    ]
    summary = f"辅导室设 {len(areas)} 个功能区，共 {size} 平方米；{rules_text}；本学期辅导室使用率 {rate}。"
    return area(AREAS[0], summary, found, tables)


def staff_area(f: TermFacts, profile: PolicyProfile) -> AreaResult:
    staff = f.staff
    full, part = staff.count(StaffPosition.FULL_TIME_COUNSELOR), staff.count(StaffPosition.PART_TIME_COUNSELOR)
    holders = [c for c in staff.counselors if c.qualifications.strip()]
    qualified = f"专兼职心理教师 {len(staff.counselors)} 名，其中 {len(holders)} 名有资质记录"
    found = [
        *checks.staffing_checks(f, profile),
        unruled("心理教师资质", qualified),
        *checks.coverage_or_unruled(f.coverage.lines, lines.TRAININGS, "教师培训", _trainings(f)),
        *checks.coverage_checks(f.coverage.lines, lines.MEETINGS),
    ]
    tables = [
        ReportTable("教职工", ("岗位", "人数"), tuple((p, str(n)) for p, n in staff.by_position)),
        ReportTable(
            "专兼职心理教师",
            ("姓名", "岗位", "资质"),
            tuple((c.name, c.position, c.qualifications or "—") for c in staff.counselors),
        ),
        _training_table(f.coverage.lines),
    ]
    ratio = f"1:{staff.students_per_counselor}" if staff.students_per_counselor else "—"
    summary = (
        f"专职心理教师 {full} 名、兼职心理教师 {part} 名，在校学生 {f.students} 人，专兼职心理教师与学生之比 {ratio}。"
    )
    return area(AREAS[1], summary, found, tables)


def _trainings(f: TermFacts) -> str:
    t = f.trainings
    return f"本学年已记录培训 {t.sessions} 次、{t.people} 人、共 {t.hours} 学时" if t.sessions else "本学年尚未记录培训"


def _training_table(found: Sequence[CoverageLine]) -> ReportTable:
    """培训 this school year: each 专职/兼职 心理教师 by name, the other groups as head counts."""
    rows: list[tuple[str, ...]] = []
    groups: dict[tuple[str, str], list[CoverageLine]] = {}
    for line in (x for x in found if x.area == lines.TRAININGS):
        if line.group in COUNSELOR_GROUPS:
            rows.append((f"{line.subject}（{line.group}）", line.requirement, line.ours_text, _verdict(line)))
        else:
            groups.setdefault((line.group, line.requirement), []).append(line)
    for (group, requirement), members in groups.items():
        met = sum(1 for m in members if not m.gap)
        verdict = "达标" if met == len(members) else "未达标"
        rows.append((f"{group}（{len(members)} 人）", requirement, f"{met} 人达到", verdict))
    return ReportTable("教师培训（本学年）", ("对象", "要求", "本学年", "结论"), tuple(rows))


def _verdict(line: CoverageLine) -> str:
    if line.needed is None:
        return "不评判"
    return "未达标" if line.gap else "达标"


def lessons_area(f: TermFacts, profile: PolicyProfile) -> AreaResult:
    found = [
        *checks.coverage_or_unruled(
            f.coverage.lines, lines.LESSONS, "心理健康活动课", f"本学期共 {sum(g.hours for g in f.lessons)} 课时"
        ),
        *checks.coverage_or_unruled(
            f.coverage.lines,
            ActivityKind.CLASS_MEETING.value,
            "主题班团队会",
            f"本学期 {f.activities.held(ActivityKind.CLASS_MEETING)} 次",
        ),
        *checks.coverage_checks(f.coverage.lines, ActivityKind.THEMED.value),
    ]
    table = ReportTable(
        "心理健康活动课（按年级）",
        ("年级", "适用班级", "每两周都有课的班级", "课时"),
        tuple((g.grade, str(g.classes), str(g.classes_met), str(g.hours)) for g in f.lessons),
    )
    chart = ChartSpec(
        ChartKind.BAR,
        "心理健康活动课课时（按年级）",
        tuple(g.grade for g in f.lessons),
        (ChartSeries("课时", tuple(float(g.hours) for g in f.lessons)),),
        "课时",
    )
    held = f.activities
    summary = (
        f"本学期共开设心理健康活动课 {sum(g.hours for g in f.lessons)} 课时；主题班团队会 "
        f"{held.held(ActivityKind.CLASS_MEETING)} 次，专题活动 {held.held(ActivityKind.THEMED)} 次。"
    )
    return area(AREAS[2], summary, found, [table], [chart])


def publicity_area(f: TermFacts, profile: PolicyProfile) -> AreaResult:
    a = f.activities
    occasions = "、".join(f"{o} {n} 次" for o, n in a.publicity_by_occasion)
    publicity = a.held(ActivityKind.PUBLICITY)
    trained = next(x for x in a.by_kind if x.kind == ActivityKind.PEER_MONITOR_TRAINING)
    found = [
        unruled("心理健康宣传活动", f"{publicity} 次：{occasions}" if publicity else "本学期尚未记录宣传活动"),
        checks.peer_monitor_check(f, profile),
        unruled("心理委员培训指导", f"{trained.held} 次，{trained.participants} 人次"),
        checks.self_inspection_check(f, profile),
    ]
    table = ReportTable("宣传活动（按主题）", ("主题", "次数"), tuple((o, str(n)) for o, n in a.publicity_by_occasion))
    monitors = f.peer_monitors
    coverage = f"{monitors.required} 个班中 {monitors.complete} 个班心理委员齐全" if monitors.required else ""
    summary = (
        f"本学期开展宣传活动 {publicity} 次，心理委员培训指导 {trained.held} 次"
        + (f"；{coverage}" if coverage else "")
        + "。"
    )
    return area(AREAS[4], summary, found, [table])
