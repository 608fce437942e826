"""Span conventions read off 1,466 real documents (real4): where a bound starts and ends, and which
closing clauses bound nothing. Fixtures are invented."""

from __future__ import annotations

import pytest

from duban.extractors.deadlines import DeadlineFinder


def _spans(deadline_finder: DeadlineFinder, text: str) -> list[str]:
    return [d.text for d in deadline_finder.find(text, 0, 2024, "2024-03-01")]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("第十三条燃气工程项目竣工后，建设单位应当组织验收。", "燃气工程项目竣工后"),
        ("第二十条 事故处理结束后，应当书面报告。", "事故处理结束后"),
        ("第六条重污染天气期间，禁止露天焚烧。", "重污染天气期间"),
        ("第九条 在教学活动期间，学校应当加强看护。", "在教学活动期间"),
    ],
)
def test_an_articles_number_is_no_part_of_the_bound(
    deadline_finder: DeadlineFinder, text: str, span: str
) -> None:
    assert _spans(deadline_finder, text) == [span]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("建设单位应当在开工前，向供水企业查明地下管线。", "在开工前"),
        ("申请人应在注销完成之前，结清全部税款。", "在注销完成之前"),
        ("在施工单位停工整改完成前，不得恢复施工。", "在施工单位停工整改完成前"),
    ],
)
def test_the_actor_and_its_modal_stay_out_of_an_event_bound(
    deadline_finder: DeadlineFinder, text: str, span: str
) -> None:
    assert _spans(deadline_finder, text) == [span]


def test_a_clause_that_opens_with_the_event_keeps_it(deadline_finder: DeadlineFinder) -> None:
    assert _spans(deadline_finder, "。清理整顿工作结束后，登记机关要做好验收。") == ["清理整顿工作结束后"]
    assert _spans(deadline_finder, "。突发事件应急处置工作结束后，应当及时评估。") == [
        "突发事件应急处置工作结束后"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "本条例自2021年1月1日起施行。",
        "本办法自2024年3月1日起实施。",
        "本规定自发布之日起施行。",
        "本细则自公布之日起生效",
    ],
)
def test_the_day_a_text_takes_effect_is_no_deadline(deadline_finder: DeadlineFinder, text: str) -> None:
    assert _spans(deadline_finder, text) == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("自2024年7月1日起实施新的收费标准。", "自2024年7月1日起"),
        ("从即日起施行错峰作业，各单位遵照执行。", "从即日起"),
        ("自收到通知之日起，开展自查。", "自收到通知之日起"),
    ],
)
def test_a_start_that_bounds_work_stays(deadline_finder: DeadlineFinder, text: str, span: str) -> None:
    assert _spans(deadline_finder, text) == [span]


def test_a_year_end_bound_keeps_its_before_whatever_follows(deadline_finder: DeadlineFinder) -> None:
    assert _spans(deadline_finder, "力争年底前全省政务服务事项全部网上可办。") == ["年底前"]
    assert _spans(deadline_finder, "年底前全国所有市县实现联网。") == ["年底前"]
    assert _spans(deadline_finder, "下半年全国经济持续恢复。") == []


@pytest.mark.parametrize(
    ("text", "span", "due"),
    [
        # Text taken from a PDF whose digits were set in a Latin font: spaces beside the digits.
        ("各街道要在 2025 年 6 月底前完成老旧小区排查。", "2025 年 6 月底前", "2025-06-30"),
        ("请各单位于 9 月 20 日前报送工作总结。", "9 月 20 日前", "2024-09-20"),
        ("力争 2026 年底前全面建成。", "2026 年底前", "2026-12-31"),
        ("自 2024 年 4 月 1 日至 10 月 31 日开展专项整治。", "2024 年 4 月 1 日至 10 月 31 日", "2024-10-31"),
        ("\u3000在２０２４年\u3000１１月底前完成验收。", "２０２４年\u3000１１月底前", "2024-11-30"),
    ],
)
def test_a_date_spaced_around_its_digits_is_read_whole_as_written(
    deadline_finder: DeadlineFinder, text: str, span: str, due: str
) -> None:
    (deadline,) = deadline_finder.find(text, 0, 2024, "2024-03-01")
    assert (deadline.text, deadline.due) == (span, due)
    assert text[deadline.start : deadline.end] == span


def test_a_spaced_number_that_dates_nothing_stays_no_deadline(deadline_finder: DeadlineFinder) -> None:
    assert _spans(deadline_finder, "新建 5 个口袋公园，改造 12 条背街小巷。") == []
