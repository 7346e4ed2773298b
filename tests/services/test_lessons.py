"""心理课 (issue #12): a lesson for 8 classes at once is 8 rows; a bulk entry is one transaction
and a bad entry names its row; the recorder or the lead deletes; the principal reads."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from counselroom.domain.errors import AccessDenied, ValidationError
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.activities import lessons
from counselroom.services.activities.lessons import LessonInput
from counselroom.store.school import lessons as lesson_store
from tests.conftest import FIXED_NOW
from tests.services.activity_school_data import LAST_WEEK, TERM_START, TODAY, ActivitySchool, add_activity_school


@pytest.fixture
def place(sessions: dict[Role, Session]) -> ActivitySchool:
    return add_activity_school(sessions)


def _count(s: Session) -> int:
    return int(s.db.conn.execute("SELECT count(*) FROM lessons").fetchone()[0])


def test_one_lesson_for_eight_classes_makes_eight_rows(sessions: dict[Role, Session], place: ActivitySchool) -> None:
    c = sessions[Role.COUNSELOR]
    teacher = place.staff["孙老师"]
    entry = LessonInput(place.eight_classes, LAST_WEEK, topic="情绪管理", teacher_id=teacher, hours=1, period=3)
    changes = lessons.record_lessons(c.db, c.actor, [entry], now=FIXED_NOW)
    assert changes.summary == "已记录 8 节心理课"
    listed = lessons.list_lessons(c.db, c.actor, start=TERM_START, end=TODAY, now=FIXED_NOW)
    assert len(listed) == 8 and _count(c) == 8
    assert [x.class_name for x in listed] == list(place.classes)  # in school order
    assert {(x.topic, x.teacher, x.hours, x.period, x.source) for x in listed} == {("情绪管理", "孙老师", 1, 3, "录入")}
    one = lessons.list_lessons(
        c.db, c.actor, start=TERM_START, end=TODAY, class_id=place.classes["初二(1)班"], now=FIXED_NOW
    )
    assert [x.class_name for x in one] == ["初二(1)班"]


def test_newest_first_within_the_range(sessions: dict[Role, Session], place: ActivitySchool) -> None:
    c = sessions[Role.COUNSELOR]
    cls = (place.classes["初一(1)班"],)
    days = (date(2025, 9, 15), date(2025, 10, 10), date(2025, 9, 29))
    lessons.record_lessons(c.db, c.actor, [LessonInput(cls, d, topic="生命教育") for d in days], now=FIXED_NOW)
    listed = lessons.list_lessons(c.db, c.actor, start=date(2025, 9, 20), end=TODAY, now=FIXED_NOW)
    assert [x.held_on for x in listed] == [date(2025, 10, 10), date(2025, 9, 29)]
    with pytest.raises(ValidationError, match="结束日期"):
        lessons.list_lessons(c.db, c.actor, start=TODAY, end=TERM_START, now=FIXED_NOW)


def _bad_entries(place: ActivitySchool) -> dict[str, tuple[LessonInput, str]]:
    good = LessonInput((place.classes["初一(1)班"],), LAST_WEEK)
    return {
        "unknown class": (replace(good, class_ids=(9999,)), "没有这个班级"),
        "graduated class": (replace(good, class_ids=(place.graduated_class,)), "已毕业"),
        "class twice": (replace(good, class_ids=(good.class_ids[0], good.class_ids[0])), "选了两次"),
        "no class": (replace(good, class_ids=()), "请选择班级"),
        "in the summer": (replace(good, held_on=date(2025, 8, 20)), "不在校历的任何学期内"),
        "tomorrow": (replace(good, held_on=date(2025, 10, 14)), "还没有到"),
        "no hours": (replace(good, hours=0), "课时"),
        "too many hours": (replace(good, hours=9), "课时"),
        "period 13": (replace(good, period=13), "节次"),
        "unknown teacher": (replace(good, teacher_id=9999), "没有这位教职工"),
        "long topic": (replace(good, topic="情" * 101), "课题"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "unknown class",
        "graduated class",
        "class twice",
        "no class",
        "in the summer",
        "tomorrow",
        "no hours",
        "too many hours",
        "period 13",
        "unknown teacher",
        "long topic",
    ],
)
def test_a_bad_fifth_entry_names_row_5_and_saves_nothing(
    sessions: dict[Role, Session], place: ActivitySchool, case: str
) -> None:
    c = sessions[Role.COUNSELOR]
    bad, message = _bad_entries(place)[case]
    good = [LessonInput((cid,), LAST_WEEK, topic="压力调节") for cid in place.eight_classes[:4]]
    with pytest.raises(ValidationError, match=message) as raised:
        lessons.record_lessons(c.db, c.actor, [*good, bad], now=FIXED_NOW)
    assert raised.value.row == 5
    assert str(raised.value).startswith("第 5 行")
    assert _count(c) == 0


def test_one_lesson_per_class_and_period_a_day(sessions: dict[Role, Session], place: ActivitySchool) -> None:
    c = sessions[Role.COUNSELOR]
    entry = LessonInput((place.classes["初一(1)班"],), LAST_WEEK, period=2)
    with pytest.raises(ValidationError, match="第 2 节已有心理课") as raised:
        lessons.record_lessons(c.db, c.actor, [entry, entry], now=FIXED_NOW)
    assert raised.value.row == 2
    lessons.record_lessons(c.db, c.actor, [entry], now=FIXED_NOW)
    with pytest.raises(ValidationError, match="初一\\(1\\)班 2025年10月9日 第 2 节已有心理课"):
        lessons.record_lessons(c.db, c.actor, [entry], now=FIXED_NOW)
    lessons.record_lessons(c.db, c.actor, [replace(entry, period=None), replace(entry, period=None)], now=FIXED_NOW)
    assert _count(c) == 3  # without a 节次 two lessons on a day are two rows


def test_bulk_insert_skips_lessons_already_there(sessions: dict[Role, Session], place: ActivitySchool) -> None:
    """The timetable import's path: the same sheet twice adds nothing the second time."""
    lead = sessions[Role.LEAD]
    rows = [
        lesson_store.LessonFields(cid, LAST_WEEK, 4, "", None, 1, lesson_store.IMPORTED)
        for cid in place.eight_classes[:3]
    ]
    with lead.db.transaction() as conn:
        assert lesson_store.insert_many(conn, rows, by=int(lead.actor.user_id), now=FIXED_NOW) == 3
    with lead.db.transaction() as conn:
        again = [*rows, replace(rows[0], period=5), replace(rows[0], period=None), replace(rows[0], period=None)]
        assert lesson_store.insert_many(conn, again, by=int(lead.actor.user_id), now=FIXED_NOW) == 3
    listed = lessons.list_lessons(lead.db, lead.actor, start=LAST_WEEK, end=LAST_WEEK, now=FIXED_NOW)
    assert len(listed) == 6 and {x.source for x in listed} == {"课表导入"}


def test_the_recorder_or_the_lead_deletes(sessions: dict[Role, Session], place: ActivitySchool) -> None:
    c, lead = sessions[Role.COUNSELOR], sessions[Role.LEAD]
    cls = (place.classes["初一(1)班"],)
    lessons.record_lessons(c.db, c.actor, [LessonInput(cls, LAST_WEEK, topic="c1")], now=FIXED_NOW)
    lessons.record_lessons(c.db, c.actor, [LessonInput(cls, LAST_WEEK, topic="c2")], now=FIXED_NOW)
    lessons.record_lessons(lead.db, lead.actor, [LessonInput(cls, LAST_WEEK, topic="l1")], now=FIXED_NOW)
    ids = {x.topic: x.id for x in lessons.list_lessons(c.db, c.actor, start=LAST_WEEK, end=LAST_WEEK, now=FIXED_NOW)}
    with pytest.raises(AccessDenied, match="只有记录人或心理中心负责人"):
        lessons.delete_lesson(c.db, c.actor, ids["l1"], now=FIXED_NOW)
    lessons.delete_lesson(c.db, c.actor, ids["c1"], now=FIXED_NOW)
    lessons.delete_lesson(lead.db, lead.actor, ids["c2"], now=FIXED_NOW)
    assert [x.topic for x in lessons.list_lessons(c.db, c.actor, start=LAST_WEEK, end=LAST_WEEK, now=FIXED_NOW)] == [
        "l1"
    ]
    audit = c.db.conn.execute(
        "SELECT object_type, object_id, detail FROM audit_log WHERE action = 'activity_changed' ORDER BY seq"
    ).fetchall()
    assert audit == [
        ("lesson", str(ids["c1"]), "记录"),
        ("lesson", str(ids["c2"]), "记录"),
        ("lesson", str(ids["l1"]), "记录"),
        ("lesson", str(ids["c1"]), "删除"),
        ("lesson", str(ids["c2"]), "删除"),
    ]


def test_the_principal_reads_but_does_not_record(sessions: dict[Role, Session], place: ActivitySchool) -> None:
    c, p, admin = sessions[Role.COUNSELOR], sessions[Role.PRINCIPAL], sessions[Role.ADMIN]
    entry = LessonInput((place.classes["初一(1)班"],), LAST_WEEK, topic="生涯规划")
    lessons.record_lessons(c.db, c.actor, [entry], now=FIXED_NOW)
    listed = lessons.list_lessons(p.db, p.actor, start=TERM_START, end=TODAY, now=FIXED_NOW)
    assert [x.topic for x in listed] == ["生涯规划"]
    with pytest.raises(AccessDenied):
        lessons.record_lessons(p.db, p.actor, [entry], now=FIXED_NOW)
    with pytest.raises(AccessDenied):
        lessons.delete_lesson(p.db, p.actor, listed[0].id, now=FIXED_NOW)
    with pytest.raises(AccessDenied):
        lessons.list_lessons(admin.db, admin.actor, start=TERM_START, end=TODAY, now=FIXED_NOW)
