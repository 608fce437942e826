"""Deadline shapes for issue 9 beyond dev: ranges whose ends each read as a bound, ranges to a
year's end or across years, quarters named with 第, and a yearly cycle named with its month.

Texts are written for the tests, modelled on shapes of real notices and work plans."""

from __future__ import annotations

import pytest

from duban.extractors.deadlines import DeadlineFinder


@pytest.fixture(scope="module")
def finder() -> DeadlineFinder:
    return DeadlineFinder.default()


def found(finder: DeadlineFinder, text: str) -> list[tuple[str, str, str | None]]:
    return [(d.text, d.kind, d.due or d.period) for d in finder.find(text, doc_date="2024-03-15")]


def test_two_bounds_joined_by_zhi_are_one_range_due_at_its_end(finder: DeadlineFinder) -> None:
    assert found(finder, "4月上旬至5月底开展专项督查。") == [("4月上旬至5月底", "range", "2024-05-31")]
    assert found(finder, "自即日起至2024年12月31日开展排查整治。") == [
        ("自即日起至2024年12月31日", "range", "2024-12-31")
    ]


def test_bounds_in_separate_clauses_stay_apart(finder: DeadlineFinder) -> None:
    got = found(finder, "3月底前完成摸底，4月至6月开展整治。")
    assert got == [("3月底前", "absolute", "2024-03-31"), ("4月至6月", "range", "2024-06-30")]


def test_a_range_to_next_year_or_to_a_year_end(finder: DeadlineFinder) -> None:
    assert found(finder, "今年6月至明年3月开展试点。") == [("今年6月至明年3月", "range", "2025-03-31")]
    assert found(finder, "2024年3月至2025年底完成改造。") == [("2024年3月至2025年底", "range", "2025-12-31")]


def test_a_quarter_named_with_di_binds_its_completion(finder: DeadlineFinder) -> None:
    assert found(finder, "第一季度末完成招标。") == [("第一季度末", "absolute", "2024-03-31")]
    assert found(finder, "前第三季度完成投资120亿元。") == []


def test_a_yearly_cycle_named_with_its_month_is_one_recurrence(finder: DeadlineFinder) -> None:
    assert found(finder, "每年11月开展一次集中宣传。") == [("每年11月开展一次", "recurring", "P1Y")]
