"""三级预警 / 重点关爱人员清单: list, add, change level, review, close, with history; the
principal's view is counts by level and grade only (SPEC §1)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from counselroom.domain.audit import AuditAction
from counselroom.domain.care.warnings import (
    NOTICE_ACTION,
    NoticeChannel,
    WarningAction,
    WarningLevel,
    WarningSource,
    check_review_date,
    default_review_date,
    require_reason,
)
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import AlreadyExists, NotFound, ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.small_counts import ProtectedTable, protect_table
from counselroom.services.accounts.session import Changes
from counselroom.services.guard import authorize
from counselroom.services.school.policy import policy_of
from counselroom.store import audit_log, care_counts, users
from counselroom.store.care import warnings
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.students import student_records as student_store


@dataclass(frozen=True)
class WarningEntry:
    id: int
    student_id: int
    student_no: str
    student_name: str
    class_name: str
    level: WarningLevel
    reason: str
    source: str
    counselor: str
    opened_on: date
    review_on: date
    review_overdue: bool


@dataclass(frozen=True)
class WarningHistoryLine:
    changed_at: str
    who: str
    action: str
    from_level: str
    to_level: str
    review_on: str
    reason: str


@dataclass(frozen=True)
class WarningCounts:
    """Aggregates only: no names, no ids. `table` is what a screen shows: for a viewer without
    the care key (the principal) counts from 1 to the profile's threshold read "<N", with
    complementary suppression; the plain numbers stay for the care side's own use."""

    by_level: dict[str, int]
    by_grade: dict[str, dict[str, int]]  # grade name -> level label -> count
    total: int
    table: ProtectedTable | None = None


def _entry(conn: Connection, row: warnings.WarningRow, today: date, names: dict[int, str]) -> WarningEntry:
    student = student_store.get(conn, row.student_id)
    assert student is not None
    return WarningEntry(
        row.id,
        row.student_id,
        student.student_no,
        student.name,
        student.class_name,
        row.level,
        row.reason,
        row.source,
        names.get(row.counselor_id or 0, ""),
        row.opened_on,
        row.review_on,
        row.review_on < today,
    )


def _user_names(conn: Connection) -> dict[int, str]:
    return {u.id: u.display_name for u in users.all_users(conn)}


def list_warnings(db: Database, actor: Actor, *, now: datetime) -> list[WarningEntry]:
    """Open entries, most urgent level first, then the nearest review date. Audited as a read."""
    authorize(db, actor, Permission.VIEW_WARNINGS, now=now)
    names = _user_names(db.conn)
    entries = [_entry(db.conn, r, now.date(), names) for r in warnings.all_open(db.conn)]
    with db.transaction() as conn:
        audit_log.append(conn, at=now, actor=actor, action=AuditAction.WARNING_LIST_VIEWED, detail=f"{len(entries)} 人")
    return sorted(entries, key=lambda e: (-e.level.rank, e.review_on, e.class_name, e.student_no))


def reviews_due(db: Database, actor: Actor, *, now: datetime, within_days: int = 7) -> list[WarningEntry]:
    """Entries whose review falls due within `within_days` (overdue first) — for 今日."""
    authorize(db, actor, Permission.VIEW_WARNINGS, now=now)
    names = _user_names(db.conn)
    today = now.date()
    due = [
        _entry(db.conn, r, today, names)
        for r in warnings.all_open(db.conn)
        if (r.review_on - today).days <= within_days
    ]
    return sorted(due, key=lambda e: (e.review_on, -e.level.rank))


def warning_history(db: Database, actor: Actor, warning_id: int, *, now: datetime) -> list[WarningHistoryLine]:
    """Every change to the entry and every time a guardian was told, in time order."""
    authorize(db, actor, Permission.VIEW_WARNINGS, now=now, object_type="warning", object_id=warning_id)
    names = _user_names(db.conn)
    labels = {level.value: level.label for level in WarningLevel}
    lines = [
        WarningHistoryLine(
            h.changed_at.replace("T", " "),
            names.get(h.changed_by or 0, ""),
            h.action,
            labels.get(h.from_level, ""),
            labels.get(h.to_level, ""),
            h.review_on,
            h.reason,
        )
        for h in warnings.history(db.conn, warning_id)
    ]
    lines += [_notice_line(n) for n in warnings.guardian_notices(db.conn, warning_id)]
    return sorted(lines, key=lambda line: line.changed_at)  # stable: same-moment lines keep their order


def _notice_line(n: warnings.GuardianNoticeRow) -> WarningHistoryLine:
    said = f"；家长表示：{n.response}" if n.response else ""
    text = f"{n.channel}告知{n.guardian}{said}"
    at = n.told_at.replace("T", " ")
    at += ":00" if len(at) == 16 else ""  # minutes as written; seconds like the other lines, to sort alike
    return WarningHistoryLine(at, n.told_by, NOTICE_ACTION, "", "", "", text)


def record_guardian_notice(
    db: Database,
    actor: Actor,
    warning_id: int,
    *,
    told_at: datetime,
    channel: NoticeChannel,
    told_by: str,
    guardian: str,
    response: str,
    now: datetime,
) -> Changes:
    """家长告知 (S004 及时与家长进行密切沟通): when, how and by whom the guardian was told about
    the entry, and what they said. Kept with the entry's history."""
    authorize(db, actor, Permission.MANAGE_WARNINGS, now=now, object_type="warning", object_id=warning_id)
    row = warnings.by_id(db.conn, warning_id)
    if row is None:
        raise NotFound("没有这条预警")
    if told_at > now:
        raise ValidationError("告知时间不能晚于现在", field="告知时间")
    if told_at.date() < row.opened_on:
        raise ValidationError("告知时间不能早于列入预警的日期", field="告知时间")
    who, whom, said = told_by.strip(), guardian.strip(), response.strip()
    if not who or not whom:
        raise ValidationError("请写明由谁告知、告知了哪位家长", field="告知人")
    if len(said) < 2:
        raise ValidationError("请记下家长的回应（例如：同意带孩子就医评估）", field="家长回应")
    with db.transaction() as conn:
        notice_id = warnings.insert_guardian_notice(
            conn,
            warning_id,
            told_at=told_at,
            channel=NoticeChannel(channel).value,
            told_by=who,
            guardian=whom,
            response=said,
            user_id=actor.user_id,
            now=now,
        )
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.WARNING_CHANGED,
            object_type="warning",
            object_id=warning_id,
            detail=f"告知家长 {notice_id}",
        )
    return Changes.of(ChangeKind.WARNINGS, summary=f"已记录：{channel}告知{whom}")


def warning_counts(db: Database, actor: Actor, *, now: datetime) -> WarningCounts:
    """What a principal may see: counts by level and by grade."""
    authorize(db, actor, Permission.VIEW_AGGREGATES, now=now)
    # From the counts the care side keeps in the school store: the same for every role.
    rows = care_counts.open_warnings_by_grade_level(db.conn)
    by_level: Counter[str] = Counter()
    by_grade: dict[str, dict[str, int]] = {}
    for r in rows:
        by_level[r.level.label] += r.count
        cell = by_grade.setdefault(r.grade, {})
        cell[r.level.label] = cell.get(r.level.label, 0) + r.count
    total = sum(r.count for r in rows)
    levels = [lv.label for lv in WarningLevel]
    threshold = 0 if db.has_care else policy_of(db.conn).small_count_threshold
    table = protect_table(
        list(by_grade), levels, [[cells.get(lv, 0) for lv in levels] for cells in by_grade.values()], threshold
    )
    if db.has_care:
        return WarningCounts({lv: by_level.get(lv, 0) for lv in levels}, by_grade, total, table)
    # Without the care key only what the protected table shows leaves the service.
    return WarningCounts(
        {lv: cell.value or 0 for lv, cell in zip(levels, table.column_totals, strict=True)},
        {
            g: {lv: c.value or 0 for lv, c in zip(levels, row, strict=True)}
            for g, row in zip(by_grade, table.cells, strict=True)
        },
        table.grand_total.value or 0,
        table,
    )


def add_to_warning_list(
    db: Database,
    actor: Actor,
    student_id: int,
    *,
    level: WarningLevel,
    reason: str,
    source: WarningSource,
    now: datetime,
    review_on: date | None = None,
    counselor_id: int | None = None,
) -> Changes:
    authorize(db, actor, Permission.MANAGE_WARNINGS, now=now, object_type="student", object_id=student_id)
    with db.transaction() as conn:
        warning_id = open_entry(
            conn,
            actor,
            student_id,
            level=level,
            reason=reason,
            source=source.value,
            review_on=review_on,
            counselor_id=counselor_id,
            now=now,
        )
    return Changes.of(ChangeKind.WARNINGS, summary=f"已列入{level.label}预警（编号 {warning_id}）")


def open_entry(
    conn: Connection,
    actor: Actor,
    student_id: int,
    *,
    level: WarningLevel,
    reason: str,
    source: str,
    review_on: date | None,
    counselor_id: int | None,
    now: datetime,
) -> int:
    """Inside a transaction: the entry, its first history line and the audit row."""
    text = require_reason(reason)
    student = student_store.get(conn, student_id)
    if student is None:
        raise NotFound("没有这名学生")
    if warnings.open_warning(conn, student_id) is not None:
        raise AlreadyExists(f"{student.name}已在预警名单上，请调整等级而不是重复列入")
    review = review_on or default_review_date(level, now.date())
    check_review_date(review, now.date())
    responsible = counselor_id or actor.user_id
    warning_id = warnings.insert(
        conn,
        student_id=student_id,
        level=level,
        reason=text,
        source=source,
        counselor_id=responsible,
        opened_on=now.date(),
        review_on=review,
        now=now,
    )
    warnings.add_history(
        conn,
        warning_id=warning_id,
        action=WarningAction.OPEN,
        from_level="",
        to_level=level.value,
        review_on=review,
        reason=text,
        changed_by=actor.user_id,
        now=now,
    )
    audit_log.append(
        conn,
        at=now,
        actor=actor,
        action=AuditAction.WARNING_CHANGED,
        object_type="warning",
        object_id=warning_id,
        detail=f"列入 {level.label}",
    )
    return warning_id


def _open_row(conn: Connection, warning_id: int) -> warnings.WarningRow:
    row = warnings.by_id(conn, warning_id)
    if row is None or row.closed_on is not None:
        raise NotFound("这条预警已解除或不存在")
    return row


def _change(
    db: Database,
    actor: Actor,
    warning_id: int,
    *,
    action: WarningAction,
    level: WarningLevel | None,
    review_on: date | None,
    reason: str,
    now: datetime,
    close: bool = False,
) -> Changes:
    authorize(db, actor, Permission.MANAGE_WARNINGS, now=now, object_type="warning", object_id=warning_id)
    text = require_reason(reason)
    with db.transaction() as conn:
        row = _open_row(conn, warning_id)
        new_level = level or row.level
        review = row.review_on if close else (review_on or default_review_date(new_level, now.date()))
        if not close:
            check_review_date(review, now.date())
        warnings.update(
            conn,
            warning_id,
            level=new_level,
            review_on=review,
            counselor_id=row.counselor_id,
            reason=row.reason if action is WarningAction.REVIEW else text,
            now=now,
            closed_on=now.date() if close else None,
        )
        warnings.add_history(
            conn,
            warning_id=warning_id,
            action=action,
            from_level=row.level.value,
            to_level="" if close else new_level.value,
            review_on=None if close else review,
            reason=text,
            changed_by=actor.user_id,
            now=now,
        )
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.WARNING_CHANGED,
            object_type="warning",
            object_id=warning_id,
            detail=action.value,
        )
    return Changes.of(ChangeKind.WARNINGS, summary=f"预警已{action.value}")


def change_warning_level(
    db: Database,
    actor: Actor,
    warning_id: int,
    *,
    level: WarningLevel,
    reason: str,
    now: datetime,
    review_on: date | None = None,
) -> Changes:
    # Checked before the entry is read: a refused caller learns nothing about it.
    authorize(db, actor, Permission.MANAGE_WARNINGS, now=now, object_type="warning", object_id=warning_id)
    row = warnings.by_id(db.conn, warning_id)
    if row is not None and row.level is level:
        raise ValidationError(f"当前已是{level.label}预警", field="预警等级")
    return _change(
        db, actor, warning_id, action=WarningAction.CHANGE, level=level, review_on=review_on, reason=reason, now=now
    )


def record_review(
    db: Database, actor: Actor, warning_id: int, *, reason: str, now: datetime, next_review_on: date | None = None
) -> Changes:
    """A review that keeps the level: what was seen, and the next review date."""
    return _change(
        db, actor, warning_id, action=WarningAction.REVIEW, level=None, review_on=next_review_on, reason=reason, now=now
    )


def close_warning(db: Database, actor: Actor, warning_id: int, *, reason: str, now: datetime) -> Changes:
    return _change(
        db,
        actor,
        warning_id,
        action=WarningAction.CLOSE,
        level=None,
        review_on=None,
        reason=reason,
        now=now,
        close=True,
    )
