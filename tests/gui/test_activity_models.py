"""The 活动 page's adapters without a window: table models over the services' dataclasses, the name
rules of the entry rows (a typed name → its id), and 达标情况's per-class table."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from counselroom.domain.activities.home_visits import VisitMode
from counselroom.domain.activities.school_activities import ActivityKind, ActivityScope
from counselroom.domain.activities.talks import TalkCategory, TalkerKind
from counselroom.domain.activities.trainings import TrainingKind, TrainingLevel
from counselroom.gui.activities.activity_models import (
    HomeVisitTableModel,
    LessonTableModel,
    PublicityTableModel,
    TalkTableModel,
    TrainingTableModel,
    students_text,
)
from counselroom.gui.activities.coverage_models import (
    GAP_COLOUR,
    PENDING_COLOUR,
    ClassCoverageTableModel,
    CoverageLineTableModel,
    class_rows,
)
from counselroom.gui.activities.directory import SchoolDirectory, Scope, resolve, split_names
from counselroom.services.activities.coverage import ActivityCoverage, CoverageLine, LessonWindow
from counselroom.services.activities.home_visits import HomeVisit
from counselroom.services.activities.lessons import Lesson
from counselroom.services.activities.school_activities import Activity
from counselroom.services.activities.talks import StudentRef, Talk
from counselroom.services.activities.trainings import Training
from counselroom.services.school.school_structure import ClassSummary, StaffSummary
from counselroom.services.students.student_records import StudentListItem

DAY = date(2025, 10, 13)
ZHANG = StudentRef(1, "张晓明", "初一(1)班")
LI = StudentRef(2, "李雨涵", "初一(1)班")
CHEN = StudentRef(4, "陈思琪", "初二(1)班")


def cells(model, row: int = 0) -> list[object]:  # type: ignore[no-untyped-def]
    return [model.data(model.index(row, c)) for c in range(model.columnCount())]


def test_talks_show_category_talker_and_students_by_class() -> None:
    model = TalkTableModel()
    talk = Talk(7, TalkCategory.HEAD_TEACHER, TalkerKind.STAFF, "周老师", DAY, (ZHANG, LI), "学习", True, "王老师")
    model.set_rows([talk])
    assert cells(model) == [
        "2025-10-13", "班主任/辅导员全面谈", "周老师", "张晓明、李雨涵（初一(1)班）", "学习", "需跟进", "王老师"
    ]  # fmt: skip
    assert model.row_at(0) is talk
    assert students_text((ZHANG, CHEN)) == "张晓明（初一(1)班）、陈思琪（初二(1)班）"


def test_visits_lessons_activities_and_trainings_in_their_columns() -> None:
    visits = HomeVisitTableModel()
    visits.set_rows(
        [HomeVisit(1, DAY, VisitMode.PHONE, "周老师", (ZHANG,), "母亲", "作业习惯", False, recorded_by="吴老师")]
    )
    assert cells(visits) == ["2025-10-13", "电话", "周老师", "张晓明（初一(1)班）", "母亲", "作业习惯", "", "吴老师"]
    lessons = LessonTableModel()
    lessons.set_rows([Lesson(1, 3, "初一(1)班", DAY, None, "情绪管理", "", 1, "课表导入")])
    assert cells(lessons) == ["2025-10-13", "—", "初一(1)班", "情绪管理", "", 1, "课表导入"]
    publicity = PublicityTableModel()
    publicity.set_rows(
        [
            Activity(
                1,
                ActivityKind.PUBLICITY,
                DAY,
                "展板",
                ActivityScope.SCHOOL,
                "全校",
                "",
                0,
                "5·25心理健康日",
                "展板",
                "",
            )
        ]
    )
    assert cells(publicity) == ["2025-10-13", "展板", "5·25心理健康日", "展板", "全校", "", "—"]
    trainings = TrainingTableModel()
    trainings.set_rows(
        [Training(1, 4, "孙老师", "科任教师", "骨干培训", DAY, 8, TrainingLevel.CITY, TrainingKind.TOPIC, "市教育局")]
    )
    assert cells(trainings) == ["2025-10-13", "孙老师", "科任教师", "骨干培训", 8, "市级", "专题培训", "市教育局"]


def _class(class_id: int, name: str, grade: str, head: str = "") -> ClassSummary:
    return ClassSummary(class_id, name, grade, "初中", 1, class_id, head, 40)


def _directory() -> SchoolDirectory:
    pupils = [
        StudentListItem(1, "2025101001", "张晓明", "男", "初一(1)班", "在读", (), None),
        StudentListItem(9, "2025101009", "张晓明", "男", "初一(2)班", "在读", (), None),
        StudentListItem(2, "2025101002", "李雨涵", "女", "初一(1)班", "休学", (), None),
    ]
    return SchoolDirectory(
        classes=[_class(3, "初一(1)班", "初一"), _class(4, "初一(2)班", "初一"), _class(5, "初二(1)班", "初二")],
        staff=[StaffSummary(7, "周老师", "女", "班主任", "", ""), StaffSummary(8, "孙老师", "女", "", "", "")],
        search=lambda text: [p for p in pupils if text in p.name or text == p.class_name],
    )


def test_a_typed_name_is_its_label_or_a_name_only_one_has() -> None:
    d = _directory()
    assert d.staff_id("周老师") == 7 and d.staff_id("周老师（班主任）") == 7 and d.staff_id("吴老师") is None
    assert d.student_id("李雨涵") == 2
    assert d.student_id("张晓明") is None, "two students have the name: the class decides"
    assert d.student_id("张晓明（初一(2)班）") == 9
    assert resolve(" 孙老师 ", d.staff_choices()) == 8
    assert split_names("初一(1)班、初一(2)班，初二(1)班") == ["初一(1)班", "初一(2)班", "初二(1)班"]
    assert d.staff_ids("周老师、吴老师") == ([7], ["吴老师"])
    assert [s.id for s in d.students_in("初一(1)班")] == [1, 2]


def test_a_scope_is_the_whole_school_a_grade_or_classes() -> None:
    d = _directory()
    assert d.scope_of("") == Scope(ActivityScope.SCHOOL)
    assert d.scope_of("全校") == Scope(ActivityScope.SCHOOL)
    assert d.scope_of("初一(1)班、初二(1)班") == Scope(ActivityScope.CLASSES, class_ids=(3, 5))
    grade = d.scope_of("初一")
    assert isinstance(grade, Scope) and grade.class_ids == (3, 4)  # no grade id from the roster: its classes
    assert d.scope_of("初五(1)班") == "没有这个年级或班级：初五(1)班"


def _line(area: str, subject: str, subject_id: int | None, ours_text: str, gap: bool, **more: object) -> CoverageLine:
    fields: dict[str, object] = {
        "group": "初一", "rule_key": "k", "item": area, "requirement": "每学期至少 1 次", "value": 1, "unit": "次",
        "source": "S001", "quote": "各年级每学期至少开展 1 次", "ours": 0, "needed": 1, "gap_text": "",
    }  # fmt: skip
    fields.update(more)
    return CoverageLine(area, subject, subject_id, ours_text=ours_text, gap=gap, **fields)  # type: ignore[arg-type]


def test_coverage_per_class_puts_lessons_visits_and_meetings_side_by_side() -> None:
    windows = (
        LessonWindow(0, "第 1–2 周", date(2025, 9, 1), date(2025, 9, 14), "已结束"),
        LessonWindow(1, "第 3–4 周", date(2025, 9, 15), date(2025, 9, 28), "进行中"),
    )
    lines = (
        _line(
            "心理课", "初一(1)班", 3, "0/1 个两周达标", True, by_window=(0, 0), gap_text="初一(1)班第 1–2 周没有心理课"
        ),
        _line("心理课", "初一(2)班", 4, "1/1 个两周达标", False, by_window=(1, 0)),
        _line("家访", "初一(1)班", 3, "30/42 个家庭已家访", True),
        _line("主题班团队会", "初一(1)班", 3, "1 次", False),
        _line("专题活动", "初一", 1, "0 次", True),
    )
    found = ActivityCoverage(1, "2025-2026学年第一学期", "2025-2026", "南昌市", DAY, False, windows, lines, [])
    assert [r.name for r in class_rows(lines)] == ["初一(1)班", "初一(2)班"]
    model = ClassCoverageTableModel()
    model.set_coverage(found)
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert header == ["班级", "心理课", "家访", "主题班团队会", "第 1–2 周", "第 3–4 周"]
    assert cells(model, 0) == ["初一(1)班", "0/1 个两周达标", "30/42 个家庭已家访", "1 次", "0 课时", "0 课时"]
    assert cells(model, 1)[2] == "—"  # 初一(2)班 has no 家访 line
    red = colour_of(model, 0, 1)
    assert red == GAP_COLOUR and colour_of(model, 0, 3) is None
    assert colour_of(model, 0, 4) == GAP_COLOUR and colour_of(model, 0, 5) == PENDING_COLOUR
    tip = model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole)
    assert "S001" in tip and "各年级每学期至少开展 1 次" in tip and "没有心理课" in tip
    model.set_coverage(ActivityCoverage(1, "", "", "江西省", DAY, False, windows, lines[:2], []))
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == ["班级", "心理课", "第 1–2 周"]
    others = CoverageLineTableModel()
    others.set_rows([lines[-1]])
    assert cells(others) == ["初一", "专题活动", "每学期至少 1 次", "S001", "0 次", "未达标"]


def colour_of(model, row: int, column: int) -> str | None:  # type: ignore[no-untyped-def]
    brush = model.data(model.index(row, column), Qt.ItemDataRole.ForegroundRole)
    return brush.color().name() if brush is not None else None
