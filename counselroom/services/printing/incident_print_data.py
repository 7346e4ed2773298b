"""The content of the crisis forms (issue #11 item 6), read through the crisis services so their
access rules apply and the reads are audited: the 危机事件处置记录 from incidents.get_incident (the
responsible counselor, the team and the lead; 打开危机事件), the 保密例外告知单 from
confidentiality.exception_notice (the lead, those who work the incident or the case, the one who
recorded it; audited as 告知书) — which already holds only the fields the recipient needs."""

from __future__ import annotations

from datetime import datetime

from counselroom.domain.crisis.incident_rules import RiskLevel
from counselroom.domain.roles import Actor
from counselroom.domain.school.class_names import print_name
from counselroom.reports.confidentiality_notice import ConfidentialityNoticeData
from counselroom.reports.form_parts import time_text
from counselroom.reports.incident_record import AftercareLine, EventLine, IncidentRecordData
from counselroom.services.crisis import confidentiality, incidents
from counselroom.services.crisis.aftercare import AftercarePersonView, FollowupView
from counselroom.services.printing.form_data import printed_by
from counselroom.store.database import Database


def incident_record_data(db: Database, actor: Actor, incident_id: int, *, now: datetime) -> IncidentRecordData:
    """The 危机事件处置记录 for the file (READ_ASSIGNED_CASES and the incident's access rule)."""
    d = incidents.get_incident(db, actor, incident_id, now=now)
    return IncidentRecordData(
        printed=printed_by(db, actor, now=now),
        incident_id=incident_id,
        kind=d.kind,
        risk_level=RiskLevel(d.risk_level).label,
        status=d.status,
        occurred_at=time_text(d.occurred_at),
        opened_at=time_text(d.opened_at),
        place=d.place,
        students=tuple(f"{s.name}（{print_name(s.class_name)}）" if s.class_name else s.name for s in d.students),
        summary=d.summary,
        author=d.author,
        responsible=d.responsible,
        team=d.team,
        events=tuple(EventLine(time_text(e.at), e.kind, e.whom, e.detail, e.recorded_by) for e in d.events),
        aftercare=tuple(_aftercare(p) for p in d.aftercare),
        closing_summary=d.closing_summary,
        submitted=_signed(d.submitted),
        cosigned=_signed(d.cosigned),
    )


def confidentiality_notice_data(
    db: Database, actor: Actor, exception_id: int, *, now: datetime
) -> ConfidentialityNoticeData:
    """The 保密例外告知单 (the exception's access rule; audited by exception_notice)."""
    n = confidentiality.exception_notice(db, actor, exception_id, now=now)
    return ConfidentialityNoticeData(
        printed=printed_by(db, actor, now=now),
        exception_id=exception_id,
        notice_no=n.notice_no,
        student_name=n.student_name,
        class_name=print_name(n.class_name),
        category=n.category,
        basis=n.basis,
        recipients=n.recipients,
        disclosed=n.disclosed,
        disclosed_at=time_text(n.disclosed_at),
        counselor=n.counselor,
    )


def _aftercare(p: AftercarePersonView) -> AftercareLine:
    where = print_name(p.where) if p.is_student else p.where
    return AftercareLine(p.name, where, p.reason, p.counselor, tuple(_followup(f) for f in p.followups))


def _followup(f: FollowupView) -> str:
    if f.done_on is None:
        return f"{f.due_on} 未完成" + ("（已逾期）" if f.overdue else "")
    return f"{f.due_on} 已完成（{f.done_on}）：{f.outcome}"


def _signed(text: str) -> str:
    """ "王老师 2025-10-20T09:00:00" as "王老师 2025-10-20 09:00"; "" stays ""."""
    name, _space, when = text.rpartition(" ")
    return f"{name} {time_text(when)}" if when else ""
