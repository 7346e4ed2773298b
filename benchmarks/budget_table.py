"""One row per performance budget of issue #15, printed as the table `make bench` ends with."""

from __future__ import annotations

import statistics
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Budget:
    """A measured figure, the floor it is compared with (measured in the same run), and the budget.

    `limit` bounds the figure itself (ms, s or MB); `ratio_limit` bounds figure / floor. Either or both.
    """

    name: str
    figure: float
    unit: str
    floor: float | None = None
    floor_name: str = ""
    limit: float | None = None
    ratio_limit: float | None = None

    @property
    def ratio(self) -> float | None:
        return self.figure / self.floor if self.floor else None

    @property
    def met(self) -> bool:
        within_limit = self.limit is None or self.figure <= self.limit
        within_ratio = self.ratio_limit is None or (self.ratio is not None and self.ratio <= self.ratio_limit)
        return within_limit and within_ratio

    def budget_text(self) -> str:
        parts = []
        if self.ratio_limit is not None:
            parts.append(f"≤{self.ratio_limit:g}×")
        if self.limit is not None:
            parts.append(f"≤{self.limit:g} {self.unit}")
        return ", ".join(parts)


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, round(len(ordered) * 0.95) - 1)]


def p50(times: list[float]) -> float:
    return statistics.median(times)


def display_width(text: str) -> int:
    """Columns a terminal gives `text`: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


NAME_WIDTH = 60


def print_table(rows: list[Budget]) -> None:
    print(f"\n{pad('measure', NAME_WIDTH)} {'figure':>11} {'floor':>11} {'ratio':>7}  {'budget':<16} ok")
    for row in rows:
        floor = f"{row.floor:.1f} {row.unit}" if row.floor is not None else "—"
        ratio = f"{row.ratio:.2f}×" if row.ratio is not None else "—"
        mark = "yes" if row.met else "NO"
        figure = f"{row.figure:>8.1f} {row.unit:<2}"
        print(f"{pad(row.name, NAME_WIDTH)} {figure} {floor:>11} {ratio:>7}  {row.budget_text():<16} {mark}")
        if row.floor_name:
            print(f"{'':<4}floor: {row.floor_name}")
    missed = [r.name for r in rows if not r.met]
    summary = f"{len(rows) - len(missed)} of {len(rows)} budgets met"
    print("\n" + summary + (f"; missed: {', '.join(missed)}" if missed else ""))
