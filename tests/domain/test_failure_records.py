"""Failure records from the key file are untrusted (SECURITY.md 27): fixed reasons, visible names,
times clamped between the last audit row and now, a back-off that never counts from the future."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from counselroom.domain.accounts import failure_records as fr
from counselroom.domain.accounts.login_policy import MAX_WAIT_SECONDS, backoff_seconds, seconds_to_wait

NOW = datetime(2025, 10, 13, 9, 30, 0)
LAST_ROW = NOW - timedelta(hours=2)


@pytest.mark.parametrize("reason", [fr.WRONG_LOGIN, fr.UNKNOWN_ACCOUNT, fr.REFUSED_WHILE_WAITING])
def test_the_programs_own_reasons_are_kept(reason: str) -> None:
    assert fr.audit_reason(reason) == reason


def test_a_failure_without_a_reason_is_a_wrong_password() -> None:
    assert fr.audit_reason(None) == fr.WRONG_LOGIN


@pytest.mark.parametrize(
    "reason",
    ["", "管理员已批准，无需调查", "用户名或密码错误 ", "账号不存在\u202e", "x" * 10_000, "\x1b[2J"],
)
def test_any_other_reason_becomes_the_fixed_text(reason: str) -> None:
    assert fr.audit_reason(reason) == fr.UNRECOGNISED_REASON


def test_the_known_reasons_are_one_set() -> None:
    assert frozenset({fr.WRONG_LOGIN, fr.UNKNOWN_ACCOUNT, fr.REFUSED_WHILE_WAITING}) == fr.KNOWN_REASONS
    assert fr.UNRECOGNISED_REASON not in fr.KNOWN_REASONS


def test_a_recorded_name_is_visible_and_capped() -> None:
    assert fr.audit_username("王老师") == "王老师"
    assert fr.audit_username("adm\u202ein") == "adm〈U+202E〉in"
    assert fr.audit_username("a\x00b") == "a〈U+0000〉b"
    assert fr.audit_username("x" * 1000) == "x" * 64
    assert len(fr.audit_username("\u200b" * 100)) == 64


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (NOW - timedelta(minutes=5), NOW - timedelta(minutes=5)),  # between: kept
        (NOW, NOW),
        (LAST_ROW, LAST_ROW),
        (NOW + timedelta(seconds=1), NOW),  # in the future: now
        (datetime(9999, 12, 31, 23, 59, 59), NOW),
        (LAST_ROW - timedelta(seconds=1), LAST_ROW),  # before the last row: that row's time
        (datetime(1, 1, 1), LAST_ROW),
    ],
)
def test_audit_times_are_clamped_between_the_last_row_and_now(at: datetime, expected: datetime) -> None:
    assert fr.audit_time(at, last_row=LAST_ROW, now=NOW) == expected


def test_an_empty_log_clamps_only_the_future() -> None:
    assert fr.audit_time(datetime(2001, 1, 1), last_row=None, now=NOW) == datetime(2001, 1, 1)
    assert fr.audit_time(NOW + timedelta(days=1), last_row=None, now=NOW) == NOW


def test_a_last_row_after_now_gives_now() -> None:
    """The clock was set back since the last row: a failure cannot be later than this sign-in."""
    later_row = NOW + timedelta(days=3)
    assert fr.audit_time(NOW - timedelta(days=1), last_row=later_row, now=NOW) == NOW


def test_a_time_with_a_zone_is_placed_at_now_not_compared() -> None:
    zoned = datetime(2025, 10, 13, 1, 0, tzinfo=UTC)
    assert fr.audit_time(zoned, last_row=LAST_ROW, now=NOW) == NOW
    assert fr.backoff_record(5, zoned, NOW) == (5, NOW)


def test_the_backoff_never_counts_from_the_future() -> None:
    assert fr.backoff_record(4, NOW + timedelta(days=365), NOW) == (4, NOW)
    assert fr.backoff_record(4, NOW - timedelta(seconds=3), NOW) == (4, NOW - timedelta(seconds=3))
    assert fr.backoff_record(4, None, NOW) == (4, None)


@pytest.mark.parametrize(("failures", "counted"), [(0, 0), (5, 5), (-7, 0), (10**6, fr.MAX_COUNTED_FAILURES)])
def test_the_failure_count_is_capped(failures: int, counted: int) -> None:
    assert fr.backoff_record(failures, None, NOW)[0] == counted


def test_the_cap_does_not_shorten_the_longest_wait() -> None:
    assert backoff_seconds(fr.MAX_COUNTED_FAILURES) == MAX_WAIT_SECONDS


@pytest.mark.parametrize("stamp", [NOW + timedelta(days=365), datetime(9999, 12, 31, 23, 59, 59)])
def test_a_future_stamp_waits_at_most_the_longest_wait_from_now(stamp: datetime) -> None:
    failures, since = fr.backoff_record(10**6, stamp, NOW)
    assert seconds_to_wait(failures, since, NOW) == MAX_WAIT_SECONDS
    assert seconds_to_wait(failures, since, NOW + timedelta(seconds=MAX_WAIT_SECONDS)) == 0
