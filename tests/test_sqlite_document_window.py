"""Document searches (`--docs`) in the SQLite store rank with FTS5's bm25 the newest
`RANK_WINDOW` matches the filters take and list the older ones after them, newest first, with a
filter or without one, as measure searches do: bm25 is not computed for every match taken (up to
10,001 long documents at a million measures). Totals still count every match taken, and every page
comes from that one order.

The store is small, so the window is made small here (`planner.RANK_WINDOW`, read at each
search); the scores expected are those each document gets when the window holds every match."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from duban.base.model import Deadline, Metadata, Unit
from duban.index import open_store
from duban.index.filters import Filters, parse_filters
from duban.index.sqlite import planner
from duban.index.store import Store
from duban.index.testing import Item, load, make_document

TOPIC = "燃气管网"
DOCUMENTS = 16
WINDOW = 3

# each filter takes some of the topic's documents, through each of the planner's ways: none, the
# document filters' rows, a unit's rows (`_UnitRows`), the doc_ids of the measures a deadline
# takes, and a unit beside a document filter
FILTERS = [
    Filters(),
    Filters(kind="policy"),
    Filters(unit="民政"),
    parse_filters(deadline_after="2021-06", deadline_before="2021-06"),
    Filters(unit="民政", kind="minutes"),
]


def _load(path: Path) -> None:
    """Documents 1 to 16, written in that order (the newest last) after 20 reports: the topic in
    a measure of each, repeated so that its bm25 rises and falls from one document to the next (an older
    document often scores above a newer one)."""
    with open_store(str(path)) as store:
        for i in range(DOCUMENTS + 4):  # four without the topic, so that its idf is not floored
            other = Metadata(f"示范市第{i + 1}号通报", "report", None, "示范市人民政府", "2021-01-01")
            load(store, make_document(f"r{i + 1}.txt", other, [Item(f"第{i + 1}批农村道路养护完成")]))
        for i in range(DOCUMENTS):
            meta = Metadata(
                f"示范市第{i + 1}号文件",
                "policy" if i % 2 else "minutes",
                None,
                "示范市人民政府",
                "2021-01-01",
            )
            repeats = 1 + (i * 5) % 4
            unit = Unit("市民政局" if i % 3 else "市交通局", "lead")
            due = [Deadline("2021年6月30日前", "absolute", due="2021-06-30")] if i % 4 else []
            items = [
                Item(f"第{i + 1}项工作按月通报", [Unit("市财政局", "co")]),
                Item(f"完成{TOPIC}改造第{i + 1}批" + f"，复查{TOPIC}" * (repeats - 1) + "。", [unit], due),
            ]
            load(store, make_document(f"d{i + 1}.txt", meta, items))


def _number(source: str) -> int:
    return int(re.findall(r"\d+", source)[0])


def _pages(store: Store, filters: Filters, size: int) -> list[tuple[str, float]]:
    listed: list[tuple[str, float]] = []
    for offset in range(0, DOCUMENTS + size, size):
        found = store.search(TOPIC, filters, target="documents", limit=size, offset=offset)
        listed += [(hit.doc_id, hit.score) for hit in found.hits]
    return listed


@pytest.mark.parametrize("filters", FILTERS)
def test_the_newest_window_taken_is_ranked_and_older_ones_follow_newest_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, filters: Filters
) -> None:
    path = tmp_path / "window.db"
    _load(path)
    with open_store(str(path)) as store:
        every = store.search(TOPIC, filters, target="documents", limit=50)
        scores = {hit.doc_id: hit.score for hit in every.hits}
        number = {hit.doc_id: _number(hit.source) for hit in every.hits}
        assert every.total == len(every.hits) > WINDOW + 1
        # with every match in the window, the order is bm25's (ties by row, the older first)
        assert list(scores) == sorted(scores, key=lambda doc: (-scores[doc], number[doc]))
        newest = sorted(scores, key=lambda doc: -number[doc])
        window = sorted(newest[:WINDOW], key=lambda doc: (-scores[doc], number[doc]))
        expected = [(doc, scores[doc]) for doc in window + newest[WINDOW:]]
        assert expected != [(hit.doc_id, hit.score) for hit in every.hits]  # the window changes it

        monkeypatch.setattr(planner, "RANK_WINDOW", WINDOW)
        found = store.search(TOPIC, filters, target="documents", limit=50)
        assert found.total == every.total
        assert [(hit.doc_id, hit.score) for hit in found.hits] == expected
        # pages cut anywhere, across the window's end too, list the same order
        for size in (1, 2, 4):
            assert _pages(store, filters, size) == expected, size


@pytest.mark.parametrize("filters", FILTERS)
def test_a_search_with_fewer_matches_than_the_window_ranks_them_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, filters: Filters
) -> None:
    """A window as wide as the matches taken gives what ranking every one gave: the same hits,
    order and scores, pages alike."""
    path = tmp_path / "whole.db"
    _load(path)
    with open_store(str(path)) as store:
        every = store.search(TOPIC, filters, target="documents", limit=50)
        monkeypatch.setattr(planner, "RANK_WINDOW", every.total)
        found = store.search(TOPIC, filters, target="documents", limit=50)
        expected = [(hit.doc_id, hit.score) for hit in every.hits]
        assert found.total == every.total
        assert [(hit.doc_id, hit.score) for hit in found.hits] == expected
        assert _pages(store, filters, 3) == expected


def test_pages_past_the_window_stop_at_the_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a filter, the older matches a page lists past the window stop where the total
    does (`TOTAL_CAP`): the newest that many matches, in the window's order, then newest first."""
    path = tmp_path / "cap.db"
    _load(path)
    with open_store(str(path)) as store:
        every = store.search(TOPIC, target="documents", limit=50)
        scores = {hit.doc_id: hit.score for hit in every.hits}
        number = {hit.doc_id: _number(hit.source) for hit in every.hits}
        newest = sorted(scores, key=lambda doc: -number[doc])
        monkeypatch.setattr(planner, "RANK_WINDOW", WINDOW)
        monkeypatch.setattr(planner, "TOTAL_CAP", 10)
        window = sorted(newest[:WINDOW], key=lambda doc: (-scores[doc], number[doc]))
        expected = [(doc, scores[doc]) for doc in window + newest[WINDOW:10]]
        assert store.search(TOPIC, target="documents", limit=50).total == 10
        assert _pages(store, Filters(), 4) == expected
