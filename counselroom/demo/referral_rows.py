"""Demo 合作机构 and 转介 (issue #11 item 8): the 定点合作 hospital with its 绿色通道 contact and a few
other partners, and referrals for students on the warning list in every state of the state machine
— some with a step past due, so the counselors' Today boards show them. Written as a counselor
writes: what was seen and done, what the hospital advised for school, never a diagnosis. Through
the store's repositories, with its own dice (`referrals-{seed}`), after the cases."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from counselroom.domain.care.warnings import WarningLevel
from counselroom.domain.referrals.referral_rules import (
    FeedbackSource,
    InformedHow,
    ReferralState,
    SentItem,
    default_due,
)
from counselroom.store.care import warnings
from counselroom.store.cases import cases
from counselroom.store.connection import Connection
from counselroom.store.referrals import referrals as store
from counselroom.store.school import partners
from counselroom.store.students import student_records as students

PARTNERS = (
    partners.PartnerFields("赣江市精神卫生中心", "医院", True, "儿少心理门诊 王医生", "", "赣江市青山路 88 号",
                           "定点合作医院；儿少心理门诊周二、周四全天"),
    partners.PartnerFields("赣江市妇幼保健院", "医院", False, "", "", "赣江市八一大道 210 号", "儿童保健科"),
    partners.PartnerFields("赣江区未成年人心理健康辅导站", "机构", False, "", "", "区青少年宫三楼",
                           "可预约家庭辅导"),
)  # fmt: skip
REASONS = (
    "近一个月情绪持续低落，多次说“没意思”，睡眠差；已做危机评估，建议到专科进一步评估。",
    "反复出现上课时心慌、呼吸急促，校内放松训练效果有限，建议到医院做进一步评估。",
    "近期有划伤手臂的情况，学生愿意接受帮助；建议尽快转介专科门诊。",
    "与家人冲突后长期失眠、食欲下降，成绩明显下滑，建议专业评估。",
)
GUARDIANS = ("母亲", "父亲", "奶奶", "母亲", "父亲")
PLANS = (
    "继续每周一次个别辅导，班主任每天留意情绪和出勤；两周后再与家长沟通转介。",
    "家长担心影响升学，先由心理教师和班主任一起家访，说明转介的意义，再约时间沟通。",
)
FEEDBACK = (
    "医生建议规律作息、暂停晚自习一个月，学校多给予鼓励；一个月后复诊。",
    "医生建议减轻课业压力，允许不适时到心理辅导室休息；家长陪同按时复诊。",
    "机构建议每两周一次家庭辅导，学校继续个别辅导，多安排同伴支持。",
)
FOLLOW_NOTES = (
    "与学生面谈：按时复诊，睡眠好转，上课能坚持听讲。",
    "电话联系家长：在家情绪平稳，周末能和家人外出。",
    "班主任反馈：本周出勤正常，和同桌关系缓和。",
)
SUMMARIES = ("复诊后情绪平稳，已回归正常学习，转入常规关注；期末前再约一次。",)


@dataclass(frozen=True)
class _Plan:
    state: ReferralState
    back: int  # days before today the suggestion was made
    late: bool  # whether the step now due is already past


# Every state at least once, the open ones that matter most first; about half of them late.
PLANS_BY_STATE = (
    _Plan(ReferralState.FOLLOWING, 70, True),
    _Plan(ReferralState.REFERRED, 48, True),
    _Plan(ReferralState.SUGGESTED, 10, True),
    _Plan(ReferralState.REFUSED, 21, True),
    _Plan(ReferralState.CONSENTED, 5, False),
    _Plan(ReferralState.FEEDBACK, 36, False),
    _Plan(ReferralState.FOLLOWING, 55, False),
    _Plan(ReferralState.CLOSED, 120, False),
    _Plan(ReferralState.SUGGESTED, 2, False),
)


def add_referrals(conn: Connection, rng: random.Random, *, user_ids: Mapping[str, int], now: datetime) -> None:
    partner_ids = [partners.insert(conn, p, now=now) for p in _with_phone(rng)]
    for plan, (student_id, counselor) in zip(PLANS_BY_STATE, _candidates(conn, user_ids), strict=False):
        linked = cases.cases_of_student(conn, student_id)
        case_id = linked[0].id if linked and linked[0].status == "进行中" else None
        _Walk(conn, rng, plan, counselor, now).run(student_id, case_id, partner_ids)


def _candidates(conn: Connection, user_ids: Mapping[str, int]) -> list[tuple[int, int]]:
    """(student, responsible counselor): the warning list's students first, red first, then students
    with a case, then students with a family situation on file (a referral made and ended before)."""
    order = {WarningLevel.RED: 0, WarningLevel.ORANGE: 1, WarningLevel.YELLOW: 2}
    entries = sorted(warnings.all_open(conn), key=lambda e: (order[e.level], e.opened_on, e.student_id))
    found = {e.student_id: e.counselor_id or user_ids["counselor"] for e in entries}
    for case in sorted(cases.all_cases(conn), key=lambda c: c.id):
        found.setdefault(case.student_id, case.opened_by)
    for student_id in sorted(students.all_flags(conn)):
        found.setdefault(student_id, user_ids["counselor"])
    return list(found.items())


def _with_phone(rng: random.Random) -> list[partners.PartnerFields]:
    """The 绿色通道 number: made up, in the made-up city's style."""
    phone = f"0797-8{rng.randint(100, 999)}{rng.randint(1000, 9999)}"
    first = PARTNERS[0]
    return [partners.PartnerFields(first.name, first.kind, True, first.green_channel_name, phone, first.address,
                                   first.notes), *PARTNERS[1:]]  # fmt: skip


class _Walk:
    """One referral taken step by step to its planned state, each step stamped on its own day."""

    def __init__(self, conn: Connection, rng: random.Random, plan: _Plan, counselor: int, now: datetime) -> None:
        self.conn, self.rng, self.plan, self.by, self.now = conn, rng, plan, counselor, now
        self.today = now.date()

    def run(self, student_id: int, case_id: int | None, partner_ids: list[int]) -> None:
        start = self.today - timedelta(days=self.plan.back)
        due = default_due(ReferralState.SUGGESTED, start)
        if self.plan.state is ReferralState.SUGGESTED and not self.plan.late:
            due = self.today + timedelta(days=5)
        self.id = store.insert_referral(
            self.conn, student_id=student_id, case_id=case_id, counselor_id=self.by,
            reason=self.rng.choice(REASONS), suggested_on=start, due_on=due, now=self._at(start),
        )  # fmt: skip
        self._event(start, ReferralState.SUGGESTED.value)
        if self.plan.state is ReferralState.SUGGESTED:
            return
        informed = start + timedelta(days=2)
        guardian, how = self.rng.choice(GUARDIANS), self.rng.choice(list(InformedHow)).value
        if self.plan.state is ReferralState.REFUSED:
            reoffer = self.today - timedelta(days=3) if self.plan.late else self.today + timedelta(days=7)
            store.set_guardian(self.conn, self.id, guardian=guardian, informed_on=informed, informed_how=how,
                               consent_form=False, refusal_plan=self.rng.choice(PLANS))  # fmt: skip
            self._state(ReferralState.REFUSED, informed, reoffer, "家长拒绝")
            return
        store.set_guardian(self.conn, self.id, guardian=guardian, informed_on=informed, informed_how=how,
                           consent_form=how == InformedHow.LETTER.value, refusal_plan="")  # fmt: skip
        self._state(ReferralState.CONSENTED, informed, default_due(ReferralState.CONSENTED, informed), "家长同意")
        if self.plan.state is ReferralState.CONSENTED:
            return
        self._refer(informed + timedelta(days=3), partner_ids)
        if self.plan.state is not ReferralState.REFERRED:
            self._feedback()

    def _refer(self, day: date, partner_ids: list[int]) -> None:
        partner = partner_ids[0] if self.rng.random() < 0.7 else self.rng.choice(partner_ids)
        items = [SentItem.REFERRAL_FORM.value, SentItem.SCHOOL_OBSERVATION.value]
        store.set_referred(self.conn, self.id, partner_id=partner, referred_on=day, sent_items=items)
        self.referred = day
        self._state(ReferralState.REFERRED, day, default_due(ReferralState.REFERRED, day), "已转介")

    def _feedback(self) -> None:
        day = (
            self.today - timedelta(days=2)
            if self.plan.state is ReferralState.FEEDBACK
            else self.referred + timedelta(days=self.rng.randint(7, 12))
        )
        source = FeedbackSource.HOSPITAL.value if self.rng.random() < 0.7 else FeedbackSource.GUARDIAN.value
        store.set_feedback(self.conn, self.id, feedback_on=day, source=source, text=self.rng.choice(FEEDBACK))
        self._state(ReferralState.FEEDBACK, day, default_due(ReferralState.FEEDBACK, day), "收到反馈")
        if self.plan.state is not ReferralState.FEEDBACK:
            self._follow_ups(day)

    def _follow_ups(self, feedback_on: date) -> None:
        day = feedback_on + timedelta(days=7)
        while day + timedelta(days=14) < self.today:
            fid = store.insert_follow_up(self.conn, self.id, due_on=day, by=self.by, now=self._at(day - timedelta(7)))
            store.mark_follow_up_done(self.conn, fid, done_on=day, note=self.rng.choice(FOLLOW_NOTES), by=self.by)
            self._event(day, "完成随访")
            day += timedelta(days=14)
        if self.plan.state is ReferralState.CLOSED:
            store.set_closed(self.conn, self.id, closed_on=day, summary=self.rng.choice(SUMMARIES))
            self._state(ReferralState.CLOSED, day, None, "已结束")
            return
        due = self.today - timedelta(days=2) if self.plan.late else self.today + timedelta(days=5)
        store.insert_follow_up(self.conn, self.id, due_on=due, by=self.by, now=self._at(day - timedelta(days=14)))
        self._state(ReferralState.FOLLOWING, day - timedelta(days=14), None, "安排随访")

    def _state(self, state: ReferralState, day: date, due: date | None, action: str) -> None:
        store.set_state(self.conn, self.id, state.value, due_on=due, now=self._at(day))
        self._event(day, action)

    def _event(self, day: date, action: str) -> None:
        store.add_event(self.conn, self.id, by=self.by, action=action, now=self._at(day))

    def _at(self, day: date) -> datetime:
        return datetime.combine(day, time(16, 30))
