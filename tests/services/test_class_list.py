"""给班主任的关注名单 (SECURITY.md 12): the class's students on the warning list with their level, the
counselor in charge and the review day — never the reason; a stated purpose; the watermark in the
file (first line, printed footer); the audit row with the purpose, the export id and the SHA-256.
Only a counselor or the lead may."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from counselroom.domain.care.warnings import WarningLevel, WarningSource
from counselroom.domain.errors import AccessDenied, NotFound, ValidationError
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.care import warning_list
from counselroom.services.exports import class_list
from tests.conftest import FIXED_NOW
from tests.school_data import add_small_school
from tests.services.export_checks import read_back, xlsx_footers

REASONS = {1: "课堂上多次哭泣，同学反映情绪低落", 3: "父母离异后成绩下滑，睡眠差"}


@pytest.fixture
def counselor(sessions: dict[Role, Session]) -> Iterator[Session]:
    add_small_school(sessions[Role.ADMIN])
    s = sessions[Role.COUNSELOR]
    for student, level in ((1, WarningLevel.ORANGE), (3, WarningLevel.RED)):
        warning_list.add_to_warning_list(
            s.db, s.actor, student, level=level, reason=REASONS[student], source=WarningSource.TALK, now=FIXED_NOW
        )
    yield s


def first_class(s: Session) -> class_list.ClassChoice:
    return class_list.find_class(class_list.class_list_choices(s.db, s.actor, now=FIXED_NOW), "初一(1)班")


def test_the_list_holds_the_classs_listed_students_most_urgent_first_and_no_reason(counselor: Session) -> None:
    choices = class_list.class_list_choices(counselor.db, counselor.actor, now=FIXED_NOW)
    assert [(c.name, c.head_teacher, c.on_list) for c in choices] == [
        ("初一(1)班", "周老师", 2),
        ("初二(1)班", "吴老师", 0),
        ("初三(1)班", "郑老师", 0),
    ]
    doc = class_list.class_list(
        counselor.db, counselor.actor, class_id=choices[0].class_id, reason="请班主任日常关注", now=FIXED_NOW
    )
    (table,) = doc.tables
    assert table.columns == ("学号", "姓名", "性别", "关注等级", "负责心理教师", "下次复评")
    assert [row[:5] for row in table.rows] == [
        ("2025101003", "王子轩", "男", "红色预警", "王老师"),
        ("2025101001", "张晓明", "男", "橙色预警", "王老师"),
    ]
    assert "班主任：周老师" in doc.about[0] and "不是诊断" in doc.about[2]
    assert doc.names_students and "用途：请班主任日常关注" in doc.watermark and doc.export_id in doc.watermark
    assert not [r for r in REASONS.values() if r in repr(doc)]


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_the_file_carries_the_watermark_and_the_audit_row_its_purpose_id_and_digest(
    counselor: Session, tmp_path: Path, suffix: str
) -> None:
    doc = class_list.class_list(
        counselor.db,
        counselor.actor,
        class_id=first_class(counselor).class_id,
        reason="期中家长会前请班主任关注",
        now=FIXED_NOW,
    )
    path = tmp_path / f"初一(1)班.{suffix}"
    class_list.save_class_list(counselor.db, counselor.actor, doc, path, now=FIXED_NOW)
    found = read_back(path)
    assert found.first_line == doc.watermark and found.first_line.startswith("【保密】导出：王老师（心理教师）")
    assert "王子轩" in found.texts and "2025101003" in found.texts
    assert not [r for r in REASONS.values() if any(r in t for t in found.texts)]
    if suffix == "xlsx":
        assert set(xlsx_footers(path)) == {doc.watermark}
    action, object_type, object_id, reason, detail = counselor.db.conn.execute(
        "SELECT action, object_type, object_id, reason, detail FROM audit_log ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    assert (action, object_type, object_id, reason) == (
        "exported",
        "class_list",
        doc.object_id,
        "期中家长会前请班主任关注",
    )
    assert hashlib.sha256(path.read_bytes()).hexdigest() in detail and doc.export_id in detail
    assert "王子轩" not in detail and "张晓明" not in detail


def test_building_the_list_is_audited_as_a_read_of_the_warning_list(counselor: Session) -> None:
    chosen = first_class(counselor)
    class_list.class_list(counselor.db, counselor.actor, class_id=chosen.class_id, reason="关注", now=FIXED_NOW)
    row = counselor.db.conn.execute(
        "SELECT action, object_type, object_id, detail FROM audit_log ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    assert row == ("warning_list_viewed", "class", str(chosen.class_id), "班主任名单 2 人")


@pytest.mark.parametrize("reason", ["", "   ", "长" * 201])
def test_a_purpose_is_required_and_kept_short(counselor: Session, reason: str) -> None:
    with pytest.raises(ValidationError, match="用途"):
        class_list.class_list(
            counselor.db, counselor.actor, class_id=first_class(counselor).class_id, reason=reason, now=FIXED_NOW
        )


@pytest.mark.parametrize("role", [Role.PRINCIPAL, Role.ADMIN])
def test_the_principal_and_the_admin_may_not(sessions: dict[Role, Session], counselor: Session, role: Role) -> None:
    s = sessions[role]
    with pytest.raises(AccessDenied, match="无权导出含学生姓名的名单"):
        class_list.class_list(s.db, s.actor, class_id=first_class(counselor).class_id, reason="关注", now=FIXED_NOW)


@pytest.mark.parametrize("typed", ["初一(1)班", "初一（1）班", "七年级1班", " 初一1班 "])
def test_a_class_is_found_however_it_is_typed(counselor: Session, typed: str) -> None:
    choices = class_list.class_list_choices(counselor.db, counselor.actor, now=FIXED_NOW)
    assert class_list.find_class(choices, typed).name == "初一(1)班"


def test_an_unknown_class_names_the_classes_there_are(counselor: Session) -> None:
    choices = class_list.class_list_choices(counselor.db, counselor.actor, now=FIXED_NOW)
    with pytest.raises(NotFound, match="现有班级：初一\\(1\\)班、初二\\(1\\)班、初三\\(1\\)班"):
        class_list.find_class(choices, "高一(9)班")
