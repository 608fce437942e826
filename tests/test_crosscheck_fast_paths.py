"""The cross-check's faster paths give what the plain loops they replaced gave.

`_Side.of` builds its arrays from token ids with `np.unique`, the content index takes each
directive's shingles once with their first sentence (keyed by code, `_code`), and `candidates` visits only the indexed
shingles: each is compared here with the token-by-token (shingle-by-shingle) loop it replaced.
The texts are written for these tests.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import numpy as np
import pytest

from duban.pipeline.crosscheck_content import (
    MIN_PASSAGE,
    ContentIndex,
    K,
    _code,
    _Sentences,
    _shingle,
    background,
    boilerplate,
)
from duban.pipeline.crosscheck_measures import _Side, tokens

PLAN = (
    "青禾市水务局要在2025年底前完成城区老旧供水管网改造一百二十公里。"
    "建立水质检测季报制度，水质检测结果按季公开。"
    "城区老旧供水管网改造纳入年度考核；新建老年助餐点十四个。"
)
OTHER = "云岭县民政局要在2025年底前新建老年助餐点十四个，完成城区老旧供水管网改造一百二十公里。"
REPORT = "我县已完成城区老旧供水管网改造一百二十公里，新建老年助餐点十四个，水质检测结果按季公开。"


def side_by_loop(texts: list[tuple[str, ...]]) -> tuple[dict[str, int], list[int], list[int], list[float]]:
    """The arrays as `_Side.of` built them from each text's `Counter`, one token at a time."""
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    tf: list[float] = []
    for row, found in enumerate(Counter(text) for text in texts):
        for token, count in found.items():
            rows.append(row)
            cols.append(vocab.setdefault(token, len(vocab)))
            tf.append(1.0 if count == 1 else 1 + math.log(count))
    return vocab, rows, cols, tf


def test_side_from_token_ids_is_the_counter_loop() -> None:
    texts = [tokens(s) for s in (*PLAN.split("。"), REPORT, "")]
    # tokens repeated inside a text (`水质检测`) and across texts, an empty text, a first-seen token
    # coming after older ones in a later text: entry order and tf must all come out the same
    assert any(count > 1 for count in Counter(texts[1]).values())
    vocab, rows, cols, tf = side_by_loop(texts)
    side = _Side.of(texts)
    assert side.vocab == vocab and list(side.vocab) == list(vocab)
    assert side.rows.tolist() == rows and side.cols.tolist() == cols
    assert side.tf.tolist() == tf  # exactly: the same `math.log`
    assert side.df.tolist() == np.bincount(np.asarray(cols), minlength=len(vocab)).tolist()
    assert side.n == len(texts)


def test_side_of_nothing() -> None:
    side = _Side.of([])
    assert side.vocab == {} and side.n == 0 and len(side.rows) == len(side.tf) == 0


def shingles_of(parsed: _Sentences) -> set[str]:
    """A document's shingles, one slice at a time."""
    return {key[i : i + K] for key in parsed.keys for i in range(len(key) - K + 1)}


def test_first_codes_keep_each_shingle_first_sentence() -> None:
    parsed = _Sentences.of(PLAN)
    first: dict[str, int] = {}
    for index, key in enumerate(parsed.keys):
        for i in range(len(key) - K + 1):
            first.setdefault(key[i : i + K], index)
    found = parsed.first_codes()
    assert {_shingle(code): index for code, index in found.items()} == first
    assert found.keys() == parsed.codes() == {_code(s) for s in shingles_of(parsed)}
    assert found[_code("老旧供水管")] == 0  # also in the third sentence


def test_index_counts_a_directive_listed_twice_once() -> None:
    texts = {"plan": PLAN, "other": OTHER, "report": REPORT}
    once = ContentIndex(texts, ["plan", "other"])
    twice = ContentIndex(texts, ["plan", "other", "plan"])
    assert once.df == twice.df and once.df["老旧供水管"] == 3
    assert {s: dict(o) for s, o in once.where.items()} == {s: dict(o) for s, o in twice.where.items()}


def test_candidates_weigh_as_the_shingle_loop() -> None:
    texts = {"plan": PLAN, "other": OTHER, "report": REPORT}
    index = ContentIndex(texts, ["plan", "other"])
    count: Counter[str] = Counter()
    weight: defaultdict[str, float] = defaultdict(float)
    for shingle in shingles_of(index.docs["report"]) - boilerplate():
        for owner in index.where.get(shingle) or ():
            count[owner] += 1
            weight[owner] += index.idf(shingle) * background().weight(shingle)
    expected = {d: w for d, w in weight.items() if count[d] >= MIN_PASSAGE - K + 1}
    found = index.candidates("report")
    assert expected and found.keys() == expected.keys()
    assert all(found[d] == pytest.approx(w) for d, w in expected.items())
