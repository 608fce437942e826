"""Deadlines of staged targets and duty periods: a year or quarter heading a figure, a season of duty.

Work reports set targets as `全年新增就业2万人` or `开工率一季度达到30%、二季度达到60%`; notices
bound duty by a season (`元旦春节期间`, `全国两会期间`). The fixtures are invented sentences of
those shapes, with the look-alikes that must stay unread: a year's whole work (`全年目标任务`), a
look back (`今年以来`), results told (`全年共完成`), a quarter's statistic.
"""

from __future__ import annotations

import pytest

from duban.extractors.deadlines import DeadlineFinder


def spans(deadline_finder: DeadlineFinder, text: str) -> list[tuple[str, str | None]]:
    return [(d.text, d.due) for d in deadline_finder.find(text, 0, 2024, "2024-02-10")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年新增城镇就业2万人以上，调查失业率控制在5.5%以内。", [("全年", "2024-12-31")]),
        ("办好文化旅游节，全年游客接待量增长12%左右。", [("全年", "2024-12-31")]),
        ("今年新建幼儿园5所、改扩建小学3所。", [("今年", "2024-12-31")]),
        ("今年，新开工保障性住房1200套。", [("今年", "2024-12-31")]),
    ],
)
def test_a_year_heading_a_figure_bounds_it(
    deadline_finder: DeadlineFinder, text: str, expected: list[tuple[str, str]]
) -> None:
    assert spans(deadline_finder, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "全年共完成投资120亿元。",
        "确保完成全年目标任务。",
        "全年经济增长5%左右。",
        "今年以来累计完成投资30亿元。",
        "今年是实施规划的第3年。",
        "全年级开展体育测试2次。",
    ],
)
def test_a_year_that_names_work_or_results_is_no_bound(deadline_finder: DeadlineFinder, text: str) -> None:
    assert [d.text for d in deadline_finder.find(text, 0, 2024) if d.text in ("全年", "今年")] == []


def test_each_quarter_of_a_staged_target_is_a_bound(deadline_finder: DeadlineFinder) -> None:
    text = "确保新开工项目开工率一季度达到30%、二季度达到60%、三季度达到85%以上。"
    assert spans(deadline_finder, text) == [
        ("一季度", "2024-03-31"),
        ("二季度", "2024-06-30"),
        ("三季度", "2024-09-30"),
    ]


def test_a_quarter_whose_object_then_completes_is_a_bound(deadline_finder: DeadlineFinder) -> None:
    assert spans(deadline_finder, "确保一季度续建项目全部复工。") == [("一季度", "2024-03-31")]


@pytest.mark.parametrize(
    "text",
    [
        "一季度全市规上工业增加值达到120亿元，同比增长6%。",
        "一季度各项目已全部开工。",
        "前三季度完成投资80亿元。",
    ],
)
def test_a_quarter_told_as_a_result_is_no_bound(deadline_finder: DeadlineFinder, text: str) -> None:
    assert [d.text for d in deadline_finder.find(text, 0, 2024) if "季度" in d.text] == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("做好元旦春节期间安全生产工作。", "元旦春节期间"),
        ("全国两会期间各单位要加强值守。", "全国两会期间"),
        ("学校寒暑假期间向社会开放运动场馆。", "寒暑假期间"),
        ("确保迎峰度夏期间电力有序供应。", "迎峰度夏期间"),
    ],
)
def test_a_season_of_duty_is_a_term(deadline_finder: DeadlineFinder, text: str, span: str) -> None:
    found = deadline_finder.find(text, 0, 2024)
    assert [(d.text, d.kind) for d in found] == [(span, "term")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("今年基本完成供销网点的改制工作。", [("今年", "2024-12-31")]),
        ("会议要求，今年建成全省统一的不动产登记平台。", [("今年", "2024-12-31")]),
        ("二要明年实现每个乡镇至少开通一家便民网点。", [("明年", "2025-12-31")]),
        ("今年在试点城市实现审批时限压减一半。", [("今年", "2024-12-31")]),
    ],
)
def test_this_year_before_the_completion_it_dates_bounds_it(
    deadline_finder: DeadlineFinder, text: str, expected: list[tuple[str, str]]
) -> None:
    """State Council read-outs date a completion by the year alone, with no 力争 or 要 to cue it."""
    assert spans(deadline_finder, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "今年的改造任务已全部完成。",
        "今年各项重点改革圆满完成。",
        "今年经济较快实现恢复性增长。",
        "对今年实现的利润减半征收所得税。",
        "今年是实现规划目标的关键一年。",
        "今年以来建成小区充电桩300个。",
    ],
)
def test_this_year_before_a_completion_told_or_named_is_no_bound(
    deadline_finder: DeadlineFinder, text: str
) -> None:
    assert [
        d.text for d in deadline_finder.find(text, 0, 2024, "2024-02-10") if d.text in ("今年", "明年")
    ] == []
