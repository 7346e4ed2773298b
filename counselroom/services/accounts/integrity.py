"""`counselroom check`: page-level integrity, the audit chain and its copied head."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counselroom.domain.audit import AuditAction, Outcome
from counselroom.domain.errors import DatabaseDamaged, ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.services.accounts.sign_in import audit_head_warnings
from counselroom.services.guard import authorize
from counselroom.store import audit_log, care_counts
from counselroom.store.cases import search_index
from counselroom.store.connection import foreign_key_problems, run_health_checks
from counselroom.store.crisis import incident_status
from counselroom.store.database import Database
from counselroom.store.keyfile import load_keyfile

NO_RECOVERY_SLOT = "密钥文件中没有恢复密钥槽：丢失电脑上的密码后将无法恢复，请尽快用备份恢复或联系维护人员"
NO_AUDIT_HEAD = "密钥文件中没有审计日志头记录：无法发现被截断的日志尾部"


@dataclass(frozen=True)
class IntegrityReport:
    ok: bool
    problems: tuple[str, ...]
    audit_rows: int
    first_bad_audit_row: int | None

    def to_json(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "problems": list(self.problems),
            "audit_rows": self.audit_rows,
            "first_bad_audit_row": self.first_bad_audit_row,
        }


def check_database(db: Database, actor: Actor, *, now: datetime) -> IntegrityReport:
    """Both stores page by page, the audit chain, its key-file head and its care-store anchor,
    breaks a sign-in found and no lead has acknowledged yet, and — with the care key — the
    principal's counts against a fresh recount (refreshed afterwards, audited) and the full-text
    index's structure (then merged into one segment: FTS5 'optimize')."""
    authorize(db, actor, Permission.CHECK_INTEGRITY, now=now)
    problems = run_health_checks(db.conn, db.path, full=True)
    if db.has_care:
        problems += run_health_checks(db.conn, db.care_path, full=True, schema="care")
    problems += [f"外键不一致：{p.table} 第 {p.rowid} 行" for p in foreign_key_problems(db.conn)]
    chain = audit_log.verify(db.conn)
    if chain.first_bad_seq is not None:
        problems.append(f"审计日志第 {chain.first_bad_seq} 条有问题：{chain.problem}")
    problems += audit_head_warnings(db)  # what sign-in found is in the chain: recorded breaks below
    problems += [f"登录时发现（{b.at}，审计日志第 {b.seq} 条记录）：{b.reason}" for b in _recorded_breaks(db)]
    problems += _keyfile_problems(db, audit_rows=chain.rows)
    index_problems = search_index.index_problems(db.conn) if db.has_care else []
    problems += index_problems
    stale_counts = care_counts.differences(db.conn) + incident_status.differences(db.conn) if db.has_care else []
    problems += [f"汇总统计与重新计数不符：{d}" for d in stale_counts]
    report = IntegrityReport(not problems, tuple(problems), chain.rows, chain.first_bad_seq)
    with db.transaction() as conn:
        if db.has_care and not index_problems:
            search_index.optimize(conn)  # merge the segments many small writes leave behind
        if stale_counts:
            care_counts.write(conn, care_counts.recount(conn))
            incident_status.write(conn, incident_status.recount(conn))
            audit_log.append(
                conn, at=now, actor=actor, action=AuditAction.CARE_COUNTS_REFRESHED, detail=f"{len(stale_counts)} 处"
            )
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.INTEGRITY_CHECK,
            outcome=Outcome.OK if report.ok else Outcome.FAILED,
            detail=f"{len(problems)} 个问题",
        )
    return report


def _recorded_breaks(db: Database) -> list[audit_log.RecordedBreak]:
    """What sign-ins found wrong with the chain, since a lead last acknowledged it."""
    return audit_log.unacknowledged_breaks(
        db.conn, failed_check=AuditAction.INTEGRITY_CHECK.value, acknowledged=AuditAction.AUDIT_BREAK_ACKNOWLEDGED.value
    )


def acknowledge_audit_breaks(db: Database, actor: Actor, *, note: str, now: datetime) -> int:
    """A lead has looked into the breaks `check` keeps reporting: they stop being reported. The
    note says what was found (audited); returns how many were acknowledged."""
    authorize(db, actor, Permission.ACKNOWLEDGE_AUDIT_BREAKS, now=now)
    text = note.strip()
    if not text:
        raise ValidationError("请写明核查的结果（例如：已核实为误操作，已向校领导报告）", field="说明")
    found = _recorded_breaks(db)
    if not found:
        raise ValidationError("没有待确认的审计日志问题")
    with db.transaction() as conn:
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.AUDIT_BREAK_ACKNOWLEDGED,
            reason=text[:500],
            detail=f"第 {found[0].seq}–{found[-1].seq} 条记录的 {len(found)} 个问题",
        )
    return len(found)


def _keyfile_problems(db: Database, *, audit_rows: int) -> list[str]:
    """What the key file on disk lacks (SECURITY.md 27): the recovery slot, without which a lost
    password or keyring entry is data loss, and the audit head, without which a cut tail of the log
    does not show. A head missing when the database was opened counts too: this session's first
    write has put one back since."""
    try:
        keyfile = load_keyfile(db.keyfile_path)
    except DatabaseDamaged as exc:
        return [exc.message]
    problems = []
    if keyfile.recovery_slot() is None:
        problems.append(NO_RECOVERY_SLOT)
    if db.opened_without_audit_head or (keyfile.audit_head is None and audit_rows > 0):
        problems.append(NO_AUDIT_HEAD)
    return problems
