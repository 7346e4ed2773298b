"""The 今日 and timeline sources are listed once, in services/registry.py, and built at start-up:
importing a module adds nothing, and no source is listed twice or forgotten."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import counselroom.services
from counselroom.domain.roles import Permission
from counselroom.services import registry, today
from counselroom.services.activities import activity_todos
from counselroom.services.cases import note_todos
from counselroom.services.crisis import aftercare
from counselroom.services.referrals import referral_todos
from counselroom.services.scheduling import appointments
from counselroom.services.screening import screening_todos
from counselroom.services.students import return_todos, timeline_sources
from counselroom.store.students import timeline as store_timeline

ROOT = Path(__file__).resolve().parents[2]


def service_modules() -> list[str]:
    return [info.name for info in pkgutil.walk_packages(counselroom.services.__path__, "counselroom.services.")]


def test_each_source_is_listed_once() -> None:
    built = registry.build_registry()
    for sources in (built.todo_sources, built.timeline_sources):
        functions = [source for _permission, source in sources]
        assert len(functions) == len(set(functions))
        assert all(isinstance(permission, Permission) for permission, _source in sources)


def test_a_source_listed_twice_fails_at_start_up() -> None:
    with pytest.raises(ValueError, match="review_todos"):
        registry._require_once([(Permission.VIEW_WARNINGS, today.review_todos)] * 2)


def test_every_source_the_program_has_is_listed() -> None:
    built = registry.build_registry()
    todos = {source for _p, source in built.todo_sources}
    in_modules = {
        f
        for module in (today, screening_todos, note_todos, aftercare, referral_todos, return_todos, activity_todos)
        for name, f in vars(module).items()
        if name.endswith("_todos") and inspect.isfunction(f)
    }
    assert todos == in_modules
    events = {source for _p, source in built.timeline_sources}
    service_sources = {
        f for name, f in vars(timeline_sources).items() if name.endswith("_events") and inspect.isfunction(f)
    }
    assert events == service_sources | {appointments.timeline_events}
    # every store source has its service source, which takes the actor
    store_names = {n for n, f in vars(store_timeline).items() if n.endswith("_events") and inspect.isfunction(f)}
    assert store_names <= {f.__name__ for f in service_sources}


def test_importing_service_modules_changes_nothing() -> None:
    before = registry.build_registry()
    for name in service_modules():
        importlib.import_module(name)
    assert registry.build_registry() == before


def test_no_service_module_registers_anything() -> None:
    """No register_* hook and no module-level list a module could append to."""
    for name in service_modules():
        module = importlib.import_module(name)
        hooks = [attr for attr in vars(module) if attr.startswith("register") and "source" in attr]
        assert hooks == [], name
    for module in (today, importlib.import_module("counselroom.services.students.timeline")):
        lists = [
            a for a, value in vars(module).items() if isinstance(value, list | dict | set) and not a.startswith("__")
        ]
        assert lists == [], module.__name__


def test_a_fresh_program_gets_the_same_sources_whatever_it_imported_first() -> None:
    """Before, the timeline showed appointments only if the appointments module had been imported."""
    script = (
        "from counselroom.services.registry import build_registry\n"
        "first = build_registry()\n"
        "import counselroom.services.scheduling.waitlist, counselroom.services.care.mentoring\n"
        "assert build_registry() == first\n"
        "print(len(first.todo_sources), len(first.timeline_sources))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["14", "9"]
