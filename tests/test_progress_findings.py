"""An inspection's or audit's findings, and a work report's problems, read whole. A bare shortfall
with no count (`…建设存在薄弱环节`, `…方面存在不足`, `progress.condition.v5`) and a finding that
opens with `结合` (`结合实际贯彻…不够到位`, `progress.purpose.v3`) go on with the finding before
them, where they were read as a lead-in or a setting and cut it short; a further finding told
`有的…`/`个别…` after a shortfall with no cue of its own, which ended the statement before it and
was lost, is a statement of its own (`progress.finding_sibling.v1`). Texts written for the test."""

from __future__ import annotations

from duban.extractors.progress import ProgressFinder
from tests.conftest import progress_pairs

TITLE = "省委第四巡视组向某市反馈巡视情况"


def _findings(finder: ProgressFinder, sentence: str) -> list[tuple[str, str]]:
    body = "近日，省委第四巡视组向某市委反馈了巡视情况。\n巡视发现：" + sentence + "\n"
    return progress_pairs(finder, TITLE, body, "report")


def test_a_bare_shortfall_goes_on_with_the_finding(progress_rules: ProgressFinder) -> None:
    found = _findings(
        progress_rules,
        "有的单位落实主体责任有差距，在干部队伍和基层组织建设方面存在薄弱环节；"
        "有的部门履行监管职责不够到位，内部管理存在薄弱环节。",
    )
    assert ("lagging", "有的单位落实主体责任有差距，在干部队伍和基层组织建设方面存在薄弱环节") in found, found
    assert ("lagging", "有的部门履行监管职责不够到位，内部管理存在薄弱环节") in found, found


def test_a_finding_opened_by_jiehe_goes_on(progress_rules: ProgressFinder) -> None:
    found = _findings(
        progress_rules,
        "有的党组织理论学习不够深入，结合实际贯彻上级部署不够到位，推动高质量发展办法不多。",
    )
    assert found == [
        ("lagging", "有的党组织理论学习不够深入，结合实际贯彻上级部署不够到位，推动高质量发展办法不多")
    ], found


def test_further_findings_are_statements_of_their_own(progress_rules: ProgressFinder) -> None:
    found = _findings(
        progress_rules,
        "某局审批环节廉洁风险突出，有的工作人员借项目审批收受好处，利用职务影响干预招投标；"
        "基层党组织建设不够扎实，有的支部组织生活流于形式，有的党员长期不交党费。",
    )
    assert ("lagging", "有的工作人员借项目审批收受好处，利用职务影响干预招投标") in found, found
    # Findings told `有的…，有的…` with no cue of their own are one.
    assert ("lagging", "有的支部组织生活流于形式，有的党员长期不交党费") in found, found
    assert all(s == "lagging" for s, _ in found), found


def test_a_further_finding_with_its_own_shortfall_word(progress_rules: ProgressFinder) -> None:
    # The status unchanged, one statement (as before); a shortfall cued after a further finding
    # with no cue of its own is a statement of its own.
    found = _findings(progress_rules, "有的企业财务核算不够规范，有的企业对下属公司管控不到位。")
    assert found == [("lagging", "有的企业财务核算不够规范，有的企业对下属公司管控不到位")], found
    found = _findings(
        progress_rules, "某厅履行监管职责不够到位，有的干部特权思想较重，形式主义问题仍然存在。"
    )
    assert found == [
        ("lagging", "某厅履行监管职责不够到位"),
        ("lagging", "有的干部特权思想较重"),
        ("lagging", "形式主义问题仍然存在"),
    ], found


def test_an_instance_of_the_finding_before_it_is_none(progress_rules: ProgressFinder) -> None:
    found = _findings(progress_rules, "某县落实生态保护部署不够有力，有的甚至边整改边违建，造成林地被毁。")
    assert found == [("lagging", "某县落实生态保护部署不够有力")], found


def test_a_bare_shortfall_inside_a_list_of_problems(progress_rules: ProgressFinder) -> None:
    body = (
        "一年来，全县新建乡村公路86公里，完成老旧小区改造21个。\n"
        "同时也要看到，全县发展还存在不少困难和问题。"
        "工业经济总量偏小；县城承载能力不强；公共卫生应急体系存在薄弱环节；部分群众增收渠道较窄。\n"
    )
    found = progress_pairs(progress_rules, "某县人民政府工作报告", body, "report")
    # The list after its lead-in is one statement from its first item, the bare shortfall inside it
    # no lead-in of a list of its own.
    assert ("lagging", "工业经济总量偏小；县城承载能力不强；公共卫生应急体系存在薄弱环节") in found, found
