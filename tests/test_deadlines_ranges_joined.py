"""Deadline shapes for issue 9 beyond dev: ranges whose ends each read as a bound, ranges to a
year's end or across years, quarters named with 第, and a yearly cycle named with its month.

Texts are written for the tests, modelled on shapes of real notices and work plans."""

from __future__ import annotations

from duban.extractors.deadlines import DeadlineFinder


def found(deadline_finder: DeadlineFinder, text: str) -> list[tuple[str, str, str | None]]:
    return [(d.text, d.kind, d.due or d.period) for d in deadline_finder.find(text, doc_date="2024-03-15")]


def test_two_bounds_joined_by_zhi_are_one_range_due_at_its_end(deadline_finder: DeadlineFinder) -> None:
    assert found(deadline_finder, "4月上旬至5月底开展专项督查。") == [
        ("4月上旬至5月底", "range", "2024-05-31")
    ]
    assert found(deadline_finder, "自即日起至2024年12月31日开展排查整治。") == [
        ("自即日起至2024年12月31日", "range", "2024-12-31")
    ]


def test_bounds_in_separate_clauses_stay_apart(deadline_finder: DeadlineFinder) -> None:
    got = found(deadline_finder, "3月底前完成摸底，4月至6月开展整治。")
    assert got == [("3月底前", "absolute", "2024-03-31"), ("4月至6月", "range", "2024-06-30")]


def test_a_range_to_next_year_or_to_a_year_end(deadline_finder: DeadlineFinder) -> None:
    assert found(deadline_finder, "今年6月至明年3月开展试点。") == [
        ("今年6月至明年3月", "range", "2025-03-31")
    ]
    assert found(deadline_finder, "2024年3月至2025年底完成改造。") == [
        ("2024年3月至2025年底", "range", "2025-12-31")
    ]


def test_a_quarter_named_with_di_binds_its_completion(deadline_finder: DeadlineFinder) -> None:
    assert found(deadline_finder, "第一季度末完成招标。") == [("第一季度末", "absolute", "2024-03-31")]
    assert found(deadline_finder, "前第三季度完成投资120亿元。") == []


def test_a_yearly_cycle_named_with_its_month_is_one_recurrence(deadline_finder: DeadlineFinder) -> None:
    assert found(deadline_finder, "每年11月开展一次集中宣传。") == [("每年11月开展一次", "recurring", "P1Y")]


def test_dotted_dates_are_bounds_only_with_qian_or_a_year(deadline_finder: DeadlineFinder) -> None:
    assert found(deadline_finder, "请于6.30前报送。") == [("6.30前", "absolute", "2024-06-30")]
    assert found(deadline_finder, "于2024/6/30报送。") == [("2024/6/30", "absolute", "2024-06-30")]
    assert found(deadline_finder, "容积率不得高于1.5，建筑高度不超过55米。") == []
    assert found(deadline_finder, "中方人员不得少于1/2。") == []


def test_the_next_month_and_this_month_resolve_against_the_document(deadline_finder: DeadlineFinder) -> None:
    assert found(deadline_finder, "各单位于次月5日前报送上月报表。") == [
        ("次月5日前", "absolute", "2024-04-05")
    ]
    assert found(deadline_finder, "本月内完成整改。") == [("本月内", "absolute", "2024-03-31")]
    assert found(deadline_finder, "本月内容如下。") == []


def test_more_forms_of_a_bound(deadline_finder: DeadlineFinder) -> None:
    assert found(deadline_finder, "3月中下旬完成摸排。") == [("3月中下旬", "absolute", "2024-03-31")]
    assert found(deadline_finder, "2025年春节前完成发放。")[0][0] == "2025年春节前"
    assert found(deadline_finder, "截止时间为2024年5月31日。") == [
        ("截止时间为2024年5月31日", "absolute", "2024-05-31")
    ]
    assert found(deadline_finder, "每半月报送一次。") == [("每半月报送一次", "recurring", "P15D")]


def test_an_event_named_before_qian_bounds_the_step(deadline_finder: DeadlineFinder) -> None:
    assert [d[0] for d in found(deadline_finder, "提案人在交付表决前要求撤回的，应当书面提出。")] == [
        "在交付表决前"
    ]
    assert [d[0] for d in found(deadline_finder, "设备应当在投入使用前进行检测。")] == ["在投入使用前"]
    assert found(deadline_finder, "力争走在全省前列。") == []
    assert found(deadline_finder, "在确保安全的前提下恢复生产。") == []


def test_a_yearly_season_stays_with_its_recurrence(deadline_finder: DeadlineFinder) -> None:
    # the window's end is part of the recurrence, no date of the document's year
    got = found(deadline_finder, "森林防火期为每年十一月一日至次年五月三十一日。")
    assert got == [("每年十一月一日至次年五月三十一日", "recurring", "P1Y")]
