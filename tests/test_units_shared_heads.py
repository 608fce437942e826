"""Lists whose parts are fields of work that share one head stay whole (the spec's conventions:
`组织、宣传、司法、督查等部门`, a list that shares its final head noun, is one name):

- a field after a distributive (`各级卫生、体育部门`) was read as a unit of its own, since
  `is_unit` takes any short `各X`, and the list split into `各级卫生` and `体育部门`;
- a field that also names its office alone (`财政`, `省财政`: `shared_fields`) split the list
  `财政、审计部门` the same way;
- a group named by fields whose first word is a subject opener (`组织、宣传…等部门要…`) gave no
  unit at all: `组织` was read as the verb that opens an act.

Lists whose parts are names of their own stay split (`各区、县级市`, `各地、有关部门`,
`市发改委、市财政局`). Invented fixtures."""

from __future__ import annotations

import pytest

from duban.extractors.units import UnitFinder
from tests.conftest import unit_names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("各级卫生、体育部门要加强协作。", ["各级卫生、体育部门"]),
        ("各级教育、人社部门要于年底前完成培训。", ["各级教育、人社部门"]),
        ("财政、审计部门要加强资金监管。", ["财政、审计部门"]),
        ("省财政、物价部门负责核定收费标准。", ["省财政、物价部门"]),
        ("组织、宣传、司法、督查等部门要按照职责分工抓好落实。", ["组织、宣传、司法、督查等部门"]),
        ("市教育、人社部门负责做好培训工作。", ["市教育、人社部门"]),
    ],
)
def test_fields_that_share_a_head_stay_one_name(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    assert unit_names(unit_finder, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("各区、县级市要于9月底前完成摸底。", ["各区", "县级市"]),
        ("各地、有关部门要加强协调。", ["各地", "有关部门"]),
        ("市发改委、市财政局要保障经费。", ["市发改委", "市财政局"]),
        ("各地、各部门要抓好落实。", ["各地", "各部门"]),
    ],
)
def test_names_of_their_own_still_split(unit_finder: UnitFinder, text: str, expected: list[str]) -> None:
    assert unit_names(unit_finder, text) == expected


def test_an_opener_before_a_list_of_acts_names_no_group(unit_finder: UnitFinder) -> None:
    """`加强、完善…` is a row of acts: only a list that one head closes is read after an opener."""
    assert unit_names(unit_finder, "加强、完善监督机制，确保落实到位。") == []
