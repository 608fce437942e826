"""Unit forms that closed word lists cut off: a partner before an act the rule does not list, a
lead and its partners written into the sentence, a subject list cut by a comma, a subject with no
cue before its act, `单位于`, study groups.

Every text here is written for the test, modelled on a shape seen in real documents.
"""

from __future__ import annotations

from duban.extractors.units import UnitFinder


def roles(unit_finder: UnitFinder, text: str) -> dict[str, str]:
    return {u.name: u.role for u in unit_finder.find(text)}


# `会同A` before any act -------------------------------------------------------------------------


def test_a_partner_before_an_unlisted_act_ends_where_its_name_ends(unit_finder: UnitFinder) -> None:
    text = "（三）营造氛围。区委宣传部要会同区行政审批局充分利用各类媒体，开设专栏。"
    assert roles(unit_finder, text) == {"区委宣传部": "responsible", "区行政审批局": "co"}


def test_a_partner_list_before_an_unlisted_act_keeps_every_partner(unit_finder: UnitFinder) -> None:
    text = "市住建局要会同市城管局、东城街道办事处倒排工期，确保年底前完工。"
    assert roles(unit_finder, text) == {"市住建局": "responsible", "市城管局": "co", "东城街道办事处": "co"}


def test_an_open_partner_list_never_closes_on_a_place(unit_finder: UnitFinder) -> None:
    text = "扶贫办会同交通部、水利部等部门赴某某县水淹区实地调查。"
    names = {u.name for u in unit_finder.find(text)}
    assert not any(n.endswith(("县", "水淹区")) for n in names)


def test_the_people_met_after_a_modal_s_yu_are_no_partners(unit_finder: UnitFinder) -> None:
    text = "各承办单位要与各提案人逐一见面，当面听取意见。"
    assert roles(unit_finder, text) == {"各承办单位": "responsible"}


# `A牵头、B配合` in the sentence ----------------------------------------------------------------


def test_a_lead_and_its_partners_in_the_sentence_are_split(unit_finder: UnitFinder) -> None:
    text = "防汛物资补充采购经费保障工作由区发改局牵头、区财政局配合。"
    assert roles(unit_finder, text) == {"区发改局": "lead", "区财政局": "co"}


def test_a_lead_that_opens_the_clause_leads(unit_finder: UnitFinder) -> None:
    text = "县应急管理局牵头，县消防救援大队、县公安局配合，开展专项检查。"
    assert roles(unit_finder, text) == {"县应急管理局": "lead", "县消防救援大队": "co", "县公安局": "co"}


# Subjects -------------------------------------------------------------------------------------


def test_a_unit_before_yu_and_a_time_bound_is_a_subject(unit_finder: UnitFinder) -> None:
    text = "区督查室每月调度进展，各牵头单位于每月25日前报送上月工作进展。"
    assert "各牵头单位" in roles(unit_finder, text)


def test_a_study_group_is_a_unit(unit_finder: UnitFinder) -> None:
    text = "会议要求，各级党委（党组）理论学习中心组要于4月底前组织一次专题学习。"
    assert roles(unit_finder, text) == {"各级党委（党组）理论学习中心组": "responsible"}


def test_a_subject_list_cut_by_a_comma_is_read_whole(unit_finder: UnitFinder) -> None:
    text = "各设区市政府，某某示范区、某某港区管委会要压实属地责任，确保任务如期完成。"
    assert set(roles(unit_finder, text)) == {"各设区市政府", "某某示范区", "某某港区管委会"}


def test_a_clause_before_a_subject_s_comma_is_no_unit(unit_finder: UnitFinder) -> None:
    assert roles(unit_finder, "会议强调，各单位要强化大局意识。") == {"各单位": "responsible"}


def test_a_body_directly_before_its_act_is_a_subject(unit_finder: UnitFinder) -> None:
    text = "会议强调，农业局要加强监管，资规局优化好项目用地审批，供电公司要做好线路改造。"
    assert "资规局" in roles(unit_finder, text)
    assert roles(unit_finder, "国办正在牵头组织建设门户网站。") == {"国办": "responsible"}


def test_a_subject_with_no_cue_is_left_to_the_measure_rules(unit_finder: UnitFinder) -> None:
    # The measure rules read `opening` and keep to cued subjects: their measures do not move.
    assert unit_finder.opening("资规局优化好项目用地审批。") is None


def test_a_body_that_qualifies_a_noun_or_is_an_object_is_no_bare_subject(unit_finder: UnitFinder) -> None:
    assert roles(unit_finder, "县级以上人民政府设立的各类开发区按规定编制预算。") == {}
    assert roles(unit_finder, "批转各有关省人民政府执行。") == {}
