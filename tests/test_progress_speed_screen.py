"""The keyword screens of progress's rules (`regex_screen`) answer as the plain searches do.

A screen only skips a search where a word every match needs is missing: these tests read what a
screen requires from small patterns, then check on every progress rule and group, over the rules'
own examples and counter-examples and texts written here, that the screened search finds the same
match as the plain one, and that the finder with its screens states the same progress as one
that runs every rule on every piece (behaviour only, no timing).
"""

from __future__ import annotations

import re

import pytest

from duban.extractors import regex_screen
from duban.extractors.progress import ProgressFinder
from duban.extractors.regex_screen import any_match, needed_words, screened
from tests.conftest import make_doc

# Texts written for the test: reports, minutes and plans, with and without the rules' keywords.
TEXTS = (
    "全县挪用扶贫资金300万元，至今未追回",
    "有的村存在台账登记不全问题",
    "城南片区改造已完成验收，累计投入资金2.6亿元",
    "会议听取了县农业农村局关于春耕备耕情况的汇报。各乡镇有序推进春耕生产。",
    "要加快推进剩余项目建设，确保年底前全部完成",
    "召开了专题推进会，研究部署下一阶段工作",
    "二是强化要素保障。",
    "截至6月底，12个项目已开工，3个项目正在办理前期手续",
    "服务水平有待进一步提升；部分乡镇资金拨付偏慢",
    "省政府派出5个督查组赴各地开展实地督查",
    "",
    "了",
    "（一）信息报送不及时",
)


@pytest.fixture(scope="module")
def finder() -> ProgressFinder:
    return ProgressFinder.default(learned=False)


def test_words_a_match_needs_are_read_from_the_pattern() -> None:
    assert needed_words(re.compile("[一-鿿](?<![为除])了(?![解结])")) == {"了"}
    # Words in a row join; the longer requirement wins over a one-character one.
    assert needed_words(re.compile("(?:^|(?<=[，。]))[^，。]*(?:挪用|违规(?:拨付|发放))[^，。]{0,9}元")) == {
        "挪用",
        "违规拨付",
        "违规发放",
    }
    # An optional part requires nothing; a word that contains another adds nothing to a screen.
    assert needed_words(re.compile("(?:部分)?完成(?:整改)?")) == {"完成"}
    assert needed_words(re.compile("普遍存在|存在[^，]{0,9}现象")) == {"存在"}


def test_patterns_without_a_needed_word_have_no_screen() -> None:
    assert needed_words(re.compile("[^，。]{2,9}$")) is None
    assert needed_words(re.compile("(?:甲|乙)?\\d+")) is None
    assert needed_words(re.compile("(?i)abc")) is None
    assert needed_words(re.compile("x*")) is None
    # A list of phrases is its own screen: its search is returned as it is.
    phrases = re.compile("尚未完成|进展缓慢|滞后")
    assert screened(phrases) == phrases.search


def test_without_the_regex_parser_nothing_is_screened(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(regex_screen, "_PARSER", None)
    pattern = re.compile("[一-鿿]了")
    assert needed_words(pattern) is None
    assert screened(pattern) == pattern.search


def test_screened_search_skips_only_where_the_word_is_missing() -> None:
    pattern = re.compile("[一-鿿](?<![为除])了")
    search = screened(pattern)
    assert search is not pattern.search
    assert search("为了推动工作") is None
    match = search("召开了部署会")
    assert match is not None and match.span() == pattern.search("召开了部署会").span()  # type: ignore[union-attr]


def test_any_match_is_any_of_its_searches() -> None:
    searches = (re.compile("已完成").search, re.compile("[一-鿿]了").search)
    ask = any_match(searches)
    for text in TEXTS:
        assert ask(text) == any(s(text) is not None for s in searches)


def _texts(finder: ProgressFinder) -> list[str]:
    own = [t for rule in finder.rules.rules for t in (*rule.examples, *rule.counter)]
    # Pieces as the finder reads them: each text, its clauses and its comma pieces.
    pieces = [p for t in TEXTS for p in re.split("[，；。]", t)]
    return [*own, *TEXTS, *pieces]


def test_every_rule_screened_finds_the_same_match(finder: ProgressFinder) -> None:
    texts = _texts(finder)
    for rule in finder.rules.rules:
        search = finder.rule_search[rule.id]
        for text in texts:
            plain, got = rule.regex.search(text), search(text)
            assert (got and got.span()) == (plain and plain.span()), (rule.id, text)


def test_every_group_answers_as_its_plain_searches(finder: ProgressFinder) -> None:
    texts = _texts(finder)
    for group, pattern in finder.combined.items():
        for text in texts:
            rules = finder.rules.groups.get(group, ())
            plain = pattern.search(text) is not None
            assert finder.searches[group](text) == plain, (group, text)
            if group == "status":
                assert plain == any(rule.regex.search(text) for rule in rules)


def test_finder_with_screens_states_what_the_plain_finder_states(finder: ProgressFinder) -> None:
    plain = ProgressFinder.default(learned=False)
    plain.rule_search.update({rule.id: rule.regex.search for rule in plain.rules.rules})
    for group, pattern in plain.combined.items():
        plain.searches[group] = any_match((pattern.search,))
    plain.searches["status"] = any_match(tuple(r.regex.search for r in plain.rules.by_group("status")))
    body = "关于重点工作推进情况的报告\n" + "\n".join(TEXTS)
    for kind in ("report", "minutes", "other"):
        doc = make_doc(body)
        doc.meta.kind = kind
        screened_found = [(p.status, p.text, p.provenance) for p in finder.find(doc)]
        assert screened_found == [(p.status, p.text, p.provenance) for p in plain.find(doc)]
        assert screened_found or kind == "other"


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        # Opens with a lookbehind: `re` cannot skip to its first character.
        (r"(?<![主重需])要(?!求)|必须|应当", {"要", "必须", "应当"}),
        # Anchored, opening with a long run of a negated set read before the word.
        (r"^[^。；]{0,40}?(?:共计|合计)\d+项", {"共计", "合计"}),
        # An anchored alternation whose second branch opens with an optional run.
        (r"(?:^会议要求)|(?:^(?:[^，。]{2,16}?)?强调)", {"会议要求", "强调"}),
    ],
)
def test_a_pattern_re_cannot_skip_through_gets_a_word_screen(pattern: str, words: set[str]) -> None:
    compiled = re.compile(pattern)
    screen = regex_screen.word_screen(compiled)
    assert screen is not None and needed_words(compiled) == words
    for text in ("各部门要抓好落实", "全年共计12项。", "会议要求各单位", "他强调，必须", "主要任务"):
        assert screen(text) or not compiled.search(text), text
    assert not screen("完成了年度计划")


@pytest.mark.parametrize(
    "pattern",
    [
        r"牵头|负责|配合",  # opens with literals: `re` skips to them itself
        r"[（(]牵头单位[：:]",  # a set of literal characters first
        r"^(?:会议)?(?:要求|强调)",  # anchored, fails within a few characters
        r"^[一二三四五六七八九十]+、",  # anchored run of a literal set, not of arbitrary characters
        r"(?<!主)要|.*",  # no word every match needs
    ],
)
def test_a_pattern_re_skips_through_itself_gets_no_word_screen(pattern: str) -> None:
    assert regex_screen.word_screen(re.compile(pattern)) is None
