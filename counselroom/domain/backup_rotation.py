"""Which good backups to keep: the newest of each of the last 7 days that have one, of each of the
last 4 weeks and of each of the last 12 months (SECURITY.md 23) — and always the newest RECENT of all,
so a snapshot made before a purge or an import survives the next backup made the same day.
Only good (verified) backups are ever passed here: a failed one never pushes a good one out."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime

DAILY, WEEKLY, MONTHLY, RECENT = 7, 4, 12, 3


@dataclass(frozen=True)
class KeptBackup:
    name: str
    made: datetime


def backups_to_delete(
    good: Sequence[KeptBackup],
    *,
    daily: int = DAILY,
    weekly: int = WEEKLY,
    monthly: int = MONTHLY,
    recent: int = RECENT,
) -> list[str]:
    """The names to delete, oldest first; never the newest."""
    newest_first = sorted(good, key=lambda b: b.made, reverse=True)
    keep = {b.name for b in newest_first[: max(1, recent)]}
    keep |= _newest_per(newest_first, lambda d: d.date(), daily)
    keep |= _newest_per(newest_first, lambda d: d.isocalendar()[:2], weekly)
    keep |= _newest_per(newest_first, lambda d: (d.year, d.month), monthly)
    return [b.name for b in reversed(newest_first) if b.name not in keep]


def _newest_per(newest_first: Sequence[KeptBackup], period: Callable[[datetime], Hashable], count: int) -> set[str]:
    kept: dict[Hashable, str] = {}
    for backup in newest_first:
        key = period(backup.made)
        if key not in kept:
            if len(kept) == count:
                break
            kept[key] = backup.name
    return set(kept.values())
