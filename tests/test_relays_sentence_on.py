"""Relays read on unseen real text (session 27): a name does not run on into the sentence that goes on
after it, a relay verb inside what an earlier verb took starts the name, a verb heading a noun
(`执行情况`) takes no name, and a meeting's spirit stays apart from a speech made at it. Texts are
written for the tests."""

from __future__ import annotations

import pytest

from duban.extractors.relays import RelayFinder
from tests.conftest import make_doc


@pytest.fixture(scope="module")
def finder() -> RelayFinder:
    return RelayFinder.default()


def titles(finder: RelayFinder, text: str) -> list[str]:
    return [r.title or "" for r in finder.find(make_doc(text))]


def test_the_sentence_going_on_after_a_comma_is_no_further_name(finder: RelayFinder) -> None:
    text = "某市年度工作总结\n锲而不舍落实中央八项规定精神，以钉钉子精神纠治“四风”。\n"
    assert titles(finder, text) == ["中央八项规定"]


def test_a_clause_ending_as_a_measure_after_a_comma_is_no_name(finder: RelayFinder) -> None:
    text = (
        "某市年度工作总结\n全面落实某省优化营商环境条例，继续推出营商环境对标提升举措，着力解决企业难题。\n"
    )
    assert titles(finder, text) == ["某省优化营商环境条例"]


def test_a_speech_listed_after_a_semicolon_still_continues_the_list(finder: RelayFinder) -> None:
    text = "某县会议纪要\n会议学习了某省委书记在全省工作会议上的讲话精神；某市长在全市推进会上的讲话精神。\n"
    assert titles(finder, text) == ["某省委书记在全省工作会议上的讲话精神", "某市长在全市推进会上的讲话精神"]


def test_a_relay_verb_after_an_adverb_inside_a_headline_starts_the_name(finder: RelayFinder) -> None:
    text = "某委员会召开会议\n整改落实要聚焦贯彻落实总书记对某省工作的重要指示精神，一开始就改起来。\n"
    assert titles(finder, text) == ["总书记对某省工作的重要指示精神"]


def test_a_bare_verb_inside_a_class_name_stays_in_it(finder: RelayFinder) -> None:
    text = "某县会议纪要\n会议传达学习了某市领导干部学习贯彻党的二十大精神读书班精神。\n"
    assert titles(finder, text) != ["党的二十大精神"]


def test_a_verb_heading_a_noun_takes_no_name(finder: RelayFinder) -> None:
    text = "某人大常委会会议\n会议审议某市人民政府关于今年以来计划执行情况的报告和关于某区发展情况的报告。\n"
    assert titles(finder, text) == []


def test_a_meetings_spirit_is_apart_from_a_speech_made_at_it(finder: RelayFinder) -> None:
    text = "某政府全体会议\n会议深入学习贯彻总书记在全国两会期间的重要讲话和全国两会精神。\n"
    assert titles(finder, text) == ["总书记在全国两会期间的重要讲话", "全国两会精神"]


def test_an_annex_numbered_in_chinese_is_the_texts_own(finder: RelayFinder) -> None:
    text = "某区基本法\n第四条 长官的具体产生办法由附件一《某区长官的产生办法》规定，依照《某国宪法》执行。\n"
    assert titles(finder, text) == ["某国宪法"]
