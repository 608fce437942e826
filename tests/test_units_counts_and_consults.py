"""Two subject shapes of issue 9 read on real text (235 real documents, every 25th):

- a subject that opens with how many bodies act (`7省（市）应…`, `14个督查组赴…`, `5家党组要…`) is read
  with its count, while a count of time, items or sums before a subject (`3个月内`, `2021年`,
  `10个工作日内`) never joins the name;
- a body that has another act under it (`由X组织Y…`, `由X商Y制定`, `X组织本级…等部门…`) is the
  actor alone: the name ends before 组织/商, and `组织部`, `党组织`, `社会组织`, `市商务局` stay names.
Invented fixtures."""

from __future__ import annotations

import pytest

from duban.extractors.units import UnitFinder
from tests.conftest import unit_names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("通报要求，6省（市）应在20个工作日内报送整改方案。", ["6省（市）"]),
        ("会议要求，4家党组要切实履行主体责任。", ["4家党组"]),
        ("按照安排，12个督查组将对各地开展实地督查。", ["12个督查组"]),
        ("20个省（区、市）要抓好政策落地。", ["20个省（区、市）"]),
        ("九省（市）应加快建设进度。", ["九省（市）"]),
    ],
)
def test_a_counted_subject_keeps_its_count(unit_finder: UnitFinder, text: str, expected: list[str]) -> None:
    assert unit_names(unit_finder, text) == expected


@pytest.mark.parametrize(
    "text",
    ["3个月内各街道要完成排查。", "2022年各街道要完成排查。", "5项任务要在年底前完成。"],
)
def test_a_count_of_time_or_items_is_no_part_of_a_name(unit_finder: UnitFinder, text: str) -> None:
    assert not any(name[0].isdigit() for name in unit_names(unit_finder, text))


def test_a_level_without_a_count_or_distributive_is_no_unit(unit_finder: UnitFinder) -> None:
    assert not unit_finder.is_unit("省（市）")
    assert unit_finder.is_unit("6省（市）")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("实施办法由区人民政府组织有关部门和单位制定。", ["区人民政府"]),
        ("年度计划由县交通运输局组织驻地养护单位编制。", ["县交通运输局"]),
        ("具体标准由省财政厅商省税务局制定。", ["省财政厅"]),
        ("县级人民政府组织本级农业、水利等部门制定年度计划。", ["县级人民政府"]),
    ],
)
def test_the_body_that_organises_or_consults_is_the_actor(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    assert unit_names(unit_finder, text) == expected


@pytest.mark.parametrize("name", ["市委组织部", "基层党组织", "社会组织登记管理机关", "市商务局"])
def test_names_that_hold_the_words_stay_names(unit_finder: UnitFinder, name: str) -> None:
    assert unit_finder.is_unit(name)
