"""Relay rules: superior documents, meetings, speeches and laws relayed, studied or taken as basis."""

from __future__ import annotations

import pytest

from duban.base.model import Relay
from duban.extractors.relays import RelayFinder
from tests.conftest import make_doc


@pytest.fixture(scope="module")
def finder() -> RelayFinder:
    return RelayFinder.default()


def relays(finder: RelayFinder, text: str) -> list[Relay]:
    return finder.find(make_doc(text))


def titles(finder: RelayFinder, text: str) -> list[str]:
    return [r.title or "" for r in relays(finder, text)]


def test_quoted_title_after_a_relay_verb_with_its_number(finder: RelayFinder) -> None:
    text = (
        "县政府常务会议纪要\n会议传达学习了《省人民政府关于加强防汛工作的通知》（省政发〔2023〕12号）精神。\n"
    )
    [relay] = relays(finder, text)
    assert (relay.title, relay.doc_number) == ("省人民政府关于加强防汛工作的通知", "省政发〔2023〕12号")
    assert relay.provenance == "rule:relay.quoted_title.v3"


def test_titles_listed_after_one_verb_are_all_relayed(finder: RelayFinder) -> None:
    text = "中心组学习会议\n会议集中学习了《中国共产党纪律处分条例》《信访工作条例》等内容。\n"
    assert titles(finder, text) == ["中国共产党纪律处分条例", "信访工作条例"]


def test_unquoted_spirit_of_a_meeting_or_speech(finder: RelayFinder) -> None:
    text = (
        "局党组会议\n会议传达学习了省委十四届三次全会精神。会议认真学习了总书记关于安全生产的重要指示精神。\n"
    )
    assert titles(finder, text) == ["省委十四届三次全会精神", "总书记关于安全生产的重要指示精神"]


def test_a_list_of_congresses_is_split(finder: RelayFinder) -> None:
    text = "实施意见\n为全面落实省第十二次党代会、市第十三次党代会精神，提出如下意见。\n"
    assert titles(finder, text) == ["省第十二次党代会", "市第十三次党代会精神"]


def test_unquoted_notice_and_law_taken_as_basis(finder: RelayFinder) -> None:
    text = (
        "关于调整假期的通知\n"
        "根据市人民政府办公室关于调整假期安排的通知精神，结合我校实际，现通知如下。\n"
        "依照劳动合同法有关规定安排补休。\n"
    )
    assert titles(finder, text) == ["市人民政府办公室关于调整假期安排的通知", "劳动合同法"]


def test_a_title_the_text_only_mentions_is_not_relayed(finder: RelayFinder) -> None:
    text = "工作简报\n本期刊发《关于基层减负的调研报告》一文。\n"
    assert titles(finder, text) == []


def test_a_negated_or_repealed_document_is_not_relayed(finder: RelayFinder) -> None:
    text = (
        "整改情况通报\n"
        "局党组未组织学习《关于推进文化强市建设的实施意见》。\n"
        "自本通知印发之日起，《市政府关于加强督查工作的通知》（市政发〔2016〕8号）同时废止。\n"
    )
    assert titles(finder, text) == []


def test_a_later_shorter_mention_of_the_same_speech_is_not_a_second_relay(finder: RelayFinder) -> None:
    text = (
        "中心组学习会议\n"
        "会议学习了总书记在全国两会期间的重要讲话精神。"
        "会议要求，要深入学习贯彻总书记重要讲话精神。\n"
    )
    assert titles(finder, text) == ["总书记在全国两会期间的重要讲话精神"]


def test_a_number_cited_without_a_title_is_kept_as_the_number(finder: RelayFinder) -> None:
    text = "局党组会议纪要\n会议要求，要认真贯彻落实国办发〔2023〕12号文件精神。\n"
    [relay] = relays(finder, text)
    assert relay.doc_number == "国办发〔2023〕12号"
