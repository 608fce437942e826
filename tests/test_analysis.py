"""Query analysis: aliases, single characters kept, the relaxed query."""

from __future__ import annotations

import random

import pytest

from duban.index.analysis import Analyzer, expand_aliases


def test_aliases_expand_both_ways() -> None:
    pairs = [("发改委", "发展改革委")]
    assert expand_aliases("市发改委", pairs) == ("市发展改革委",)
    assert expand_aliases("市发展改革委", pairs) == ("市发改委",)
    assert expand_aliases("财政局", pairs) == ()


def test_single_characters_no_longer_word_covers_stay_in_the_query() -> None:
    term = Analyzer().parse_query("缓缴社保").terms[0]
    assert {"社保", "缓", "缴"} <= set(term.words)
    assert "缓缴社会保险" in term.alternatives


def test_relaxed_query_takes_any_word() -> None:
    query = Analyzer().parse_query("森林防火")
    relaxed = query.relaxed()
    assert relaxed is not None and relaxed.any_term
    assert {t.run for t in relaxed.terms} == {"森林", "防火"}
    assert Analyzer().parse_query("约谈").relaxed() is None


def test_relaxed_search_finds_a_differently_worded_measure(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from duban.index import open_store
    from duban.pipeline.extract import extract_file

    path = tmp_path / "notice.txt"
    path.write_text(
        "一、各乡镇要于3月底前完成森林防灭火隐患排查整治。（牵头单位：县应急管理局）", encoding="utf-8"
    )
    doc = extract_file(path)
    with open_store(f"sqlite:///{tmp_path / 'i.db'}") as store:
        store.write(doc, doc.doc_id)
        strict = store.search("森林防灭火")
        relaxed = store.search("森林防火")
    assert strict.hits and strict.hits[0].exact
    assert relaxed.hits and not relaxed.hits[0].exact
    assert "森林防灭火" in relaxed.hits[0].text


def test_folding_character_by_character_matches_the_whole_table() -> None:
    from duban.index.analysis import _FOLDED_RANGES, _fold_table, _FoldMemo

    every = "".join(chr(code) for start, end in _FOLDED_RANGES for code in range(start, end))
    every += "".join(chr(code) for code in range(0x10000, 0x30000, 7))
    assert every.translate(_FoldMemo()) == every.translate(_fold_table())


@pytest.mark.parametrize(
    "text",
    [
        "市發展改革委（牵头）負責ＡＢＣ，年底前完成。",
        "⾞車车，⾨門",  # a radical folds to a traditional form that folds again: not replaced in turn
        "⾞辆管理",
        "纯简体文字没有要变的字",
        "ﬁ紀委①Ｘİ㈱",
        "",
    ],
)
def test_fold_replacing_changed_characters_is_the_per_character_mapping(text: str) -> None:
    """`fold` replaces only the characters that change, one after another: the same text as
    mapping every character (simplified, then NFKC and lower case), even where a replacement
    brings in a character that would itself change."""
    from duban.base.script import to_simplified
    from duban.index.analysis import _FoldMemo, fold

    assert fold(text) == to_simplified(text).translate(_FoldMemo())


def test_fold_keeps_offsets_of_characters_that_expand() -> None:
    from duban.index.analysis import fold, fold_with_offsets

    folded, offsets = fold_with_offsets("ﬁ紀委①Ｘ")
    assert folded == fold("ﬁ紀委①Ｘ") == "fi纪委1x"
    assert list(offsets) == [0, 0, 1, 2, 3, 4]


def test_the_fold_table_holds_exactly_the_characters_folding_changes() -> None:
    """The table is built block by block, skipping blocks NFKC and lower case leave as they are:
    it must list the same characters, with the same folds, as reading every code point."""
    from duban.index.analysis import _FOLDED_RANGES, _fold_char, _fold_table

    every = {
        code: _fold_char(code)
        for start, end in _FOLDED_RANGES
        for code in range(start, end)
        if _fold_char(code) != chr(code)
    }
    assert _fold_table() == every
    assert 0x212B in every and 0xFF21 in every  # Å sign (a singleton), fullwidth Ａ


FOLD_PIECES = [
    "市發展改革委",
    "…",
    "⑴",
    "ﬁ",
    "紀委",
    "①",
    "Ｘ",
    "İ",
    "㈱",
    "𠀀",
    "𝐀",
    "，",
    "纯简体",
    "ABC",
    " ",
]


@pytest.mark.parametrize("seed", range(6))
def test_long_texts_fold_and_keep_offsets_as_short_ones_do(seed: int) -> None:
    """A text of `DISTINCT_BY_ARRAY` characters or more has its characters found by an array,
    not by `set`, and its offsets made run by run: the fold must still be the per-character
    mapping, and each character's folded characters must point back to it, in order."""
    from duban.base.script import to_simplified
    from duban.index.analysis import DISTINCT_BY_ARRAY, _FoldMemo, distinct, fold, fold_with_offsets

    rng = random.Random(seed)
    size = rng.choice([DISTINCT_BY_ARRAY // 8, DISTINCT_BY_ARRAY * 3])
    text = "".join(rng.choice(FOLD_PIECES) for _ in range(size))
    assert distinct(text) == set(text)
    folded, offsets = fold_with_offsets(text)
    assert folded == fold(text) == to_simplified(text).translate(_FoldMemo())
    assert len(offsets) == len(folded)
    back: dict[int, str] = {}
    for ch, at in zip(folded, offsets, strict=True):
        back[at] = back.get(at, "") + ch
    assert list(offsets) == sorted(offsets)
    assert all(back.get(i, "") == fold(text[i]) for i in range(len(text)))
