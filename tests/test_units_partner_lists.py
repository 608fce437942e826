"""Partners' lists read whole and split after `会同` (`A会同B、C和D`: A, then B, C and D as partners),
long partner lists of State Council notices, the generic rest after 等 (`等有关部门和单位` is no unit)
and a body that acts on another with a governing verb (`X指导企业…`: X alone). Invented fixtures."""

from __future__ import annotations

import pytest

from duban.extractors.units import UnitFinder
from tests.conftest import unit_names


def _roles(finder: UnitFinder, text: str) -> list[tuple[str, str]]:
    return [(u.name, u.role) for u in finder.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "由县发改局会同县财政局、县农业农村局和县水利局研究制定。",
            ["县发改局", "县财政局", "县农业农村局", "县水利局"],
        ),
        ("由市民政局会同市财政局和市卫健委研究制定。", ["市民政局", "市财政局", "市卫健委"]),
        ("具体办法由区科技局、区财政局会同区发改局等有关部门制定。", ["区科技局", "区财政局", "区发改局"]),
    ],
)
def test_a_lead_and_its_partners_split_before_the_list(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    assert unit_names(unit_finder, text) == expected


def test_partners_after_huitong_are_partners(unit_finder: UnitFinder) -> None:
    roles = dict(_roles(unit_finder, "由县发改局会同县财政局、县农业农村局和县水利局研究制定。"))
    assert roles["县财政局"] == roles["县农业农村局"] == roles["县水利局"] == "co"
    assert roles["县发改局"] != "co"


def test_a_long_partners_list_is_read_to_its_end(unit_finder: UnitFinder) -> None:
    text = (
        "试点名单由省级部门推荐，农业部会同发展改革委、工业和信息化部、财政部、自然资源部、"
        "住房城乡建设部、商务部、文化和旅游部、国家统计局、国家邮政局等部门审定。"
    )
    names = unit_names(unit_finder, text)
    assert {"发展改革委", "商务部", "文化和旅游部", "国家统计局", "国家邮政局", "农业部"} <= set(names)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "加大培训力度。（人力资源社会保障部、教育部等有关部门和单位按职责分工负责）",
            ["人力资源社会保障部", "教育部"],
        ),
        ("市委宣传部会同市网信办、市文旅局等部门和单位拟定方案。", ["市网信办", "市文旅局", "市委宣传部"]),
    ],
)
def test_two_generic_kinds_after_deng_are_no_unit(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    assert unit_names(unit_finder, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("县市场监管局指导企业建立追溯体系。", ["县市场监管局"]),
        ("县人民政府设立县文化发展委员会，负责统筹协调。", ["县人民政府"]),
        ("政府设立的农业技术推广机构应当无偿提供服务。", ["政府设立的农业技术推广机构"]),
        ("县农业技术指导站要做好技术服务。", ["县农业技术指导站"]),
        ("县市场监督管理局要加强抽检。", ["县市场监督管理局"]),
    ],
)
def test_a_governing_verb_after_a_body_ends_its_name(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    assert unit_names(unit_finder, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "鼓励金融机构开发专属信贷产品，各地要加强指导。（人民银行、银保监会负责）",
            ["人民银行", "银保监会"],
        ),
        ("指导企业优化海外仓布局。（省商务厅负责）", ["省商务厅"]),
        ("中央财政给予适当补助。（财政部牵头，各省级人民政府配合）", ["财政部", "各省级人民政府"]),
    ],
)
def test_a_closing_bracket_names_the_units_of_its_item(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    assert unit_names(unit_finder, text) == expected


def test_subjects_after_the_last_closing_bracket_stay(unit_finder: UnitFinder) -> None:
    text = "完善出口退税机制。（市商务局负责）\n市财政局要加强资金保障。"
    assert unit_names(unit_finder, text) == ["市商务局", "市财政局"]


def test_subjects_without_a_closing_bracket_stay(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "各地要加强指导，市财政局要加强资金保障。") == ["各地", "市财政局"]
