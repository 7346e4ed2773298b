"""班会与活动, 家长学校 and 宣传 (issue #12): scope 全校, one grade or classes, shown in words;
a bulk entry is one transaction and a bad entry names its row; the recorder or the lead deletes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from counselroom.domain.activities.school_activities import ActivityKind, ActivityScope
from counselroom.domain.errors import AccessDenied, ValidationError
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.activities import school_activities as activities
from counselroom.services.activities.school_activities import ActivityInput
from tests.conftest import FIXED_NOW
from tests.services.activity_school_data import LAST_WEEK, TERM_START, TODAY, ActivitySchool, add_activity_school

K, S = ActivityKind, ActivityScope


@pytest.fixture
def place(sessions: dict[Role, Session]) -> ActivitySchool:
    return add_activity_school(sessions)


def _count(s: Session) -> int:
    return int(s.db.conn.execute("SELECT count(*) FROM school_activities").fetchone()[0])


def test_scopes_are_shown_in_words(sessions: dict[Role, Session], place: ActivitySchool) -> None:
    c = sessions[Role.COUNSELOR]
    classes = (place.classes["初一(2)班"], place.classes["初一(1)班"])
    entries = [
        ActivityInput(K.PUBLICITY, date(2025, 10, 10), "世界精神卫生日展板", S.SCHOOL, occasion="10·10世界精神卫生日",
                      form="展板", participants=1200),
        ActivityInput(K.THEMED, date(2025, 10, 9), "生命教育专题活动", S.GRADE, grade_id=place.grades["初一"],
                      organizer_id=place.staff["周老师"]),
        ActivityInput(K.CLASS_MEETING, date(2025, 10, 8), "认识情绪", S.CLASSES, class_ids=classes, participants=90),
    ]  # fmt: skip
    assert activities.record_activities(c.db, c.actor, entries, now=FIXED_NOW).summary == "已记录 3 次活动"
    listed = activities.list_activities(c.db, c.actor, start=TERM_START, end=TODAY, now=FIXED_NOW)
    assert [(a.kind, a.scope_text, a.organizer) for a in listed] == [
        (K.PUBLICITY, "全校", ""),
        (K.THEMED, "初一", "周老师"),
        (K.CLASS_MEETING, "初一(1)班、初一(2)班", ""),  # school order, whatever order they were chosen in
    ]
    assert (listed[0].occasion, listed[0].form, listed[0].participants) == ("10·10世界精神卫生日", "展板", 1200)
    picked = activities.list_activities(
        c.db, c.actor, start=TERM_START, end=TODAY, kinds=[K.CLASS_MEETING, K.THEMED], now=FIXED_NOW
    )
    assert [a.title for a in picked] == ["生命教育专题活动", "认识情绪"]


def _bad(place: ActivitySchool) -> dict[str, tuple[ActivityInput, str]]:
    good = ActivityInput(K.PARENT_SCHOOL, LAST_WEEK, "家庭教育讲座", S.SCHOOL)
    return {
        "empty title": (replace(good, title="  "), "请填写活动名称"),
        "grade without grade": (replace(good, scope=S.GRADE), "请选择年级"),
        "unknown grade": (replace(good, scope=S.GRADE, grade_id=9999), "没有这个年级"),
        "classes without classes": (replace(good, scope=S.CLASSES), "请选择班级"),
        "graduated class": (replace(good, scope=S.CLASSES, class_ids=(place.graduated_class,)), "已毕业"),
        "school with a grade": (replace(good, grade_id=place.grades["初一"]), "不用选择年级"),
        "negative participants": (replace(good, participants=-1), "参与人数"),
        "unknown organizer": (replace(good, organizer_id=9999), "没有这位教职工"),
        "in the summer": (replace(good, held_on=date(2025, 7, 30)), "不在校历"),
        "tomorrow": (replace(good, held_on=date(2025, 10, 14)), "还没有到"),
        "unknown kind": (replace(good, kind="联欢会"), "活动类别"),  # type: ignore[arg-type]
    }


@pytest.mark.parametrize(
    "case",
    [
        "empty title",
        "grade without grade",
        "unknown grade",
        "classes without classes",
        "graduated class",
        "school with a grade",
        "negative participants",
        "unknown organizer",
        "in the summer",
        "tomorrow",
        "unknown kind",
    ],
)
def test_a_bad_entry_names_its_row_and_saves_nothing(
    sessions: dict[Role, Session], place: ActivitySchool, case: str
) -> None:
    c = sessions[Role.COUNSELOR]
    bad, message = _bad(place)[case]
    good = [
        ActivityInput(K.CLASS_MEETING, LAST_WEEK, "班会", S.CLASSES, class_ids=(cid,)) for cid in place.eight_classes
    ]
    with pytest.raises(ValidationError, match=message) as raised:
        activities.record_activities(c.db, c.actor, [*good[:4], bad, *good[4:]], now=FIXED_NOW)
    assert raised.value.row == 5
    assert _count(c) == 0


def test_the_recorder_or_the_lead_deletes(sessions: dict[Role, Session], place: ActivitySchool) -> None:
    c, lead, p = sessions[Role.COUNSELOR], sessions[Role.LEAD], sessions[Role.PRINCIPAL]
    by_lead = ActivityInput(K.GROUP_COUNSELING, LAST_WEEK, "人际交往团体辅导", S.CLASSES,
                            class_ids=(place.classes["初一(1)班"],))  # fmt: skip
    activities.record_activities(lead.db, lead.actor, [by_lead], now=FIXED_NOW)
    activities.record_activities(
        c.db, c.actor, [ActivityInput(K.PEER_MONITOR_TRAINING, LAST_WEEK, "心理委员培训", S.SCHOOL)], now=FIXED_NOW
    )
    listed = {
        a.title: a.id for a in activities.list_activities(p.db, p.actor, start=LAST_WEEK, end=TODAY, now=FIXED_NOW)
    }
    with pytest.raises(AccessDenied, match="只有记录人"):
        activities.delete_activity(c.db, c.actor, listed["人际交往团体辅导"], now=FIXED_NOW)
    with pytest.raises(AccessDenied):
        activities.delete_activity(p.db, p.actor, listed["心理委员培训"], now=FIXED_NOW)
    with pytest.raises(AccessDenied):
        activities.record_activities(p.db, p.actor, [by_lead], now=FIXED_NOW)
    activities.delete_activity(lead.db, lead.actor, listed["心理委员培训"], now=FIXED_NOW)
    activities.delete_activity(lead.db, lead.actor, listed["人际交往团体辅导"], now=FIXED_NOW)
    assert _count(c) == 0
    assert c.db.conn.execute("SELECT count(*) FROM school_activity_classes").fetchone()[0] == 0
    details = c.db.conn.execute(
        "SELECT detail FROM audit_log WHERE action = 'activity_changed' AND object_type = 'school_activity'"
    ).fetchall()
    assert [d for (d,) in details] == ["记录", "记录", "删除", "删除"]
