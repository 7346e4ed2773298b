"""达标情况 (issue #12 Acceptance): the counts the coverage view shows equal counts made here, in the
test, from the records it inserted — for a counselor and for the principal, who holds no care key;
switching the profile from 南昌 to 渭南 changes the thresholds and the gaps shown; 今日's 待办."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

import pytest

from counselroom.domain.errors import NotFound
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.activities.activity_todos import activity_todos
from counselroom.services.activities.coverage import ActivityCoverage, activity_coverage
from counselroom.services.school import policy
from counselroom.store.students import enrolment
from counselroom.system.policy_files import load_profiles
from tests.conftest import FIXED_NOW
from tests.services.activity_coverage_data import (
    TERM_START,
    CoverageSchool,
    add_activity,
    add_coverage_school,
    add_guardians,
    add_lesson,
    add_meeting,
    add_training,
    add_visit,
)

YEAR = (date(2025, 9, 1), date(2026, 7, 10))  # the 2025-2026 school year
JUDGED = 3  # windows over by FIXED_NOW (2025-10-13, day 42 of the term): 0, 1 and 2
CLASS_NAMES = {"初一1": "初一(1)班", "初二1": "初二(1)班", "初三1": "初三(1)班"}
LESSONS = [  # class, day, 课时
    ("初一1", date(2025, 9, 3), 1),
    ("初一1", date(2025, 9, 17), 1),
    ("初一1", date(2025, 10, 1), 2),
    ("初一1", date(2025, 10, 13), 1),  # the running window
    ("初二1", date(2025, 9, 4), 1),
    ("初三1", date(2025, 9, 5), 1),
    ("初三1", date(2025, 10, 8), 1),
    ("初三1", date(2025, 6, 20), 1),  # last school year: not counted
]
TRAININGS = [  # person, day, 学时, level, kind
    ("王老师", date(2025, 9, 20), 20, "市级", "专题培训"),
    ("王老师", date(2025, 10, 10), 12, "校级", "专题培训"),
    ("王老师", date(2024, 11, 2), 16, "省级", "专题培训"),  # last school year: 3 年内 only
    ("李老师", date(2025, 9, 25), 6, "县级", "专题培训"),
    ("周老师", date(2025, 10, 9), 6, "校级", "专题培训"),
    ("吴老师", date(2025, 9, 12), 12, "市级", "专题培训"),
    ("孙老师", date(2025, 9, 30), 2, "校级", "选修课程"),
]
# Students (tests/school_data.py): 1, 2, 3 in 初一(1)班, 4 in 初二(1)班, 5, 6 in 初三(1)班.
PHONES = [(1, "138-0000-1111"), (2, "13800001111"), (4, "13900002222"), (5, "13700003333"), (6, "13600004444")]
# 1 and 2 are siblings (one mother, her number written two ways); 3 has no guardian on file: a family alone
VISITS = [((1, 3), date(2025, 10, 9)), ((5,), date(2025, 9, 20)), ((6,), date(2025, 6, 15))]  # 6: last term
CLASS_OF = {1: "初一(1)班", 2: "初一(1)班", 3: "初一(1)班", 4: "初二(1)班", 5: "初三(1)班", 6: "初三(1)班"}


def _fill(lead: Session, school: CoverageSchool) -> None:
    for key, day, hours in LESSONS:
        add_lesson(lead, school.classes[key], day, hours=hours)
    add_activity(lead, "主题班团队会", date(2025, 9, 20))  # 全校: every class
    add_activity(lead, "主题班团队会", date(2025, 10, 9), scope="班级", class_ids=[school.classes["初一1"]])
    add_activity(lead, "主题班团队会", date(2025, 10, 9), scope="年级", grade_id=school.grades["初二"])
    add_activity(lead, "主题班团队会", date(2025, 6, 10))  # last term
    add_activity(lead, "专题活动", date(2025, 9, 26), scope="年级", grade_id=school.grades["初一"])
    add_activity(lead, "专题活动", date(2025, 9, 27), scope="班级", class_ids=[school.classes["初三1"]])
    add_activity(lead, "家长学校", date(2025, 10, 11))
    add_meeting(lead, "心理健康教育领导小组", date(2025, 9, 5))
    add_meeting(lead, "心理危机干预小组", date(2025, 9, 19))
    add_meeting(lead, "心理危机干预小组", date(2025, 6, 19))  # last term
    for person, day, hours, level, kind in TRAININGS:
        add_training(lead, school.staff[person], day, hours, level=level, kind=kind)
    add_guardians(lead, PHONES)
    for students, day in VISITS:
        add_visit(lead, students, day, school.staff["周老师"])


@pytest.fixture
def filled(sessions: dict[Role, Session]) -> CoverageSchool:
    school = add_coverage_school(sessions[Role.ADMIN])
    _fill(sessions[Role.LEAD], school)
    return school


def _profile(s: dict[Role, Session], profile_id: str) -> None:
    policy.set_policy_profile(s[Role.ADMIN].db, s[Role.ADMIN].actor, profile_id, now=FIXED_NOW)


def _coverage(s: Session, school: CoverageSchool, now: datetime = FIXED_NOW) -> ActivityCoverage:
    return activity_coverage(s.db, s.actor, school.term_id, now=now)


# -- counted here, independently of the service --------------------------------------------------
def _lessons_met(key: str, value: int) -> int:
    hours: Counter[int] = Counter()
    for k, day, h in LESSONS:
        if k == key and day >= TERM_START:
            hours[(day - TERM_START).days // 14] += h
    return sum(1 for window in range(JUDGED) if hours[window] >= value)


CLASS_MEETINGS = {"初一(1)班": 2, "初二(1)班": 2, "初三(1)班": 1}
THEMED = {"初一": 1, "初二": 0, "初三": 1}


def _training(person: str, rule_key: str, unit: str) -> int:
    mine = [t for t in TRAININGS if t[0] == person]
    this_year = [t for t in mine if YEAR[0] <= t[1] <= YEAR[1]]
    if rule_key.endswith("provincial"):
        return sum(1 for t in mine if t[1] >= date(2023, 9, 1) and t[3] in ("省级", "国家级"))
    if rule_key.endswith("city"):
        return sum(1 for t in mine if t[3] in ("市级", "省级", "国家级"))
    if unit == "学时":
        return sum(t[2] for t in this_year)
    if unit == "门":
        return sum(1 for t in this_year if t[4] == "选修课程")
    return len(this_year)


def _visits(per: str) -> dict[str, int]:
    """Class → families (or students) visited in the term; and the units the class has."""
    visited = {s for students, day in VISITS if day >= TERM_START for s in students}
    digits = {student: "".join(ch for ch in phone if ch.isdigit()) for student, phone in PHONES}
    unit = {s: (digits.get(s) or f"alone{s}") if per == "家庭" else str(s) for s in CLASS_OF}
    return {
        name: len({unit[s] for s in CLASS_OF if CLASS_OF[s] == name and s in visited})
        for name in sorted(set(CLASS_OF.values()))
    }


def _expected(profile_id: str) -> dict[tuple[str, str, str], int]:
    """(area, subject, rule) → ours, for the rules the profile has."""
    profile = next(p for p in load_profiles() if p.id == profile_id)
    found: dict[tuple[str, str, str], int] = {}
    lessons = profile.rule("lessons.per_two_weeks")
    if lessons is not None and lessons.value is not None:
        years = lessons.years or (1, 2, 3)
        for key, name in CLASS_NAMES.items():
            if "初一初二初三".index(name[:2]) // 2 + 1 in years:
                found[("心理课", name, lessons.key)] = _lessons_met(key, lessons.value)
    if (rule := profile.rule("home_visits.count")) is not None:
        found |= {("家访", name, rule.key): n for name, n in _visits(rule.per).items()}
    if (rule := profile.rule("activities.class_meetings")) is not None:
        found |= {("主题班团队会", name, rule.key): n for name, n in CLASS_MEETINGS.items()}
    if (rule := profile.rule("activities.themed")) is not None:
        found |= {("专题活动", name, rule.key): n for name, n in THEMED.items()}
    if (rule := profile.rule("parent_lectures.count")) is not None:
        found[("家长学校", "全校", rule.key)] = 1
    if (rule := profile.rule("meetings.count")) is not None:
        found[("会议", "全校", rule.key)] = 2
    return found


def _shown(coverage: ActivityCoverage) -> dict[tuple[str, str, str], int]:
    return {(line.area, line.subject, line.rule_key): line.ours for line in coverage.lines if line.area != "培训"}


@pytest.mark.parametrize("profile_id", ["nanchang", "weinan", "jiangxi"])
def test_counts_equal_the_records_for_a_counselor_and_the_principal(
    sessions: dict[Role, Session], filled: CoverageSchool, profile_id: str
) -> None:
    _profile(sessions, profile_id)
    counselor, principal = _coverage(sessions[Role.COUNSELOR], filled), _coverage(sessions[Role.PRINCIPAL], filled)
    assert not sessions[Role.PRINCIPAL].db.has_care  # the principal's numbers come without the care key
    assert _shown(counselor) == _expected(profile_id)
    assert counselor == principal
    for line in counselor.lines:
        if line.area == "培训":
            assert line.ours == _training(line.subject, line.rule_key, line.unit), line
        assert line.gap == (line.needed is not None and line.ours < line.needed), line
        assert bool(line.gap_text) == line.gap, line
    assert counselor.gaps == [line.gap_text for line in counselor.lines if line.gap]


def test_lesson_windows_show_hours_and_the_running_window(
    sessions: dict[Role, Session], filled: CoverageSchool
) -> None:
    _profile(sessions, "weinan")
    coverage = _coverage(sessions[Role.LEAD], filled)
    assert [(w.label, w.state) for w in coverage.windows] == [
        ("第 1–2 周", "已结束"),
        ("第 3–4 周", "已结束"),
        ("第 5–6 周", "已结束"),
        ("第 7–8 周", "进行中"),
    ]
    lessons = {line.subject: line for line in coverage.area("心理课")}
    assert lessons["初一(1)班"].by_window == (1, 1, 2, 1)
    assert (lessons["初一(1)班"].ours_text, lessons["初一(1)班"].gap) == ("3/3 个两周达标", False)
    assert lessons["初二(1)班"].gap_text == "初二(1)班 第 3–6 周没有心理课"
    assert lessons["初三(1)班"].gap_text == "初三(1)班 第 3–4 周没有心理课"
    assert (lessons["初三(1)班"].source, lessons["初三(1)班"].value, lessons["初三(1)班"].unit) == ("S004", 1, "课时")
    assert "每班每两周至少 1 个课时" in lessons["初三(1)班"].quote


def test_nanchang_to_weinan_changes_the_thresholds_and_the_gaps(
    sessions: dict[Role, Session], filled: CoverageSchool
) -> None:
    principal = sessions[Role.PRINCIPAL]
    _profile(sessions, "nanchang")
    nanchang = _coverage(principal, filled)
    _profile(sessions, "weinan")
    weinan = _coverage(principal, filled)
    full_time = {c.profile: next(x for x in c.area("培训") if x.subject == "王老师") for c in (nanchang, weinan)}
    assert (full_time["南昌市"].value, full_time["南昌市"].ours, full_time["南昌市"].gap) == (40, 32, True)
    assert (full_time["渭南市"].value, full_time["渭南市"].ours, full_time["渭南市"].gap) == (30, 32, False)
    assert "王老师 本学年培训 32 学时，还差 8 学时" in nanchang.gaps
    assert not any(g.startswith("王老师 本学年") for g in weinan.gaps)
    # 南昌's lessons are for 起始或关键年级 only; 渭南 asks them of every class
    assert [x.subject for x in nanchang.area("心理课")] == ["初一(1)班", "初三(1)班"]
    assert "初二(1)班 第 3–6 周没有心理课" in weinan.gaps
    assert not any(g.startswith("初二(1)班 第") for g in nanchang.gaps)
    # 渭南's 班会 is "定期召开": counted, never judged; 南昌 has no 兼职 number, so 李老师 is 其他教师
    assert all(x.needed is None and not x.gap for x in weinan.area("主题班团队会"))
    groups = {c.profile: {x.subject: x.group for x in c.area("培训")} for c in (nanchang, weinan)}
    assert (groups["南昌市"]["李老师"], groups["渭南市"]["李老师"]) == ("其他教师", "兼职心理教师")
    assert "李老师 本学年培训 6 学时，还差 6 学时" in weinan.gaps


def test_siblings_one_visited_cover_their_family_in_nanchang_but_not_each_student_in_weinan(
    sessions: dict[Role, Session], filled: CoverageSchool
) -> None:
    """初一(1)班: siblings 1 and 2 (one family), 3 alone; 1 and 3 visited."""
    shown = {}
    for profile_id in ("nanchang", "weinan", "jiangxi"):
        _profile(sessions, profile_id)
        coverage = _coverage(sessions[Role.PRINCIPAL], filled)
        shown[profile_id] = {x.subject: x for x in coverage.area("家访")}
        assert [g for g in coverage.gaps if "家访" in g] == [x.gap_text for x in coverage.area("家访") if x.gap]
    family, student = shown["nanchang"]["初一(1)班"], shown["weinan"]["初一(1)班"]
    assert (family.ours_text, family.gap, family.source) == ("2/2 个家庭已家访", False, "S001")
    assert (student.ours_text, student.gap, student.source) == ("2/3 名学生已家访", True, "S004")
    assert student.gap_text == "初一(1)班 本学期还有 1 名学生未家访"
    assert shown["nanchang"]["初三(1)班"].gap_text == "初三(1)班 本学期还有 1 个家庭未家访"  # last term's visit
    assert "每个家庭" in family.quote and "实地或电话、微信" in student.quote
    assert shown["jiangxi"] == {}  # S003 sets no home-visit number


def test_an_unknown_term_is_refused(sessions: dict[Role, Session], filled: CoverageSchool) -> None:
    with pytest.raises(NotFound, match="没有这个学期"):
        activity_coverage(sessions[Role.PRINCIPAL].db, sessions[Role.PRINCIPAL].actor, 999, now=FIXED_NOW)


# -- 今日 ------------------------------------------------------------------------------------------
def _todos(s: Session, now: datetime) -> dict[str, str]:
    items = activity_todos(s.db, s.actor, now)
    assert all(item.page == "活动" for item in items)
    return {item.kind: item.text for item in items}


def test_classes_without_a_lesson_in_two_weeks_are_one_item(
    sessions: dict[Role, Session], filled: CoverageSchool
) -> None:
    _profile(sessions, "weinan")
    counselor = sessions[Role.COUNSELOR]
    assert _todos(counselor, FIXED_NOW)["心理课"] == "1 个班级近两周没有心理课：初二(1)班"
    with sessions[Role.ADMIN].db.transaction() as conn:
        for number in range(2, 6):
            class_id = enrolment.insert_class(
                conn, grade_id=filled.grades["初二"], number=number, name=f"初二({number})班", head_teacher_id=None
            )
            day = "2025-09-01"
            enrolment.insert_students(
                conn, [(900 + number, f"X{number}", "学生", "女", None, class_id, "在读", day, day, day)]
            )  # a class without a student has no one to teach: not counted
    assert _todos(counselor, FIXED_NOW)["心理课"] == "5 个班级近两周没有心理课：初二(1)班、初二(2)班、初二(3)班 等"
    _profile(sessions, "nanchang")  # 初二 is neither 起始 nor 关键年级
    assert "心理课" not in _todos(counselor, FIXED_NOW)
    assert _todos(counselor, datetime(2025, 9, 10, 8, 0)) == {}  # the term's first two weeks
    assert _todos(counselor, datetime(2025, 8, 10, 8, 0)) == {}  # the holidays


def test_training_shortfalls_show_in_the_school_years_last_two_months(
    sessions: dict[Role, Session], filled: CoverageSchool
) -> None:
    _profile(sessions, "nanchang")
    lead = sessions[Role.LEAD]
    assert "培训" not in _todos(lead, FIXED_NOW)
    june = _todos(lead, datetime(2026, 6, 1, 8, 0))
    # 王老师 32/40, 李老师 (其他教师) met, 周老师 6/10, 郑老师 0/10, 吴老师 12 met, 孙老师 met
    assert june["培训"] == "3 人本学年培训未达到南昌市的要求：王老师、周老师、郑老师"


def test_classes_not_visited_show_in_the_terms_last_four_weeks(
    sessions: dict[Role, Session], filled: CoverageSchool
) -> None:
    counselor = sessions[Role.COUNSELOR]
    _profile(sessions, "nanchang")
    assert "家访" not in _todos(counselor, FIXED_NOW)
    assert "家访" not in _todos(counselor, datetime(2025, 12, 18, 8, 0))  # 4 weeks and a day before 1-16
    late = datetime(2026, 1, 5, 8, 0)
    assert _todos(counselor, late)["家访"] == "2 个班级还有家庭未家访（共 2 个家庭）：初二(1)班、初三(1)班"
    _profile(sessions, "weinan")
    assert _todos(counselor, late)["家访"] == "3 个班级还有学生未家访（共 3 名学生）：初一(1)班、初二(1)班、初三(1)班"
    _profile(sessions, "jiangxi")
    assert "家访" not in _todos(counselor, late)
