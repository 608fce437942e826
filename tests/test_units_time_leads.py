"""A time or a target adverb that opens a clause before its subject (`今年各区要…`, `力争各街道…`) is
no part of the subject's name, nor is a proviso's 但; what the time leaves must be a name, not an act
(`全年实施县重点项目…`), and an event (`两会`) is no body. Invented fixtures."""

from __future__ import annotations

import pytest

from duban.extractors.units import UnitFinder


def names(unit_finder: UnitFinder, text: str) -> list[str]:
    return [u.name for u in unit_finder.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("今年各区要完成老旧小区改造任务。", ["各区"]),
        ("年内各乡镇和有关部门必须公开收费清单。", ["各乡镇", "有关部门"]),
        ("今年以来有关单位出台了一批扶持措施。", ["有关单位"]),
        ("近期有关部门要开展专项检查。", ["有关部门"]),
        ("二月初有关部门要作出部署。", ["有关部门"]),
        ("一年内各单位在招录时应当优先录用。", ["各单位"]),
        ("下一步县教育局将加强督导。", ["县教育局"]),
    ],
)
def test_a_time_before_the_subject_is_not_part_of_its_name(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    assert names(unit_finder, text) == expected


def test_a_target_cue_before_the_subject_is_skipped(unit_finder: UnitFinder) -> None:
    assert names(unit_finder, "力争各街道在全市考核中实现进位。") == ["各街道"]
    assert names(unit_finder, "力争年内各村分别建成一个文化广场。") == ["各村"]


def test_a_time_then_an_act_names_no_unit(unit_finder: UnitFinder) -> None:
    assert names(unit_finder, "全年实施县重点项目120个以上。") == []
    assert names(unit_finder, "今年安排实施县重点项目86项。") == []
    assert names(unit_finder, "年底前实现税务与社保数据共享。") == []


def test_the_two_sessions_are_an_event_not_a_body(unit_finder: UnitFinder) -> None:
    assert names(unit_finder, "今年全国两会召开在即，各单位要认真听取意见。") == ["各单位"]
    assert names(unit_finder, "今年两会在即，各部门要做好办理工作。") == ["各部门"]


def test_the_body_a_request_seeks_is_its_object(unit_finder: UnitFinder) -> None:
    assert names(unit_finder, "争取省财政厅尽快下达专项资金。") == []
    assert names(unit_finder, "争取国家在项目布局上给予倾斜。") == []


def test_a_proviso_opens_before_its_subject(unit_finder: UnitFinder) -> None:
    assert names(unit_finder, "但经营单位不得擅自变更用途。") == ["经营单位"]
    assert names(unit_finder, "但是物业服务企业应当提前告知业主。") == ["物业服务企业"]


def test_an_adverb_after_a_distributive_is_no_body_ending(unit_finder: UnitFinder) -> None:
    # 全部 ends in 部 but is an adverb; cadres (干部) are people, who act as bodies do
    assert names(unit_finder, "年底前各县区全部开通网上办事平台。") == ["各县区"]
    assert names(unit_finder, "各级干部贯彻落实会议精神。") == ["各级干部"]


def test_a_time_that_opens_a_relative_clause_stays_in_the_name(unit_finder: UnitFinder) -> None:
    assert names(unit_finder, "换届前的村民委员会应当做好移交工作。") == ["换届前的村民委员会"]


def test_a_present_state_opens_no_subject(unit_finder: UnitFinder) -> None:
    assert names(unit_finder, "当前我县仍处在转型关键期。") == []
