"""Offices named by their city or county (`新昌县财政局`) where the lexicon lists them only under the
plain levels (`县财政局`): a listed head whose own ending is a stopword (`政局` of `财政局`, `全局` of
`国家安全局`) is an ending of its own (`units._shadowed_heads`). Texts are written for these tests."""

from __future__ import annotations

import pytest

from duban.extractors.units import UnitFinder


@pytest.fixture(scope="module")
def units() -> UnitFinder:
    return UnitFinder.default(learned=False)


@pytest.mark.parametrize(
    "name",
    [
        "新昌县财政局",
        "濮阳市民政局",
        "高新区财政局",
        "某某县国家安全局",
        "鞍山市大数据中心",
        "某某县委财经办",
        "某某市慈善总会",
    ],
)
def test_a_listed_office_under_a_place_name_is_a_unit(units: UnitFinder, name: str) -> None:
    assert units.is_unit(name)


def test_the_offices_of_a_place_are_read_in_prose(units: UnitFinder) -> None:
    found = units.find("请新昌县财政局会同新昌县民政局于6月底前完成资金拨付。")
    assert [(u.name, u.role) for u in found] == [("新昌县民政局", "co"), ("新昌县财政局", "responsible")]
    found = units.find("某某区财政局要于每季度末报送资金使用情况。")
    assert [u.name for u in found] == ["某某区财政局"]


@pytest.mark.parametrize("word", ["政局", "国际政局", "全局", "顾全大局", "数据中心", "财经"])
def test_the_stopwords_themselves_stay_no_unit(units: UnitFinder, word: str) -> None:
    assert not units.is_unit(word)


def test_no_role_and_no_bracketed_level_becomes_an_ending(units: UnitFinder) -> None:
    added = set(units.suffix_set)
    assert {"财政局", "民政局", "国家安全局"} <= added
    assert "副主席" not in added and "镇(街道)" not in added and "村振兴办" not in added
