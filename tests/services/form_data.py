"""Records behind each printed form of the referral and crisis workflows (issue #11 item 6), for the
form tests and the role matrix: a referral made to the 定点合作 hospital in the counselor's case,
whose case also holds a signed note and whose student is on the warning list (text that must never
reach the 转介单); a return with its signed 复学评估; an incident with its time line and after-care;
a 保密例外 on that incident. Each builder returns the record's id."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from counselroom.domain.care.warnings import WarningLevel, WarningSource
from counselroom.domain.crisis.confidentiality import Recipient
from counselroom.domain.errors import AlreadyExists
from counselroom.domain.referrals.referral_rules import ReferralState
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.care import warning_list
from counselroom.services.cases import notes
from counselroom.services.crisis import confidentiality
from counselroom.services.printing import print_jobs
from counselroom.services.printing.print_jobs import PrintJob
from counselroom.services.referrals import referral_views
from tests.conftest import FIXED_NOW
from tests.services.case_data import SIGNED
from tests.services.crisis_data import CANARIES, counselors_incident, handled
from tests.services.leave_data import returned
from tests.services.matrix_care import school
from tests.services.referral_data import referral_in

WARNING_REASON = "预警原因金丝雀：同学反映其在社交平台发消极言论"
RETURNING_STUDENT = 3  # 王子轩
DISCLOSED = "孩子近期有自伤想法，请今晚陪伴，明早带孩子到心理辅导室"


def referral_with_case_content(sessions: dict[Role, Session], state: ReferralState = ReferralState.REFERRED) -> int:
    """A referral for 张晓明 walked to `state`; its case holds a signed note, and 张晓明 is on the
    warning list at 红色 — both things the partner must not see."""
    rid = referral_in(sessions, state)
    c, lead = sessions[Role.COUNSELOR], sessions[Role.LEAD]
    case_id = referral_views.get_referral(c.db, c.actor, rid, now=FIXED_NOW).summary.case_id
    assert case_id is not None
    note = notes.start_note(
        c.db, c.actor, case_id, template_id="individual", held_on=FIXED_NOW.date(), fields=SIGNED, now=FIXED_NOW
    )
    notes.sign_note(c.db, c.actor, note, now=FIXED_NOW)
    with contextlib.suppress(AlreadyExists):  # once per database
        warning_list.add_to_warning_list(
            lead.db, lead.actor, 1, level=WarningLevel.RED, reason=WARNING_REASON, source=WarningSource.HEAD_TEACHER,
            now=FIXED_NOW,
        )  # fmt: skip
    return rid


def a_return(sessions: dict[Role, Session]) -> int:
    """王子轩 back from a leave for mental health, with a signed 复学评估 in the counselor's case."""
    school(sessions)
    return returned(sessions, RETURNING_STUDENT)


def an_incident(sessions: dict[Role, Session]) -> int:
    """The counselor's incident about 张晓明 with its time line and after-care (李雨涵, 周老师)."""
    school(sessions)
    incident_id = counselors_incident(sessions, school=False)
    handled(sessions, incident_id)
    return incident_id


def an_exception(sessions: dict[Role, Session]) -> int:
    """A 保密例外 (生命安全风险) on the counselor's incident, told to the mother and the 班主任."""
    school(sessions)
    incident_id = counselors_incident(sessions, school=False)
    c = sessions[Role.COUNSELOR]
    return confidentiality.record_confidentiality_exception(
        c.db, c.actor, 1, category="生命安全风险", recipients=[Recipient("李某", "母亲"), Recipient("周老师", "班主任")],
        justification=CANARIES["reason"], disclosed=DISCLOSED, disclosed_at=FIXED_NOW, incident_id=incident_id,
        now=FIXED_NOW,
    )  # fmt: skip


Builder = Callable[[Session, int], PrintJob]
# name -> (how to make its record, how to build the job on it)
FORMS: dict[str, tuple[Callable[[dict[Role, Session]], int], Builder]] = {
    "转介单": (
        referral_with_case_content,
        lambda s, i: print_jobs.referral_slip_job(s.db, s.actor, i, now=FIXED_NOW),
    ),
    "家长告知书": (
        lambda all_: referral_with_case_content(all_, ReferralState.SUGGESTED),
        lambda s, i: print_jobs.guardian_consent_job(s.db, s.actor, i, now=FIXED_NOW),
    ),
    "复学评估表": (a_return, lambda s, i: print_jobs.return_assessment_job(s.db, s.actor, i, now=FIXED_NOW)),
    "危机事件处置记录": (an_incident, lambda s, i: print_jobs.incident_record_job(s.db, s.actor, i, now=FIXED_NOW)),
    "保密例外告知单": (
        an_exception,
        lambda s, i: print_jobs.confidentiality_notice_job(s.db, s.actor, i, now=FIXED_NOW),
    ),
}
