"""培训 (issue #12): one training for several colleagues is one row per person; 学时 0–500; a bad
entry names its row and saves nothing; vacation days count (暑期培训), future ones do not."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from counselroom.domain.activities.trainings import TrainingKind, TrainingLevel
from counselroom.domain.errors import AccessDenied, ValidationError
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.activities import trainings
from counselroom.services.activities.trainings import TrainingInput
from tests.conftest import FIXED_NOW
from tests.services.activity_school_data import TERM_START, TODAY, ActivitySchool, add_activity_school

SUMMER = date(2025, 8, 10)


@pytest.fixture
def place(sessions: dict[Role, Session]) -> ActivitySchool:
    return add_activity_school(sessions)


def test_one_training_for_three_colleagues(sessions: dict[Role, Session], place: ActivitySchool) -> None:
    c, p = sessions[Role.COUNSELOR], sessions[Role.PRINCIPAL]
    who = (place.staff["周老师"], place.staff["吴老师"], place.staff["孙老师"])
    entry = TrainingInput(who, "班主任心理健康教育能力提升", SUMMER, 12, TrainingLevel.CITY, organizer="市教育局")
    course = TrainingInput((who[2],), "积极心理学", date(2025, 9, 20), 2, TrainingLevel.SCHOOL, TrainingKind.COURSE)
    assert trainings.record_trainings(c.db, c.actor, [entry, course], now=FIXED_NOW).summary == "已记录 4 人次培训"
    listed = trainings.list_trainings(p.db, p.actor, start=date(2025, 8, 1), end=TODAY, now=FIXED_NOW)
    assert [(t.staff_name, t.position, t.hours, t.level, t.kind) for t in listed] == [
        ("孙老师", "科任教师", 2, TrainingLevel.SCHOOL, TrainingKind.COURSE),
        ("吴老师", "班主任", 12, TrainingLevel.CITY, TrainingKind.TOPIC),
        ("周老师", "班主任", 12, TrainingLevel.CITY, TrainingKind.TOPIC),
        ("孙老师", "科任教师", 12, TrainingLevel.CITY, TrainingKind.TOPIC),
    ]
    mine = trainings.list_trainings(c.db, c.actor, start=TERM_START, end=TODAY, staff_id=who[2], now=FIXED_NOW)
    assert [t.title for t in mine] == ["积极心理学"]
    assert {t.organizer for t in listed} == {"", "市教育局"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"staff_ids": ()}, "请选择参训人"),
        ({"staff_ids": (9999,)}, "没有这位教职工"),
        ({"title": ""}, "请填写培训名称"),
        ({"hours": 501}, "学时"),
        ({"hours": -1}, "学时"),
        ({"held_on": date(2025, 10, 20)}, "还没有到"),
        ({"held_on": date(2024, 8, 1)}, "早于校历"),
        ({"level": "区级"}, "级别"),
    ],
)
def test_a_bad_entry_names_its_row_and_saves_nothing(
    sessions: dict[Role, Session], place: ActivitySchool, change: dict[str, object], message: str
) -> None:
    c = sessions[Role.COUNSELOR]
    good = TrainingInput((place.staff["周老师"],), "心理健康教育培训", SUMMER, 0, TrainingLevel.COUNTY)
    bad = replace(good, **change)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=message) as raised:
        trainings.record_trainings(c.db, c.actor, [good, good, good, good, bad], now=FIXED_NOW)
    assert raised.value.row == 5
    assert c.db.conn.execute("SELECT count(*) FROM trainings").fetchone()[0] == 0


def test_the_recorder_or_the_lead_deletes(sessions: dict[Role, Session], place: ActivitySchool) -> None:
    c, lead, p = sessions[Role.COUNSELOR], sessions[Role.LEAD], sessions[Role.PRINCIPAL]
    entry = TrainingInput((place.staff["周老师"],), "危机干预培训", SUMMER, 6, TrainingLevel.PROVINCE)
    trainings.record_trainings(lead.db, lead.actor, [entry], now=FIXED_NOW)
    trainings.record_trainings(c.db, c.actor, [entry], now=FIXED_NOW)
    lead_row, mine = sorted(
        t.id for t in trainings.list_trainings(c.db, c.actor, start=SUMMER, end=TODAY, now=FIXED_NOW)
    )
    with pytest.raises(AccessDenied):
        trainings.record_trainings(p.db, p.actor, [entry], now=FIXED_NOW)
    with pytest.raises(AccessDenied, match="只有记录人"):
        trainings.delete_training(c.db, c.actor, lead_row, now=FIXED_NOW)
    trainings.delete_training(c.db, c.actor, mine, now=FIXED_NOW)
    trainings.delete_training(lead.db, lead.actor, lead_row, now=FIXED_NOW)
    assert trainings.list_trainings(p.db, p.actor, start=SUMMER, end=TODAY, now=FIXED_NOW) == []
