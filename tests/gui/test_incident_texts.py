"""The leader's incident sentences and cells (gui/pages/incident_texts.py), without Qt."""

from __future__ import annotations

from datetime import date

from counselroom.domain.roles import Actor, Role, UserId
from counselroom.gui.pages.incident_texts import (
    alert_line,
    counts_line,
    duration,
    sees_incident_status_only,
    term_start,
)
from counselroom.services.crisis.incident_overview import IncidentStatusView


def _view(opened: str, notified: str = "", minutes: int | None = None, status: str = "处置中") -> IncidentStatusView:
    return IncidentStatusView(12, status, opened, notified, "", minutes, "0", 0, 0)


def test_the_alert_line_reads_like_the_issue() -> None:
    line = alert_line(_view("2025-12-03T14:05", "2025-12-03T14:20", 15))
    assert line == "危机事件处置中：事件 #12，登记于 12月3日 14:05，已通知分管校领导 14:20（15 分钟）。"
    next_day = alert_line(_view("2025-12-03T23:50", "2025-12-04T00:10", 20, "待会签"))
    assert next_day.endswith("已通知分管校领导 12月4日 00:10（20 分钟）。") and next_day.startswith("危机事件待会签")
    assert alert_line(_view("2025-12-03T14:05")).endswith("尚未记录通知分管校领导。")


def test_durations_and_counts() -> None:
    assert [duration(m) for m in (None, 0, 59, 60, 65, 24 * 60 + 90)] == [
        "", "0 分钟", "59 分钟", "1 小时", "1 小时 5 分钟", "1 天 1 小时",
    ]  # fmt: skip
    assert counts_line({"处置中": 1, "待会签": 0, "已结案": 2}, 3) == "共 3 起：处置中 1 起　待会签 0 起　已结案 2 起"


def test_this_terms_start_falls_back_to_the_last_term_begun_in_a_holiday() -> None:
    terms = [(date(2025, 2, 20), date(2025, 7, 10)), (date(2025, 9, 1), date(2026, 1, 20))]
    assert term_start(terms, date(2025, 10, 14)) == date(2025, 9, 1)
    assert term_start(terms, date(2025, 8, 1)) == date(2025, 2, 20)  # summer holiday
    assert term_start(terms, date(2024, 8, 1)) is None


def test_who_gets_the_status_only_view() -> None:
    shown = {role: sees_incident_status_only(Actor(UserId(1), "u", "某老师", role)) for role in Role}
    assert shown == {Role.COUNSELOR: False, Role.LEAD: False, Role.PRINCIPAL: True, Role.ADMIN: True}
