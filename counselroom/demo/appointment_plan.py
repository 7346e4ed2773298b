"""The demo's appointments: a counselor's week as it goes in a school counseling room, planned in
memory for every generated school year up to a fortnight after today.

Each counselor account (lead, counselor: only users can be booked) sees 6–12 students a week in
term time, inside the room's opening periods and never on a closed day. In each week, in order:
- 危机评估 for a red or orange listing in the days after it was made (rare);
- the counselor's 团体辅导 series of the term (4–8 students of one grade, weekly, in 团体活动室);
- 随访 of the listed students the counselor is responsible for — weekly for red, fortnightly for
  orange, monthly for yellow — the most overdue first, up to about two fifths of the week;
- 家长咨询, most in the room after school, some by phone;
- 个别辅导: each open case once a week (a case runs 2–8 sessions), new cases taken on to fill the
  week, from 自主预约, 班主任推荐, 心理委员发现 (their reports first), 筛查 (a positive screen)
  and 转回 (back from 休学 or from a referral);
- a walk-in or two (来访, already seen) in the weeks up to today.

Everything is placed by construction: a counselor, a room and a student each hold a list of
taken spans per day, and a booking goes only where all three are free, so no two appointments
overlap whatever their status. Then each gets a status: past ones mostly 已到, some 未到 or 取消
(some of those late cancellations), the ones to come 已预约; one past appointment of 'counselor'
is left unmarked, so 今日 asks for its attendance.

Here: `Planner`, the pass over the weeks. The parts live beside it, and schedule takes what
it needs from here:
- appointment_facts: what the plan starts from (`load_facts`, `open_days`);
- appointment_book: `Planned`, the counselors' carry-over, the taken spans and `place`;
- appointment_kinds: 危机评估, 团体辅导, 随访, 家长咨询 and walk-ins;
- appointment_cases: 个别辅导 cases, their intake and sessions;
- appointment_status: the statuses (`settle`).
"""

from __future__ import annotations

from datetime import date, timedelta

from counselroom.demo.appointment_book import AppointmentBook, Counselor, Planned
from counselroom.demo.appointment_cases import cases, new_case
from counselroom.demo.appointment_facts import OpenDay, load_facts, open_days
from counselroom.demo.appointment_kinds import crises, follow_ups, group_session, parent, plan_groups, walk_in
from counselroom.demo.appointment_status import settle

__all__ = ["LOOK_AHEAD", "Planned", "Planner", "load_facts", "open_days", "settle"]

LOOK_AHEAD = timedelta(days=14)


class Planner(AppointmentBook):
    """One pass over the weeks, each counselor in turn; `plan` returns the appointments in time order."""

    def plan(self) -> list[Planned]:
        if not self.days:
            return []
        weeks: dict[date, list[OpenDay]] = {}
        for d in self.days:
            weeks.setdefault(d.day - timedelta(days=d.day.weekday()), []).append(d)
        plan_groups(self)
        first_pupil = min((p.enrolled_on for p in self.pupils), default=date.max)
        for monday in sorted(weeks):
            if monday + timedelta(days=6) < first_pupil:
                continue  # before the oldest class came: the students of then are not in the demo
            first_week = any(monday <= s < monday + timedelta(days=7) for s in self.term_starts)
            for c in self.counselors:
                self._week(c, monday, weeks[monday], first_week=first_week)
        self._make_sure_of_today()
        return sorted(self.appointments, key=lambda a: (a.start, a.counselor))

    def _week(self, c: Counselor, monday: date, week: list[OpenDay], *, first_week: bool) -> None:
        rng = self.rng
        target = rng.randint(*c.load) * len(week) / 5
        if first_week:
            target *= 0.5
        if monday > self.now.date() + timedelta(days=7 - self.now.weekday()):
            target *= 0.5  # the week after next: fewer booked so far
        target = round(target)
        made = crises(self, c, monday, week)
        made += group_session(self, c, week)
        made += follow_ups(self, c, monday, week, cap=max(1, round(target * 0.4)))
        for _ in range(rng.choice((0, 0, 1, 1, 1, 2))):
            made += parent(self, c, week)
        made += cases(self, c, week, want=target - made)
        if monday <= self.now.date():
            for _ in range(rng.choice((0, 1, 1, 1, 2))):
                walk_in(self, c, week)

    def _make_sure_of_today(self) -> None:
        """Two of 'counselor''s appointments today and one of the lead's, when today is open."""
        today = next((d for d in self.days if d.day == self.now.date()), None)
        if today is None:
            return
        for c, wanted in zip(self.counselors, (1, 2), strict=True):
            have = sum(a.counselor == c.id and a.start.date() == today.day for a in self.appointments)
            for _ in range(10):
                if have >= wanted:
                    break
                have += new_case(self, c, [today])
