# Partial stub for chinese-calendar: only what counselroom.system.holidays calls.
import datetime

# (is a day off, the holiday's English name or None); NotImplementedError for a year not yet published.
def get_holiday_detail(date: datetime.date) -> tuple[bool, str | None]: ...
