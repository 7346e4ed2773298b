"""休学 → 复学 (issue #11 item 3): a leave with its reason and expected return; a return resting on a
signed 复学评估, with the documents checklist and the first-month check-ins; those past due on the
responsible counselor's 今日 board."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from counselroom.domain.errors import AccessDenied, NotFound, ValidationError
from counselroom.domain.roles import Role
from counselroom.domain.students.leave_return import CheckinAction, LeaveAction, LeaveReason, ReturnDocument
from counselroom.domain.students.student_facts import StudentStatus
from counselroom.services import today
from counselroom.services.accounts.session import Session
from counselroom.services.cases import attachments, cases, notes
from counselroom.services.registry import build_registry
from counselroom.services.students import return_checkins, return_todos, school_leave, student_records
from counselroom.services.students.school_leave import DocumentReceived
from tests.conftest import FIXED_NOW
from tests.school_data import add_small_school
from tests.services.case_data import user_id
from tests.services.leave_data import (
    ASSESSED,
    ASSESSMENT,
    EXPECTED,
    LEFT,
    REASON,
    RETURNED,
    case_with_assessment,
    on_leave,
    returned,
)

SOURCES = build_registry().todo_sources


@pytest.fixture
def people(sessions: dict[Role, Session]) -> dict[Role, Session]:
    add_small_school(sessions[Role.ADMIN])
    return sessions


def _status(s: Session, student_id: int) -> str:
    return student_records.open_student_file(s.db, s.actor, student_id, now=FIXED_NOW).status


def _return(s: Session, student_id: int, note_id: int | None, **kw: object) -> object:
    return school_leave.record_return(
        s.db,
        s.actor,
        student_id,
        returned_on=RETURNED,
        assessment_note_id=note_id,
        now=FIXED_NOW,
        **kw,  # type: ignore[arg-type]
    )


# -- the walk ---------------------------------------------------------------------------------


def test_a_leave_and_a_return_with_its_assessment_documents_and_plan(people: dict[Role, Session]) -> None:
    c = people[Role.COUNSELOR]
    on_leave(c, 1)
    assert _status(c, 1) == "休学"
    first = return_checkins.student_leaves(c.db, c.actor, 1, now=FIXED_NOW)
    assert first.actions == {LeaveAction.RECORD_RETURN}
    [leave] = first.leaves
    assert (leave.left_on, leave.expected_return, leave.reason_kind, leave.reason, leave.back) == (
        LEFT.isoformat(), EXPECTED.isoformat(), LeaveReason.MENTAL_HEALTH, REASON, None,
    )  # fmt: skip

    _case, note_id = case_with_assessment(people, 1)
    choices = school_leave.return_assessments(c.db, c.actor, 1, now=FIXED_NOW)
    assert [(a.note_id, a.signed, a.conclusion, a.usable) for a in choices] == [
        (note_id, True, "建议复学并重点关注", "")
    ]
    docs = [
        DocumentReceived(ReturnDocument.PARENT_APPLICATION, date(2025, 9, 8)),
        DocumentReceived(ReturnDocument.DIAGNOSIS, date(2025, 9, 9), issuer="市第九医院"),
    ]
    _return(c, 1, note_id, documents=docs)

    file = student_records.open_student_file(c.db, c.actor, 1, now=FIXED_NOW)
    assert file.status == "复学"
    assert [(h.from_status, h.to_status) for h in file.status_history] == [("在读", "休学"), ("休学", "复学")]
    after = return_checkins.student_leaves(c.db, c.actor, 1, now=FIXED_NOW)
    assert after.actions == {LeaveAction.TAKE_LEAVE}
    back = after.leaves[0].back
    assert back is not None
    assert (back.returned_on, back.assessment_note_id, back.assessment_on) == (
        RETURNED.isoformat(), note_id, ASSESSED.isoformat(),
    )  # fmt: skip
    ticked = {d.kind: (d.received_on, d.issuer, d.expected) for d in back.documents}
    assert ticked[ReturnDocument.DIAGNOSIS] == ("2025-09-09", "市第九医院", False)
    assert ticked[ReturnDocument.HOSPITAL_CERTIFICATE] == ("", "", True)
    assert back.missing == (ReturnDocument.HOSPITAL_CERTIFICATE,)  # 待补, shown, not blocking
    assert [(x.due_on, x.overdue, x.actions) for x in back.checkins] == [
        ("2025-09-22", True, {CheckinAction.COMPLETE}),
        ("2025-09-29", True, {CheckinAction.COMPLETE}),
        ("2025-10-13", False, {CheckinAction.COMPLETE}),
    ]


def test_a_leave_for_another_reason_returns_without_an_assessment(people: dict[Role, Session]) -> None:
    c = people[Role.COUNSELOR]
    on_leave(c, 2, kind=LeaveReason.ILLNESS, reason="骨折手术后卧床休养")
    _return(c, 2, None, checkin_dates=[RETURNED + timedelta(days=7)])
    back = return_checkins.student_leaves(c.db, c.actor, 2, now=FIXED_NOW).leaves[0].back
    assert back is not None and back.assessment_note_id is None and [x.due_on for x in back.checkins] == ["2025-09-22"]
    assert back.missing == (ReturnDocument.PARENT_APPLICATION, ReturnDocument.HOSPITAL_CERTIFICATE)


def test_the_plain_status_change_no_longer_does_leave_or_return(people: dict[Role, Session]) -> None:
    c = people[Role.COUNSELOR]
    with pytest.raises(ValidationError, match="办理休学"):
        student_records.change_student_status(
            c.db, c.actor, 1, to_status=StudentStatus.SUSPENDED, on_date=LEFT, reason="因病", now=FIXED_NOW
        )
    on_leave(c, 1)
    with pytest.raises(ValidationError, match="办理复学"):
        student_records.change_student_status(
            c.db, c.actor, 1, to_status=StudentStatus.RESUMED, on_date=RETURNED, reason="复学", now=FIXED_NOW
        )


# -- what a return is refused for -------------------------------------------------------------


def test_a_mental_health_leave_needs_a_signed_assessment_that_supports_the_return(people: dict[Role, Session]) -> None:
    c = people[Role.COUNSELOR]
    on_leave(c, 1)
    with pytest.raises(ValidationError, match="须有已签名的复学评估"):
        _return(c, 1, None)
    _case, draft = case_with_assessment(people, 1, sign=False)
    with pytest.raises(ValidationError, match="草稿"):
        _return(c, 1, draft)
    _case, not_yet = case_with_assessment(people, 1, conclusion="建议暂缓复学，再次评估")
    with pytest.raises(ValidationError, match="暂缓"):
        _return(c, 1, not_yet)
    on_leave(c, 3)
    _case, other = case_with_assessment(people, 3)
    with pytest.raises(ValidationError, match="不是这名学生"):
        _return(c, 1, other)
    usable = {a.note_id: a.usable for a in school_leave.return_assessments(c.db, c.actor, 1, now=FIXED_NOW)}
    assert set(usable) == {draft, not_yet} and all(usable.values())
    assert _status(c, 1) == "休学"


def test_dates_are_checked(people: dict[Role, Session]) -> None:
    c = people[Role.COUNSELOR]
    with pytest.raises(ValidationError, match="预计复学日期应在休学日期之后"):
        school_leave.take_leave(
            c.db, c.actor, 1, left_on=LEFT, reason_kind=LeaveReason.FAMILY, reason="家庭变故",
            expected_return=LEFT, now=FIXED_NOW,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="休学原因"):
        school_leave.take_leave(
            c.db, c.actor, 1, left_on=LEFT, reason_kind=LeaveReason.FAMILY, reason=" ", expected_return=EXPECTED,
            now=FIXED_NOW,
        )  # fmt: skip
    on_leave(c, 1)
    with pytest.raises(ValidationError, match="不能办理休学"):
        on_leave(c, 1)
    _case, note_id = case_with_assessment(people, 1)
    with pytest.raises(ValidationError, match="复学日期应在休学日期之后"):
        school_leave.record_return(c.db, c.actor, 1, returned_on=LEFT, assessment_note_id=note_id, now=FIXED_NOW)
    for plan, message in (
        ([], "至少安排一次"),
        ([RETURNED], "以内"),
        ([RETURNED + timedelta(days=43)], "以内"),
        ([RETURNED + timedelta(days=7)] * 2, "重复"),
    ):
        with pytest.raises(ValidationError, match=message):
            _return(c, 1, note_id, checkin_dates=plan)
    with pytest.raises(ValidationError, match="收到日期"):
        _return(c, 1, note_id, documents=[DocumentReceived(ReturnDocument.PARENT_APPLICATION, date(2025, 12, 1))])


def test_a_return_leans_only_on_an_assessment_the_counselor_may_read(people: dict[Role, Session]) -> None:
    """The assessment's case is the lead's own; the counselor, not on it, may neither see nor use it."""
    lead, c = people[Role.LEAD], people[Role.COUNSELOR]
    on_leave(c, 1)
    cases.open_case(
        lead.db, lead.actor, 1, reason="休学后申请复学", issue_types=["情绪"], counselor_ids=[user_id(lead, "lead")],
        now=FIXED_NOW,
    )  # fmt: skip
    case_id = max(x.id for x in cases.my_cases(lead.db, lead.actor, now=FIXED_NOW))
    note_id = notes.start_note(
        lead.db, lead.actor, case_id, template_id="return", held_on=ASSESSED, fields=ASSESSMENT, now=FIXED_NOW
    )
    notes.sign_note(lead.db, lead.actor, note_id, now=FIXED_NOW)
    assert school_leave.return_assessments(c.db, c.actor, 1, now=FIXED_NOW) == []
    with pytest.raises(AccessDenied):
        _return(c, 1, note_id)
    _return(lead, 1, note_id)
    assert _status(c, 1) == "复学"


# -- the check-ins and the 今日 board ---------------------------------------------------------


def _todos(s: Session) -> list[today.TodoItem]:
    return [t for t in today.today_board(s.db, s.actor, sources=SOURCES, now=FIXED_NOW).todos if t.kind == "复学随访"]


def test_past_due_check_ins_reach_the_following_counselors_today_board(people: dict[Role, Session]) -> None:
    c, lead = people[Role.COUNSELOR], people[Role.LEAD]
    returned(people, 1)
    items = _todos(c)
    assert [(t.overdue, t.page, t.target) for t in items] == [
        (True, "学生", today.TodoTarget(today.TargetKind.STUDENT, 1, tab=return_todos.TAB)),
        (True, "学生", today.TodoTarget(today.TargetKind.STUDENT, 1, tab=return_todos.TAB)),
        (False, "学生", today.TodoTarget(today.TargetKind.STUDENT, 1, tab=return_todos.TAB)),
    ]
    assert "张晓明（初一(1)班）" in items[0].text and "9月22日" in items[0].text and "已逾期" in items[0].text
    board = today.today_board(c.db, c.actor, sources=SOURCES, now=FIXED_NOW).todos
    assert board.index(items[0]) < min(i for i, t in enumerate(board) if not t.overdue)  # overdue first
    assert _todos(lead) == []  # the lead does not follow this return


def test_a_check_in_is_done_once_with_a_note_and_leaves_the_board(people: dict[Role, Session]) -> None:
    c = people[Role.COUNSELOR]
    return_id = returned(people, 1)
    back = return_checkins.student_leaves(c.db, c.actor, 1, now=FIXED_NOW).leaves[0].back
    assert back is not None
    first = back.checkins[0].id
    with pytest.raises(ValidationError, match="简要记录"):
        return_checkins.complete_checkin(c.db, c.actor, first, done_on=date(2025, 9, 22), note=" ", now=FIXED_NOW)
    with pytest.raises(ValidationError, match="不能早于复学日期"):
        return_checkins.complete_checkin(c.db, c.actor, first, done_on=date(2025, 9, 1), note="好", now=FIXED_NOW)
    return_checkins.complete_checkin(
        c.db, c.actor, first, done_on=date(2025, 9, 22), note="情绪平稳，能跟上课程", now=FIXED_NOW
    )
    with pytest.raises(ValidationError, match="已完成"):
        return_checkins.complete_checkin(c.db, c.actor, first, done_on=date(2025, 9, 23), note="再记", now=FIXED_NOW)
    assert len(_todos(c)) == 2
    return_checkins.add_return_checkin(c.db, c.actor, return_id, due_on=date(2025, 10, 20), now=FIXED_NOW)
    later = return_checkins.student_leaves(c.db, c.actor, 1, now=FIXED_NOW).leaves[0].back
    assert later is not None
    done = later.checkins[0]
    assert (done.done_on, done.note, done.done_by, done.overdue, done.actions) == (
        "2025-09-22", "情绪平稳，能跟上课程", "王老师", False, frozenset(),
    )  # fmt: skip
    assert later.checkins[-1].due_on == "2025-10-20" and later.checkins[-1].actions == frozenset()  # a week off
    with pytest.raises(ValidationError, match="以内"):
        return_checkins.add_return_checkin(c.db, c.actor, return_id, due_on=date(2025, 12, 1), now=FIXED_NOW)
    with pytest.raises(NotFound):
        return_checkins.complete_checkin(c.db, c.actor, 999, done_on=date(2025, 9, 22), note="x", now=FIXED_NOW)


def test_a_document_that_comes_later_is_ticked_with_its_scan(people: dict[Role, Session], tmp_path: Path) -> None:
    c = people[Role.COUNSELOR]
    return_id = returned(people, 1)
    case_id = max(x.id for x in cases.my_cases(c.db, c.actor, now=FIXED_NOW) if x.student_id == 1)
    scan = tmp_path / "复学证明.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n" + b"scan")
    attachments.attach_file(c.db, c.actor, case_id, scan, kind="医院来函", now=FIXED_NOW)
    [attachment] = attachments.case_attachments(c.db, c.actor, case_id, now=FIXED_NOW)
    certificate = DocumentReceived(ReturnDocument.HOSPITAL_CERTIFICATE, date(2025, 10, 9), "市第九医院", attachment.id)
    return_checkins.receive_return_document(c.db, c.actor, return_id, certificate, now=FIXED_NOW)
    back = return_checkins.student_leaves(c.db, c.actor, 1, now=FIXED_NOW).leaves[0].back
    assert back is not None and back.missing == ()
    line = next(d for d in back.documents if d.kind is ReturnDocument.HOSPITAL_CERTIFICATE)
    assert (line.received_on, line.attachment_id) == ("2025-10-09", attachment.id)
    # a scan from another student's case is refused
    _other_case, _note = case_with_assessment(people, 3)
    other = max(x.id for x in cases.my_cases(c.db, c.actor, now=FIXED_NOW) if x.student_id == 3)
    attachments.attach_file(c.db, c.actor, other, scan, kind="医院来函", now=FIXED_NOW)
    [foreign] = attachments.case_attachments(c.db, c.actor, other, now=FIXED_NOW)
    wrong = DocumentReceived(ReturnDocument.DIAGNOSIS, date(2025, 10, 9), attachment_id=foreign.id)
    with pytest.raises(ValidationError, match="不是这名学生"):
        return_checkins.receive_return_document(c.db, c.actor, return_id, wrong, now=FIXED_NOW)


# -- audit and roles --------------------------------------------------------------------------


def test_audit_rows_carry_ids_and_action_words_only(people: dict[Role, Session]) -> None:
    c, admin = people[Role.COUNSELOR], people[Role.ADMIN]
    returned(people, 1)
    back = return_checkins.student_leaves(c.db, c.actor, 1, now=FIXED_NOW).leaves[0].back
    assert back is not None
    return_checkins.complete_checkin(
        c.db, c.actor, back.checkins[0].id, done_on=date(2025, 9, 22), note="情绪平稳，能跟上课程", now=FIXED_NOW
    )
    rows = admin.db.conn.execute(
        "SELECT object_type, object_id, detail, coalesce(reason, '') FROM audit_log WHERE action = 'student_updated'"
    ).fetchall()
    assert ("student", "1", "在读→休学", "") in rows and ("student", "1", "休学→复学", "") in rows  # the status
    assert ("student_return", str(back.id), "复学随访完成", "") in rows
    text = repr(rows)
    for secret in ("张晓明", REASON, "情绪平稳", "建议复学"):
        assert secret not in text


def test_the_care_after_a_return_is_audited_against_the_return_never_the_student(
    people: dict[Role, Session], tmp_path: Path
) -> None:
    """The school store's audit may hold ids and action words, but must not tie a student to care
    events: a check-in done, one added, a document received name the return, not the student."""
    c, admin = people[Role.COUNSELOR], people[Role.ADMIN]
    return_id = returned(people, 1)
    back = return_checkins.student_leaves(c.db, c.actor, 1, now=FIXED_NOW).leaves[0].back
    assert back is not None
    before = admin.db.conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    return_checkins.complete_checkin(
        c.db, c.actor, back.checkins[0].id, done_on=date(2025, 9, 22), note="情绪平稳", now=FIXED_NOW
    )
    return_checkins.add_return_checkin(c.db, c.actor, return_id, due_on=date(2025, 10, 20), now=FIXED_NOW)
    letter = DocumentReceived(ReturnDocument.HOSPITAL_CERTIFICATE, date(2025, 10, 9), "市第九医院")
    return_checkins.receive_return_document(c.db, c.actor, return_id, letter, now=FIXED_NOW)
    rows = admin.db.conn.execute(
        "SELECT action, object_type, object_id, detail FROM audit_log WHERE seq > ? ORDER BY seq", (before,)
    ).fetchall()
    written = [tuple(row) for row in rows if row[0] == "student_updated"]
    assert written == [
        ("student_updated", "student_return", str(return_id), "复学随访完成"),
        ("student_updated", "student_return", str(return_id), "复学随访增加"),
        ("student_updated", "student_return", str(return_id), "复学材料"),
    ]
    assert [row for row in rows if row[1] == "student"] == []


@pytest.mark.parametrize("role", [Role.PRINCIPAL, Role.ADMIN])
def test_principal_and_admin_see_and_do_nothing_of_it(people: dict[Role, Session], role: Role) -> None:
    returned(people, 1)
    s = people[role]
    with pytest.raises(AccessDenied):
        return_checkins.student_leaves(s.db, s.actor, 1, now=FIXED_NOW)
    with pytest.raises(AccessDenied):
        return_todos.return_checkin_todos(s.db, s.actor, FIXED_NOW)
    assert _todos(s) == []
