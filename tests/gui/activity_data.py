"""A school for the 活动 page's tests: the small school (tests/school_data.py), this school year's
terms, a fuller 初一(1)班 for entering a whole class, and more classes for a lesson given to many."""

from __future__ import annotations

from dataclasses import dataclass

from counselroom.domain.school.terms import default_terms
from counselroom.services.accounts.session import Session
from counselroom.services.school import school_calendar
from counselroom.store.school import classes
from counselroom.store.students import enrolment
from tests.conftest import FIXED_NOW
from tests.full_access import both_stores
from tests.school_data import SmallSchool, add_small_school

# More students of 初一(1)班 (ids from 101), so a class entry is a real class's worth of rows.
MORE_NAMES = ("孙一鸣", "周可欣", "吴俊杰", "郑佳怡", "冯子豪", "褚梦瑶", "卫天宇", "蒋若曦", "沈浩宇", "韩诗涵")
EXTRA_CLASSES = 3  # 初一(2)班 … 初一(4)班, and the same for 初二: lessons for several classes
# Families by the primary guardian's phone: 张晓明 (初一(1)班) and his sister 陈思琪 (初二(1)班); the twins
# 孙一鸣 and 周可欣, both in 初一(1)班; 李雨涵 alone.
GUARDIANS = (
    (1, "张父", "父亲", "139-0791-0001", 1),
    (4, "张父", "父亲", "13907910001", 1),
    (101, "孙母", "母亲", "13807910002", 1),
    (102, "孙母", "母亲", "13807910002", 1),
    (2, "李母", "母亲", "13707910003", 1),
)


@dataclass(frozen=True)
class ActivitySchool:
    small: SmallSchool
    class_1_1: list[int]  # the student ids of 初一(1)班, by 学号
    classes: dict[str, int]  # class name → id, every class


def add_activity_school(admin: Session) -> ActivitySchool:
    small = add_small_school(admin)
    first, second = default_terms(2025)
    school_calendar.add_school_year(admin.db, admin.actor, start_year=2025, first=first, second=second, now=FIXED_NOW)
    names = {
        "初一(1)班": small.classes["初一1"],
        "初二(1)班": small.classes["初二1"],
        "初三(1)班": small.classes["初三1"],
    }
    with both_stores(admin) as db, db.transaction() as conn:
        for year, grade in ((1, "初一"), (2, "初二")):
            grade_id = classes.grade_id(conn, "初中", year)
            assert grade_id is not None
            for number in range(2, 2 + EXTRA_CLASSES):
                name = f"{grade}({number})班"
                names[name] = enrolment.insert_class(
                    conn, grade_id=grade_id, number=number, name=name, head_teacher_id=None
                )
        enrolment.insert_students(
            conn,
            [
                (101 + i, f"20251010{11 + i}", name, "男" if i % 2 == 0 else "女", "2012-06-01",
                 small.classes["初一1"], "在读", "2025-09-01", "2025-09-01", "2025-09-01")
                for i, name in enumerate(MORE_NAMES)
            ],
        )  # fmt: skip
        enrolment.insert_guardians(conn, GUARDIANS)
    return ActivitySchool(small, [1, 2, 3, *(101 + i for i in range(len(MORE_NAMES)))], names)
