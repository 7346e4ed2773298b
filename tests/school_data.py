"""A small school for service and GUI tests: grades, classes with 班主任, students, flags."""

from __future__ import annotations

from dataclasses import dataclass

from counselroom.services.accounts.session import Session
from counselroom.store.students import enrolment
from tests.full_access import both_stores

STUDENTS = (
    # id, 学号, 姓名, initials, 性别, birth, class key, flags
    (1, "2025101001", "张晓明", "zxm", "男", "2012-03-05", "初一1", ("留守",)),
    (2, "2025101002", "李雨涵", "lyh", "女", "2012-07-19", "初一1", ()),
    (3, "2025101003", "王子轩", "wzx", "男", "2012-01-23", "初一1", ("单亲", "经济困难")),
    (4, "2024101001", "陈思琪", "csq", "女", "2011-05-30", "初二1", ()),
    (5, "2023101001", "刘浩然", "lhr", "男", "2010-09-02", "初三1", ()),
    (6, "2023101002", "赵欣怡", "zxy", "女", "2010-11-11", "初三1", ("随迁",)),
)


@dataclass(frozen=True)
class SmallSchool:
    classes: dict[str, int]
    staff: dict[str, int]


def add_small_school(session: Session) -> SmallSchool:
    with both_stores(session) as db, db.transaction() as conn:
        grades = {
            name: enrolment.insert_grade(conn, name=name, stage="初中", year_in_stage=year, sort_order=10 + year)
            for year, name in ((1, "初一"), (2, "初二"), (3, "初三"))
        }
        staff = {
            name: enrolment.insert_staff(conn, name=name, gender="女", staff_no=f"T{i}", position=position)
            for i, (name, position) in enumerate(
                (("周老师", "班主任"), ("吴老师", "班主任"), ("郑老师", "班主任"), ("孙老师", "科任教师"))
            )
        }
        classes = {}
        for key, grade, teacher in (
            ("初一1", "初一", "周老师"),
            ("初二1", "初二", "吴老师"),
            ("初三1", "初三", "郑老师"),
        ):
            classes[key] = enrolment.insert_class(
                conn, grade_id=grades[grade], number=1, name=f"{grade}(1)班", head_teacher_id=staff[teacher]
            )
        enrolment.insert_students(
            conn,
            [
                (sid, no, name, gender, birth, classes[cls], "在读", "2025-09-01", "2025-09-01", "2025-09-01")
                for sid, no, name, _i, gender, birth, cls, _f in STUDENTS
            ],
        )
        conn.executemany(
            "UPDATE students SET name_initials = ? WHERE id = ?",
            [(initials, sid) for sid, _n, _m, initials, *_rest in STUDENTS],
        )
        enrolment.insert_flags(conn, [(sid, flag) for sid, *_r, flags in STUDENTS for flag in flags])
    return SmallSchool(classes, staff)
