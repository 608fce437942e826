"""The content index keeps its postings compact without changing what they say.

A shingle only one directive holds (three in four over a real collection) is kept as `_One`, not as
a dict of one entry, and each sentence's character offsets as an array; every lookup answers as
the dict and list did. The texts are written for these tests.
"""

from __future__ import annotations

from array import array

import pytest

from duban.pipeline.crosscheck_content import ContentIndex, K, _One

FIRST = "青禾市水务局要在2025年底前完成城区老旧供水管网改造一百二十公里。建立水质检测季报制度。"
SECOND = "云岭县民政局要在2025年底前完成城区老旧供水管网改造一百二十公里。新建老年助餐点十四个。"
REPORT = "我县已完成城区老旧供水管网改造一百二十公里，新建老年助餐点十四个。"


def test_one_owner_answers_as_a_dict_of_one_entry() -> None:
    one, same = _One("d1", 3), {"d1": 3}
    for key in ("d1", "d2"):
        assert one.get(key) == same.get(key)
        assert one.get(key, -1) == same.get(key, -1)
        assert (key in one) == (key in same)
    assert len(one) == len(same) == 1 and list(one) == list(same) and dict(one) == same
    assert one["d1"] == 3 and list(one.keys()) == ["d1"] and list(one.items()) == [("d1", 3)]
    with pytest.raises(KeyError):
        one["d2"]


def owners(index: ContentIndex, shingle: str) -> dict[str, int] | None:
    found = index.where.get(shingle)
    return None if found is None else dict(found)


def test_postings_say_which_directives_hold_a_shingle_and_where() -> None:
    texts = {"a": FIRST, "b": SECOND, "r": REPORT}
    index = ContentIndex(texts, ["a", "b"])
    shared = "老旧供水管"  # in both directives' first sentence
    alone = "水质检测季"  # only in the first directive's second sentence
    assert len(shared) == len(alone) == K
    assert owners(index, shared) == {"a": 0, "b": 0} and isinstance(index.where[shared], dict)
    assert owners(index, alone) == {"a": 1} and isinstance(index.where[alone], _One)
    assert owners(index, "我县已完成") is None  # the report is no directive
    assert index.df[shared] == 3 and index.df[alone] == 1  # the report holds the shared run too
    parsed = index.docs["r"]
    assert all(isinstance(offsets, array) for offsets in parsed.offsets)
    passages = index.passages("r", "b")
    assert passages and all(REPORT[p.follower_start : p.follower_end] in SECOND for p in passages)
    assert {p.sentence for p in passages} == {0}  # the directive's first sentence
    assert index.candidates("r").keys() == {"a", "b"}
