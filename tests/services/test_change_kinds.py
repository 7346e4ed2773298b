"""Change kinds are an enum: a service reporting a plain string (a typo) fails at once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from counselroom.domain.changes import ChangeKind
from counselroom.services.accounts.session import Changes
from counselroom.services.screening.screening_import import ScreeningImportChanges

SERVICES = Path(__file__).resolve().parents[2] / "counselroom" / "services"


def test_kinds_are_members_and_keep_their_old_values() -> None:
    changes = Changes.of(ChangeKind.STUDENTS, ChangeKind.CLASSES, summary="已导入")
    assert changes.kinds == {ChangeKind.STUDENTS, ChangeKind.CLASSES}
    assert ChangeKind.STUDENTS == "students"  # what older callers compared against


@pytest.mark.parametrize("stray", ["students", "studnets", 3])
def test_a_plain_value_is_refused(stray: object) -> None:
    with pytest.raises(TypeError, match="ChangeKind"):
        Changes.of(ChangeKind.WARNINGS, stray)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="ChangeKind"):
        Changes(frozenset({stray}))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="ChangeKind"):
        ScreeningImportChanges(frozenset({stray}), "")  # type: ignore[arg-type]


def kinds_services_report() -> set[ChangeKind]:
    """Every kind named in the services' code (Changes.of(...) and the constants they pass)."""
    text = "\n".join(path.read_text(encoding="utf-8") for path in SERVICES.rglob("*.py"))
    return {ChangeKind[name] for name in re.findall(r"ChangeKind\.([A-Z_]+)", text)}


def test_no_service_passes_a_string_kind() -> None:
    """Caught at run time too, but only on the path that runs: this reads every call."""
    stray = [
        f"{path.relative_to(SERVICES)}: Changes.of({kinds})"
        for path in SERVICES.rglob("*.py")
        for kinds in re.findall(r"Changes\.of\(([^=]*?)(?:summary=|\))", path.read_text(encoding="utf-8"))
        if '"' in kinds or "'" in kinds
    ]
    assert stray == []


def test_every_kind_is_reported_by_some_service() -> None:
    assert kinds_services_report() == set(ChangeKind), "a kind no service reports: drop it"
