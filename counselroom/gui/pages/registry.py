"""The sidebar's modules, in order, with the page that builds each named rather than imported.

A page's module — and what it pulls in: charts (matplotlib), PDF tools (reportlab) — loads when
the page is first shown, so neither the login window nor signing in waits for pages nobody
opened. Who may see a module is decided here too, without importing its page.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from counselroom.domain.roles import Actor, Permission, Role

if TYPE_CHECKING:
    from counselroom.gui.pages.base import Page


def sees_everything_allowed(actor: Actor) -> bool:
    return True


def sees_calendar(actor: Actor) -> bool:
    """Counselors and the lead: the calendar names students. Not the principal, not the admin."""
    return actor.can(Permission.SCHEDULE_APPOINTMENTS)


def sees_warnings(actor: Actor) -> bool:
    """Counselors and the lead see names; the principal sees counts. The admin account is
    for settings and roster, so it gets no 预警 page (its counts come with 报表)."""
    return actor.can(Permission.VIEW_WARNINGS) or actor.role is Role.PRINCIPAL


@dataclass(frozen=True)
class Module:
    title: str
    permission: Permission  # needed to see the module in the sidebar at all
    page: str = ""  # "package.module:Class" of its page; "" while a later issue builds it
    description: str = ""  # for a page not built yet: what it will do for its user
    visible: Callable[[Actor], bool] = sees_everything_allowed  # a finer rule than the permission

    def shown_to(self, actor: Actor) -> bool:
        return actor.can(self.permission) and self.visible(actor)

    def page_class(self) -> type[Page]:
        module, name = self.page.split(":")
        cls: type[Page] = getattr(importlib.import_module(module), name)
        return cls


_PAGES = "counselroom.gui.pages"
MODULES = (
    Module("今日", Permission.SIGN_IN, f"{_PAGES}.today_page:TodayPage"),
    Module("学生", Permission.VIEW_ROSTER, f"{_PAGES}.students_page:StudentsPage"),
    Module("预约", Permission.SIGN_IN, f"{_PAGES}.appointments_page:AppointmentsPage", visible=sees_calendar),
    Module("值班", Permission.SIGN_IN, f"{_PAGES}.duty_page:DutyPage"),
    Module("个案", Permission.READ_ASSIGNED_CASES, f"{_PAGES}.cases_page:CasesPage"),
    Module("预警", Permission.VIEW_AGGREGATES, f"{_PAGES}.warnings_page:WarningsPage", visible=sees_warnings),
    Module("转介与随访", Permission.READ_ASSIGNED_CASES, f"{_PAGES}.referrals_page:ReferralsPage"),
    # The admin keeps settings and the roster: 达标情况 reaches them through 报表.
    Module("活动", Permission.VIEW_ACTIVITIES, f"{_PAGES}.activities_page:ActivitiesPage"),
    Module("报表", Permission.VIEW_AGGREGATES, f"{_PAGES}.reports_page:ReportsPage"),
    Module("设置", Permission.SIGN_IN, f"{_PAGES}.settings_page:SettingsPage"),
)


def module_titled(title: str) -> Module:
    return next(m for m in MODULES if m.title == title)
