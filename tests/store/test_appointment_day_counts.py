"""The per-day appointment counts read back for a range of days (store/care_counts.appointment_counts):
the days are now chosen in SQL (json_extract over the stored dimensions) instead of decoding every
day of every year; the answer must be the one the whole table gives when filtered here."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from counselroom.store import care_counts
from counselroom.store.connection import Connection
from counselroom.store.scheduling.appointments import AppointmentCount
from tests.demo_school import Demo, make_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    return make_demo(tmp_path_factory.mktemp("day-counts") / "school.db", students=200, years=2, seed=11)


def counted_here(conn: Connection, start: datetime, end: datetime) -> list[AppointmentCount]:
    """Every stored day decoded and filtered in Python: what appointment_counts did before."""
    first, stop = start.date().isoformat(), end.date().isoformat()
    merged: dict[tuple[str, str, bool, bool], int] = {}
    for dims, count in conn.execute("SELECT dims, count FROM care_counts WHERE kind = 'appointments_day'"):
        d = json.loads(dims)
        if first <= d["day"] < stop:
            key = (str(d["type"]), str(d["status"]), bool(d["walk_in"]), bool(d["late"]))
            merged[key] = merged.get(key, 0) + int(count)
    return [AppointmentCount(t, s, w, late, n) for (t, s, w, late), n in sorted(merged.items())]


def test_a_range_of_days_counts_what_the_whole_table_filtered_here_counts(demo: Demo, tmp_path: Path) -> None:
    with demo.session("lead") as session:
        conn = session.db.conn
        days = sorted(
            {
                json.loads(d)["day"]
                for (d,) in conn.execute("SELECT dims FROM care_counts WHERE kind = 'appointments_day'")
            }
        )
        assert len(days) > 20  # the demo's appointments spread over many days
        first, middle, last = (datetime.fromisoformat(days[i]) for i in (0, len(days) // 2, -1))
        one_day = timedelta(days=1)
        ranges = [
            (first, last + one_day),  # every day
            (first, middle),  # the end day is left out
            (middle, middle + one_day),  # one day, its first moment to the next day's
            (middle, middle),  # nothing
            (middle + timedelta(hours=10), last),  # a range starting at 10:00 counts that whole day
            (last + one_day, last + 30 * one_day),  # after every record
        ]
        for start, end in ranges:
            assert care_counts.appointment_counts(conn, start, end) == counted_here(conn, start, end), (start, end)
        assert sum(c.count for c in care_counts.appointment_counts(conn, first, last + one_day)) > 0
