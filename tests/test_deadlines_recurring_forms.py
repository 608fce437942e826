"""Recurring deadlines kept as written: a yearly month (`每年9月`, `每年的四月份`), and the 一 of
`每年一季度` that is no weekday. A span cut short (`每年` for `每年9月`) no longer names the same
bound, so the whole form is the deadline; `next_due` dates it by its month."""

from __future__ import annotations

import pytest

from duban.extractors.deadlines import DeadlineFinder, next_due


@pytest.mark.parametrize(
    ("text", "span", "period"),
    [
        ("各乡镇每年9月集中开展宣传月活动。", "每年9月", "P1Y"),
        ("于每年的四月份报送上年度报告。", "每年的四月份", "P1Y"),
        ("支部每星期三下午集中学习。", "每星期三", "P1W"),
    ],
)
def test_the_whole_recurring_form_is_the_span(
    deadline_finder: DeadlineFinder, text: str, span: str, period: str
) -> None:
    found = deadline_finder.find(text, 0, 2024)
    assert [(d.text, d.kind, d.period) for d in found] == [(span, "recurring", period)]


def test_the_one_of_a_yearly_quarter_is_no_weekday(deadline_finder: DeadlineFinder) -> None:
    found = deadline_finder.find("联席会议每年一季度召开。", 0, 2024)
    assert [(d.text, d.period) for d in found] == [("每年一季度", "P1Y")]


@pytest.mark.parametrize(
    ("text", "span", "as_of", "due"),
    [
        ("审计机关每年第一季度对上年度预算执行情况开展审计。", "每年第一季度", "2024-05-01", "2025-03-31"),
        ("举办单位应当在每年的第三季度以前提出申请。", "每年的第三季度以前", "2024-05-01", "2024-09-30"),
        ("各区每年四季度末前报送总结。", "每年四季度末前", "2024-12-31", "2024-12-31"),
    ],
)
def test_a_yearly_quarter_keeps_its_quarter_and_falls_due_at_its_end(
    deadline_finder: DeadlineFinder, text: str, span: str, as_of: str, due: str
) -> None:
    (found,) = deadline_finder.find(text, 0, 2024)
    assert (found.text, found.kind, found.period) == (span, "recurring", "P1Y")
    assert next_due(found, as_of) == due


def test_a_yearly_month_falls_due_at_that_month_end(deadline_finder: DeadlineFinder) -> None:
    (found,) = deadline_finder.find("每年9月开展一轮检查。", 0, 2024)
    assert next_due(found, "2024-03-01") == "2024-09-30"
    assert next_due(found, "2024-10-01") == "2025-09-30"
