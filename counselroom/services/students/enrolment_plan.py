"""Valid roster rows compared with the database: what is new, what changes, what stays.

Students are matched by 学号. An update never erases what the sheet leaves empty (a birth
date, a phone), never removes guardians (a counselor may have added one), and touches the
family-situation flags only when the sheet has a 家庭情况 column.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from counselroom.domain.school.class_names import DEFAULT_FORM, ClassName, GradeName, NameForm
from counselroom.domain.students.enrolment_rules import EnrolmentRow, GuardianEntry
from counselroom.domain.students.enrolment_values import FAMILY_FLAG_VALUES
from counselroom.domain.students.pinyin_initials import name_initials
from counselroom.services.school.class_naming import name_form_of
from counselroom.store.connection import Connection
from counselroom.store.students import enrolment_sync

ClassKey = tuple[str, int, int]


@dataclass(frozen=True)
class KnownStudent:
    """A student already in the database, as the import compares a sheet row with it."""

    id: int
    student_no: str
    name: str
    gender: str
    birth_date: str | None  # ISO date
    class_id: int | None
    name_initials: str


@dataclass(frozen=True)
class KnownGuardian:
    id: int
    student_id: int
    name: str
    relation: str
    phone: str


@dataclass(frozen=True)
class Snapshot:
    """What the import compares against, loaded in a few queries."""

    students: dict[str, KnownStudent]
    guardians: dict[int, list[KnownGuardian]]
    family_flags: dict[int, set[str]]
    grades: dict[tuple[str, int], int]
    classes: dict[ClassKey, int]
    class_names: dict[int, str]
    form: NameForm = DEFAULT_FORM  # the school's way of writing class names, for new ones
    # Family flags live in the care store: a session without the care key neither reads nor writes them.
    manages_flags: bool = True

    @classmethod
    def load(cls, conn: Connection, *, with_flags: bool) -> Snapshot:
        students = {
            no: KnownStudent(s.id, s.student_no, s.name, s.gender, s.birth_date, s.class_id, s.name_initials)
            for no, s in enrolment_sync.students_by_number(conn).items()
        }
        guardians = {
            sid: [KnownGuardian(g.id, g.student_id, g.name, g.relation, g.phone) for g in found]
            for sid, found in enrolment_sync.guardians_by_student(conn).items()
        }
        return cls(
            students,
            guardians,
            enrolment_sync.flags_by_student(conn, FAMILY_FLAG_VALUES) if with_flags else {},
            enrolment_sync.grade_ids(conn),
            enrolment_sync.current_class_ids(conn),
            enrolment_sync.class_names(conn),
            name_form_of(conn),
            manages_flags=with_flags,
        )


@dataclass(frozen=True)
class Update:
    row: EnrolmentRow
    record: KnownStudent
    changed: tuple[str, ...]  # 姓名 性别 出生日期 班级 监护人 家庭情况


@dataclass
class Plan:
    inserts: list[EnrolmentRow] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    unchanged: list[tuple[EnrolmentRow, KnownStudent]] = field(default_factory=list)
    new_grades: list[GradeName] = field(default_factory=list)
    new_classes: list[ClassName] = field(default_factory=list)
    # Keyed by 学号 so that new students' guardians and flags wait for their ids.
    guardian_inserts: list[tuple[str, GuardianEntry, bool]] = field(default_factory=list)
    phone_updates: list[tuple[str, int]] = field(default_factory=list)
    flag_adds: list[tuple[str, str]] = field(default_factory=list)
    flag_removes: list[tuple[int, str]] = field(default_factory=list)
    initials: dict[str, str] = field(default_factory=dict)  # 学号 → initials to store

    def class_label(self, snapshot: Snapshot, cls: ClassName) -> str:
        class_id = snapshot.classes.get(_key(cls))
        new_name = cls.display(snapshot.form)
        return snapshot.class_names.get(class_id, new_name) if class_id else new_name


def _key(cls: ClassName) -> ClassKey:
    return (cls.grade.stage, cls.grade.year_in_stage, cls.number)


def make_plan(rows: tuple[EnrolmentRow, ...], snapshot: Snapshot, *, with_initials: bool = True) -> Plan:
    """with_initials=False skips the pinyin (a preview does not store it: ~0.5 s on 5,000 rows)."""
    plan = Plan()
    class_keys = {cid: key for key, cid in snapshot.classes.items()}
    for cls in sorted({r.class_name for r in rows}):
        if _key(cls) not in snapshot.classes:
            plan.new_classes.append(cls)
    plan.new_grades = sorted(
        {c.grade for c in plan.new_classes} - {GradeName(*g) for g in snapshot.grades}, key=lambda g: g.sort_order
    )
    for row in rows:
        record = snapshot.students.get(row.student_no)
        changed = _compare(plan, row, record, snapshot, class_keys)
        if record is None:
            plan.inserts.append(row)
        elif changed:
            plan.updates.append(Update(row, record, changed))
        else:
            plan.unchanged.append((row, record))
        initials = name_initials(row.name) if with_initials else ""
        if with_initials and (record is None or record.name_initials != initials):
            plan.initials[row.student_no] = initials
    return plan


def _compare(
    plan: Plan, row: EnrolmentRow, record: KnownStudent | None, snapshot: Snapshot, class_keys: dict[int, ClassKey]
) -> tuple[str, ...]:
    """The fields that differ (recording guardian and flag writes in the plan)."""
    existing = snapshot.guardians.get(record.id, []) if record else []
    changed = []
    if record is not None:
        birth = row.birth_date.isoformat() if row.birth_date else record.birth_date
        for label, old, new in (
            ("姓名", record.name, row.name),
            ("性别", record.gender, row.gender),
            ("出生日期", record.birth_date, birth),
            ("班级", class_keys.get(record.class_id or 0), _key(row.class_name)),
        ):
            if old != new:
                changed.append(label)
    if _merge_guardians(plan, row, existing):
        changed.append("监护人")
    if _sync_flags(plan, row, record, snapshot):
        changed.append("家庭情况")
    return tuple(changed)


def _merge_guardians(plan: Plan, row: EnrolmentRow, existing: list[KnownGuardian]) -> bool:
    """Add guardians the student does not have, update a known one's phone; True if any."""
    seen: set[tuple[str, str]] = set()
    before = (len(plan.guardian_inserts), len(plan.phone_updates))
    for entry in row.guardians:
        if (entry.name, entry.relation) in seen:
            continue
        seen.add((entry.name, entry.relation))
        match = next((g for g in existing if (g.name, g.relation) == (entry.name, entry.relation)), None)
        if match is None:
            primary = not existing and len(seen) == 1
            plan.guardian_inserts.append((row.student_no, entry, primary))
        elif entry.phone and entry.phone != match.phone:
            plan.phone_updates.append((entry.phone, match.id))
    return before != (len(plan.guardian_inserts), len(plan.phone_updates))


def _sync_flags(plan: Plan, row: EnrolmentRow, record: KnownStudent | None, snapshot: Snapshot) -> bool:
    if row.family_flags is None or not snapshot.manages_flags:
        return False
    current = snapshot.family_flags.get(record.id, set()) if record else set()
    adds, removes = row.family_flags - current, current - row.family_flags
    plan.flag_adds += [(row.student_no, f) for f in sorted(adds)]
    plan.flag_removes += [(record.id, f) for f in sorted(removes)] if record else []
    return bool(adds or removes)
