"""The 生成值班表 preview says why counts differ (issue 8, item 22): the teacher with the most slots
is told whose limits leave the slots to them, each capped teacher their own limit."""

from __future__ import annotations

from dataclasses import replace

from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.duty import duty_rota as duty
from tests.conftest import FIXED_NOW
from tests.services.duty_data import add_duty_school, first_term_id


def test_the_preview_explains_one_teacher_with_many_more_slots(sessions: dict[Role, Session]) -> None:
    add_duty_school(sessions[Role.ADMIN])
    lead = sessions[Role.LEAD]
    teachers = duty.list_duty_staff(lead.db, lead.actor, now=FIXED_NOW)
    capped = [replace(t, max_per_term=5) if t.name in ("李老师", "赵老师") else t for t in teachers]
    duty.set_duty_staff(lead.db, lead.actor, capped, now=FIXED_NOW)
    preview = duty.preview_rota(lead.db, lead.actor, first_term_id(lead), now=FIXED_NOW)
    lines = {b.name: b for b in preview.balance}
    assert lines["王老师"].slots > 20 and lines["李老师"].slots == lines["赵老师"].slots == 5
    assert lines["王老师"].note.startswith("其他可值班的老师已达上限（李老师学期 5 次、赵老师学期 5 次）")
    assert lines["李老师"].note == lines["赵老师"].note == "已达学期上限 5 次"


def test_an_even_roster_needs_no_explaining(sessions: dict[Role, Session]) -> None:
    add_duty_school(sessions[Role.ADMIN])
    lead = sessions[Role.LEAD]
    preview = duty.preview_rota(lead.db, lead.actor, first_term_id(lead), now=FIXED_NOW)
    assert [b.note for b in preview.balance] == ["", "", ""]
    published = duty.balance(lead.db, lead.actor, first_term_id(lead), now=FIXED_NOW)
    assert all(line.note == "" for line in published), "a published roster's balance carries no preview note"
