"""Deadline shapes seen on real pages (issue 9, cause 4): one test per shape, texts written here."""

from __future__ import annotations

import time
from datetime import date

import pytest

from duban.base.model import Deadline
from duban.extractors.deadlines import DeadlineFinder, next_due


def spans(
    deadline_finder: DeadlineFinder, text: str, year: int | None = 2024, on: date | None = None
) -> list[Deadline]:
    return deadline_finder.find(text, 0, year, on)


def only(
    deadline_finder: DeadlineFinder, text: str, year: int | None = 2024, on: date | None = None
) -> Deadline:
    found = spans(deadline_finder, text, year, on)
    assert len(found) == 1, [d.text for d in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "span", "period"),
    [
        ("值班室每日汇总一次舆情。", "每日汇总一次", "P1D"),
        ("督导组每天向指挥部报送进度。", "每天", "P1D"),
        ("各站点每周五下班前上传台账。", "每周五下班前", "P1W"),
        ("领导小组每年组织开展一次综合评估。", "每年组织开展一次", "P1Y"),
        ("专家委员会每两年换届一次。", "每两年换届一次", "P2Y"),
        ("规划每五年修编一次。", "每五年修编一次", "P5Y"),
        ("各乡镇每月20日前上报进度表。", "每月20日前", "P1M"),
        ("牵头单位每季度末报送推进情况。", "每季度末", "P3M"),
        ("每半年召开一次联席会议。", "每半年召开一次", "P6M"),
        ("各部门按季度对台账进行自查。", "按季度", "P3M"),
        ("要在每日(3月2日-6日)下午4时前报送当日情况。", "每日(3月2日-6日)下午4时前", "P1D"),
        ("各单位每年年底前报送工作总结。", "每年年底前", "P1Y"),
        ("领导小组一年两次听取汇报。", "一年两次", "P1Y"),
        ("指挥部逐月调度项目进展。", "逐月", "P1M"),
    ],
)
def test_recurrences_keep_their_words_and_give_a_period(
    deadline_finder: DeadlineFinder, text: str, span: str, period: str
) -> None:
    found = only(deadline_finder, text)
    assert (found.text, found.kind, found.period) == (span, "recurring", period)


@pytest.mark.parametrize(
    ("text", "as_of", "due"),
    [
        ("各乡镇每月20日前上报进度表。", "2024-03-21", "2024-04-20"),
        ("各乡镇每月20日前上报进度表。", "2024-03-20", "2024-03-20"),
        ("牵头单位每季度末报送推进情况。", "2024-04-02", "2024-06-30"),
        ("每年3月15日前报送上年度总结。", "2024-03-16", "2025-03-15"),
        ("每半年召开一次联席会议。", "2024-07-01", "2024-12-31"),
        ("各站点每周五下班前上传台账。", "2024-05-01", "2024-05-03"),
        ("督导组每天向指挥部报送进度。", "2024-05-01", "2024-05-01"),
    ],
)
def test_a_recurring_deadline_gives_its_next_due_date(
    deadline_finder: DeadlineFinder, text: str, as_of: str, due: str
) -> None:
    deadline = only(deadline_finder, text)
    assert next_due(deadline, as_of) == due
    as_json = {"text": deadline.text, "kind": deadline.kind, "period": deadline.period}
    assert next_due(as_json, date.fromisoformat(as_of)) == due


def test_a_deadline_that_does_not_recur_has_no_next_due_date(deadline_finder: DeadlineFinder) -> None:
    assert next_due(only(deadline_finder, "请于6月30日前报送。"), "2024-01-01") is None


@pytest.mark.parametrize(
    ("text", "span", "due"),
    [
        ("请于5月8日下午5点前报送材料。", "5月8日下午5点前", "2024-05-08"),
        ("请于7月3日(星期三)上午下班前反馈意见。", "7月3日(星期三)上午下班前", "2024-07-03"),
        ("电子版于2024年9月6日12:00前报区政府办。", "2024年9月6日12:00前", "2024-09-06"),
        ("各单位当日12时前上报。", "当日12时前", None),
        ("修改意见请于下班前反馈。", "下班前", None),
    ],
)
def test_time_of_day_tails_stay_on_the_bound(
    deadline_finder: DeadlineFinder, text: str, span: str, due: str | None
) -> None:
    found = only(deadline_finder, text)
    assert (found.text, found.due) == (span, due)


@pytest.mark.parametrize(
    ("text", "span", "due"),
    [
        ("2024年3月1日至6月30日开展专项整治。", "2024年3月1日至6月30日", "2024-06-30"),
        ("2024—2026年分三批推进改造。", "2024—2026年", "2026-12-31"),
        ("2023年11月——2024年2月，由各乡镇组织自查。", "2023年11月——2024年2月", "2024-02-29"),
        ("2024年7-9月集中开展回头看。", "2024年7-9月", "2024-09-30"),
        ("10月1日-10月7日国庆假日期间，公车一律封存。", "10月1日-10月7日国庆假日期间", "2024-10-07"),
    ],
)
def test_ranges_are_kept_whole_and_end_on_their_last_day(
    deadline_finder: DeadlineFinder, text: str, span: str, due: str
) -> None:
    found = only(deadline_finder, text)
    assert (found.text, found.kind, found.due) == (span, "range", due)


@pytest.mark.parametrize(
    ("text", "span", "due"),
    [
        ("力争9月份完成主体施工。", "9月份", "2024-09-30"),
        ("5月中旬前完成招标。", "5月中旬前", "2024-05-20"),
        ("今年7月上旬前完成验收。", "今年7月上旬前", "2024-07-10"),
        ("确保上半年开工建设。", "上半年", "2024-06-30"),
        ("二季度末前完成主体结顶。", "二季度末前", "2024-06-30"),
        ("力争全年新增市场主体五千户。", "全年", "2024-12-31"),
        ("计划9月18日开馆试运营。", "9月18日", "2024-09-18"),
        ("于2024年10月前完成人员培训。", "2024年10月前", "2024-09-30"),
        ("示范区2026年基本建成。", "2026年", "2026-12-31"),
        ("12月20日完成竣工验收。", "12月20日", "2024-12-20"),
    ],
)
def test_months_quarters_and_halves_of_the_year(
    deadline_finder: DeadlineFinder, text: str, span: str, due: str
) -> None:
    found = only(deadline_finder, text)
    assert (found.text, found.due) == (span, due)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("确保“五一”前完成环境整治。", "“五一”前"),
        ("欠薪要在春节前全部清偿。", "春节前"),
        ("示范段国庆节前建成开放。", "国庆节前"),
        ("并于节后将值班情况上报。", "节后"),
        ("要加强元旦、春节放假期间值班。", "元旦、春节放假期间"),
        ("“十一”黄金周期间要严控客流。", "“十一”黄金周期间"),
    ],
)
def test_holiday_named_bounds(deadline_finder: DeadlineFinder, text: str, span: str) -> None:
    assert only(deadline_finder, text).text == span


@pytest.mark.parametrize(
    ("text", "span", "due"),
    [
        ("明年底前完成全部改造。", "明年底前", "2025-12-31"),
        ("今年力争开工建设。", "今年", "2024-12-31"),
        ("力争今年年内推出。", "今年年内", "2024-12-31"),
        ("次年3月底前报送决算。", "次年3月底前", "2025-03-31"),
    ],
)
def test_relative_years_resolve_against_the_documents_year(
    deadline_finder: DeadlineFinder, text: str, span: str, due: str
) -> None:
    found = only(deadline_finder, text)
    assert (found.text, found.due) == (span, due)


def test_relative_months_need_the_documents_date(deadline_finder: DeadlineFinder) -> None:
    signed = date(2024, 11, 5)
    assert only(deadline_finder, "请于本月底前报送。", on=signed).due == "2024-11-30"
    assert only(deadline_finder, "力争月底前开始打桩。", on=signed).due == "2024-11-30"
    assert only(deadline_finder, "下月中旬前完成。", on=date(2024, 12, 2)).due == "2025-01-20"
    assert only(deadline_finder, "请于本月底前报送。").due is None  # the year alone cannot say which month


def test_the_documents_date_wins_over_the_year_it_is_read_in(deadline_finder: DeadlineFinder) -> None:
    assert only(deadline_finder, "年底前完成。", year=2030, on=date(2023, 2, 1)).due == "2023-12-31"


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("自2020年2月起执行新标准。", "自2020年2月起"),
        ("从即日起开展集中排查。", "从即日起"),
        ("次日起停止办理。", "次日起"),
        ("4月1日起停征工本费。", "4月1日起"),
        ("自新系统上线之日起，纸质申报停止受理。", "自新系统上线之日起"),
    ],
)
def test_start_bounds_are_deadlines_without_a_due_date(
    deadline_finder: DeadlineFinder, text: str, span: str
) -> None:
    found = only(deadline_finder, text)
    assert (found.text, found.due) == (span, None)


@pytest.mark.parametrize(
    ("text", "span", "kind"),
    [
        ("“十四五”期间建成三个示范区。", "“十四五”期间", "term"),
        ("并在一个任期内实现全覆盖。", "一个任期内", "term"),
        ("这项制度要长期坚持。", "长期坚持", "ongoing"),
        ("。专项整治期间，暂停受理新的申请。", "专项整治期间", "term"),
        ("。试点工作结束后，及时总结推广。", "试点工作结束后", "relative"),
        ("审核时间最长不超过10个工作日。", "最长不超过10个工作日", "relative"),
        ("力争用三年时间建成示范区。", "三年时间", "relative"),
        ("开展为期两个月的集中整治。", "为期两个月", "relative"),
        ("问题要在半年内整改到位。", "在半年内", "relative"),
        ("请于本周五前报送名单。", "本周五前", "absolute"),
        ("做好今冬明春防火工作。", "今冬明春", "term"),
        ("应于理事会会议召开十日前送达议题。", "会议召开十日前", "relative"),
        ("须在许可证有效期届满二十日前申请延续。", "有效期届满二十日前", "relative"),
    ],
)
def test_terms_ongoing_work_and_event_bounds(
    deadline_finder: DeadlineFinder, text: str, span: str, kind: str
) -> None:
    found = only(deadline_finder, text)
    assert (found.text, found.kind) == (span, kind)


@pytest.mark.parametrize(
    "text",
    [
        "关于做好2024年上半年安全生产工作的通知",
        "认真贯彻《2030年前碳达峰行动方案》要求。",
        "1-9月，全市完成固定资产投资同比增长6%。",
        "2023年全市生产总值增长5.2%。",
        "今年以来，全市新增就业1.2万人。",
        "贯彻落实三年行动计划。",
        "发现问题要及时报告，尽快整改，推动监督常态化。",
        "免征期限不超过3个月。",
        "结合节日期间特点制定方案。",
        "今天（3月5日）发布白皮书。",
        "做好春节前后市场保供。",
        "上半年全市地区生产总值增长5%。",
        "已于6月30日完成验收。",
        "力争三个月前的问题全部清零。",
    ],
)
def test_dates_and_words_that_bound_no_work(deadline_finder: DeadlineFinder, text: str) -> None:
    assert spans(deadline_finder, text) == []


def test_a_year_looking_back_is_no_bound_but_one_looking_ahead_is(deadline_finder: DeadlineFinder) -> None:
    assert spans(deadline_finder, "2023年，我们将重点抓好五件事。", year=2024) == []
    assert only(deadline_finder, "2025年，我们将重点抓好五件事。", year=2024).due == "2025-12-31"


def test_mirror_site_pinyin_is_read_past_and_kept_in_the_span(deadline_finder: DeadlineFinder) -> None:
    text = "各地要在春节(jié)前完成督察，信访件在5日内(nèi)反馈。"
    found = spans(deadline_finder, text)
    assert [d.text for d in found] == ["春节(jié)前", "在5日内(nèi)"]
    assert [text[d.start or 0 : d.end] for d in found] == [d.text for d in found]


def test_offsets_point_into_the_document(deadline_finder: DeadlineFinder) -> None:
    [found] = deadline_finder.find("前文。请于6月30日前报送。", 100, 2024)
    assert (found.start, found.end) == (105, 111)


@pytest.mark.parametrize(
    "text",
    [
        "每" * 20000,
        "在" * 20000 + "期间",
        "（" * 20000,
        "2024年" * 5000,
        "于" + "一" * 20000 + "月",
        "，" + "整" * 20000 + "结束后，",
    ],
)
def test_long_lines_are_read_in_linear_time(deadline_finder: DeadlineFinder, text: str) -> None:
    began = time.process_time()
    deadline_finder.find(text, 0, 2024)
    assert time.process_time() - began < 2.0


def test_a_rule_only_skips_text_it_could_not_match(deadline_finder: DeadlineFinder) -> None:
    """`needs` lets the deadline_finder skip a rule; every example's match must hold one of its characters."""
    for rule in deadline_finder.rules.rules:
        needs = rule.get("needs")
        for example in rule.examples if needs else ():
            m = rule.regex.search(example)
            assert m is not None and any(ch in m.group() or ch in example for ch in needs), rule.id


@pytest.mark.parametrize(
    ("text", "span", "kind", "due"),
    [
        (
            "一、整治占道经营。\n责任单位：区城管局\n完成时限：2024年9月",
            "2024年9月",
            "absolute",
            "2024-09-30",
        ),
        ("二、修订应急预案。\n时限要求：持续推进", "持续推进", "ongoing", None),
        ("问题整改责任单位：区卫健局 整改时限:5天", "5天", "relative", None),
        ("三、建成口袋公园。完成时间：11月", "11月", "absolute", "2024-11-30"),
    ],
)
def test_a_time_limit_label_makes_its_value_a_deadline(
    deadline_finder: DeadlineFinder, text: str, span: str, kind: str, due: str | None
) -> None:
    found = only(deadline_finder, text)
    assert (found.text, found.kind, found.due) == (span, kind, due)
    assert text[found.start or 0 : found.end] == span


def test_a_bare_month_is_no_deadline_without_a_label(deadline_finder: DeadlineFinder) -> None:
    assert spans(deadline_finder, "三、建成口袋公园，11月投入使用。") == []


def test_a_cell_with_one_bound_per_sub_item_gives_each(deadline_finder: DeadlineFinder) -> None:
    found = deadline_finder.find_cell("1.2024年8月 2.2024年12月", 50, 2024)
    assert [(d.text, d.start, d.due) for d in found] == [
        ("2024年8月", 52, "2024-08-31"),
        ("2024年12月", 62, "2024-12-31"),
    ]


def test_a_cell_of_prose_is_kept_whole(deadline_finder: DeadlineFinder) -> None:
    [found] = deadline_finder.find_cell("根据省里部署 分步推进", 0, 2024)
    assert found.text == "根据省里部署 分步推进"


def test_a_range_told_as_history_is_no_bound(deadline_finder: DeadlineFinder) -> None:
    assert spans(deadline_finder, "2015年到2018年，市里连续四年组织评估。", year=2024) == []
    assert only(deadline_finder, "2024年到2026年，分批完成改造。", year=2024).due == "2026-12-31"


@pytest.mark.parametrize(
    ("cell", "due"),
    [
        ("2024年6月30日", "2024-06-30"),
        ("2024.06.30", "2024-06-30"),
        ("2024.9", "2024-09-30"),
        ("2025", "2025-12-31"),
        ("11月", "2024-11-30"),
        ("10个工作日", None),
    ],
)
def test_bare_forms_in_a_time_limit_cell_are_normalised(
    deadline_finder: DeadlineFinder, cell: str, due: str | None
) -> None:
    [found] = deadline_finder.find_cell(cell, 0, 2024)
    assert (found.text, found.due) == (cell, due)


def test_the_documents_date_may_be_given_as_iso_text(deadline_finder: DeadlineFinder) -> None:
    assert only(deadline_finder, "请于本月底前报送。", year=None, on=None).due is None
    assert deadline_finder.find("请于本月底前报送。", 0, None, "2024-02-10")[0].due == "2024-02-29"
    assert deadline_finder.find("年底前完成。", 0, 2030, "2023")[0].due == "2023-12-31"
    assert deadline_finder.find("年底前完成。", 0, 2030, "")[0].due == "2030-12-31"
