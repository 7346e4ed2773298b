"""Policy profiles (SPEC §5): every shipped profile loads, every rule has its value, unit and a
source sentence, and — where the seeds are beside the repository (../shared/seeds, as in CI) —
every quoted sentence really is in the document it cites."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from counselroom.domain.school.policy_profiles import Override, ProfileError, parse_profile, thresholds
from counselroom.system.policy_files import load_profiles

REPO = Path(__file__).resolve().parents[2]


def _seeds_dir() -> Path | None:
    """shared/seeds beside the repository or above it (a worktree sits deeper than a checkout)."""
    for folder in REPO.parents:
        if (folder / "shared" / "seeds").is_dir():
            return folder / "shared" / "seeds"
    return None


def _squeezed(text: str) -> str:
    """Without whitespace: the seeds break lines and pages inside sentences (专\\n\\n职教师)."""
    return re.sub(r"\s+", "", text)


def _all_quotes() -> list[tuple[str, str, str, str]]:
    """(profile, what, source, quote) for every rule and every hotline."""
    found = []
    for profile in load_profiles():
        found += [(profile.id, rule.key, rule.source, rule.quote) for rule in profile.rules]
        found += [(profile.id, h.hotline.number, h.source, h.quote) for h in profile.hotlines]
    return found


def test_the_three_profiles_load_in_order_with_their_rules() -> None:
    profiles = {p.id: p for p in load_profiles()}
    assert [p.id for p in load_profiles()] == ["nanchang", "jiangxi", "weinan"]
    assert [p.name for p in load_profiles()] == ["南昌市", "江西省", "渭南市"]
    nanchang, jiangxi, weinan = profiles["nanchang"], profiles["jiangxi"], profiles["weinan"]
    assert nanchang.rule("staff.students_per_teacher").value == 800  # type: ignore[union-attr]
    assert nanchang.rule("training.full_time_hours").value == 40  # type: ignore[union-attr]
    assert weinan.rule("training.full_time_hours").value == 30  # type: ignore[union-attr]
    assert jiangxi.rule("staff.students_per_part_time").value == 500  # type: ignore[union-attr]
    assert jiangxi.rule("meetings.count").value == 2  # type: ignore[union-attr]
    assert weinan.rule("self_inspection.count").period == "学期"  # type: ignore[union-attr]
    vocational = nanchang.rule("lessons.vocational_first_year_hours")
    assert vocational is not None and (vocational.value, vocational.unit, vocational.stages) == (36, "学时", ("中职",))
    assert [h.hotline.number for h in nanchang.hotlines] == ["12355", "966525", "0791-88330120"]
    assert [h.hotline.number for h in jiangxi.hotlines] == ["12355", "12356", "966525"]
    assert weinan.hotlines == ()  # S004 names no number: the room's own contacts are printed instead
    assert "公开" in weinan.rule("room.contacts_public").text()  # type: ignore[union-attr]


def test_every_rule_has_a_value_unit_source_and_quote() -> None:
    """The copy-free check: runs without the seeds."""
    for profile in load_profiles():
        titles = {d.id for d in profile.documents}
        for rule in profile.rules:
            where = f"{profile.id} {rule.key}"
            assert rule.quote.strip() and rule.source in titles, where
            assert rule.topic and rule.item and rule.text(), where
            if rule.value is not None:
                assert rule.unit and str(rule.value) in rule.text(), where
        for line in profile.hotlines:
            assert line.quote.strip() and line.source in titles and line.hotline.number in line.quote


@pytest.mark.parametrize(("profile", "what", "source", "quote"), _all_quotes())
def test_each_quote_is_in_the_seed_it_cites(profile: str, what: str, source: str, quote: str) -> None:
    seeds = _seeds_dir()
    if seeds is None:
        pytest.skip("shared/seeds is not beside the repository")
    document = next(seeds.glob(f"{source[1:]}_*.txt"))
    assert _squeezed(quote) in _squeezed(document.read_text(encoding="utf-8")), f"{profile} {what}: {quote}"


def test_a_school_override_is_kept_apart_from_the_documents_number() -> None:
    nanchang = next(p for p in load_profiles() if p.id == "nanchang")
    shown = {t.rule.key: t for t in thresholds(nanchang, [Override("training.full_time_hours", 48, "校本要求")])}
    own, plain = shown["training.full_time_hours"], shown["training.head_teacher_hours"]
    assert (own.value, own.rule.value, own.is_school_own) == (48, 40, True)
    assert own.text == "每年不低于 48 学时职后专题培训"
    assert (plain.value, plain.is_school_own) == (10, False)


def test_home_visits_count_per_family_or_student_and_lessons_cover_their_years() -> None:
    """S001 counts families and asks for lessons in 起始或关键年级 (read as the first and final
    year); S004 counts students and asks it of every class; 江西 has no home-visit rule."""
    profiles = {p.id: p for p in load_profiles()}
    nanchang, jiangxi, weinan = profiles["nanchang"], profiles["jiangxi"], profiles["weinan"]
    assert nanchang.rule("home_visits.count").per == "家庭"  # type: ignore[union-attr]
    assert weinan.rule("home_visits.count").per == "学生"  # type: ignore[union-attr]
    assert jiangxi.rule("home_visits.count") is None
    assert nanchang.rule("lessons.per_two_weeks").years == (1, 3)  # type: ignore[union-attr]
    assert weinan.rule("lessons.per_two_weeks").years == ()  # type: ignore[union-attr]
    assert jiangxi.rule("lessons.per_two_weeks").years == ()  # type: ignore[union-attr]
    unsaid = nanchang.rule("training.full_time_hours")
    assert unsaid is not None and (unsaid.per, unsaid.years) == ("", ())


def test_years_are_kept_in_order_once() -> None:
    profile = parse_profile(GOOD.replace('unit = "名"', 'unit = "名"\nyears = [3, 1, 3]\nper = "学生"'))
    assert (profile.rules[0].years, profile.rules[0].per) == ((1, 3), "学生")


GOOD = """
id = "test"
name = "测试"
summary = "测试用"
[documents]
S001 = "某文件"
[[rules]]
key = "a.b"
topic = "师资"
item = "专职教师"
value = 1
unit = "名"
requirement = "至少 {value} 名"
source = "S001"
quote = "至少配备1名"
"""


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (('quote = "至少配备1名"', 'quote = ""'), "quote"),
        (('source = "S001"', 'source = "S009"'), "S009"),
        (("value = 1", 'value = "一"'), "非负整数"),
        (("至少 {value} 名", "至少一名"), "{value}"),
        (('unit = "名"', 'unit = "名"\nstages = ["大学"]'), "大学"),
        (('unit = "名"', 'unit = "名"\nperiod = "每天"'), "period"),
        (('id = "test"', "id = "), "格式有误"),
        (('unit = "名"', 'unit = "名"\nper = "班级"'), "per"),
        (('unit = "名"', 'unit = "名"\nyears = [0, 3]'), "years"),
        (('unit = "名"', 'unit = "名"\nyears = [7]'), "years"),
        (('unit = "名"', 'unit = "名"\nyears = "1"'), "years"),
    ],
)
def test_a_broken_profile_says_what_is_wrong(change: tuple[str, str], says: str) -> None:
    assert parse_profile(GOOD).rules[0].text() == "至少 1 名"
    with pytest.raises(ProfileError, match=re.escape(says)):
        parse_profile(GOOD.replace(*change))


def test_a_hotline_must_appear_in_its_quote() -> None:
    text = GOOD + '[[hotlines]]\nnumber = "12355"\nlabel = "热线"\nsource = "S001"\nquote = "心理热线"\n'
    with pytest.raises(ProfileError, match="没有这个号码"):
        parse_profile(text)
