"""Lists opened by a plain `各` ("each") and the 与 of 参与 (spec: lists split on 、/和/及, a list
that shares a modifier stays whole). Every text is written for the test."""

from __future__ import annotations

import pytest

from duban.extractors.units import UnitFinder
from tests.conftest import unit_names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("各地区、部门、单位之间要互通信息，形成合力。", ["各地区", "部门", "单位"]),
        ("各地区、部门和单位应当加强安全检查。", ["各地区", "部门", "单位"]),
        ("各级政府、部门和单位要加强协作。", ["各级政府", "部门", "单位"]),
    ],
)
def test_an_area_after_a_plain_ge_is_a_unit_of_its_own(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    assert unit_names(unit_finder, text) == expected


@pytest.mark.parametrize(
    "text",
    ["有关地区、部门和单位要加强监督。", "各有关地区和部门要抓紧落实。", "各级机关、单位应当做好接待工作。"],
)
def test_a_shared_qualifier_keeps_the_list_whole(unit_finder: UnitFinder, text: str) -> None:
    assert len(unit_names(unit_finder, text)) == 1


def test_the_yu_of_canyu_is_no_conjunction(unit_finder: UnitFinder) -> None:
    text = "各牵头单位和参与单位要制定实施方案。"
    assert unit_names(unit_finder, text) == ["各牵头单位", "参与单位"]
    assert unit_names(unit_finder, "统计局与税务局要共享数据。") == ["统计局", "税务局"]


def test_zunzhao_ends_the_subject_before_a_later_yaoqiu(unit_finder: UnitFinder) -> None:
    text = "各乡镇、责任单位遵照方案要求按月开展自查。"
    assert unit_names(unit_finder, text) == ["各乡镇", "责任单位"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("四、各有关单位**主要领导要亲自带队。", ["各有关单位**主要领导"]),
        ("县**局、县财政局要于6月底前完成排查。", ["县**局", "县财政局"]),
        ("***乡人民政府要组织群众转移。", ["***乡人民政府"]),
    ],
)
def test_a_mask_inside_a_name_is_read_as_characters(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    assert unit_names(unit_finder, text) == expected
