"""Label lines printed on one line and joined when normalisation drops the space between them
(`责任单位:X整改时限:3天`): the unit list ends where the next label begins. Invented fixtures."""

from __future__ import annotations

from duban.extractors.units import UnitFinder


def roles(unit_finder: UnitFinder, text: str) -> dict[str, str]:
    return {u.name: u.role for u in unit_finder.find(text)}


def test_a_time_limit_label_glued_to_the_list_is_cut_off(unit_finder: UnitFinder) -> None:
    assert roles(unit_finder, "问题整改责任单位:市卫生健康委员会整改时限:5天") == {
        "市卫生健康委员会": "responsible"
    }
    assert roles(unit_finder, "问题整改责任单位:区文化馆整改时限:3天") == {"区文化馆": "responsible"}
    assert roles(unit_finder, "责任单位：县住建局完成时限：年底前") == {"县住建局": "responsible"}


def test_a_co_label_glued_to_the_lead_list_gives_both_roles(unit_finder: UnitFinder) -> None:
    got = roles(unit_finder, "牵头单位：市发改委配合单位：市财政局、市审计局")
    assert got == {"市发改委": "lead", "市财政局": "co", "市审计局": "co"}


def test_a_leader_label_glued_on_names_no_unit(unit_finder: UnitFinder) -> None:
    assert roles(unit_finder, "责任单位：县水利局牵头负责领导：李四") == {"县水利局": "responsible"}


def test_labels_glued_on_a_mirror_page_with_pinyin(unit_finder: UnitFinder) -> None:
    text = "主管领(lǐng)导(dǎo):刘东责(zé)任单位:市教育局主要责(zé)任人:毛杰进(jìn)度安排:6月底前完成。"
    assert roles(unit_finder, text) == {"市教育局": "responsible"}


# Partners named after a modal (`X要会同A、B加快…`) and bodies named without their level ----------


def test_partners_after_a_modal_are_co_units(unit_finder: UnitFinder) -> None:
    got = roles(
        unit_finder, "会议强调，县发改局要会同县自然资源局、县住建局加快要素保障，确保6月底前全部开工。"
    )
    assert got == {"县发改局": "responsible", "县自然资源局": "co", "县住建局": "co"}
    got = roles(unit_finder, "县教育局要与县卫健委共同做好学校卫生工作。")
    assert got == {"县教育局": "responsible", "县卫健委": "co"}


def test_a_verb_list_before_partners_names_none(unit_finder: UnitFinder) -> None:
    assert roles(unit_finder, "负责组织、协调、指导、督促有关部门做好工作") == {}
    assert roles(unit_finder, "要加强与周边地区的协调联动。") == {}


def test_a_body_named_without_its_level_is_a_unit(unit_finder: UnitFinder) -> None:
    got = roles(unit_finder, "会议强调，农业农村局要加强监督管理，财政局要加强资金保障，民政局负责兜底救助。")
    assert got == {"农业农村局": "responsible", "财政局": "responsible", "民政局": "responsible"}
    assert not unit_finder.is_unit("国际政局")


# Regulated parties (`经营者应当…`, `各类市场主体要…`) ------------------------------------------------


def test_operators_and_market_entities_are_units(unit_finder: UnitFinder) -> None:
    assert roles(unit_finder, "经营者应当明码标价。") == {"经营者": "responsible"}
    assert roles(unit_finder, "第四十一条经营性人力资源服务机构应当在服务场所明示许可证。") == {
        "经营性人力资源服务机构": "responsible"
    }
    assert roles(unit_finder, "各类市场主体要落实安全生产主体责任。") == {"各类市场主体": "responsible"}


def test_jing_before_an_approval_still_opens_no_name(unit_finder: UnitFinder) -> None:
    assert roles(unit_finder, "经县人民政府批准，县财政局可以调整预算。") == {"县财政局": "responsible"}


def test_a_bare_or_set_up_zhuti_is_no_unit(unit_finder: UnitFinder) -> None:
    assert not unit_finder.is_unit("主体")
    assert roles(unit_finder, "要明确审核主体、审核流程。") == {}


def test_a_party_named_by_what_it_does_opens_a_subject(unit_finder: UnitFinder) -> None:
    got = roles(unit_finder, "受理申请的药品监督管理部门应当在五日内作出决定。")
    assert got == {"受理申请的药品监督管理部门": "responsible"}
    assert roles(unit_finder, "从事海洋观测活动的单位应当遵守国家标准。") == {
        "从事海洋观测活动的单位": "responsible"
    }
    assert roles(unit_finder, "受灾地区人民政府要做好群众安置。") == {"受灾地区人民政府": "responsible"}
    assert roles(unit_finder, "使用中要注意安全。") == {}
