"""心理委员 as each profile says: S001 one boy and one girl in 初中/普通高中, S003 no fewer than two in
初中/高中, S004 nothing; a stage the profile does not name (小学, 中职) is not demanded."""

from __future__ import annotations

from counselroom.domain.school.peer_monitors import check_class, choice_problem, monitor_rule
from counselroom.system.policy_files import load_profiles

PROFILES = {p.id: p for p in load_profiles()}
NANCHANG, JIANGXI = monitor_rule(PROFILES["nanchang"]), monitor_rule(PROFILES["jiangxi"])


def test_each_profile_has_its_own_rule_in_its_own_words() -> None:
    assert NANCHANG is not None and JIANGXI is not None
    assert (NANCHANG.per_class, NANCHANG.per_gender, NANCHANG.strength) == (2, 1, "鼓励")
    assert NANCHANG.text == "初中、普通高中每班男、女心理委员各 1 名"
    assert (JIANGXI.per_class, JIANGXI.per_gender) == (2, 0)
    assert JIANGXI.text == "初中、高中每班不少于 2 名心理委员"
    assert monitor_rule(PROFILES["weinan"]) is None


def test_a_class_is_checked_against_its_profile() -> None:
    assert check_class(NANCHANG, "初中", 2, 0).text == "缺女生心理委员"
    assert check_class(JIANGXI, "初中", 2, 0).complete
    assert check_class(JIANGXI, "高中", 1, 0).text == "还差 1 名"
    assert check_class(NANCHANG, "高中", 1, 1).text == "齐全"
    for rule, stage in ((NANCHANG, "小学"), (JIANGXI, "小学"), (NANCHANG, "中职"), (None, "初中")):
        check = check_class(rule, stage, 0, 0)
        assert (check.required, check.text) == (False, "不作要求")


def test_a_new_set_of_monitors_is_refused_with_the_rule_and_its_source() -> None:
    assert (
        choice_problem(NANCHANG, "初中", ["男", "男"])
        == "初中、普通高中每班男、女心理委员各 1 名（S001）：缺女生心理委员"
    )
    assert choice_problem(JIANGXI, "初中", ["男", "男"]) == ""
    assert choice_problem(JIANGXI, "初中", ["女"]).endswith("还差 1 名")
    assert choice_problem(NANCHANG, "初中", []) == ""  # clearing is always allowed
    assert choice_problem(NANCHANG, "小学", ["男"]) == ""
