"""Label lines printed on one line and joined when normalisation drops the space between them
(`责任单位:X整改时限:3天`): the unit list ends where the next label begins. Invented fixtures."""

from __future__ import annotations

import pytest

from duban.extractors.units import UnitFinder


@pytest.fixture(scope="module")
def finder() -> UnitFinder:
    return UnitFinder.default()


def roles(finder: UnitFinder, text: str) -> dict[str, str]:
    return {u.name: u.role for u in finder.find(text)}


def test_a_time_limit_label_glued_to_the_list_is_cut_off(finder: UnitFinder) -> None:
    assert roles(finder, "问题整改责任单位:市卫生健康委员会整改时限:5天") == {
        "市卫生健康委员会": "responsible"
    }
    assert roles(finder, "问题整改责任单位:区文化馆整改时限:3天") == {"区文化馆": "responsible"}
    assert roles(finder, "责任单位：县住建局完成时限：年底前") == {"县住建局": "responsible"}


def test_a_co_label_glued_to_the_lead_list_gives_both_roles(finder: UnitFinder) -> None:
    got = roles(finder, "牵头单位：市发改委配合单位：市财政局、市审计局")
    assert got == {"市发改委": "lead", "市财政局": "co", "市审计局": "co"}


def test_a_leader_label_glued_on_names_no_unit(finder: UnitFinder) -> None:
    assert roles(finder, "责任单位：县水利局牵头负责领导：李四") == {"县水利局": "responsible"}
