"""The demo's 个案 and 辅导记录 (issue #10 item 10): cases for listed students, signed notes and a
few drafts, crisis notes co-signed by the lead, addenda — descriptive text, never a diagnosis —
and all of it readable through the services by those the access rule lets in."""

from __future__ import annotations

import pytest

from counselroom.services.cases import cases, notes
from counselroom.system.note_template_files import load_note_templates
from tests.conftest import FIXED_NOW
from tests.demo_school import Demo, make_demo

DIAGNOSES = ("抑郁症", "焦虑症", "精神分裂", "双相", "诊断", "患有")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    return make_demo(tmp_path_factory.mktemp("demo") / "school.db", students=600)


def test_cases_notes_and_co_signatures_read_as_a_counselor_writes(demo: Demo) -> None:
    with demo.session("lead") as lead:
        everything = cases.my_cases(lead.db, lead.actor, now=FIXED_NOW)
        assert len(everything) >= 3
        views = [n for c in everything for n in notes.case_notes(lead.db, lead.actor, c.id, now=FIXED_NOW)]
    states = {v.state for v in views}
    assert "已签名" in states and ("已会签" in states or "待会签" in states)
    crisis = [v for v in views if v.template_id == "crisis"]
    assert all(v.state in ("已会签", "待会签") for v in crisis)
    names = {t.id for t in load_note_templates()}
    assert {v.template_id for v in views} <= names
    text = "".join(value for v in views for value in v.fields.values())
    assert text and not [word for word in DIAGNOSES if word in text]
    with demo.session("counselor") as counselor:
        mine = cases.my_cases(counselor.db, counselor.actor, now=FIXED_NOW)
    assert mine and {c.id for c in mine} <= {c.id for c in everything}
    with demo.session("principal") as principal, pytest.raises(Exception):  # noqa: B017
        cases.my_cases(principal.db, principal.actor, now=FIXED_NOW)
