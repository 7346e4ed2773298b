"""Names a teacher types on the 活动 page, and the ids behind them: classes, staff, students.

Loaded once per refresh from the roster services (only for those who may record); students are
looked up as the teacher types. Plain Python, so the name rules are tested without a window."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from counselroom.domain.activities.school_activities import ActivityScope
from counselroom.services.school.school_structure import ClassSummary, StaffSummary
from counselroom.services.students.student_records import StudentListItem

AT_SCHOOL = ("在读", "复学")  # 休学 students are listed in a class but not ticked for a class's entry
NAME_SEPARATORS = "、，,；; "


def student_problem(typed: str) -> str:
    """Why a typed student could not be used."""
    typed = typed.strip()
    return f"没有找到唯一的学生“{typed}”：请从提示中选择（带班级）" if typed else "请填写学生姓名"


def student_label(student: StudentListItem) -> str:
    return f"{student.name}（{student.class_name}）"


def staff_label(person: StaffSummary) -> str:
    return f"{person.name}（{person.position}）" if person.position else person.name


def bare_name(label: str) -> str:
    """张三（初一(1)班） → 张三."""
    return label.split("（", 1)[0].strip()


def split_names(text: str) -> list[str]:
    """初一(1)班、初一(2)班 → the two names (、，, ； or spaces between them); a label's own
    （…） stays with its name."""
    for separator in NAME_SEPARATORS[1:]:
        text = text.replace(separator, NAME_SEPARATORS[0])
    return [part.strip() for part in text.split(NAME_SEPARATORS[0]) if part.strip()]


def resolve(text: str, choices: dict[str, int]) -> int | None:
    """The id of a typed label: the label itself, or a bare name only one label has."""
    text = text.strip()
    if text in choices:
        return choices[text]
    matches = {i for label, i in choices.items() if bare_name(label) == text}
    return matches.pop() if len(matches) == 1 else None


WHOLE_SCHOOL = ActivityScope.SCHOOL.value


@dataclass(frozen=True)
class Scope:
    """Who an activity reached, as ActivityInput takes it."""

    scope: ActivityScope
    grade_id: int | None = None
    class_ids: tuple[int, ...] = ()


@dataclass
class SchoolDirectory:
    classes: list[ClassSummary] = field(default_factory=list)
    staff: list[StaffSummary] = field(default_factory=list)
    search: Callable[[str], Sequence[StudentListItem]] = lambda _text: []
    load_monitors: Callable[[], dict[str, int]] = dict  # the school's 心理委员, as labels: read when needed
    _monitors: dict[str, int] | None = None

    # -- classes -----------------------------------------------------------------------
    def class_choices(self) -> dict[str, int]:
        return {c.name: c.id for c in self.classes}

    def class_named(self, name: str) -> ClassSummary | None:
        return next((c for c in self.classes if c.name == name.strip()), None)

    def grades(self) -> dict[str, list[ClassSummary]]:
        """Grade name → its classes, in the school's order (the roster service's)."""
        found: dict[str, list[ClassSummary]] = {}
        for c in self.classes:
            found.setdefault(c.grade_name, []).append(c)
        return found

    def class_ids(self, text: str) -> tuple[list[int], list[str]]:
        """Typed class names → (ids, names not found)."""
        choices = self.class_choices()
        ids: list[int] = []
        unknown: list[str] = []
        for name in split_names(text):
            found = choices.get(name)
            if found is None:
                unknown.append(name)
            elif found not in ids:
                ids.append(found)
        return ids, unknown

    def scope_choices(self) -> dict[str, int]:
        """What the 范围 field completes: 全校, each grade, each class."""
        return {WHOLE_SCHOOL: 0, **dict.fromkeys(self.grades(), 0), **self.class_choices()}

    def scope_of(self, text: str) -> Scope | str:
        """全校 (also when empty), a grade name, or classes separated by 、; else what is wrong."""
        text = text.strip() or WHOLE_SCHOOL
        if text == WHOLE_SCHOOL:
            return Scope(ActivityScope.SCHOOL)
        grade = self.grades().get(text)
        if grade:
            # Grades reach the GUI through the classes (ClassSummary.grade_id); where none is
            # given the grade is its classes — 达标情况 counts those for the grade as well.
            grade_id = grade[0].grade_id
            if grade_id is not None:
                return Scope(ActivityScope.GRADE, grade_id=grade_id)
            return Scope(ActivityScope.CLASSES, class_ids=tuple(c.id for c in grade))
        ids, unknown = self.class_ids(text)
        if unknown:
            return f"没有这个年级或班级：{'、'.join(unknown)}"
        return Scope(ActivityScope.CLASSES, class_ids=tuple(ids))

    # -- staff -------------------------------------------------------------------------
    def staff_choices(self) -> dict[str, int]:
        return {staff_label(s): s.id for s in self.staff}

    def staff_id(self, text: str) -> int | None:
        return resolve(text, self.staff_choices())

    def staff_ids(self, text: str) -> tuple[list[int], list[str]]:
        """Typed names (、 between them) → (ids, names not found or not unique)."""
        choices = self.staff_choices()
        ids: list[int] = []
        unknown: list[str] = []
        for name in split_names(text):
            found = resolve(name, choices)
            if found is None:
                unknown.append(name)
            elif found not in ids:
                ids.append(found)
        return ids, unknown

    def monitor_choices(self) -> dict[str, int]:
        """The 心理委员 at school (朋辈之间相互谈's talkers)."""
        if self._monitors is None:
            self._monitors = self.load_monitors()
        return self._monitors

    # -- students ----------------------------------------------------------------------
    def student_choices(self, text: str) -> dict[str, int]:
        """Students matching what is typed so far (name, pinyin initials, 学号), as labels."""
        needle = bare_name(text)
        return {student_label(s): s.id for s in self.search(needle)} if needle else {}

    def student_id(self, text: str) -> int | None:
        return resolve(text, self.student_choices(text))

    def students_in(self, class_name: str) -> list[StudentListItem]:
        """A class's students (the search matches a class name exactly), 在读 and 休学."""
        return [s for s in self.search(class_name) if s.class_name == class_name]
