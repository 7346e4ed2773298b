"""Which backups rotate out: 7 daily, 4 weekly, 12 monthly, and never the newest."""

from __future__ import annotations

from datetime import datetime, timedelta

from counselroom.domain.backup_rotation import KeptBackup, backups_to_delete

START = datetime(2026, 1, 1, 18, 0)


def daily(days: int, *, per_day: int = 1) -> list[KeptBackup]:
    return [
        KeptBackup(f"b{d:03d}-{i}", START + timedelta(days=d, minutes=i)) for d in range(days) for i in range(per_day)
    ]


def test_a_year_of_daily_backups_keeps_the_last_week_the_last_weeks_and_the_months() -> None:
    backups = daily(365)
    kept = {b.name for b in backups} - set(backups_to_delete(backups))
    newest = max(backups, key=lambda b: b.made)
    assert newest.name in kept
    assert {b.name for b in backups[-7:]} <= kept  # the last seven days
    assert len(kept) <= 7 + 4 + 12
    months = {(b.made.year, b.made.month) for b in backups if b.name in kept}
    assert len(months) == 12


def test_several_a_day_keep_the_newest_of_each_day_and_the_last_three() -> None:
    backups = daily(3, per_day=4)
    deleted = backups_to_delete(backups)
    last_three = {"b002-1", "b002-2", "b002-3"}
    assert set(deleted) == {b.name for b in backups if not b.name.endswith("-3")} - last_three


def test_a_snapshot_made_before_a_purge_survives_the_next_backup_that_day() -> None:
    """The user test: the admin's 14:19 backup went when the lead backed up at 14:21."""
    morning = KeptBackup("before-purge", START)
    afternoon = KeptBackup("after", START + timedelta(minutes=2))
    assert backups_to_delete([morning, afternoon]) == []


def test_the_newest_is_never_deleted_even_with_nothing_to_keep() -> None:
    backups = daily(5)
    assert backups[-1].name not in backups_to_delete(backups, daily=0, weekly=0, monthly=0, recent=0)


def test_few_backups_are_all_kept() -> None:
    assert backups_to_delete(daily(3)) == []
    assert backups_to_delete([]) == []
