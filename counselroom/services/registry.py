"""The one list of what feeds the 今日 board's 待办 and the 一生一档 timeline, each source with the
permission needed to see it. Built once at start-up (gui/app.py, the CLI when it needs it, the
tests' fixtures) and handed to `today.today_board(sources=…)` and
`timeline.student_timeline(sources=…)`. Nothing registers itself when a module is imported: a new
module (随访, 辅导记录签名, 个案) adds its line here, where a reader sees every source at once.

Order matters: sources are read in this order, and the timeline keeps it for events of one day."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from counselroom.domain.roles import Permission
from counselroom.services import today
from counselroom.services.activities import activity_todos
from counselroom.services.cases import note_todos
from counselroom.services.crisis import aftercare
from counselroom.services.referrals import referral_todos
from counselroom.services.scheduling import appointments
from counselroom.services.screening import screening_todos
from counselroom.services.students import return_todos, timeline
from counselroom.services.students import timeline_sources as sources


@dataclass(frozen=True)
class Registry:
    todo_sources: tuple[tuple[Permission, today.TodoSource], ...]
    timeline_sources: tuple[tuple[Permission, timeline.Source], ...]


def build_registry() -> Registry:
    """A new registry; a source listed twice is a mistake caught here, at start-up."""
    todo_sources = (
        (Permission.MANAGE_WARNINGS, screening_todos.risk_answer_todos),
        (Permission.VIEW_WARNINGS, today.review_todos),
        (Permission.MANAGE_WARNINGS, today.proposal_todos),
        (Permission.VIEW_CARE_RECORDS, today.report_todos),
        (Permission.RECORD_SCREENING, screening_todos.crisis_check_todos),
        (Permission.SCHEDULE_APPOINTMENTS, today.attendance_todos),
        (Permission.VIEW_CARE_RECORDS, today.duty_log_todos),
        (Permission.WRITE_CASES, note_todos.unsigned_note_todos),
        (Permission.READ_ALL_CASES, note_todos.cosign_todos),
        (Permission.WRITE_CASES, aftercare.aftercare_todos),  # 事后安抚 follow-ups: the counselor's own
        (Permission.READ_ALL_CASES, aftercare.incident_cosign_todos),
        (Permission.WRITE_CASES, referral_todos.referral_todos),  # the responsible counselor's 转介 and 随访 due
        (Permission.WRITE_CARE_RECORDS, return_todos.return_checkin_todos),  # 复学 check-ins: the follower's own
        (Permission.RECORD_ACTIVITIES, activity_todos.activity_todos),  # 心理课, 家访, 培训 short of the profile
    )
    timeline_sources = (
        (Permission.VIEW_CARE_RECORDS, sources.status_events),  # 休学 reasons: care store
        (Permission.VIEW_WARNINGS, sources.warning_events),
        (Permission.VIEW_SCREENING_DETAIL, sources.screening_events),
        (Permission.VIEW_CARE_RECORDS, sources.peer_report_events),
        (Permission.VIEW_CARE_RECORDS, sources.mentor_events),
        (Permission.VIEW_CARE_RECORDS, appointments.timeline_events),
        (Permission.VIEW_CARE_RECORDS, sources.talk_events),
        (Permission.VIEW_CARE_RECORDS, sources.home_visit_events),
        (Permission.READ_ASSIGNED_CASES, sources.note_events),  # and per note: may_read_case
    )
    _require_once(todo_sources)
    _require_once(timeline_sources)
    return Registry(todo_sources, timeline_sources)


def _require_once(sources: Sequence[tuple[Permission, object]]) -> None:
    seen = [source for _permission, source in sources]
    twice = {getattr(s, "__qualname__", repr(s)) for s in seen if seen.count(s) > 1}
    if twice:
        raise ValueError(f"listed more than once: {sorted(twice)}")
