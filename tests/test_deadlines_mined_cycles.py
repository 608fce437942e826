"""Deadline forms mined from the unlabelled real corpus (`benchmarks/mine_deadline_misses.py`,
each seen in two documents or more) and the non-bounds found beside them: a quarter of every
year, a cycle said as `一月一调度`, a count of years that opens a clause, a plan's 将于今年, and
the `截至…，已…` day a count was taken. Every text here is written for the test."""

from __future__ import annotations

import pytest

from duban.base.model import Deadline
from duban.extractors.deadlines import DeadlineFinder, next_due


def found(deadline_finder: DeadlineFinder, text: str) -> list[Deadline]:
    return deadline_finder.find(text, 0, None, "2024-03-01")


@pytest.mark.parametrize(
    ("text", "spans", "periods"),
    [
        ("坚持一月一调度、一季一通报，压实项目责任。", ["一月一调度", "一季一通报"], ["P1M", "P3M"]),
        ("园区实行一年一评估。", ["一年一评估"], ["P1Y"]),
        ("各部门负责人半年一述职。", ["半年一述职"], ["P6M"]),
    ],
)
def test_a_cycle_said_as_one_period_one_round_recurs(
    deadline_finder: DeadlineFinder, text: str, spans: list[str], periods: list[str]
) -> None:
    got = found(deadline_finder, text)
    assert [(d.text, d.kind, d.period) for d in got] == [
        (s, "recurring", p) for s, p in zip(spans, periods, strict=True)
    ]


@pytest.mark.parametrize("text", ["开展一月一主题活动。", "新建一所九年一贯制学校。", "举办“一月一展会”。"])
def test_a_campaign_slogan_is_no_cycle(deadline_finder: DeadlineFinder, text: str) -> None:
    assert found(deadline_finder, text) == []


def test_a_yearly_quarter_falls_due_at_the_quarter_end(deadline_finder: DeadlineFinder) -> None:
    (deadline,) = found(deadline_finder, "主管部门应当在每年第二季度对上年度执行情况进行检查。")
    assert (deadline.text, deadline.period) == ("每年第二季度", "P1Y")
    assert next_due(deadline, "2024-01-15") == "2024-06-30"
    assert next_due(deadline, "2024-07-01") == "2025-06-30"


@pytest.mark.parametrize(
    ("text", "span", "period"),
    [
        ("推进优质教育资源共享，两年实现全覆盖。", "两年", "P2Y"),
        ("实施污水管网改造，三年完成投资20亿元。", "三年", "P3Y"),
    ],
)
def test_a_count_of_years_opening_a_clause_spans_the_work(
    deadline_finder: DeadlineFinder, text: str, span: str, period: str
) -> None:
    (deadline,) = found(deadline_finder, text)
    assert (deadline.text, deadline.kind, deadline.period) == (span, "relative", period)


@pytest.mark.parametrize("text", ["粮食产量连续三年实现增长。", "提前一年完成改造任务。"])
def test_years_told_as_a_record_span_nothing(deadline_finder: DeadlineFinder, text: str) -> None:
    assert found(deadline_finder, text) == []


@pytest.mark.parametrize(
    ("text", "span", "due"),
    [
        ("二期工程将于今年开工建设。", "今年", "2024-12-31"),
        ("新馆拟于明年投入使用。", "明年", "2025-12-31"),
    ],
)
def test_a_plans_year_is_a_bound(deadline_finder: DeadlineFinder, text: str, span: str, due: str) -> None:
    (deadline,) = found(deadline_finder, text)
    assert (deadline.text, deadline.due) == (span, due)


@pytest.mark.parametrize(
    "text",
    [
        "截至2023年底，全区已完成改造任务的九成。",
        "截至2023年9月底，有关单位共整改问题120个。",
        "截至12月31日，累计收到申报材料30份。",
        "今年3月，区政府出台了5项措施。",
        "关于2024年度重点工作的安排，请认真落实。",
    ],
)
def test_a_day_a_count_was_taken_an_event_date_or_a_title_bound_nothing(
    deadline_finder: DeadlineFinder, text: str
) -> None:
    assert found(deadline_finder, text) == []


@pytest.mark.parametrize(
    ("text", "span"),
    [("截至2025年底，建成充电桩1000个。", "至2025年底"), ("政策执行期限截至2025年底。", "至2025年底")],
)
def test_an_as_of_date_that_sets_a_target_is_still_a_bound(
    deadline_finder: DeadlineFinder, text: str, span: str
) -> None:
    assert [d.text for d in found(deadline_finder, text)] == [span]


@pytest.mark.parametrize(
    ("text", "spans", "dues"),
    [
        ("力争在明年初形成更多实物工作量。", ["明年初"], ["2025-03-31"]),
        ("推动今年底明年初形成实物工作量。", ["今年底", "明年初"], ["2024-12-31", "2025-03-31"]),
    ],
)
def test_the_start_of_a_year_is_due_at_its_first_quarter_end(
    deadline_finder: DeadlineFinder, text: str, spans: list[str], dues: list[str]
) -> None:
    got = found(deadline_finder, text)
    assert [(d.text, d.due) for d in got] == list(zip(spans, dues, strict=True))


@pytest.mark.parametrize("text", ["到2030年初步建成统一市场。", "今年初，区政府门户网站改版上线。"])
def test_a_first_step_or_a_story_of_the_years_start_is_no_bound(
    deadline_finder: DeadlineFinder, text: str
) -> None:
    assert [d.text for d in found(deadline_finder, text) if "初" in d.text] == []
