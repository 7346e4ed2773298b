"""统计 (services/reports/statistics.py): the 统计 tab's charts from the school store. A care-key holder
sees exact counts for any range; the principal and the admin see one whole term at a time, each
series protected as a row with its total — the by-issue and by-grade charts are the 学期自查报告's
own protected rows, so neither view gives away what the other hides (a user test subtracted a chart
bar from the report's total, and one range from another). A counselor is named as staff, a
student never."""

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
IN_AUTUMN = (date(2025, 10, 1), date(2025, 10, 12))  # a range inside the running term


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    return make_demo(tmp_path_factory.mktemp("statistics") / "school.db", students=300, years=2, seed=11)


def _statistics(demo: Demo, username: str = "counselor", span: tuple[date, date] = (START, END)) -> Statistics:
    with demo.session(username) as s:
        return statistics.statistics(s.db, s.actor, start=span[0], end=span[1], now=FIXED_NOW)


def test_a_counselor_sees_exact_counts_for_any_range(demo: Demo) -> None:
    found = _statistics(demo)
    assert found == _statistics(demo, "lead") and found.threshold == 0 and found.term_label == ""
    assert found.months[0] == "2024-09" and found.months[-1] == "2025-10" and len(found.months) == 14
    assert [c.kind for c in found.charts] == [ChartKind.LINE, ChartKind.BAR, ChartKind.BAR, ChartKind.BAR,
                                              ChartKind.BAR, ChartKind.BAR, ChartKind.LINE]  # fmt: skip
    for chart in found.charts:
        assert chart.title and chart.series and all(len(s.values) == len(chart.labels) for s in chart.series)
        assert chart.note == ""  # nothing hidden from someone who reads the records


def test_sessions_and_workload_are_the_records(demo: Demo) -> None:
    found = _statistics(demo)
    with demo.session("lead") as lead:
        rows = lead.db.conn.execute(
            "SELECT substr(a.starts_at, 1, 7), u.display_name FROM care.appointments a JOIN users u"
            " ON u.id = a.counselor_id WHERE a.status = '已到'"
        ).fetchall()
    by_month = Counter(month for month, _name in rows)
    by_person = Counter((month, name) for month, name in rows)
    attended = next(s for s in found.sessions_by_month.series if s.name == "已到")
    assert attended.values == tuple(float(by_month[m]) for m in found.months)
    assert {s.name for s in found.workload.series} == {name for _month, name in rows}  # staff, by name
    for series in found.workload.series:
        assert series.values == tuple(float(by_person[(m, series.name)]) for m in found.months)
    assert found.sessions_by_month.labels[0] == "2024年9月"


def test_the_principal_sees_one_whole_term_up_to_this_month(demo: Demo) -> None:
    found = _statistics(demo, "principal", IN_AUTUMN)
    assert found == _statistics(demo, "admin", IN_AUTUMN)
    assert found.term_label == "2025-2026学年第一学期" and found.threshold > 0
    assert found.start <= IN_AUTUMN[0] and found.end > FIXED_NOW.date() and found.start.month == 9  # widened
    assert found.months == ("2025-09", "2025-10")  # FIXED_NOW is in October: no empty months to come
    with pytest.raises(ValidationError, match="按学期查看统计"):
        _statistics(demo, "principal")  # START..END spans terms: differences would give counts away


def test_the_principals_charts_are_the_reports_protected_rows(demo: Demo) -> None:
    found = _statistics(demo, "principal", IN_AUTUMN)
    with demo.session("principal") as p:
        facts = report_facts.term_facts(p.db, p.actor, term_ids(demo)[AUTUMN_2025], now=FIXED_NOW)
    by_issue = facts.cases.by_issue
    assert found.cases_by_issue.labels == by_issue.labels
    assert found.cases_by_issue.series[0].values == tuple(float(c.value or 0) for c in by_issue.cells)
    positives = facts.screening.positives_by_grade
    assert found.screening_by_grade.series[0].values == tuple(float(c.value or 0) for c in positives.cells)
    table = facts.warnings.open_now
    assert found.warnings_by_grade.labels == table.row_labels
    assert found.warnings_by_grade.series[0].values == tuple(float(c.value or 0) for c in table.row_totals)
    assert found.warnings_by_level.series[0].values == tuple(float(c.value or 0) for c in table.column_totals)


def test_no_student_is_named_and_the_principal_sees_no_small_count(demo: Demo) -> None:
    for username, span in (("counselor", (START, END)), ("principal", IN_AUTUMN)):
        found = _statistics(demo, username, span)
        assert student_names_in(demo, "\n".join(strings_in(found))) == []
    found = _statistics(demo, "principal", IN_AUTUMN)
    for chart in found.charts:
        for series in chart.series:
            shown = [v for v in series.values if v]
            assert not [v for v in shown if is_small_count(int(v), found.threshold)], chart.title


def test_a_range_backwards_or_too_long_is_refused(demo: Demo) -> None:
    with demo.session("counselor") as c:
        with pytest.raises(ValidationError, match="结束日期不能早于开始日期"):
            statistics.statistics(c.db, c.actor, start=END, end=START, now=FIXED_NOW)
        with pytest.raises(ValidationError, match="最多 60 个月"):
            statistics.statistics(c.db, c.actor, start=date(2015, 1, 1), end=END, now=FIXED_NOW)
    with demo.session("principal") as p, pytest.raises(ValidationError, match="不在任何学期内"):
        statistics.statistics(p.db, p.actor, start=date(2020, 7, 20), end=date(2020, 8, 1), now=FIXED_NOW)
