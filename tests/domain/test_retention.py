"""The retention period (domain/retention.py): when a leaver falls due, and the setting's bounds."""

from __future__ import annotations

from datetime import date

import pytest

from counselroom.domain import retention
from counselroom.domain.errors import ValidationError


def test_a_student_falls_due_on_the_anniversary_of_leaving() -> None:
    left = date(2022, 7, 1)
    assert not retention.is_due(left, 3, date(2025, 6, 30))
    assert retention.is_due(left, 3, date(2025, 7, 1))
    assert retention.anniversary(left, 3) == date(2025, 7, 1)


def test_29_february_falls_due_on_28_february_of_a_common_year() -> None:
    assert retention.anniversary(date(2024, 2, 29), 3) == date(2027, 2, 28)
    assert retention.is_due(date(2024, 2, 29), 3, date(2027, 2, 28))
    assert retention.anniversary(date(2024, 2, 29), 4) == date(2028, 2, 29)


def test_the_period_is_whole_years_within_bounds() -> None:
    assert retention.check_years(retention.DEFAULT_YEARS) == 3
    for bad in (0, 31, -1):
        with pytest.raises(ValidationError, match="保存年限"):
            retention.check_years(bad)
    assert retention.parse_years("5") == 5
    assert retention.parse_years("") == retention.parse_years("99") == retention.parse_years("三") == 3


def test_the_source_says_what_the_default_rests_on_and_that_the_school_decides() -> None:
    assert "个人信息保护法》第十九条" in retention.SOURCE and "最短时间" in retention.SOURCE
    assert "第一百八十八条" in retention.SOURCE and "S004" in retention.SOURCE
    assert "学校自行确定" in retention.SCHOOL_DECIDES
