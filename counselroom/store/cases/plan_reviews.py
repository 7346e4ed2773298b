"""一人一案 reviews (S003 item 23: 根据干预效果，动态更新): each review keeps the plan as it stood
after it, so the plan's history reads review by review. Care store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from counselroom.store.connection import Connection
from counselroom.store.named_rows import fetch_all, fetch_one


@dataclass(frozen=True)
class PlanReviewRow:
    id: int
    reviewed_on: str
    what_worked: str
    changes: str
    next_review: str | None
    goals: str
    measures: str
    reviewed_by: int


def insert_review(
    conn: Connection,
    student_id: int,
    *,
    reviewed_on: date,
    what_worked: str,
    changes: str,
    next_review: date | None,
    goals: str,
    measures: str,
    reviewed_by: int,
    now: datetime,
) -> int:
    cur = conn.execute(
        "INSERT INTO plan_reviews (student_id, reviewed_on, what_worked, changes, next_review, goals, measures,"
        " reviewed_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            student_id,
            reviewed_on.isoformat(),
            what_worked,
            changes,
            next_review.isoformat() if next_review else None,
            goals,
            measures,
            reviewed_by,
            now.isoformat(timespec="seconds"),
        ),
    )
    return int(cur.lastrowid or 0)


def reviews_of(conn: Connection, student_id: int) -> list[PlanReviewRow]:
    rows = fetch_all(
        conn,
        "SELECT id, reviewed_on, what_worked, changes, next_review, goals, measures, reviewed_by FROM plan_reviews"
        " WHERE student_id = ? ORDER BY reviewed_on, id",
        (student_id,),
    )
    return [
        PlanReviewRow(
            int(r["id"]),
            str(r["reviewed_on"]),
            str(r["what_worked"]),
            str(r["changes"]),
            r["next_review"],
            str(r["goals"]),
            str(r["measures"]),
            int(r["reviewed_by"]),
        )
        for r in rows
    ]


def next_review_of(conn: Connection, student_id: int) -> str | None:
    row = fetch_one(
        conn,
        "SELECT next_review FROM plan_reviews WHERE student_id = ? ORDER BY reviewed_on DESC, id DESC LIMIT 1",
        (student_id,),
    )
    return str(row["next_review"]) if row and row["next_review"] else None
