"""学期自查报告 as data (services/reports/self_inspection.py): the principal builds it from the school
store; its five areas in S004's order with checks judged against the profile (南昌 → 渭南 changes
the requirements and the verdicts); no student of the school is named anywhere in it; the
principal's 问题与改进措施 are kept per term, audited without their text."""

from __future__ import annotations

from dataclasses import replace

import pytest

from counselroom.domain.audit import AuditAction
from counselroom.domain.errors import AccessDenied, ValidationError
from counselroom.domain.roles import Role
from counselroom.reports.self_inspection_data import AREAS, CheckItem, SelfInspection, Verdict
from counselroom.services.accounts.session import Session
from counselroom.services.reports import self_inspection
from counselroom.services.school import policy, school_calendar
from tests.conftest import FIXED_NOW
from tests.demo_school import Demo, make_demo
from tests.services.report_data import (
    AUTUMN_2025,
    SPRING_2025,
    small_school_term,
    strings_in,
    student_names_in,
    term_ids,
    use_profile,
)

NOTES = "初一(2)班心理课有两周缺课，下学期排入课表；家长学校改在期中家长会时举办。"
DIAGNOSES = ("抑郁症", "焦虑症", "精神分裂", "双相", "诊断", "患有")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    return make_demo(tmp_path_factory.mktemp("inspection") / "school.db", students=300, years=2, seed=11)


def _report(demo: Demo, term: str, profile: str, username: str = "principal") -> SelfInspection:
    use_profile(demo, profile)
    with demo.session(username) as s:
        return self_inspection.self_inspection(s.db, s.actor, term_ids(demo)[term], now=FIXED_NOW)


def _checks(report: SelfInspection) -> dict[str, CheckItem]:
    return {c.item: c for a in report.areas for c in a.checks}


def test_the_principal_builds_the_five_areas(demo: Demo) -> None:
    report = _report(demo, AUTUMN_2025, "nanchang")
    assert [a.name for a in report.areas] == list(AREAS)
    assert all(a.checks and a.summary for a in report.areas)
    with demo.session("principal") as p:
        name = p.actor.display_name
    assert (report.term, report.profile, report.prepared_by) == ("2025-2026学年第一学期", "南昌市（S001）", name)
    assert report.students > 0 and report.classes > 0 and not report.term_over
    assert report.met + report.not_met <= sum(len(a.checks) for a in report.areas)
    for area in report.areas:
        for table in area.tables:
            assert table.rows and all(len(row) == len(table.headers) for row in table.rows), table.title
        for chart in area.charts:
            assert chart.series and all(len(s.values) == len(chart.labels) for s in chart.series), chart.title
    assert bool(report.not_met) == bool(report.gaps)  # a 未达标 item says what is missing in the checklist
    counselors = _report(demo, AUTUMN_2025, "nanchang", "counselor")
    assert replace(counselors, prepared_by=report.prepared_by) == report  # the same numbers whoever builds it


def test_no_student_of_the_school_is_named_anywhere(demo: Demo) -> None:
    for term in (SPRING_2025, AUTUMN_2025):
        for profile in ("nanchang", "weinan"):
            text = "\n".join(strings_in(_report(demo, term, profile)))
            assert student_names_in(demo, text) == [], (term, profile)
            assert not [d for d in DIAGNOSES if d in text]
    with demo.session("lead") as lead:
        someone = lead.db.conn.execute("SELECT name FROM students ORDER BY id DESC").fetchone()[0]
    assert student_names_in(demo, f"……{someone}……") != []  # the check finds a name when there is one


def test_nanchang_to_weinan_changes_requirements_and_verdicts(demo: Demo) -> None:
    """The spring term is over and had no screening: 南昌 asks for one each term, 渭南 one a year."""
    nanchang = _checks(_report(demo, SPRING_2025, "nanchang"))
    weinan = _checks(_report(demo, SPRING_2025, "weinan"))
    assert nanchang["学生心理普查"].requirement == "每年春、秋季学期各 1 次"
    assert nanchang["学生心理普查"].verdict is Verdict.NOT_MET
    assert weinan["心理健康筛查"].requirement == "每年 1 次"
    assert weinan["心理健康筛查"].verdict is Verdict.MET
    assert "专兼职心理健康教师" in nanchang and "专兼职心理健康教师" not in weinan  # 1:800 is S001's
    assert weinan["心理健康教育工作全面自查"].verdict is Verdict.NOT_MET  # the term ended without one
    assert "心理健康教育工作全面自查" not in nanchang
    assert nanchang["家访"].source == "S001" and weinan["家访（实地或电话、微信）"].source == "S004"
    assert [(c.item, c.verdict) for c in nanchang.values()] != [(c.item, c.verdict) for c in weinan.values()]


def test_the_gaps_list_follows_the_areas(demo: Demo) -> None:
    report = _report(demo, SPRING_2025, "nanchang")
    assert report.not_met > 0 and report.gaps
    assert any("心理普查" in g for g in report.gaps)
    assert all(g.strip() for g in report.gaps)


def test_notes_are_kept_per_term_and_audited_without_their_text(sessions: dict[Role, Session]) -> None:
    term_id = small_school_term(sessions)
    principal, admin = sessions[Role.PRINCIPAL], sessions[Role.ADMIN]
    policy.set_policy_profile(admin.db, admin.actor, "weinan", now=FIXED_NOW)
    before = self_inspection.self_inspection(principal.db, principal.actor, term_id, now=FIXED_NOW)
    assert before.notes == "" and _checks(before)["心理健康教育工作全面自查"].verdict is Verdict.NOT_JUDGED
    changes = self_inspection.save_notes(principal.db, principal.actor, term_id, f"  {NOTES}\n", now=FIXED_NOW)
    assert "问题与改进措施" in changes.summary
    after = self_inspection.self_inspection(principal.db, principal.actor, term_id, now=FIXED_NOW)
    assert after.notes == NOTES
    assert _checks(after)["心理健康教育工作全面自查"].verdict is Verdict.MET
    row = admin.db.conn.execute(
        "SELECT object_type, object_id, detail, reason FROM audit_log WHERE action = ? ORDER BY seq DESC",
        (AuditAction.REPORT_NOTES_SAVED.value,),
    ).fetchone()
    assert row == ("term", str(term_id), "", "")
    lead = sessions[Role.LEAD]
    self_inspection.save_notes(lead.db, lead.actor, term_id, "改为：下学期补齐", now=FIXED_NOW)
    assert self_inspection.self_inspection(lead.db, lead.actor, term_id, now=FIXED_NOW).notes == "改为：下学期补齐"


def test_every_activity_has_its_row_under_the_default_profile(sessions: dict[Role, Session]) -> None:
    """江西省 (S003) sets no number for 家访, 家长学校, 培训 or 班团队会: they still show, with our figures."""
    term_id = small_school_term(sessions)
    principal = sessions[Role.PRINCIPAL]
    report = self_inspection.self_inspection(principal.db, principal.actor, term_id, now=FIXED_NOW)
    items = {c.item: c for a in report.areas for c in a.checks}
    for item in ("家访", "家长学校", "教师培训", "主题班团队会"):
        assert item in items, sorted(items)
        assert items[item].verdict is Verdict.NOT_JUDGED and items[item].ours
    assert items["家访"].ours.startswith("本学期家访 0/")


def test_a_term_not_yet_begun_has_no_report(sessions: dict[Role, Session]) -> None:
    small_school_term(sessions)
    principal = sessions[Role.PRINCIPAL]
    spring = school_calendar.list_terms(principal.db, principal.actor, now=FIXED_NOW)[1]
    with pytest.raises(ValidationError, match="还没有开始"):
        self_inspection.self_inspection(principal.db, principal.actor, spring.id, now=FIXED_NOW)


def test_notes_that_name_a_student_are_refused(sessions: dict[Role, Session]) -> None:
    term_id = small_school_term(sessions)
    principal = sessions[Role.PRINCIPAL]
    with pytest.raises(ValidationError, match="不能写学生姓名（“李雨涵”）") as caught:
        self_inspection.save_notes(principal.db, principal.actor, term_id, "初一李雨涵等学生需跟进", now=FIXED_NOW)
    assert caught.value.field == "问题与改进措施"
    assert self_inspection.self_inspection(principal.db, principal.actor, term_id, now=FIXED_NOW).notes == ""
    self_inspection.save_notes(principal.db, principal.actor, term_id, "由周老师落实初一个别学生的跟进", now=FIXED_NOW)


def test_notes_longer_than_2000_characters_are_refused(sessions: dict[Role, Session]) -> None:
    term_id = small_school_term(sessions)
    principal = sessions[Role.PRINCIPAL]
    with pytest.raises(ValidationError, match="2000") as caught:
        self_inspection.save_notes(principal.db, principal.actor, term_id, "改" * 2001, now=FIXED_NOW)
    assert caught.value.field == "问题与改进措施"
    self_inspection.save_notes(principal.db, principal.actor, term_id, "改" * 2000, now=FIXED_NOW)
    counselor = sessions[Role.COUNSELOR]
    with pytest.raises(AccessDenied):
        self_inspection.save_notes(counselor.db, counselor.actor, term_id, "不应保存", now=FIXED_NOW)
