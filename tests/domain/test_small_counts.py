"""Small-count suppression (SECURITY item 11): counts from 1 to the threshold never show, and the
totals never give one back by subtraction."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator, Sequence

import pytest

from counselroom.domain.small_counts import (
    ProtectedTable,
    ShownCell,
    Suppression,
    footnote,
    protect_row,
    protect_table,
    shown_count,
)

SMALL = Suppression.SMALL_COUNT
COMPLEMENT = Suppression.COMPLEMENT


def texts(table: ProtectedTable) -> list[list[str]]:
    """The table as printed: each row with its total, then the totals row with the grand total."""
    rows = [[c.text for c in row] + [total.text] for row, total in zip(table.cells, table.row_totals, strict=True)]
    return [*rows, [c.text for c in table.column_totals] + [table.grand_total.text]]


def protect(counts: list[list[int]], threshold: int = 4) -> ProtectedTable:
    rows = [f"{i + 1}班" for i in range(len(counts))]
    columns = [f"第{j + 1}列" for j in range(len(counts[0]))] if counts else []
    return protect_table(rows, columns, counts, threshold)


def lines(table: ProtectedTable) -> Iterator[tuple[list[ShownCell], ShownCell]]:
    """Every sum a reader can check: each row, each column, the totals row and the totals column."""
    for row, total in zip(table.cells, table.row_totals, strict=True):
        yield list(row), total
    for c, total in enumerate(table.column_totals):
        yield [row[c] for row in table.cells], total
    yield list(table.column_totals), table.grand_total
    yield list(table.row_totals), table.grand_total


def every_cell(table: ProtectedTable) -> list[ShownCell]:
    return [*(c for row in table.cells for c in row), *table.row_totals, *table.column_totals, table.grand_total]


def true_values(counts: list[list[int]]) -> list[int]:
    """In the order of every_cell."""
    columns = [sum(row[c] for row in counts) for c in range(len(counts[0]))]
    return [*(n for row in counts for n in row), *map(sum, counts), *columns, sum(map(sum, counts))]


# --- one count ---------------------------------------------------------------------------------


def test_a_single_count_from_1_to_the_threshold_reads_less_than_threshold_plus_one() -> None:
    assert [shown_count(n, 4) for n in range(7)] == ["0", "<5", "<5", "<5", "<5", "5", "6"]
    assert shown_count(2, 2) == "<3"
    assert shown_count(3, 2) == "3"


def test_threshold_0_shows_every_count() -> None:
    assert shown_count(1, 0) == "1"
    table = protect([[1, 0, 2], [3, 1, 0]], threshold=0)
    assert texts(table) == [["1", "0", "2", "3"], ["3", "1", "0", "4"], ["4", "1", "2", "7"]]
    assert not any(c.hidden for c in every_cell(table))
    assert table.footnote == ""


def test_negative_counts_and_thresholds_are_refused() -> None:
    with pytest.raises(ValueError):
        shown_count(-1, 4)
    with pytest.raises(ValueError):
        shown_count(3, -1)
    with pytest.raises(ValueError):
        protect([[2, -1]])
    with pytest.raises(ValueError):
        protect_table(["1班"], ["a", "b"], [[1, 2, 3]], 4)


# --- primary cells and zeros -------------------------------------------------------------------


def test_small_counts_are_hidden_and_carry_no_number() -> None:
    table = protect([[3, 4, 0], [2, 1, 0]])
    for cell in table.cells[0][:2] + table.cells[1][:2]:
        assert cell == ShownCell("<5", None, SMALL)
    assert table.row_totals[1] == ShownCell("<5", None, SMALL)  # a total of 3 is a small count too


def test_zero_is_shown_as_zero_and_never_hidden_as_a_complement() -> None:
    table = protect([[3, 0, 10], [0, 0, 12]])
    assert texts(table) == [["<5", "0", "*", "*"], ["0", "0", "*", "*"], ["<5", "0", "*", "25"]]
    zeros = [c for row in table.cells for c in row if c.text == "0"]
    assert zeros and all(c == ShownCell("0", 0, Suppression.SHOWN) for c in zeros)


def test_a_lone_small_count_in_a_row_takes_the_smallest_other_count_with_it() -> None:
    table = protect_row(["一级", "二级", "三级"], [3, 10, 12], 4)
    assert [c.text for c in table.cells] == ["<5", "*", "12"]
    assert table.cells[1].suppression is COMPLEMENT
    assert table.total == ShownCell("25", 25, Suppression.SHOWN)


def test_ties_go_to_the_earlier_cell() -> None:
    assert [c.text for c in protect_row("abc", [2, 9, 9], 4).cells] == ["<5", "*", "9"]


# --- totals ------------------------------------------------------------------------------------


def test_a_row_total_that_alone_is_hidden_in_the_totals_column_takes_another_total_with_it() -> None:
    # Row 1's total (3) is small; without more hiding, 33 − 30 would give it back.
    table = protect([[2, 1], [10, 20]])
    assert texts(table) == [["<5", "<5", "<5"], ["*", "*", "*"], ["12", "21", "33"]]
    assert table.row_totals[1].suppression is COMPLEMENT


def test_a_line_with_no_count_left_to_hide_hides_its_total() -> None:
    # One column: hiding 3 forces 10 out too, and row 2 then has nothing but its total to hide.
    table = protect([[3], [10]])
    assert texts(table) == [["<5", "<5"], ["*", "*"], ["13", "13"]]
    assert table.row_totals[1].suppression is COMPLEMENT


def test_two_small_counts_are_not_enough_when_the_total_pins_them() -> None:
    # 22 − 20 = 2 = 1 + 1, and "<5" says each is at least 1: both would be known exactly.
    table = protect_row(["一级", "二级", "三级"], [1, 1, 20], 4)
    assert [c.text for c in table.cells] == ["<5", "<5", "*"]
    assert table.total.text == "22"


def test_a_complement_so_close_to_the_threshold_that_it_pins_the_small_count_hides_the_total() -> None:
    # "*" is at least 5, so with the total 6 shown the "<5" could only be 1.
    table = protect_row(["一级", "二级"], [1, 5], 4)
    assert [c.text for c in table.cells] == ["<5", "*"]
    assert table.total == ShownCell("*", None, COMPLEMENT)


def test_when_every_count_is_hidden_the_markers_are_all_that_is_left() -> None:
    # The documented limit: four "<5" under a "<5" total can only be 1 each, and nothing is left to hide.
    table = protect_row("abcd", [1, 1, 1, 1], 4)
    assert [c.text for c in table.cells] == ["<5"] * 4
    assert table.total.text == "<5"


# --- the 1-D table and the footnote ------------------------------------------------------------


def test_a_one_dimensional_table_has_its_cells_and_one_total() -> None:
    table = protect_row(["正常", "关注", "预警", "危机"], [120, 14, 3, 0], 4)
    assert table.labels == ("正常", "关注", "预警", "危机")
    assert [c.text for c in table.cells] == ["120", "*", "<5", "0"]
    assert table.total.text == "137"
    assert table.footnote == "“<5”表示 1–4 人，为保护学生隐私不显示具体数字；“*”为防止由合计反推而一并隐藏。"


def test_the_footnote_names_only_the_markers_the_table_uses() -> None:
    assert protect_row("ab", [3, 1], 4).footnote == "“<5”表示 1–4 人，为保护学生隐私不显示具体数字。"
    assert protect_row("ab", [30, 10], 4).footnote == ""
    assert footnote(1, complement=False) == "“<2”表示 1 人，为保护学生隐私不显示具体数字。"
    assert footnote(2) == "“<3”表示 1–2 人，为保护学生隐私不显示具体数字；“*”为防止由合计反推而一并隐藏。"


# --- properties over many tables ---------------------------------------------------------------


def random_counts(rng: random.Random, max_rows: int = 6, max_columns: int = 5) -> list[list[int]]:
    rows, columns = rng.randint(1, max_rows), rng.randint(1, max_columns)
    pool = [0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 9, 12, 20, 45]  # many small counts and zeros
    return [[rng.choice(pool) for _ in range(columns)] for _ in range(rows)]


def test_random_tables_never_leave_one_hidden_cell_in_a_line_nor_show_a_small_count() -> None:
    rng = random.Random(20260907)
    for _ in range(200):
        counts, threshold = random_counts(rng), rng.choice([1, 2, 3, 4, 5, 9])
        table = protect(counts, threshold)
        for parts, total in lines(table):
            hidden_parts = sum(c.hidden for c in parts)
            assert hidden_parts + total.hidden != 1, (counts, threshold, texts(table))
            if not total.hidden:
                assert hidden_parts != 1
        for cell, value in zip(every_cell(table), true_values(counts), strict=True):
            if cell.hidden:
                assert cell.value is None
                assert cell.text == (f"<{threshold + 1}" if cell.suppression is SMALL else "*")
            else:
                assert not 1 <= value <= threshold
                assert (cell.value, cell.text) == (value, str(value))
        assert protect(counts, threshold) == table  # deterministic


def readings(cell: ShownCell, threshold: int, limit: int) -> range:
    """The values a reader who knows the markers allows a cell (up to `limit`)."""
    if cell.suppression is SMALL:
        return range(1, threshold + 1)
    if cell.suppression is COMPLEMENT:
        return range(threshold + 1, limit + 1)
    assert cell.value is not None
    return range(cell.value, cell.value + 1)


def fitting_tables(table: ProtectedTable, limit: int) -> Iterator[list[int]]:
    """Every table of counts (cells up to `limit`) that shows as `table` does, as every_cell values."""
    columns = len(table.column_labels)
    choices = [readings(c, table.threshold, limit) for row in table.cells for c in row]
    for flat in itertools.product(*choices):
        counts = [list(flat[i : i + columns]) for i in range(0, len(flat), columns)]
        values = true_values(counts)
        if all(v in readings(c, table.threshold, 10**6) for c, v in zip(every_cell(table), values, strict=True)):
            yield values


def pinned(table: ProtectedTable, limit: int) -> list[int]:
    """The small counts a reader can work out exactly, by trying every table that fits."""
    seen: list[set[int]] = [set() for _ in every_cell(table)]
    for values in fitting_tables(table, limit):
        for known, value in zip(seen, values, strict=True):
            known.add(value)
    return [i for i, c in enumerate(every_cell(table)) if c.suppression is SMALL and len(seen[i]) == 1]


def shows_a_count(cells: Sequence[ShownCell]) -> bool:
    return any(not c.hidden and c.value for c in cells)


def test_no_reader_can_work_out_a_small_count_exactly_while_another_count_could_still_be_hidden() -> None:
    # Brute force over small tables, independent of the module's flow audit. The reader is given an
    # upper limit on every cell (the largest true count plus 2), more than a real reader knows.
    rng = random.Random(11)
    for _ in range(120):
        counts = random_counts(rng, max_rows=2, max_columns=3)
        counts = [[min(n, 8) for n in row] for row in counts]
        threshold = rng.choice([2, 3, 4])
        table = protect(counts, threshold)
        if pinned(table, max(n for row in counts for n in row) + 2):
            assert not shows_a_count(every_cell(table)), (counts, threshold, texts(table))
