"""A body set up in one clause that acts in the next is that measure's actor (the spec: the actor
set up earlier in the sentence, `成立督查组，…每天跟进`), and a joint team (`联合检查组`) is one
name, not `X联合Y` with an empty lead. Setting a body up ends a subject (`抽调人员成立工作专班`
is no name; `units.yaml` keeps `招标人依法组建的评标委员会` out of that as a counter-example).
Invented fixtures."""

from __future__ import annotations

import pytest

from duban.extractors.units import UnitFinder
from tests.conftest import unit_names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("镇纪委成立专项督查组，每周跟进整改进度。", ["专项督查组"]),
        ("县卫健局牵头组成联合检查组，对各类诊所开展检查。", ["联合检查组"]),
        ("区住建局组建工作专班，统筹推进旧城改造。", ["工作专班"]),
        ("根据市里要求，组成了联合调查组，采取明查暗访的方式开展核查。", ["联合调查组"]),
    ],
)
def test_the_body_set_up_is_the_actor_of_the_next_clause(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    assert expected[0] in unit_names(unit_finder, text)


@pytest.mark.parametrize(
    "text",
    [
        "成立防汛工作领导小组，组长由副县长担任。",
        "组建换届工作小组，由街道派员参加。",
        "成立调研组，成员从各科室抽调。",
    ],
)
def test_no_actor_when_the_next_clause_only_says_who_forms_it(unit_finder: UnitFinder, text: str) -> None:
    assert unit_names(unit_finder, text) == []


def test_setting_a_body_up_ends_a_subject(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "抽调业务骨干成立工作专班，负责统筹协调。") == ["工作专班"]


def test_a_run_that_sets_a_body_up_is_no_name(unit_finder: UnitFinder) -> None:
    assert not unit_finder.is_unit("抽调骨干成立工作专班")
    assert not unit_finder.is_unit("县里组建巡查组")


def test_a_joint_team_is_one_name_and_a_partner_still_splits(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "联合督查组要每周通报进展。") == ["联合督查组"]
    assert unit_names(unit_finder, "县公安局联合县交通局开展整治。") == ["县公安局", "县交通局"]
