"""A unit's name ends on a body: not on the adverb or modal of its predicate (`各乡镇可…`,
`各科室既要…`), not on a thing counted (`各项改造…`), not inside a word (`…科学`, `…处理`), not
after an article's number glued before it (`第五条县…`), and no act stands inside it (`担任`,
`满足`, `调动`, `应急`). Invented fixtures."""

from __future__ import annotations

import pytest

from duban.extractors.units import UnitFinder


def names(unit_finder: UnitFinder, text: str) -> list[str]:
    return [u.name for u in unit_finder.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("各乡镇可将便民服务纳入年度考核。", ["各乡镇"]),
        ("各街道一律不得新设临时收费项目。", ["各街道"]),
        ("各科室既要做好日常接诊，也要做好应急值守。", ["各科室"]),
        ("各单位既根据实际安排值班，又保证人员到岗。", ["各单位"]),
    ],
)
def test_an_adverb_or_modal_after_a_distributive_ends_its_name(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    assert names(unit_finder, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "各项改造都要明确完成时间。",
        "各类管道应当与道路同步铺设。",
        "各种原料要分区存放。",
        "合作各方都有权查阅账目。",
    ],
)
def test_things_counted_or_an_adverb_glued_on_name_no_unit(unit_finder: UnitFinder, text: str) -> None:
    assert names(unit_finder, text) == []


def test_counted_bodies_and_actor_kinds_stay(unit_finder: UnitFinder) -> None:
    assert names(unit_finder, "各类企业要落实安全生产责任。") == ["各类企业"]
    assert names(unit_finder, "各类主体要依法诚信经营。") == ["各类主体"]
    assert names(unit_finder, "各地驻军要积极支持地方抢险。") == ["各地驻军"]


def test_an_article_number_is_no_part_of_a_listed_name(unit_finder: UnitFinder) -> None:
    found = names(unit_finder, "第五条省人民政府各部门，市、县人民政府应当加强对本条例实施的监督。")
    assert found[0] == "省人民政府各部门"
    assert not any(n.startswith("第") for n in found)


def test_a_name_cut_inside_a_word_is_no_unit(unit_finder: UnitFinder) -> None:
    assert names(unit_finder, "由环保、水利等部门进行调查处理。") == ["环保、水利等部门"]
    assert "同意公开发行股" not in names(unit_finder, "股东大会同意公开发行股票的决议。")


@pytest.mark.parametrize(
    "text",
    [
        "市政府主要负责人担任总指挥，负责统一指挥。",
        "审计机关的审计结果能够满足其他监督部门，不再重复检查。",
        "最大限度调动各级领导班子积极性。",
        "制定突发事件部门应急预案，报上级备案。",
        "升挂国旗，应当将国旗置于显著位置。",
        "保证社会办医疗机构享有同等权利。",
        "并确定责任人对共用的消防通道进行统一管理。",
        "组织人员对主要路段进行巡查。",
    ],
)
def test_an_act_inside_the_run_names_no_unit(unit_finder: UnitFinder, text: str) -> None:
    assert names(unit_finder, text) == []


def test_names_with_the_same_words_stay(unit_finder: UnitFinder) -> None:
    assert names(unit_finder, "担任领导职务的科技人员应当如实报告。") == ["担任领导职务的科技人员"]
    assert names(unit_finder, "县应急管理局要加强值守。") == ["县应急管理局"]
    assert names(unit_finder, "检查人员对被检查单位进行检查。") == ["检查人员"]
    assert names(unit_finder, "实施机关及其工作人员对知悉的商业秘密负有保密义务。") == [
        "实施机关及其工作人员"
    ]
    assert names(unit_finder, "县卫健委应对辖区医疗机构进行检查。") == ["县卫健委"]
