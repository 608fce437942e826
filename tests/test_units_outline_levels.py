"""Unit shapes of issue 9 seen unread on real documents: a distributive level with the levels it also
covers in a bracket (`各区（县级市）`), and a subject after a decimal outline number (`5.1.2 `).

Every text here is written for the test, modelled on the shape.
"""

from __future__ import annotations

import pytest

from duban.extractors.units import UnitFinder
from tests.conftest import unit_names


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("各区（县级市）要在年底前建立人才发展专项资金。", "各区（县级市）"),
        ("各区（市）应当建立残疾人康复服务中心。", "各区（市）"),
        ("各市(县)要按月报送排查台账。", "各市(县)"),
        ("各省（直辖市）要于三个月内完成自查。", "各省（直辖市）"),
        ("有关区（县级市）要做好安置工作。", "有关区（县级市）"),
    ],
)
def test_a_level_with_the_levels_it_covers_is_one_unit(unit_finder: UnitFinder, text: str, name: str) -> None:
    assert unit_names(unit_finder, text) == [name]


@pytest.mark.parametrize(
    "name",
    ["各区（牵头）", "全县（市、区）"],
)
def test_a_bracket_of_no_levels_or_a_non_unit_core_is_not_read_so(unit_finder: UnitFinder, name: str) -> None:
    assert not unit_finder.is_unit(name)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("4.2.1 市级财政部门必须按季度拨付补助资金。", "市级财政部门"),
        ("2.3 各地要建立应急物资储备台账。", "各地"),
        ("3.1.2县教育局要做好校舍安全排查。", "县教育局"),
    ],
)
def test_a_subject_after_a_decimal_outline_number_is_read(
    unit_finder: UnitFinder, text: str, name: str
) -> None:
    assert unit_names(unit_finder, text) == [name]


def test_an_amount_with_one_dot_is_no_outline_number(unit_finder: UnitFinder) -> None:
    # `1.5倍` is an amount: no outline number is skipped, so no subject opens the clause there
    assert unit_names(unit_finder, "1.5倍以上的单位要重新核定。") == []
