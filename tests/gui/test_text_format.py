"""Moments as the screens show them: to the minute, though the stores keep some to the second."""

from __future__ import annotations

from counselroom.gui.pages.incident_texts import table_time
from counselroom.gui.text_format import minute_text, signed_text


def test_a_moment_is_shown_to_the_minute() -> None:
    assert minute_text("2025-10-20T14:05:33") == "2025-10-20 14:05"
    assert minute_text("2025-10-20T14:05") == "2025-10-20 14:05"
    assert minute_text("") == ""


def test_who_signed_and_when_to_the_minute() -> None:
    assert signed_text("王老师 2025-10-20T09:00:33") == "王老师 2025-10-20 09:00"
    assert signed_text("王老师 2025-10-20T09:00") == "王老师 2025-10-20 09:00"
    assert signed_text("") == ""


def test_the_closing_time_in_the_incident_table_has_no_seconds() -> None:
    assert table_time("2025-10-20T16:45:09") == "2025-10-20 16:45"
    assert table_time("") == "—"
