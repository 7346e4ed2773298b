"""Failed sign-ins as the key file keeps them: untrusted input (SECURITY.md 27).

The key file is read before anything can be verified, so whoever can write the folder decides
what it says about failed sign-ins. Before such a record reaches the audit log or the back-off,
it is reduced to what the program itself could have written: one of a fixed set of reasons, a
visible user name of bounded length, and a time no later than now and no earlier than the last
audit row.
"""

from __future__ import annotations

from datetime import datetime

from counselroom.domain.visible_text import visible

# The reasons the program writes into the key file — the only ones that reach the audit log.
WRONG_LOGIN = "用户名或密码错误"
UNKNOWN_ACCOUNT = "账号不存在"  # audited only; the person signing in reads WRONG_LOGIN either way
REFUSED_WHILE_WAITING = "等待期内再次尝试登录"
KNOWN_REASONS = frozenset({WRONG_LOGIN, UNKNOWN_ACCOUNT, REFUSED_WHILE_WAITING})
# Whatever else a key file says stays out of the log: it was not written by the program.
UNRECOGNISED_REASON = "（密钥文件中的原因无法识别）"

MAX_USERNAME_LENGTH = 64
# The back-off is at its longest well before this many failures; a larger count adds nothing.
MAX_COUNTED_FAILURES = 100


def audit_reason(reason: str | None) -> str:
    """A recorded reason as the audit log may show it. A failure entry without one is a wrong
    password (the program writes no reason for those)."""
    if reason is None:
        return WRONG_LOGIN
    return reason if reason in KNOWN_REASONS else UNRECOGNISED_REASON


def audit_username(username: str) -> str:
    """A recorded user name with its invisible characters shown as codes, at most 64 characters."""
    return visible(username)[:MAX_USERNAME_LENGTH]


def audit_time(at: datetime, *, last_row: datetime | None, now: datetime) -> datetime:
    """When a recorded failure goes into the audit log: a time in the future is now, a time before
    the last audit row is that row's time. If the last row is itself later than now (the clock was
    set back), now wins: the failure cannot have happened after this sign-in."""
    if not _comparable(at, now):
        return now  # a time with a zone where the program writes local times: not placeable
    if last_row is not None and _comparable(last_row, now):
        at = max(at, last_row)
    return min(at, now)


def backoff_record(failures: int, last_failure: datetime | None, now: datetime) -> tuple[int, datetime | None]:
    """The failure count and last failure time the back-off may count from: the count is capped,
    and a last failure in the future is taken as now, so the wait is at most the policy's longest
    from now — a stamp years ahead must not lock the account until then."""
    counted = max(0, min(failures, MAX_COUNTED_FAILURES))
    if last_failure is None:
        return counted, None
    if not _comparable(last_failure, now):
        return counted, now
    return counted, min(last_failure, now)


def _comparable(moment: datetime, now: datetime) -> bool:
    """Comparing a time with a zone to one without raises; the program writes local times
    without a zone (the key file's loader refuses others)."""
    return (moment.tzinfo is None) == (now.tzinfo is None)
