"""到期清除, done: on the lead's confirmation, every row about the chosen students goes from both
stores in one transaction, then both files are vacuumed (issue #14 item 5; SECURITY.md 25).

One transaction over both stores (attached, rollback journal: atomic across the two files). Each
student in turn: mark what goes (store/retention/purge_scope.py), delete it, index the group
notes kept for others again without them, and write one audit row — the student's pseudonym and
how many rows went from each store, never a name or an id. Then the principal's counts and the
incident statuses are counted afresh and the search index is merged, still inside the transaction.
After commit both files are checkpointed and vacuumed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime

from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.roles import Actor, Permission
from counselroom.services.accounts.session import Changes
from counselroom.services.backup.retention import due_among
from counselroom.services.backup.retention_setting import kept_years
from counselroom.services.cases.search_documents import index_note
from counselroom.services.guard import authorize
from counselroom.store import audit_log
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.retention import after_purge, purge_rows, purge_scope, student_strings
from counselroom.store.retention.pseudonym import student_pseudonym

Progress = Callable[[int, int], None]  # (done, total)

# Everything a page may show of a purged student.
PURGE_CHANGES = (
    ChangeKind.STUDENTS,
    ChangeKind.CASES,
    ChangeKind.WARNINGS,
    ChangeKind.SCREENING,
    ChangeKind.APPOINTMENTS,
    ChangeKind.REFERRALS,
    ChangeKind.INCIDENTS,
    ChangeKind.ACTIVITIES,
    ChangeKind.MENTORS,
    ChangeKind.AUDIT,
)


def purge_students(
    db: Database, actor: Actor, student_ids: Collection[int], *, now: datetime, progress: Progress | None = None
) -> Changes:
    """Delete the records of these students (each must be due today) from both stores, for good."""
    authorize(db, actor, Permission.PURGE_EXPIRED, now=now)
    students = due_among(db.conn, student_ids, now.date())
    step = progress or _no_progress
    total = len(students) + 2
    school_rows = care_rows = 0
    with db.transaction() as conn:
        years = kept_years(conn)
        for done, student in enumerate(students):
            step(done, total)
            school, care = _purge_one(conn, actor, student.student_id, years, now)
            school_rows, care_rows = school_rows + school, care_rows + care
        step(len(students), total)  # every row deleted; the counts, the index and the commit follow
        purge_scope.clear(conn)
        after_purge.recount(conn)
        after_purge.merge_search_index(conn)
    step(len(students) + 1, total)
    compacted = after_purge.compact(db.conn)
    step(total, total)
    summary = f"已清除 {len(students)} 名学生的记录：学校数据 {school_rows} 行，心理档案 {care_rows} 行。"
    if not compacted:
        summary += "整理数据文件未完成（可能磁盘空间不足），已删除的内容已被覆盖；下次清除时会再整理。"
    return Changes.of(*PURGE_CHANGES, summary=summary)


def _purge_one(conn: Connection, actor: Actor, student_id: int, years: int, now: datetime) -> tuple[int, int]:
    purge_scope.mark(conn, [student_id])
    words = student_strings.identifying_strings(conn)
    purge_scope.mark_drafts(
        conn,
        student_strings.drafts_naming(
            conn,
            [student_id],
            words,
            case_ids=set(purge_scope.marked(conn, "purge_cases")),
            note_ids=set(purge_scope.marked(conn, "purge_notes")),
        ),
    )
    shared_notes = purge_scope.marked(conn, "shared_notes")
    pseudonym = student_pseudonym(conn, student_id)
    rows = purge_rows.delete_marked(conn, words)
    for note_id in shared_notes:  # their search entries named this student among theirs
        index_note(conn, note_id)
    detail = f"学校数据 {rows.school} 行，心理档案 {rows.care} 行"
    if rows.redacted:
        detail += f"；与其他学生共用的记录 {rows.redacted} 条去掉了此学生的姓名"
    audit_log.append(
        conn,
        at=now,
        actor=actor,
        action=AuditAction.PURGE,
        object_type="purged_student",
        object_id=pseudonym,
        reason=f"离校满 {years} 年，保存期限届满",
        detail=detail,
    )
    return rows.school, rows.care


def _no_progress(done: int, total: int) -> None:
    return None
