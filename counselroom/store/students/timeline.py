"""Dated events about one student, one query per source, for the 一生一档 chronology."""

from __future__ import annotations

from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_all

Event = tuple[str, str, str]  # (ISO date, kind, text)


def status_events(conn: Connection, student_id: int) -> list[Event]:
    rows = fetch_all(
        conn,
        "SELECT c.on_date, c.from_status, c.to_status, coalesce(r.reason, '') AS reason FROM student_status_changes c"
        " LEFT JOIN status_change_reasons r ON r.change_id = c.id WHERE c.student_id = ?",
        (student_id,),
    )
    return [
        (r["on_date"], "学籍", f"{r['from_status']} → {r['to_status']}" + (f"（{r['reason']}）" if r["reason"] else ""))
        for r in rows
    ]


def warning_events(conn: Connection, student_id: int) -> list[Event]:
    rows = fetch_all(
        conn,
        "SELECT substr(h.changed_at, 1, 10) AS on_date, h.action, h.from_level, h.to_level, h.reason"
        " FROM warning_history h JOIN warnings w ON w.id = h.warning_id WHERE w.student_id = ?",
        (student_id,),
    )
    return [
        (r["on_date"], "预警", f"{r['action']}：{_levels(r['from_level'], r['to_level'])}{r['reason']}") for r in rows
    ]


def _levels(before: str, after: str) -> str:
    names = {"red": "红色", "orange": "橙色", "yellow": "黄色"}
    if before and after and before != after:
        return f"{names.get(before, before)} → {names.get(after, after)}，"
    return f"{names[after]}，" if after in names else ""


def screening_events(conn: Connection, student_id: int) -> list[Event]:
    rows = fetch_all(
        conn,
        "SELECT r.taken_on, b.instrument, r.total_score, r.band, r.positive, r.risk_item_flag, r.invalid_reason"
        " FROM screening_results r JOIN screening_batches b ON b.id = r.batch_id WHERE r.student_id = ?",
        (student_id,),
    )
    events = []
    for r in rows:
        total, invalid = r["total_score"], r["invalid_reason"]
        score = f"{total:g} 分" if total is not None else ""
        verdict = f"无效问卷（{invalid}）" if invalid else ("筛查阳性" if r["positive"] else "未见异常")
        if r["risk_item_flag"]:  # never 未见异常 beside a risk answer, valid sheet or not
            verdict = f"{verdict.replace('未见异常', '')}，风险题有作答".lstrip("，")
        events.append((r["taken_on"], "测评", f"{r['instrument']} {score} {r['band']} {verdict}".replace("  ", " ")))
    return events


def peer_report_events(conn: Connection, student_id: int) -> list[Event]:
    rows = fetch_all(
        conn, "SELECT reported_on, reporter, concern FROM peer_reports WHERE student_id = ?", (student_id,)
    )
    return [(r["reported_on"], "报告", f"{r['reporter']}：{r['concern']}") for r in rows]


def mentor_events(conn: Connection, student_id: int) -> list[Event]:
    rows = fetch_all(
        conn,
        "SELECT m.started_on, m.ended_on, m.end_reason, s.name AS mentor_name FROM mentorships m"
        " JOIN staff s ON s.id = m.staff_id WHERE m.student_id = ? ORDER BY m.started_on, m.id",
        (student_id,),
    )
    events: list[Event] = [(r["started_on"], "导师", f"成长导师：{r['mentor_name']}") for r in rows]
    events += [
        (r["ended_on"], "导师", f"成长导师{r['mentor_name']}结束（{r['end_reason']}）") for r in rows if r["ended_on"]
    ]
    return events
