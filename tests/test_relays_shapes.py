"""Relay shapes seen on real pages (issue 9, cause 5), each with a text written for the test."""

from __future__ import annotations

import re
import time

import pytest

from duban.base.model import Relay
from duban.extractors.relays import RelayFinder, quoted_spans
from tests.conftest import make_doc


@pytest.fixture(scope="module")
def finder() -> RelayFinder:
    return RelayFinder.default()


def relays(finder: RelayFinder, text: str) -> list[Relay]:
    return finder.find(make_doc(text))


def titles(finder: RelayFinder, text: str) -> list[str]:
    return [r.title or "" for r in relays(finder, text)]


def test_a_list_joined_by_he_and_dun_is_one_relay_each(finder: RelayFinder) -> None:
    text = "区委常委会会议纪要\n会议传达学习了党的二十大、二十届二中全会和全省经济工作会议精神。\n"
    assert titles(finder, text) == ["党的二十大", "二十届二中全会", "全省经济工作会议精神"]


def test_a_list_sharing_its_head_stays_whole(finder: RelayFinder) -> None:
    text = "实施方案\n为深入贯彻党的十九大和十九届二中、三中全会精神，制定本方案。\n"
    assert titles(finder, text) == ["党的十九大", "十九届二中、三中全会精神"]


def test_a_speaker_list_shares_one_instruction(finder: RelayFinder) -> None:
    text = "专题会议纪要\n会议学习了省委书记和省长对某县山洪灾害的指示批示精神。\n"
    assert titles(finder, text) == ["省委书记和省长对某县山洪灾害的指示批示精神"]


def test_unquoted_decision_instruction_and_feedback(finder: RelayFinder) -> None:
    text = (
        "工作方案\n"
        "根据中共某市委关于加快建设现代化产业体系的决定，结合实际，制定本方案。\n"
        "按照市委书记关于做好防汛备汛工作的批示要求，各单位要立即行动。\n"
        "认真落实省委第三巡视组反馈意见，逐项整改到位。\n"
    )
    assert titles(finder, text) == [
        "中共某市委关于加快建设现代化产业体系的决定",
        "市委书记关于做好防汛备汛工作的批示",
        "省委第三巡视组反馈意见",
    ]


def test_quoted_titles_with_other_verbs(finder: RelayFinder) -> None:
    text = (
        "关于转发省应急厅文件的通知\n"
        "现将《省应急管理厅关于做好汛期安全防范工作的通知》转发给你们，请认真贯彻执行。\n"
        "依据《某市国土空间总体规划（2021—2035年）》，编制本计划。\n"
        "按照《某省农村公路条例》要求，落实养护责任。\n"
    )
    assert titles(finder, text) == [
        "省应急管理厅关于做好汛期安全防范工作的通知",
        "某市国土空间总体规划（2021—2035年）",
        "某省农村公路条例",
    ]


def test_the_documents_own_issuance_and_annexes_are_not_relays(finder: RelayFinder) -> None:
    text = (
        "关于印发《某区2024年重点工作任务分解方案》的通知\n"
        "各街道：\n"
        "现将《某区2024年重点工作任务分解方案》印发给你们，请认真组织实施。\n"
        "附件：1.《某区2024年重点工作任务清单》\n"
    )
    assert titles(finder, text) == []


def test_what_the_meeting_approved_is_its_own_business(finder: RelayFinder) -> None:
    text = (
        "区政府常务会议纪要\n"
        "会议审议通过了《某区农村人居环境整治三年行动方案》、《某区河道保洁管理办法》。\n"
        "会议传达学习了《某省河湖长制规定》。\n"
    )
    assert titles(finder, text) == ["某省河湖长制规定"]


def test_an_approval_told_as_a_clause_of_the_read_out_is_its_own_business(finder: RelayFinder) -> None:
    """A read-out lists what its meeting did, one clause each, with no subject: `，通过《…》` and
    `；通过《…》` (the title right after the verb) are approvals, as `会议审议通过了《…》` is; what
    the meeting studied stays a relay."""
    text = (
        "某某主持召开市政府常务会议\n"
        "市长某某5日主持召开市政府常务会议，通过《某市城市群发展规划》，部署防汛工作；"
        "通过了《关于推进某某产业发展的指导意见》。\n"
        "会议传达学习了《某省安全生产条例》。\n"
    )
    assert titles(finder, text) == ["某省安全生产条例"]


def test_generic_mentions_and_short_back_references_are_not_relays(finder: RelayFinder) -> None:
    text = (
        "局党组会议纪要\n"
        "会议要求，要认真贯彻落实上级有关文件精神。\n"
        "会议学习了《关于加强基层治理体系建设的实施意见》（以下简称《意见》）。"
        "会议指出，《意见》明确了今后五年的重点任务。\n"
    )
    assert titles(finder, text) == ["关于加强基层治理体系建设的实施意见"]


def test_ideology_slogans_are_not_relays(finder: RelayFinder) -> None:
    text = "实施意见\n深入贯彻习近平新时代中国特色社会主义思想和党的二十大精神，提出如下意见。\n"
    assert titles(finder, text) == ["党的二十大精神"]


def test_verbs_glued_to_titles_are_left_out(finder: RelayFinder) -> None:
    text = "党组会议纪要\n会议认真学习传达了省委十二届五次全会精神。\n"
    assert titles(finder, text) == ["省委十二届五次全会精神"]


def test_one_document_named_twice_is_one_relay(finder: RelayFinder) -> None:
    text = (
        "安全生产专题会议纪要\n"
        "会议学习了《中华人民共和国安全生产法》。会议要求，要严格执行《中华人民共和国安全生产法》。\n"
    )
    assert titles(finder, text) == ["中华人民共和国安全生产法"]


def test_a_notice_sent_with_a_title_and_an_instruction_on_a_report(finder: RelayFinder) -> None:
    text = (
        "局务会议纪要\n"
        "会议学习了省安委会印发《关于加强危化品运输管理的若干措施》的通知，"
        "传达了张某同志在《工作简报》第5期上的批示。\n"
    )
    # The relayed notice is named as the text names it, issuer and genre included (as the spec's
    # `中共中央办公厅 国务院办公厅印发〈…〉` is).
    assert titles(finder, text) == [
        "省安委会印发《关于加强危化品运输管理的若干措施》的通知",
        "张某同志在《工作简报》第5期上的批示",
    ]


def test_the_study_group_and_who_attended_are_not_relays(finder: RelayFinder) -> None:
    text = (
        "局党组理论学习中心组学习\n"
        "3月5日，局长主持召开局党组理论学习中心组2025年第1次学习会议，班子成员出席会议。"
        "会议集中学习了省防汛抗旱指挥部印发《关于做好汛期安全防范的十条措施》的通知。\n"
    )
    assert titles(finder, text) == ["省防汛抗旱指挥部印发《关于做好汛期安全防范的十条措施》的通知"]


def test_the_documents_own_issuing_line_is_still_not_a_relay(finder: RelayFinder) -> None:
    text = "市政府关于印发《某市河道保洁办法》的通知\n各区政府：现将《某市河道保洁办法》印发给你们。\n"
    assert titles(finder, text) == []


def test_nested_titles_are_both_read(finder: RelayFinder) -> None:
    text = (
        "督查情况报告\n"
        "根据市政府《关于印发2023年《政府工作报告》重点任务分工的通知》（某政发〔2023〕5号）要求，"
        "对重点任务进行了督查。\n"
    )
    found = relays(finder, text)
    assert [r.title for r in found] == ["关于印发2023年《政府工作报告》重点任务分工的通知", "政府工作报告"]
    assert found[0].doc_number == "某政发〔2023〕5号"


def test_mirror_site_pinyin_is_folded_when_matching(finder: RelayFinder) -> None:
    text = (
        "关于做好春节期间森林防火工作的通知\n"
        "根據(jù)《關(guān)於切實(shí)做好森林防火工作的通知》（某政發(fā)〔2022〕3號）精神，現(xiàn)通知如下。\n"
    )
    [relay] = relays(finder, text)
    assert (
        re.sub(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", "", relay.title or "")
        == "關於切實做好森林防火工作的通知"
    )
    assert (relay.doc_number or "").endswith("〔2022〕3號")


def test_quoted_titles_are_paired_by_bracket_matching() -> None:
    text = "《甲》和《乙《丙》丁》，还有一个未闭合的《"
    assert [text[s:e] for s, e in quoted_spans(text)] == ["《甲》", "《乙《丙》丁》", "《丙》"]


def test_relay_detection_is_linear_in_the_text(finder: RelayFinder) -> None:
    """Thousands of quoted titles in one long paragraph: each is read where it stands, not by
    searching from the start of the text (which took minutes on a long page)."""
    unit = "会议学习了《某市关于加强第{n}项工作的通知》，"
    body = "".join(unit.format(n=n) for n in range(6000))
    started = time.process_time()
    found = relays(finder, "学习会议纪要\n" + body + "\n")
    assert len(found) == 6000
    assert time.process_time() - started < 20


def test_a_named_leaders_instruction_and_a_list_joined_by_ji(finder: RelayFinder) -> None:
    text = (
        "县政府常务会议纪要\n"
        "会议传达了州委关于加强基层治理的决定和州政府主要领导的批示要求。\n"
        "会议传达学习了省委主要领导批示精神及州委书记在全州经济工作会议上的讲话精神。\n"
    )
    assert titles(finder, text) == [
        "州委关于加强基层治理的决定",
        "州政府主要领导的批示",
        "省委主要领导批示精神",
        "州委书记在全州经济工作会议上的讲话精神",
    ]


def test_instructions_in_general_and_drafts_are_not_relays(finder: RelayFinder) -> None:
    text = (
        "县政府常务会议纪要\n"
        "会议要求按照县政府主要领导指示批示要求加强动态管理。\n"
        "会议审议了《某县河道管理办法（征求意见稿）》，学习宣传和全面贯彻落实党的二十大精神。\n"
    )
    assert titles(finder, text) == ["党的二十大精神"]
