"""A listed `各X` subject with no cue and no action verb after it (`各镇街高度重视`, `各地以县为单位…`)
is the clause's actor: the listed name gives the word boundary a suffix test lacks, so the subject
ends there and not inside its act (`各地以县为单位` was read as one name). A longer name, a role,
a 的-clause, a bound or a joining word before it keeps the distributive out. Invented fixtures."""

from __future__ import annotations

import pytest

from duban.extractors.units import UnitFinder
from tests.conftest import unit_names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("各地以乡镇为单位，对农村危房进行排查。", ["各地"]),
        ("各区围绕年度目标逐项推进。", ["各区"]),
        ("各单位信息互通，对违规行为联合惩戒。", ["各单位"]),
        ("各地各部门高度重视，迅速部署。", ["各地各部门"]),
        ("各部门密切配合，形成工作合力。", ["各部门"]),
    ],
)
def test_a_listed_distributive_opens_a_clause_with_no_cue(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    assert unit_names(unit_finder, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "各部门的意见汇总后上报。",  # 的: the distributive qualifies a noun
        "各单位采用的记账方法前后一致。",  # a relative clause's subject
        "各地新华书店应当做好征订。",  # a modal follows: the cue found no list there
        "按照各地区、各部门实际情况制定细则。",  # after a verb: a modifier
        "各级工会经费审查委员会由会员大会选举产生。",  # a longer name goes on
    ],
)
def test_no_distributive_subject_where_it_modifies_or_a_longer_name_goes_on(
    unit_finder: UnitFinder, text: str
) -> None:
    assert unit_names(unit_finder, text) == []


def test_an_adverbial_after_a_listed_distributive_ends_the_name(unit_finder: UnitFinder) -> None:
    assert not unit_finder.is_unit("各区以街道为单位")
    assert unit_finder.is_unit("各级党委和政府以外的其他机关")
