"""Demo 一人一案复查 (issue #10 items 5 and 10): for a few students whose plan has run two weeks or
more, one or two reviews — what worked, what changes, the next review — each updating the plan as
review_plan does (the plan's measures gain the adjustment; the review keeps the plan as it stood).
Written as a school counselor writes them: what was seen, what was agreed, never a diagnosis
(重点关注, 筛查阳性 — not a disorder's name)."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

from counselroom.store.care import care_records, warnings
from counselroom.store.cases import plan_reviews
from counselroom.store.connection import Connection

REVIEWED_PLANS = 6  # "a few": the rest of the plans wait for their first review
FIRST_AFTER = (14, 28)  # days after the plan was made
NEXT_AFTER = (28, 42)  # days to the next review

WHAT_WORKED = (
    "每周一次个别辅导坚持下来了，学生能说出自己紧张时的身体感受，班主任反映课堂上走神的次数比开学时少。",
    "班主任反馈这一阶段出勤正常，作业基本按时上交；学生说晚上能在十一点前睡下，早上不再迟到。",
    "与同桌的矛盾已经缓和，课间开始和两三个同学一起活动；心理委员反映她笑得比以前多了。",
    "家长每两周与班主任沟通一次，周末回家后的争吵减少，学生愿意主动讲学校里的事。",
    "筛查阳性后列入重点关注，这段时间没有再出现请假或一个人待着的情况，情绪较开学时平稳。",
    "和导师的谈心坚持了下来，学生愿意把作业计划拿给导师看，月考后能平静地分析失分原因。",
)
CHANGES = (
    "个别辅导由每周一次改为两周一次，其余时间由成长导师每周谈心一次。",
    "增加一次家长面谈，商量周末作息和手机使用的约定。",
    "请班主任在小组学习中安排一名同伴带一带，先从课间活动开始。",
    "考试周前加一次放松训练；继续重点关注，暂不调整关注等级。",
    "措施不变，继续观察一个月，下次复查时与班主任、家长一起评估。",
)


def add_plan_reviews(conn: Connection, rng: random.Random, *, user_ids: Mapping[str, int], now: datetime) -> None:
    """Reviews for up to REVIEWED_PLANS students whose plan is old enough, in student order."""
    counselors = {w.student_id: w.counselor_id for w in warnings.all_open(conn)}
    due = []
    for student_id in sorted(care_records.students_with_plans(conn)):
        plan = care_records.plan_of(conn, student_id)
        made = datetime.fromisoformat(plan.updated_at).date() if plan else now.date()
        if made + timedelta(days=FIRST_AFTER[0]) < now.date():
            due.append((student_id, made))
    for student_id, made in sorted(rng.sample(due, k=min(REVIEWED_PLANS, len(due)))):
        by = counselors.get(student_id) or user_ids["counselor"]
        _review(conn, rng, student_id, made, by, now)


def _review(conn: Connection, rng: random.Random, student_id: int, made: date, by: int, now: datetime) -> None:
    day = weekday(min(made + timedelta(days=rng.randint(*FIRST_AFTER)), now.date() - timedelta(days=1)))
    worked, changes = rng.sample(WHAT_WORKED, k=2), rng.sample(CHANGES, k=2)
    for i in range(2):
        plan = care_records.plan_of(conn, student_id)
        assert plan is not None
        next_day = weekday(day + timedelta(days=rng.randint(*NEXT_AFTER)))
        measures = f"{plan.measures}\n{day.month}月{day.day}日复查调整：{changes[i]}"
        at = datetime.combine(day, time(16, 40))
        plan_reviews.insert_review(
            conn, student_id, reviewed_on=day, what_worked=worked[i], changes=changes[i], next_review=next_day,
            goals=plan.goals, measures=measures, reviewed_by=by, now=at,
        )  # fmt: skip
        care_records.save_plan(conn, student_id, goals=plan.goals, measures=measures, user_id=by, now=at)
        day = next_day
        if day >= now.date():
            return


def weekday(day: date) -> date:
    """The day, or the Friday before it when it falls on a weekend."""
    return day - timedelta(days=max(0, day.weekday() - 4))
