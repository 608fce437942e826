"""A text's own event, and a lead-in to problems, are not progress. A notice's or a news item's own
event (`progress.inspection.v4`): cases exposed by the notice (`公开曝光了…典型案例`, also as the
lead-in of its list), and a round of inspections' feedback told as the event (`向…反馈了巡视情况`,
`通报了巡视发现的…问题`, `进行了一对一反馈`); the round's feedback stated complete stays work done.
A lead-in to a list of problems (`还存在不少问题和短板：`, `本轮巡察也发现了一些突出问题：`,
`progress.condition.v4`) names none; problems a field names stay a shortfall. Texts written for the test."""

from __future__ import annotations

import pytest

from duban.extractors.progress import ProgressFinder
from tests.conftest import progress_pairs


@pytest.mark.parametrize(
    "opening",
    [
        "日前，省纪委监委公开曝光了4起典型案例。",
        "近日，省纪委监委对4起漠视群众利益典型问题进行了公开曝光。",
        "省审计厅同时公布了4个问题典型案例：",
    ],
)
def test_cases_exposed_are_the_notices_event(progress_rules: ProgressFinder, opening: str) -> None:
    body = (
        "今年以来，省纪委监委持续开展民生领域专项整治，严肃查处了一批侵害群众利益问题。"
        + opening
        + "\n"
        + "这4起问题分别是：\n甲县民政局原副局长王某截留低保资金问题；\n乙镇原镇长赵某虚报项目套取补助问题；\n"
        "丙村原党支部书记钱某侵占征地补偿款问题；\n丁县医保局工作人员孙某违规报销问题。\n"
    )
    found = progress_pairs(progress_rules, "省纪委监委公开曝光4起典型案例", body, "report")
    texts = [t for _, t in found]
    assert not any("曝光" in t or "公布" in t for t in texts), texts
    assert ("lagging", "甲县民政局原副局长王某截留低保资金问题") in found


@pytest.mark.parametrize(
    "feedback",
    [
        "近日，8个省委巡视组分别向12个县区党委反馈了巡视情况。",
        "各巡视组向被巡视党组织书记通报了巡视发现的主要问题，并向领导班子反馈了巡视情况。",
        "6月3日至5日，8个省委巡视组分别向被巡视单位进行了“一对一”反馈。",
        "同时，对本轮巡视涉及的2个开发区一并反馈了有关情况。",
    ],
)
def test_a_rounds_feedback_is_the_news_items_event(progress_rules: ProgressFinder, feedback: str) -> None:
    body = feedback + "\n巡视发现，有的单位落实全面从严治党主体责任不够到位，有的干部担当作为不够。\n"
    found = progress_pairs(progress_rules, "省委第二轮巡视完成反馈", body, "report")
    assert found, "the findings still state shortfalls"
    assert all(s == "lagging" for s, _ in found), found
    assert not any("反馈" in t for _, t in found)


def test_the_feedback_completed_is_work_done(progress_rules: ProgressFinder) -> None:
    body = "随着昨日督察组向丙市反馈督察情况，第三批省级环保督察组已经完成了对6个市督察意见的反馈。\n"
    found = progress_pairs(progress_rules, "第三批省级环保督察完成反馈", body, "report")
    assert found == [("done", "第三批省级环保督察组已经完成了对6个市督察意见的反馈")]


def test_feedback_to_the_public_is_still_work_done(progress_rules: ProgressFinder) -> None:
    body = "截至目前，各县区已对群众反映的217个问题逐一核实，并向来信群众反馈了办理结果。\n"
    found = progress_pairs(progress_rules, "信访问题办理情况通报", body, "report")
    assert found and all(s == "done" for s, _ in found)
    assert any("反馈了办理结果" in t for _, t in found)


# A lead-in to a list of problems, in a work report's review or an inspection's news
# (`progress.condition.v4`): it names no problem, the list after it does.
@pytest.mark.parametrize(
    "lead",
    [
        "我们也清醒地认识到，全县发展还存在不少问题和短板，主要表现在：",
        "同时也要看到，全区经济社会发展仍存在一些困难和不足：",
        "但我们也清醒看到，在追赶跨越的路上，仍面临不少问题和短板：",
    ],
)
def test_a_reviews_lead_in_to_its_problems_states_none(progress_rules: ProgressFinder, lead: str) -> None:
    body = (
        "一年来，全县新建乡村公路86公里，完成老旧小区改造21个。\n"
        + lead
        + "工业经济总量偏小；县城承载能力不强；部分群众增收渠道较窄。\n"
    )
    found = progress_pairs(progress_rules, "某县人民政府工作报告", body, "report")
    assert not any(t.endswith(("短板", "不足")) for _, t in found), found
    # The list after it still states the problems, from its first item.
    assert [s for s, t in found if t.startswith("工业经济总量偏小")] == ["lagging"]


def test_an_inspections_lead_in_to_its_findings_states_none(progress_rules: ProgressFinder) -> None:
    body = "本轮巡察也发现了一些突出问题：有的党组织落实主体责任不够到位，有的单位财务管理不规范。\n"
    found = progress_pairs(progress_rules, "市委第三轮巡察完成反馈", body, "report")
    assert found and all(s == "lagging" for s, _ in found), found
    assert not any("发现了一些突出问题" in t for _, t in found)


def test_problems_a_field_names_stay_a_shortfall(progress_rules: ProgressFinder) -> None:
    body = (
        "一年来，全县新建乡村公路86公里。\n"
        "县城污水管网建设滞后，条例实施中还存在不少问题，秸秆禁烧任务艰巨；"
        "养老托育等民生领域还存在不少问题；部分群众增收渠道较窄。\n"
    )
    found = progress_pairs(progress_rules, "某县人民政府工作报告", body, "report")
    lagging = " ".join(t for s, t in found if s == "lagging")
    assert "条例实施中还存在不少问题" in lagging
    assert "养老托育等民生领域还存在不少问题" in lagging
