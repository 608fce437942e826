"""The speed-ups of stop 29 give the answers of the patterns they replace.

`layout.fast_start` now also checks a lookbehind that lets most positions through after the one
character it guards (`(?<![所存])在` as `在(?<![所存]在)`), so that `re` skips to that character;
`GroupMatcher.search` is a function built for the matcher's halves; the layout's glued markers and
pinyin and the structure's sentence ends are searched in forms that `re` can skip through. Each
is checked here against the plain pattern on texts written for this file. The prose model sums
its weights through `np.add.reduce`: the same float32 sum as `weights[...].sum()`.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from duban.extractors.prose_model import BUCKETS, ProseModel, indices
from duban.pipeline import layout, structure
from duban.pipeline.layout import GroupMatcher, fast_start
from duban.rules.ruleset import load_rule_file

_TEXTS = [
    "县政府督查室（dū chá）要在月底前完成整改；已经完成的项目由县财政局验收。",
    "所在单位存在问题，现在正在整改，已全部完成。对已完成的不再重复检查。",
    "自在(zì zài)一、加强领导。二、完善机制（一）落实责任（二）强化督查1.建立台账2.按月通报",
    "第一章 总则第一条为了规范管理，制定本办法。● 健全制度 ● 严格考核",
    "会议强调！！要抓好落实。」各单位要按时报送；\n确保质量？）",
    "(a)(zhè)這(zhè)個(gè)",
    "",
]


def _spans(pattern: re.Pattern[str], text: str, pos: int = 0) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text, pos)]


@pytest.mark.parametrize(
    "source",
    [
        "(?<![所存现])在",  # a negative lookbehind lets most positions through
        "(?<![对将把])已(?:经)?(?:全部|基本)?完成",
        "(?<=[\u3400-\u9fff])[（(][a-zāáǎàēéěèīíǐìōóǒòūúǔù]{1,7}[）)]",  # nearly any character before
        "(?<!加快|推动)(?<![对将])已(?P<how>全部|基本)?完成",  # two lookbehinds, a named group after
        "(?<![由])由(?!于)[^，。]{2,10}负责",
    ],
)
def test_a_lookbehind_is_checked_after_the_character_it_guards_with_the_same_matches(source: str) -> None:
    pattern = re.compile(source)
    fast = fast_start(pattern)
    assert fast is not pattern and not fast.pattern.startswith("(?")  # opens with the character
    assert fast.groupindex == pattern.groupindex
    for text in _TEXTS:
        for pos in range(0, len(text) + 1, 3):
            assert _spans(fast, text, pos) == _spans(pattern, text, pos)
            plain, quick = pattern.match(text, pos), fast.match(text, pos)
            assert (plain and plain.span()) == (quick and quick.span())
            assert (plain and plain.groups()) == (quick and quick.groups())


@pytest.mark.parametrize(
    "source",
    [
        "(?<=政府|部门)组织",  # a lookbehind of a few words turns most positions away: unchanged
        "(?<![所存])[^，。]{2}在",  # a negated set after it: nothing to skip to
        "(?<![所存])[一-龥]在",  # nearly any character after it: nothing to skip to
        "(?<![所存])在+",  # the character repeated: not one character
        "(?<=[\\])])\\]x",  # an escaped character: not read
    ],
)
def test_other_lookbehinds_are_left_as_they_are_or_given_a_look_ahead(source: str) -> None:
    pattern = re.compile(source)
    fast = fast_start(pattern)
    assert fast is pattern or fast.pattern.startswith("(?=[")
    for text in _TEXTS:
        assert _spans(fast, text) == _spans(pattern, text)


def test_every_rule_pattern_keeps_its_matches_after_the_rewrite() -> None:
    """Every pattern of the rule files that `fast_start` rewrites so (not behind a look-ahead)
    finds the same matches: the rewritten source is checked against the rotated parse tree, and
    here against the text."""
    rotated = 0
    for path in sorted((Path(layout.__file__).resolve().parents[1] / "rules").glob("*.yaml")):
        for rule in load_rule_file(path.stem).rules:
            fast = fast_start(rule.regex)
            if fast is rule.regex or fast.pattern.startswith("(?="):
                continue
            rotated += 1
            for text in _TEXTS:
                assert _spans(fast, text) == _spans(rule.regex, text), rule.id
    assert rotated >= 3  # pinyin (layout, deadlines) and negative lookbehinds of the finders


def test_layout_patterns_find_what_the_rule_file_writes() -> None:
    shapes = load_rule_file("layout")
    for text in _TEXTS:
        assert _spans(layout._PINYIN_FAST, text) == _spans(shapes.regex("pinyin"), text)
        glued = [(m.span(), m.group("m")) for m in layout._GLUED_MARKER.finditer(text)]
        assert glued == [(m.span(), m.group("m")) for m in shapes.regex("glued_marker").finditer(text)]
    assert layout.plain("這(zhè)個(gè)") == "這個"


def test_sentence_ends_are_the_runs_of_stops_with_their_closers_and_the_line_breaks() -> None:
    reference = re.compile(r"[。！？；!?;]+[”’」』）)]*|\n")
    for text in [*_TEXTS, "一句。」\n\n二句！？）三句", "\n\n", "；；”’）)末"]:
        for start in range(len(text) + 1):
            assert _spans(structure._SENTENCE_END, text, start) == _spans(reference, text, start)


@pytest.mark.parametrize(
    "sources",
    [
        ("^各(?:单位|部门)要", "^请"),  # anchored only: one match at the start
        ("抓好|落实", "(?<![主])要(?!求)"),  # anywhere only, one half needs a look-ahead
        ("^各单位", "确保|务必", "(?<![主])要"),  # both halves
        ("(?P<x>甲)|^乙", "(?P<x>丙)"),  # the same group name twice: tried rule by rule
        (),  # no rules: nothing matches
    ],
)
def test_a_matcher_matches_exactly_where_one_of_its_patterns_does(sources: tuple[str, ...]) -> None:
    patterns = tuple(re.compile(s) for s in sources)
    plain = GroupMatcher(patterns)
    screened = plain.screened(lambda half: lambda text: "要" in text or "各" in text or "乙" in text)
    unscreened = plain.screened(lambda half: None)
    for text in [*_TEXTS, "各单位要抓好落实", "请各部门要求", "主要任务", "乙方", "丙", "确保"]:
        expected = any(p.search(text) for p in patterns)
        assert bool(plain.search(text)) == expected
        assert bool(unscreened.search(text)) == expected
        # A screen that lets a text through never changes the answer; one that turns it away does.
        if "要" in text or "各" in text or "乙" in text:
            assert bool(screened.search(text)) == expected


def test_the_prose_score_is_the_bias_plus_the_summed_weights_of_the_buckets() -> None:
    weights = np.random.default_rng(7).normal(size=BUCKETS).astype(np.float32)
    model = ProseModel(weights, 0.25, 0.5)
    for features in (["b1:县", "c:县政", "c:政府", "c:县政"], [], [f"c:{i}" for i in range(300)]):
        assert model.logit(features) == 0.25 + float(weights[indices(features)].sum())
