"""Many texts checked against a query are gated together (`matching.matching_texts`: each gate
string found in the texts joined, not a regular expression a text): the texts it keeps must be
exactly those `matcher(query)` accepts, for strict, relaxed and multi-term queries, with folded
variants (traditional characters, compatibility forms), alternatives (医保) and texts holding the
separator itself."""

from __future__ import annotations

import random

import pytest

from duban.index.analysis import Analyzer
from duban.index.sqlite import matching

PIECES = [
    "第三十四条",
    "第三",
    "十四",
    "四條",
    "㈢十四条",
    "人民政府",
    "人民",
    "政府",
    "市人民政府",
    "區人民政府",
    "直接责任人",
    "責任",
    "医疗保障",
    "医保",
    "燃气安全排查",
    "燃氣",
    "安全",
    "构成犯罪",
    "構成",
    "国家有关",
    "國家",
    "，",
    "。",
    "\x00",
    "A",
    "ａ",
    " ",
    "绿化",
    "年底前",
]
QUERIES = [
    "第三十四条",
    "人民政府",
    "直接责任人",
    "医保",
    "燃气安全排查",
    "构成犯罪 国家有关",
    "市 人民政府",
    "安全 年底前",
]


def _texts(seed: int, count: int) -> list[tuple[int, str]]:
    rng = random.Random(seed)
    return [(i, "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 12)))) for i in range(count)]


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("relaxed", [False, True])
def test_texts_gated_together_are_those_the_matcher_accepts(text: str, relaxed: bool) -> None:
    parsed = Analyzer(None).parse_query(text)
    query = parsed.relaxed() if relaxed else parsed
    if query is None:
        pytest.skip("nothing to relax")
    test = matching.matcher(query)
    for seed in range(20):
        rows = _texts(seed, 200)
        expected = {rowid: body for rowid, body in rows if test(body)}
        assert matching.matching_texts(query, rows) == expected, (text, relaxed, seed)
    assert any(matching.matching_texts(query, _texts(seed, 200)) for seed in range(20))


def test_few_texts_are_tested_one_by_one_with_the_same_answer() -> None:
    query = Analyzer(None).parse_query("第三十四条").relaxed()
    assert query is not None
    rows = _texts(7, matching.BATCH_TEXTS - 1)
    test = matching.matcher(query)
    assert matching.matching_texts(query, rows) == {rowid: body for rowid, body in rows if test(body)}


def test_a_text_is_found_by_its_offset_not_by_a_separator() -> None:
    """Texts holding the separator, empty texts, and a gate string at a text's very start and end."""
    rows = [
        (i, body)
        for i, body in enumerate(["", "\x00", "人民", "政府\x00人民", "x" * 5, "民政", "人", "民"] * 10)
    ]
    query = Analyzer(None).parse_query("人民政府").relaxed()
    assert query is not None
    test = matching.matcher(query)
    assert matching.matching_texts(query, rows) == {rowid: body for rowid, body in rows if test(body)}
