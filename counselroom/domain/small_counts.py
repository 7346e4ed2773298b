"""Small-count suppression for the count tables the principal sees (SECURITY item 11).

A count from 1 to the profile's threshold names too few students to show: it is a *primary* cell
and reads "<N" (N = threshold + 1, so threshold 4 → "<5"). Zero is shown as 0: it puts nobody in
the cell, and hiding zeros would only make a table harder to read. Totals are counts too, so a
row total, a column total or the grand total from 1 to the threshold is primary as well.
Threshold 0 hides nothing.

A shown total would give a lone hidden cell away by subtraction, so more cells are hidden as
*complements* and read "*" (ASCII like "<5", so every font and the XLSX writer show it alike; "—"
is avoided because Chinese tables use it for 不适用). Every row with its total, every column with
its total, and the totals row and column with the grand total are sums ("lines"). The well-known
heuristic: while a line hides exactly one of its cells (its total included), hide the smallest
non-zero shown part of it — a zero protects nothing — or, when it has none, its total.

That rule alone still leaks through the markers, which a reader can reason with: "<5" is 1–4 and
"*" is at least 5 (a complement is never zero and never small, or it would read 0 or "<5"). Row
1, 1, 20 with total 22 hides both 1s, yet 22 − 20 = 2 leaves 1 + 1 as the only answer. So once the
rule is stable, an audit asks, for each primary cell, whether any other value fits everything shown
and every marker's range; a table of counts with its totals is a flow from rows to columns, so
"does some table fit" is a feasible-flow question and the answer is exact. While a primary cell is
pinned to its value, the smallest non-zero shown cell in its lines (else anywhere) is hidden too,
and the rule runs again. Every step hides one more cell, so it ends; ties go to the earlier cell
(rows top to bottom, then the row totals, the column totals, the grand total).

What no hiding can fix: when every non-zero cell is hidden, the markers alone may still pin a
value — with threshold 4, four "<5" cells under a "<5" total can only be 1 each. Then the table is
all markers and zeros; the service showing it may choose to merge categories instead.

No I/O. A hidden cell carries no number (`value` is None), so no writer can put the true count in
a file by mistake.
"""

from __future__ import annotations

import enum
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

COMPLEMENT_MARK = "*"


class Suppression(enum.Enum):
    SHOWN = "显示"
    SMALL_COUNT = "人数过少"  # primary: 1 to threshold students
    COMPLEMENT = "防反推"  # hidden so that the totals cannot give a small count away


@dataclass(frozen=True)
class ShownCell:
    text: str  # what the table shows: "12", "0", "<5" or "*"
    value: int | None  # the count when shown, None when hidden
    suppression: Suppression

    @property
    def hidden(self) -> bool:
        return self.suppression is not Suppression.SHOWN


@dataclass(frozen=True)
class ProtectedRow:
    """A 1-D table (counts by level, by grade …) with its total."""

    labels: tuple[str, ...]
    cells: tuple[ShownCell, ...]
    total: ShownCell
    threshold: int

    @property
    def footnote(self) -> str:
        return _footnote_for((*self.cells, self.total), self.threshold)


@dataclass(frozen=True)
class ProtectedTable:
    """A rows × columns table with row totals, column totals and the grand total."""

    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    cells: tuple[tuple[ShownCell, ...], ...]
    row_totals: tuple[ShownCell, ...]
    column_totals: tuple[ShownCell, ...]
    grand_total: ShownCell
    threshold: int

    @property
    def footnote(self) -> str:
        every = [*(c for row in self.cells for c in row), *self.row_totals, *self.column_totals, self.grand_total]
        return _footnote_for(every, self.threshold)


def small_count_mark(threshold: int) -> str:
    """The text of a primary cell: "<5" for threshold 4."""
    return f"<{threshold + 1}"


def is_small_count(n: int, threshold: int) -> bool:
    """1 to threshold students: too few to show. Zero reveals nobody and is shown."""
    return 1 <= n <= threshold


def shown_count(n: int, threshold: int) -> str:
    """One count on its own (a card, a sentence): its number, or "<N" when it is small."""
    _check_count(n)
    _check_threshold(threshold)
    return small_count_mark(threshold) if is_small_count(n, threshold) else str(n)


def footnote(threshold: int, *, small: bool = True, complement: bool = True) -> str:
    """The Chinese note under a table saying what its markers mean ('' when it uses none)."""
    parts = []
    if small:
        people = "1 人" if threshold == 1 else f"1–{threshold} 人"
        parts.append(f"“{small_count_mark(threshold)}”表示 {people}，为保护学生隐私不显示具体数字")
    if complement:
        parts.append(f"“{COMPLEMENT_MARK}”为防止由合计反推而一并隐藏")
    return "；".join(parts) + "。" if parts else ""


def protect_row(labels: Sequence[str], counts: Sequence[int], threshold: int) -> ProtectedRow:
    """Suppress a 1-D table. It is a one-row table whose column totals repeat its cells and whose
    grand total repeats its total, so those add nothing a reader could use and are dropped."""
    table = protect_table([""], labels, [counts], threshold)
    return ProtectedRow(table.column_labels, table.cells[0], table.row_totals[0], threshold)


def protect_table(
    row_labels: Sequence[str], column_labels: Sequence[str], counts: Sequence[Sequence[int]], threshold: int
) -> ProtectedTable:
    """Suppress a rows × columns table and its three kinds of total."""
    _check_labels(row_labels, len(counts), "row_labels")
    for row in counts:
        _check_labels(column_labels, len(row), "column_labels")
    grid = _Grid(len(row_labels), len(column_labels))
    values = grid.values(counts)
    states = _suppress(grid, values, threshold)
    shown = [_shown_cell(v, s, threshold) for v, s in zip(values, states, strict=True)]
    return ProtectedTable(
        tuple(row_labels),
        tuple(column_labels),
        tuple(tuple(shown[grid.cell(r, c)] for c in range(grid.columns)) for r in range(grid.rows)),
        tuple(shown[grid.row_total(r)] for r in range(grid.rows)),
        tuple(shown[grid.column_total(c)] for c in range(grid.columns)),
        shown[grid.grand_total],
        threshold,
    )


@dataclass(frozen=True)
class _Line:
    """One sum of the table: the values at `parts` add up to the value at `total`."""

    parts: tuple[int, ...]
    total: int

    @property
    def members(self) -> tuple[int, ...]:
        return (*self.parts, self.total)


class _Grid:
    """Where each value of a rows × columns table sits in one flat list: the cells row by row,
    then the row totals, the column totals and the grand total."""

    def __init__(self, rows: int, columns: int):
        self.rows, self.columns = rows, columns
        self.grand_total = rows * columns + rows + columns
        self.lines = self._lines()

    def cell(self, row: int, column: int) -> int:
        return row * self.columns + column

    def row_total(self, row: int) -> int:
        return self.rows * self.columns + row

    def column_total(self, column: int) -> int:
        return self.rows * self.columns + self.rows + column

    def values(self, counts: Sequence[Sequence[int]]) -> list[int]:
        row_sums = [sum(row) for row in counts]
        column_sums = [sum(row[c] for row in counts) for c in range(self.columns)]
        return [*(n for row in counts for n in row), *row_sums, *column_sums, sum(row_sums)]

    def _lines(self) -> list[_Line]:
        rows = [_Line(tuple(self.cell(r, c) for c in range(self.columns)), self.row_total(r)) for r in range(self.rows)]
        columns = [
            _Line(tuple(self.cell(r, c) for r in range(self.rows)), self.column_total(c)) for c in range(self.columns)
        ]
        totals_row = _Line(tuple(self.column_total(c) for c in range(self.columns)), self.grand_total)
        totals_column = _Line(tuple(self.row_total(r) for r in range(self.rows)), self.grand_total)
        return [*rows, *columns, totals_row, totals_column]


def _suppress(grid: _Grid, values: Sequence[int], threshold: int) -> list[Suppression]:
    for n in values:
        _check_count(n)
    _check_threshold(threshold)
    states = [Suppression.SMALL_COUNT if is_small_count(n, threshold) else Suppression.SHOWN for n in values]
    while (cell := _next_to_hide(grid, values, states, threshold)) is not None:
        states[cell] = Suppression.COMPLEMENT
    return states


def _next_to_hide(grid: _Grid, values: Sequence[int], states: Sequence[Suppression], threshold: int) -> int | None:
    """The line rule first (cheap, and all most tables need); the audit once the rule is stable."""
    for line in grid.lines:
        if sum(states[i] is not Suppression.SHOWN for i in line.members) == 1:
            partner = _smallest_shown(line.parts, values, states)
            if partner is None:
                partner = _smallest_shown([line.total], values, states)
            if partner is not None:
                return partner
    pinned = _pinned_small_count(grid, values, states, threshold)
    return None if pinned is None else _unpinning_cell(grid, pinned, values, states)


def _smallest_shown(cells: Sequence[int], values: Sequence[int], states: Sequence[Suppression]) -> int | None:
    """The smallest non-zero shown cell among `cells`: hiding a zero would protect nothing."""
    candidates = [i for i in cells if states[i] is Suppression.SHOWN and values[i] > 0]
    return min(candidates, key=lambda i: (values[i], i), default=None)


def _unpinning_cell(grid: _Grid, pinned: int, values: Sequence[int], states: Sequence[Suppression]) -> int | None:
    """A part of a line through the pinned cell, else such a line's total, else any cell: each
    further hidden cell widens what a reader can work out."""
    through = [line for line in grid.lines if pinned in line.members]
    part = _smallest_shown([i for line in through for i in line.parts], values, states)
    if part is not None:
        return part
    total = _smallest_shown([line.total for line in through], values, states)
    return total if total is not None else _smallest_shown(range(len(values)), values, states)


Range = tuple[int, int | None]  # lowest and highest value a reader allows a cell; None: no upper limit


def _pinned_small_count(
    grid: _Grid, values: Sequence[int], states: Sequence[Suppression], threshold: int
) -> int | None:
    """The first primary cell no other value fits. With threshold 1 the marker itself says "1":
    there is nothing more to protect."""
    if threshold < 2:
        return None
    ranges = [_reader_range(v, s, threshold) for v, s in zip(values, states, strict=True)]
    for i, state in enumerate(states):
        if state is Suppression.SMALL_COUNT and not _another_value_fits(grid, ranges, i, values[i], threshold):
            return i
    return None


def _reader_range(value: int, state: Suppression, threshold: int) -> Range:
    if state is Suppression.SMALL_COUNT:
        return (1, threshold)
    if state is Suppression.COMPLEMENT:
        return (threshold + 1, None)
    return (value, value)


def _another_value_fits(grid: _Grid, ranges: Sequence[Range], cell: int, value: int, threshold: int) -> bool:
    below, above = (1, value - 1), (value + 1, threshold)
    for low, high in (below, above):
        if low <= high and _some_table_fits(grid, [*ranges[:cell], (low, high), *ranges[cell + 1 :]]):
            return True
    return False


def _some_table_fits(grid: _Grid, ranges: Sequence[Range]) -> bool:
    """Whether some table of counts keeps every value in its range. A table is a circulation:
    source → row r carries row total r, row r → column c the cell, column c → sink the column
    total, sink → source the grand total. Lower limits are removed the textbook way: each one is
    owed by its tail and credited to its head, and the table fits iff a flow from a second source
    to a second sink settles every node's balance."""
    source, sink, first_row, first_column = 0, 1, 2, 2 + grid.rows
    arcs = [(source, first_row + r, grid.row_total(r)) for r in range(grid.rows)]
    arcs += [(first_row + r, first_column + c, grid.cell(r, c)) for r in range(grid.rows) for c in range(grid.columns)]
    arcs += [(first_column + c, sink, grid.column_total(c)) for c in range(grid.columns)]
    arcs.append((sink, source, grid.grand_total))
    nodes = first_column + grid.columns
    unlimited = 1 + sum(low + (high or 0) for low, high in ranges)  # more than any fitting table needs
    network, balance = _FlowNetwork(nodes + 2), [0] * nodes
    for tail, head, i in arcs:
        low, high = ranges[i]
        network.add(tail, head, (unlimited if high is None else high) - low)
        balance[head] += low
        balance[tail] -= low
    for node, owed in enumerate(balance):
        network.add(nodes, node, max(owed, 0))
        network.add(node, nodes + 1, max(-owed, 0))
    return network.max_flow(nodes, nodes + 1) == sum(b for b in balance if b > 0)


class _FlowNetwork:
    """Maximum flow by shortest augmenting paths (Edmonds–Karp); edge e's reverse is e ^ 1."""

    def __init__(self, nodes: int):
        self.edges_of: list[list[int]] = [[] for _ in range(nodes)]
        self.head: list[int] = []
        self.room: list[int] = []

    def add(self, tail: int, head: int, capacity: int) -> None:
        for a, b, room in ((tail, head, capacity), (head, tail, 0)):
            self.edges_of[a].append(len(self.head))
            self.head.append(b)
            self.room.append(room)

    def max_flow(self, source: int, sink: int) -> int:
        flow = 0
        while (path := self._shortest_path(source, sink)) is not None:
            pushed = min(self.room[e] for e in path)
            for e in path:
                self.room[e] -= pushed
                self.room[e ^ 1] += pushed
            flow += pushed
        return flow

    def _shortest_path(self, source: int, sink: int) -> list[int] | None:
        reached_by: dict[int, int] = {source: -1}
        queue = deque([source])
        while queue and sink not in reached_by:
            node = queue.popleft()
            for e in self.edges_of[node]:
                if self.room[e] > 0 and self.head[e] not in reached_by:
                    reached_by[self.head[e]] = e
                    queue.append(self.head[e])
        if sink not in reached_by:
            return None
        path, node = [], sink
        while node != source:
            path.append(reached_by[node])
            node = self.head[reached_by[node] ^ 1]
        return path


def _shown_cell(value: int, state: Suppression, threshold: int) -> ShownCell:
    if state is Suppression.SMALL_COUNT:
        return ShownCell(small_count_mark(threshold), None, state)
    if state is Suppression.COMPLEMENT:
        return ShownCell(COMPLEMENT_MARK, None, state)
    return ShownCell(str(value), value, state)


def _footnote_for(cells: Sequence[ShownCell], threshold: int) -> str:
    kinds = {c.suppression for c in cells}
    return footnote(threshold, small=Suppression.SMALL_COUNT in kinds, complement=Suppression.COMPLEMENT in kinds)


def _check_count(n: int) -> None:
    if n < 0:
        raise ValueError(f"a count cannot be negative: {n}")


def _check_threshold(threshold: int) -> None:
    if threshold < 0:
        raise ValueError(f"a suppression threshold cannot be negative: {threshold}")


def _check_labels(labels: Sequence[str], count: int, name: str) -> None:
    if len(labels) != count:
        raise ValueError(f"{name} has {len(labels)} labels for {count} counts")
