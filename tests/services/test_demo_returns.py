"""The demo's 休学 and 复学 (issue #11 item 3): a few returns with their plans, one check-in overdue
on the counselor's 今日 board, and every return resting on a signed 复学评估 the services accept."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from counselroom.demo.generator import generate_demo_school
from counselroom.domain.students.leave_return import LeaveReason
from counselroom.services import today
from counselroom.services.accounts.session import KeyPolicy
from counselroom.services.accounts.sign_in import sign_in
from counselroom.services.registry import build_registry
from counselroom.services.students import return_checkins, student_records

PASSWORD = "demo-pass-123"


def test_the_demo_has_returns_with_plans_and_one_overdue_check_in(
    db_path: Path, keys: KeyPolicy, now: datetime
) -> None:
    generate_demo_school(db_path, students=120, years=1, seed=3, password=PASSWORD, now=now, keys=keys)
    c = sign_in(db_path, "counselor", PASSWORD, now=now, keys=keys)
    try:
        back = [s for s in student_records.search_students(c.db, c.actor, "", now=now) if s.status == "复学"]
        assert len(back) >= 3
        views = [return_checkins.student_leaves(c.db, c.actor, s.id, now=now) for s in back]
        returns = [v.leaves[-1].back for v in views]
        assert all(r is not None and r.assessment_note_id and len(r.checkins) == 3 for r in returns)
        overdue = [x for r in returns if r for x in r.checkins if x.overdue]
        assert len(overdue) == 1
        done = [x for r in returns if r for x in r.checkins if x.done_on]
        assert done and all(x.note and x.done_by for x in done)
        assert any(v.leaves[-1].reason_kind is LeaveReason.MENTAL_HEALTH for v in views)
        board = today.today_board(c.db, c.actor, sources=build_registry().todo_sources, now=now).todos
        assert [t.overdue for t in board if t.kind == "复学随访"].count(True) == 1
    finally:
        c.db.close()
