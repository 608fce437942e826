"""The screen: one search that tells `find` a text holds nothing any deadline rule needs.

The screen may only skip texts no rule could match: every rule's examples, and every piece of
them a rule still matches, must pass it; and a deadline_finder with the screen finds exactly what one
without it finds, pinyin and full-width digits included. Fixtures are invented."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from duban.extractors.deadlines import _PIECE_GROUPS, DeadlineFinder
from duban.extractors.regex_screen import any_match, fast_start, may_match

_WINDOW = 40  # longest piece of an example tried


@pytest.fixture(scope="module")
def unscreened() -> DeadlineFinder:
    """The same rules read in full, without the screen or any rule's word screen, each scanned
    with its own pattern (not its `fast_start` form): what the screens must never change."""
    full = DeadlineFinder.default()
    object.__setattr__(full, "_screen", None)
    object.__setattr__(
        full, "_text_rules", tuple(replace(r, may_match=None, scan=r.rule.regex) for r in full._text_rules)
    )
    return full


def _read_rules(deadline_finder: DeadlineFinder) -> list:
    """The rules `find` runs over a text: the text rules and the label rule."""
    pieces = {"cell", *_PIECE_GROUPS}
    return [r for r in deadline_finder.rules.rules if r.get("group") not in pieces]


def test_the_screen_is_built_from_the_rule_file(deadline_finder: DeadlineFinder) -> None:
    assert deadline_finder._screen is not None
    assert len(deadline_finder.rules.by_group("screen")) >= 2


def test_every_piece_a_rule_matches_passes_the_screen(deadline_finder: DeadlineFinder) -> None:
    """For each rule, each substring of its examples and counter-examples that the rule matches
    also holds a key of the screen: a rule added without its key fails here."""
    screen = deadline_finder._screen
    assert screen is not None
    rules = _read_rules(deadline_finder)
    assert len(rules) > 40
    missed = []
    for rule in rules:
        for text in rule.examples + rule.counter:
            for i in range(len(text)):
                for j in range(i + 1, min(len(text), i + _WINDOW) + 1):
                    piece = text[i:j]
                    if rule.regex.search(piece) and not screen(piece):
                        missed.append((rule.id, piece))
    assert not missed, missed[:5]


@pytest.mark.parametrize(
    "text",
    [
        "会议强调，要提高政治站位，压实工作责任。",  # nothing to find: the screen answers
        "各单位要于2024年6月底前完成自查，每季度报送一次进展。",
        "请于春(chūn)节(jié)前完成发放。",  # pinyin splits the key `节前`
        "请于２０２４年６月３０日前报送。",  # full-width digits
        "自收到通知之日起15个工作日内整改到位，并长期坚持。",
        "完成时限：2024年12月",
        "（持续优化，牵头单位：市住建局）",
        "坚持一月一调度、一季一通报。",
        "活动结束后，各组于下午5点前将情况报送指挥部。",
        "“十四五”期间，力争三年实现全覆盖。",
    ],
)
def test_the_screen_changes_nothing_found(
    deadline_finder: DeadlineFinder, unscreened: DeadlineFinder, text: str
) -> None:
    assert deadline_finder.find(text, 7, 2024, "2024-03-01") == unscreened.find(text, 7, 2024, "2024-03-01")


def test_all_rule_examples_are_found_alike(
    deadline_finder: DeadlineFinder, unscreened: DeadlineFinder
) -> None:
    for rule in _read_rules(deadline_finder):
        for text in rule.examples + rule.counter:
            assert deadline_finder.find(text, 0, 2024, "2024-05-10") == unscreened.find(
                text, 0, 2024, "2024-05-10"
            ), rule.id


def test_a_text_without_keys_is_answered_by_the_screen(deadline_finder: DeadlineFinder) -> None:
    assert deadline_finder._nothing_needed("会议强调，要提高政治站位，压实工作责任。")
    assert not deadline_finder._nothing_needed("请于春(chūn)节(jié)前完成发放。")
    found = deadline_finder.find("请于春(chūn)节(jié)前完成发放。")
    assert [d.text for d in found] == ["春(chūn)节(jié)前"]
    assert [d.text for d in deadline_finder.find("请于２０２４年６月３０日前报送。", 0, 2024)] == [
        "２０２４年６月３０日前"
    ]


def test_every_piece_a_rule_matches_passes_its_word_screen(deadline_finder: DeadlineFinder) -> None:
    """A rule's word screen (`may_match`) never turns away a text the rule matches: each piece of
    its examples and counter-examples that the rule matches holds one of its words."""
    screened = [r for r in deadline_finder._text_rules if r.may_match is not None]
    assert len(screened) >= 20  # most text rules need a word: the screen is not vacuous
    missed = []
    for text_rule in screened:
        rule = text_rule.rule
        for text in rule.examples + rule.counter:
            for i in range(len(text)):
                for j in range(i + 1, min(len(text), i + _WINDOW) + 1):
                    piece = text[i:j]
                    if rule.regex.search(piece) and not text_rule.may_match(piece):
                        missed.append((rule.id, piece))
    assert not missed, missed[:5]


def test_a_word_screen_turns_away_what_characters_let_through(deadline_finder: DeadlineFinder) -> None:
    """Where a span holds a rule's characters but not its words, the word screen answers: some
    rule that the character tests would run is skipped (what makes the screens pay)."""
    text = "年度考核结果前后对比，月度计划已印发。"
    chars = set(text)
    passed_chars = [
        r
        for r in deadline_finder._text_rules
        if not (r.needs and r.needs.isdisjoint(chars))
        and not (r.requires is not None and r.requires.isdisjoint(chars))
    ]
    skipped = [r for r in passed_chars if r.may_match is not None and not r.may_match(text)]
    assert skipped
    assert all(not r.rule.regex.search(text) for r in skipped)


def test_may_match_reads_the_words_a_match_needs() -> None:
    target = may_match(re.compile(r"(?:力争|争取)用?\d+年"))
    assert target is not None
    assert target("争取用3年完成")
    assert not target("用3年完成")
    single = may_match(re.compile(r"\d+年(?:底|末)前"))
    assert single is not None and single("2024年底前") and not single("年度")
    # A list of words is its own screen, and a pattern needing no word has none.
    assert may_match(re.compile("年底前|年末前")) is None
    assert may_match(re.compile(r"\d+")) is None
    assert may_match(re.compile("(?i)abc")) is None


def test_any_match_answers_as_any_and_stops_at_the_first_hit() -> None:
    asked: list[str] = []

    def search(name: str, pattern: str):  # type: ignore[no-untyped-def]
        compiled = re.compile(pattern)

        def run(text: str) -> re.Match[str] | None:
            asked.append(name)
            return compiled.search(text)

        return run

    either = any_match((search("a", "甲"), search("b", "乙"), search("c", "丙")))
    assert either("乙丙") and asked == ["a", "b"]
    asked.clear()
    assert not either("丁") and asked == ["a", "b", "c"]


def test_a_bracket_without_pinyin_is_screened_once() -> None:
    """A text whose brackets hold no pinyin (`（一）`, a unit marker) is the same text without it:
    screened once (issue 14, speed); one with pinyin is screened again without it and read."""
    finder = DeadlineFinder.default()
    screen = finder._screen
    assert screen is not None
    asked: list[str] = []

    def counted(text: str) -> bool:
        asked.append(text)
        return screen(text)

    object.__setattr__(finder, "_screen", counted)
    assert finder.find("（一）加强组织领导（牵头单位：县住建局）") == []
    assert asked == ["（一）加强组织领导（牵头单位：县住建局）"]
    asked.clear()
    found = finder.find("请于春节(jié)前完成排查")
    assert len(asked) >= 2 and asked[1] == "请于春节前完成排查"
    assert [d.text for d in found] == ["春节(jié)前"]


def test_text_rules_scan_in_fast_start_form(deadline_finder: DeadlineFinder) -> None:
    """`find` scans each text rule in the form `fast_start` gives it: rules that open with an
    anchor or a lookbehind among their branches get a look-ahead for their first characters (else
    `re` tries every branch at every character), the others are scanned as written; each finds
    what its own pattern finds on a text of our own."""
    rules = deadline_finder._text_rules
    assert all(r.scan.pattern == fast_start(r.rule.regex).pattern for r in rules)
    ahead = [r for r in rules if r.scan is not r.rule.regex]
    assert len(ahead) >= 5  # the form pays for several rules, or the field is not worth keeping
    text = "今年底前各县要完成摸底，“十四五”期间每季度报送一次，节前下午5点前报送，6月30日至8月31日集中整治。"
    for r in ahead:
        assert [m.span() for m in r.scan.finditer(text)] == [m.span() for m in r.rule.regex.finditer(text)], (
            r.rule.id
        )
