"""Bodies picked out by a clause before 的 (`UnitFinder._body_after_de`): regulations name the body
that must act by where it sits or what it did (`工程所在地的区人民政府`, `事发地的县人民政府`,
`作出处罚决定的区人民政府`). Such a name is a unit when what follows its last 的 is a listed body or
one headed by a level or a distributive; a topic (`关于…的`) or a clause that runs on past the
body is none. The texts are invented.
"""

from __future__ import annotations

import pytest

from duban.extractors.units import UnitFinder


@pytest.fixture(scope="module")
def finder() -> UnitFinder:
    return UnitFinder.default()


def names(finder: UnitFinder, text: str) -> list[str]:
    return [u.name for u in finder.find(text)]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("工程所在地的区人民政府应当制定本地区的实施细则。", "工程所在地的区人民政府"),
        ("暴雨多发地区的县人民政府应当组织排查低洼地带。", "暴雨多发地区的县人民政府"),
        ("事发地的乡镇人民政府应当立即组织群众转移。", "事发地的乡镇人民政府"),
        ("作出处罚决定的区人民政府应当将结果告知当事人。", "作出处罚决定的区人民政府"),
    ],
)
def test_a_body_picked_out_by_a_clause_is_a_unit(finder: UnitFinder, text: str, unit: str) -> None:
    assert unit in names(finder, text)


def test_a_list_of_such_bodies_splits_at_its_conjunction(finder: UnitFinder) -> None:
    found = names(finder, "实施拆迁的区人民政府或者有关部门应当妥善安置住户。")
    assert found == ["实施拆迁的区人民政府", "有关部门"]


@pytest.mark.parametrize(
    "text",
    [
        "关于本市的国有企业要加快改革步伐。",  # a topic, not a body
        "县人大常委会通过的决议效力高于县人民政府应当遵守的规定。",  # runs on past the body
        "本次抽查的政务网站要在月底前完成整改。",  # a site, not a body
    ],
)
def test_no_topic_or_run_on_clause_is_read_as_such_a_body(finder: UnitFinder, text: str) -> None:
    assert not [n for n in names(finder, text) if "的" in n]
