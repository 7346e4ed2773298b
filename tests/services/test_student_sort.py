"""Sorting the student list covers every match, not only the rows shown (issue 8, item 22): with
more matches than the list holds, the sorted list is the top of the whole list."""

from __future__ import annotations

import pytest

from counselroom.domain.errors import ValidationError
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import Session
from counselroom.services.students import student_records
from tests.conftest import FIXED_NOW
from tests.school_data import add_small_school


@pytest.fixture
def counselor(sessions: dict[Role, Session], monkeypatch: pytest.MonkeyPatch) -> Session:
    add_small_school(sessions[Role.ADMIN])
    monkeypatch.setattr(student_records, "SEARCH_LIMIT", 3)  # six students, three shown
    return sessions[Role.COUNSELOR]


def names(s: Session, **sort: object) -> list[str]:
    found = student_records.search_students(s.db, s.actor, "", now=FIXED_NOW, **sort)  # type: ignore[arg-type]
    return [item.name for item in found]


def test_unsorted_shows_the_first_in_class_order(counselor: Session) -> None:
    assert names(counselor) == ["张晓明", "李雨涵", "王子轩"]


def test_sorting_by_name_goes_by_pinyin_over_every_match(counselor: Session) -> None:
    assert names(counselor, sort_by="name") == ["陈思琪", "刘浩然", "李雨涵"]
    assert names(counselor, sort_by="name", descending=True) == ["赵欣怡", "张晓明", "王子轩"]


def test_classes_sort_in_the_schools_order_either_way(counselor: Session) -> None:
    assert names(counselor, sort_by="class_name") == ["张晓明", "李雨涵", "王子轩"]
    assert names(counselor, sort_by="class_name", descending=True) == ["赵欣怡", "刘浩然", "陈思琪"]
    assert names(counselor, sort_by="student_no") == ["刘浩然", "赵欣怡", "陈思琪"]


def test_an_unknown_sort_is_refused(counselor: Session) -> None:
    with pytest.raises(ValidationError):
        names(counselor, sort_by="password")
