"""心理课 from the school's timetable (issue #12 item 6): preview what a sheet would add over a term,
then add it all in one transaction — or nothing, when any row is invalid.

Each row (班级, 星期, 节次) becomes a lesson on that weekday every week from the chosen day up to
today — never a day still to come, so a lesson not yet held can neither count towards 达标情况 nor
hide a gap — holidays and the school's closed days left out, source 课表导入. Without a chosen day
the import goes on from the day after the last imported lesson of the term (its first day the
first time), so importing the same sheet every week or two keeps the record current. A lesson already recorded
for the class, day and 节次 is left as it is, so importing the same sheet again adds nothing. Both
steps read the file themselves, as the student-list import does: what is applied is what the file
says at that moment."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from counselroom.domain.activities.timetable import (
    ParsedTimetable,
    RowError,
    SchoolLookup,
    TimetableRejected,
    TimetableRow,
    parse_timetable,
)
from counselroom.domain.activities.timetable_header import find_header
from counselroom.domain.activities.timetable_weeks import lesson_weeks
from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import NotFound, ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.school.class_names import ClassName, GradeName
from counselroom.domain.school.terms import term_code, term_label
from counselroom.services.accounts.session import Changes
from counselroom.services.guard import authorize
from counselroom.services.students.sheets import read_sheet
from counselroom.store import audit_log
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.school import classes, lessons, rooms, school, staff
from counselroom.system.holidays import national_day

Progress = Callable[[int, int], None]  # (done, total), for a progress bar
READ, CHECKED, STEPS = 5, 7, 10
Key = tuple[int, date, int]  # class id, day, 节次


@dataclass(frozen=True)
class TimetableLine:
    """One understood row of the sheet and how many lessons it stands for this term."""

    row: int
    class_name: str
    weekday: str  # 周一
    period: int
    topic: str
    teacher: str
    lessons: int


@dataclass(frozen=True)
class ClassLessons:
    class_name: str
    weekly: int  # rows for the class in the sheet (lessons a week)
    new: int
    present: int  # already recorded for that day and 节次


@dataclass(frozen=True)
class TimetablePreview:
    file_name: str
    term: str  # 2025-2026-1
    term_label: str
    start: date
    end: date  # today, or the term's last day for a term already over
    lines: tuple[TimetableLine, ...]
    classes: tuple[ClassLessons, ...]
    errors: tuple[RowError, ...]
    ignored_columns: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def new(self) -> int:
        return sum(c.new for c in self.classes)

    @property
    def present(self) -> int:
        return sum(c.present for c in self.classes)

    @property
    def counts(self) -> str:
        return f"{len(self.classes)} 个班，新增 {self.new} 节，已有 {self.present} 节"


@dataclass(frozen=True)
class _Term:
    id: int
    code: str
    label: str
    start: date
    end: date


@dataclass(frozen=True)
class _Plan:
    term: _Term
    start: date
    end: date
    parsed: ParsedTimetable
    weeks: dict[int, tuple[date, ...]]

    def keys(self, row: TimetableRow) -> list[Key]:
        return [(row.class_id, day, row.period) for day in self.weeks[row.weekday]]


def preview_timetable(
    db: Database,
    actor: Actor,
    path: Path,
    *,
    term_id: int,
    from_date: date | None = None,
    now: datetime,
    progress: Progress | None = None,
) -> TimetablePreview:
    """What importing `path` into the term would add. With any error nothing imports; the counts
    then cover the valid rows."""
    step = progress or _no_progress
    authorize(db, actor, Permission.RECORD_ACTIVITIES, now=now)
    plan = _plan(db.conn, path, term_id, from_date, now.date(), step)
    existing = _recorded(db.conn, plan.start, plan.end)
    step(STEPS, STEPS)
    return _preview(path, plan, existing)


def import_start(db: Database, actor: Actor, *, term_id: int, now: datetime) -> date:
    """Where an import into the term begins unless another day is chosen: the day after its last
    imported lesson, its first day the first time (at most today)."""
    authorize(db, actor, Permission.RECORD_ACTIVITIES, now=now)
    term = _term(db.conn, term_id)
    return _next_day(db.conn, term, max(term.start, min(term.end, now.date())))


def apply_timetable(
    db: Database,
    actor: Actor,
    path: Path,
    *,
    term_id: int,
    from_date: date | None = None,
    now: datetime,
    progress: Progress | None = None,
) -> Changes:
    """Add every lesson of `path` in one transaction; any invalid row → TimetableRejected, nothing
    written. Lessons already recorded for the class, day and 节次 are skipped."""
    step = progress or _no_progress
    authorize(db, actor, Permission.RECORD_ACTIVITIES, now=now)
    plan = _plan(db.conn, path, term_id, from_date, now.date(), step)
    if plan.parsed.errors:
        raise TimetableRejected(plan.parsed.errors)
    new = [
        lessons.LessonFields(row.class_id, day, period, row.topic, row.teacher_id, 1, lessons.IMPORTED)
        for row in plan.parsed.rows
        for _class_id, day, period in plan.keys(row)
    ]
    with db.transaction() as conn:  # a lesson recorded meanwhile for a class, day and 节次 is skipped
        added = lessons.insert_many(conn, new, by=int(actor.user_id), now=now)
        step(STEPS, STEPS)
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.ACTIVITY_CHANGED,
            object_type="lesson",
            object_id=plan.term.id,  # the term the timetable was imported into
            detail=f"课表导入：新增 {added}，已有 {len(new) - added}",
        )
    days = f"{plan.term.label} {plan.start} 至 {plan.end}"
    summary = f"已从课表导入 {days} 的心理课：新增 {added} 节，已有 {len(new) - added} 节未重复导入"
    return Changes.of(ChangeKind.ACTIVITIES, summary=summary)


def _plan(conn: Connection, path: Path, term_id: int, from_date: date | None, today: date, step: Progress) -> _Plan:
    term = _term(conn, term_id)
    if term.start > today:
        raise ValidationError(f"{term.label}还没有开始（{term.start} 开学）：课表导入只记已经上过的课", field="学期")
    end = min(term.end, today)
    start = max(term.start, from_date or _next_day(conn, term, end))
    if start > end:
        raise ValidationError(
            f"开始日期 {start} 晚于{'今天' if end == today else term.label + '的结束日期'} {end}："
            "课表导入只记已经上过的课，以后的课请到时再导入",
            field="开始日期",
        )
    step(0, STEPS)
    sheet = read_sheet(path)
    step(READ, STEPS)
    parsed = parse_timetable(sheet.rows, find_header(sheet.rows, sheet=path.name), _lookup(conn))
    step(CHECKED, STEPS)
    school_days = {d.day: d for d in rooms.school_days(conn, start, end)}
    weeks = lesson_weeks(start, end, school_days=school_days, national=national_day)
    return _Plan(term, start, end, parsed, weeks)


def _next_day(conn: Connection, term: _Term, end: date) -> date:
    """The day after the term's last imported lesson, or the term's first day; at most `end`, so an
    import already up to date previews 0 new rather than failing."""
    last = lessons.last_imported(conn, term.start, term.end)
    return min(last + timedelta(days=1), end) if last else term.start


def _recorded(conn: Connection, start: date, end: date) -> set[Key]:
    """The class, day and 节次 of every lesson already recorded in [start, end]."""
    return {(x.class_id, x.held_on, x.period) for x in lessons.between(conn, start, end) if x.period is not None}


def _term(conn: Connection, term_id: int) -> _Term:
    for t in school.all_terms(conn):
        if t.id == term_id:
            code = term_code(t.year_name, t.number)
            return _Term(t.id, code, term_label(t.year_name, t.number), t.start_date, t.end_date)
    raise NotFound("没有这个学期：请先在“设置 → 学年学期”中添加")


def _lookup(conn: Connection) -> SchoolLookup:
    current = {
        ClassName(GradeName(c.stage, c.year_in_stage), c.number): (c.id, c.name) for c in classes.current_classes(conn)
    }
    by_name: dict[str, list[int]] = {}
    for member in staff.active_staff(conn):
        by_name.setdefault(member.name, []).append(member.id)
    return SchoolLookup(current, {name: tuple(ids) for name, ids in by_name.items()})


def _preview(path: Path, plan: _Plan, existing: set[Key]) -> TimetablePreview:
    names: dict[int, str] = {}  # class id → name, in the sheet's order
    weekly: Counter[int] = Counter()
    new: Counter[int] = Counter()
    present: Counter[int] = Counter()
    lines = []
    for row in plan.parsed.rows:
        keys = plan.keys(row)
        names.setdefault(row.class_id, row.class_name)
        weekly[row.class_id] += 1
        present[row.class_id] += sum(1 for k in keys if k in existing)
        new[row.class_id] += sum(1 for k in keys if k not in existing)
        lines.append(
            TimetableLine(row.row, row.class_name, row.weekday_name, row.period, row.topic, row.teacher, len(keys))
        )
    per_class = tuple(ClassLessons(name, weekly[i], new[i], present[i]) for i, name in names.items())
    term = plan.term
    return TimetablePreview(
        path.name,
        term.code,
        term.label,
        plan.start,
        plan.end,
        tuple(lines),
        per_class,
        plan.parsed.errors,
        plan.parsed.ignored_columns,
    )


def to_json(preview: TimetablePreview) -> dict[str, object]:
    """The object `counselroom import lessons --json` prints, in the shape of SPEC §6's import
    output: lessons to add (new), already recorded (unchanged). Any error means nothing is (or,
    in a dry run, would be) imported, so the counts are then 0."""
    new, present = (preview.new, preview.present) if preview.ok else (0, 0)
    return {
        "new": new,
        "updated": 0,
        "unchanged": present,
        "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in preview.errors],
    }


def _no_progress(done: int, total: int) -> None:
    pass
