"""A follower linked to the candidate it shares by far the most rare text with.

A news item announcing a regulation restates its terms in scattered words, so no passage or
sentence threshold is met; the candidate it shares far more rare wording with than with any other,
the directive's title words left out, is kept when the follower speaks of one of its sentences.

Every document here is written for these tests.
"""

from __future__ import annotations

import pytest

from duban.pipeline.crosscheck_content import (
    CLEAR_MARGIN,
    CLEAR_WEIGHT,
    ContentIndex,
    ContentMatch,
    Passage,
    clear_candidate,
)


def near(directive: str, sentences: int = 1) -> ContentMatch:
    """A sentence match below every threshold."""
    return ContentMatch(directive, 4.0, (Passage(0, 3, 15, 12, 4.0),), sentences)


def test_the_heaviest_candidate_by_far_is_kept_with_its_weight_as_score() -> None:
    weights = {"A": CLEAR_WEIGHT + 5, "B": (CLEAR_WEIGHT + 5) / (CLEAR_MARGIN + 0.5)}
    best = clear_candidate([near("B"), near("A")], weights)
    assert best is not None and best.directive == "A" and best.score == CLEAR_WEIGHT + 5


@pytest.mark.parametrize(
    ("weights", "sentences"),
    [
        ({"A": CLEAR_WEIGHT - 1}, 1),  # too little shared
        ({"A": 30.0, "B": 30.0 / CLEAR_MARGIN + 1}, 1),  # a runner-up too close
        ({"A": 30.0}, 0),  # no directive sentence spoken of: an echoed paragraph only
    ],
)
def test_nothing_is_kept_without_a_clear_heavy_candidate(weights: dict[str, float], sentences: int) -> None:
    assert clear_candidate([near(d, sentences) for d in weights], weights) is None


def test_title_words_do_not_weigh() -> None:
    directive = "乌溪河湿地候鸟栖息地保护条例。第一条 禁止在候鸟迁徙通道架设捕鸟网具并设置夜间照明诱捕设施。"
    follower = "会议指出，乌溪河湿地候鸟栖息地保护事关长远。要严禁在候鸟迁徙通道架设捕鸟网具。"
    other = "县城主干道路灯改造工程计划于明年春季完成全部施工任务并交付使用。"
    index = ContentIndex({"D": directive, "F": follower, "O": other}, ["D", "O"])
    theme = frozenset(
        "乌溪河湿地候鸟栖息地保护条例"[i : i + 5] for i in range(len("乌溪河湿地候鸟栖息地保护条例") - 4)
    )
    full = index.shared_weight("F", "D")
    bare = index.shared_weight("F", "D", theme)
    assert full > bare > 0
    assert index.shared_weight("F", "O") == 0.0
