"""The budget table `make bench` prints: which rows are met, and the rows a child process hands back."""

from __future__ import annotations

import dataclasses
import json
import sys
import types

import pytest

from benchmarks import budgets
from benchmarks.budget_table import Budget, print_table


def test_a_budget_is_met_only_within_its_limit_and_its_ratio() -> None:
    assert Budget("a", 250, "ms", limit=300).met
    assert not Budget("a", 301, "ms", limit=300).met
    assert Budget("b", 140, "ms", floor=100, ratio_limit=1.5, limit=1000).met
    assert not Budget("b", 160, "ms", floor=100, ratio_limit=1.5, limit=1000).met  # ratio 1.6
    assert not Budget("b", 1200, "ms", floor=1000, ratio_limit=1.5, limit=1000).met  # ratio fine, over 1 s
    assert not Budget("c", 10, "ms", ratio_limit=2).met  # a ratio budget without its floor is not met


def test_the_table_names_the_missed_budgets(capsys: pytest.CaptureFixture[str]) -> None:
    print_table([Budget("打开预警页", 320, "ms", limit=300), Budget("检索", 12, "ms", limit=50)])
    out = capsys.readouterr().out
    assert "1 of 2 budgets met; missed: 打开预警页" in out
    assert " NO" in out.splitlines()[2] and out.splitlines()[3].rstrip().endswith("yes")


def test_a_parts_rows_come_back_from_its_last_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [Budget("解锁", 180.5, "ms", floor_name="KDF 不计", limit=300)]
    part = types.ModuleType("benchmarks.fake_part")
    part.budgets = lambda db, *args: rows  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "benchmarks.fake_part", part)
    budgets.run_one_part("fake_part", budgets.Path("/nowhere.db"), [])
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith(budgets.MARK)
    back = [Budget(**row) for row in json.loads(last[len(budgets.MARK) :])]
    assert back == rows and dataclasses.asdict(back[0])["floor_name"] == "KDF 不计"
