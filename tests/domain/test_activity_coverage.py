"""达标情况 rules without a database: the two-week windows, which classes a lesson rule covers, the
gaps in words, home visits by family or student, and which training rule a person works to."""

from __future__ import annotations

from datetime import date

import pytest

from counselroom.domain.activities import coverage as cov
from counselroom.domain.activities import training_needs as needs
from counselroom.domain.activities.coverage import WindowState
from counselroom.domain.activities.home_visits import VisitUnit
from counselroom.domain.activities.school_activities import theme_day_note
from counselroom.domain.activities.training_needs import TrainingGroup, TrainingTally
from counselroom.domain.school.policy_profiles import PolicyProfile, Rule
from counselroom.system.policy_files import load_profiles

START, END = date(2025, 9, 1), date(2026, 1, 16)  # 138 days: nine windows and 12 days


def _profile(profile_id: str) -> PolicyProfile:
    return next(p for p in load_profiles() if p.id == profile_id)


def _rule(profile_id: str, key: str) -> Rule:
    rule = _profile(profile_id).rule(key)
    assert rule is not None
    return rule


def test_windows_up_to_a_day_judge_only_the_ended_ones() -> None:
    windows = cov.two_week_windows(START, END, date(2025, 10, 13))
    assert [(w.index, w.start, w.end) for w in windows] == [
        (0, date(2025, 9, 1), date(2025, 9, 14)),
        (1, date(2025, 9, 15), date(2025, 9, 28)),
        (2, date(2025, 9, 29), date(2025, 10, 12)),
        (3, date(2025, 10, 13), date(2025, 10, 26)),
    ]
    assert [w.state for w in windows] == [WindowState.ENDED] * 3 + [WindowState.RUNNING]
    assert [w.label for w in windows] == ["第 1–2 周", "第 3–4 周", "第 5–6 周", "第 7–8 周"]
    assert [w.judged for w in windows] == [True, True, True, False]


def test_the_last_day_of_a_window_is_still_running() -> None:
    assert cov.two_week_windows(START, END, date(2025, 9, 14))[-1].state is WindowState.RUNNING
    assert cov.two_week_windows(START, END, date(2025, 9, 15))[0].state is WindowState.ENDED


def test_before_the_term_there_is_no_window_and_after_it_a_short_tail_is_not_judged() -> None:
    assert cov.two_week_windows(START, END, date(2025, 8, 31)) == ()
    windows = cov.two_week_windows(START, END, date(2026, 3, 1))
    assert len(windows) == 10 and all(w.judged for w in windows[:9])
    tail = windows[-1]
    assert (tail.start, tail.end, tail.state, tail.label) == (
        date(2026, 1, 5),
        END,
        WindowState.SHORT,
        "第 19–20 周",
    )


def test_nanchang_lessons_cover_the_first_and_final_year_and_weinan_every_class() -> None:
    nanchang, weinan = _rule("nanchang", "lessons.per_two_weeks"), _rule("weinan", "lessons.per_two_weeks")
    assert [y for y in (1, 2, 3) if cov.applies_to(nanchang, "初中", y)] == [1, 3]
    assert all(cov.applies_to(weinan, "初中", y) for y in (1, 2, 3))
    vocational = _rule("nanchang", "lessons.vocational_first_year_hours")
    assert cov.applies_to(vocational, "中职", 1) and not cov.applies_to(vocational, "初中", 1)


def test_missed_windows_read_as_spans_of_weeks() -> None:
    windows = cov.two_week_windows(START, END, date(2025, 11, 24))  # 6 ended, the 7th running
    hours = {0: 1, 3: 1, 5: 2}
    missed = cov.missed_windows(windows, hours, 1)
    assert [w.index for w in missed] == [1, 2, 4]
    assert cov.lesson_gap_text("初一(3)班", missed, hours, 1) == "初一(3)班 第 3–6、9–10 周没有心理课"
    assert cov.missed_windows(windows, {i: 1 for i in range(6)}, 1) == ()
    assert cov.lesson_gap_text("初一(3)班", (), hours, 1) == ""


def test_a_window_with_too_few_hours_is_said_apart_from_one_with_none() -> None:
    windows = cov.two_week_windows(START, END, date(2025, 10, 13))
    hours = {0: 2, 1: 1}
    missed = cov.missed_windows(windows, hours, 2)
    assert (
        cov.lesson_gap_text("高一(2)班", missed, hours, 2)
        == "高一(2)班 第 5–6 周没有心理课，第 3–4 周心理课不足 2 课时"
    )


def test_a_count_is_judged_only_against_a_number() -> None:
    nanchang = _rule("nanchang", "activities.class_meetings")
    weinan = _rule("weinan", "activities.class_meetings")  # 定期召开: no number
    assert cov.short_of(nanchang.value, 0) and not cov.short_of(nanchang.value, 1)
    assert not cov.short_of(weinan.value, 0)
    assert cov.count_gap_text("初一(3)班", "主题班团队会", 0, nanchang) == "初一(3)班 本学期还没有主题班团队会"
    assert cov.count_gap_text("初一(3)班", "主题班团队会", 0, weinan) == ""
    meetings = _rule("jiangxi", "meetings.count")
    assert cov.count_gap_text("", "会议", 1, meetings) == "本学期会议 1 次，应至少 2 次"
    assert cov.count_gap_text("", "会议", 2, meetings) == ""


def test_home_visits_count_families_in_nanchang_and_students_in_weinan() -> None:
    """Two siblings (one family) and one other student; one sibling visited."""
    counts = {"students": 3, "students_visited": 1, "families": 2, "families_visited": 1}
    by_family = cov.visit_coverage(_rule("nanchang", "home_visits.count"), **counts)
    by_student = cov.visit_coverage(_rule("weinan", "home_visits.count"), **counts)
    assert (by_family.unit, by_family.units, by_family.not_visited) == (VisitUnit.FAMILY, 2, 1)
    assert (by_student.unit, by_student.units, by_student.not_visited) == (VisitUnit.STUDENT, 3, 2)
    assert cov.visit_gap_text("初二(1)班", by_family) == "初二(1)班 本学期还有 1 个家庭未家访"
    assert cov.visit_gap_text("初二(1)班", by_student) == "初二(1)班 本学期还有 2 名学生未家访"
    assert cov.visit_gap_text("初二(1)班", cov.VisitCoverage(VisitUnit.FAMILY, 2, 2)) == ""


@pytest.mark.parametrize(
    ("profile", "position", "leads", "group", "keys"),
    [
        ("nanchang", "专职心理教师", False, TrainingGroup.FULL_TIME, ["training.full_time_hours"]),
        ("weinan", "专职心理教师", True, TrainingGroup.FULL_TIME, [
            "training.full_time_hours", "training.full_time_provincial"]),
        ("weinan", "兼职心理教师", False, TrainingGroup.PART_TIME, [
            "training.part_time_hours", "training.part_time_city"]),
        # S001 sets no number for 兼职: they work to the 班主任 rule if they lead a class, else 其他教师's
        ("nanchang", "兼职心理教师", True, TrainingGroup.HEAD_TEACHER, ["training.head_teacher_hours"]),
        ("nanchang", "兼职心理教师", False, TrainingGroup.OTHER, ["training.other_teacher_sessions"]),
        ("nanchang", "科任教师", True, TrainingGroup.HEAD_TEACHER, ["training.head_teacher_hours"]),
        ("nanchang", "班主任", False, TrainingGroup.HEAD_TEACHER, ["training.head_teacher_hours"]),
        ("weinan", "班主任", False, TrainingGroup.HEAD_TEACHER, ["training.head_teacher_sessions"]),
        ("weinan", "校领导", False, TrainingGroup.OTHER, ["training.other_teacher_courses"]),
        ("jiangxi", "专职心理教师", False, TrainingGroup.OTHER, []),
    ],
)  # fmt: skip
def test_which_training_rules_a_person_works_to(
    profile: str, position: str, leads: bool, group: TrainingGroup, keys: list[str]
) -> None:
    found, rules = needs.training_rules(_profile(profile), position, leads_a_class=leads)
    assert (found, [r.key for r in rules]) == (group, keys)


def test_what_each_training_rule_measures_and_the_gap_in_words() -> None:
    tally = TrainingTally(hours=12, sessions=2, courses=0, provincial_recent=0, city_ever=1)
    full = _rule("nanchang", "training.full_time_hours")
    assert needs.measured(full, tally) == 12
    assert needs.training_gap_text("王老师", full, 12) == "王老师 本学年培训 12 学时，还差 28 学时"
    assert needs.training_gap_text("王老师", _rule("weinan", "training.full_time_hours"), 32) == ""
    provincial = _rule("weinan", "training.full_time_provincial")
    assert needs.measured(provincial, tally) == 0
    assert needs.training_gap_text("王老师", provincial, 0) == "王老师 近 3 个学年没有省级以上培训"
    assert needs.measured(_rule("weinan", "training.part_time_city"), tally) == 1
    assert needs.measured(_rule("weinan", "training.head_teacher_sessions"), tally) == 2
    courses = _rule("weinan", "training.other_teacher_courses")
    assert needs.measured(courses, tally) == 0
    assert needs.training_gap_text("孙老师", courses, 0) == "孙老师 本学年还差 1 门心理健康教育选修课程"
    other = _rule("nanchang", "training.other_teacher_sessions")
    assert needs.training_gap_text("孙老师", other, 0) == "孙老师 本学年还没有心理健康教育培训（应至少 1 次）"


def test_three_years_reach_back_two_school_years() -> None:
    assert needs.recent_start(date(2025, 9, 1)) == date(2023, 9, 1)
    assert needs.recent_start(date(2028, 2, 29)) == date(2026, 2, 28)


def test_a_theme_day_far_from_the_activity_date_is_noted() -> None:
    assert theme_day_note("5·25心理健康日", date(2026, 5, 20)) == ""
    assert theme_day_note("心理健康宣传月", date(2026, 1, 3)) == ""  # no fixed day
    note = theme_day_note("10·10世界精神卫生日", date(2026, 5, 25))
    assert "10月10日" in note and "相差 138 天" in note
