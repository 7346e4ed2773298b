"""Which training rule a person works to, and how far they are from it.

The profile names four groups (S001, S004): 专职 and 兼职 心理健康教育教师, 班主任等思政教育骨干教师
and 其他教师. A person belongs to the first group, in that order, whose rule the profile has: a
兼职心理教师 under 南昌's profile (S001 sets no 兼职 number) works to the 班主任 rule if they lead a
class, else to the 其他教师 one. 班主任 means the staff position or the head teacher of a class at
school now.

"每年" is read as the school year (学年) of the term looked at: a training counts in the school
year its date falls in. S004's level rules count wider: 专职 "3年内 ≥1 次省级以上" over this
school year and the two before, 兼职 "至少 1 次市级以上" over every year up to this one's end.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from counselroom.domain.school.policy_profiles import PolicyProfile, Rule


class TrainingGroup(enum.StrEnum):
    FULL_TIME = "专职心理教师"
    PART_TIME = "兼职心理教师"
    HEAD_TEACHER = "班主任"
    OTHER = "其他教师"


# The group's rules in the profiles, in the order they are shown: the yearly one, then the level one.
GROUP_RULES: dict[TrainingGroup, tuple[str, ...]] = {
    TrainingGroup.FULL_TIME: ("training.full_time_hours", "training.full_time_provincial"),
    TrainingGroup.PART_TIME: ("training.part_time_hours", "training.part_time_city"),
    TrainingGroup.HEAD_TEACHER: ("training.head_teacher_hours", "training.head_teacher_sessions"),
    TrainingGroup.OTHER: ("training.other_teacher_sessions", "training.other_teacher_courses"),
}
PROVINCIAL_KEY = "training.full_time_provincial"
CITY_KEY = "training.part_time_city"


@dataclass(frozen=True)
class TrainingTally:
    """One person's trainings, counted the ways the rules ask."""

    hours: int = 0  # 学时 this school year
    sessions: int = 0  # trainings this school year (次)
    courses: int = 0  # 选修课程 this school year (门)
    provincial_recent: int = 0  # 省级以上 in this school year and the two before
    city_ever: int = 0  # 市级以上 up to this school year's end


def groups_of(position: str, *, leads_a_class: bool) -> tuple[TrainingGroup, ...]:
    """The groups a person falls in, most specific first."""
    found = []
    if position == TrainingGroup.FULL_TIME.value:
        found.append(TrainingGroup.FULL_TIME)
    if position == TrainingGroup.PART_TIME.value:
        found.append(TrainingGroup.PART_TIME)
    if position == TrainingGroup.HEAD_TEACHER.value or leads_a_class:
        found.append(TrainingGroup.HEAD_TEACHER)
    found.append(TrainingGroup.OTHER)
    return tuple(found)


def training_rules(
    profile: PolicyProfile, position: str, *, leads_a_class: bool
) -> tuple[TrainingGroup, tuple[Rule, ...]]:
    """The group the person is judged in and its rules; (其他教师, ()) when the profile has none."""
    for group in groups_of(position, leads_a_class=leads_a_class):
        rules = tuple(rule for key in GROUP_RULES[group] if (rule := profile.rule(key)) is not None)
        if rules:
            return group, rules
    return TrainingGroup.OTHER, ()


def measured(rule: Rule, tally: TrainingTally) -> int:
    """What the rule counts: 学时, 次, 门 (选修课程), or trainings at the level it names."""
    if rule.key == PROVINCIAL_KEY:
        return tally.provincial_recent
    if rule.key == CITY_KEY:
        return tally.city_ever
    if rule.unit == "学时":
        return tally.hours
    if rule.unit == "门":
        return tally.courses
    return tally.sessions


def recent_start(year_start: date) -> date:
    """The first day of "3年内" for a school year beginning on `year_start`: two school years back."""
    try:
        return year_start.replace(year=year_start.year - 2)
    except ValueError:  # 29 February
        return year_start.replace(year=year_start.year - 2, day=28)


def measured_text(rule: Rule, ours: int) -> str:
    if rule.key == PROVINCIAL_KEY:
        return f"近 3 个学年省级以上 {ours} 次"
    if rule.key == CITY_KEY:
        return f"市级以上 {ours} 次"
    return f"{ours} {rule.unit or '次'}"


def training_gap_text(name: str, rule: Rule, ours: int) -> str:
    """ "王老师 本学年培训 12 学时，还差 28 学时"; "" when the rule is met or has no number."""
    if rule.value is None or ours >= rule.value:
        return ""
    short = rule.value - ours
    if rule.key == PROVINCIAL_KEY:
        return f"{name} 近 3 个学年没有省级以上培训"
    if rule.key == CITY_KEY:
        return f"{name} 还没有市级以上培训"
    if rule.unit == "门":
        return f"{name} 本学年还差 {short} 门心理健康教育选修课程"
    if ours == 0:
        return f"{name} 本学年还没有心理健康教育培训（应至少 {rule.value} {rule.unit}）"
    return f"{name} 本学年培训 {ours} {rule.unit}，还差 {short} {rule.unit}"
