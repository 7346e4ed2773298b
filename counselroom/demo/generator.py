"""The demo school (SPEC §3.1, §6 `demo`): a 完全中学 in Jiangxi with a realistic enrolment.

The whole school is planned in memory first from one `random.Random(seed)` — calendar,
grades, classes, staff, students, guardians, flags — and then written in one transaction
with bulk inserts, so a seed always gives the same school and 5,000 students take well
under a second apart from the key derivation of the four accounts. The same transaction and
the same `random.Random` then fill the counseling room's records (care_records: screening, the
warning list, 心理委员, 成长导师 …), which take about as long again, and its calendar
(schedule: rooms, opening hours, appointments, the waitlist, the duty roster and its logs).
Last come the activities of every term so far (activity_records: 心理课, 六谈, 家访, 班会与活动,
培训, 会议, the room's facts), with their own dice.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from counselroom.demo import (
    activity_records,
    care_records,
    case_records,
    incident_records,
    people,
    referral_rows,
    return_rows,
    schedule,
)
from counselroom.demo.people import StaffMember
from counselroom.domain.audit import AuditAction
from counselroom.domain.errors import ValidationError
from counselroom.domain.roles import CARE_ROLES, Permission, Role
from counselroom.domain.students.pinyin_initials import name_initials
from counselroom.domain.students.student_facts import StaffPosition, StudentStatus
from counselroom.services.accounts.accounts import add_account
from counselroom.services.accounts.care_access import confirm_with_recovery_key
from counselroom.services.accounts.session import KeyPolicy, Session
from counselroom.services.accounts.setup import create_school
from counselroom.services.accounts.sign_in import open_with_recovery_key
from counselroom.services.guard import authorize
from counselroom.store import audit_log, users
from counselroom.store.care_store import care_store_path
from counselroom.store.connection import Connection
from counselroom.store.keyfile import keyfile_path
from counselroom.store.school import classes, school
from counselroom.store.students import enrolment, enrolment_sync
from counselroom.store.students import student_records as student_store

DEMO_SCHOOL_NAME = "赣江市第一中学（演示）"  # a made-up city, and the name says it is a demo
DEMO_ACCOUNTS = ("admin", "lead", "counselor", "principal")
MIN_STUDENTS, MAX_STUDENTS = 60, 20_000
MAX_YEARS = 10
CLASS_SIZE = 47.5  # 45–50 a class, the usual size in a county or city secondary school
SIBLING_SHARE = 0.04  # students whose elder brother or sister is also at the school
Progress = Callable[[int, int], None]  # (done, total), for a progress bar
# Steps, roughly even in time: plan, school and admin (key derivation), three accounts (each a
# key derivation), enrolment, counseling records, calendar.
STEPS = 6


@dataclass(frozen=True)
class DemoSummary:
    school_name: str
    students: int
    classes: int
    staff: int
    accounts: tuple[str, ...]
    recovery_key: str


@dataclass(frozen=True)
class _Grade:
    name: str
    stage: str
    year_in_stage: int
    stage_code: int  # the stage digit of the 学号: 1 初中, 2 高中

    @property
    def years_in_school(self) -> int:
        """Years since 初一 (0 for 初一, 5 for 高三), which fixes the students' ages."""
        return self.year_in_stage - 1 + (3 if self.stage == "高中" else 0)


GRADES = tuple(
    _Grade(f"{prefix}{num}", stage, year, code)
    for prefix, stage, code in (("初", "初中", 1), ("高", "高中", 2))
    for year, num in enumerate("一二三", start=1)
)


@dataclass(frozen=True)
class _Year:
    name: str
    start: date
    end: date
    terms: tuple[tuple[int, date, date], ...]


@dataclass(frozen=True)
class _Class:
    grade: int  # index into GRADES
    number: int
    size: int
    head: int  # index into the staff list

    @property
    def name(self) -> str:
        return f"{GRADES[self.grade].name}({self.number})班"


@dataclass(frozen=True)
class _Student:
    id: int
    student_no: str
    name: str
    gender: str
    birth_date: date
    class_index: int
    status: StudentStatus
    enrolled_on: date
    household: people.Household
    family_name: str  # the surname, shared with a brother or sister at the school


@dataclass(frozen=True)
class _Graduated:
    """A class that left at a past year's rollover: its last name, and the day it graduated."""

    cls: _Class
    graduated_on: date
    students: tuple[_Student, ...]


@dataclass(frozen=True)
class _Plan:
    years: tuple[_Year, ...]
    staff: tuple[StaffMember, ...]
    classes: tuple[_Class, ...]
    students: tuple[_Student, ...]
    graduated: tuple[_Graduated, ...] = ()

    def member(self, account: str) -> StaffMember:
        return next(s for s in self.staff if s.account == account)

    def display_name(self, account: str) -> str:
        """Full names, as UX.md asks for counselors; the role is shown beside them anyway."""
        return self.member(account).name


def generate_demo_school(
    db_path: Path,
    *,
    students: int = 1200,
    years: int = 1,
    seed: int = 1,
    password: str,
    now: datetime,
    keys: KeyPolicy,
    progress: Progress | None = None,
) -> DemoSummary:
    """Create a demo school at `db_path` (which must not exist yet) with the accounts
    admin, lead, counselor and principal, all using `password` and none asked to change it.

    The database is closed before returning: callers need only the file (and the recovery
    key in the summary) and sign in afresh. If anything fails after the files were
    created, they are removed again, so no half-built demo is left behind — which is also how
    a caller stops it: by raising from `progress(done, total)`.
    """
    step = progress or (lambda done, total: None)
    _check_size(students, years)
    step(0, STEPS)
    rng = random.Random(seed)
    plan = _plan_school(rng, students=students, years=years, now=now)
    # Their own dice, so a longer history leaves the current school as it was.
    plan = _with_graduates(random.Random(f"graduates-{seed}"), plan)
    plan = replace(plan, students=_with_siblings(random.Random(f"siblings-{seed}"), plan.students, plan.classes))
    step(1, STEPS)
    created = create_school(
        db_path,
        school_name=DEMO_SCHOOL_NAME,
        admin_username="admin",
        admin_password=password,
        admin_display_name=plan.display_name("admin"),
        now=now,
        keys=keys,
    )
    session = created.session
    try:
        authorize(session.db, session.actor, Permission.GENERATE_DEMO, now=now)
        step(2, STEPS)
        user_ids = _add_accounts(session, plan, password=password, now=now, keys=keys)
        _confirm_care_accounts(session, created.recovery_key, now=now)
        # The generator writes the care records too: it opens the care store with the recovery
        # key it has just made. The admin's own sessions never hold the care key.
        session.db.attach_care_key(open_with_recovery_key(db_path, created.recovery_key).care or b"")
        step(3, STEPS)
        with session.db.transaction() as conn:
            _write_school(conn, plan, user_ids, now)
            step(4, STEPS)
            care_records.add_care_records(conn, rng, user_ids=user_ids, now=now)
            step(5, STEPS)
            schedule.add_schedule(conn, rng, user_ids=user_ids, now=now)
            # Their own dice: the cases leave everything generated before them as it was.
            case_records.add_cases(conn, random.Random(f"cases-{seed}"), user_ids=user_ids, now=now)
            incident_records.add_incidents(conn, random.Random(f"incidents-{seed}"), user_ids=user_ids, now=now)
            # Theirs too, after the cases: partners, and referrals in every state (some overdue).
            referral_rows.add_referrals(conn, random.Random(f"referrals-{seed}"), user_ids=user_ids, now=now)
            return_rows.add_returns(conn, random.Random(f"returns-{seed}"), user_ids=user_ids, now=now)
            # Last, with their own dice: 心理课, 六谈, 家访, 班会与活动, 培训, 会议 and the room's facts.
            activity_records.add_activities(conn, random.Random(f"activities-{seed}"), user_ids=user_ids, now=now)
            step(STEPS, STEPS)
            audit_log.append(
                conn, at=now, actor=session.actor, action=AuditAction.DEMO_GENERATED, detail=f"{students} 名学生"
            )
    except BaseException:
        session.db.close()
        _remove_created(db_path)
        raise
    session.db.close()
    return DemoSummary(
        DEMO_SCHOOL_NAME, len(plan.students), len(plan.classes), len(plan.staff), DEMO_ACCOUNTS, created.recovery_key
    )


def _check_size(students: int, years: int) -> None:
    if not MIN_STUDENTS <= students <= MAX_STUDENTS:
        raise ValidationError(f"演示学校的学生人数应在 {MIN_STUDENTS} 到 {MAX_STUDENTS} 之间", field="学生人数")
    if not 1 <= years <= MAX_YEARS:
        raise ValidationError(f"演示数据的学年数应在 1 到 {MAX_YEARS} 之间", field="学年数")


def _remove_created(db_path: Path) -> None:
    care_path = care_store_path(db_path)
    sidecars = (p.with_name(p.name + s) for p in (db_path, care_path) for s in ("-wal", "-shm", "-journal"))
    for path in (db_path, care_path, keyfile_path(db_path), *sidecars):
        path.unlink(missing_ok=True)


# -- accounts ---------------------------------------------------------------------------------

_DEMO_ROLES = (("lead", Role.LEAD), ("counselor", Role.COUNSELOR), ("principal", Role.PRINCIPAL))


def _add_accounts(session: Session, plan: _Plan, *, password: str, now: datetime, keys: KeyPolicy) -> dict[str, int]:
    """The three other demo accounts; demo users sign straight in, so no forced change."""
    db = session.db
    for username, role in _DEMO_ROLES:
        add_account(
            db,
            session.actor,
            username=username,
            display_name=plan.display_name(username),
            role=role,
            password=password,
            now=now,
            keys=keys,
        )
    ids = {name: _user_id(session, name) for name in DEMO_ACCOUNTS}
    with db.transaction() as conn:
        for user_id in ids.values():
            users.set_must_change_password(conn, user_id, False)
    return ids


def _confirm_care_accounts(session: Session, recovery_key: str, *, now: datetime) -> None:
    """Demo counselors and the lead are confirmed at once (a real school's lead does it)."""
    for row in users.all_users(session.db.conn):
        if row.role in CARE_ROLES:
            confirm_with_recovery_key(session.db, session.actor, user_id=row.id, recovery_key=recovery_key, now=now)


def _user_id(session: Session, username: str) -> int:
    row = users.by_username(session.db.conn, username)
    assert row is not None, username  # created just above
    return int(row.id)


# -- planning (pure) -------------------------------------------------------------------------


def _plan_school(rng: random.Random, *, students: int, years: int, now: datetime) -> _Plan:
    calendar = _school_years(now, years)
    school_year = calendar[-1].start.year
    sizes = _class_sizes(rng, students)
    staff = _plan_staff(rng, students=students, classes=len(sizes), school_year=school_year)
    first_head = next(i for i, s in enumerate(staff) if s.position is StaffPosition.HEAD_TEACHER)
    classes = tuple(_Class(grade, number, size, first_head + i) for i, (grade, number, size) in enumerate(sizes))
    return _Plan(calendar, staff, classes, _plan_students(rng, classes, school_year))


def _school_years(now: datetime, years: int) -> tuple[_Year, ...]:
    """`years` school years, the last the one containing `now` (a year runs Sep 1 – Aug 31)."""
    current = now.year if now.date() >= date(now.year, 9, 1) else now.year - 1
    return tuple(_year(start) for start in range(current - years + 1, current + 1))


def _year(start: int) -> _Year:
    terms = ((1, date(start, 9, 1), date(start + 1, 1, 20)), (2, date(start + 1, 2, 20), date(start + 1, 7, 10)))
    return _Year(f"{start}-{start + 1}", date(start, 9, 1), date(start + 1, 8, 31), terms)


def _class_sizes(rng: random.Random, students: int) -> list[tuple[int, int, int]]:
    """(grade index, class number, size): classes spread over the six grades, sizes near 47."""
    total = max(len(GRADES), round(students / CLASS_SIZE))
    per_grade = [total // len(GRADES)] * len(GRADES)
    for grade in rng.sample(range(len(GRADES)), total % len(GRADES)):
        per_grade[grade] += 1
    sizes = _apportion(students, [rng.uniform(0.95, 1.05) for _ in range(total)])
    slots = [(g, n) for g, count in enumerate(per_grade) for n in range(1, count + 1)]
    return [(g, n, size) for (g, n), size in zip(slots, sizes, strict=True)]


def _apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` in proportion to `weights` exactly (largest remainder)."""
    quotas = [total * w / sum(weights) for w in weights]
    shares = [int(q) for q in quotas]
    by_remainder = sorted(range(len(quotas)), key=lambda i: (shares[i] - quotas[i], i))
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return shares


# -- staff ----------------------------------------------------------------------------------

_LEADER_TITLES = ("校长", "分管德育副校长", "分管教学副校长", "分管后勤副校长", "党委书记")


def _plan_staff(rng: random.Random, *, students: int, classes: int, school_year: int) -> tuple[StaffMember, ...]:
    """Leaders, counselors, one 班主任 per class, then 科任教师 up to a 1:12.5 teacher ratio.
    Leader titles go in `subject`, which for them is what the staff list shows."""
    hire = people.Hiring(rng, school_year)
    leaders = [
        hire(StaffPosition.LEADER, title, female=0.3, years=(15, 32))
        for title in _LEADER_TITLES[: 3 + (students >= 1500) + (students >= 3000)]
    ]
    # 1:800 (S001) rounded generously; never fewer than two, one each for lead and counselor.
    full_time = [
        hire(
            StaffPosition.FULL_TIME_COUNSELOR,
            "心理健康",
            female=0.8,
            years=(1, 20),
            qualifications=people.full_time_qualifications(rng),
        )
        for _ in range(max(1, students // 1000) + 1)
    ]
    part_time = [
        hire(
            StaffPosition.PART_TIME_COUNSELOR,
            people.weighted(rng, people.HEAD_TEACHER_SUBJECT_WEIGHTS),
            qualifications=rng.choice(people.PART_TIME_QUALIFICATIONS),
        )
        for _ in range(min(5, 2 + students // 1500))
    ]
    heads = [
        hire(StaffPosition.HEAD_TEACHER, people.weighted(rng, people.HEAD_TEACHER_SUBJECT_WEIGHTS))
        for _ in range(classes)
    ]
    others = round(students / 12.5) - len(leaders) - len(full_time) - len(part_time) - classes
    teachers = [hire(StaffPosition.SUBJECT_TEACHER, subject) for subject in _teacher_subjects(rng, others)]
    _link_accounts(leaders, full_time, teachers)
    return tuple(leaders + full_time + part_time + heads + teachers)


def _teacher_subjects(rng: random.Random, count: int) -> list[str]:
    """Every subject taught at least once (信息技术 first: the admin is its teacher)."""
    every = ["信息技术", *(s for s in people.TEACHER_SUBJECT_WEIGHTS if s != "信息技术")]
    extra = max(0, count - len(every))
    return every + [people.weighted(rng, people.TEACHER_SUBJECT_WEIGHTS) for _ in range(extra)]


def _link_accounts(leaders: list[StaffMember], full_time: list[StaffMember], teachers: list[StaffMember]) -> None:
    """principal → 校长, lead and counselor → the first two 专职, admin → the 信息技术 teacher."""
    for group, index, account in (
        (leaders, 0, "principal"),
        (full_time, 0, "lead"),
        (full_time, 1, "counselor"),
        (teachers, 0, "admin"),
    ):
        group[index] = replace(group[index], account=account)


# -- students -------------------------------------------------------------------------------


def _plan_students(rng: random.Random, classes: Sequence[_Class], school_year: int) -> tuple[_Student, ...]:
    planned: list[_Student] = []
    for index, cls in enumerate(classes):
        for seat in range(1, cls.size + 1):
            planned.append(_student(rng, len(planned) + 1, index, cls, seat, school_year))
    return tuple(planned)


def _with_siblings(rng: random.Random, planned: Sequence[_Student], classes: Sequence[_Class]) -> tuple[_Student, ...]:
    """Some families have two children at the school: the younger takes the elder's surname and
    home (the same guardians and phones), so 家访 counted per family (南昌) and per student (渭南)
    differ, as they do at a real school."""
    students = list(planned)
    by_grade: dict[int, list[int]] = {}
    for i, pupil in enumerate(students):
        by_grade.setdefault(classes[pupil.class_index].grade, []).append(i)
    elder_taken: set[int] = set()
    for i, pupil in enumerate(students):
        grade = classes[pupil.class_index].grade
        older = [g for g in by_grade if g >= grade]  # the same grade: twins, or a year apart
        if rng.random() >= SIBLING_SHARE:
            continue
        elder_index = rng.choice(by_grade[rng.choice(older)])
        if elder_index == i or elder_index in elder_taken:
            continue
        elder_taken.add(elder_index)
        elder = students[elder_index]
        given = pupil.name[len(pupil.family_name) :]
        home = people.sibling_household(pupil.household, elder.household)
        students[i] = replace(pupil, name=elder.family_name + given, family_name=elder.family_name, household=home)
    return tuple(students)


def _student(
    rng: random.Random, student_id: int, class_index: int, cls: _Class, seat: int, school_year: int
) -> _Student:
    grade = GRADES[cls.grade]
    entry_year = school_year - grade.year_in_stage + 1
    gender = people.MALE if rng.random() < 0.515 else people.FEMALE
    family = people.surname(rng)
    name = family + people.given_name(rng, gender, "child")
    # 学号: year entered this stage, stage digit, class, seat — e.g. 2025 1 03 017.
    student_no = f"{entry_year}{grade.stage_code}{cls.number:02d}{seat:03d}"
    return _Student(
        student_id,
        student_no,
        name,
        gender,
        _birth_date(rng, school_year, grade),
        class_index,
        _status(rng),
        date(entry_year, 9, 1),
        people.household(rng, family, graduating=grade.year_in_stage == 3),
        family,
    )


def _with_graduates(rng: random.Random, plan: _Plan) -> _Plan:
    """The 初三 and 高三 classes of every past year, graduated at its rollover (after the second
    term), as many classes as those grades have now. Their 班主任 loop back to a lower grade:
    a teacher who saw a class out a year ago now leads the 初一 (or 高一) class of that number."""
    first_id = len(plan.students) + 1
    graduated: list[_Graduated] = []
    for back, year in enumerate(reversed(plan.years[:-1]), start=1):
        for final in (i for i, g in enumerate(GRADES) if g.year_in_stage == 3):
            now_there = [c for c in plan.classes if c.grade == final]
            looped = {c.number: c.head for c in plan.classes if c.grade == final - 2 + (back - 1) % 3}
            for c in now_there:
                cls = _Class(final, c.number, max(40, c.size + rng.randint(-2, 2)), looped.get(c.number, c.head))
                pupils = tuple(
                    _student(rng, first_id + i, -1, cls, seat, year.start.year)
                    for i, seat in enumerate(range(1, cls.size + 1))
                )
                pupils = tuple(replace(p, status=StudentStatus.ENROLLED) for p in pupils)
                first_id += len(pupils)
                graduated.append(_Graduated(cls, year.terms[-1][2], pupils))
    return replace(plan, graduated=tuple(graduated))


def _birth_date(rng: random.Random, school_year: int, grade: _Grade) -> date:
    """初一 are 12 on Sep 1 (school starts at six by Aug 31); a few a year older or younger."""
    roll = rng.random()
    shift = -1 if roll < 0.06 else 1 if roll < 0.08 else 0
    first = date(school_year - 13 - grade.years_in_school + shift, 9, 1)
    return first + timedelta(days=rng.randrange(365))


def _status(rng: random.Random) -> StudentStatus:
    roll = rng.random()
    if roll < 0.004:
        return StudentStatus.SUSPENDED
    return StudentStatus.RESUMED if roll < 0.006 else StudentStatus.ENROLLED


# -- writing --------------------------------------------------------------------------------


def _write_school(conn: Connection, plan: _Plan, user_ids: dict[str, int], now: datetime) -> None:
    """The calendar, grades, staff, the classes that graduated in past years (first: a class
    number is free again once its class has left), then the classes and students at school."""
    for year in plan.years:
        year_id = school.insert_year(conn, year.name, year.start, year.end)
        for number, start, end in year.terms:
            school.insert_term(conn, year_id, number, start, end)
    grade_ids = [
        enrolment.insert_grade(conn, name=g.name, stage=g.stage, year_in_stage=g.year_in_stage, sort_order=i + 1)
        for i, g in enumerate(GRADES)
    ]
    staff_ids = [_insert_staff(conn, s, user_ids) for s in plan.staff]
    _write_graduates(conn, plan, staff_ids, user_ids["admin"])
    class_ids = [
        enrolment.insert_class(
            conn, grade_id=grade_ids[c.grade], number=c.number, name=c.name, head_teacher_id=staff_ids[c.head]
        )
        for c in plan.classes
    ]
    _write_students(conn, plan.students, class_ids, now)


def _write_graduates(conn: Connection, plan: _Plan, staff_ids: Sequence[int], admin_id: int) -> None:
    """Past years' final-year classes, written as the program's rollover leaves them: the class
    keeps its last name with graduated_on set, its students are 毕业 with a status change."""
    for g in plan.graduated:
        grade_id = classes.grade_id(conn, GRADES[g.cls.grade].stage, GRADES[g.cls.grade].year_in_stage)
        assert grade_id is not None  # the six grades were written with the school
        class_id = enrolment.insert_class(
            conn, grade_id=grade_id, number=g.cls.number, name=g.cls.name, head_teacher_id=staff_ids[g.cls.head]
        )
        moment = datetime.combine(g.graduated_on, time(16, 30))
        _write_students(conn, g.students, {-1: class_id}, moment)
        student_store.graduate_class(conn, class_id, on_date=g.graduated_on, user_id=admin_id, now=moment)
        classes.mark_graduated(conn, class_id, g.graduated_on)


def _insert_staff(conn: Connection, member: StaffMember, user_ids: dict[str, int]) -> int:
    return enrolment.insert_staff(
        conn,
        name=member.name,
        gender=member.gender,
        staff_no=member.staff_no,
        position=member.position.value,
        subject=member.subject,
        phone=member.phone,
        qualifications=member.qualifications,
        user_id=user_ids[member.account] if member.account else None,
    )


def _write_students(
    conn: Connection, planned: Sequence[_Student], class_ids: Sequence[int] | dict[int, int], now: datetime
) -> None:
    stamp = now.isoformat(timespec="seconds")
    enrolment.insert_students(
        conn,
        [
            (
                s.id,
                s.student_no,
                s.name,
                s.gender,
                s.birth_date.isoformat(),
                class_ids[s.class_index],
                s.status.value,
                s.enrolled_on.isoformat(),
                stamp,
                stamp,
            )
            for s in planned
        ],
    )
    enrolment.insert_guardians(
        conn, [(s.id, g.name, g.relation, g.phone, int(g.is_primary)) for s in planned for g in s.household.guardians]
    )
    enrolment.insert_flags(conn, [(s.id, flag.value) for s in planned for flag in s.household.flags])
    enrolment_sync.set_initials(conn, [(name_initials(s.name), s.id) for s in planned])  # search by zxm
