"""The one place that reads the wall clock; services take `now` so tests can fix it."""

from __future__ import annotations

from datetime import datetime


def now() -> datetime:
    return datetime.now().replace(microsecond=0)
