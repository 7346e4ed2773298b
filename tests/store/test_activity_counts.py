"""Talk and home-visit counts in the school store (store/activities/activity_counts.py): equal to
counts made here from the entries themselves, read by a principal's session that never opens the
care store, kept up to date in the transaction that changes a talk, a visit or a guardian, and in
step with a fresh recount (`counselroom check`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from counselroom.domain.activities.home_visits import VisitMode, family_key
from counselroom.domain.activities.talks import TalkCategory
from counselroom.domain.roles import Role
from counselroom.domain.school.terms import default_terms
from counselroom.services.accounts import integrity
from counselroom.services.accounts.session import Session
from counselroom.services.activities import home_visits, talks
from counselroom.services.activities.home_visits import VisitInput
from counselroom.services.activities.talks import TalkInput
from counselroom.services.school import school_calendar
from counselroom.store import care_counts
from counselroom.store.activities import activity_counts
from counselroom.store.activities.activity_counts import ClassVisitCount, TalkCount
from tests.conftest import FIXED_NOW, PASSWORD, SchoolFixture
from tests.services.activity_care_data import GUARDIANS, care_school, talk_input, visit_input
from tests.store.test_security_design import decrypted_pages, device_secret, keyfile_of, unwrap

# id -> class key as tests/school_data.py places them; 陈思琪 (4) is 张晓明's (1) sister.
CLASS_OF = {1: "初一(1)班", 2: "初一(1)班", 3: "初一(1)班", 4: "初二(1)班", 5: "初三(1)班", 6: "初三(1)班"}
ENROLLED = date(2025, 9, 1)  # every student of tests/school_data.py
DAYS = (date(2025, 3, 10), date(2025, 8, 20), date(2025, 9, 15), date(2025, 10, 9))  # T2, holiday, T1, T1


def _terms(sessions: dict[Role, Session]) -> dict[str, tuple[date, date]]:
    """School years 2024-2025 and 2025-2026 with default dates: term code -> (first, last day)."""
    admin = sessions[Role.ADMIN]
    found = {}
    for year in (2024, 2025):
        first, second = default_terms(year)
        school_calendar.add_school_year(admin.db, admin.actor, start_year=year, first=first, second=second,
                                        now=FIXED_NOW)  # fmt: skip
        found |= {f"{year}-{year + 1}-{t.number}": (t.start, t.end) for t in (first, second)}
    return found


def _talks(sessions: dict[Role, Session]) -> list[TalkInput]:
    ids = care_school(sessions)
    head, teacher = ids["head_teacher"], ids["teacher"]
    found = []
    for n, day in enumerate(DAYS):
        found += [
            talk_input(sessions, held_on=day, student_ids=(1, 2) if n % 2 else (2,)),
            talk_input(sessions, held_on=day, category=TalkCategory.TEACHER, talker_staff_id=teacher,
                       student_ids=(4,)),
            talk_input(sessions, held_on=day, category=TalkCategory.TEACHER, talker_staff_id=head,
                       student_ids=(3 + n % 3,)),
            talk_input(sessions, held_on=day, category=TalkCategory.PEER, talker_staff_id=None,
                       talker_student_id=1 + n % 2, student_ids=(3,)),
            talk_input(sessions, held_on=day, category=TalkCategory.GUARDIAN, talker_staff_id=None,
                       talker_name="母亲", student_ids=(5 + n % 2,)),
        ]  # fmt: skip
    return found


def _expected_talks(entries: Sequence[TalkInput], first: date, last: date) -> list[TalkCount]:
    found = []
    for category in TalkCategory:
        mine = [e for e in entries if e.category is category and first <= e.held_on <= last]
        talkers = set()
        for e in mine:
            if e.talker_name:  # a guardian: by the name as told, with the student
                talkers |= {("guardian", e.talker_name, s) for s in e.student_ids}
            else:
                talkers.add(("staff" if e.talker_staff_id else "peer", e.talker_staff_id or e.talker_student_id, 0))
        found.append(TalkCount(category, len(mine), len({s for e in mine for s in e.student_ids}), len(talkers)))
    return found


def _month(month: str) -> tuple[date, date]:
    year, number = (int(p) for p in month.split("-"))
    following = date(year + number // 12, number % 12 + 1, 1)
    return date(year, number, 1), date.fromordinal(following.toordinal() - 1)


def _visits(sessions: dict[Role, Session]) -> list[VisitInput]:
    return [
        visit_input(sessions, student_ids=(4,), held_on=date(2025, 9, 20)),  # 陈思琪: her brother's family too
        visit_input(sessions, student_ids=(5,), held_on=date(2025, 10, 1), mode=VisitMode.WECHAT),
        visit_input(sessions, student_ids=(2, 3), held_on=date(2025, 3, 12), mode=VisitMode.PHONE),
    ]


def _expected_visits(visits: Sequence[VisitInput], first: date, last: date) -> dict[str, ClassVisitCount]:
    phones = {sid: phone for sid, _n, _r, phone, primary in GUARDIANS if primary}
    family = {sid: family_key(sid, phones.get(sid)) for sid in CLASS_OF}
    seen = {s for v in visits if first <= v.held_on <= last for s in v.student_ids}
    found = {}
    for name in sorted(set(CLASS_OF.values())):
        ids = [s for s, c in CLASS_OF.items() if c == name and last >= ENROLLED]  # not before they came
        if not ids:
            continue
        families = {family[s] for s in ids}
        found[name] = ClassVisitCount(
            0,
            len(ids),
            len(set(ids) & seen),
            len(families),
            len({f for f in families if f in {family[s] for s in seen}}),
        )
    return found


def _by_name(sessions: dict[Role, Session], counts: dict[int, ClassVisitCount]) -> dict[str, ClassVisitCount]:
    names = dict(sessions[Role.ADMIN].db.conn.execute("SELECT id, name FROM classes").fetchall())
    return {names[k]: ClassVisitCount(0, v.students, v.students_visited, v.families, v.families_visited)
            for k, v in counts.items()}  # fmt: skip


def test_talk_counts_equal_counts_made_from_the_entries(sessions: dict[Role, Session]) -> None:
    terms = _terms(sessions)
    entries = _talks(sessions)
    c, principal = sessions[Role.COUNSELOR], sessions[Role.PRINCIPAL]
    talks.record_talks(c.db, c.actor, entries, now=FIXED_NOW)
    assert not principal.db.has_care  # the principal reads the school store's counts only
    for term, (first, last) in terms.items():
        assert activity_counts.talk_counts(principal.db.conn, term=term) == _expected_talks(entries, first, last)
    for month in ("2025-03", "2025-08", "2025-09", "2025-10", "2025-11"):
        expected = _expected_talks(entries, *_month(month))
        assert activity_counts.talk_counts(principal.db.conn, month=month) == expected
    october = activity_counts.talk_counts(principal.db.conn, month="2025-10")
    assert [t.category for t in october] == list(TalkCategory) and october[3].participants == 2
    tally = talks.talk_tally(c.db, c.actor, start=terms["2025-2026-1"][0], end=terms["2025-2026-1"][1], now=FIXED_NOW)
    term_counts = activity_counts.talk_counts(principal.db.conn, term="2025-2026-1")
    assert [(t.talks, t.students, t.participants) for t in tally] == [
        (t.talks, t.students, t.participants) for t in term_counts
    ]  # the counselor's 活动记录表 and the principal's numbers agree


def test_home_visit_counts_equal_counts_made_from_the_entries(sessions: dict[Role, Session]) -> None:
    terms = _terms(sessions)
    visits = _visits(sessions)
    c, principal = sessions[Role.COUNSELOR], sessions[Role.PRINCIPAL]
    home_visits.record_home_visits(c.db, c.actor, visits, now=FIXED_NOW)
    for term, (first, last) in terms.items():
        counted = _by_name(sessions, activity_counts.home_visit_counts(principal.db.conn, term))
        assert counted == _expected_visits(visits, first, last), term
    assert activity_counts.home_visit_counts(principal.db.conn, "2024-2025-2") == {}  # before they enrolled
    autumn = _by_name(sessions, activity_counts.home_visit_counts(principal.db.conn, "2025-2026-1"))
    assert autumn["初一(1)班"] == ClassVisitCount(0, 3, 0, 3, 1)  # 张晓明's family, through his sister
    assert autumn["初二(1)班"] == ClassVisitCount(0, 1, 1, 1, 1)


def test_counts_follow_a_deletion_and_a_guardians_new_phone(sessions: dict[Role, Session]) -> None:
    _terms(sessions)
    c, lead, principal = sessions[Role.COUNSELOR], sessions[Role.LEAD], sessions[Role.PRINCIPAL]
    home_visits.record_home_visits(c.db, c.actor, _visits(sessions)[:1], now=FIXED_NOW)
    talks.record_talks(c.db, c.actor, [talk_input(sessions, held_on=date(2025, 10, 9))], now=FIXED_NOW)

    def junior_one() -> ClassVisitCount:
        return _by_name(sessions, activity_counts.home_visit_counts(principal.db.conn, "2025-2026-1"))["初一(1)班"]

    assert junior_one().families_visited == 1
    with lead.db.transaction() as conn:  # the lead's own session: the recount runs in this transaction
        conn.execute("UPDATE guardians SET phone = '13911112222' WHERE student_id = 4")
    assert junior_one().families_visited == 0
    [talk] = talks.list_talks(c.db, c.actor, start=date(2025, 1, 1), end=date(2025, 12, 31), now=FIXED_NOW)
    talks.delete_talk(c.db, c.actor, talk.id, now=FIXED_NOW)
    assert all(t.talks == 0 for t in activity_counts.talk_counts(principal.db.conn, month="2025-10"))
    assert care_counts.differences(lead.db.conn) == []
    assert integrity.check_database(lead.db, lead.actor, now=FIXED_NOW).ok


def test_a_fresh_recount_finds_the_stored_counts_in_step(sessions: dict[Role, Session]) -> None:
    _terms(sessions)
    c, lead = sessions[Role.COUNSELOR], sessions[Role.LEAD]
    talks.record_talks(c.db, c.actor, _talks(sessions), now=FIXED_NOW)
    home_visits.record_home_visits(c.db, c.actor, _visits(sessions), now=FIXED_NOW)
    kinds = {kind for kind, _dims in care_counts.stored(lead.db.conn)}
    assert {"talks_term", "talks_month", "home_visits_class_term"} <= kinds
    assert care_counts.differences(lead.db.conn) == []
    dims = " ".join(d for _k, d in care_counts.stored(lead.db.conn))
    for word in ("张晓明", "母亲", "学习压力", "student_id"):
        assert word not in dims


def test_a_change_recounts_only_the_parts_it_feeds(sessions: dict[Role, Session]) -> None:
    """An appointment or a warning does not recount a school's years of talks, and a talk saved
    recounts only its own month and term (the recount runs inside every care transaction that
    touches a counted table)."""
    care_school(sessions)
    terms = _terms(sessions)
    lead, c = sessions[Role.LEAD], sessions[Role.COUNSELOR]

    def marked(sql: str) -> tuple[list[str], list[str]]:
        with lead.db.transaction() as conn:
            conn.execute(sql)
            parts = [r[0] for r in conn.execute("SELECT part FROM temp.care_counts_dirty ORDER BY part")]
            days = [r[0] for r in conn.execute("SELECT day FROM temp.care_counts_talk_days ORDER BY day")]
        assert lead.db.conn.execute("SELECT count(*) FROM temp.care_counts_dirty").fetchone()[0] == 0
        assert lead.db.conn.execute("SELECT count(*) FROM temp.care_counts_talk_days").fetchone()[0] == 0
        return parts, days

    assert marked("UPDATE guardians SET phone = '13912345678' WHERE student_id = 2") == (["home_visits"], [])
    assert marked("UPDATE students SET class_id = class_id WHERE id = 2") == (["care", "home_visits", "reports"], [])
    entries = _talks(sessions)
    talks.record_talks(c.db, c.actor, entries, now=FIXED_NOW)
    assert marked("UPDATE talks SET topic = '学业' WHERE held_on = '2025-09-15'") == ([], ["2025-09-15"])
    assert marked("UPDATE talks SET held_on = '2025-03-11' WHERE held_on = '2025-10-09'") == (
        [], ["2025-03-11", "2025-10-09"]
    )  # fmt: skip
    moved = [replace(e, held_on=date(2025, 3, 11)) if e.held_on == date(2025, 10, 9) else e for e in entries]
    principal = sessions[Role.PRINCIPAL]
    for term, (first, last) in terms.items():
        assert activity_counts.talk_counts(principal.db.conn, term=term) == _expected_talks(moved, first, last)
    for month in ("2025-03", "2025-09", "2025-10"):
        assert activity_counts.talk_counts(principal.db.conn, month=month) == _expected_talks(moved, *_month(month))
    with sessions[Role.ADMIN].db.transaction() as conn:  # 第二学期 starts a month later
        conn.execute("UPDATE terms SET start_date = '2025-03-20' WHERE start_date = '2025-02-20'")
    assert care_counts.differences(lead.db.conn) != []  # the admin's session recounts nothing
    assert marked("UPDATE terms SET end_date = end_date WHERE start_date = '2025-03-20'") == (
        ["home_visits", "reports", "talks"], []
    )  # fmt: skip
    assert care_counts.differences(lead.db.conn) == []
    spring = activity_counts.talk_counts(principal.db.conn, term="2024-2025-2")
    assert spring == _expected_talks(moved, date(2025, 3, 20), date(2025, 7, 10))


def test_talk_and_visit_texts_are_nowhere_in_the_school_stores_pages(
    school: SchoolFixture, sessions: dict[Role, Session]
) -> None:
    """As tests/store/test_security_design.py does for the other care records: the school store's
    pages, decrypted with the principal's key, hold no topic, guardian or account of a visit."""
    canaries = {"topic": "金丝雀谈话主题", "guardian": "金丝雀家长", "summary": "金丝雀家访情况", "met": "金丝雀接待"}
    _terms(sessions)
    c = sessions[Role.COUNSELOR]
    talks.record_talks(c.db, c.actor, [
        talk_input(sessions, topic=canaries["topic"], follow_up=True),
        talk_input(sessions, category=TalkCategory.GUARDIAN, talker_staff_id=None, talker_name=canaries["guardian"]),
    ], now=FIXED_NOW)  # fmt: skip
    visit = visit_input(sessions, summary=canaries["summary"], met_with=canaries["met"])
    home_visits.record_home_visits(c.db, c.actor, [visit], now=FIXED_NOW)
    keys = unwrap(keyfile_of(school), "principal", PASSWORD, device_secret(school))
    school_pages = b"".join(decrypted_pages(school.path, keys["school"]))
    assert "测试中学".encode() in school_pages
    care_key = unwrap(keyfile_of(school), "counselor", PASSWORD, device_secret(school))["care"]
    care_pages = b"".join(decrypted_pages(school.path.with_name("school.care.db"), care_key))
    for what, canary in canaries.items():
        assert canary.encode() not in school_pages, f"{what} leaked into the school store"
        assert canary.encode() in care_pages  # control: the scan finds it where it belongs
