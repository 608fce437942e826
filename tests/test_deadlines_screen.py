"""The screen: one search that tells `find` a text holds nothing any deadline rule needs.

The screen may only skip texts no rule could match: every rule's examples, and every piece of
them a rule still matches, must pass it; and a deadline_finder with the screen finds exactly what one
without it finds, pinyin and full-width digits included. Fixtures are invented."""

from __future__ import annotations

import pytest

from duban.extractors.deadlines import DeadlineFinder

_WINDOW = 40  # longest piece of an example tried


@pytest.fixture(scope="module")
def unscreened() -> DeadlineFinder:
    """The same rules read in full: what the screen must never change."""
    full = DeadlineFinder.default()
    object.__setattr__(full, "_screen", None)
    return full


def _read_rules(deadline_finder: DeadlineFinder) -> list:
    """The rules `find` runs over a text: the text rules and the label rule."""
    pieces = {
        "cell",
        "screen",
        "pinyin",
        "as_of",
        "as_of_report",
        "not_a_cycle",
        "title_head",
        "reported_figure",
        "done_state",
        "attributive",
        "progress_predicate",
        "takes_effect",
        "range_gap",
    }
    return [
        r
        for r in deadline_finder.rules.rules
        if r.get("group") not in pieces and not r.get("group").startswith("anchor")
    ]


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
                    if rule.regex.search(piece) and not screen.search(piece):
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
