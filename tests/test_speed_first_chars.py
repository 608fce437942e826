"""The speed-ups of round 54 give the answers of the plain computation they replace.

`UnitFinder` asks `role_words` and `body_ends` of a name by a look-up per word length
(`_Endings`), not `str.endswith` over the words in turn; it tries its marker rules only where a
text holds a word one of them `needs` (`_any_needs`, all the rules' `needs` as one alternation);
`match_marker` turns away a line whose first character opens no marker (`layout.first_chars`,
the class read off the joined markers) before it tries the markers. Each test compares the fast
path with the computation it stands for, on invented texts, and checks that the comparison is not
only of misses.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from duban.extractors.units import UnitFinder, _Endings
from duban.pipeline.layout import first_chars
from duban.pipeline.layout_markers import match_marker
from duban.rules.vocabulary import item_markers

_NAMES = [
    "市发展改革委",
    "县住建局",
    "国务院有关部门负责人",
    "各地区",
    "各乡镇人民政府",
    "主要负责人",
    "党组书记",
    "值班人员",
    "分管领导",
    "一把手",
    "检查组",
    "门户网站",
    "局",
    "",
    "加强组织领导",
    "各检查组另行",
    "全体党员干部",
]


@pytest.fixture(scope="module")
def finder() -> UnitFinder:
    return UnitFinder.default()


def test_endings_answer_as_endswith_over_the_words(finder: UnitFinder) -> None:
    said = []
    for words, endings in ((finder.role_words, finder._role_ends), (finder.body_ends, finder._body_ends)):
        for name in _NAMES + [n[:k] for n in _NAMES for k in range(len(n))]:
            assert endings.end(name) == name.endswith(words), name
            said.append(endings.end(name))
    assert any(said) and not all(said)  # both answers are compared, not only misses


def test_endings_hold_the_empty_word_as_endswith_does() -> None:
    for words in (("", "局"), ("局",), ()):
        endings = _Endings.of(words)
        for text in ("", "局", "县住建局", "县住建委"):
            assert endings.end(text) == text.endswith(words), (words, text)


def test_one_search_of_all_needs_says_whether_any_marker_rule_is_tried(finder: UnitFinder) -> None:
    texts = [
        "牵头单位：县发改局；配合单位:县财政局",
        "由市委组织部牵头制定考核办法。",
        "各乡镇要加强资金监管，按季度通报。",
        "加强资金监管，按季度通报。",
        "请各单位于月底前报送。",
        "县财政局与县审计局共同负责。",
    ]
    any_needs = finder._any_needs
    assert any_needs is not None  # every shipped marker rule names what it needs
    tried = []
    for text in texts:
        each = any(needs is None or needs.search(text) for _, _, needs, _ in finder._markers)
        assert (any_needs.search(text) is not None) == each, text
        tried.append(each)
    assert any(tried) and not all(tried)


def test_no_joined_needs_when_a_marker_rule_needs_nothing(finder: UnitFinder) -> None:
    rules = finder.rules.by_group("marker")
    first = rules[0]
    free = dataclasses.replace(first, attrs={k: v for k, v in first.attrs.items() if k != "needs"})
    groups = {**finder.rules.groups, "marker": (free, *rules[1:])}
    other = dataclasses.replace(finder, rules=dataclasses.replace(finder.rules, groups=groups))
    assert other._any_needs is None  # a rule tried on every text: no text may skip them all
    assert other._markers[0][2] is None


def test_match_marker_answers_as_each_marker_in_turn() -> None:
    lines = [
        "（一）加强组织领导",
        "一、总体要求",
        "1. 加强",
        "１．推进",
        "(1)开展",
        "②其他",
        "●重点",
        "一是要",
        "第五条 本办法",
        "第二章 总则",
        "各地区各部门要高度重视",
        "　一、总体要求",
        " 1.缩进",
        "",
        "12.5亿元",
        "工作要求",
        "※说明",
    ]
    found = []
    for line in lines:
        expected = next(((m.group(), level) for p, level in item_markers() if (m := p.match(line))), None)
        assert match_marker(line) == expected, line
        found.append(expected is not None)
    assert any(found) and not all(found)


def test_first_chars_are_those_a_match_opens_with() -> None:
    opener = first_chars(re.compile(r"^第[一二三]+条|^[（(][0-9]{1,2}[）)]|^[①-⑳]"))
    assert opener is not None
    assert all(opener.match(c) for c in "第（(①⑳")
    assert not any(opener.match(c) for c in "一1）条 ")
    # unknown or possibly empty openings give no class, so that no match is ever turned away
    assert first_chars(re.compile(r"\d?x")) is not None
    assert first_chars(re.compile(r"x?")) is None
    assert first_chars(re.compile(r"[^。]x")) is None
    assert first_chars(re.compile(r"[一-龥]x")) is None
    assert first_chars(re.compile(r"(?i)x")) is None
