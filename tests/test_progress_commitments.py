"""Stop 59's precision shapes (prog59p), texts written for the test: a body's commitment governing
a review word (`progress.commitment.v1`), a figure's share or change told as a piece of its own
(`progress.figure_tail.v1`), a finding told verb first (`progress.negated_quality.v1`) and a
handling letter's restated request (`progress.addressee_request.v1`)."""

from __future__ import annotations

import pytest

from duban.extractors.progress import ProgressFinder
from tests.conftest import progress_pairs

REVIEW = "一年来，全市新建保障性住房3200套，改造城镇老旧小区46个。\n"
# A handling letter's title and its opening, which every letter case starts with.
LETTER = (
    "关于你省所提问题和建议办理情况的函\n"
    "对于你省提出的问题和建议，有关部门进行了认真研究，提出了办理意见，现将有关情况函复如下。\n"
)


@pytest.mark.parametrize(
    "pledge",
    [
        "市住建局将继续关注各区县的进展，积极研究并推动这项工作。",
        "市有关部门将结合全市住房发展规划的贯彻实施，加大保障房建设力度，切实提高住房保障水平。",
        "据了解，市住房保障工作领导小组办公室将加强整改督查，以整改实际成效迎接全市住房工作会议胜利召开。",
    ],
)
def test_a_bodys_commitment_is_no_work_done(progress_rules: ProgressFinder, pledge: str) -> None:
    found = progress_pairs(progress_rules, "某市人民政府工作报告", REVIEW + pledge + "\n", "report")
    assert any("3200套" in t for _, t in found), found
    assert len(found) == 1, found


def test_items_under_a_commitment_are_no_work_done(progress_rules: ProgressFinder) -> None:
    body = (
        REVIEW + "对于代表提出的建议，我们将在今后工作中认真吸收：一是拟在修订的管理办法中写明有关条款；"
        "二是加强对区县住房保障工作的指导，坚持建管并重，不断提高保障房的管理水平。\n"
    )
    found = progress_pairs(progress_rules, "某市人民政府工作报告", body, "report")
    assert any("3200套" in t for _, t in found), found
    assert not any("管理水平" in t for _, t in found), found


def test_a_commitment_before_the_statement_does_not_govern_it(progress_rules: ProgressFinder) -> None:
    # `将` as `把` (`将…纳入…`) is no commitment: the work after it stays done.
    body = "一年来，全区坚持将群众满意作为标准，深入开展城市环境整治，市容市貌明显改善。\n"
    found = progress_pairs(progress_rules, "某区人民政府工作报告", body, "report")
    assert any("市容市貌明显改善" in t and s == "done" for s, t in found), found


def test_a_figures_share_goes_on_with_the_figure(progress_rules: ProgressFinder) -> None:
    body = (
        "审计查出挤占挪用、虚列支出和违规发放津贴补贴等各类违规问题金额共计86.5亿元，占抽查资金总额的12.4%。\n"
        "截至6月底，有关地方和部门已整改问题金额60.2亿元。\n"
    )
    found = progress_pairs(progress_rules, "某项资金审计结果公告", body, "report")
    assert len(found) == 2, found
    assert found[0][1].endswith("占抽查资金总额的12.4%"), found


def test_a_change_on_the_year_goes_on_with_the_figure(progress_rules: ProgressFinder) -> None:
    body = "截至5月底，全省交通建设完成投资812亿元，完成年度计划的41.5%，同比增长6.2%。\n"
    found = progress_pairs(progress_rules, "某省交通建设进展情况", body, "report")
    assert len(found) == 1, found
    assert found[0][1].endswith("同比增长6.2%"), found


def test_a_finding_told_verb_first_is_a_shortfall(progress_rules: ProgressFinder) -> None:
    body = (
        "巡视组指出，某市委落实全面从严治党主体责任不到位；执行干部选拔任用规定不严格，"
        "干部违规兼职问题比较突出。\n"
        "巡视组还指出，某局党组政治站位不高，执行财务报销制度不严，专项资金管理不规范。\n"
    )
    found = progress_pairs(progress_rules, "巡视反馈情况", body, "report")
    assert not any(s == "done" for s, _ in found), found
    assert any("执行干部选拔任用规定不严格" in t and s == "lagging" for s, t in found), found


def test_a_letters_restated_request_is_no_progress(progress_rules: ProgressFinder) -> None:
    body = LETTER + (
        "一、关于支持某河堤防建设问题。你省请求，中央加大对某河堤防建设的投资；尽快批复一期工程可研报告并开工建设。\n"
        "水利部研究提出了办理意见。目前，对你省提出的一期工程可研报告，水利部已进行了审查。\n"
        "二、关于加强地质灾害监测问题。你省建议有关部门增加科技手段，加强监测，防范灾害发生。\n"
        "国土资源部研究提出了办理意见。\n"
    )
    found = progress_pairs(progress_rules, "关于你省所提问题和建议办理情况的函", body, "report")
    assert any("已进行了审查" in t for _, t in found), found
    assert not any("开工建设" in t or "防范灾害发生" in t for _, t in found), found


def test_a_letters_explanation_is_no_progress(progress_rules: ProgressFinder) -> None:
    body = LETTER + (
        "一、关于生态补偿问题。财政部研究提出了办理意见。\n"
        "由于你省已在全省范围内实施了退耕还林工程，所以在工程期内暂无法享受补偿政策。"
        "目前，财政部正在抓紧修改完善补偿基金管理办法。\n"
    )
    found = progress_pairs(progress_rules, "关于你省所提问题和建议办理情况的函", body, "report")
    assert any("正在抓紧修改" in t for _, t in found), found
    assert not any("所以" in t for _, t in found), found


def test_a_finding_that_opens_on_its_cause_stays(progress_rules: ProgressFinder) -> None:
    body = (
        "审计发现，部分项目资金拨付不及时，已责令整改。\n"
        "由于审批链条长、审核监管不到位等原因，造成专项资金管理使用中问题比较多。\n"
    )
    found = progress_pairs(progress_rules, "某专项资金审计结果", body, "report")
    assert any("问题比较多" in t and s == "lagging" for s, t in found), found


def test_an_explanation_after_the_answers_lead_is_no_progress(progress_rules: ProgressFinder) -> None:
    body = LETTER + (
        "一、关于对口支援问题。水利部研究提出了办理意见：因为该水库移民的安置规模不大，"
        "且主要是农业人口，总体规划确定移民为省内安置。目前，水利部正在会同你省开展移民安置规划的编制工作。\n"
    )
    found = progress_pairs(progress_rules, "关于你省所提问题和建议办理情况的函", body, "report")
    assert any("正在会同你省" in t for _, t in found), found
    assert not any("省内安置" in t for _, t in found), found
