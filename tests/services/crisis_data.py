"""危机事件 test data: an incident about 张晓明 (student 1) worked by the counselor, with its time
line, after-care for a classmate (李雨涵) and a teacher (周老师), and canaries in every free text."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from counselroom.domain.roles import Role
from counselroom.services.accounts import accounts, care_access
from counselroom.services.accounts.session import Session
from counselroom.services.accounts.sign_in import sign_in
from counselroom.services.crisis import aftercare, incidents
from counselroom.store import users
from tests.conftest import FIXED_NOW, PASSWORD, SchoolFixture
from tests.school_data import add_small_school

# Free text that must never reach the school store, the audit log or a principal's view.
CANARIES = {
    "summary": "金丝雀经过甲乙丙",
    "place": "金丝雀地点丁戊",
    "detail": "金丝雀陪护细节己庚",
    "whom": "金丝雀母亲辛壬",
    "reason": "金丝雀目睹癸子",
    "outcome": "金丝雀随访情况丑寅",
    "closing": "金丝雀小结卯辰",
}
NAMES = ("张晓明", "李雨涵", "周老师", "王老师", "李主任")
OPENED = FIXED_NOW - timedelta(hours=2)  # 07:30, the incident was reported
FIRST_DUE = date(2025, 10, 14)


def staff_id(session: Session, name: str) -> int:
    row = session.db.conn.execute("SELECT id FROM staff WHERE name = ?", (name,)).fetchone()
    return int(row[0])


def counselors_incident(sessions: dict[Role, Session], *, school: bool = True) -> int:
    """An incident opened by the counselor (responsible): 发现报告 at 07:30."""
    if school:
        add_small_school(sessions[Role.ADMIN])
    c = sessions[Role.COUNSELOR]
    return incidents.open_incident(
        c.db, c.actor, kind="自伤", risk_level="高", summary=CANARIES["summary"], occurred_at=OPENED,
        student_ids=[1], place=CANARIES["place"], now=OPENED + timedelta(minutes=5),
    )  # fmt: skip


def handled(sessions: dict[Role, Session], incident_id: int) -> dict[str, int]:
    """The time line (班主任, 家长, 分管校领导 notified; 陪护) and after-care for a classmate and a
    teacher with one follow-up each, due tomorrow. Returns the after-care entries' ids."""
    c = sessions[Role.COUNSELOR]
    steps = (
        ("通知班主任", "班主任 周老师", "", 10),
        ("通知家长", CANARIES["whom"], "", 20),
        ("通知分管校领导", "分管副校长", "", 25),
        ("陪护", "王老师", CANARIES["detail"], 30),
    )
    for kind, whom, detail, minutes in steps:
        incidents.record_event(
            c.db, c.actor, incident_id, kind=kind, at=OPENED + timedelta(minutes=minutes), whom=whom, detail=detail,
            now=FIXED_NOW,
        )  # fmt: skip
    classmate = aftercare.add_aftercare_person(
        c.db, c.actor, incident_id, student_id=2, reason=CANARIES["reason"], first_due=FIRST_DUE, now=FIXED_NOW
    )
    teacher = aftercare.add_aftercare_person(
        c.db, c.actor, incident_id, staff_id=staff_id(c, "周老师"), reason="处置教师", first_due=FIRST_DUE,
        now=FIXED_NOW,
    )  # fmt: skip
    return {"classmate": classmate, "teacher": teacher}


def finish_followups(session: Session, incident_id: int, when: datetime) -> None:
    detail = incidents.get_incident(session.db, session.actor, incident_id, now=when)
    for person in detail.aftercare:
        for f in person.followups:
            if f.done_on is None:
                aftercare.record_followup(
                    session.db, session.actor, f.id, done_on=when.date(), outcome=CANARIES["outcome"], now=when
                )


def second_lead(school: SchoolFixture, sessions: dict[Role, Session]) -> Session:
    """Another lead account, confirmed: may co-sign what the first lead wrote."""
    admin, lead = sessions[Role.ADMIN], sessions[Role.LEAD]
    name = f"lead{users.all_users(admin.db.conn)[-1].id + 1}"
    accounts.add_account(
        admin.db, admin.actor, username=name, display_name="赵主任", role=Role.LEAD, password=PASSWORD,
        now=FIXED_NOW, keys=school.keys,
    )  # fmt: skip
    own = sign_in(admin.db.path, name, PASSWORD, now=FIXED_NOW, keys=school.keys)
    accounts.change_own_password(
        own.db, own.actor, old_password=PASSWORD, new_password=PASSWORD + "-own", now=FIXED_NOW, keys=school.keys
    )
    own.db.close()
    for session in sessions.values():
        session.db.reload_keyfile()
    row = users.by_username(lead.db.conn, name)
    assert row is not None
    care_access.confirm_care_access(lead.db, lead.actor, user_id=row.id, now=FIXED_NOW)
    return school.sign_in(name, PASSWORD + "-own")
