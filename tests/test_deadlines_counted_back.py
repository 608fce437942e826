"""Days counted back from an event after 在 (`在开工前三十日内`, `在拍卖轮船三十日前`) are one bound,
event kept, and a range may run to the year's end (`5月1日至年底`): forms mined from the real
corpus's regulations and read-outs. Every text here is written for the test."""

from __future__ import annotations

import pytest

from duban.base.model import Deadline
from duban.extractors.deadlines import DeadlineFinder


def found(deadline_finder: DeadlineFinder, text: str) -> list[Deadline]:
    return deadline_finder.find(text, 0, None, "2024-03-01")


@pytest.mark.parametrize(
    ("text", "span", "period"),
    [
        ("建设单位应当在开工前三十日内将计划报送主管部门。", "在开工前三十日内", "P30D"),
        ("主办方应当在展会开幕十五日前向公安机关申请。", "在展会开幕十五日前", "P15D"),
        ("管理人应当在份额发售的三日前公布说明书。", "在份额发售的三日前", "P3D"),
        ("养护单位应当在施工前五日向社会公告。", "在施工前五日", "P5D"),
        ("运营单位应当在停止服务九十日前书面告知用户。", "在停止服务九十日前", "P90D"),
        ("申请人应当在拟飞行2天前提出申请。", "在拟飞行2天前", "P2D"),
        ("评审小组应当在开评前二十四小时内组成。", "在开评前二十四小时内", "PT24H"),
        ("在开工前十五个工作日前报送保护方案。", "在开工前十五个工作日前", "P15D"),
    ],
)
def test_days_counted_back_from_an_event_are_one_bound(
    deadline_finder: DeadlineFinder, text: str, span: str, period: str
) -> None:
    (deadline,) = found(deadline_finder, text)
    assert (deadline.text, deadline.kind, deadline.period) == (span, "relative", period)
    assert deadline.provenance == "rule:deadline.event_days_before.v2"


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("应当在有效期届满30日前提出申请。", "有效期届满30日前"),  # before_event_days keeps its span
        ("应当在会议举行的七日前将草案发给代表。", "会议举行的七日前"),
        ("请各单位在二十五日前报送。", "二十五日前"),  # a day of the month, no event
        ("在六月三十日前完成整改。", "六月三十日前"),
        ("在收到通知后15日内办结。", "收到通知后15日内"),
    ],
)
def test_other_bounds_keep_their_own_span(deadline_finder: DeadlineFinder, text: str, span: str) -> None:
    (deadline,) = found(deadline_finder, text)
    assert deadline.text == span
    assert deadline.provenance != "rule:deadline.event_days_before.v2"


def test_the_months_a_figure_is_averaged_over_bound_nothing(deadline_finder: DeadlineFinder) -> None:
    assert found(deadline_finder, "补偿按其在合同终止前12个月的平均工资计算。") == []


@pytest.mark.parametrize(
    ("text", "span", "due"),
    [
        ("5月1日至年底，对困难企业减半收费。", "5月1日至年底", "2023-12-31"),
        ("自9月1日至今年年底暂停征收。", "9月1日至今年年底", "2023-12-31"),
        ("2023年7月1日至年底免收通行费。", "2023年7月1日至年底", "2023-12-31"),
    ],
)
def test_a_range_may_run_to_the_years_end(
    deadline_finder: DeadlineFinder, text: str, span: str, due: str
) -> None:
    deadlines = deadline_finder.find(text, 0, None, "2023-03-01")
    assert [(d.text, d.kind, d.due) for d in deadlines] == [(span, "range", due)]
