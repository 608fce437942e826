"""A list of findings set out item by item (`；`), as inspection feedback and audit items are: an item
without a cue word, beside one that states a shortfall, is a shortfall too (progress.shortfall_sibling.v1).
Texts written for the test."""

from __future__ import annotations

from duban.base.model import DocKind
from duban.extractors.progress import ProgressFinder
from tests.conftest import progress_pairs


def pairs(finder: ProgressFinder, text: str, kind: DocKind = "report") -> list[tuple[str, str]]:
    title, body = text.split("\n", 1)
    return progress_pairs(finder, title, body, kind)


FEEDBACK = "巡视组反馈巡视情况\n巡视组指出：\n"


def test_items_of_a_findings_list_beside_a_shortfall_are_shortfalls(progress_rules: ProgressFinder) -> None:
    text = FEEDBACK + (
        "甲公司物资采购管理不到位；\n"
        "乙公司盲目扩张、违规决策导致国有资产流失；\n"
        "丙研究院个别课题经费挪作他用。\n"
    )
    found = pairs(progress_rules, text)
    assert ("lagging", "乙公司盲目扩张、违规决策导致国有资产流失") in found
    assert ("lagging", "丙研究院个别课题经费挪作他用") in found
    assert all(status == "lagging" for status, _ in found)


def test_a_list_within_one_sentence_spreads_the_same_way(progress_rules: ProgressFinder) -> None:
    text = "某省审计情况\n审计发现，个别县危房改造工作不到位；部分乡镇挤占移民补助资金。\n"
    assert ("lagging", "部分乡镇挤占移民补助资金") in pairs(progress_rules, text)


def test_a_requirement_or_a_lead_in_in_the_list_is_no_shortfall(progress_rules: ProgressFinder) -> None:
    text = FEEDBACK + ("甲公司物资采购管理不到位；\n对此，甲公司要立即组织整改；\n此外，巡视组还指出：\n")
    found = [body for _, body in pairs(progress_rules, text)]
    assert not any("整改" in body or "还指出" in body for body in found)


def test_an_item_ended_by_a_full_stop_is_no_list(progress_rules: ProgressFinder) -> None:
    text = FEEDBACK + "甲公司物资采购管理不到位。\n乙公司盲目扩张、违规决策导致国有资产流失。\n"
    assert [body for _, body in pairs(progress_rules, text)] == ["甲公司物资采购管理不到位"]


def test_a_mined_predicates_shortfall_spreads_nothing(progress_rules: ProgressFinder) -> None:
    # `落到实处` read as a shortfall by a review predicate is too weak a source for its neighbours.
    text = "某市督察通报\n过去一年，督察组重点检查了河道整治情况；督办群众反映的身边环境问题。\n"
    assert not any("督办" in body for status, body in pairs(progress_rules, text) if status == "lagging")
