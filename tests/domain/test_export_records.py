"""Per-student export records (SECURITY.md 11): pseudonyms are keyed and stable, a small group of
records shows less about itself, and counts on a record come in bands."""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter

import pytest

from counselroom.domain.exports.record_groups import HIDDEN, Placement, count_band, generalised
from counselroom.domain.pseudonyms import pseudonym

SECRET = bytes(range(32))


def test_a_pseudonym_is_the_documented_hmac_shortened() -> None:
    digest = hmac.new(SECRET, b"student:42", hashlib.sha256).hexdigest().upper()
    assert pseudonym(SECRET, 42) == f"{digest[:4]}-{digest[4:8]}-{digest[8:12]}"


def test_a_pseudonym_is_stable_and_differs_by_student_and_by_school() -> None:
    assert pseudonym(SECRET, 7) == pseudonym(SECRET, 7)
    assert pseudonym(SECRET, 7) != pseudonym(SECRET, 8)
    assert pseudonym(SECRET, 7) != pseudonym(bytes(32), 7)
    assert len({pseudonym(SECRET, i) for i in range(5000)}) == 5000


def test_a_pseudonym_needs_a_whole_secret() -> None:
    with pytest.raises(ValueError):
        pseudonym(b"short", 1)


def grade(stage: str, name: str, boys: int, girls: int) -> list[Placement]:
    return [Placement(stage, name, "男")] * boys + [Placement(stage, name, "女")] * girls


def groups(places: list[Placement]) -> Counter[Placement]:
    return Counter(places)


def test_large_groups_show_everything() -> None:
    places = grade("初中", "初一", 20, 22) + grade("初中", "初二", 30, 25)
    assert generalised(places, 4) == places


def test_a_grade_with_few_girls_shows_no_gender_for_any_of_its_students() -> None:
    places = grade("初中", "初一", 20, 3) + grade("初中", "初二", 30, 25)
    shown = generalised(places, 4)
    assert {p.gender for p in shown[:23]} == {HIDDEN} and shown[23:] == places[23:]
    assert min(groups(shown).values()) > 4


def test_small_grades_merge_into_their_stage_and_a_small_stage_hides_it_too() -> None:
    places = grade("初中", "初一", 2, 1) + grade("初中", "初二", 1, 2) + grade("初中", "初三", 30, 30)
    places += grade("高中", "高一", 1, 1) + grade("高中", "高二", 30, 30)
    shown = generalised(places, 4)
    assert set(shown[:6]) == {Placement("初中", HIDDEN, HIDDEN)}  # six merged records: the 学段 shows
    assert set(shown[66:68]) == {Placement(HIDDEN, HIDDEN, HIDDEN)}  # two: nothing shows
    assert shown[6:66] == places[6:66]


def test_threshold_zero_generalises_nothing() -> None:
    places = grade("初中", "初一", 1, 0)
    assert generalised(places, 0) == places


@pytest.mark.parametrize(
    ("n", "band"),
    [(0, "无"), (1, "1–2 次"), (2, "1–2 次"), (3, "3–5 次"), (6, "6–10 次"), (10, "6–10 次"), (11, "10 次以上")],
)
def test_counts_on_a_record_come_in_bands(n: int, band: str) -> None:
    assert count_band(n) == band
