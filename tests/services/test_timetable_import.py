"""心理课 from a timetable as a counselor imports it: preview per class, all or nothing, the term's
weeks up to today without holidays, a later import carrying on where the last stopped, and a
second import of the same sheet adding nothing."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from counselroom.domain.activities.timetable import TimetableRejected
from counselroom.domain.errors import AccessDenied, NotFound, ValidationError
from counselroom.domain.school.school_days import SchoolDay
from counselroom.domain.school.terms import TermDates
from counselroom.services.accounts.session import Session
from counselroom.services.activities.timetable_import import (
    apply_timetable,
    import_start,
    preview_timetable,
    to_json,
)
from counselroom.services.school import room_setup, school_calendar
from counselroom.system.holidays import national_day
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.school_data import SmallSchool, add_small_school
from tests.timetable_files import (
    FIRST_DATA_ROW,
    GOOD_WEEKDAYS,
    MESSY_ERRORS,
    write_messy_timetable,
    write_timetable,
)

TERM_START, TERM_END = date(2025, 9, 1), date(2026, 1, 20)
SPORTS_DAY = date(2025, 11, 5)  # a Wednesday the school closes for 运动会
LATER = datetime(2025, 11, 20, 16, 0)  # a Thursday after 国庆 and the 运动会; FIXED_NOW is Monday 10-13


@pytest.fixture
def counselor(school: SchoolFixture) -> Session:
    session = school.sign_in("counselor")
    yield session
    session.db.close()


@pytest.fixture
def small(school: SchoolFixture) -> SmallSchool:
    admin = school.admin
    first, second = TermDates(1, TERM_START, TERM_END), TermDates(2, date(2026, 2, 20), date(2026, 7, 10))
    school_calendar.add_school_year(admin.db, admin.actor, start_year=2025, first=first, second=second, now=FIXED_NOW)
    lead = school.sign_in("lead")
    room_setup.set_school_day(lead.db, lead.actor, SchoolDay(SPORTS_DAY, False, "运动会"), now=FIXED_NOW)
    lead.db.close()
    return add_small_school(admin)


def term_id(s: Session) -> int:
    return next(t.id for t in school_calendar.list_terms(s.db, s.actor, now=FIXED_NOW) if t.code == "2025-2026-1")


def expected_days(weekday: int, start: date = TERM_START, end: date | None = None) -> list[date]:
    """Counted here without the program's calendar code: the weekday, less holidays and 运动会."""
    end = end or LATER.date()
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    return [
        d for d in days if d.isoweekday() == weekday and d != SPORTS_DAY and not ((n := national_day(d)) and n.holiday)
    ]


def lessons(s: Session) -> list[tuple[object, ...]]:
    return s.db.conn.execute(
        "SELECT c.name, l.held_on, l.period, l.topic, l.teacher_id, l.hours, l.source FROM lessons l"
        " JOIN classes c ON c.id = l.class_id ORDER BY l.held_on, c.name"
    ).fetchall()


def test_preview_then_import_every_week_up_to_today(counselor: Session, small: SmallSchool, tmp_path: Path) -> None:
    sheet = write_timetable(tmp_path / "课表.xlsx")
    preview = preview_timetable(counselor.db, counselor.actor, sheet, term_id=term_id(counselor), now=LATER)
    assert preview.ok and preview.errors == () and preview.ignored_columns == ()
    assert (preview.term, preview.start, preview.end) == ("2025-2026-1", TERM_START, LATER.date())
    expected = {name: len(expected_days(day)) for name, day in GOOD_WEEKDAYS.items()}
    assert {c.class_name: (c.weekly, c.new, c.present) for c in preview.classes} == {
        name: (1, n, 0) for name, n in expected.items()
    }
    first = preview.lines[0]
    assert (first.row, first.class_name, first.weekday, first.period, first.topic, first.teacher) == (
        FIRST_DATA_ROW,
        "初一(1)班",
        "周一",
        3,
        "情绪管理",
        "孙老师",
    )
    assert lessons(counselor) == []  # a preview writes nothing

    changes = apply_timetable(counselor.db, counselor.actor, sheet, term_id=term_id(counselor), now=LATER)
    assert "activities" in changes.kinds and f"新增 {sum(expected.values())} 节" in changes.summary
    written = lessons(counselor)
    assert len(written) == sum(expected.values())
    assert max(str(r[1]) for r in written) <= LATER.date().isoformat()  # nothing not yet held
    wednesdays = [date.fromisoformat(str(r[1])) for r in written if r[0] == "初二(1)班"]
    assert wednesdays == expected_days(3) and SPORTS_DAY not in wednesdays and date(2025, 10, 1) not in wednesdays
    assert {(r[2], r[3], r[5], r[6]) for r in written if r[0] == "初二(1)班"} == {(5, "压力调节", 1, "课表导入")}
    assert {r[4] for r in written if r[0] == "初一(1)班"} == {small.staff["孙老师"]}
    assert {r[4] for r in written if r[0] == "初三(1)班"} == {None}


def test_the_next_import_carries_on_after_the_last(counselor: Session, small: SmallSchool, tmp_path: Path) -> None:
    sheet = write_timetable(tmp_path / "课表.xlsx")
    term = term_id(counselor)
    assert import_start(counselor.db, counselor.actor, term_id=term, now=FIXED_NOW) == TERM_START
    apply_timetable(counselor.db, counselor.actor, sheet, term_id=term, now=FIXED_NOW)
    first = lessons(counselor)
    assert max(str(r[1]) for r in first) == FIXED_NOW.date().isoformat()  # Monday's lesson, held this morning

    preview = preview_timetable(counselor.db, counselor.actor, sheet, term_id=term, now=LATER)
    assert (preview.start, preview.end, preview.present) == (FIXED_NOW.date() + timedelta(days=1), LATER.date(), 0)
    assert import_start(counselor.db, counselor.actor, term_id=term, now=LATER) == preview.start
    apply_timetable(counselor.db, counselor.actor, sheet, term_id=term, now=LATER)
    expected = sum(len(expected_days(day)) for day in GOOD_WEEKDAYS.values())
    assert len(lessons(counselor)) == expected  # the weeks in between, once each


def test_the_same_sheet_again_adds_nothing(counselor: Session, small: SmallSchool, tmp_path: Path) -> None:
    sheet = write_timetable(tmp_path / "课表.xlsx")
    term = term_id(counselor)
    apply_timetable(counselor.db, counselor.actor, sheet, term_id=term, now=LATER)
    before = lessons(counselor)
    preview = preview_timetable(counselor.db, counselor.actor, sheet, term_id=term, from_date=TERM_START, now=LATER)
    assert (preview.new, preview.present) == (0, len(before))
    changes = apply_timetable(counselor.db, counselor.actor, sheet, term_id=term, from_date=TERM_START, now=LATER)
    assert "新增 0 节" in changes.summary and lessons(counselor) == before
    again = preview_timetable(counselor.db, counselor.actor, sheet, term_id=term, now=LATER)
    assert again.new == 0  # by default it starts after the last import: up to date
    audited = counselor.db.conn.execute(
        "SELECT object_type, object_id, detail FROM audit_log WHERE action = 'activity_changed' AND object_type = 'lesson' ORDER BY seq"
    ).fetchall()
    assert audited == [
        ("lesson", str(term), f"课表导入：新增 {len(before)}，已有 0"),
        ("lesson", str(term), f"课表导入：新增 0，已有 {len(before)}"),
    ]


def test_from_a_date_and_lessons_already_recorded(counselor: Session, small: SmallSchool, tmp_path: Path) -> None:
    monday = date(2025, 10, 13)
    counselor.db.conn.execute(  # one Monday lesson entered by hand before the import
        "INSERT INTO lessons (class_id, held_on, period, topic, recorded_by, recorded_at) VALUES (?, ?, 3, '自我认识', 1, ?)",
        (small.classes["初一1"], monday.isoformat(), FIXED_NOW.isoformat()),
    )
    sheet = write_timetable(tmp_path / "课表.xlsx")
    term = term_id(counselor)
    preview = preview_timetable(counselor.db, counselor.actor, sheet, term_id=term, from_date=monday, now=LATER)
    mondays = expected_days(1, monday)
    assert preview.start == monday and preview.classes[0].present == 1
    assert preview.classes[0].new == len(mondays) - 1 and preview.lines[0].lessons == len(mondays)
    apply_timetable(counselor.db, counselor.actor, sheet, term_id=term, from_date=monday, now=LATER)
    kept = [r for r in lessons(counselor) if r[0] == "初一(1)班" and r[1] == monday.isoformat()]
    assert [r[3] for r in kept] == ["自我认识"]  # the hand-entered lesson is left as it was
    assert min(r[1] for r in lessons(counselor)) >= monday.isoformat()
    with pytest.raises(ValidationError, match=r"晚于今天 2025-11-20.*只记已经上过的课"):
        preview_timetable(counselor.db, counselor.actor, sheet, term_id=term, from_date=date(2025, 11, 21), now=LATER)
    with pytest.raises(NotFound):
        preview_timetable(counselor.db, counselor.actor, sheet, term_id=9999, now=LATER)


def test_a_term_not_yet_begun_imports_nothing(counselor: Session, small: SmallSchool, tmp_path: Path) -> None:
    second = next(
        t.id for t in school_calendar.list_terms(counselor.db, counselor.actor, now=LATER) if t.code == "2025-2026-2"
    )
    with pytest.raises(ValidationError, match=r"还没有开始.*只记已经上过的课"):
        preview_timetable(
            counselor.db, counselor.actor, write_timetable(tmp_path / "课表.xlsx"), term_id=second, now=LATER
        )


def test_a_messy_sheet_names_each_bad_row_and_imports_nothing(
    counselor: Session, small: SmallSchool, tmp_path: Path
) -> None:
    sheet = write_messy_timetable(tmp_path / "课表（教务处）.xlsx")
    term = term_id(counselor)
    preview = preview_timetable(counselor.db, counselor.actor, sheet, term_id=term, now=FIXED_NOW)
    assert {e.row: e.column for e in preview.errors} == MESSY_ERRORS
    assert "初一(9)班" in next(e.message for e in preview.errors if e.row == 6)
    assert [(x.row, x.class_name, x.weekday, x.period, x.topic, x.teacher) for x in preview.lines] == [
        (4, "初一(1)班", "周三", 3, "情绪 管理", "孙老师"),
        (5, "初一(1)班", "周二", 4, "", ""),
        (9, "初三(1)班", "周二", 6, "人际交往", ""),
    ]
    assert preview.ignored_columns == ("备注",) and not preview.ok
    assert to_json(preview)["new"] == 0 and len(to_json(preview)["errors"]) == 3  # type: ignore[arg-type]
    with pytest.raises(TimetableRejected) as rejected:
        apply_timetable(counselor.db, counselor.actor, sheet, term_id=term, now=FIXED_NOW)
    assert "3 处错误，未导入任何心理课" in rejected.value.message
    assert lessons(counselor) == []


def test_not_a_timetable(counselor: Session, small: SmallSchool, tmp_path: Path) -> None:
    names = tmp_path / "名单.csv"
    names.write_text("学号,姓名,性别\n1,张三,男\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="没有找到表头"):
        preview_timetable(counselor.db, counselor.actor, names, term_id=term_id(counselor), now=FIXED_NOW)


def test_principal_may_not_import(school: SchoolFixture, small: SmallSchool, tmp_path: Path) -> None:
    principal = school.sign_in("principal")
    with pytest.raises(AccessDenied):
        apply_timetable(
            principal.db, principal.actor, write_timetable(tmp_path / "课表.xlsx"), term_id=1, now=FIXED_NOW
        )
    principal.db.close()
