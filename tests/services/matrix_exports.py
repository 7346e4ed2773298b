"""Role-matrix rows for exports (issue #14): the de-identified statistics are for every role (built
from the school store's counts; only a care-key holder's carries 学生记录); the 班主任's class list
names students, so only a counselor or the lead may build or save it."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.exports import class_list, stats_export
from tests.conftest import FIXED_NOW
from tests.services.matrix_activities_coverage import term_id
from tests.services.matrix_care import school

CARE = frozenset({Role.COUNSELOR, Role.LEAD})


def _stats(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    return stats_export.stats_export(s.db, s.actor, term_id=term_id(all_), now=FIXED_NOW)


def _save_stats(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    doc = stats_export.stats_export(s.db, s.actor, term_id=term_id(all_), now=FIXED_NOW)
    return stats_export.save_stats_export(s.db, s.actor, doc, Path(tempfile.mkdtemp()) / "统计.xlsx", now=FIXED_NOW)


def _class_id(all_: dict[Role, Session]) -> int:
    term_id(all_)
    return int(school(all_)["class"])


def _choices(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    term_id(all_)
    return class_list.class_list_choices(s.db, s.actor, now=FIXED_NOW)


def _class_list(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    return class_list.class_list(s.db, s.actor, class_id=_class_id(all_), reason="请班主任关注", now=FIXED_NOW)


def _save_class_list(s: Session, all_: dict[Role, Session], _k: Any) -> object:
    class_id = _class_id(all_)  # first: a locked session refuses here
    lead = all_[Role.LEAD]  # the list as a counselor or the lead builds it; saved as `s`
    doc = class_list.class_list(lead.db, lead.actor, class_id=class_id, reason="请班主任关注", now=FIXED_NOW)
    return class_list.save_class_list(s.db, s.actor, doc, Path(tempfile.mkdtemp()) / "名单.csv", now=FIXED_NOW)


EXPORTS_MATRIX: dict[str, tuple[frozenset[Role], Any]] = {
    "stats_export.stats_export": (frozenset(Role), _stats),
    "stats_export.save_stats_export": (frozenset(Role), _save_stats),
    "class_list.class_list_choices": (CARE, _choices),
    "class_list.class_list": (CARE, _class_list),
    "class_list.save_class_list": (CARE, _save_class_list),
}
# Called only inside the save functions above (and the reports' and printouts' saves), after their checks.
EXPORTS_BUILDING_BLOCKS = {"export_files.write_export", "saved_files.save_exported"}
