"""Enrolment import as an admin uses it: a messy real-world sheet, a preview, all-or-nothing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from counselroom.domain.errors import AccessDenied, ValidationError
from counselroom.domain.roles import Role
from counselroom.domain.students.enrolment_rules import EnrolmentRejected
from counselroom.services.accounts.session import Session
from counselroom.services.students import enrolment_import
from counselroom.services.students.enrolment_import import apply_enrolment_import, preview_enrolment_import
from counselroom.store.students import enrolment, enrolment_sync
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.enrolment_files import EXPECTED, GOOD_ROWS, bad_rows, write_gbk_csv, write_xlsx


def students(s: Session) -> dict[str, tuple[object, ...]]:
    rows = s.db.conn.execute(
        "SELECT s.student_no, s.name, s.gender, s.birth_date, c.name FROM students s"
        " LEFT JOIN classes c ON c.id = s.class_id"
    ).fetchall()
    return {r[0]: tuple(r[1:]) for r in rows}


def everything(s: Session) -> list[list[tuple[object, ...]]]:
    """Every row the import may touch, to prove a step changed nothing at all."""
    tables = ("students", "guardians", "student_flags", "grades", "classes")
    return [s.db.conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in tables]


def imports_audited(s: Session) -> list[tuple[str, str]]:
    return s.db.conn.execute("SELECT object_id, detail FROM audit_log WHERE action = 'roster_imported'").fetchall()


@pytest.fixture
def importer(school: SchoolFixture) -> Session:
    """The lead: the one account whose import includes the 家庭情况 column (care data)."""
    session = school.sign_in("lead")
    yield session
    session.db.close()


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "2025级名单.xlsx")


def test_a_real_schools_sheet_imports_every_student(importer: Session, sheet: Path) -> None:
    preview = preview_enrolment_import(importer.db, importer.actor, sheet, now=FIXED_NOW)
    assert preview.errors == ()
    assert (preview.new, preview.updated, preview.unchanged) == (8, 0, 0)
    assert set(preview.new_classes) == {"初一(3)班", "初二(5)班", "初二(2)班", "高一(5)班", "高二(5)班", "初三(1)班"}
    assert preview.ignored_columns == ("备注",)
    assert students(importer) == {}  # a preview writes nothing

    changes = apply_enrolment_import(importer.db, importer.actor, sheet, now=FIXED_NOW)
    assert "新增 8" in changes.summary and "students" in changes.kinds
    assert students(importer) == {no: (n, g, b, c) for no, (n, g, b, c) in EXPECTED.items()}


def test_guardians_flags_initials_and_grades_are_stored(importer: Session, sheet: Path) -> None:
    apply_enrolment_import(importer.db, importer.actor, sheet, now=FIXED_NOW)
    conn = importer.db.conn
    ids = {no: r.id for no, r in enrolment_sync.students_by_number(conn).items()}
    guardians = enrolment_sync.guardians_by_student(conn)
    assert [(g.name, g.relation, g.phone) for g in guardians[ids["2025002"]]] == [("王芳", "母亲", "13912345678")]
    assert guardians[ids["2025007"]][0].phone == "0791-86123456"
    assert ids["2025003"] not in guardians
    flags = enrolment_sync.flags_by_student(conn, {"单亲", "留守", "随迁"})
    assert flags[ids["2025002"]] == {"单亲", "留守"} and flags[ids["2025004"]] == {"随迁"}
    initials = dict(conn.execute("SELECT student_no, name_initials FROM students").fetchall())
    assert (initials["2025001"], initials["2025003"], initials["2025004"]) == ("zxm", "stf", "zxx")
    grades = conn.execute("SELECT name, stage, year_in_stage, sort_order FROM grades ORDER BY sort_order")
    assert grades.fetchall() == [
        ("初一", "初中", 1, 7),
        ("初二", "初中", 2, 8),
        ("初三", "初中", 3, 9),
        ("高一", "高中", 1, 10),
        ("高二", "高中", 2, 11),
    ]


def test_a_gbk_csv_imports_the_same(importer: Session, tmp_path: Path) -> None:
    csv_file = write_gbk_csv(tmp_path / "名单.csv")
    assert csv_file.read_bytes().decode("gbk")  # really GBK, not UTF-8
    apply_enrolment_import(importer.db, importer.actor, csv_file, now=FIXED_NOW)
    assert students(importer) == {no: (n, g, b, c) for no, (n, g, b, c) in EXPECTED.items()}


def test_three_bad_rows_are_named_and_nothing_is_imported(importer: Session, tmp_path: Path) -> None:
    rows, wrong = bad_rows()
    bad = write_xlsx(tmp_path / "有错.xlsx", rows)
    preview = preview_enrolment_import(importer.db, importer.actor, bad, now=FIXED_NOW)
    assert {(e.row, e.column) for e in preview.errors} == set(wrong.items())
    messages = {e.row: e.message for e in preview.errors}
    assert "姓名为空" in messages[6] and "第 4 行" in messages[8] and "2011-02-30" in messages[10]
    assert not preview.ok
    with pytest.raises(EnrolmentRejected) as raised:
        apply_enrolment_import(importer.db, importer.actor, bad, now=FIXED_NOW)
    assert {(e.row, e.column) for e in raised.value.errors} == set(wrong.items())
    assert "未导入任何学生" in raised.value.message
    assert students(importer) == {} and imports_audited(importer) == []
    assert importer.db.conn.execute("SELECT count(*) FROM classes").fetchone()[0] == 0


def test_a_bad_sheet_leaves_an_existing_roster_untouched(importer: Session, sheet: Path, tmp_path: Path) -> None:
    apply_enrolment_import(importer.db, importer.actor, sheet, now=FIXED_NOW)
    before = everything(importer)
    rows, _wrong = bad_rows()
    rows[0][2] = "张小明"  # a valid change on another row must not be applied either
    rows.append([9, "2025099", "新同学", "男", "2012-01-01", "", "初一(9)班", "", "", "", "", ""])
    with pytest.raises(EnrolmentRejected):
        apply_enrolment_import(importer.db, importer.actor, write_xlsx(tmp_path / "坏.xlsx", rows), now=FIXED_NOW)
    assert everything(importer) == before
    assert len(imports_audited(importer)) == 1


def test_reimporting_the_same_sheet_changes_nothing(importer: Session, sheet: Path) -> None:
    apply_enrolment_import(importer.db, importer.actor, sheet, now=FIXED_NOW)
    before = everything(importer)
    preview = preview_enrolment_import(importer.db, importer.actor, sheet, now=FIXED_NOW)
    assert (preview.new, preview.updated, preview.unchanged) == (0, 0, 8)
    assert preview.changes == () and preview.new_classes == ()
    changes = apply_enrolment_import(importer.db, importer.actor, sheet, now=FIXED_NOW)
    assert "新增 0，更新 0，不变 8" in changes.summary
    assert everything(importer) == before


def test_changed_rows_are_counted_as_updated(importer: Session, sheet: Path, tmp_path: Path) -> None:
    apply_enrolment_import(importer.db, importer.actor, sheet, now=FIXED_NOW)
    rows = [list(r) for r in GOOD_ROWS]
    rows[0][2], rows[0][6] = "张小明", "初一(4)班"  # renamed and moved
    rows[1][9] = "13900000000"  # the guardian's new phone
    rows[3][10] = "无"  # no longer 随迁
    rows[7][4] = ""  # an empty cell never erases
    changed = write_xlsx(tmp_path / "新学期.xlsx", rows)
    preview = preview_enrolment_import(importer.db, importer.actor, changed, now=FIXED_NOW)
    assert (preview.new, preview.updated, preview.unchanged) == (0, 3, 5)
    by_no = {c.student_no: c for c in preview.changes}
    assert by_no["2025001"].changed == ("姓名", "班级") and by_no["2025001"].kind == "更新"
    assert by_no["2025002"].changed == ("监护人",) and by_no["2025004"].changed == ("家庭情况",)
    assert preview.new_classes == ("初一(4)班",)
    apply_enrolment_import(importer.db, importer.actor, changed, now=FIXED_NOW)
    assert students(importer)["2025001"] == ("张小明", "男", "2012-03-05", "初一(4)班")
    conn = importer.db.conn
    assert conn.execute("SELECT name_initials FROM students WHERE student_no = '2025001'").fetchone() == ("zxm",)
    assert conn.execute("SELECT count(*) FROM student_flags WHERE flag = '随迁'").fetchone()[0] == 0
    assert conn.execute("SELECT phone FROM guardians WHERE name = '王芳'").fetchone() == ("13900000000",)
    assert imports_audited(importer)[-1] == ("新学期.xlsx", "新增 0，更新 3，不变 5")


def test_apply_uses_the_previews_rows_while_the_file_is_unchanged(
    importer: Session, sheet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    preview = preview_enrolment_import(importer.db, importer.actor, sheet, now=FIXED_NOW)
    reads: list[Path] = []
    real_read = enrolment_import.read_sheet
    monkeypatch.setattr(enrolment_import, "read_sheet", lambda path: reads.append(path) or real_read(path))
    apply_enrolment_import(importer.db, importer.actor, sheet, now=FIXED_NOW, checked=preview)
    assert reads == [] and len(students(importer)) == 8
    # A day later the birth dates are checked against another today: parsed again.
    apply_enrolment_import(importer.db, importer.actor, sheet, now=FIXED_NOW + timedelta(days=1), checked=preview)
    assert reads == [sheet]


def test_a_file_changed_after_its_preview_is_read_again(importer: Session, sheet: Path, tmp_path: Path) -> None:
    preview = preview_enrolment_import(importer.db, importer.actor, sheet, now=FIXED_NOW)
    rows = [list(r) for r in GOOD_ROWS]
    rows[0][2] = "张小明"  # saved again in Excel between the preview and the import
    write_xlsx(sheet, rows)
    apply_enrolment_import(importer.db, importer.actor, sheet, now=FIXED_NOW, checked=preview)
    assert students(importer)["2025001"][0] == "张小明"
    bad, _ = bad_rows()
    write_xlsx(sheet, bad)  # and a file that went bad is refused, whatever the preview said
    with pytest.raises(EnrolmentRejected):
        apply_enrolment_import(importer.db, importer.actor, sheet, now=FIXED_NOW, checked=preview)


def test_what_others_recorded_is_kept(importer: Session, sheet: Path) -> None:
    apply_enrolment_import(importer.db, importer.actor, sheet, now=FIXED_NOW)
    conn = importer.db.conn
    sid = enrolment_sync.students_by_number(conn)["2025001"].id
    with importer.db.transaction() as c:
        enrolment.insert_guardians(c, [(sid, "张奶奶", "祖母", "13700000000", 0)])
        enrolment.insert_flags(c, [(sid, "残疾")])  # not a family flag: the sheet does not manage it
        c.execute("UPDATE students SET birth_date = '2012-03-06' WHERE id = ?", (sid,))
    preview = preview_enrolment_import(importer.db, importer.actor, sheet, now=FIXED_NOW)
    assert [c.changed for c in preview.changes] == [("出生日期",)]
    apply_enrolment_import(importer.db, importer.actor, sheet, now=FIXED_NOW)
    names = {g.name for g in enrolment_sync.guardians_by_student(conn)[sid]}
    assert names == {"张建国", "张奶奶"}
    assert conn.execute("SELECT count(*) FROM student_flags WHERE flag = '残疾'").fetchone()[0] == 1


def test_existing_grades_are_reused(importer: Session, sheet: Path) -> None:
    with importer.db.transaction() as conn:
        grade = enrolment.insert_grade(conn, name="七年级", stage="初中", year_in_stage=1, sort_order=1)
        enrolment.insert_class(conn, grade_id=grade, number=3, name="七年级3班", head_teacher_id=None)
    preview = preview_enrolment_import(importer.db, importer.actor, sheet, now=FIXED_NOW)
    assert "初一(3)班" not in preview.new_classes
    assert {c.class_name for c in preview.changes if c.student_no == "2025001"} == {"七年级3班"}
    apply_enrolment_import(importer.db, importer.actor, sheet, now=FIXED_NOW)
    assert students(importer)["2025001"][3] == "七年级3班"
    assert (
        importer.db.conn.execute("SELECT count(*) FROM grades WHERE stage = '初中' AND year_in_stage = 1").fetchone()[0]
        == 1
    )


def test_one_import_is_audited_with_the_file_name_not_the_path(importer: Session, sheet: Path) -> None:
    apply_enrolment_import(importer.db, importer.actor, sheet, now=FIXED_NOW)
    assert imports_audited(importer) == [("2025级名单.xlsx", "新增 8，更新 0，不变 0")]


def test_a_failure_while_writing_leaves_nothing(
    importer: Session, sheet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("disk pulled out")

    monkeypatch.setattr(enrolment_sync, "delete_flags", broken)  # after students and guardians
    with pytest.raises(RuntimeError):
        apply_enrolment_import(importer.db, importer.actor, sheet, now=FIXED_NOW)
    assert students(importer) == {} and imports_audited(importer) == []


def test_json_is_the_spec_shape(importer: Session, tmp_path: Path) -> None:
    rows, _wrong = bad_rows()
    preview = preview_enrolment_import(
        importer.db, importer.actor, write_xlsx(tmp_path / "x.xlsx", rows), now=FIXED_NOW
    )
    data = enrolment_import.to_json(preview)
    assert (data["new"], data["updated"], data["unchanged"]) == (0, 0, 0)  # nothing would import
    assert preview.new == 5  # while the preview itself still describes the valid rows
    assert data["errors"][0] == {"row": 6, "column": "姓名", "message": "姓名为空"}
    assert len(data["errors"]) == 3


@pytest.mark.parametrize("content", ["名单\n\n随便写点什么\n", ""])
def test_a_sheet_without_a_header_says_so(importer: Session, tmp_path: Path, content: str) -> None:
    path = tmp_path / "无表头.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValidationError, match="表头"):
        preview_enrolment_import(importer.db, importer.actor, path, now=FIXED_NOW)


def test_the_admins_import_leaves_out_the_family_column_and_says_so(school: SchoolFixture, sheet: Path) -> None:
    admin = school.admin
    preview = preview_enrolment_import(admin.db, admin.actor, sheet, now=FIXED_NOW)
    assert enrolment_import.FLAGS_LEFT_OUT in preview.ignored_columns
    apply_enrolment_import(admin.db, admin.actor, sheet, now=FIXED_NOW)
    assert len(students(admin)) == len(EXPECTED)
    lead = school.sign_in("lead")
    try:
        assert lead.db.conn.execute("SELECT count(*) FROM student_flags").fetchone()[0] == 0
    finally:
        lead.db.close()


@pytest.mark.parametrize("role", [Role.PRINCIPAL, Role.COUNSELOR])
def test_only_an_admin_or_the_lead_may_import(sessions: dict[Role, Session], sheet: Path, role: Role) -> None:
    s = sessions[role]
    with pytest.raises(AccessDenied):
        preview_enrolment_import(s.db, s.actor, sheet, now=FIXED_NOW)
    with pytest.raises(AccessDenied):
        apply_enrolment_import(s.db, s.actor, sheet, now=FIXED_NOW)
    assert students(sessions[Role.ADMIN]) == {}
