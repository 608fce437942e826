"""`ProgressFinder._has` asks each group afresh (issue 9, speed): its answers must be those of the
group's rules read one by one, and asking keeps nothing in the document memo, which holds only
paragraph and status readings. Texts written for the test."""

from __future__ import annotations

import re

import pytest

from duban.extractors.progress import _JOINED, ProgressFinder, _apart
from duban.extractors.regex_screen import skips
from duban.rules.ruleset import Rule

TEXTS = (
    "截至目前，已完成老旧小区改造126个，完成率达到85%。",
    "各责任单位要于9月底前完成排查整治工作。",
    "请市财政局会同市审计局抓紧研究提出意见。",
    "项目建设进度滞后，尚未开工的有3个。",
    "会议听取了市发改委关于重点项目推进情况的汇报。",
    "扎实推进老旧小区改造",
    "",
    "二〇二六年工作计划",
)


@pytest.fixture(scope="module")
def finder() -> ProgressFinder:
    return ProgressFinder.default(learned=False)


def _rules_say(finder: ProgressFinder, group: str, text: str) -> bool:
    """Whether any rule of `group` (or of the groups joined under its name) matches, rule by rule."""
    members = _JOINED.get(group, (group,))
    return any(rule.regex.search(text) for g in members for rule in finder.rules.by_group(g))


def test_has_answers_as_the_rules_read_one_by_one(finder: ProgressFinder) -> None:
    groups = [g for g in finder.searches if g in finder.rules.groups or g in _JOINED]
    assert "status" in groups and "requirement" in groups
    answers = {(g, t): finder._has(g, t) for g in groups for t in TEXTS}
    assert any(answers.values()) and not all(answers.values())
    for (group, text), found in answers.items():
        assert found is _rules_say(finder, group, text), (group, text)


def test_has_keeps_nothing_in_the_document_memo(finder: ProgressFinder) -> None:
    finder.memo.clear()
    assert finder._has("status", TEXTS[0]) is True
    assert finder._has("status", TEXTS[0]) is True
    assert finder._has("status", TEXTS[5]) is False
    assert finder.memo == {}


def _rule(rule_id: str, pattern: str) -> Rule:
    return Rule(rule_id, "regex", re.compile(pattern), (), ())


def test_skips_tells_a_pattern_tried_at_every_character() -> None:
    assert skips(re.compile(r"(?<![主需])要(?!求)|必须|[0-9]{2}"))  # a look-ahead for 要, 必, a digit
    assert skips(re.compile(r"[^，。]{0,8}?(?:盼望|期待)"))  # no start, but a screen of its two words
    assert skips(re.compile(r"^\s*下一步"))  # anchored: tried at the start alone
    joined = re.compile(r"(?:(?<![主需])要(?!求)|必须|[0-9]{2})|(?:(?:^|，)[^，。]{0,8}?(?:盼望|期待))")
    assert not skips(joined)  # neither: a branch needs no word, another has no first characters


def test_a_group_whose_join_skips_nothing_is_asked_rule_by_rule() -> None:
    modal = _rule("t.modal.v1", r"(?<![主需])要(?!求)|必须|[0-9]{2}")
    wish = _rule("t.wish.v1", r"(?:^|，)[^，。]{0,8}?(?:盼望|期待)")
    joined = re.compile(f"(?:{modal.regex.pattern})|(?:{wish.regex.pattern})")
    assert _apart(joined, [modal, wish])
    assert not _apart(modal.regex, [modal])  # one rule: its own search as before
    both_start = re.compile(r"(?:完成)|(?:启动)")
    assert not _apart(both_start, [_rule("t.a.v1", "完成"), _rule("t.b.v1", "启动")])


def test_the_groups_asked_apart_answer_as_their_joined_alternation(finder: ProgressFinder) -> None:
    apart = [
        g
        for g, joined in finder.combined.items()
        if _apart(joined, [r for m in _JOINED.get(g, (g,)) for r in finder.rules.by_group(m)])
    ]
    assert {"directive", "requirement"} <= set(apart)
    for group in apart:
        for text in TEXTS:
            assert finder.searches[group](text) is bool(finder.combined[group].search(text)), (group, text)
