"""Issue 8's acceptance for item 1, on a demo-sized school: no result with a risk answer (PHQ-9
item 9 above 0, a positive ASQ), valid or not, is without a proposal or an open 待办 on 今日."""

from __future__ import annotations

import pytest

from counselroom.services import today
from counselroom.services.accounts.session import Session
from counselroom.services.registry import build_registry
from counselroom.services.screening import screening_todos
from tests.conftest import FIXED_NOW
from tests.demo_school import Demo, make_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """The default demo size, over two school years (so older sittings are in it too)."""
    return make_demo(tmp_path_factory.mktemp("risk") / "school.db", students=1200, years=2)


def _ids(s: Session, sql: str) -> set[int]:
    return {int(r[0]) for r in s.db.conn.execute(sql).fetchall()}


def test_no_risk_answer_is_without_a_proposal_or_an_open_todo(demo: Demo) -> None:
    with demo.session() as s:
        risky = _ids(s, "SELECT id FROM screening_results WHERE risk_item_flag = 1")
        risky_invalid = _ids(s, "SELECT id FROM screening_results WHERE risk_item_flag = 1 AND invalid_reason <> ''")
        decided = _ids(s, "SELECT result_id FROM warning_proposals WHERE result_id IS NOT NULL AND status <> '待确认'")
        waiting = _ids(s, "SELECT result_id FROM warning_proposals WHERE result_id IS NOT NULL AND status = '待确认'")
        todos = screening_todos.risk_answer_todos(s.db, s.actor, FIXED_NOW)
        board = today.today_board(s.db, s.actor, sources=build_registry().todo_sources, now=FIXED_NOW)
    assert len(risky) >= 20 and risky_invalid, "the demo has risk answers on valid and on invalid sheets"
    assert risky <= decided | waiting, "every risk answer has a proposal"
    open_ones = risky - decided
    assert len(todos) == len(open_ones), "each one not yet decided is on 今日"
    assert [t for t in board.todos if t.kind == screening_todos.RISK_KIND] == todos
    assert all("请尽快面谈评估" in t.text for t in todos)


def test_invalid_sheets_with_a_risk_answer_reach_a_person(demo: Demo) -> None:
    with demo.session() as s:
        rows = s.db.conn.execute(
            "SELECT r.id, p.status, p.reason FROM screening_results r"
            " JOIN warning_proposals p ON p.result_id = r.id"
            " WHERE r.risk_item_flag = 1 AND r.invalid_reason <> ''"
        ).fetchall()
        unproposed = s.db.conn.execute(
            "SELECT count(*) FROM screening_results r WHERE r.risk_item_flag = 1 AND NOT EXISTS"
            " (SELECT 1 FROM warning_proposals p WHERE p.result_id = r.id)"
        ).fetchone()[0]
    assert rows and unproposed == 0
    assert all("无效" in reason and "风险题有作答" in reason for _id, _status, reason in rows)
