"""到期清除: the students whose records are past the school's period, and what a purge of some of
them would delete (issue #14 item 5). For the lead holding the care key: the counts come from both
stores. Names, classes and dates only, and how many records of each kind — never their text."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from counselroom.domain import retention
from counselroom.domain.errors import ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.services.backup.retention_setting import kept_years
from counselroom.services.guard import authorize
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.retention import left_students as store
from counselroom.store.retention import purge_scope
from counselroom.store.retention.left_students import CARE_STORE, SCHOOL_STORE

MAX_AT_ONCE = 2000  # one transaction; a school clears a few years' leavers at a time


@dataclass(frozen=True)
class RecordCount:
    store: str  # 学校数据 or 心理档案
    kind: str  # 个案, 辅导记录, 家长联系人 …
    count: int


@dataclass(frozen=True)
class DueStudent:
    student_id: int
    name: str
    class_name: str  # the class they left from
    left_how: str  # 毕业 or 转出
    left_on: date
    due_on: date  # when the school's period ended
    counts: tuple[RecordCount, ...]

    def counts_in(self, store_name: str) -> str:
        """ "个案 1、辅导记录 4" for one store, or "—"."""
        parts = [f"{c.kind} {c.count}" for c in self.counts if c.store == store_name]
        return "、".join(parts) or "—"


@dataclass(frozen=True)
class DueList:
    years: int
    today: date
    students: tuple[DueStudent, ...]


@dataclass(frozen=True)
class PurgePreview:
    """What a purge of these students deletes, said before it does."""

    students: tuple[DueStudent, ...]
    records: tuple[RecordCount, ...]  # summed over the students, in the list's order
    school_rows: int  # every row, history and search-index entries included
    care_rows: int
    shared_records: int  # group notes, talks, visits … kept for other students, without this one


def students_due(db: Database, actor: Actor, *, now: datetime) -> DueList:
    authorize(db, actor, Permission.PURGE_EXPIRED, now=now)
    years = kept_years(db.conn)
    return DueList(years, now.date(), tuple(_due(db.conn, years, now.date())))


def purge_preview(db: Database, actor: Actor, student_ids: Collection[int], *, now: datetime) -> PurgePreview:
    authorize(db, actor, Permission.PURGE_EXPIRED, now=now)
    students = due_among(db.conn, student_ids, now.date())
    conn = db.conn
    try:
        purge_scope.mark(conn, [s.student_id for s in students])
        planned = purge_scope.planned_rows(conn)
        shared = purge_scope.shared_count(conn)
    finally:
        purge_scope.clear(conn)
    return PurgePreview(
        students=students,
        records=_summed(students),
        school_rows=sum(n for (schema, _t), n in planned.items() if schema == purge_scope.SCHOOL),
        care_rows=sum(n for (schema, _t), n in planned.items() if schema == purge_scope.CARE),
        shared_records=shared,
    )


def due_among(conn: Connection, student_ids: Collection[int], today: date) -> tuple[DueStudent, ...]:
    """These students, each checked to be past the period today; refused otherwise."""
    wanted = {int(i) for i in student_ids}
    if not wanted:
        raise ValidationError("请先在列表中选择要清除的学生", field="到期学生")
    if len(wanted) > MAX_AT_ONCE:
        raise ValidationError(f"一次最多清除 {MAX_AT_ONCE} 名学生，请分批进行", field="到期学生")
    due = {s.student_id: s for s in _due(conn, kept_years(conn), today, only=wanted)}
    missing = wanted - set(due)
    if missing:
        raise ValidationError(
            f"有 {len(missing)} 名学生不在到期名单中（未离校、尚未到期或已清除），请刷新名单后重新选择",
            field="到期学生",
        )
    return tuple(due[i] for i in sorted(due, key=lambda i: (due[i].left_on, due[i].class_name, due[i].name, i)))


def _due(conn: Connection, years: int, today: date, *, only: Collection[int] | None = None) -> list[DueStudent]:
    left = [
        s
        for s in store.left_students(conn, [status.value for status in retention.LEFT_STATUSES])
        if (only is None or s.id in only) and retention.is_due(date.fromisoformat(s.left_on), years, today)
    ]
    counts = store.record_counts(conn, [s.id for s in left])
    return [
        DueStudent(
            student_id=s.id,
            name=s.name,
            class_name=s.class_name,
            left_how=s.status,
            left_on=date.fromisoformat(s.left_on),
            due_on=retention.anniversary(date.fromisoformat(s.left_on), years),
            counts=tuple(
                RecordCount(st, kind, counts[s.id][(st, kind)])
                for st, kind, _sql in store.COUNTERS
                if (st, kind) in counts[s.id]
            ),
        )
        for s in left
    ]


def _summed(students: Collection[DueStudent]) -> tuple[RecordCount, ...]:
    totals: dict[tuple[str, str], int] = {}
    for s in students:
        for c in s.counts:
            totals[(c.store, c.kind)] = totals.get((c.store, c.kind), 0) + c.count
    order = [(st, kind) for st, kind, _sql in store.COUNTERS]
    return tuple(RecordCount(st, kind, totals[(st, kind)]) for st, kind in order if (st, kind) in totals)


__all__ = ["CARE_STORE", "SCHOOL_STORE", "DueList", "DueStudent", "PurgePreview", "RecordCount"]
