"""A relative bound keeps the event it counts from, even when that event names a document
(`自收到《整改通知书》之日起10个工作日内`) or is an acceptance or a hand-over (`竣工验收后3个月内`).
Cut to `10个工作日内`, the span would no longer name the bound the text sets, and would not be
found again by whoever reads it as written. A range of lengths keeps both ends."""

from __future__ import annotations

import pytest

from duban.extractors.deadlines import DeadlineFinder


@pytest.mark.parametrize(
    ("text", "span", "period"),
    [
        (
            "责任单位应自收到《限期整改通知书》之日起10个工作日内反馈。",
            "自收到《限期整改通知书》之日起10个工作日内",
            "P10D",
        ),
        ("当事人自接到《处理决定书》之日起十五日内申请复核。", "自接到《处理决定书》之日起十五日内", "P15D"),
        ("项目竣工验收后3个月内移交档案。", "项目竣工验收后3个月内", "P3M"),
        ("申请受理后5个工作日内办结。", "申请受理后5个工作日内", "P5D"),
    ],
)
def test_the_event_stays_in_the_span(
    deadline_finder: DeadlineFinder, text: str, span: str, period: str
) -> None:
    found = deadline_finder.find(text, 0, 2024)
    assert [(d.text, d.kind, d.period) for d in found] == [(span, "relative", period)]


def test_a_clause_break_ends_the_event(deadline_finder: DeadlineFinder) -> None:
    found = deadline_finder.find("自收到通知起，各单位要在15日内报送。", 0, 2024)
    assert [d.text for d in found] == ["在15日内"]


@pytest.mark.parametrize(
    ("text", "span", "period"),
    [
        ("力争用3—5年时间建成产业集群。", "3—5年时间", "P5Y"),
        ("补助标准在2—3年内调整到位。", "在2—3年内", "P3Y"),
        ("问题线索1-3个月内办结。", "1-3个月内", "P3M"),
    ],
)
def test_a_span_given_as_a_range_keeps_both_ends(
    deadline_finder: DeadlineFinder, text: str, span: str, period: str
) -> None:
    found = deadline_finder.find(text, 0, 2024)
    assert [(d.text, d.period) for d in found] == [(span, period)]
