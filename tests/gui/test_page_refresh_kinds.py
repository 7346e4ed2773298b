"""Every kind a page listens to is a ChangeKind that some service reports: a page waiting for a
kind nobody sends would never refresh."""

from __future__ import annotations

import importlib
import pkgutil

import counselroom.gui.pages
from counselroom.domain.changes import ChangeKind
from counselroom.gui.pages.base import Page
from tests.services.test_change_kinds import kinds_services_report


def pages() -> list[type[Page]]:
    for info in pkgutil.iter_modules(counselroom.gui.pages.__path__, "counselroom.gui.pages."):
        importlib.import_module(info.name)
    found: list[type[Page]] = []
    todo = [Page]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.append(sub)
            todo.append(sub)
    return found


def test_every_kind_a_page_listens_to_exists_and_is_reported() -> None:
    reported = kinds_services_report()
    listening = {page.__name__: page.refresh_on for page in pages() if page.refresh_on}
    assert len(listening) >= 6  # 今日, 学生, 预约, 值班, 预警, 设置
    for name, kinds in listening.items():
        assert all(isinstance(kind, ChangeKind) for kind in kinds), name
        assert kinds <= reported, f"{name} waits for {set(kinds - reported)}, which no service reports"
