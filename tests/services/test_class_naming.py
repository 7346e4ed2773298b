"""设置 → 班级: the school's own form of class names, kept for every list, the 名单 import and the
rollover; 中职 classes from a 名单 sheet."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from counselroom.domain.errors import AccessDenied, ValidationError
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.school import class_naming, school_structure
from counselroom.services.students import student_records
from counselroom.services.students.enrolment_import import apply_enrolment_import, preview_enrolment_import
from tests.conftest import FIXED_NOW
from tests.school_data import add_small_school


def _names(s: Session) -> list[str]:
    return [c.name for c in school_structure.list_classes(s.db, s.actor, now=FIXED_NOW)]


def test_the_form_renames_every_class_and_the_students_follow(sessions: dict[Role, Session]) -> None:
    admin, counselor = sessions[Role.ADMIN], sessions[Role.COUNSELOR]
    add_small_school(admin)
    forms = class_naming.class_name_forms(counselor.db, counselor.actor, now=FIXED_NOW)
    assert forms.current == "初一(3)班" and "七年级（3）班" in forms.choices
    class_naming.set_class_name_form(admin.db, admin.actor, "七年级（3）班", now=FIXED_NOW)
    assert _names(counselor) == ["七年级（1）班", "八年级（1）班", "九年级（1）班"]
    found = student_records.search_students(counselor.db, counselor.actor, "七年级（1）班", now=FIXED_NOW)
    assert {s.name for s in found} == {"张晓明", "李雨涵", "王子轩"} and found[0].class_name == "七年级（1）班"
    class_naming.set_class_name_form(admin.db, admin.actor, "初一(3)班", now=FIXED_NOW)
    assert _names(counselor) == ["初一(1)班", "初二(1)班", "初三(1)班"]


def test_the_rollover_names_the_new_grades_in_the_schools_form(sessions: dict[Role, Session]) -> None:
    admin = sessions[Role.ADMIN]
    add_small_school(admin)
    class_naming.set_class_name_form(admin.db, admin.actor, "七年级(3)班", now=FIXED_NOW)
    moves = school_structure.preview_rollover(admin.db, admin.actor, now=FIXED_NOW).moves
    assert [(m.old_name, m.new_name) for m in moves] == [
        ("七年级(1)班", "八年级(1)班"),
        ("八年级(1)班", "九年级(1)班"),
        ("九年级(1)班", ""),
    ]
    school_structure.apply_rollover(admin.db, admin.actor, on_date=date(2026, 7, 10), now=FIXED_NOW)
    assert _names(admin) == ["八年级(1)班", "九年级(1)班"]


def test_only_the_admin_changes_the_form_and_only_to_a_known_one(sessions: dict[Role, Session]) -> None:
    admin, lead = sessions[Role.ADMIN], sessions[Role.LEAD]
    with pytest.raises(ValidationError, match="班级写法应为"):
        class_naming.set_class_name_form(admin.db, admin.actor, "7-3", now=FIXED_NOW)
    with pytest.raises(AccessDenied):
        class_naming.set_class_name_form(lead.db, lead.actor, "七年级（3）班", now=FIXED_NOW)


def test_a_vocational_sheet_imports_in_the_schools_form(sessions: dict[Role, Session], tmp_path: Path) -> None:
    """S001 counts 中职 as a stage of its own (中职一年级 36 学时): 职一, 中职二年级 … are read so."""
    admin = sessions[Role.ADMIN]
    class_naming.set_class_name_form(admin.db, admin.actor, "初一（3）班", now=FIXED_NOW)
    sheet = tmp_path / "名单.csv"
    sheet.write_text(
        "学号,姓名,性别,班级\n1,张三,男,中职一年级2班\n2,李四,女,职一(2)班\n3,王五,男,职高二3班\n4,赵六,女,初一3班\n",
        encoding="utf-8",
    )
    preview = preview_enrolment_import(admin.db, admin.actor, sheet, now=FIXED_NOW)
    assert preview.errors == ()
    assert set(preview.new_classes) == {"中职一年级（2）班", "中职二年级（3）班", "初一（3）班"}
    apply_enrolment_import(admin.db, admin.actor, sheet, now=FIXED_NOW)
    classes = school_structure.list_classes(admin.db, admin.actor, now=FIXED_NOW)
    assert [(c.name, c.stage, c.students) for c in classes] == [
        ("初一（3）班", "初中", 1),
        ("中职一年级（2）班", "中职", 2),
        ("中职二年级（3）班", "中职", 1),
    ]
