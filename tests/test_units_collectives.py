"""Collective and singled-out subjects (issue 9): shapes read from real minutes, speeches and
State Council documents that the finder missed. Every text is written for the test."""

from __future__ import annotations

from duban.extractors.units import UnitFinder
from tests.conftest import unit_names


def test_a_part_singled_out_after_tebie_shi_is_a_unit_beside_the_whole(unit_finder: UnitFinder) -> None:
    text = "各级党委特别是县级党委要把农村基层组织建设摆上重要位置。"
    assert unit_names(unit_finder, text) == ["各级党委", "县级党委"]
    text = "全体党员尤其是领导干部要带头遵守纪律。"
    assert unit_names(unit_finder, text) == ["全体党员", "领导干部"]
    text = "县直各部门和乡镇特别是高级干部要以身作则。"
    assert "高级干部" in unit_names(unit_finder, text)


def test_tebie_shi_between_two_topics_is_no_list(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "产权保护特别是知识产权保护要进一步加强。") == []


def test_the_localities_as_one_actor(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "地方要承担属地责任，做好灾后重建。") == ["地方"]
    assert unit_names(unit_finder, "有关地方要尽快查明原因。") == ["有关地方"]


def test_difang_closing_a_list_shares_its_modifier(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "有关部门和地方要密切跟踪形势变化。") == ["有关部门和地方"]
    assert unit_names(unit_finder, "中央部门和地方将自行公布整改结果。") == ["中央部门和地方"]


def test_some_localities_in_a_finding_are_no_actor(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "一些地方对政策理解不到位，落实打了折扣。") == []
    assert unit_names(unit_finder, "有的地方要求企业重复提交材料。") == []


def test_a_verb_before_difang_is_no_name(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "落实投入政策。指导地方在摸底的基础上化解债务。") == []
    assert unit_names(unit_finder, "专项债券根据地方需求调整额度。") == []


def test_provinces_as_a_collective(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "边境省份要完善防控方案。") == ["边境省份"]
    assert unit_names(unit_finder, "其他省份要有序恢复生产秩序。") == ["其他省份"]


def test_a_plan_and_an_insistence_open_a_predicate(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "县发展改革局拟研究制定配套政策。") == ["县发展改革局"]
    assert unit_names(unit_finder, "审计机关一定要坚持依法审计。") == ["审计机关"]
