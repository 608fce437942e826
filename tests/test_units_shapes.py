"""Unit shapes from real documents that the dev vocabulary never showed (issue 9, causes 2 and 3).

Every text here is written for the test, modelled on a shape; one test per shape: label lines and
their roles, markers with trailing notes, shared-head lists, 和-joins, span boundaries, carried
subjects, attendee lists, actor brackets, item numbers, collective subjects, and long flattened lines.
"""

from __future__ import annotations

import itertools

import pytest

from duban.extractors.units import UnitFinder
from tests.conftest import unit_names


def roles(unit_finder: UnitFinder, text: str) -> dict[str, str]:
    return {u.name: u.role for u in unit_finder.find(text)}


# Label lines -----------------------------------------------------------------------------------


def test_label_lines_under_an_item_give_lead_and_co(unit_finder: UnitFinder) -> None:
    text = (
        "2.建设社区食堂。\n牵头责任单位：县民政局\n协同责任单位：县财政局、各乡镇人民政府\n完成时限：年底前"
    )
    assert roles(unit_finder, text) == {"县民政局": "lead", "县财政局": "co", "各乡镇人民政府": "co"}


def test_label_words_other_than_danwei_are_read(unit_finder: UnitFinder) -> None:
    text = "（四）简化审批流程。（负责部门：司法部、商务部；适用范围：全部试点地区）"
    assert roles(unit_finder, text) == {"司法部": "responsible", "商务部": "responsible"}
    text = "9．上线办事指南。（9月底完成，牵头考核单位：市数据局）"
    assert roles(unit_finder, text) == {"市数据局": "lead"}


def test_duty_labels_name_units(unit_finder: UnitFinder) -> None:
    text = "● 农贸市场排水沟堵塞。\n（主体责任：城东社区居委会，监督责任：区市场监管局）"
    assert unit_names(unit_finder, text) == ["城东社区居委会", "区市场监管局"]


def test_the_leader_named_in_a_label_is_never_a_unit(unit_finder: UnitFinder) -> None:
    text = "3.改造老旧管网。\n牵头负责领导：副县长王五\n牵头责任单位：县住建局"
    assert unit_names(unit_finder, text) == ["县住建局"]


def test_a_convention_note_inside_a_label_list_is_no_unit(unit_finder: UnitFinder) -> None:
    text = "（一）推进综合管廊建设。\n责任单位：市建设局、市财政局(第一责任单位为牵头单位,下同)"
    assert roles(unit_finder, text) == {"市建设局": "lead", "市财政局": "responsible"}


# Markers with trailing notes --------------------------------------------------------------------


def test_a_paren_marker_with_a_trailing_note_is_split(unit_finder: UnitFinder) -> None:
    text = "1.扩大试点范围。（税务总局、财政部负责，排在第一位的部门为牵头部门，下同）"
    assert roles(unit_finder, text) == {"税务总局": "lead", "财政部": "responsible"}


def test_a_label_list_stops_at_the_full_stop_of_its_note(unit_finder: UnitFinder) -> None:
    text = "（二）培育数据市场。〔责任单位：省数据局、省商务厅按职责分工负责。具体任务由各市落实〕"
    assert unit_names(unit_finder, text)[:2] == ["省数据局", "省商务厅"]


def test_lead_and_co_with_a_duty_phrase_are_trimmed(unit_finder: UnitFinder) -> None:
    text = "5.拓展对外合作。（省商务厅牵头，省外办、省贸促会按职责分工配合）"
    assert roles(unit_finder, text) == {"省商务厅": "lead", "省外办": "co", "省贸促会": "co"}


# Lists --------------------------------------------------------------------------------------------


def test_parts_sharing_the_last_head_stay_whole(unit_finder: UnitFinder) -> None:
    text = "（八）回归主业。各级政府性融资担保、再担保机构要坚守支农支小主业。"
    assert unit_names(unit_finder, text) == ["各级政府性融资担保、再担保机构"]


def test_levels_sharing_a_head_stay_whole_but_a_direct_body_splits(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "（责任单位：县统计局，各乡、镇人民政府）") == [
        "县统计局",
        "各乡、镇人民政府",
    ]
    assert unit_names(unit_finder, "（责任单位：各街道、区直各部门）") == ["各街道", "区直各部门"]


def test_a_bare_head_after_a_list_keeps_it_whole(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "第八条 各级机关、单位应当畅通投诉渠道。") == ["各级机关、单位"]


def test_full_names_before_deng_are_units_of_their_own(unit_finder: UnitFinder) -> None:
    text = "6.便利研发进口。（海关总署、商务部等有关部门负责）"
    # `等有关部门` after named bodies names no body of its own: the named ones are the units
    assert unit_names(unit_finder, text) == ["海关总署", "商务部"]


def test_he_joins_two_bodies_but_not_a_conventional_pair(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "市财政局和市审计局要加强资金监管。") == ["市财政局", "市审计局"]
    assert unit_names(unit_finder, "各级党委和政府要扛起主体责任。") == ["各级党委和政府"]


# Span boundaries ---------------------------------------------------------------------------------


def test_verbs_and_particles_are_not_glued_to_names(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "会议决定，由市委组织部牵头制定考核办法。") == ["市委组织部"]
    assert unit_names(unit_finder, "具体时间由各检查组另行通知。") == ["各检查组"]
    assert unit_names(unit_finder, "各地尤其要对重点部位再排查一次。") == ["各地"]


def test_a_cue_inside_a_word_does_not_cut_the_name(unit_finder: UnitFinder) -> None:
    text = "各部门、各单位主要负责人是本单位安全生产第一责任人，要亲自部署。"
    assert unit_names(unit_finder, text) == ["各部门、各单位主要负责人"]


def test_a_subject_set_off_by_a_comma_before_its_modal(unit_finder: UnitFinder) -> None:
    text = "承担应急保障职能的有关部门，要备足抢险物资。"
    assert unit_names(unit_finder, text) == ["承担应急保障职能的有关部门"]


def test_adverbs_and_verbs_that_open_a_clause_are_not_subjects(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "允许试验区内银行机构开展跨境业务。") == []
    assert unit_names(unit_finder, "当地政府及有关部门要做好配套工作。") == ["当地政府", "有关部门"]


# Clauses, attendees, brackets, item numbers -----------------------------------------------------


def test_a_subject_is_carried_into_later_semicolon_clauses(unit_finder: UnitFinder) -> None:
    sentence = "会议要求，各镇街要于6月底前完成排查；要建立整改台账。"
    clause_start = sentence.index("要建立")
    carried = unit_finder.carried(sentence[:clause_start], clause_start)
    assert [(u.name, sentence[u.start : u.end]) for u in carried] == [("各镇街", "各镇街")]
    assert all(u.provenance == "rule:unit.carried.v2" for u in carried)


def test_nothing_is_carried_across_a_full_stop(unit_finder: UnitFinder) -> None:
    assert unit_finder.carried("各镇街要完成排查。", 9) == []


def test_attendee_lists_name_each_body_or_role(unit_finder: UnitFinder) -> None:
    text = "参加对象：局领导班子成员、各科室负责人；二级单位主要负责人，根据需要可邀请列席。"
    assert unit_names(unit_finder, text) == ["局领导班子成员", "各科室负责人", "二级单位主要负责人"]


def test_actor_brackets_name_units(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "附表：整改台账（各乡镇填写）") == ["各乡镇"]
    assert unit_names(unit_finder, "3、主要污染物排放量削减4%。\n（市环保局、发改委）") == [
        "市环保局",
        "发改委",
    ]


def test_a_bracket_that_names_no_unit_gives_none(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "完成年度目标任务（2025年）") == []


def test_a_leading_item_number_does_not_hide_the_subject(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "第十二条 州数据资源主管部门应当制定标准。") == ["州数据资源主管部门"]


# Collective subjects ----------------------------------------------------------------------------


def test_collective_subjects_are_units(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "全体党员要带头遵守纪律。") == ["全体党员"]
    assert unit_names(unit_finder, "全市教育系统要开展安全大检查。") == ["全市教育系统"]
    assert unit_names(unit_finder, "合作银行各方要细化代偿条件。") == ["合作银行各方"]


def test_a_system_that_is_no_sector_is_not_a_unit(unit_finder: UnitFinder) -> None:
    assert not unit_finder.is_unit("信息系统")


def test_role_holders_ending_in_staff_are_units(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "值班人员要坚守岗位，不得擅离职守。") == ["值班人员"]


# Not units ----------------------------------------------------------------------------------------


def test_recipients_and_titles_are_not_units(unit_finder: UnitFinder) -> None:
    text = "县发改局要按季汇总，及时向县政府报告，并学习《县委办公室关于加强督查工作的意见》。"
    assert unit_names(unit_finder, text) == ["县发改局"]


# Speed --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("piece", ["市财政局", "由市委组织部牵头", "（牵头单位：市财政局", "各部门要加强"])
def test_long_lines_without_punctuation_are_read_whole(unit_finder: UnitFinder, piece: str) -> None:
    """A page flattened onto one line: every unit found lies in the text, in order, without overlap.
    (Its time, linear in the length, is measured in `benchmarks/bench_rules.py`.)"""
    text = piece * (150_000 // len(piece))
    units = unit_finder.find(text)
    assert all(text[u.start : u.end] == u.name for u in units)
    assert all(a.end <= b.start for a, b in itertools.pairwise(units))


# Later refinements ---------------------------------------------------------------------------------


def test_the_longest_actor_after_you_that_reads_as_a_unit_wins(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "社会组织统一由各级民政部门登记管理。") == ["各级民政部门"]
    assert unit_names(unit_finder, "逾期不改的，由市场监督管理局责令停业。") == ["市场监督管理局"]


def test_an_item_title_that_promotes_something_names_no_actor(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "（二）推动东西部地区建立协作机制。") == []
    assert unit_names(unit_finder, "会议要求，推动各县区政府向人大报告整改情况。") == ["各县区政府"]


def test_shi_opens_a_predicate_only_when_it_assigns_responsibility(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "县应急管理局是本行业安全监管的责任主体，要定期检查。") == ["县应急管理局"]
    assert unit_names(unit_finder, "高素质的执法队伍是推行制度的关键。") == []


def test_a_site_is_not_a_station(unit_finder: UnitFinder) -> None:
    assert not unit_finder.is_unit("市政府门户网站")
    assert unit_finder.is_unit("县农技推广站")


def test_others_sharing_duties_after_a_lead_are_responsible(unit_finder: UnitFinder) -> None:
    # the spec's co is who 配合 or 参与; those who 负责 their share answer for it (paren_lead_co v3)
    text = "18.建设物流网络。（省发展改革委牵头，省交通运输厅、省港航集团按职责分工负责）推进多式联运。"
    assert roles(unit_finder, text) == {
        "省发展改革委": "lead",
        "省交通运输厅": "responsible",
        "省港航集团": "responsible",
    }


def test_any_blank_after_an_article_number_is_skipped(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "第九条\u2002\u3000州数据主管部门应当制定标准。") == ["州数据主管部门"]
