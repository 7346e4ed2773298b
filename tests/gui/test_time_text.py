"""Typing a start time as a teacher would (issue 8, item 18): 1410, 14:10, 14：10, 14点10, 14点半;
and the times offered for a day are its opening periods' starts and the half hours inside them."""

from __future__ import annotations

from datetime import time

import pytest

from counselroom.domain.school.school_days import Period
from counselroom.gui.scheduling.time_text import offered_times, parse_time_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14:10", time(14, 10)),
        ("14：10", time(14, 10)),
        ("1410", time(14, 10)),
        ("910", time(9, 10)),
        ("9:5", time(9, 5)),
        ("14.10", time(14, 10)),
        ("14点10", time(14, 10)),
        ("14点10分", time(14, 10)),
        ("14点半", time(14, 30)),
        ("9", time(9, 0)),
        (" 08:30 ", time(8, 30)),
    ],
)
def test_the_ways_a_teacher_writes_a_time(text: str, expected: time) -> None:
    assert parse_time_text(text) == expected


@pytest.mark.parametrize("text", ["", "25:00", "12:75", "abc", "12345", "1:2:3"])
def test_what_is_not_a_time(text: str) -> None:
    assert parse_time_text(text) is None


def test_a_days_choices_start_with_each_period() -> None:
    periods = [Period(0, time(12, 10), time(13, 30)), Period(0, time(16, 30), time(18, 0))]
    assert offered_times(periods) == [time(12, 10), time(12, 30), time(13, 0), time(16, 30), time(17, 0), time(17, 30)]
    assert offered_times([]) == []
