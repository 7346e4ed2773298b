"""The fair duty roster (值班表): who takes which opening slot of a term.

What is fair, in order of priority:
1. every slot is covered when availability and limits allow it (a maximum flow);
2. the number of slots per person is as even as possible — slots, not minutes, because the
   school counts 值班次数; the result is the lexicographically most even count vector, so it has
   the smallest possible max − min (≤ 1 whenever availability allows);
3. nobody twice on the same day, where that can be avoided;
4. each person's slots spread over the weeks;
5. minutes as even as possible among the counts already fixed (a swap pass, `duty_minutes`).

1–4 are one minimum-cost flow (min_cost_flow.py): slot → person-day → person-week → person →
sink, with convex costs whose scales keep the priorities strictly apart. No limit is ever
exceeded: limits are the capacities. Slots already past (`fixed`) count toward the loads.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time

from counselroom.domain.duty.duty_minutes import even_out_minutes
from counselroom.domain.duty.min_cost_flow import Edge, FlowNetwork
from counselroom.domain.school.school_days import WEEKDAYS, Period

PeriodKey = tuple[int, time]  # (weekday of the weekly pattern, period start)


@dataclass(frozen=True)
class Slot:
    """One opening period on one date. `period.weekday` is the weekday whose opening hours the
    day follows — a 调休 Saturday that follows Monday has Monday's periods."""

    day: date
    period: Period

    @property
    def key(self) -> PeriodKey:
        return (self.period.weekday, self.period.start)

    @property
    def week(self) -> tuple[int, int]:
        iso = self.day.isocalendar()
        return (iso.year, iso.week)

    @property
    def minutes(self) -> int:
        return self.period.minutes

    @property
    def time_label(self) -> str:
        p = self.period
        return f"周{WEEKDAYS[self.day.weekday()]} {p.start:%H:%M}–{p.end:%H:%M}"

    @property
    def label(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.time_label}"


@dataclass(frozen=True)
class DutyPerson:
    staff_id: int
    name: str
    available: frozenset[PeriodKey] | None = None  # None: every opening period
    max_per_week: int | None = None  # None: no limit
    max_per_term: int | None = None

    def can_take(self, slot: Slot) -> bool:
        return self.available is None or slot.key in self.available


@dataclass(frozen=True)
class Assignment:
    slot: Slot
    staff_id: int


@dataclass(frozen=True)
class Uncovered:
    slot: Slot
    reason: str


@dataclass(frozen=True)
class RotaPlan:
    assignments: tuple[Assignment, ...]
    uncovered: tuple[Uncovered, ...]

    def counts(self) -> Counter[int]:
        return Counter(a.staff_id for a in self.assignments)


def plan_rota(slots: Sequence[Slot], people: Sequence[DutyPerson], *, fixed: Sequence[Assignment] = ()) -> RotaPlan:
    """Assign `slots` (closed days already removed) to `people`; `fixed` are earlier slots of the
    same term that stay as they are and count toward each person's load and limits."""
    ordered = sorted(set(slots), key=slot_order)
    network = _Network(ordered, people, fixed)
    network.solve()
    chosen = network.assignments()
    chosen = even_out_minutes(chosen, people, fixed)
    taken = {a.slot for a in chosen}
    uncovered = tuple(Uncovered(s, network.why_uncovered(s)) for s in ordered if s not in taken)
    return RotaPlan(tuple(sorted(chosen, key=lambda a: slot_order(a.slot))), uncovered)


def slot_order(slot: Slot) -> tuple[date, time]:
    return (slot.day, slot.period.start)


def pair_count(sizes: Sequence[int]) -> int:
    """How many same-group pairs at most: the scale that keeps a lower priority below a higher."""
    return sum(n * (n - 1) // 2 for n in sizes)


class _Network:
    """The flow network of one planning run and how to read the answer back."""

    def __init__(self, slots: list[Slot], people: Sequence[DutyPerson], fixed: Sequence[Assignment]):
        self.slots = slots
        self.people = list(people)
        self.net = FlowNetwork()
        self.source, self.sink = self.net.add_node(), self.net.add_node()
        self.slot_edges: dict[Slot, list[tuple[int, Edge]]] = {}
        self.week_edges: dict[tuple[int, tuple[int, int]], Edge] = {}
        self.term_edges: dict[int, Edge] = {}
        self.person_nodes: dict[int, int] = {}
        self.fixed_day = Counter((a.staff_id, a.slot.day) for a in fixed)
        self.fixed_week = Counter((a.staff_id, a.slot.week) for a in fixed)
        self.fixed_term = Counter(a.staff_id for a in fixed)
        # Scales: a whole roster's week penalty < one day penalty step < one balance step. The
        # penalties count pairs of slots held by one person in one week (day), fixed ones included,
        # so their totals are at most the pairs of all slots in each week (day).
        week_sizes = Counter(s.week for s in slots) + Counter(a.slot.week for a in fixed)
        day_sizes = Counter(s.day for s in slots) + Counter(a.slot.day for a in fixed)
        week_scale = 1
        day_scale = pair_count(list(week_sizes.values())) + 1
        self.balance_scale = day_scale * (pair_count(list(day_sizes.values())) + 1)
        self._build(week_scale, day_scale)

    def _build(self, week_scale: int, day_scale: int) -> None:
        day_nodes: dict[tuple[int, date], int] = {}
        week_nodes: dict[tuple[int, tuple[int, int]], int] = {}
        for slot in self.slots:
            slot_node = self.net.add_node()
            self.net.add_edge(self.source, slot_node, 1)
            self.slot_edges[slot] = []
            for person in self.people:
                if not person.can_take(slot):
                    continue
                sid = person.staff_id
                if (sid, slot.day) not in day_nodes:
                    day_nodes[(sid, slot.day)] = self._day_node(person, slot, week_nodes, week_scale, day_scale)
                edge = self.net.add_edge(slot_node, day_nodes[(sid, slot.day)], 1)
                self.slot_edges[slot].append((sid, edge))

    def _day_node(
        self,
        person: DutyPerson,
        slot: Slot,
        week_nodes: dict[tuple[int, tuple[int, int]], int],
        week_scale: int,
        day_scale: int,
    ) -> int:
        sid = person.staff_id
        if (sid, slot.week) not in week_nodes:
            week_nodes[(sid, slot.week)] = self._week_node(person, slot.week, week_scale)
        node = self.net.add_node()
        already = self.fixed_day[(sid, slot.day)]
        self.net.add_edge(node, week_nodes[(sid, slot.week)], len(self.slots), base=day_scale * already, step=day_scale)
        return node

    def _week_node(self, person: DutyPerson, week: tuple[int, int], week_scale: int) -> int:
        sid = person.staff_id
        node = self.net.add_node()
        already = self.fixed_week[(sid, week)]
        room = len(self.slots) if person.max_per_week is None else max(0, person.max_per_week - already)
        self.week_edges[(sid, week)] = self.net.add_edge(
            node, self._person_node(person), room, base=week_scale * already, step=week_scale
        )
        return node

    def _person_node(self, person: DutyPerson) -> int:
        sid = person.staff_id
        if sid not in self.person_nodes:
            node = self.person_nodes[sid] = self.net.add_node()
            already = self.fixed_term[sid]
            room = len(self.slots) if person.max_per_term is None else max(0, person.max_per_term - already)
            # The k-th slot of the term costs more than the (k-1)-th: the balancing term.
            self.term_edges[sid] = self.net.add_edge(
                node, self.sink, room, base=self.balance_scale * (already + 1), step=self.balance_scale
            )
        return self.person_nodes[sid]

    def solve(self) -> None:
        self.net.max_flow_min_cost(self.source, self.sink)

    def assignments(self) -> list[Assignment]:
        return [
            Assignment(slot, sid) for slot, edges in self.slot_edges.items() for sid, edge in edges if edge.flow > 0
        ]

    def why_uncovered(self, slot: Slot) -> str:
        """In a maximum flow every candidate of an uncovered slot is full for its week or term."""
        candidates = [p for p in self.people if p.can_take(slot)]
        if not candidates:
            return f"{slot.label}：没有可值班的老师"
        full = [self._limit_text(p, slot) for p in candidates]
        return f"{slot.label}：可值班的老师都已排满（{'；'.join(full)}）"

    def _limit_text(self, person: DutyPerson, slot: Slot) -> str:
        week = self.week_edges.get((person.staff_id, slot.week))
        if person.max_per_week is not None and week is not None and week.residual() <= 0:
            return f"{person.name}本周已排 {person.max_per_week} 次，达到每周上限"
        return f"{person.name}本学期已排 {person.max_per_term} 次，达到学期上限"
