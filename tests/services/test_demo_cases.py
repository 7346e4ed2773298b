"""The demo's 个案 and 辅导记录 (issue #10 item 10): cases for listed students, signed notes and a
few drafts, crisis notes co-signed by the lead, addenda — descriptive text, never a diagnosis —
and all of it readable through the services by those the access rule lets in."""

from __future__ import annotations

import pytest

from counselroom.demo.plan_review_rows import WHAT_WORKED
from counselroom.services.cases import cases, notes
from counselroom.services.cases.search import CareSearchHit, search_care_texts
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


def test_plans_have_reviews_written_as_a_counselor_writes(demo: Demo) -> None:
    from counselroom.services.cases import plan_reviews
    from counselroom.store.care import care_records

    with demo.session("lead") as lead:
        planned = sorted(care_records.students_with_plans(lead.db.conn))
        histories = {s: plan_reviews.plan_history(lead.db, lead.actor, s, now=FIXED_NOW) for s in planned}
    reviewed = {s: h for s, h in histories.items() if h}
    assert 1 <= len(reviewed) <= 6 < len(planned)
    for history in reviewed.values():
        assert all(r.reviewed_on < r.next_review and r.reviewed_on <= FIXED_NOW.date().isoformat() for r in history)
        assert all(r.what_worked and r.changes and r.reviewed_by for r in history)
        assert history[-1].changes in history[-1].measures  # the plan took the adjustment
    text = "".join(r.what_worked + r.changes + r.measures for h in reviewed.values() for r in h)
    assert not [word for word in DIAGNOSES if word in text]


def test_a_few_cases_carry_a_consent_form_pdf_and_a_hospital_note_png(demo: Demo) -> None:
    import io

    from pypdf import PdfReader

    from counselroom.services.cases import attachments

    with demo.session("lead") as lead:
        found = [
            (a, attachments.attachment_content(lead.db, lead.actor, a.id, now=FIXED_NOW), c.student_name)
            for c in cases.my_cases(lead.db, lead.actor, now=FIXED_NOW)
            for a in attachments.case_attachments(lead.db, lead.actor, c.id, now=FIXED_NOW)
        ]
    kinds = {a.kind for a, _b, _n in found}
    assert kinds == {"知情同意书", "医院来函"} and 3 <= len(found) <= 5
    for attachment, content, student in found:
        assert attachment.size == len(content) < 200_000
        if attachment.mime == "application/pdf":
            text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
            assert "知情同意书" in text and student in text and "演示数据" in text
        else:
            assert attachment.mime == "image/png" and content.startswith(b"\x89PNG\r\n\x1a\n")


def test_the_demo_is_searchable_and_each_counselor_finds_only_their_own(demo: Demo) -> None:
    with demo.session("lead") as lead:
        everything = search_care_texts(lead.db, lead.actor, "班主任", now=FIXED_NOW, limit=500)
        reviews = search_care_texts(lead.db, lead.actor, "复查调整", now=FIXED_NOW)
    assert {"辅导记录", "个案", "一人一案"} <= {h.kind for h in everything}
    assert reviews and all(h.kind == "一人一案" for h in reviews)
    worked = [h for phrase in WHAT_WORKED for h in search_care_texts_as(demo, "lead", phrase[:10])]
    assert worked and all(h.kind == "一人一案" and h.title.startswith("一人一案复查 20") for h in worked)
    with demo.session("counselor") as counselor:
        mine = {c.id for c in cases.my_cases(counselor.db, counselor.actor, now=FIXED_NOW)}
        hits = search_care_texts(counselor.db, counselor.actor, "班主任", now=FIXED_NOW, limit=500)
    assert hits and all(h.case_id in mine for h in hits if h.kind != "一人一案")
    assert {h.case_id for h in everything if h.case_id is not None} - mine  # others' cases exist: not found


def search_care_texts_as(demo: Demo, username: str, query: str) -> list[CareSearchHit]:
    with demo.session(username) as s:
        return search_care_texts(s.db, s.actor, query, now=FIXED_NOW, limit=500)


def test_the_lead_has_one_crisis_note_to_co_sign_and_sessions_fall_on_school_days(demo: Demo) -> None:
    from datetime import date

    from counselroom.services.cases import case_views

    with demo.session("lead") as lead:
        queued = case_views.cosign_queue(lead.db, lead.actor, now=FIXED_NOW)
        lead_name = lead.actor.display_name
        views = [
            n
            for c in cases.my_cases(lead.db, lead.actor, now=FIXED_NOW)
            for n in notes.case_notes(lead.db, lead.actor, c.id, now=FIXED_NOW)
        ]
    counselors_crisis = [v for v in views if v.template_id == "crisis" and v.author != lead_name]
    assert counselors_crisis, "a counselor assesses each red-listed student"
    assert [q.template_name for q in queued] == ["危机评估"]  # the latest; the others co-signed
    sessions = [v for v in views if v.template_id == "individual"]
    assert sessions and all(date.fromisoformat(v.held_on).weekday() < 5 for v in sessions)
    text = "".join(value for v in views for value in v.fields.values())
    assert "她" not in text and "他" not in text.replace("其他", "")  # a phrase fits any student
