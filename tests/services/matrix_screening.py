"""Role-matrix entries for screening (merged into MATRIX in test_role_matrix.py).

Recording and reading individual results is for counselors and the lead; everyone may see
the aggregate overview.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.screening import screening_import
from counselroom.services.screening import screening_results as screening
from tests.conftest import FIXED_NOW
from tests.services.screening_data import add_screening_students

ALL = frozenset(Role)
CARE = frozenset({Role.COUNSELOR, Role.LEAD})
TODAY = FIXED_NOW.date()
MAPPING = {"学号": "学号", "姓名": "姓名", "总分": "总分"}


def _students(all_: dict[Role, Session]) -> None:
    add_screening_students(all_[Role.ADMIN])


def _result_id(all_: dict[Role, Session]) -> int:
    _students(all_)
    lead = all_[Role.LEAD]
    return screening.enter_screening(
        lead.db,
        lead.actor,
        2,
        instrument="GAD-7",
        answers=[1] * 6 + [2],
        taken_on=TODAY,
        batch_name="矩阵",
        now=FIXED_NOW,
    ).result_id


def _file(all_: dict[Role, Session]) -> Path:
    _students(all_)
    folder = Path(all_[Role.ADMIN].db.path).parent
    path = folder / "matrix_screening.csv"
    path.write_text("学号,姓名,总分\n2025101001,张晓明,12\n", encoding="utf-8")
    return path


def _enter(s: Session, all_: dict[Role, Session], _k: object) -> object:
    _students(all_)
    return screening.enter_screening(
        s.db, s.actor, 1, instrument="PHQ-9", answers=[1] * 9, taken_on=TODAY, now=FIXED_NOW
    )


def _history(s: Session, all_: dict[Role, Session], _k: object) -> object:
    _students(all_)
    return screening.student_screening_history(s.db, s.actor, 1, now=FIXED_NOW)


def _inspect(s: Session, all_: dict[Role, Session], _k: object) -> object:
    return screening_import.inspect_screening_file(s.db, s.actor, _file(all_), now=FIXED_NOW)


def _preview(s: Session, all_: dict[Role, Session], _k: object) -> object:
    return screening_import.preview_screening_import(
        s.db, s.actor, _file(all_), MAPPING, instrument="PHQ-9", now=FIXED_NOW
    )


def _apply(s: Session, all_: dict[Role, Session], _k: object) -> object:
    return screening_import.apply_screening_import(
        s.db, s.actor, _file(all_), MAPPING, instrument="PHQ-9", held_on=TODAY, now=FIXED_NOW
    )


SCREENING_MATRIX: dict[str, tuple[frozenset[Role], Any]] = {
    "screening_results.enter_screening": (CARE, _enter),
    "screening_results.student_screening_history": (CARE, _history),
    "screening_results.screening_answers": (
        CARE,
        lambda s, a, k: screening.screening_answers(s.db, s.actor, _result_id(a), now=FIXED_NOW),
    ),
    "screening_results.screening_overview": (
        ALL,
        lambda s, a, k: screening.screening_overview(s.db, s.actor, now=FIXED_NOW),
    ),
    "screening_import.inspect_screening_file": (CARE, _inspect),
    "screening_import.preview_screening_import": (CARE, _preview),
    "screening_import.apply_screening_import": (CARE, _apply),
}
