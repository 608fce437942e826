"""`benchmarks/progress_spans.py`: progress misses named by span shape. A statement the scorer
cannot match is either drawn too wide or too narrow around a gold statement, or lies apart from
any; the classifier must match as the shared scorer does (half of each side, one to one) and name
each unmatched side by its overlap. Texts written for the test."""

from __future__ import annotations

from collections import Counter

from benchmarks.progress_spans import Case, classify


def _shapes(cases: list[Case]) -> Counter[tuple[str, str]]:
    return Counter((c.side, c.shape) for c in cases)


def test_a_match_leaves_no_case() -> None:
    tp, cases = classify("d", ["新建公园两处"], ["新建公园两处。"])
    assert tp == 1 and cases == []


def test_a_prediction_holding_two_statements_is_too_long() -> None:
    gold = ["已修复堤坝三段", "已疏浚河道十二公里", "已加固泵站四座"]
    pred = ["已修复堤坝三段，已疏浚河道十二公里，已加固泵站四座"]
    tp, cases = classify("d", gold, pred)
    assert tp == 0
    # Each gold statement is under half of the prediction: none matches, all three are inside it.
    assert _shapes(cases) == Counter({("fn", "covered_by_longer"): 3, ("fp", "too_long"): 1})
    assert all(c.other == pred[0] for c in cases if c.side == "fn")


def test_pieces_of_one_statement_are_fragments() -> None:
    gold = ["督导组走访企业四十家，召开座谈会六场，收集意见一百余条"]
    pred = ["督导组走访企业四十家", "收集意见一百余条"]
    tp, cases = classify("d", gold, pred)
    assert tp == 0
    assert _shapes(cases) == Counter({("fn", "fragmented"): 1, ("fp", "fragment_of"): 2})


def test_a_second_match_for_a_taken_statement_is_a_duplicate() -> None:
    tp, cases = classify("d", ["整改完成九项"], ["整改完成九项", "整改完成九项。"])
    assert tp == 1
    assert _shapes(cases) == Counter({("fp", "duplicate"): 1})


def test_statements_apart_share_nothing() -> None:
    tp, cases = classify("d", ["路灯已全部更换"], ["农贸市场正在改造"])
    assert tp == 0
    assert _shapes(cases) == Counter({("fn", "no_overlap"): 1, ("fp", "no_overlap"): 1})
