"""Enrolment import (issue 3 item 2): preview what a school's sheet would change, then apply it
all in one transaction — or nothing, when any row is invalid.

Both steps read the file themselves, so what is applied is what the file says at that moment,
never a stale preview. Apply may be handed the preview it follows: when the file's SHA-256 (and
the day) are still those the preview parsed, its checked rows are used instead of parsing the
same bytes again — about half of a 5,000-row import's time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.school.class_names import ClassName
from counselroom.domain.students.enrolment_rules import (
    KNOWN_HEADERS,
    EnrolmentRejected,
    ParsedEnrolment,
    RowError,
    parse_enrolment,
)
from counselroom.services.accounts.session import Changes
from counselroom.services.guard import authorize
from counselroom.services.school.class_naming import name_form_of
from counselroom.services.students.enrolment_plan import Plan, Snapshot, make_plan
from counselroom.services.students.sheets import find_header_row, read_sheet
from counselroom.store import audit_log
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.students import enrolment, enrolment_sync

Progress = Callable[[int, int], None]  # (done, total), for a progress bar
# Progress in tenths, weighted by the time each step takes on a 5,000-row sheet:
# reading the file is most of it, then checking the rows, comparing, writing (or listing).
READ, CHECKED, COMPARED, STEPS = 6, 8, 9, 10


@dataclass(frozen=True)
class RowChange:
    row: int
    student_no: str
    name: str
    class_name: str
    kind: str  # 新增 / 更新
    changed: tuple[str, ...]  # for 更新: which fields


@dataclass(frozen=True)
class ParsedFile:
    """The checked rows of one version of a file: its SHA-256, and the day they were checked on
    (a birth date is checked against today)."""

    digest: str
    day: date
    enrolment: ParsedEnrolment


@dataclass(frozen=True)
class EnrolmentPreview:
    file_name: str
    new: int
    updated: int
    unchanged: int
    changes: tuple[RowChange, ...]
    errors: tuple[RowError, ...]
    new_classes: tuple[str, ...]
    ignored_columns: tuple[str, ...]  # in the sheet but not imported (备注, unknown headers)
    parsed: ParsedFile | None = field(default=None, repr=False, compare=False)  # for apply: see module doc

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def counts(self) -> str:
        return f"新增 {self.new}，更新 {self.updated}，不变 {self.unchanged}"


def preview_enrolment_import(
    db: Database, actor: Actor, path: Path, *, now: datetime, progress: Progress | None = None
) -> EnrolmentPreview:
    """What importing `path` would do. Counts cover the valid rows; with errors nothing imports.
    `progress(done, total)` is told each step (a caller may stop the preview by raising there)."""
    step = progress or _no_progress
    authorize(db, actor, Permission.IMPORT_ENROLMENT, now=now)
    parsed_file = _parse(path, now, step)
    parsed = parsed_file.enrolment
    snapshot = Snapshot.load(db.conn, with_flags=db.has_care)
    step(COMPARED, STEPS)
    plan = make_plan(parsed.rows, snapshot, with_initials=False)
    step(STEPS, STEPS)
    changes = [
        RowChange(r.row, r.student_no, r.name, plan.class_label(snapshot, r.class_name), "新增", ())
        for r in plan.inserts
    ]
    changes += [
        RowChange(
            u.row.row, u.row.student_no, u.row.name, plan.class_label(snapshot, u.row.class_name), "更新", u.changed
        )
        for u in plan.updates
    ]
    return EnrolmentPreview(
        path.name,
        len(plan.inserts),
        len(plan.updates),
        len(plan.unchanged),
        tuple(sorted(changes, key=lambda c: c.row)),
        parsed.errors,
        tuple(c.display(snapshot.form) for c in plan.new_classes),
        parsed.ignored_columns + _flags_left_out(parsed, snapshot),
        parsed_file,
    )


FLAGS_LEFT_OUT = "家庭情况（属心理档案，管理员账号不导入；请由心理中心负责人导入此表，或在学生档案中填写）"


def _flags_left_out(parsed: ParsedEnrolment, snapshot: Snapshot) -> tuple[str, ...]:
    has_column = any(r.family_flags is not None for r in parsed.rows)
    return (FLAGS_LEFT_OUT,) if has_column and not snapshot.manages_flags else ()


def apply_enrolment_import(
    db: Database,
    actor: Actor,
    path: Path,
    *,
    now: datetime,
    progress: Progress | None = None,
    checked: EnrolmentPreview | None = None,
) -> Changes:
    """Import every row of `path` in one transaction; any invalid row → EnrolmentRejected, nothing
    written. `progress(done, total)` is told each step; raising there rolls everything back.
    `checked`: the preview this follows; its rows are used while the file is byte for byte the same."""
    step = progress or _no_progress
    authorize(db, actor, Permission.IMPORT_ENROLMENT, now=now)
    parsed = _parse(path, now, step, checked.parsed if checked else None).enrolment
    if parsed.errors:
        raise EnrolmentRejected(parsed.errors)
    with db.transaction() as conn:  # compared inside the write lock: nobody changes it meanwhile
        plan = make_plan(parsed.rows, Snapshot.load(conn, with_flags=db.has_care))
        step(COMPARED, STEPS)
        _write(conn, plan, now)
        step(STEPS, STEPS)
        counts = f"新增 {len(plan.inserts)}，更新 {len(plan.updates)}，不变 {len(plan.unchanged)}"
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.ENROLMENT_IMPORTED,
            object_type="roster",
            object_id=path.name,
            detail=counts,
        )
    return Changes.of(ChangeKind.STUDENTS, ChangeKind.CLASSES, summary=f"已导入名单“{path.name}”：{counts}")


def to_json(preview: EnrolmentPreview) -> dict[str, object]:
    """SPEC §6: the object `counselroom import roster --json` prints. Any error means nothing is
    (or, in a dry run, would be) imported, so the counts are then 0 — as `import screening` says."""
    new, updated, unchanged = (preview.new, preview.updated, preview.unchanged) if preview.ok else (0, 0, 0)
    return {
        "new": new,
        "updated": updated,
        "unchanged": unchanged,
        "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in preview.errors],
    }


def _parse(path: Path, now: datetime, step: Progress, earlier: ParsedFile | None = None) -> ParsedFile:
    step(0, STEPS)
    before = _digest(path)
    if earlier is not None and (earlier.digest, earlier.day) == (before, now.date()):
        step(CHECKED, STEPS)
        return earlier
    sheet = read_sheet(path)
    step(READ, STEPS)
    header = find_header_row(sheet, set(KNOWN_HEADERS))
    parsed = parse_enrolment(sheet.rows, header.number - 1, today=now.date())  # rows are numbered from 1
    step(CHECKED, STEPS)
    # Changed while it was read: the rows belong to no one digest, so nothing may reuse them.
    return ParsedFile(before if _digest(path) == before else "", now.date(), parsed)


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""  # read_sheet says what is wrong with the file, in Chinese


def _no_progress(done: int, total: int) -> None:
    pass


def _write(conn: Connection, plan: Plan, now: datetime) -> None:
    stamp = now.isoformat(timespec="seconds")
    class_ids = _create_classes(conn, plan)
    first_id = enrolment_sync.next_student_id(conn)
    ids = {r.student_no: first_id + i for i, r in enumerate(plan.inserts)}
    enrolment_sync.insert_students(
        conn,
        [
            (
                ids[r.student_no],
                r.student_no,
                r.name,
                plan.initials[r.student_no],
                r.gender,
                r.birth_date.isoformat() if r.birth_date else None,
                class_ids[r.class_name],
                stamp,
                stamp,
            )
            for r in plan.inserts
        ],
    )
    enrolment_sync.update_students(
        conn,
        [
            (
                u.row.name,
                plan.initials.get(u.row.student_no, u.record.name_initials),
                u.row.gender,
                u.row.birth_date.isoformat() if u.row.birth_date else u.record.birth_date,
                class_ids[u.row.class_name],
                stamp,
                u.record.id,
            )
            for u in plan.updates
        ],
    )
    enrolment_sync.set_initials(
        conn, [(plan.initials[r.student_no], rec.id) for r, rec in plan.unchanged if r.student_no in plan.initials]
    )
    ids |= {u.row.student_no: u.record.id for u in plan.updates}
    enrolment.insert_guardians(
        conn, [(ids[no], g.name, g.relation, g.phone, int(primary)) for no, g, primary in plan.guardian_inserts]
    )
    enrolment_sync.update_guardian_phones(conn, plan.phone_updates)
    if plan.flag_removes or plan.flag_adds:  # only a session holding the care key plans these
        enrolment_sync.delete_flags(conn, plan.flag_removes)
        enrolment.insert_flags(conn, [(ids[no], flag) for no, flag in plan.flag_adds])


def _create_classes(conn: Connection, plan: Plan) -> dict[ClassName, int]:
    """Missing grades and classes first; then every class of the sheet → its id."""
    grades = enrolment_sync.grade_ids(conn)
    form = name_form_of(conn)  # the school's own form: 初一(3)班 or 七年级（3）班
    for g in plan.new_grades:
        grades[(g.stage, g.year_in_stage)] = enrolment.insert_grade(
            conn, name=g.display(form), stage=g.stage, year_in_stage=g.year_in_stage, sort_order=g.sort_order
        )
    for c in plan.new_classes:
        enrolment.insert_class(
            conn,
            grade_id=grades[(c.grade.stage, c.grade.year_in_stage)],
            number=c.number,
            name=c.display(form),
            head_teacher_id=None,
        )
    by_key = enrolment_sync.current_class_ids(conn)
    rows = plan.inserts + [u.row for u in plan.updates]
    return {
        r.class_name: by_key[(r.class_name.grade.stage, r.class_name.grade.year_in_stage, r.class_name.number)]
        for r in rows
    }
