"""The speed-ups of round 28 give the answers of the plain computation they replace.

`regex_screen.fast_start` puts a look-ahead for a pattern's first characters in front of it: the
same matches at the same places. `units._NAME_RUN` reads a run of plain characters at once: the
same run as the alternation it replaces, pinyin notes included. `prose_model.indices` hashes every
feature afresh: the crc32 buckets, each once, in order. Every text here is invented.
"""

from __future__ import annotations

import random
import re
import zlib
from pathlib import Path

import pytest

from duban.extractors import regex_screen
from duban.extractors.prose_model import BUCKETS, indices
from duban.extractors.regex_screen import fast_start
from duban.extractors.units import _NAME_RUN, UnitFinder
from duban.rules.ruleset import load_rule_file

_TEXTS = [
    "县人民政府应当组织有关部门按照职责分工做好监督检查工作。",
    "市财政局、市审计局要于2024年6月底前完成专项资金清理；由市委组织部牵头制定考核办法。",
    "各乡镇（街道）、县直各单位务必高度重视，确保年底前全部整改到位，力争全年完成目标任务。",
    "会议要求，各地区各部门要把思想和行动统一到决策部署上来，一是要压实责任，二是要强化督查。",
    "截至目前，已完成整改问题18个，正在整改3个，尚未完成的问题将于下半年办结。",
    "（牵头单位：县发改局；配合单位：县财政局、县自然资源局）自本办法施行之日起30日内报送。",
    "的规定不得违反，任何单位和个人不得以任何理由拒绝；对违反本条例的，由县级以上人民政府责令改正。",
    "市委办：负责统筹协调；区政府督查室（dū chá）每月通报一次进展情况。",
    "",
]


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def test_a_pattern_opening_with_lookbehinds_gets_a_look_ahead_and_the_same_matches() -> None:
    pattern = re.compile("(?:(?<=政府|部门)组织|(?<![所存])在|^的|按照|由)")
    fast = fast_start(pattern)
    assert fast is not pattern and fast.pattern.startswith("(?=[")
    for text in _TEXTS:
        assert _spans(fast, text) == _spans(pattern, text)
        for pos in range(0, len(text), 7):
            plain, quick = pattern.match(text, pos), fast.match(text, pos)
            assert (plain and plain.span()) == (quick and quick.span())
    assert _spans(fast, "县人民政府组织检查，按照规定由县财政局在月底前办理") != []


def test_optional_openings_blanks_and_digits_are_first_characters_too() -> None:
    pattern = re.compile("(?:各|有关)?(?:省|市|县)(?:[（(][^）)]{1,6}[）)])|第?[一二三四]季度|\\s*\\d+年")
    fast = fast_start(pattern)
    assert fast is not pattern
    for text in [*_TEXTS, "各省（区、市）和市（州）要在第三季度前", "二季度、有关县（市） 2024年"]:
        assert _spans(fast, text) == _spans(pattern, text)


@pytest.mark.parametrize(
    "source",
    [
        "^(?:下一步|今后)[，,]?",  # anchored: `re` tries the start alone
        "要求|责成|希望",  # literal openings: `re` skips to them itself
        "(?<!主)[^，。]{2,8}要",  # a negated set may open: any character
        "[一-龥]{2,4}局",  # all Chinese characters may open: no screen
        "(?<=[，。])[要须]",  # a lookbehind turns positions away first, as cheaply
        "(?:未|没有)[^，]{0,6}传达|不再",  # every branch opens with a plain character
        "(?:^|[，。])x?",  # may match nothing at all
        "(?i)(?<=a)bc",  # case folded: not read
    ],
)
def test_patterns_without_a_telling_first_character_are_returned_as_they_are(source: str) -> None:
    pattern = re.compile(source)
    assert fast_start(pattern) is pattern


def test_without_the_regex_parser_no_look_ahead_is_added(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(regex_screen, "_PARSER", None)
    pattern = re.compile("(?<=政府)组织|按照")
    assert fast_start(pattern) is pattern


def test_every_rule_pattern_finds_the_same_matches_behind_its_look_ahead() -> None:
    rules_dir = Path(regex_screen.__file__).resolve().parents[1] / "rules"
    changed = 0
    for path in sorted(rules_dir.glob("*.yaml")):
        for rule in load_rule_file(path.stem).rules:
            fast = fast_start(rule.regex)
            changed += fast is not rule.regex
            for text in _TEXTS:
                assert _spans(fast, text) == _spans(rule.regex, text), rule.id
    assert changed >= 10  # the rule files hold many patterns that open with lookbehinds


def test_not_name_and_the_marker_rules_are_searched_behind_look_aheads() -> None:
    finder = UnitFinder.default()
    from duban.extractors import units

    assert units._NOT_NAME.pattern.startswith("(?=[")
    assert any(regex is not rule.regex for rule, regex, _, _ in finder._markers)
    assert finder.is_unit("县财政局") and not finder.is_unit("县财政局按照规定")


_OLD_NAME_RUN = re.compile(
    r"(?:[（(][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,8}[）)]|[\u4e00-\u9fa5（）()“”\"、□])+"
)


def test_the_name_run_reads_as_far_as_the_alternation_it_replaces() -> None:
    pieces = [
        "市",
        "局",
        "（",
        "）",
        "(",
        ")",
        "“",
        "”",
        '"',
        "、",
        "□",
        "，",
        "1",
        "a",
        "(jiān)",
        "（dǎng）",
        "(ab",
        "（x）",
    ]
    rng = random.Random(28)
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        for start in range(len(text)):
            for end in {len(text), max(start, len(text) - 3)}:
                old, new = _OLD_NAME_RUN.match(text, start, end), _NAME_RUN.match(text, start, end)
                assert (old and old.span()) == (new and new.span()), (text, start, end)


def test_feature_buckets_are_crc32_each_once_in_order() -> None:
    features = ["b2:全市", "c:推进", "dl", "b2:全市", "k:paragraph", "c:推进"]
    expected = sorted({zlib.crc32(f.encode("utf-8")) & (BUCKETS - 1) for f in features})
    assert indices(features) == expected and len(expected) == 4
    assert indices(iter(features)) == expected  # any iterable, read once
    assert indices([]) == []
