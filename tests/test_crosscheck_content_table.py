"""The content index's one table answers as its two tables did, keyed by codes standing for shingles.

The index used to hold each shingle's owners (`where`) and its document frequency (`df`) in two
dictionaries over the same millions of shingle strings; it now holds one dictionary keyed by a
shingle's code (`_code`, its UTF-16 units), whose owner records carry the count. Each test
rebuilds what the two tables said with the plain loops over shingle strings and compares. The texts
are written for these tests.
"""

from __future__ import annotations

from collections import Counter

from duban.pipeline.crosscheck_content import (
    ContentIndex,
    K,
    Passage,
    _code,
    _codes,
    _Many,
    _One,
    _OneShared,
    _shingle,
    background,
    boilerplate,
)
from tests.test_crosscheck_fast_paths import OTHER, PLAN, REPORT  # the fast paths' texts, two added

THIRD = "石泉镇建立水质检测季报制度，按月通报农村饮水安全工程运行情况。"
NEWS = "石泉镇按月通报农村饮水安全工程运行情况，群众反映良好。"
TEXTS = {"plan": PLAN, "other": OTHER, "third": THIRD, "report": REPORT, "news": NEWS}
DIRECTIVES = ["plan", "other", "third", "plan"]  # one listed twice counts once


def shingles(key: str) -> list[str]:
    return [key[i : i + K] for i in range(len(key) - K + 1)]


def two_tables(index: ContentIndex) -> tuple[dict[str, dict[str, int]], Counter[str]]:
    """`where` and `df` as the index built them before: a directive's first sentence holding each
    of its shingles, and how many documents hold each shingle some directive holds."""
    where: dict[str, dict[str, int]] = {}
    for doc_id in dict.fromkeys(DIRECTIVES):
        for sentence, key in enumerate(index.docs[doc_id].keys):
            for shingle in shingles(key):
                where.setdefault(shingle, {}).setdefault(doc_id, sentence)
    df: Counter[str] = Counter()
    for parsed in index.docs.values():
        df.update({s for key in parsed.keys for s in shingles(key)} & where.keys())
    return where, df


def test_one_table_answers_as_the_owners_and_the_counts_did() -> None:
    index = ContentIndex(TEXTS, DIRECTIVES)
    where, df = two_tables(index)
    assert {s: dict(owners) for s, owners in index.where.items()} == where
    assert dict(index.df) == dict(df) and len(index.df) == len(df)
    # every kind of record is there: one directive alone, one directive and other documents,
    # several directives (each counting the documents that hold the shingle)
    kinds = {type(owners) for owners in index.where.values()}
    assert kinds == {_One, _OneShared, _Many}
    assert type(index.where["农村饮水安"]) is _OneShared and index.df["农村饮水安"] == 2  # third, news
    assert type(index.where["水务局要在"]) is _One and index.df["水务局要在"] == 1
    assert type(index.where["水质检测季"]) is _Many and index.df["水质检测季"] == 2  # plan, third
    assert index.df["老旧供水管"] == 3 and dict(index.where["老旧供水管"]) == {"plan": 0, "other": 0}
    assert "我县已完成" not in index.where and index.df.get("我县已完成") is None
    n = len(TEXTS)
    for shingle, count in df.items():
        assert index.idf(shingle) == index._idf_of(max(count, 2))
    assert index.idf("我县已完成") == index._idf_of(2) and n == index.n


def test_codes_stand_for_their_shingles_one_to_one() -> None:
    # Chinese, Latin letters and digits, one beyond the basic plane (`𠮷`), a lone surrogate
    samples = ["老旧供水管", "2025年", "abc12", "𠮷野家在年", "\ud800abcd", "\ud800\udc00abc", "老旧供水网"]
    assert len({_code(s) for s in samples}) == len(samples)
    assert all(_shingle(_code(s)) == s for s in samples if "\ud800" not in s)
    assert len(_code("老旧供水管")) == 2 * K and len(_code("𠮷野家在年")) == 4 * K
    for key in ("城区老旧供水管网改造2025年", "吉𠮷野家在年底前完成", "短句", ""):
        assert _codes(key) == [_code(s) for s in shingles(key)]


def passages_by_strings(
    index: ContentIndex, follower: str, directive: str, shortest: int, skip: frozenset[str]
) -> list[Passage]:
    """`ContentIndex.passages` as it was written over shingle strings and the two tables."""
    common, formula = boilerplate(), background().weight
    parsed = index.docs[follower]
    out: list[Passage] = []
    for key, offsets in zip(parsed.keys, parsed.offsets, strict=True):
        held = shingles(key)
        sentences = [index.where[s].get(directive) if s in index.where else None for s in held]
        i = 0
        while i < len(held):
            sentence = sentences[i]
            if sentence is None:
                i += 1
                continue
            j = i
            while j + 1 < len(held) and sentences[j + 1] == sentence:
                j += 1
            distinct = [s for s in held[i : j + 1] if s not in common and s not in skip]
            if j - i + K >= shortest and distinct:
                weight = sum(index.idf(s) * formula(s) for s in distinct)
                end = offsets[j + K - 1] + 1
                out.append(Passage(sentence, offsets[i], end, len(distinct) + K - 1, weight))
            i = j + 1
    return out


def test_passages_weigh_as_the_shingle_strings_did() -> None:
    index = ContentIndex(TEXTS, DIRECTIVES)
    lookups = index.lookups("report")
    for directive in ("plan", "other", "third"):
        for shortest, skip in ((12, frozenset()), (6, frozenset({"老旧供水管", "水质检测结"}))):
            found = index.passages("report", directive, lookups, shortest, skip)
            assert found == passages_by_strings(index, "report", directive, shortest, skip)
    assert index.passages("report", "plan") and index.passages("report", "other", shortest=6)
