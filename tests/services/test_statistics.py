"""统计 (services/reports/statistics.py): the 统计 tab's charts from the school store — the principal's
are the counselor's; the numbers are the records' with small counts drawn as 0; a counselor is named
as staff, a student never; the warning list is hidden as the 学期自查报告 hides it."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from counselroom.domain.errors import ValidationError
from counselroom.domain.small_counts import is_small_count
from counselroom.reports.self_inspection_data import ChartKind
from counselroom.services.reports import report_facts, statistics
from counselroom.services.reports.statistics import Statistics
from tests.conftest import FIXED_NOW
from tests.demo_school import Demo, make_demo
from tests.services.report_data import AUTUMN_2025, strings_in, student_names_in, term_ids

START, END = date(2024, 9, 1), date(2025, 10, 31)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    return make_demo(tmp_path_factory.mktemp("statistics") / "school.db", students=300, years=2, seed=11)


def _statistics(demo: Demo, username: str = "principal") -> Statistics:
    with demo.session(username) as s:
        return statistics.statistics(s.db, s.actor, start=START, end=END, now=FIXED_NOW)


def _drawn(n: int, threshold: int) -> float:
    return 0.0 if is_small_count(n, threshold) else float(n)


def test_the_principal_sees_the_counselors_charts(demo: Demo) -> None:
    found = _statistics(demo)
    assert found == _statistics(demo, "counselor") == _statistics(demo, "admin")
    assert found.months[0] == "2024-09" and found.months[-1] == "2025-10" and len(found.months) == 14
    assert [c.kind for c in found.charts] == [ChartKind.LINE, ChartKind.BAR, ChartKind.BAR, ChartKind.BAR,
                                              ChartKind.BAR, ChartKind.BAR, ChartKind.LINE]  # fmt: skip
    for chart in found.charts:
        assert chart.title and chart.series and all(len(s.values) == len(chart.labels) for s in chart.series)


def test_sessions_and_workload_are_the_records_with_small_counts_drawn_as_zero(demo: Demo) -> None:
    found = _statistics(demo)
    with demo.session("lead") as lead:
        rows = lead.db.conn.execute(
            "SELECT substr(a.starts_at, 1, 7), u.display_name FROM care.appointments a JOIN users u"
            " ON u.id = a.counselor_id WHERE a.status = '已到'"
        ).fetchall()
    by_month = Counter(month for month, _name in rows)
    by_person = Counter((month, name) for month, name in rows)
    attended = next(s for s in found.sessions_by_month.series if s.name == "已到")
    assert attended.values == tuple(_drawn(by_month[m], found.threshold) for m in found.months)
    assert {s.name for s in found.workload.series} == {name for _month, name in rows}  # staff, by name
    for series in found.workload.series:
        assert series.values == tuple(_drawn(by_person[(m, series.name)], found.threshold) for m in found.months)
    assert found.sessions_by_month.labels[0] == "2024年9月"


def test_the_warning_list_is_hidden_as_the_report_hides_it(demo: Demo) -> None:
    found = _statistics(demo)
    with demo.session("principal") as p:
        facts = report_facts.term_facts(p.db, p.actor, term_ids(demo)[AUTUMN_2025], now=FIXED_NOW)
    table = facts.warnings.open_now
    assert found.warnings_by_grade.labels == table.row_labels
    assert found.warnings_by_grade.series[0].values == tuple(float(c.value or 0) for c in table.row_totals)
    assert found.warnings_by_level.series[0].values == tuple(float(c.value or 0) for c in table.column_totals)


def test_no_student_is_named_and_no_small_count_drawn(demo: Demo) -> None:
    found = _statistics(demo)
    assert student_names_in(demo, "\n".join(strings_in(found))) == []
    for chart in found.charts:
        for series in chart.series:
            assert not [v for v in series.values if is_small_count(int(v), found.threshold)], chart.title


def test_a_range_backwards_or_too_long_is_refused(demo: Demo) -> None:
    with demo.session("principal") as p:
        with pytest.raises(ValidationError, match="结束日期不能早于开始日期"):
            statistics.statistics(p.db, p.actor, start=END, end=START, now=FIXED_NOW)
        with pytest.raises(ValidationError, match="最多 60 个月"):
            statistics.statistics(p.db, p.actor, start=date(2015, 1, 1), end=END, now=FIXED_NOW)
