"""Unit lists whose parts share a leading modifier but not a head (`各级政府和部门` is two units, by
the spec's convention on shared leading words), and acts after `由X` that name X as the actor
(`由X规定`, `由X吊销…`, `由A、B组成…`), counted in real regulations. Invented fixtures."""

from __future__ import annotations

import pytest

from duban.extractors.units import UnitFinder
from tests.conftest import unit_names


def test_a_bare_head_after_a_headed_part_is_a_unit_of_its_own(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "各级政府和部门要加强统筹协调。") == ["各级政府", "部门"]
    assert unit_names(unit_finder, "各乡镇（街道）、部门要主动对接县住建局。") == ["各乡镇（街道）", "部门"]


def test_a_list_that_shares_a_bare_head_stays_whole(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "各有关部门和单位要认真落实。") == ["各有关部门和单位"]
    assert unit_names(unit_finder, "各级机关、单位要严格执行。") == ["各级机关、单位"]
    assert unit_names(unit_finder, "有关地区、部门和单位要密切配合。") == ["有关地区、部门和单位"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("具体办法由市人民政府规定。", ["市人民政府"]),
        ("逾期不改的，由发证机关吊销许可证。", ["发证机关"]),
        ("收费标准由县发改局、县财政局协商确定。", ["县发改局", "县财政局"]),
        ("检查工作由县应急管理局组织实施。", ["县应急管理局"]),
        ("由县公安局、县交通运输局组成联合执法组。", ["县公安局", "县交通运输局"]),
    ],
)
def test_acts_after_you_name_the_actor(unit_finder: UnitFinder, text: str, expected: list[str]) -> None:
    assert unit_names(unit_finder, text) == expected


def test_an_act_that_opens_a_longer_noun_is_no_actor_end(unit_finder: UnitFinder) -> None:
    # `申请人` is a party, not the act 申请: nothing is read before it
    assert unit_names(unit_finder, "由申请人提出书面申请。") == []


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("县财政局、县审计局等部门赴乡镇开展专项督查。", ["县财政局", "县审计局"]),
        ("县发改局、县住建局等单位前往企业了解用地情况。", ["县发改局", "县住建局"]),
        ("省政府赴灾区工作组要及时报告灾情。", ["省政府赴灾区工作组"]),
    ],
)
def test_bodies_that_travel_end_their_list_before_the_journey(
    unit_finder: UnitFinder, text: str, units: list[str]
) -> None:
    assert unit_names(unit_finder, text) == units
