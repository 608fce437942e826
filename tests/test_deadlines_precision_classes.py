"""Predicted deadlines read on unseen real text that name no bound on work, or cut a bound at the
wrong place: a licence's validity, an estimate of what a measure yields, an event bound that began
inside the actor's modal, a range of durations cut to its second end. Every text is written here."""

from __future__ import annotations

import pytest

from duban.base.model import Deadline
from duban.extractors.deadlines import DeadlineFinder


def found(deadline_finder: DeadlineFinder, text: str) -> list[str]:
    return [d.text for d in deadline_finder.find(text, 0, None, "2024-03-01")]


@pytest.mark.parametrize(
    "text",
    [
        "渔船作业许可证有效期为五年。",
        "临时摊点登记证的有效期为三年，期满需要延续的，应当申请。",
        "证书有效期3年。",
    ],
)
def test_how_long_a_licence_stays_valid_bounds_no_work(deadline_finder: DeadlineFinder, text: str) -> None:
    assert found(deadline_finder, text) == []


def test_the_day_before_a_licence_lapses_still_bounds_the_renewal(deadline_finder: DeadlineFinder) -> None:
    assert found(deadline_finder, "需要延续的，应当在有效期届满三十日前提出申请。") == ["有效期届满三十日前"]


def test_a_set_length_of_work_is_still_a_bound(deadline_finder: DeadlineFinder) -> None:
    (deadline,) = deadline_finder.find("各县区整改期限为6个月。", 0, None, "2024-03-01")
    assert (deadline.text, deadline.period) == ("整改期限为6个月", "P6M")


@pytest.mark.parametrize(
    "text",
    [
        "上述减免政策实施后，预计全年减轻企业负担90多亿元。",
        "两项措施合计，预计今年将减少企业用能成本约30亿元。",
        "受益于新投产项目，预计全年粮食总产42万吨。",
        "各项工作进展顺利。预计，全年新增光伏装机20万千瓦。",
        "政策落地后，初步测算全年可为企业减负30亿元。",
        "据测算，今年新增就业岗位将超过3万个。",
    ],
)
def test_an_estimate_of_what_a_measure_yields_is_no_bound(deadline_finder: DeadlineFinder, text: str) -> None:
    assert found(deadline_finder, text) == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("全年完成造林面积5万亩以上。", "全年"),
        ("力争全年引进项目40个。", "全年"),
        ("今年力争新建学校3所。", "今年"),
    ],
)
def test_a_year_heading_a_target_is_still_its_bound(
    deadline_finder: DeadlineFinder, text: str, span: str
) -> None:
    assert found(deadline_finder, text) == [span]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("物业建设单位应当在小区竣工验收后三十日内移交图纸。", "在小区竣工验收后三十日内"),
        ("街道办事处应当于方案公布后的十日内组织听证。", "于方案公布后的十日内"),
        ("确需延长的，应当在期满前一个月报原审批机关。", "在期满前一个月"),
        ("公园建设规划自批准后三十日内应当向社会公布。", "自批准后三十日内"),
    ],
)
def test_an_event_bound_starts_after_the_actors_modal(
    deadline_finder: DeadlineFinder, text: str, span: str
) -> None:
    assert found(deadline_finder, text) == [span]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("情节严重的，一年至三年内不得参加评审。", "一年至三年内"),
        ("自处罚执行完毕之日起六个月至两年以内不予受理。", "自处罚执行完毕之日起六个月至两年以内"),
        ("各地要在2—3年内调整到位。", "在2—3年内"),
    ],
)
def test_a_range_of_durations_is_kept_whole(deadline_finder: DeadlineFinder, text: str, span: str) -> None:
    assert found(deadline_finder, text) == [span]


def test_the_range_lasts_to_its_longer_end(deadline_finder: DeadlineFinder) -> None:
    (deadline,) = deadline_finder.find("一年至三年内不得参加评审。", 0, None, "2024-03-01")
    assert isinstance(deadline, Deadline)
    assert deadline.period == "P3Y"


@pytest.mark.parametrize(
    "text",
    [
        "第九条每年10月12日为全市湿地保护宣传日，各部门应当开展宣传。",
        "每年四月为本省爱鸟宣传月。",
        "每年6月的第三周为全市节水活动周。",
        "逾期不缴纳的，自滞纳之日起按日加收万分之五的滞纳金。",
        "逾期仍不改正的，每日加收应缴费用千分之三的违约金。",
        "拒不改正的，按照原处罚数额按日连续处罚。",
    ],
)
def test_a_named_day_or_a_daily_rate_is_no_cycle_of_work(deadline_finder: DeadlineFinder, text: str) -> None:
    assert found(deadline_finder, text) == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("每月15日为支部主题党日，各支部组织学习。", "每月15日"),
        ("各单位每年至少组织一次应急演练。", "每年至少组织一次"),
        ("市统计局按月报送重点指标。", "按月"),
        ("自收到通知之日起开始整改。", "自收到通知之日起"),
    ],
)
def test_a_cycle_of_work_and_a_start_bound_are_kept(
    deadline_finder: DeadlineFinder, text: str, span: str
) -> None:
    assert found(deadline_finder, text) == [span]


def test_the_yu_of_a_comparison_is_no_preposition(deadline_finder: DeadlineFinder) -> None:
    assert found(deadline_finder, "记录保存期限不得少于产品保质期满后六个月。") == ["产品保质期满后六个月"]


@pytest.mark.parametrize(
    "text",
    [
        "据测算，两项改革合计每年可减轻群众负担80多亿元。",
        "上述办法实施后，预计每年将减少企业用电支出约15亿元。",
        "通过锅炉节能改造，每年可节约标准煤3万吨。",
        "将职业院校学生每生每年最高资助额度提高到5000元。",
    ],
)
def test_a_recurrence_that_estimates_a_yield_or_caps_an_amount_is_no_cycle(
    deadline_finder: DeadlineFinder, text: str
) -> None:
    assert found(deadline_finder, text) == []


def test_a_cycle_with_a_ceiling_on_its_rounds_is_still_a_cycle(deadline_finder: DeadlineFinder) -> None:
    assert found(deadline_finder, "各地每年最多开展两次集中评比。") == ["每年最多开展两次"]


@pytest.mark.parametrize(
    "text",
    [
        "修订后的实施细则将于明年3月1日起施行。",
        "双边投资协定将于2025年1月1日生效实施。",
        "信息公示办法于2024年7月1日起正式实施。",
    ],
)
def test_the_day_a_text_takes_effect_bounds_no_work(deadline_finder: DeadlineFinder, text: str) -> None:
    assert found(deadline_finder, text) == []


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("各区须于6月30日前实施。", "6月30日前"),
        ("2024年9月1日起施行新的收费标准。", "2024年9月1日起"),
        ("政务服务平台于9月30日上线运行。", "于9月30日"),
    ],
)
def test_a_bound_on_work_before_a_verb_of_effect_stays(
    deadline_finder: DeadlineFinder, text: str, bound: str
) -> None:
    assert found(deadline_finder, text) == [bound]


@pytest.mark.parametrize(
    "text",
    ["截止到3月15号，各乡镇已经全部完成自查。", "截止5月底，全县累计发放补贴2亿元。"],
)
def test_a_count_taken_on_a_day_written_with_jiezhi_is_no_bound(
    deadline_finder: DeadlineFinder, text: str
) -> None:
    assert found(deadline_finder, text) == []


def test_a_closing_time_written_with_jiezhi_stays_a_bound(deadline_finder: DeadlineFinder) -> None:
    assert found(deadline_finder, "受理投诉的时间截止到2024年11月25日。") == ["截止到2024年11月25日"]
