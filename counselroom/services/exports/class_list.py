"""给班主任的关注名单 (SECURITY.md 12; `counselroom export class-list`, 预警 → 导出班级名单): the students of
one class the counseling room asks the 班主任 to keep an eye on — those on the warning list (重点关注),
each with the level, the counselor in charge and the next review day. Never the reason, a note, a
screening result or anything like a diagnosis.

A named export: the counselor states why; the file carries a visible watermark (who, as what, when,
the purpose, the export id) as its first line and in the printed footer; the audit row keeps the
reason, the export id and the SHA-256 of the bytes written. Who may: a counselor or the lead
holding the care key (EXPORT_NAMED_LISTS); never the principal or the admin. Building the list
shows names on screen, so it is audited as a read of the warning list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from counselroom.domain.audit import AuditAction
from counselroom.domain.errors import NotFound, ValidationError
from counselroom.domain.exports.export_document import ExportDocument, ExportTable, watermark_line
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.school.class_names import parse_class
from counselroom.domain.students.enrolment_values import BadValue
from counselroom.domain.visible_text import visible
from counselroom.services.exports.export_files import new_export_id, write_export
from counselroom.services.guard import authorize
from counselroom.services.printing.saved_files import SavedFile
from counselroom.store import audit_log, users
from counselroom.store.care import warnings
from counselroom.store.database import Database
from counselroom.store.school import classes, school
from counselroom.store.students import student_records

KIND = "class_list"
MAX_REASON = 200
COLUMNS = ("学号", "姓名", "性别", "关注等级", "负责心理教师", "下次复评")
ASK = (
    "请班主任在日常学习生活中多留意以下学生，发现情绪或行为明显变化时及时与心理辅导室联系。"
    "本名单仅供班主任本人使用，请勿转发、张贴或告知学生本人，用后妥善保管或销毁。"
)


@dataclass(frozen=True)
class ClassChoice:
    class_id: int
    name: str  # 初一(3)班
    head_teacher: str  # '' without one
    on_list: int  # students of the class on the warning list now


def class_list_choices(db: Database, actor: Actor, *, now: datetime) -> list[ClassChoice]:
    """The classes at school, each with how many of its students are on the warning list."""
    authorize(db, actor, Permission.EXPORT_NAMED_LISTS, now=now, object_type=KIND)
    listed = {w.student_id for w in warnings.all_open(db.conn)}
    return [
        ClassChoice(c.id, c.name, c.head_teacher, sum(1 for s in _students(db, c.id) if s.id in listed))
        for c in classes.current_classes(db.conn)
    ]


def find_class(choices: list[ClassChoice], text: str) -> ClassChoice:
    """The class named `text` (初一(3)班, 初一（3）班, 七年级3班 …), for the command line."""
    wanted = text.strip()
    exact = next((c for c in choices if c.name == wanted), None)
    if exact is not None:
        return exact
    try:
        parsed = parse_class(wanted)
        return next(c for c in choices if _parsed(c.name) == parsed)
    except (BadValue, StopIteration):
        known = "、".join(c.name for c in choices) or "无"
        raise NotFound(f"没有班级“{wanted}”。现有班级：{known}", field="班级") from None


def class_list(db: Database, actor: Actor, *, class_id: int, reason: str, now: datetime) -> ExportDocument:
    """The list as it will be written (the preview), with its watermark and export id."""
    authorize(db, actor, Permission.EXPORT_NAMED_LISTS, now=now, object_type="class", object_id=class_id)
    why = _reason(reason)
    found = next((c for c in classes.current_classes(db.conn) if c.id == class_id), None)
    if found is None:
        raise NotFound("没有这个班级（或已毕业）", field="班级")
    rows = _rows(db, class_id)
    with db.transaction() as conn:
        audit_log.append(
            conn, at=now, actor=actor, action=AuditAction.WARNING_LIST_VIEWED, object_type="class",
            object_id=class_id, detail=f"班主任名单 {len(rows)} 人",
        )  # fmt: skip
    export_id = new_export_id()
    title = f"{found.name} 重点关注学生名单"
    row = school.get_school(db.conn)
    return ExportDocument(
        kind=KIND,
        title=title,
        export_id=export_id,
        watermark=f"【保密】{watermark_line(actor.display_name, actor.role.label, now, export_id, why)}",
        about=(
            f"学校：{row.name if row else ''}　班级：{found.name}　班主任：{found.head_teacher or '（未填写）'}",
            ASK,
            f"名单截至 {now:%Y-%m-%d}，共 {len(rows)} 人。关注等级由心理辅导室确定，只表示需要关注的程度，不是诊断。",
        ),
        tables=(ExportTable("关注名单", title, COLUMNS, tuple(rows)),),
        object_id=str(class_id),
        reason=why,
        names_students=True,
    )


def save_class_list(db: Database, actor: Actor, doc: ExportDocument, path: Path, *, now: datetime) -> SavedFile:
    """Write the list to `path` (.xlsx or .csv) and audit it with its reason, export id and SHA-256."""
    authorize(db, actor, Permission.EXPORT_NAMED_LISTS, now=now, object_type="class", object_id=doc.object_id)
    if doc.kind != KIND:
        raise ValidationError("这不是班主任名单", field="导出")
    _reason(doc.reason)
    return write_export(db, actor, doc, path, now=now)


def _reason(text: str) -> str:
    why = " ".join(visible(text).split())
    if not why:
        raise ValidationError("导出含学生姓名的名单须写明用途（如：请班主任日常关注）", field="用途")
    if len(why) > MAX_REASON:
        raise ValidationError(f"用途最多 {MAX_REASON} 字，现有 {len(why)} 字", field="用途")
    return why


def _students(db: Database, class_id: int) -> list[student_records.StudentRow]:
    return student_records.at_school_in_class(db.conn, class_id)


def _rows(db: Database, class_id: int) -> list[tuple[str, ...]]:
    """The class's students on the warning list, most urgent level first, then by 学号."""
    names: dict[int, str] = {u.id: u.display_name for u in users.all_users(db.conn)}
    found = []
    for s in _students(db, class_id):
        entry = warnings.open_warning(db.conn, s.id)
        if entry is not None:
            counselor = names.get(entry.counselor_id or 0, "")
            level = f"{entry.level.label}预警"
            found.append((-entry.level.rank, s.student_no, s.name, s.gender, level, counselor, entry.review_on))
    return [(no, name, gender, level, who, day.isoformat()) for _r, no, name, gender, level, who, day in sorted(found)]


def _parsed(name: str) -> object:
    try:
        return parse_class(name)
    except BadValue:
        return None
