"""Rules for passwords and failed sign-ins (SECURITY.md 10): back off, never lock out for good."""

from __future__ import annotations

from datetime import datetime, timedelta

from counselroom.domain.errors import ValidationError

MIN_PASSWORD_LENGTH = 8
FREE_FAILURES = 3  # the first few typos cost nothing
FIRST_WAIT_SECONDS = 5
MAX_WAIT_SECONDS = 300


def backoff_seconds(failures: int) -> int:
    """Seconds to wait after `failures` consecutive failures: 0,0,0,5,10,20,… up to 5 minutes."""
    if failures < FREE_FAILURES:
        return 0
    doublings = failures - FREE_FAILURES  # >= 0 here, so a shift: int ** int is typed as Any
    return min(FIRST_WAIT_SECONDS << doublings, MAX_WAIT_SECONDS)


def seconds_to_wait(failures: int, last_failure: datetime | None, now: datetime) -> int:
    if last_failure is None:
        return 0
    wait = backoff_seconds(failures)
    ready_at = last_failure + timedelta(seconds=wait)
    # A failure stamped in the future (clock set back) never costs more than the cap.
    return min(wait, max(0, int((ready_at - now).total_seconds() + 0.999)))


def check_new_password(password: str, *, username: str = "") -> None:
    """A room password must be long enough and not the user name."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符", field="密码")
    if username and password.strip().lower() == username.strip().lower():
        raise ValidationError("密码不能与用户名相同", field="密码")


def check_username(username: str) -> str:
    name = username.strip()
    if not name:
        raise ValidationError("请填写用户名", field="用户名")
    if len(name) > 32 or any(ch.isspace() for ch in name):
        raise ValidationError("用户名不能含空格，且不超过 32 个字符", field="用户名")
    return name
