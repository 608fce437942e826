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


@pytest.mark.parametrize(
    ("text", "span", "period"),
    [
        ("村委会每季度终了之日起十五日内张榜公布收支。", "每季度终了之日起十五日内", "P3M"),
        ("扣缴义务人每周终了之日起五日内申报。", "每周终了之日起五日内", "P1W"),
        ("各单位应于每月结束之日起7个工作日内报送报表。", "每月结束之日起7个工作日内", "P1M"),
        ("作业者在每季度末后十五日内，报告防污染情况。", "每季度末后十五日内", "P3M"),
        ("财政部门应当在每季度终了后，向财经委员会报告。", "每季度终了后", "P3M"),
        # the actor before the cycle is no part of the event whose end is counted from
        ("各单位每季度结束后10日内报送进展。", "每季度结束后10日内", "P3M"),
    ],
)
def test_days_counted_from_each_period_end_are_one_recurring_deadline(
    deadline_finder: DeadlineFinder, text: str, span: str, period: str
) -> None:
    found = deadline_finder.find(text, 0, 2024)
    assert [(d.text, d.kind, d.period) for d in found] == [(span, "recurring", period)]


def test_an_event_end_still_counts_its_days(deadline_finder: DeadlineFinder) -> None:
    found = deadline_finder.find("各单位在活动结束后10个工作日内报送总结。", 0, 2024)
    assert [(d.text, d.kind, d.period) for d in found] == [("在活动结束后10个工作日内", "relative", "P10D")]


@pytest.mark.parametrize(
    ("text", "as_of", "due"),
    [
        # the quarter just ended is still open on 5 April, and closed on 16 April
        ("村委会每季度终了之日起十五日内张榜公布。", "2024-04-05", "2024-04-15"),
        ("村委会每季度终了之日起十五日内张榜公布。", "2024-04-16", "2024-07-15"),
        # 31 May 2024 is a Friday: seven weekdays on is 11 June
        ("各单位每月结束之日起7个工作日内报送。", "2024-06-05", "2024-06-11"),
        ("各单位每年度终了后四个月内报送年报。", "2024-05-05", "2025-04-30"),
        # weeks end on Sunday: 2 June 2024, five days on is Friday 7 June
        ("扣缴义务人每周终了之日起五日内申报。", "2024-06-05", "2024-06-07"),
        ("扣缴义务人每周终了之日起五日内申报。", "2024-06-08", "2024-06-14"),
    ],
)
def test_days_after_the_period_end_date_the_next_due_day(
    deadline_finder: DeadlineFinder, text: str, as_of: str, due: str
) -> None:
    (found,) = deadline_finder.find(text, 0, 2024)
    assert next_due(found, as_of) == due


@pytest.mark.parametrize(
    ("text", "span", "period"),
    [
        ("申请人应当在每年8月1日至8月31日提出申请。", "每年8月1日至8月31日", "P1Y"),
        ("防火期为每年的11月1日至次年的4月30日。", "每年的11月1日至次年的4月30日", "P1Y"),
        ("每年十一月一日起至次年四月三十日止，为防火紧要期。", "每年十一月一日起至次年四月三十日止", "P1Y"),
        ("各机构于每年1月1日至3月31日前报送年报。", "每年1月1日至3月31日前", "P1Y"),
        ("在每年六月至九月开展汛期巡查。", "每年六月至九月", "P1Y"),
        ("不得在每日二十二时至次日八时施工。", "每日二十二时至次日八时", "P1D"),
        ("用人单位于每月一日至十日缴纳。", "每月一日至十日", "P1M"),
        ("于每年六月底、十二月底以前报送。", "每年六月底、十二月底以前", "P1Y"),
        ("委员会每年四月、七月和十月召开例会。", "每年四月、七月和十月", "P1Y"),
    ],
)
def test_a_window_or_list_of_days_each_period_is_one_recurring_deadline(
    deadline_finder: DeadlineFinder, text: str, span: str, period: str
) -> None:
    found = deadline_finder.find(text, 0, 2024)
    assert [(d.text, d.kind, d.period) for d in found] == [(span, "recurring", period)]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("各单位每年至少组织一次检查。", "每年至少组织一次"),
        ("每年6月和有关部门会商。", "每年6月"),
        ("每月至12日前报送。", "每月"),
    ],
)
def test_only_a_day_or_time_opens_a_window(deadline_finder: DeadlineFinder, text: str, span: str) -> None:
    assert [d.text for d in deadline_finder.find(text, 0, 2024)][:1] == [span]


@pytest.mark.parametrize(
    ("text", "as_of", "due"),
    [
        ("申请人应当在每年8月1日至8月31日提出申请。", "2024-05-01", "2024-08-31"),
        ("防火期为每年的11月1日至次年的4月30日。", "2024-05-01", "2025-04-30"),
        ("每年3月6日至12日为植树周。", "2024-03-01", "2024-03-12"),
        ("用人单位于每月一日至十日缴纳。", "2024-05-11", "2024-06-10"),
        ("委员会每年四月、七月和十月召开例会。", "2024-05-01", "2024-07-31"),
        ("于每年六月底、十二月底以前报送。", "2024-07-01", "2024-12-31"),
    ],
)
def test_a_window_falls_due_at_its_end_and_a_list_at_each_day(
    deadline_finder: DeadlineFinder, text: str, as_of: str, due: str
) -> None:
    (found,) = deadline_finder.find(text, 0, 2024)
    assert next_due(found, as_of) == due
