"""A `、` list whose parts open with a verb that governs a body (`协调、支持有关部门`,
`拒绝、阻碍稽查人员`) is a row of acts done to that body, not a list that shares the last part's
head: it names no actor. Lists whose verbs modify a bare head (`生产、经营单位`), whose verbs sit in
a relative clause (`承担养护、维修的单位`) or whose last part is a known name that opens like a verb
(`组织部门负责人`) stay whole. Counted on real documents: 33 unit names fewer in every 4th real
document, none of them an actor. Likewise a list of short non-units closed by a place or a room
(`养殖小区`, `实验室`), read as a unit only by a one-character suffix: 40 names fewer there, an
administered area (`…管理区`) kept. Invented fixtures."""

from __future__ import annotations

import pytest

from duban.extractors.units import UnitFinder
from tests.conftest import unit_names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("协调、支持有关部门做好安置工作。", []),
        ("负责辖区内的巡查工作，协调、督促承办单位按期办结。", []),
        ("协助、配合救助机构开展核查。", []),
        ("拒绝、阻碍稽查人员依法执行公务的，由公安机关依法处罚。", ["公安机关"]),
    ],
)
def test_acts_done_to_a_body_name_no_actor(unit_finder: UnitFinder, text: str, expected: list[str]) -> None:
    assert unit_names(unit_finder, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("生产、经营单位应当建立台账。", ["生产、经营单位"]),
        ("查封、扣押部门应当出具清单。", ["查封、扣押部门"]),
        ("承担养护、维修的单位应当及时修复。", ["承担养护、维修的单位"]),
        ("纪检机关、组织部门负责人要带头执行。", ["纪检机关、组织部门负责人"]),
        ("政府性融资担保、再担保机构要降低费率。", ["政府性融资担保、再担保机构"]),
    ],
)
def test_lists_that_share_a_head_stay_whole(unit_finder: UnitFinder, text: str, expected: list[str]) -> None:
    assert unit_names(unit_finder, text) == expected


def test_the_verb_test_reads_the_part_not_the_list(unit_finder: UnitFinder) -> None:
    assert unit_finder._governed("支持有关部门")
    assert unit_finder._governed("落实民兵", name=False)
    assert not unit_finder._governed("扣押部门")  # a verb straight before a bare head modifies it
    assert not unit_finder._governed("组织部门负责人")  # `组织部门` is a known name
    assert not unit_finder._governed("使用单位")  # a name that opens with a verb


@pytest.mark.parametrize(
    "text",
    [
        "新建、改建居住小区应当配套建设充电设施。",
        "种猪场、养殖小区应当配备粪污处理设施。",
        "一级、二级实验室应当备案。",
    ],
)
def test_a_list_closed_by_a_place_names_no_body(unit_finder: UnitFinder, text: str) -> None:
    assert unit_names(unit_finder, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("青山垸、白沙湖管理区要做好防汛准备。", ["青山垸、白沙湖管理区"]),
        ("市、县人民政府应当加强监督。", ["市、县人民政府"]),
    ],
)
def test_administered_areas_and_levels_still_share_a_head(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    assert unit_names(unit_finder, text) == expected
