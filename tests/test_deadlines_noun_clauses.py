"""Times that name, date or sort a noun bound no work: a plan's years in its name, a bound that opens
a clause describing a noun, a year word that only names the year of a dated bound in its clause, a
day set up under a quoted name, and `月中` read into `中共中央`. Bounds that set the time of the work stay. Every text is written here."""

from __future__ import annotations

import pytest

from duban.extractors.deadlines import DeadlineFinder


def found(deadline_finder: DeadlineFinder, text: str) -> list[str]:
    return [d.text for d in deadline_finder.find(text, 0, None, "2024-03-01")]


@pytest.mark.parametrize(
    "text",
    [
        "会议审议了全市水网建设规划（2021—2035年），明确了建设路径。",
        "要对照乡村振兴纲要(2018-2022年)查找差距。",
    ],
)
def test_a_plans_years_in_its_name_bound_no_work(deadline_finder: DeadlineFinder, text: str) -> None:
    assert found(deadline_finder, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "对2023年6月30日之前退役、年满60周岁的人员，发放一次性补助。",
        "重点改造2005年底前建成的老旧小区。",
        "对2024年底前到期的中小企业贷款，可以延期还本。",
        "针对零关税的商品和3年内税率降幅较大的商品，加大进口力度。",
        "市里通报了6月1日至3日检查组发现的问题。",
        "连续取得的劳务收入，以一个月内取得的收入为一次。",
        "货运车辆一年内违法超载超过三次的，由运输管理机构处理。",
    ],
)
def test_a_bound_that_opens_a_clause_describing_a_noun_bounds_no_work(
    deadline_finder: DeadlineFinder, text: str
) -> None:
    assert found(deadline_finder, text) == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("力争今年8月底前完成老旧管网的改造。", "今年8月底前"),
        ("各县要在收到通知后10日内将整改方案的落实情况报市政府。", "收到通知后10日内"),
        ("实现2030年前碳达峰的目标。", "2030年前"),
        ("各乡镇每年开展不少于两次的安全检查。", "每年开展不少于两次"),
        ("纪检机关要紧盯节日期间易发的违纪问题。", "节日期间"),
        ("县财政每年对教育投入的增长幅度要高于经常性收入增长。", "每年"),
        ("登记机关自受理之日起15个工作日内作出是否准予登记的决定。", "自受理之日起15个工作日内"),
        ("下级部门原则上六个月内不再重复抽查已抽查的企业。", "六个月内"),
        ("应当在收到材料后四十八小时以内通知报送材料的单位。", "收到材料后四十八小时以内"),
        ("在批准用地一年内组织开垦新的耕地。", "一年内"),
        ("企业应当于下一年度3月31日前报送上一年度的统计资料。", "3月31日前"),
    ],
)
def test_a_bound_that_sets_the_time_of_the_work_stays(
    deadline_finder: DeadlineFinder, text: str, span: str
) -> None:
    assert found(deadline_finder, text) == [span]


def test_a_year_word_beside_a_dated_bound_is_that_bounds_year(deadline_finder: DeadlineFinder) -> None:
    assert found(deadline_finder, "今年新增专项债要确保9月底前发行完毕。") == ["9月底前"]
    assert found(deadline_finder, "今年新建幼儿园5所，9月底前完成招生。") == ["今年", "9月底前"]


def test_mid_month_is_not_read_into_the_partys_central_committee(deadline_finder: DeadlineFinder) -> None:
    assert found(deadline_finder, "2019年8月中共中央印发了条例，各地要认真学习。") == []
    assert found(deadline_finder, "各地要在8月中旬前完成自查。") == ["8月中旬前"]


@pytest.mark.parametrize("text", ["我市将每年6月18日设立为“城市读书日”。", "每年5月20日为“社区志愿日”。"])
def test_a_day_set_up_under_a_quoted_name_is_no_cycle_of_work(
    deadline_finder: DeadlineFinder, text: str
) -> None:
    assert found(deadline_finder, text) == []
