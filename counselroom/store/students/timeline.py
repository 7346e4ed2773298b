"""Dated events about one student, one query per source, for the 一生一档 chronology."""

from __future__ import annotations

from counselroom.store.connection import Connection

Event = tuple[str, str, str]  # (ISO date, kind, text)


def status_events(conn: Connection, student_id: int) -> list[Event]:
    rows = conn.execute(
        "SELECT on_date, from_status, to_status, reason FROM student_status_changes WHERE student_id = ?", (student_id,)
    )
    return [(r[0], "学籍", f"{r[1]} → {r[2]}" + (f"（{r[3]}）" if r[3] else "")) for r in rows]


def warning_events(conn: Connection, student_id: int) -> list[Event]:
    rows = conn.execute(
        "SELECT substr(h.changed_at, 1, 10), h.action, h.from_level, h.to_level, h.reason"
        " FROM warning_history h JOIN warnings w ON w.id = h.warning_id WHERE w.student_id = ?",
        (student_id,),
    )
    return [(r[0], "预警", f"{r[1]}：{_levels(r[2], r[3])}{r[4]}") for r in rows]


def _levels(before: str, after: str) -> str:
    names = {"red": "红色", "orange": "橙色", "yellow": "黄色"}
    if before and after and before != after:
        return f"{names.get(before, before)} → {names.get(after, after)}，"
    return f"{names[after]}，" if after in names else ""


def screening_events(conn: Connection, student_id: int) -> list[Event]:
    rows = conn.execute(
        "SELECT r.taken_on, b.instrument, r.total_score, r.band, r.positive, r.invalid_reason"
        " FROM screening_results r JOIN screening_batches b ON b.id = r.batch_id WHERE r.student_id = ?",
        (student_id,),
    )
    events = []
    for taken_on, instrument, total, band, positive, invalid in rows:
        score = f"{total:g} 分" if total is not None else ""
        verdict = f"无效问卷（{invalid}）" if invalid else ("筛查阳性" if positive else "未见异常")
        events.append((taken_on, "测评", f"{instrument} {score} {band} {verdict}".replace("  ", " ")))
    return events


def peer_report_events(conn: Connection, student_id: int) -> list[Event]:
    rows = conn.execute("SELECT reported_on, reporter, concern FROM peer_reports WHERE student_id = ?", (student_id,))
    return [(r[0], "报告", f"{r[1]}：{r[2]}") for r in rows]


def mentor_events(conn: Connection, student_id: int) -> list[Event]:
    rows = conn.execute(
        "SELECT m.since, s.name FROM mentors m JOIN staff s ON s.id = m.staff_id WHERE m.student_id = ?", (student_id,)
    )
    return [(r[0], "导师", f"成长导师：{r[1]}") for r in rows]
