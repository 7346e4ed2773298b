"""Failed sign-ins back off but never lock out for good (SECURITY.md 10); password rules."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from counselroom.domain.accounts.login_policy import (
    MAX_WAIT_SECONDS,
    backoff_seconds,
    check_new_password,
    check_username,
    seconds_to_wait,
)
from counselroom.domain.errors import ValidationError

NOW = datetime(2025, 10, 13, 9, 30, 0)


def test_backoff_sequence_doubles_after_three_free_failures_and_caps_at_five_minutes() -> None:
    assert [backoff_seconds(n) for n in range(12)] == [
        0,
        0,
        0,
        5,
        10,
        20,
        40,
        80,
        160,
        300,
        300,
        300,
    ]
    assert MAX_WAIT_SECONDS == 300


@pytest.mark.parametrize("failures", [9, 10, 50, 1_000, 100_000])
def test_backoff_never_exceeds_the_cap(failures: int) -> None:
    assert backoff_seconds(failures) == 300


def test_backoff_never_decreases() -> None:
    waits = [backoff_seconds(n) for n in range(40)]
    assert waits == sorted(waits)


def test_no_wait_without_a_previous_failure() -> None:
    assert seconds_to_wait(0, None, NOW) == 0
    assert seconds_to_wait(7, None, NOW) == 0


@pytest.mark.parametrize("failures", [1, 2])
def test_free_failures_never_wait(failures: int) -> None:
    assert seconds_to_wait(failures, NOW, NOW) == 0


def test_wait_counts_down_from_the_last_failure() -> None:
    assert seconds_to_wait(3, NOW, NOW) == 5
    assert seconds_to_wait(3, NOW, NOW + timedelta(seconds=1)) == 4
    assert seconds_to_wait(3, NOW, NOW + timedelta(seconds=4)) == 1
    assert seconds_to_wait(3, NOW, NOW + timedelta(seconds=5)) == 0
    assert seconds_to_wait(3, NOW, NOW + timedelta(hours=1)) == 0
    assert seconds_to_wait(4, NOW, NOW + timedelta(seconds=3)) == 7


def test_a_part_second_left_rounds_up() -> None:
    assert seconds_to_wait(3, NOW, NOW + timedelta(seconds=4, milliseconds=500)) == 1
    assert seconds_to_wait(3, NOW, NOW + timedelta(milliseconds=1)) == 5


def test_no_permanent_lock_out_after_many_failures() -> None:
    assert seconds_to_wait(10_000, NOW, NOW) == 300
    assert seconds_to_wait(10_000, NOW, NOW + timedelta(seconds=300)) == 0


def test_a_failure_stamped_in_the_future_still_waits_at_most_the_cap() -> None:
    """A clock set back (or a wrong BIOS clock) must not lock an account for days."""
    future = NOW + timedelta(days=30)
    assert seconds_to_wait(5, future, NOW) == backoff_seconds(5) == 20
    assert seconds_to_wait(50, future, NOW) == MAX_WAIT_SECONDS
    assert seconds_to_wait(1, future, NOW) == 0  # a free failure never costs a wait


# -- passwords -------------------------------------------------------------------------


@pytest.mark.parametrize("password", ["", "a", "1234567", "七个字的密码啊"])
def test_short_passwords_are_refused_in_chinese(password: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_new_password(password)
    assert caught.value.message == "密码至少需要 8 个字符"
    assert caught.value.field == "密码"


@pytest.mark.parametrize("password", ["12345678", "八个字的中文密码啊", "correct horse"])
def test_passwords_of_eight_characters_or_more_pass(password: str) -> None:
    check_new_password(password)
    check_new_password(password, username="someone")


@pytest.mark.parametrize("password", ["teacher01", "TEACHER01", " Teacher01 "])
def test_password_equal_to_the_username_is_refused(password: str) -> None:
    with pytest.raises(ValidationError, match="密码不能与用户名相同"):
        check_new_password(password, username="teacher01")


def test_password_containing_the_username_is_allowed() -> None:
    check_new_password("teacher01-x", username="teacher01")


# -- user names ------------------------------------------------------------------------


def test_username_is_stripped() -> None:
    assert check_username("  wang  ") == "wang"
    assert check_username("王老师") == "王老师"


@pytest.mark.parametrize("name", ["", "   ", "\t"])
def test_empty_username_is_refused(name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_username(name)
    assert caught.value.message == "请填写用户名"
    assert caught.value.field == "用户名"


@pytest.mark.parametrize("name", ["wang li", "wang\tli", "王\u3000老师", "x" * 33])
def test_username_with_inner_space_or_too_long_is_refused(name: str) -> None:
    with pytest.raises(ValidationError, match="用户名不能含空格，且不超过 32 个字符"):
        check_username(name)


def test_username_of_exactly_32_characters_passes() -> None:
    assert check_username("x" * 32) == "x" * 32


def test_error_text_names_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        check_username("")
    assert str(caught.value) == "“用户名”：请填写用户名"
