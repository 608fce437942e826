"""Unit shapes that inside matched measures were missed or misread (issue 9, field `units`).

Every text is written for the test, modelled on a shape seen in at least two documents: a list whose
later names drop the level prefix of the first, the one asked or empowered to act, a responsibility
stated with `是…第一责任人` after a long qualifier, and a clause that only ends like a body.
"""

from __future__ import annotations

import pytest

from duban.extractors.units import UnitFinder
from tests.conftest import unit_names


def test_later_short_names_share_the_first_names_level(unit_finder: UnitFinder) -> None:
    text = "3、农村居民收入增长8%。\n（市发改委、农委、人保局，各市（县）、区政府）"
    assert unit_names(unit_finder, text) == ["市发改委", "农委", "人保局", "各市（县）、区政府"]


def test_a_short_name_without_a_listed_first_level_stays_out(unit_finder: UnitFinder) -> None:
    # No level opens the list: `农委` alone is too short to read as a body, so the bracket is no list.
    assert unit_names(unit_finder, "3、农村居民收入增长8%。\n（发改委、农委、人保局）") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("县防指要求各乡镇在汛前完成隐患排查。", ["各乡镇"]),
        # no cue after it, but a listed distributive is a word of its own (test_units_distributive)
        ("会议希望各有关部门高度重视，按时完成。", ["各有关部门"]),
        ("会议希望有关企业高度重视，按时完成。", []),  # no cue and no listed distributive: no guess
        ("对发现的问题，责成县住建局立即整改。", ["县住建局"]),
        ("市政府授权市数据局负责全市平台建设。", ["市数据局"]),
    ],
)
def test_the_one_asked_or_empowered_to_act_is_the_actor(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    assert unit_names(unit_finder, text) == expected


def test_a_name_never_holds_the_empowering_verb(unit_finder: UnitFinder) -> None:
    assert "市政府授权市数据局" not in unit_names(unit_finder, "市政府授权市数据局负责全市平台建设。")


def test_a_clause_that_ends_like_a_body_is_no_name(unit_finder: UnitFinder) -> None:
    text = "各部门要明确审核程序，要求起草单位在五日内补正材料后送审核机构审查。"
    found = unit_names(unit_finder, text)
    assert "各部门" in found
    assert not any("在" in name for name in found)


def test_responsibility_after_a_long_qualifier_is_read(unit_finder: UnitFinder) -> None:
    text = "（十）压实责任。各单位主要负责人是推动本单位审核制度全面落实的第一责任人。"
    assert unit_names(unit_finder, text) == ["各单位主要负责人"]
