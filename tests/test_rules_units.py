"""Unit rules: markers with roles, clause subjects, list splitting, recipients and titles excluded.

Sentences are written for the test. `UnitFinder.find` reads one measure's text; the document-level
tests go through `MeasureFinder` so that table headers and the document's own conventions apply.
"""

from __future__ import annotations

from duban.extractors.measures import MeasureFinder
from duban.extractors.units import UnitFinder
from tests.conftest import make_doc, unit_names


def roles(unit_finder: UnitFinder, text: str) -> dict[str, str]:
    return {u.name: u.role for u in unit_finder.find(text)}


def test_lead_and_co_markers_give_roles_and_split_lists(unit_finder: UnitFinder) -> None:
    text = "3.建设技能大师工作室。（牵头单位：市人社局，配合单位：市财政局、市教育局，各区、县级市）"
    assert roles(unit_finder, text) == {
        "市人社局": "lead",
        "市财政局": "co",
        "市教育局": "co",
        "各区": "co",
        "县级市": "co",
    }


def test_a_label_is_never_part_of_a_name(unit_finder: UnitFinder) -> None:
    assert not any(
        "单位" in n and "：" in n
        for n in unit_names(unit_finder, "（牵头单位：县民政局，配合单位：县卫健局）")
    )


def test_paren_marker_with_huitong_gives_a_lead_and_a_co(unit_finder: UnitFinder) -> None:
    text = "优先支持产业集群建设。（国家发展改革委会同有关部门负责）"
    assert roles(unit_finder, text) == {"国家发展改革委": "responsible", "有关部门": "co"}


def test_by_x_lead_and_clause_co(unit_finder: UnitFinder) -> None:
    text = "会议决定，由市住建局牵头，市自然资源局、市财政局配合，制定城市更新方案。"
    assert roles(unit_finder, text) == {"市住建局": "lead", "市自然资源局": "co", "市财政局": "co"}


def test_clause_subjects_are_units(unit_finder: UnitFinder) -> None:
    text = "各乡镇、各有关部门要高度重视，县应急管理局负责统筹协调。"
    assert unit_names(unit_finder, text) == ["各乡镇", "各有关部门", "县应急管理局"]


def test_role_holders_are_units(unit_finder: UnitFinder) -> None:
    text = "各级党组织书记（第一书记）每年至少讲一次党课，由分管领导负责督促落实。"
    assert unit_names(unit_finder, text) == ["分管领导", "各级党组织书记（第一书记）"]


def test_recipients_are_not_units(unit_finder: UnitFinder) -> None:
    text = "县统计局要按月汇总数据，及时向县委报告，并报县政府办公室备案。"
    assert unit_names(unit_finder, text) == ["县统计局"]


def test_names_inside_titles_are_not_units(unit_finder: UnitFinder) -> None:
    text = "各部门要认真贯彻《市人民政府办公室关于加强值班工作的通知》要求。"
    assert unit_names(unit_finder, text) == ["各部门"]


def test_a_shared_head_list_stays_whole(unit_finder: UnitFinder) -> None:
    text = "建立纪检监察机关与组织、宣传、审计等部门协作机制。"
    found = unit_names(unit_finder, text)
    assert "组织、宣传、审计等部门" in found or found == ["纪检监察机关"]
    assert "宣传" not in found


def test_bodies_sharing_a_role_head_stay_whole(unit_finder: UnitFinder) -> None:
    text = "纪检机关、组织部门负责人应当每年同下级主要负责人谈话。"
    assert unit_names(unit_finder, text) == ["纪检机关、组织部门负责人"]


def test_a_shared_leading_word_is_split(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "（责任单位：各区、县级市）") == ["各区", "县级市"]


def test_conjunction_inside_a_name_does_not_split_it(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "（配合单位：市科技和信息化局、工业和信息化部）") == [
        "市科技和信息化局",
        "工业和信息化部",
    ]


def test_fixed_list_of_provincial_levels_stays_whole_and_aliases_are_dropped(unit_finder: UnitFinder) -> None:
    text = "各省、自治区、直辖市及新疆生产建设兵团（以下统称省）可根据实际确定减免对象。"
    assert unit_names(unit_finder, text) == ["各省、自治区、直辖市", "新疆生产建设兵团"]


def test_verb_phrases_and_adverbials_are_not_subjects(unit_finder: UnitFinder) -> None:
    text = "坚持以项目为中心，加大企业技术中心支持力度，对成效明显的市给予奖励，在重点城市设立工作站。"
    assert unit_names(unit_finder, text) == []


def test_the_body_urged_to_act_is_responsible(unit_finder: UnitFinder) -> None:
    text = "督促各县区政府向同级人大常委会报告整改情况。"
    assert unit_names(unit_finder, text) == ["各县区政府"]


def test_inserted_pinyin_does_not_hide_units(unit_finder: UnitFinder) -> None:
    text = "纪(jì)检机关(guān)、组织部门要应(yīng)当(dāng)加强监督。"
    assert unit_names(unit_finder, text) == ["纪(jì)检机关(guān)", "组织部门"]


def test_every_unit_carries_its_rule(unit_finder: UnitFinder) -> None:
    for unit in unit_finder.find("（牵头单位：市人社局）各区要落实。"):
        assert unit.provenance.startswith("rule:unit.")


def test_first_listed_unit_is_lead_when_the_document_says_so() -> None:
    text = (
        "关于做好防汛工作的通知\n"
        "各单位：责任单位中列第一位者为牵头单位。\n"
        "一、开展隐患排查，6月底前完成整改。（责任单位：市水务局、市应急管理局）\n"
    )
    [measure] = [m for m in MeasureFinder.default().find(make_doc(text)) if m.text.startswith("一、")]
    assert [(u.name, u.role) for u in measure.units] == [
        ("市水务局", "lead"),
        ("市应急管理局", "responsible"),
    ]


def test_without_that_convention_listed_units_are_all_responsible() -> None:
    text = "关于做好防汛工作的通知\n一、开展隐患排查，6月底前完成整改。（责任单位：市水务局、市应急管理局）\n"
    [measure] = MeasureFinder.default().find(make_doc(text))
    assert {u.role for u in measure.units} == {"responsible"}
