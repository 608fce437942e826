"""Recurring deadlines anchored inside their period: `每月的10日前`, `每季度第一个月10日前`,
`每月最后一个工作日前`, `每月的第一周内`. The whole form is one recurring deadline with its
period: cut at the period (`每月`, `每季度`, `每季度末` of `每季度末月`) the span names another
bound, and a week inside the month would be read apart as a length (`一周内`). `next_due` dates
each by its anchor."""

from __future__ import annotations

import pytest

from duban.extractors.deadlines import DeadlineFinder, next_due


@pytest.mark.parametrize(
    ("text", "span", "period"),
    [
        ("各科室每月的10日前报送台账。", "每月的10日前", "P1M"),
        ("各站点每个月的5号前上报数据。", "每个月的5号前", "P1M"),
        ("办公室每月中旬前汇总情况。", "每月中旬前", "P1M"),
        ("财务科每月最后一个工作日前报送报表。", "每月最后一个工作日前", "P1M"),
        ("巡查组在每月的第一周内完成巡查。", "每月的第一周内", "P1M"),
        ("各企业每月前5个工作日内申报。", "每月前5个工作日内", "P1M"),
        ("各单位每季度第一个月10日前报送进展。", "每季度第一个月10日前", "P3M"),
        ("各区每季度末月25日前报送小结。", "每季度末月25日前", "P3M"),
        ("各校每季度首月5日前报送名单。", "每季度首月5日前", "P3M"),
        ("委员会在每季度的第一个月份中旬召开例会。", "每季度的第一个月份中旬", "P3M"),
        ("各部门每半年第一个月15日前报送总结。", "每半年第一个月15日前", "P6M"),
    ],
)
def test_an_anchor_inside_the_period_stays_in_the_span(
    deadline_finder: DeadlineFinder, text: str, span: str, period: str
) -> None:
    found = deadline_finder.find(text, 0, 2024)
    assert [(d.text, d.kind, d.period) for d in found] == [(span, "recurring", period)]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("开展每月一题活动。", "每月"),
        ("各单位每季度末报送进展。", "每季度末"),
        ("各单位每月10日前报送。", "每月10日前"),
        ("每季度第一个月报送一次。", "每季度第一个月报送一次"),
    ],
)
def test_forms_without_an_anchor_read_as_before(
    deadline_finder: DeadlineFinder, text: str, span: str
) -> None:
    assert [d.text for d in deadline_finder.find(text, 0, 2024)] == [span]


@pytest.mark.parametrize(
    ("text", "as_of", "due"),
    [
        ("各单位每季度第一个月10日前报送。", "2024-05-11", "2024-07-10"),
        ("各单位每季度第一个月10日前报送。", "2024-01-10", "2024-01-10"),
        ("各区每季度末月25日前报送。", "2024-05-11", "2024-06-25"),
        ("各区每季度最后一个月的20日前报送。", "2024-06-21", "2024-09-20"),
        ("各部门每半年第一个月15日前报送。", "2024-05-11", "2024-07-15"),
        ("委员会在每季度的第一个月份中旬召开例会。", "2024-05-11", "2024-07-20"),
        ("各科室每月的10日前报送。", "2024-05-11", "2024-06-10"),
        ("办公室每月中旬前汇总。", "2024-05-11", "2024-05-20"),
        ("巡查组在每月的第一周内完成巡查。", "2024-05-11", "2024-06-07"),
        # 31 May 2024 is a Friday; 1 June a Saturday, so June's fifth weekday is the 7th.
        ("财务科每月最后一个工作日前报送。", "2024-05-11", "2024-05-31"),
        ("各企业每月前5个工作日内申报。", "2024-06-01", "2024-06-07"),
    ],
)
def test_the_anchor_dates_the_next_due_day(
    deadline_finder: DeadlineFinder, text: str, as_of: str, due: str
) -> None:
    (found,) = deadline_finder.find(text, 0, 2024)
    assert next_due(found, as_of) == due
