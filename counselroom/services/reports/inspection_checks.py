"""The check items of the 学期自查报告: each a CheckItem (项目, 要求, 依据, 本校情况, 结论) with the gaps it
found in words. Where the 达标情况 view already judges a rule (coverage lines) its verdict is taken
as it is — a rule short anywhere is 未达标, a rule without a number judges nothing; the items it
does not have are judged here against the same profile: the counselor ratio, screening per term or
year, 心理委员 per class, the room's public contacts and the self-inspection itself. An item the
profile sets no number for is shown with the school's figures and judged 不评判."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from counselroom.domain.school.policy_profiles import PolicyProfile, Rule
from counselroom.domain.students.student_facts import StaffPosition
from counselroom.reports.self_inspection_data import CheckItem, Verdict
from counselroom.services.activities import coverage_lines as lines
from counselroom.services.activities.coverage_lines import CoverageLine
from counselroom.services.reports.report_facts import TermFacts

NO_RULE = "政策依据未作数量规定"
# The subject a coverage line is about, to say how many of them meet the rule.
_SUBJECTS = {lines.LESSONS: "个班", lines.HOME_VISITS: "个班", lines.TRAININGS: "人"}
_SUBJECTS |= {"主题班团队会": "个班", "专题活动": "个年级"}


@dataclass(frozen=True)
class Check:
    item: CheckItem
    gaps: tuple[str, ...] = ()  # in words, for the checklist


def _ruled(rule: Rule, ours: str, verdict: Verdict, gaps: Sequence[str] = ()) -> Check:
    source = rule.source + ("（鼓励）" if rule.strength == "鼓励" else "")
    return Check(CheckItem(rule.item, rule.text(), source, rule.quote, ours, verdict), tuple(gaps))


def unruled(item: str, ours: str) -> Check:
    """An item the profile sets no number for: the school's figures, judged 不评判."""
    return Check(CheckItem(item, NO_RULE, "", "", ours, Verdict.NOT_JUDGED))


def coverage_or_unruled(found: Sequence[CoverageLine], area: str, item: str, ours: str) -> list[Check]:
    """The 达标情况 area's checks, or — under a profile that sets no rule for it — the school's own
    figure, judged 不评判: the report shows every activity the seeds list, whatever the profile."""
    return coverage_checks(found, area) or [unruled(item, ours)]


def coverage_checks(found: Sequence[CoverageLine], area: str) -> list[Check]:
    """One check per rule of a 达标情况 area, its verdict the lines' own."""
    groups: dict[str, list[CoverageLine]] = {}
    for line in found:
        if line.area == area:
            groups.setdefault(line.rule_key, []).append(line)
    return [_coverage_check(group) for group in groups.values()]


def _coverage_check(group: list[CoverageLine]) -> Check:
    first = group[0]
    judged = [line for line in group if line.needed]
    gaps = tuple(line.gap_text for line in group if line.gap and line.gap_text)
    verdict = Verdict.NOT_JUDGED if not judged else Verdict.NOT_MET if gaps else Verdict.MET
    if len(group) == 1:
        ours = first.ours_text
    else:
        met = sum(1 for line in judged if not line.gap)
        subject = _SUBJECTS.get(first.area, "项")
        ours = f"{len(judged)} {subject}中 {met} {subject}达到"
        if not judged:
            ours = f"共 {len(group)} {subject}，尚无可评判的数据"
    return Check(CheckItem(first.item, first.requirement, first.source, first.quote, ours, verdict), gaps)


def staffing_checks(facts: TermFacts, profile: PolicyProfile) -> list[Check]:
    """The counselor rules of the profile (S001 1:800 专兼职, S003 1:500 兼职, S003/S004 专职 at least one,
    S001/S004 专职 above a school size)."""
    staff, students = facts.staff, facts.students
    full, part = staff.count(StaffPosition.FULL_TIME_COUNSELOR), staff.count(StaffPosition.PART_TIME_COUNSELOR)
    found = []
    for key, have, what in (
        ("staff.students_per_teacher", full + part, "专兼职心理教师"),
        ("staff.students_per_part_time", part, "兼职心理教师"),
    ):
        if (rule := profile.rule(key)) is not None and rule.value:
            need = math.ceil(students / rule.value)
            ours = f"在校学生 {students} 人，{what} {have} 名（应不少于 {need} 名）"
            gap = f"{what}配备不足：在校学生 {students} 人按 1:{rule.value} 应配 {need} 名，现有 {have} 名"
            found.append(_judged(rule, ours, have >= need, gap))
    if (rule := profile.rule("staff.full_time_min")) is not None and rule.value is not None:
        gap = f"专职心理教师不足 {rule.value} 名（现有 {full} 名）"
        found.append(_judged(rule, f"专职心理教师 {full} 名", full >= rule.value, gap))
    if (rule := profile.rule("staff.full_time_above_students")) is not None and rule.value is not None:
        found.append(_full_time_above(rule, students, full))
    return found


def _judged(rule: Rule, ours: str, met: bool, gap: str) -> Check:
    return _ruled(rule, ours, Verdict.MET if met else Verdict.NOT_MET, () if met else (gap,))


def _full_time_above(rule: Rule, students: int, full: int) -> Check:
    assert rule.value is not None
    if students <= rule.value:
        return _ruled(rule, f"在校学生 {students} 人，未超过 {rule.value} 人，此项不适用", Verdict.NOT_JUDGED)
    gap = f"在校学生 {students} 人，超过 {rule.value} 人，尚未配备专职心理教师"
    return _judged(rule, f"在校学生 {students} 人，专职心理教师 {full} 名", full >= 1, gap)


def screening_check(facts: TermFacts, profile: PolicyProfile) -> Check | None:
    rule = profile.rule("screening.count")
    if rule is None or rule.value is None:
        return None
    s, term = facts.screening, facts.term
    per_term = rule.period == "学期"
    held = len(s.batches) if per_term else s.year_batches
    coverage = f"（{s.coverage:.0%}）" if s.coverage is not None else ""
    ours = f"本学期筛查 {len(s.batches)} 批次，覆盖 {s.screened}/{s.students} 名在校学生{coverage}"
    if not per_term:
        ours += f"；本学年共 {s.year_batches} 批次"
    if held >= rule.value:
        return _ruled(rule, ours, Verdict.MET)
    if not per_term and term.as_of <= term.year_end:
        return _ruled(rule, ours + "；学年尚未结束", Verdict.NOT_JUDGED)
    period = "本学期" if per_term else "本学年"
    return _ruled(rule, ours, Verdict.NOT_MET, (f"{period}心理普查少于 {rule.value} 次（已开展 {held} 次）",))


def peer_monitor_check(facts: TermFacts, profile: PolicyProfile) -> Check | None:
    rule, p = profile.rule("peer_monitors.per_class"), facts.peer_monitors
    if rule is None or not p.rule:
        return None
    if not p.required:
        return _ruled(rule, "学校没有该要求适用的班级", Verdict.NOT_JUDGED)
    ours = f"{p.required} 个班中 {p.complete} 个班心理委员齐全"
    met = p.complete == p.required
    return _ruled(rule, ours, Verdict.MET if met else Verdict.NOT_MET, tuple(f"心理委员：{s}" for s in p.short))


def contacts_check(facts: TermFacts, profile: PolicyProfile) -> Check | None:
    rule = profile.rule("room.contacts_public")
    if rule is None:
        return None
    contacts = facts.room.contacts
    if contacts:
        return _ruled(rule, "已公开：" + "；".join(contacts), Verdict.MET)
    return _ruled(rule, "尚未填写本校辅导室的联系方式", Verdict.NOT_MET, ("辅导室的热线电话（或QQ、微信等）尚未公开",))


def self_inspection_check(facts: TermFacts, profile: PolicyProfile) -> Check | None:
    """S004: 每学期…至少一次全面自查 — done once the term's 问题与改进措施 are written."""
    rule = profile.rule("self_inspection.count")
    if rule is None:
        return None
    if facts.notes_saved_at and facts.notes:
        return _ruled(rule, f"已完成本学期自查（{facts.notes_saved_at[:10]} 填写问题与改进措施）", Verdict.MET)
    ours = "本学期自查报告的问题与改进措施尚未填写"
    if facts.term.over:
        return _ruled(rule, ours, Verdict.NOT_MET, ("本学期尚未完成全面自查（填写问题与改进措施）",))
    return _ruled(rule, ours, Verdict.NOT_JUDGED)
