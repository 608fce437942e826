"""`benchmarks/crosscheck_reach_probe.py` loosens the cross-check where its settings are read: a
setting that did not reach the code would report "out of reach" for nothing. Each test restores
what it changed."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from benchmarks import crosscheck_reach_probe as probe
from duban.pipeline import crosscheck, crosscheck_content


@pytest.fixture
def restore() -> Iterator[None]:
    names = (*probe._SCORES, *probe._LENGTHS)
    saved = {name: getattr(crosscheck_content, name) for name in names}
    passages = crosscheck_content.ContentIndex.passages.__defaults__
    kept = (crosscheck.CONTENT_FILTERS, crosscheck._CONTENT_CANDIDATES, crosscheck.SHORT_PASSAGE)
    may_direct, one_way = crosscheck._may_direct, crosscheck._one_way
    yield
    for name, value in saved.items():
        setattr(crosscheck_content, name, value)
    crosscheck_content.ContentIndex.passages.__defaults__ = passages
    crosscheck.CONTENT_FILTERS, crosscheck._CONTENT_CANDIDATES, crosscheck.SHORT_PASSAGE = kept
    crosscheck._may_direct, crosscheck._one_way = may_direct, one_way


@pytest.mark.usefixtures("restore")
def test_scale_reaches_every_threshold_and_the_bound_lengths() -> None:
    link, passage = crosscheck_content.LINK_SCORE, crosscheck_content.MIN_PASSAGE
    probe.loosen("scale=0.5")
    assert link * 0.5 == crosscheck_content.LINK_SCORE
    assert max(4, int(passage * 0.5)) == crosscheck_content.MIN_PASSAGE
    defaults = crosscheck_content.ContentIndex.passages.__defaults__
    assert defaults is not None and defaults[1] == crosscheck_content.MIN_PASSAGE


@pytest.mark.usefixtures("restore")
def test_switches_change_what_the_cross_check_calls() -> None:
    applied = probe.loosen("filters=off, candidates=30,kinds=any,both_ways")
    assert applied == ["filters=off", "candidates=30", "kinds=any", "both_ways"]
    assert frozenset() == crosscheck.CONTENT_FILTERS
    assert crosscheck._CONTENT_CANDIDATES == 30
    # A pair linked both ways whose direction nothing decides: both kept (shipped: neither).
    forth, back = _link("d", "f"), _link("f", "d")
    assert crosscheck._one_way([forth, back], {}) == [forth, back]


def _link(directive: str, follower: str) -> Any:
    return SimpleNamespace(
        directive=SimpleNamespace(doc_id=directive), follower=SimpleNamespace(doc_id=follower)
    )


def test_as_shipped_a_two_way_pair_with_nothing_to_decide_is_dropped() -> None:
    """The counterpart that shows what `both_ways` changes."""
    assert crosscheck._one_way([_link("d", "f"), _link("f", "d")], {}) == []


@pytest.mark.usefixtures("restore")
def test_an_unknown_setting_is_refused() -> None:
    with pytest.raises(SystemExit):
        probe.loosen("thresholds=low")
